import { authenticationOptions, credentialIdOf, registrationOptions, verifyAuthentication, verifyRegistration, type PasskeyAuthenticationOptions, type PasskeyRegistrationOptions } from '../auth/passkeys';
import { sha256Hex } from '../lib/hash';
import type { Subject } from '../db/repositories/auth';
import type { TenantDb } from '../db/tenant';

/** Challenges live 5 minutes and are used once; they are stored by their hash, like every token. */
const CHALLENGE_MINUTES = 5;

async function storeChallenge(tdb: TenantDb, purpose: 'passkey-register' | 'passkey-login', challenge: string, subject: Subject | null, now: Date): Promise<void> {
  await tdb.tokens.create({
    id: await sha256Hex(challenge), purpose, subjectType: subject?.type ?? 'customer', subjectId: subject?.id ?? '',
    data: { challenge }, createdAt: now, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
}

/** The challenge the browser signed, read from its clientDataJSON (still to be verified). */
function signedChallenge(response: unknown): string | null {
  try {
    const data = (response as { response?: { clientDataJSON?: unknown } }).response?.clientDataJSON;
    if (typeof data !== 'string' || data.length > 4096) return null;
    const json = JSON.parse(atob(data.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (data.length % 4)) % 4))) as { challenge?: unknown };
    return typeof json.challenge === 'string' ? json.challenge : null;
  } catch {
    return null;
  }
}

/** Uses up a challenge of this purpose; the one winner gets it back. */
async function takeChallenge(tdb: TenantDb, purpose: string, response: unknown, now: Date, subject?: Subject): Promise<string | null> {
  const challenge = signedChallenge(response);
  if (!challenge) return null;
  const row = await tdb.tokens.find(await sha256Hex(challenge));
  if (!row || row.purpose !== purpose || (subject && (row.subjectType !== subject.type || row.subjectId !== subject.id))) return null;
  return (await tdb.tokens.consume(row.id, now)) ? challenge : null;
}

export interface Relying {
  rpId: string;
  origin: string;
  rpName: string;
}

export async function startRegistration(tdb: TenantDb, rp: Relying, subject: Subject, person: { name: string; displayName: string }, now: Date): Promise<PasskeyRegistrationOptions> {
  const existing = await tdb.factors.passkeys(subject);
  const options = await registrationOptions({ rpName: rp.rpName, rpId: rp.rpId, user: { id: subject.id, name: person.name, displayName: person.displayName }, existing: existing.map((p) => ({ id: p.id, transports: p.transports })) });
  await storeChallenge(tdb, 'passkey-register', options.challenge, subject, now);
  return options;
}

export async function finishRegistration(tdb: TenantDb, rp: Relying, subject: Subject, response: unknown, name: string, now: Date): Promise<{ ok: true; name: string } | { ok: false; reason: string }> {
  const challenge = await takeChallenge(tdb, 'passkey-register', response, now, subject);
  if (!challenge) return { ok: false, reason: 'the request expired or was already used' };
  const result = await verifyRegistration({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRpId: rp.rpId });
  if (!result.ok) return result;
  if (await tdb.factors.findPasskey(result.credential.id)) return { ok: false, reason: 'this passkey is already registered' };
  const kept = name.trim().slice(0, 60) || 'Passkey';
  await tdb.factors.addPasskey({ id: result.credential.id, subjectType: subject.type, subjectId: subject.id, publicKey: result.credential.publicKey, counter: result.credential.counter, transports: result.credential.transports, name: kept, createdAt: now });
  return { ok: true, name: kept };
}

export async function startAuthentication(tdb: TenantDb, rp: Relying, now: Date): Promise<PasskeyAuthenticationOptions> {
  const options = await authenticationOptions({ rpId: rp.rpId });
  await storeChallenge(tdb, 'passkey-login', options.challenge, null, now);
  return options;
}

/** Verifies a passkey sign-in; returns whose passkey it was. */
export async function finishAuthentication(tdb: TenantDb, rp: Relying, response: unknown, now: Date): Promise<{ ok: true; subject: Subject } | { ok: false; reason: string }> {
  const id = credentialIdOf(response);
  const stored = id ? await tdb.factors.findPasskey(id) : undefined;
  if (!stored) return { ok: false, reason: 'unknown passkey' };
  const challenge = await takeChallenge(tdb, 'passkey-login', response, now);
  if (!challenge) return { ok: false, reason: 'the request expired or was already used' };
  const result = await verifyAuthentication({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRpId: rp.rpId, credential: stored });
  if (!result.ok) return result;
  await tdb.factors.usePasskey(stored.id, result.newCounter, now);
  return { ok: true, subject: { type: stored.subjectType, id: stored.subjectId } };
}

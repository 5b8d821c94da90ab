import { qrSvg } from '../auth/qr';
import { generateRecoveryCodes, hashRecoveryCode, matchRecoveryCode } from '../auth/recovery-codes';
import { sha256Hex } from '../lib/hash';
import { generateTotpSecret, totpUri, verifyTotp } from '../auth/totp';
import type { Subject } from '../db/repositories/auth';
import type { SignInSettings } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { newId } from '../lib/ids';
import { CODE_HIDDEN } from '../domain/sensitive-messages';
import { decryptString, encryptString, type DataKeys } from '../lib/secrets';
import { SmsRecipientOptedOutError } from '../integrations/sms/twilio';
import { queueEmail, queueSecurityNotice, sendText, type EmailQueueDeps, type TextDeps } from './notifications';
import type { Tenant } from '../db/schema';
import type { ThrottleRule, ThrottleStore } from '../db/throttles';

export interface Factors {
  totp: boolean;
  passkeys: number;
  recoveryLeft: number;
  /** A verified number for text-message codes (customers only). */
  phone: string | null;
  /** That number replied STOP to our texts: no code can reach it until it replies START. */
  phoneOptedOut: boolean;
}

export type ChallengeMethod = 'totp' | 'passkey' | 'sms' | 'email' | 'recovery';

export async function factorsOf(tdb: TenantDb, s: Subject): Promise<Factors> {
  const [totp, passkeys, codes, customer] = await Promise.all([
    tdb.factors.totp(s), tdb.factors.passkeys(s), tdb.factors.unusedRecoveryHashes(s), s.type === 'customer' ? tdb.customers.find(s.id) : undefined,
  ]);
  const phone = customer?.mfaPhone ?? null;
  return { totp: !!totp?.confirmedAt, passkeys: passkeys.length, recoveryLeft: codes.length, phone, phoneOptedOut: !!phone && !!(await tdb.sms.optOutOf(phone)) };
}

/** Agents always need a second factor; borrowers when the lender requires it or they set one up. */
export function secondFactorNeeded(settings: SignInSettings, factors: Factors, subject: Subject): boolean {
  if (subject.type === 'agent' || settings.mfa === 'required') return true;
  return settings.mfa === 'optional' && (factors.totp || factors.passkeys > 0 || (!!factors.phone && settings.methods.includes('sms')));
}

/**
 * What a person can use at the second step, within the lender's allowed methods. An emailed code is
 * only for people without a stronger factor they can use (otherwise whoever holds the mailbox could
 * reset the password and then pass the second step too); someone with no usable factor gets it
 * regardless, as everyone has an email address. A lost phone is what recovery codes are for; a
 * phone that replied STOP cannot receive codes (the carrier blocks our number for it), so texts are
 * not offered to it and, when it was the only factor, the emailed code takes its place.
 */
export function challengeMethods(settings: SignInSettings, factors: Factors): ChallengeMethod[] {
  const methods: ChallengeMethod[] = [];
  if (factors.totp && settings.methods.includes('totp')) methods.push('totp');
  if (factors.passkeys > 0 && settings.methods.includes('passkey')) methods.push('passkey');
  if (factors.phone && !factors.phoneOptedOut && settings.methods.includes('sms')) methods.push('sms');
  if (methods.length === 0) methods.push('email');
  if (factors.recoveryLeft > 0) methods.push('recovery');
  return methods;
}

const totpContext = (tdb: TenantDb, s: Subject) => `${tdb.tenantId}:${s.type}:${s.id}:totp`;

/** Starts authenticator-app enrolment: a new secret, stored encrypted until confirmed with a code. */
export async function beginTotp(tdb: TenantDb, keys: DataKeys, s: Subject, now: Date): Promise<void> {
  const secret = generateTotpSecret();
  await tdb.factors.saveTotp(s, await encryptString(keys, secret, totpContext(tdb, s)), now);
}

/** The pending secret as a QR code and as text, for the enrolment page. */
export async function pendingTotp(tdb: TenantDb, keys: DataKeys, s: Subject, label: { issuer: string; account: string }): Promise<{ secret: string; qr: string } | null> {
  const row = await tdb.factors.totp(s);
  if (!row || row.confirmedAt) return null;
  const secret = await decryptString(keys, row.secretEncrypted, totpContext(tdb, s));
  return { secret, qr: qrSvg(totpUri(secret, label), { label: `QR code for ${label.issuer}: scan it with your authenticator app` }) };
}

/**
 * Checks an authenticator code. `confirming` accepts the pending secret (enrolment); otherwise only
 * a confirmed one. A time step is accepted once, whatever happens concurrently.
 */
export async function checkTotp(tdb: TenantDb, keys: DataKeys, s: Subject, code: string, now: Date, confirming = false): Promise<'ok' | 'wrong' | 'reused'> {
  const row = await tdb.factors.totp(s);
  if (!row || (confirming ? !!row.confirmedAt : !row.confirmedAt)) return 'wrong';
  const secret = await decryptString(keys, row.secretEncrypted, totpContext(tdb, s));
  const result = verifyTotp(secret, code, { now, lastUsedStep: row.lastUsedStep });
  if (!result.ok) return result.reason === 'reused' ? 'reused' : 'wrong';
  return (await tdb.factors.useTotpStep(s, result.step, now, confirming)) ? 'ok' : 'reused';
}

/** New recovery codes (shown once), replacing any earlier ones. */
export async function issueRecoveryCodes(tdb: TenantDb, s: Subject, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes(10);
  await tdb.factors.replaceRecoveryCodes(s, await Promise.all(codes.map(hashRecoveryCode)), now);
  return codes;
}

export async function useRecoveryCode(tdb: TenantDb, s: Subject, input: string, now: Date): Promise<boolean> {
  const hashes = await tdb.factors.unusedRecoveryHashes(s);
  const index = await matchRecoveryCode(input, hashes);
  return index >= 0 && (await tdb.factors.useRecoveryCode(s, hashes[index]!, now));
}

export const EMAIL_CODE_MINUTES = 10;
export const EMAIL_CODE_ATTEMPTS = 5;

const codeHash = (tokenId: string, code: string) => sha256Hex(`${tokenId}:${code}`);

/** Emails a 6-digit sign-in code (sealed in the queue); a new code voids the earlier ones. */
export async function sendEmailCode(tdb: TenantDb, deps: EmailQueueDeps, s: Subject, to: { email: string; name: string }, now: Date): Promise<void> {
  const { code } = await issueCode(tdb, s, 'mfa-email', null, now);
  await queueEmail(deps, { id: newId(), tenantId: tdb.tenantId, to: to.email, ...(s.type === 'customer' ? { customerId: s.id } : {}), template: 'sign-in-code', data: { name: to.name, minutes: EMAIL_CODE_MINUTES }, secret: { code } });
}

export type CodePurpose = 'mfa-email' | 'mfa-sms' | 'email-change' | 'phone-verify';
export type CodeCheck = { ok: true; data: Record<string, string> } | { ok: false; reason: 'wrong' | 'exhausted' | 'none' };

const newCode = () => String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, '0');

/** A fresh 6-digit code for a purpose (earlier ones are void); returns the code to deliver. */
async function issueCode(tdb: TenantDb, s: Subject, purpose: CodePurpose, data: Record<string, string> | null, now: Date): Promise<{ code: string; tokenId: string }> {
  await tdb.tokens.voidOpen(s, purpose, now);
  const code = newCode();
  const tokenId = newId();
  await tdb.tokens.create({ id: tokenId, purpose, subjectType: s.type, subjectId: s.id, secretHash: await codeHash(tokenId, code), data, createdAt: now, expiresAt: new Date(now.getTime() + EMAIL_CODE_MINUTES * 60_000) });
  return { code, tokenId };
}

/**
 * Checks a code sent by email or text. Every guess is counted before it is compared, in one
 * statement, so a burst of parallel guesses cannot exceed the cap.
 */
export async function checkCode(tdb: TenantDb, s: Subject, purpose: CodePurpose, code: string, now: Date): Promise<CodeCheck> {
  const token = await tdb.tokens.latestOpen(s, purpose, now);
  if (!token) return { ok: false, reason: 'none' };
  if (!(await tdb.tokens.countAttempt(token.id, EMAIL_CODE_ATTEMPTS))) return { ok: false, reason: 'exhausted' };
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits) || (await codeHash(token.id, digits)) !== token.secretHash) return { ok: false, reason: 'wrong' };
  return (await tdb.tokens.consume(token.id, now)) ? { ok: true, data: token.data ?? {} } : { ok: false, reason: 'wrong' };
}

/**
 * The phone replied STOP to our texts (on our list, or the provider refused the send for it): no
 * code is sent. `message` says so to the person, with what to do about it.
 */
export class SmsOptedOutError extends Error {
  override name = 'SmsOptedOutError';
  constructor(readonly phone: string, readonly replyNumber: string | null) {
    super(`This phone replied STOP to our texts. Reply START to ${replyNumber ?? 'the number our texts come from'} to receive codes again, or use another method.`);
  }
}

/**
 * Texts a 6-digit code (sign-in, or proving a new number is theirs). Sent at once, not queued: a
 * code is only worth something for minutes, and the person can ask for another.
 * Throws SmsOptedOutError, sending nothing, to a phone that replied STOP; when the provider is the
 * first to say so (Twilio 21610), the phone goes on the opt-out list for next time.
 */
export async function sendSmsCode(tdb: TenantDb, deps: TextDeps, s: Subject, purpose: 'mfa-sms' | 'phone-verify', phone: string, portalName: string, now: Date): Promise<void> {
  const optedOut = await tdb.sms.optOutOf(phone);
  if (optedOut) throw new SmsOptedOutError(phone, optedOut.toNumber);
  const { code, tokenId } = await issueCode(tdb, s, purpose, { phone }, now);
  const text = (shown: string) => `${shown} is your ${portalName} ${purpose === 'mfa-sms' ? 'sign-in' : 'verification'} code. It expires in ${EMAIL_CODE_MINUTES} minutes.`;
  try {
    // The thread keeps the text with the code hidden: only the phone gets the code.
    await sendText(tdb, deps, { customerId: s.type === 'customer' ? s.id : null, to: phone, body: text(code), kept: text(CODE_HIDDEN), idempotencyKey: tokenId, now });
  } catch (err) {
    if (!(err instanceof SmsRecipientOptedOutError)) throw err;
    await tdb.sms.recordOptOut(phone, 'twilio-21610', now, err.replyNumber);
    throw new SmsOptedOutError(phone, err.replyNumber);
  }
}

/**
 * Email-change codes sent: five an hour per person, and twenty an hour per IP, counted on every
 * send whether or not the password was right before (a right password does not reset them).
 */
export const emailChangeRules = {
  account: { limit: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 } satisfies ThrottleRule,
  ip: { limit: 20, windowMs: 60 * 60_000, lockMs: 60 * 60_000 } satisfies ThrottleRule,
};

/**
 * Starts a borrower's email change (after their password was checked): a code to the new
 * address, which proves it is theirs. The answer is the same whether or not another sign-in
 * already uses the address: a code is issued either way, and when the address is taken its owner
 * is told by email instead (no code goes to them), so the person asking learns nothing and the
 * confirmation can never succeed. Limited per person and per IP before anything is sent.
 */
export async function requestEmailChange(
  tdb: TenantDb,
  deps: EmailQueueDeps & { throttles: ThrottleStore },
  tenant: Pick<Tenant, 'id' | 'slug' | 'timeZone' | 'settings'>,
  input: { customer: { id: string; firstName: string; lastName: string }; newEmail: string; ip: string },
  now: Date,
): Promise<{ kind: 'sent' } | { kind: 'locked'; retryAfterSeconds: number }> {
  // A request the person's own limit refuses does not use up the address's allowance, nor the other way round.
  const accountKey = `email-change:account:${tdb.tenantId}:${input.customer.id}`;
  const accountWait = await deps.throttles.attempt(accountKey, emailChangeRules.account, now);
  if (accountWait > 0) return { kind: 'locked', retryAfterSeconds: accountWait };
  const ipWait = await deps.throttles.attempt(`email-change:ip:${input.ip}`, emailChangeRules.ip, now);
  if (ipWait > 0) {
    await deps.throttles.refund(accountKey);
    return { kind: 'locked', retryAfterSeconds: ipWait };
  }
  const s: Subject = { type: 'customer', id: input.customer.id };
  const { code } = await issueCode(tdb, s, 'email-change', { email: input.newEmail }, now);
  const holder = await tdb.customers.findByUsername(input.newEmail);
  if (holder && holder.id !== input.customer.id) {
    await queueSecurityNotice(tdb, deps, tenant, { subject: { type: 'customer', id: holder.id }, change: 'email-in-use', now, to: input.newEmail });
    return { kind: 'sent' };
  }
  const name = `${input.customer.firstName} ${input.customer.lastName}`;
  await queueEmail(deps, { id: newId(), tenantId: tdb.tenantId, to: input.newEmail, customerId: s.id, template: 'email-change-code', data: { name, minutes: EMAIL_CODE_MINUTES }, secret: { code } });
  return { kind: 'sent' };
}

/** Confirms an email change with its code; returns the new address when it worked. */
export async function confirmEmailChange(tdb: TenantDb, s: Subject, code: string, now: Date): Promise<{ ok: true; email: string } | { ok: false; reason: 'wrong' | 'exhausted' | 'none' }> {
  const result = await checkCode(tdb, s, 'email-change', code, now);
  if (!result.ok) return result;
  return result.data.email ? { ok: true, email: result.data.email } : { ok: false, reason: 'none' };
}

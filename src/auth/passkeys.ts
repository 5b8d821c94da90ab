import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';

/**
 * WebAuthn (passkeys), the only module that imports @simplewebauthn/server.
 *
 * The relying party is the tenant's own host (demo.example.com, demo.localhost), taken from the
 * request URL the host built from the Host header, never from the request body: a passkey made on
 * one tenant's portal can never be used on another's. Everything here works on Workers and Node
 * (WebCrypto only). Verification never throws: a forged or malformed body is `{ ok: false }`.
 */

export type PasskeyRegistrationOptions = PublicKeyCredentialCreationOptionsJSON;
export type PasskeyAuthenticationOptions = PublicKeyCredentialRequestOptionsJSON;

export interface StoredPasskey {
  /** Credential id, base64url (the passkeys.id column). */
  id: string;
  /** COSE public key, base64url (the passkeys.public_key column). */
  publicKey: string;
  counter: number;
  transports: string[];
}

export type RegistrationResult = { ok: true; credential: StoredPasskey } | { ok: false; reason: string };
export type AuthenticationResult = { ok: true; newCounter: number } | { ok: false; reason: string };

/** The RP ID: the tenant's hostname, without port. */
export function rpIdFor(url: URL): string {
  return url.hostname;
}

/** The origin the browser reports in clientDataJSON (scheme, host and port). */
export function originFor(url: URL): string {
  return url.origin;
}

const TRANSPORTS: ReadonlySet<string> = new Set(['ble', 'hybrid', 'internal', 'nfc', 'usb']);

/** Only transports WebAuthn knows; anything else (the browser's report is untrusted input) is dropped. */
function knownTransports(list: unknown): AuthenticatorTransport[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return [...new Set(list.filter((t): t is AuthenticatorTransport => typeof t === 'string' && TRANSPORTS.has(t)))];
}

function descriptors(list: readonly { id: string; transports?: string[] | null }[]) {
  return list.map((c) => {
    const transports = knownTransports(c.transports);
    return transports && transports.length > 0 ? { id: c.id, transports } : { id: c.id };
  });
}

/**
 * Options for navigator.credentials.create(). `user.id` is the opaque, stable account id (not the
 * email: the authenticator stores it and hands it back as the user handle); `existing` are the
 * person's passkeys already registered, so the same authenticator is not registered twice.
 * The caller keeps `challenge` server-side (bound to the session) for verifyRegistration.
 */
export async function registrationOptions(input: {
  rpName: string;
  rpId: string;
  user: { id: string; name: string; displayName: string };
  existing: { id: string; transports?: string[] | null }[];
}): Promise<PasskeyRegistrationOptions> {
  const userID = isoUint8Array.fromUTF8String(input.user.id);
  // WebAuthn limits the user handle to 1..64 bytes; browsers refuse anything else.
  if (userID.length < 1 || userID.length > 64) throw new Error('passkey user id must be 1 to 64 bytes');
  return generateRegistrationOptions({
    rpName: input.rpName,
    rpID: input.rpId,
    userID,
    userName: input.user.name,
    userDisplayName: input.user.displayName,
    attestationType: 'none',
    excludeCredentials: descriptors(input.existing),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** Options for navigator.credentials.get(); no `allow` (or an empty one) asks for a discoverable passkey. */
export async function authenticationOptions(input: { rpId: string; allow?: { id: string; transports?: string[] | null }[] }): Promise<PasskeyAuthenticationOptions> {
  return generateAuthenticationOptions({
    rpID: input.rpId,
    allowCredentials: input.allow && input.allow.length > 0 ? descriptors(input.allow) : [],
    userVerification: 'preferred',
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** A structural check before the library sees the body, so garbage gets a plain reason. */
function looksLikeCredential(value: unknown, field: 'attestationObject' | 'authenticatorData'): value is Record<string, unknown> {
  if (!isRecord(value) || !isRecord(value.response)) return false;
  const r = value.response;
  return (
    typeof value.id === 'string' &&
    B64URL.test(value.id) &&
    typeof value.rawId === 'string' &&
    value.type === 'public-key' &&
    typeof r.clientDataJSON === 'string' &&
    B64URL.test(r.clientDataJSON) &&
    typeof r[field] === 'string' &&
    B64URL.test(r[field])
  );
}

/** The credential id a (not yet verified) authentication response names, to look the passkey up. */
export function credentialIdOf(response: unknown): string | null {
  return isRecord(response) && typeof response.id === 'string' && B64URL.test(response.id) && response.id.length <= 1366 ? response.id : null;
}

/** A short reason for logs (it may quote the response's own values, so never show it as HTML unescaped). */
function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/^Response counter value/.test(message)) return 'possible cloned authenticator';
  return (message || 'verification failed').slice(0, 200);
}

/**
 * Checks the browser's registration response against the challenge issued for this session, the
 * tenant's origin and RP ID. User verification (PIN, biometrics) is required: a passkey is a
 * complete sign-in on its own.
 */
export async function verifyRegistration(input: { response: unknown; expectedChallenge: string; expectedOrigin: string; expectedRpId: string }): Promise<RegistrationResult> {
  if (!input.expectedChallenge) return { ok: false, reason: 'no challenge was issued' };
  if (!looksLikeCredential(input.response, 'attestationObject')) return { ok: false, reason: 'malformed registration response' };
  try {
    const result = await verifyRegistrationResponse({
      response: input.response as unknown as RegistrationResponseJSON,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.expectedOrigin,
      expectedRPID: input.expectedRpId,
      requireUserVerification: true,
    });
    if (!result.verified) return { ok: false, reason: 'registration not verified' };
    const { credential } = result.registrationInfo;
    return {
      ok: true,
      credential: {
        id: credential.id,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: knownTransports(credential.transports) ?? [],
      },
    };
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  }
}

/**
 * Checks the browser's assertion against the stored passkey. The caller must have looked the
 * passkey up by id within the tenant (and, for a username-first flow, the person), then stores
 * `newCounter`. A signature counter that fails to move forward is refused as a possible clone.
 */
export async function verifyAuthentication(input: {
  response: unknown;
  expectedChallenge: string;
  expectedOrigin: string;
  expectedRpId: string;
  /** The stored row; `transports` may be null as the passkeys column allows. */
  credential: Omit<StoredPasskey, 'transports'> & { transports?: string[] | null };
}): Promise<AuthenticationResult> {
  if (!input.expectedChallenge) return { ok: false, reason: 'no challenge was issued' };
  if (!looksLikeCredential(input.response, 'authenticatorData')) return { ok: false, reason: 'malformed authentication response' };
  if (input.response.id !== input.credential.id) return { ok: false, reason: 'response is for a different passkey' };
  try {
    if (!B64URL.test(input.credential.publicKey)) return { ok: false, reason: 'stored public key is not base64url' };
    const result = await verifyAuthenticationResponse({
      response: input.response as unknown as AuthenticationResponseJSON,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.expectedOrigin,
      expectedRPID: input.expectedRpId,
      credential: {
        id: input.credential.id,
        publicKey: isoBase64URL.toBuffer(input.credential.publicKey),
        counter: input.credential.counter,
        transports: knownTransports(input.credential.transports) ?? [],
      },
      requireUserVerification: true,
    });
    if (!result.verified) return { ok: false, reason: 'authentication not verified' };
    return { ok: true, newCounter: result.authenticationInfo.newCounter };
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  }
}

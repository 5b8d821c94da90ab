import { HOTP, Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238) for second-factor sign-in. otpauth computes the codes; the policy that the
 * library leaves out lives here: a ±1 step window and replay protection (ASVS 6.5.1), which
 * needs the last accepted step stored per user.
 */

export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

const PERIOD = 30;
const DIGITS = 6;

/** 20 random bytes (the RFC 4226 recommended length for SHA-1), base32 as authenticator apps expect. */
export function generateTotpSecret(): string {
  return new Secret({ buffer: crypto.getRandomValues(new Uint8Array(20)).buffer }).base32;
}

/** The otpauth:// URI an authenticator app scans; every app supports SHA1, 6 digits, 30 s. */
export function totpUri(secret: string, { issuer, account }: { issuer: string; account: string }): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: DIGITS, period: PERIOD }).toString();
}

function toSecret(secret: string | Uint8Array): Secret {
  return typeof secret === 'string' ? Secret.fromBase32(secret) : new Secret({ buffer: secret.slice().buffer });
}

/** RFC 4226 HOTP; a base32 string or the raw key bytes. */
export function hotp(secret: string | Uint8Array, counter: number, { digits = DIGITS, algorithm = 'SHA1' }: { digits?: number; algorithm?: OtpAlgorithm } = {}): string {
  return HOTP.generate({ secret: toSecret(secret), counter, digits, algorithm });
}

/** RFC 6238 TOTP at a Unix time in seconds (T0 = 0). */
export function totpAt(
  secret: string | Uint8Array,
  unixSeconds: number,
  { digits = DIGITS, algorithm = 'SHA1', period = PERIOD }: { digits?: number; algorithm?: OtpAlgorithm; period?: number } = {},
): string {
  return hotp(secret, Math.floor(unixSeconds / period), { digits, algorithm });
}

/** The 30-second time step containing a moment. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD);
}

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'malformed' | 'wrong' | 'reused' };

/**
 * Checks a 6-digit code against the current step and one step either side (clock drift).
 * On success the caller must store `step` as the user's last used step, atomically, e.g.
 * `UPDATE … SET totp_last_step = :step WHERE id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)`,
 * and treat zero rows updated as a replay: two concurrent requests can both pass this check.
 */
export function verifyTotp(secret: string, code: string, { now, lastUsedStep }: { now: Date; lastUsedStep: number | null }): TotpResult {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'malformed' };
  const key = Secret.fromBase32(secret);
  const current = totpStep(now);
  // Check all three steps without stopping early, so timing does not reveal which one matched.
  let matched: number | null = null;
  let matchedUnused: number | null = null;
  for (const step of [current - 1, current, current + 1]) {
    if (!constantTimeEqual(HOTP.generate({ secret: key, counter: step, digits: DIGITS, algorithm: 'SHA1' }), token)) continue;
    matched = step;
    if (lastUsedStep === null || step > lastUsedStep) matchedUnused ??= step;
  }
  if (matchedUnused !== null) return { ok: true, step: matchedUnused };
  // A step at or below the last used one: the same code again, or an older code after a newer.
  return { ok: false, reason: matched === null ? 'wrong' : 'reused' };
}

/** Equal-length strings compared without an early exit. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

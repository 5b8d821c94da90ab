import { sha256Hex } from '../lib/hash';
/**
 * One-time recovery codes for when the authenticator is lost. Each code carries 60 random bits,
 * so a plain SHA-256 is enough to store it: there is nothing to brute-force the way there is
 * with a password. Store only the hashes, and retire a hash (used_at) once it has been used.
 */

// Crockford's base32: no I, L, O or U, so codes read aloud and typed by hand survive.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;

/** Codes like `7KQ4-M2XD-9PLT`: 12 symbols × 5 bits = 60 bits each. */
export function generateRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    // 32 divides 256, so masking a random byte to 5 bits is unbiased.
    const symbols = Array.from(crypto.getRandomValues(new Uint8Array(CODE_LENGTH)), (b) => ALPHABET[b & 31]!).join('');
    return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
  });
}

/** Upper-case, no spaces or dashes, and Crockford's look-alikes (O→0, I/L→1) mapped back. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '').replaceAll('O', '0').replace(/[IL]/g, '1');
}

/** SHA-256 hex of the normalised code: what the database keeps. */
export async function hashRecoveryCode(code: string): Promise<string> {
  return sha256Hex(normalizeRecoveryCode(code));
}

/**
 * The index of the stored hash the input matches, or -1. Every hash is compared in full,
 * without an early exit, so timing reveals nothing about how close a guess came.
 * Pass only unused hashes; on a match the caller marks that one used with a conditional
 * update (`… WHERE code_hash = ? AND used_at IS NULL`), so the code works once even under races.
 */
export async function matchRecoveryCode(input: string, hashes: readonly string[]): Promise<number> {
  const normalized = normalizeRecoveryCode(input);
  if (normalized.length !== CODE_LENGTH || [...normalized].some((c) => !ALPHABET.includes(c))) return -1;
  const candidate = await hashRecoveryCode(normalized);
  let found = -1;
  hashes.forEach((hash, i) => {
    if (constantTimeEqual(candidate, hash.toLowerCase()) && found === -1) found = i;
  });
  return found;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

import { toBase64Url } from '../lib/ids';

/**
 * PBKDF2-SHA256 through WebCrypto (the same on Workers and Node), stored as a self-describing
 * PHC-style string: $pbkdf2-sha256$i=100000$<salt>$<hash>. 100,000 is the Workers production cap;
 * stored hashes asking for more are refused before deriving (a denial-of-service guard).
 */
export const PBKDF2_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 100_000;
const KEY_BYTES = 32;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  // NFC: the same password typed with composed or decomposed accents must match.
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BYTES * 8);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  if (iterations > MAX_ITERATIONS) throw new RangeError(`PBKDF2 iterations above ${MAX_ITERATIONS} fail on Workers`);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return `$pbkdf2-sha256$i=${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export interface ParsedHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array;
}

export function parsePasswordHash(stored: string): ParsedHash | null {
  const m = /^\$pbkdf2-sha256\$i=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return null;
  const iterations = Number(m[1]);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) return null;
  try {
    return { iterations, salt: fromBase64Url(m[2]!), hash: fromBase64Url(m[3]!) };
  } catch {
    return null; // a corrupt stored hash verifies nothing
  }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(candidate, parsed.hash);
}

/** True when a stored hash uses older parameters and should be rehashed at the next sign-in. */
export function needsRehash(stored: string): boolean {
  return parsePasswordHash(stored)?.iterations !== PBKDF2_ITERATIONS;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

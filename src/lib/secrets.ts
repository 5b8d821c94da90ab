import { toHex } from './hash';
import { toBase64Url } from './ids';

/**
 * Encryption at rest for PII and TOTP secrets, with WebCrypto only (Workers and Node).
 * One 32-byte data key (a secret binding, never in the database) yields two keys by HKDF,
 * so no key is used for two algorithms: AES-256-GCM for values, HMAC-SHA-256 for lookups.
 */
export interface DataKeys {
  readonly encrypt: CryptoKey;
  readonly lookup: CryptoKey;
}

const VERSION = 'v1';
const IV_BYTES = 12;

export class DecryptError extends Error {
  override name = 'DecryptError';
}

/** A fresh data key, base64: what an operator puts in the secret store. */
export function generateDataKey(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export async function importDataKey(base64Key: string): Promise<DataKeys> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(base64Key.trim());
  } catch {
    throw new Error('Data key is not valid base64');
  }
  if (raw.length !== 32) throw new Error(`Data key must be 32 bytes, got ${raw.length}`);
  const master = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(info) });
  const [encrypt, lookup] = await Promise.all([
    crypto.subtle.deriveKey(hkdf('portal/v1/aes-256-gcm'), master, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.deriveKey(hkdf('portal/v1/hmac-lookup'), master, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { encrypt, lookup };
}

/**
 * `v1.<iv>.<ciphertext+tag>`, base64url. A random 96-bit IV per call is safe for far more
 * values than a portal will ever encrypt under one key. `context` (optional, e.g.
 * `tenant:user:column`) is authenticated but not stored: the same context must be passed to
 * decrypt, which stops a ciphertext being copied into another row.
 */
export async function encryptString(keys: DataKeys, plaintext: string, context = ''): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad(context) },
    keys.encrypt,
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

export async function decryptString(keys: DataKeys, token: string, context = ''): Promise<string> {
  const parts = token.split('.');
  if (parts[0] !== VERSION) throw new DecryptError(`Unsupported ciphertext version: ${parts[0]?.slice(0, 8) || '(none)'}`);
  if (parts.length !== 3) throw new DecryptError('Malformed ciphertext: expected v1.<iv>.<ciphertext>');
  let iv: Uint8Array<ArrayBuffer>;
  let ciphertext: Uint8Array<ArrayBuffer>;
  try {
    iv = fromBase64(parts[1]!);
    ciphertext = fromBase64(parts[2]!);
  } catch {
    throw new DecryptError('Malformed ciphertext: not base64url');
  }
  if (iv.length !== IV_BYTES) throw new DecryptError('Malformed ciphertext: wrong IV length');
  try {
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad(context) }, keys.encrypt, ciphertext);
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    throw new DecryptError('Ciphertext failed authentication: tampered with, or encrypted under another key or context');
  }
}

/**
 * HMAC-SHA-256 hex, for exact-match lookup of encrypted values (e.g. SSN search): the same value
 * always gives the same hash under one key. Normalise first (e.g. SSN digits only).
 */
export async function keyedHash(keys: DataKeys, value: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', keys.lookup, new TextEncoder().encode(value))));
}

// The version is authenticated too, so a future format cannot be downgraded to v1.
function aad(context: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${VERSION}|${context}`);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Standard or URL-safe base64, padded or not; throws on anything else. */
function fromBase64(value: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) throw new Error('not base64');
  const std = value.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');
  const binary = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

import { CardNotFoundError, luhnComplete, type CardVault, type RevealedCard } from './index';
import { toHex } from '../../lib/hash';

/**
 * Offline vault for development and tests: each `sbx_` token reveals a fixed, made-up card. The
 * numbers are HMAC-SHA-256(secret, token), so they need no storage, are the same on every host
 * that shares the secret, and cannot be worked out from the token alone. All sit in BIN 400000,
 * a Visa test range, so no real card is ever shown.
 *
 * Expiry is derived from the token too, not from today's date, so what the seeder records with
 * sandboxCardDetails still matches reveal() years later: month 1–12, year 2030–2035.
 */
const PREFIX = 'sbx_';
const TEST_BIN = '400000';

/** A fresh sandbox card token: `sbx_` and 24 hex characters (96 random bits). */
export function sandboxCardToken(): string {
  return PREFIX + toHex(crypto.getRandomValues(new Uint8Array(12)));
}

/** What reveal() will return for `token`, plus the last four for the seeder to store. */
export async function sandboxCardDetails(secret: string, token: string): Promise<RevealedCard & { last4: string }> {
  if (!token.startsWith(PREFIX) || token.length === PREFIX.length) throw new CardNotFoundError('Not a sandbox card token');
  const h = await hmac(secret, `card-vault/sandbox/v1:${token}`);
  // 6-digit BIN + 9 account digits + check digit = 16. `% 10` on a byte is slightly biased; harmless here.
  const pan = luhnComplete(TEST_BIN + digits(h, 0, 9));
  return {
    pan,
    expiryMonth: (h[9]! % 12) + 1,
    expiryYear: 2030 + (h[10]! % 6),
    cvv: digits(h, 11, 3),
    last4: pan.slice(-4),
  };
}

export function sandboxCardVault(secret: string): CardVault {
  if (!secret) throw new Error('sandboxCardVault needs a secret');
  return {
    provider: 'sandbox',
    async reveal(token) {
      const { last4: _, ...card } = await sandboxCardDetails(secret, token);
      return card;
    },
  };
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(message)));
}

function digits(bytes: Uint8Array, from: number, count: number): string {
  return [...bytes.subarray(from, from + count)].map((b) => String(b % 10)).join('');
}

import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, MAX_ITERATIONS, needsRehash, parsePasswordHash, PBKDF2_ITERATIONS, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('stores PBKDF2-SHA256 at 100,000 iterations in a self-describing string', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$pbkdf2-sha256\$i=100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(MAX_ITERATIONS).toBeLessThanOrEqual(100_000);
  });

  it('agrees with an independent PBKDF2 implementation (node:crypto)', async () => {
    const stored = await hashPassword('s3cret-Pass', 1000);
    const parsed = parsePasswordHash(stored)!;
    const expected = pbkdf2Sync('s3cret-Pass', parsed.salt, 1000, 32, 'sha256');
    expect(Buffer.from(parsed.hash).equals(expected)).toBe(true);
  });

  it('verifies the right password only, without truncation', async () => {
    const long = 'a'.repeat(80) + 'X';
    const stored = await hashPassword(long, 1000);
    expect(await verifyPassword(long, stored)).toBe(true);
    expect(await verifyPassword('a'.repeat(80) + 'Y', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('refuses hashes above the Workers cap and malformed strings before deriving', async () => {
    await expect(hashPassword('x', 100_001)).rejects.toThrow(RangeError);
    expect(parsePasswordHash('$pbkdf2-sha256$i=600000$AAAA$AAAA')).toBeNull();
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
    expect(needsRehash(await hashPassword('x', 1000))).toBe(true);
  });
});

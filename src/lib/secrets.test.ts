import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptError, decryptString, encryptString, generateDataKey, importDataKey, keyedHash } from './secrets';

const keyA = generateDataKey();
const keyB = generateDataKey();

describe('secrets at rest', () => {
  it('makes 32-byte base64 keys and refuses anything else', async () => {
    expect(atob(keyA)).toHaveLength(32);
    expect(keyB).not.toBe(keyA);
    await expect(importDataKey(btoa('short'))).rejects.toThrow(/32 bytes, got 5/);
    await expect(importDataKey('not base64!')).rejects.toThrow(/base64/);
  });

  it('round-trips text, including non-ASCII and empty strings', async () => {
    const keys = await importDataKey(keyA);
    for (const text of ['JBSWY3DPEHPK3PXP', '123-45-6789', 'Zoë Ñúñez 🏦', '']) {
      expect(await decryptString(keys, await encryptString(keys, text))).toBe(text);
    }
  });

  it('uses a fresh 12-byte IV each time', async () => {
    const keys = await importDataKey(keyA);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => encryptString(keys, 'same')));
    expect(new Set(tokens).size).toBe(20);
    for (const token of tokens) {
      const [version, iv, ct] = token.split('.');
      expect(version).toBe('v1');
      expect(iv).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(ct).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });

  it('detects tampering, a wrong key, a wrong context and a wrong version', async () => {
    const keys = await importDataKey(keyA);
    const token = await encryptString(keys, '123-45-6789', 'tenant-1:user-1:ssn');
    const [, iv, ct] = token.split('.') as [string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    await expect(decryptString(keys, `v1.${iv}.${flip(ct)}`, 'tenant-1:user-1:ssn')).rejects.toThrow(/tampered/);
    await expect(decryptString(keys, `v1.${flip(iv)}.${ct}`, 'tenant-1:user-1:ssn')).rejects.toBeInstanceOf(DecryptError);
    await expect(decryptString(keys, `v1.${iv}.${ct.slice(0, -2)}`, 'tenant-1:user-1:ssn')).rejects.toThrow(/tampered/);
    await expect(decryptString(await importDataKey(keyB), token, 'tenant-1:user-1:ssn')).rejects.toThrow(/another key/);
    await expect(decryptString(keys, token, 'tenant-1:user-2:ssn')).rejects.toThrow(/context/);
    await expect(decryptString(keys, token)).rejects.toBeInstanceOf(DecryptError);
    await expect(decryptString(keys, token.replace(/^v1/, 'v2'), 'tenant-1:user-1:ssn')).rejects.toThrow(/Unsupported ciphertext version: v2/);
    await expect(decryptString(keys, 'plain text')).rejects.toThrow(/version/);
    await expect(decryptString(keys, `v1.${iv}`)).rejects.toThrow(/Malformed/);
    await expect(decryptString(keys, `v1.${iv}.${ct}!`)).rejects.toThrow(/base64url/);
    expect(await decryptString(keys, token, 'tenant-1:user-1:ssn')).toBe('123-45-6789');
  });

  it('gives a stable, key-dependent keyed hash', async () => {
    const a = await importDataKey(keyA);
    const h = await keyedHash(a, '123456789');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyedHash(await importDataKey(keyA), '123456789')).toBe(h);
    expect(await keyedHash(a, '123456780')).not.toBe(h);
    expect(await keyedHash(await importDataKey(keyB), '123456789')).not.toBe(h);
  });

  it('derives fixed keys from a fixed data key (so stored hashes survive restarts)', async () => {
    const fixed = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)));
    const h1 = await keyedHash(await importDataKey(fixed), 'x');
    const h2 = await keyedHash(await importDataKey(fixed.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')), 'x');
    expect(h2).toBe(h1);
  });

  it('matches an independent implementation (node:crypto), pinning the format and the HKDF labels', async () => {
    const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const keys = await importDataKey(raw.toString('base64'));
    const lookupKey = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'portal/v1/hmac-lookup', 32));
    expect(await keyedHash(keys, '123456789')).toBe(createHmac('sha256', lookupKey).update('123456789').digest('hex'));

    const token = await encryptString(keys, 'JBSWY3DPEHPK3PXP', 'ctx');
    const [, iv, ct] = token.split('.') as [string, string, string];
    const sealed = Buffer.from(ct, 'base64url');
    const encKey = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'portal/v1/aes-256-gcm', 32));
    const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from('v1|ctx'));
    decipher.setAuthTag(sealed.subarray(-16));
    expect(Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString()).toBe('JBSWY3DPEHPK3PXP');
  });
});

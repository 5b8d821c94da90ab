import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode, matchRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('recovery codes', () => {
  it('makes ten distinct codes in groups of four, with no I, L, O or U', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(FORMAT);
      expect(code).not.toMatch(/[ILOU]/);
    }
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it('uses the whole alphabet (each symbol is 5 random bits)', () => {
    const symbols = new Set(generateRecoveryCodes(200).join('').replaceAll('-', ''));
    expect(symbols.size).toBe(32);
  });

  it('hashes the normalised code with SHA-256', async () => {
    const expected = createHash('sha256').update('7KQ4M2XD9P1T').digest('hex');
    expect(await hashRecoveryCode('7KQ4-M2XD-9P1T')).toBe(expected);
    expect(await hashRecoveryCode(' 7kq4 m2xd-9p1t ')).toBe(expected);
    expect(await hashRecoveryCode('7KQ4-M2XD-9PLT')).toBe(expected);
    expect(normalizeRecoveryCode('o0-Il')).toBe('0011');
  });

  it('finds the matching hash however the code is typed, and -1 otherwise', async () => {
    const codes = generateRecoveryCodes(5);
    const hashes = await Promise.all(codes.map(hashRecoveryCode));
    const third = codes[2]!;
    expect(await matchRecoveryCode(third, hashes)).toBe(2);
    expect(await matchRecoveryCode(third.toLowerCase().replaceAll('-', ' '), hashes)).toBe(2);
    expect(await matchRecoveryCode(third.replaceAll('-', ''), hashes)).toBe(2);
    expect(await matchRecoveryCode(generateRecoveryCodes(1)[0]!, hashes)).toBe(-1);
    expect(await matchRecoveryCode('', hashes)).toBe(-1);
    expect(await matchRecoveryCode(`${third}-X`, hashes)).toBe(-1);
    expect(await matchRecoveryCode(third, [])).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import { generateTotpSecret, hotp, type OtpAlgorithm, totpAt, totpStep, totpUri, verifyTotp } from './totp';

const ascii = (s: string) => new TextEncoder().encode(s);
// RFC 6238's reference code uses these ASCII seeds, one per hash size.
const seeds: Record<OtpAlgorithm, Uint8Array> = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
};

describe('RFC 6238 Appendix B (8 digits, 30 s)', () => {
  const table: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [time, sha1, sha256, sha512] of table) {
    it(`T=${time}`, () => {
      expect(totpAt(seeds.SHA1, time, { digits: 8, algorithm: 'SHA1' })).toBe(sha1);
      expect(totpAt(seeds.SHA256, time, { digits: 8, algorithm: 'SHA256' })).toBe(sha256);
      expect(totpAt(seeds.SHA512, time, { digits: 8, algorithm: 'SHA512' })).toBe(sha512);
    });
  }

  it('takes the same seed as base32', () => {
    expect(totpAt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59, { digits: 8 })).toBe('94287082');
    expect(totpAt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA', 59, { digits: 8, algorithm: 'SHA256' })).toBe('46119246');
  });

  it('keeps leading zeros in six-digit codes', () => {
    expect(totpAt(seeds.SHA1, 1234567890)).toBe('005924');
    expect(totpAt(seeds.SHA1, 59)).toBe('287082');
  });
});

describe('RFC 4226 Appendix D', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => {
    it(`counter ${counter} → ${code}`, () => expect(hotp(seeds.SHA1, counter)).toBe(code));
  });
});

describe('verifyTotp', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const now = new Date(1_234_567_890_000);
  const step = totpStep(now);
  const codeAt = (s: number) => hotp(secret, s);

  it('accepts the current step and one either side, and returns the step matched', () => {
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp(secret, codeAt(step + delta), { now, lastUsedStep: null })).toEqual({ ok: true, step: step + delta });
    }
  });

  it('rejects codes two steps away', () => {
    for (const delta of [-2, 2]) {
      expect(verifyTotp(secret, codeAt(step + delta), { now, lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
    }
  });

  it('refuses a step once used, and an older step after a newer one', () => {
    expect(verifyTotp(secret, codeAt(step), { now, lastUsedStep: step })).toEqual({ ok: false, reason: 'reused' });
    expect(verifyTotp(secret, codeAt(step - 1), { now, lastUsedStep: step })).toEqual({ ok: false, reason: 'reused' });
    expect(verifyTotp(secret, codeAt(step + 1), { now, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
  });

  it('accepts a zero-padded code, and spaces inside it', () => {
    expect(codeAt(step)).toBe('005924');
    expect(verifyTotp(secret, ' 005 924 ', { now, lastUsedStep: null })).toEqual({ ok: true, step });
  });

  it('calls anything but six digits malformed', () => {
    for (const code of ['', '5924', '0059240', '00592a', '89005924', '٠٠٥٩٢٤']) {
      expect(verifyTotp(secret, code, { now, lastUsedStep: null })).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('says wrong for a well-formed wrong code', () => {
    const wrong = String((Number(codeAt(step)) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(secret, wrong, { now, lastUsedStep: null })).toEqual({ ok: false, reason: 'wrong' });
  });
});

describe('enrolment', () => {
  it('makes 20-byte base32 secrets that differ each time', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(a);
  });

  it('builds an otpauth URI with SHA1, 6 digits, 30 s', () => {
    const secret = generateTotpSecret();
    const uri = new URL(totpUri(secret, { issuer: 'Alpha Lending', account: 'pat@example.com' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Alpha Lending:pat@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Alpha Lending', secret, algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('verifies codes made from a generated secret now', () => {
    const secret = generateTotpSecret();
    const now = new Date();
    expect(verifyTotp(secret, totpAt(secret, now.getTime() / 1000), { now, lastUsedStep: null })).toEqual({ ok: true, step: totpStep(now) });
  });
});

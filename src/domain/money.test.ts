import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimal, formatCents, parseCents } from './money';

describe('money as text', () => {
  it('writes cents as people type them, and reads them back exactly', () => {
    expect(centsToDecimal(126414)).toBe('1264.14');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-350)).toBe('-3.50');
    expect(formatCents(126414)).toBe('$1,264.14');
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        expect(parseCents(centsToDecimal(cents))).toBe(cents);
      }),
    );
  });

  it('refuses a fraction of a cent', () => {
    expect(() => centsToDecimal(10.5)).toThrow();
  });
});

describe('parseCents: amounts as people type them', () => {
  it('reads a leading decimal point and refuses a lone one', async () => {
    const { parseCents } = await import('./money');
    expect(parseCents('.5')).toBe(50);
    expect(parseCents('$.05')).toBe(5);
    expect(parseCents('.')).toBeNull();
    expect(parseCents('-')).toBeNull();
    expect(parseCents('')).toBeNull();
  });
});

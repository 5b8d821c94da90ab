import { describe, expect, it } from 'vitest';
import { monthlyEquivalent } from './income';

describe('monthly equivalent of an income', () => {
  it('scales by the pays in a year, in whole cents', () => {
    expect(monthlyEquivalent(6_000_000, 'annually')).toBe(500_000);
    expect(monthlyEquivalent(425_000, 'monthly')).toBe(425_000);
    expect(monthlyEquivalent(212_500, 'semi-monthly')).toBe(425_000);
    expect(monthlyEquivalent(200_000, 'biweekly')).toBe(433_333); // 2,000 × 26 ÷ 12 = 4,333.333…
    expect(monthlyEquivalent(100_000, 'weekly')).toBe(433_333);
  });
  it('rounds once, half a cent up', () => {
    expect(monthlyEquivalent(6, 'annually')).toBe(1); // 0.5 cents → 1
    expect(monthlyEquivalent(5, 'annually')).toBe(0); // 0.4166… → 0
    expect(monthlyEquivalent(3, 'biweekly')).toBe(7); // 6.5 → 7
    expect(monthlyEquivalent(0, 'weekly')).toBe(0);
  });
  it('refuses amounts that are not whole cents', () => {
    expect(() => monthlyEquivalent(10.5, 'monthly')).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumCents } from '../money';
import { leasePayment, leaseSchedule, moneyFactorFromApr, type LeaseTerms } from './lease';

describe('leasePayment — published figures', () => {
  it('Colorado DOR lease example: $20,000 adjusted cap, $8,000 residual, 48 months, MF 0.004 → $362', () => {
    // Colorado Department of Revenue, motor-vehicle lease page: gross cap $22,700 − $2,700 reduction =
    // $20,000; ($20,000 − $8,000) / 48 = $250 depreciation; ($20,000 + $8,000) × 0.004 = $112 rent;
    // base monthly payment $362 (before sales/use tax); 0.004 × 24 ≈ 9.6%.
    const terms: LeaseTerms = { capitalizedCost: 2_000_000, residualValue: 800_000, termMonths: 48, moneyFactorE7: 40_000 };
    expect(leasePayment(terms)).toEqual({ depreciation: 25_000, rentCharge: 11_200, basePayment: 36_200, totalOfPayments: 1_737_600 });
    expect(moneyFactorFromApr(96_000)).toBe(40_000);
  });

  it('$30,000 cap, $18,000 residual, 36 months, MF 0.00125 (3% APR) → $393.33', () => {
    // The common money-factor illustration (MF = APR / 2400, 0.00125 × 2400 = 3%, as lease calculators
    // state); the figures are checked here by hand: (30,000 − 18,000) / 36 = 333.333 → $333.33;
    // (30,000 + 18,000) × 0.00125 = $60.00; $393.33 a month, $14,159.88 over 36 months.
    const terms: LeaseTerms = { capitalizedCost: 3_000_000, residualValue: 1_800_000, termMonths: 36, moneyFactorE7: 12_500 };
    expect(moneyFactorFromApr(30_000)).toBe(12_500);
    expect(leasePayment(terms)).toEqual({ depreciation: 33_333, rentCharge: 6_000, basePayment: 39_333, totalOfPayments: 1_415_988 });
  });

  it('converts an APR to a money factor, rounding to the nearest 1e-7', () => {
    expect(moneyFactorFromApr(0)).toBe(0);
    expect(moneyFactorFromApr(65_000)).toBe(27_083); // 0.065 / 24 = 0.00270833…
    expect(moneyFactorFromApr(24_000)).toBe(10_000); // 2.4% → 0.001
  });

  it('rejects impossible terms', () => {
    const ok: LeaseTerms = { capitalizedCost: 3_000_000, residualValue: 1_800_000, termMonths: 36, moneyFactorE7: 12_500 };
    expect(() => leasePayment({ ...ok, residualValue: 3_000_001 })).toThrow(/residual/);
    expect(() => leasePayment({ ...ok, termMonths: 0 })).toThrow(RangeError);
    expect(() => leasePayment({ ...ok, moneyFactorE7: 0.5 })).toThrow(RangeError);
    expect(() => moneyFactorFromApr(-1)).toThrow(RangeError);
  });
});

describe('leaseSchedule', () => {
  it('depreciates to the residual with a level payment; the last row takes the rounding', () => {
    // 36 × 333.33 = 11,999.88 of the 12,000.00 depreciation: the last row depreciates 333.45 and its
    // rent charge is 393.33 − 333.45 = 59.88, so total rent = 14,159.88 − 12,000.00 = 2,159.88 (Reg M).
    const terms: LeaseTerms = { capitalizedCost: 3_000_000, residualValue: 1_800_000, termMonths: 36, moneyFactorE7: 12_500 };
    const rows = leaseSchedule(terms, '2025-01-31');
    expect(rows).toHaveLength(36);
    expect(rows[0]).toEqual({ number: 1, dueDate: '2025-01-31', payment: 39_333, principal: 33_333, interest: 6_000, balance: 2_966_667 });
    expect(rows[1]!.dueDate).toBe('2025-02-28');
    expect(rows[35]).toEqual({ number: 36, dueDate: '2027-12-31', payment: 39_333, principal: 33_345, interest: 5_988, balance: 1_800_000 });
    expect(sumCents(rows.map((r) => r.interest))).toBe(215_988);
    expect(sumCents(rows.map((r) => r.payment))).toBe(1_415_988);
  });

  it('keeps balances between the cap cost and the residual for any terms', () => {
    const terms = fc
      .record({
        capitalizedCost: fc.integer({ min: 1, max: 50_000_000 }),
        residualShare: fc.double({ min: 0, max: 1, noNaN: true }),
        termMonths: fc.integer({ min: 1, max: 96 }),
        moneyFactorE7: fc.integer({ min: 0, max: 60_000 }),
      })
      .map(({ residualShare, ...t }): LeaseTerms => ({ ...t, residualValue: Math.floor(t.capitalizedCost * residualShare) }));
    fc.assert(
      fc.property(terms, (t) => {
        const { basePayment, totalOfPayments } = leasePayment(t);
        const rows = leaseSchedule(t, '2025-03-15');
        expect(rows).toHaveLength(t.termMonths);
        let previous = t.capitalizedCost;
        for (const row of rows) {
          expect(row.principal).toBeGreaterThanOrEqual(0);
          expect(row.interest).toBeGreaterThanOrEqual(0);
          expect(row.payment).toBe(row.principal + row.interest);
          expect(row.balance).toBe(previous - row.principal);
          expect(row.balance).toBeGreaterThanOrEqual(t.residualValue);
          previous = row.balance;
        }
        expect(previous).toBe(t.residualValue);
        // Level payments except, with a rent charge below the rounding, the last one (by ≤ ½¢ a month).
        expect(rows.slice(0, -1).every((r) => r.payment === basePayment)).toBe(true);
        expect(Math.abs(sumCents(rows.map((r) => r.payment)) - totalOfPayments)).toBeLessThanOrEqual(t.termMonths / 2);
      }),
      { numRuns: 300 },
    );
  });
});

describe('money factor and APR', () => {
  it('0.00125 is 3% APR; 0.004 is 9.6%', async () => {
    const { aprFromMoneyFactor, formatMoneyFactor } = await import('./lease');
    expect(aprFromMoneyFactor(12_500)).toBe(30_000);
    expect(aprFromMoneyFactor(40_000)).toBe(96_000);
    expect(formatMoneyFactor(12_500)).toBe('0.00125');
    expect(formatMoneyFactor(0)).toBe('0');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../dates';
import { lineCharges, linePosition, statements, type LineTerms, type LineTransaction } from './line-of-credit';

const termsArb = fc.record({
  creditLimit: fc.integer({ min: 100_000, max: 2_000_000 }),
  annualRate: fc.integer({ min: 0, max: 300_000 }),
  openDate: fc.integer({ min: 0, max: 300 }).map((d) => addDays('2025-01-01', d)),
  statementDay: fc.integer({ min: 1, max: 28 }),
  paymentDueDays: fc.integer({ min: 1, max: 27 }),
  minimumPayment: fc.record({ percentOfBalance: fc.integer({ min: 0, max: 50_000 }), floor: fc.integer({ min: 0, max: 5_000 }) }),
  lateFee: fc.constantFrom(0, 2_500, 2_900),
}) satisfies fc.Arbitrary<LineTerms>;

const activityArb = fc.array(fc.record({ after: fc.integer({ min: 0, max: 40 }), kind: fc.constantFrom<'draw' | 'payment' | 'fee' | 'credit'>('draw', 'draw', 'payment', 'fee', 'credit'), amount: fc.integer({ min: 100, max: 150_000 }) }), { maxLength: 25 });

function history(terms: LineTerms, activity: { after: number; kind: 'draw' | 'payment' | 'fee' | 'credit'; amount: number }[]): LineTransaction[] {
  let date = terms.openDate;
  return activity.map((a, i) => {
    date = addDays(date, a.after);
    return { id: `t${i}`, date, kind: a.kind, amount: a.amount };
  });
}

const pay = (txns: LineTransaction[], date: IsoDate, amount: number): LineTransaction[] => [...txns, { id: 'pay-now', date, kind: 'payment', amount }];

describe('lines: paying exactly a figure shown leads to the state it promises', () => {
  it('minimum due → minimum paid and no late fee; statement balance → none left; payoff → nothing owed at the next closing', () => {
    fc.assert(
      fc.property(termsArb, activityArb, fc.integer({ min: 0, max: 200 }), (terms, activity, offset) => {
        const txns = history(terms, activity);
        const asOf = addDays(txns.at(-1)?.date ?? terms.openDate, offset);
        const before = linePosition(terms, txns, asOf);
        if (before.minimumDue > 0) {
          const after = linePosition(terms, pay(txns, asOf, before.minimumDue), asOf);
          expect(after.minimumDue).toBe(0);
          expect(after.minimumPaid).toBe(true);
          if (asOf <= before.statement!.dueDate) {
            // No late fee for that statement, even a month later.
            const later = addDays(before.statement!.dueDate, 40);
            const fees = lineCharges(terms, pay(txns, asOf, before.minimumDue), later).filter((c) => c.kind === 'late_fee' && c.date === addDays(before.statement!.dueDate, 1));
            expect(fees).toEqual([]);
          }
        }
        if (before.statementBalanceDue > 0) {
          expect(linePosition(terms, pay(txns, asOf, before.statementBalanceDue), asOf).statementBalanceDue).toBe(0);
        }
        if (before.payoff > 0) {
          const closing = (amount: number) => {
            const all = pay(txns, asOf, amount);
            // The next closing on or after asOf.
            const until = addDays(asOf, 31);
            return statements(terms, all, until).find((s) => s.periodEnd >= asOf)!.closingBalance;
          };
          expect(closing(before.payoff)).toBeLessThanOrEqual(0);
          expect(closing(before.payoff)).toBeGreaterThanOrEqual(-1);
          if (before.payoff > 1) expect(closing(before.payoff - 2)).toBeGreaterThan(0);
          expect(linePosition(terms, pay(txns, asOf, before.payoff), asOf).minimumDue).toBe(0);
        }
        expect(before.minimumDue).toBeLessThanOrEqual(before.payoff);
        expect(before.statementBalanceDue).toBeLessThanOrEqual(before.payoff);
      }),
      { numRuns: 250 },
    );
  });
});

describe('lines: a credit that brings the balance below the minimum', () => {
  // $100 drawn Jan 5; the Jan 25 statement asks $25; a $90 credit on Jan 28 leaves about $11.
  const terms: LineTerms = { creditLimit: 100_000, annualRate: 180_000, openDate: '2026-01-01', statementDay: 25, paymentDueDays: 20, minimumPayment: { percentOfBalance: 10_000, floor: 2_500 }, lateFee: 2_500 };
  const txns: LineTransaction[] = [
    { id: 'd', date: '2026-01-05', kind: 'draw', amount: 10_000 },
    { id: 'c', date: '2026-01-28', kind: 'credit', amount: 9_000 },
  ];
  it('asks no more than the balance, and the payoff is the balance with interest, not a late fee too', () => {
    const pos = linePosition(terms, txns, '2026-02-01');
    expect(pos.minimumDue).toBeLessThanOrEqual(pos.balance);
    expect(pos.payoff).toBeLessThan(pos.balance + 100);
    const closing = statements(terms, pay(txns, '2026-02-01', pos.payoff), '2026-02-25').at(-1)!;
    expect(closing.closingBalance).toBe(0);
    expect(closing.lateFee).toBe(0);
  });
});

describe('lines: a met minimum is not asked for again', () => {
  const terms: LineTerms = { creditLimit: 500_000, annualRate: 175_000, openDate: '2026-08-07', statementDay: 25, paymentDueDays: 21, minimumPayment: { percentOfBalance: 20_000, floor: 2_500 }, lateFee: 2_900 };
  const txns: LineTransaction[] = [
    { id: 'd1', date: '2026-08-10', kind: 'draw', amount: 120_000 },
    { id: 'd2', date: '2026-09-23', kind: 'draw', amount: 65_000 },
  ];

  it('before the payment: the minimum is due; after a payment of at least the minimum: "minimum paid", nothing due', () => {
    const before = linePosition(terms, txns, '2026-12-01');
    expect(before.statement?.periodEnd).toBe('2026-11-25');
    expect(before.minimumDue).toBeGreaterThan(0);
    const after = linePosition(terms, pay(txns, '2026-12-01', before.minimumDue + 500), '2026-12-07');
    expect(after).toMatchObject({ minimumDue: 0, minimumPaid: true, status: 'current' });
    expect(after.paidSinceStatement).toBe(before.minimumDue + 500);
  });

  it('the statements’ interest and late fees are listed as charges on their dates', () => {
    const charges = lineCharges(terms, txns, '2026-12-20');
    expect(charges.filter((c) => c.kind === 'interest').map((c) => c.date)).toEqual(['2026-08-25', '2026-09-25', '2026-10-25', '2026-11-25']);
    // No payment at all: each minimum was missed, so each due date brought a late fee the next day.
    expect(charges.filter((c) => c.kind === 'late_fee').map((c) => c.date)).toEqual(['2026-09-16', '2026-10-17', '2026-11-16', '2026-12-17']);
    const billed = statements(terms, txns, '2026-12-20').reduce((s, st) => s + st.interest + st.lateFee, 0);
    expect(charges.filter((c) => c.date <= '2026-11-25').reduce((s, c) => s + c.amount, 0)).toBe(billed);
  });
});

describe('repayment estimates on the statement', () => {
  const terms: LineTerms = { creditLimit: 500_000, annualRate: 175_000, openDate: '2026-01-01', statementDay: 25, paymentDueDays: 21, minimumPayment: { percentOfBalance: 20_000, floor: 2_500 }, lateFee: 2_900 };
  it('paying only the minimum takes longer and costs more than paying it off in three years', async () => {
    const { levelRepayment, minimumOnlyRepayment } = await import('./line-of-credit');
    const minimum = minimumOnlyRepayment(terms, 150_000)!;
    const three = levelRepayment(terms, 150_000, 36);
    expect(minimum.months).toBeGreaterThan(36);
    expect(minimum.total).toBeGreaterThan(three.total);
    // $1,500 at 17.5% over 36 months: about $53.85 a month (the amortization formula), within a cent.
    expect(Math.abs(three.payment - 5_385)).toBeLessThanOrEqual(1);
    expect(three.total).toBeGreaterThan(150_000);
    expect(minimumOnlyRepayment(terms, 0)).toEqual({ months: 0, total: 0 });
  });
});

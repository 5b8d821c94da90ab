import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, type IsoDate } from '../dates';
import type { Cents } from '../money';
import { negate } from './allocation';
import { buildSchedule } from './amortization';
import type { LedgerEntry } from './ledger';
import { allocatePayment, loanPosition, type Accrual } from './position';
import { frequencies, type DayCount, type LoanTerms } from './types';

const account = (terms: LoanTerms): Accrual => ({ terms, schedule: buildSchedule(terms) });

let seq = 0;
function pay(acct: Accrual, ledger: LedgerEntry[], date: IsoDate, amount: Cents): LedgerEntry {
  const split = allocatePayment(acct, ledger, date, amount);
  const entry: LedgerEntry = { id: `p${++seq}`, date, kind: 'payment', amount: amount - split.excess, fees: split.fees, interest: split.interest, principal: split.principal };
  ledger.push(entry);
  return entry;
}
function reverse(ledger: LedgerEntry[], payment: LedgerEntry, date: IsoDate): void {
  ledger.push({ id: `r${++seq}`, date, kind: 'reversal', amount: -payment.amount, reverses: payment.id, ...negate(payment) });
}

// $1,000 at 12% (1% a month), 3 monthly payments: payment $340.02; interest 10.00, 6.70, 3.37.
const small: LoanTerms = { principal: 100_000, annualRate: 120_000, frequency: 'monthly', termPayments: 3, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic' };

describe('loan position (worked example: $1,000 at 12%, 3 monthly payments)', () => {
  const acct = account(small);

  it('on time: balances fall as scheduled and nothing is past due', () => {
    const ledger: LedgerEntry[] = [];
    const first = pay(acct, ledger, '2026-02-01', 34_002);
    expect(first).toMatchObject({ interest: 1_000, principal: 33_002, fees: 0 });
    const pos = loanPosition(acct, ledger, '2026-02-10');
    expect(pos).toMatchObject({
      status: 'current', principalBalance: 66_998, daysPastDue: 0, pastDueAmount: 0, amountDue: 0,
      nextDueDate: '2026-03-01', nextDueAmount: 34_002, remainingPayments: 2, projectedPayoffDate: '2026-04-01',
      paid: { principal: 33_002, interest: 1_000, fees: 0, total: 34_002 },
    });
    // Mid-period: 9 of 28 days of February's interest on $669.98 (1% a month) = 2.15.
    expect(pos.interestOutstanding).toBe(Math.round((66_998 * 0.01 * 9) / 28));
    expect(pos.payoff).toBe(66_998 + pos.interestOutstanding);
    // Per diem on actual/365: 669.98 × 12% / 365 = 0.22.
    expect(pos.perDiem).toBe(22);
  });

  it('behind: two missed payments give APD, DPD from the oldest due date, and the amount due', () => {
    const pos = loanPosition(acct, [], '2026-03-11');
    expect(pos.status).toBe('past_due');
    expect(pos.pastDueAmount).toBe(68_004);
    expect(pos.daysPastDue).toBe(daysBetween('2026-02-01', '2026-03-11'));
    expect(pos.amountDue).toBe(68_004);
    expect(pos.nextDueDate).toBe('2026-04-01');
    expect(pos.remainingPayments).toBe(3);
  });

  it('a payment due today is due but not past due', () => {
    const pos = loanPosition(acct, [], '2026-02-01');
    expect(pos).toMatchObject({ pastDueAmount: 0, daysPastDue: 0, amountDue: 34_002, nextDueDate: '2026-02-01', status: 'current' });
  });

  it('fees are paid first, then interest, then principal', () => {
    const ledger: LedgerEntry[] = [{ id: 'f1', date: '2026-02-05', kind: 'fee', amount: 2_500, fees: 0, interest: 0, principal: 0 }];
    expect(loanPosition(acct, ledger, '2026-02-06').feesOutstanding).toBe(2_500);
    const p = pay(acct, ledger, '2026-02-06', 34_002);
    expect(p).toMatchObject({ fees: 2_500, interest: 1_000 + Math.round((100_000 * 0.01 * 5) / 28), principal: 34_002 - 2_500 - 1_000 - Math.round((100_000 * 0.01 * 5) / 28) });
    expect(loanPosition(acct, ledger, '2026-02-06').feesOutstanding).toBe(0);
  });

  it('an extra payment goes to principal, pays installments ahead and brings the payoff forward', () => {
    const ledger: LedgerEntry[] = [];
    pay(acct, ledger, '2026-02-01', 70_000);
    const pos = loanPosition(acct, ledger, '2026-02-02');
    expect(pos.principalBalance).toBe(100_000 - (70_000 - 1_000));
    // $700 covers the first two installments ($680.04) and $19.96 of the third; what is left of
    // the third ($320.06) is more than the payoff, so the payoff is what is due.
    expect(pos).toMatchObject({ remainingPayments: 1, projectedPayoffDate: '2026-04-01', nextDueDate: '2026-04-01' });
    expect(pos.nextDueAmount).toBe(pos.payoff);
    expect(pos.payoff).toBeLessThan(34_002 - 1_996);
  });

  it('a returned payment (NSF) puts the account back where it was', () => {
    const ledger: LedgerEntry[] = [];
    const p = pay(acct, ledger, '2026-02-01', 34_002);
    reverse(ledger, p, '2026-02-06');
    expect(loanPosition(acct, ledger, '2026-03-05')).toEqual(loanPosition(acct, [], '2026-03-05'));
    // Before the return, the payment still counts.
    expect(loanPosition(acct, ledger, '2026-02-05').principalBalance).toBe(66_998);
  });

  it('paying the payoff closes the account', () => {
    const ledger: LedgerEntry[] = [];
    pay(acct, ledger, '2026-02-01', 34_002);
    const payoff = loanPosition(acct, ledger, '2026-02-15').payoff;
    pay(acct, ledger, '2026-02-15', payoff);
    expect(loanPosition(acct, ledger, '2026-02-15')).toMatchObject({ status: 'paid_off', payoff: 0, amountDue: 0, daysPastDue: 0, remainingPayments: 0, nextDueDate: null });
    expect(loanPosition(acct, ledger, '2026-06-01').status).toBe('paid_off');
  });

  it('paying every installment on its due date pays the loan off exactly', () => {
    const ledger: LedgerEntry[] = [];
    for (const row of acct.schedule) pay(acct, ledger, row.dueDate, row.payment);
    const pos = loanPosition(acct, ledger, '2026-04-01');
    expect(pos.status).toBe('paid_off');
    expect(pos.paid).toEqual({ principal: 100_000, interest: 2_007, fees: 0, total: 102_007 });
  });
});

describe('loan position properties', () => {
  const termsArb = fc.record({
    principal: fc.integer({ min: 10_000, max: 5_000_000 }),
    annualRate: fc.integer({ min: 0, max: 300_000 }),
    frequency: fc.constantFrom(...frequencies),
    termPayments: fc.integer({ min: 1, max: 36 }),
    dayCount: fc.constantFrom<DayCount>('periodic', 'actual/365', '30/360'),
    startOffset: fc.integer({ min: 0, max: 400 }),
  }).map(({ startOffset, ...t }): LoanTerms => {
    const startDate = addDays('2025-01-01', startOffset);
    const firstDueDate = addDays(startDate, t.frequency === 'weekly' ? 7 : t.frequency === 'biweekly' ? 14 : t.frequency === 'semimonthly' ? 15 : 30);
    return { ...t, startDate, firstDueDate };
  });
  // What the borrower does with each installment: pay it, skip it, pay part, pay extra; and how late.
  const behaviourArb = fc.array(fc.record({ kind: fc.constantFrom('pay', 'skip', 'part', 'extra'), late: fc.integer({ min: -5, max: 20 }) }), { maxLength: 36 });

  function simulate(terms: LoanTerms, behaviour: { kind: string; late: number }[]) {
    const acct = account(terms);
    const ledger: LedgerEntry[] = [];
    acct.schedule.forEach((row, i) => {
      const b = behaviour[i];
      if (!b || b.kind === 'skip') return;
      const date = addDays(row.dueDate, b.late);
      const payoff = loanPosition(acct, ledger, date).payoff;
      const want = b.kind === 'part' ? Math.ceil(row.payment / 2) : b.kind === 'extra' ? row.payment * 2 : row.payment;
      const amount = Math.min(want, payoff);
      if (amount > 0 && date >= (ledger.at(-1)?.date ?? terms.startDate)) pay(acct, ledger, date, amount);
    });
    return { acct, ledger };
  }

  it('keeps every figure a non-negative whole number of cents, and DPD is 0 exactly when nothing is past due', () => {
    fc.assert(
      fc.property(termsArb, behaviourArb, fc.integer({ min: 0, max: 1200 }), (terms, behaviour, dayOffset) => {
        const { acct, ledger } = simulate(terms, behaviour);
        const pos = loanPosition(acct, ledger, addDays(terms.startDate, dayOffset));
        for (const v of [pos.principalBalance, pos.interestOutstanding, pos.feesOutstanding, pos.payoff, pos.amountDue, pos.pastDueAmount, pos.nextDueAmount, pos.perDiem, pos.daysPastDue]) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        expect(pos.daysPastDue === 0).toBe(pos.pastDueAmount === 0);
        expect(pos.status === 'past_due').toBe(pos.pastDueAmount > 0);
        expect(pos.pastDueAmount).toBeLessThanOrEqual(pos.payoff);
        expect(pos.paid.principal).toBeLessThanOrEqual(terms.principal);
      }),
      { numRuns: 150 },
    );
  });

  it('allocating a payment then reversing it restores every figure', () => {
    fc.assert(
      fc.property(termsArb, behaviourArb, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 0, max: 60 }), (terms, behaviour, payDay, amount, returnAfter) => {
        const { acct, ledger } = simulate(terms, behaviour);
        const payDate = addDays(ledger.at(-1)?.date ?? terms.startDate, payDay);
        const asOf = addDays(payDate, returnAfter + 30);
        const before = loanPosition(acct, ledger, asOf);
        const payoff = loanPosition(acct, ledger, payDate).payoff;
        if (payoff === 0) return;
        const withPayment = [...ledger];
        const p = pay(acct, withPayment, payDate, Math.min(amount, payoff));
        reverse(withPayment, p, addDays(payDate, returnAfter));
        expect(loanPosition(acct, withPayment, asOf)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../dates';
import type { Cents } from '../money';
import { components, type Component } from './allocation';
import { buildSchedule } from './amortization';
import { leaseSchedule } from './lease';
import type { LedgerEntry } from './ledger';
import { allocatePayment, loanPosition, type Accrual } from './position';
import { frequencies, type DayCount, type LoanTerms } from './types';

/** Every waterfall an owner can choose. */
const orders: Component[][] = [];
for (const a of components) for (const b of components) for (const c of components) if (new Set([a, b, c]).size === 3) orders.push([a, b, c]);

let seq = 0;
function post(acct: Accrual, ledger: LedgerEntry[], date: IsoDate, amount: Cents, order: readonly Component[]): void {
  const split = allocatePayment(acct, ledger, date, amount, order);
  expect(split.excess).toBe(0);
  ledger.push({ id: `p${++seq}`, date, kind: 'payment', amount, fees: split.fees, interest: split.interest, principal: split.principal });
}

const loanArb = fc
  .record({
    principal: fc.integer({ min: 10_000, max: 5_000_000 }),
    annualRate: fc.integer({ min: 0, max: 300_000 }),
    frequency: fc.constantFrom(...frequencies),
    termPayments: fc.integer({ min: 1, max: 36 }),
    dayCount: fc.constantFrom<DayCount>('periodic', 'actual/365', '30/360'),
    startOffset: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ startOffset, ...t }): Accrual => {
    const startDate = addDays('2025-01-01', startOffset);
    const firstDueDate = addDays(startDate, t.frequency === 'weekly' ? 7 : t.frequency === 'biweekly' ? 14 : t.frequency === 'semimonthly' ? 15 : 30);
    const terms: LoanTerms = { ...t, startDate, firstDueDate };
    return { terms, schedule: buildSchedule(terms) };
  });

const leaseArb = fc
  .record({
    capitalizedCost: fc.integer({ min: 500_000, max: 8_000_000 }),
    residualShare: fc.integer({ min: 0, max: 80 }),
    termMonths: fc.integer({ min: 6, max: 48 }),
    moneyFactorE7: fc.integer({ min: 0, max: 40_000 }),
    startOffset: fc.integer({ min: 0, max: 400 }),
  })
  .map(({ capitalizedCost, residualShare, termMonths, moneyFactorE7, startOffset }): Accrual => {
    const residualValue = Math.floor((capitalizedCost * residualShare) / 100);
    const startDate = addDays('2025-01-01', startOffset);
    const firstDueDate = addDays(startDate, 30);
    const schedule = leaseSchedule({ capitalizedCost, residualValue, termMonths, moneyFactorE7 }, firstDueDate);
    const terms: LoanTerms = { principal: capitalizedCost - residualValue, annualRate: 0, frequency: 'monthly', termPayments: termMonths, startDate, firstDueDate, dayCount: 'periodic', payment: schedule[0]!.payment };
    return { terms, schedule, interestBasis: 'scheduled', residual: residualValue };
  });

/** A history: for each installment pay it, skip it, pay part or double, early or late; and late fees now and then. */
const historyArb = fc.record({
  behaviour: fc.array(fc.record({ kind: fc.constantFrom('pay', 'skip', 'part', 'extra'), late: fc.integer({ min: -10, max: 25 }), fee: fc.constantFrom(0, 0, 0, 2_500, 1_000) }), { maxLength: 40 }),
  order: fc.constantFrom(...orders),
  asOfOffset: fc.integer({ min: 0, max: 1_500 }),
});

function simulate(acct: Accrual, behaviour: { kind: string; late: number; fee: number }[], order: readonly Component[]): LedgerEntry[] {
  const ledger: LedgerEntry[] = [];
  acct.schedule.forEach((row, i) => {
    const b = behaviour[i];
    if (!b) return;
    const date = addDays(row.dueDate, b.late);
    if (date < (ledger.at(-1)?.date ?? acct.terms.startDate)) return;
    if (b.fee > 0) ledger.push({ id: `f${++seq}`, date, kind: 'fee', amount: b.fee, fees: 0, interest: 0, principal: 0 });
    if (b.kind === 'skip') return;
    const payoff = loanPosition(acct, ledger, date, order).payoff;
    const want = b.kind === 'part' ? Math.ceil(row.payment / 2) : b.kind === 'extra' ? row.payment * 2 : row.payment;
    const amount = Math.min(want, payoff);
    if (amount > 0) post(acct, ledger, date, amount, order);
  });
  return ledger;
}

/** Each figure a borrower is offered, and what paying exactly that amount must achieve. */
function checkFigures(acct: Accrual, ledger: LedgerEntry[], asOf: IsoDate, order: readonly Component[]) {
  const before = loanPosition(acct, ledger, asOf, order);
  const after = (amount: Cents) => {
    const copy = [...ledger];
    post(acct, copy, asOf, amount, order);
    return loanPosition(acct, copy, asOf, order);
  };
  if (before.pastDueAmount > 0) {
    expect(after(before.pastDueAmount).status).not.toBe('past_due');
    // Not a cent more than needed: one cent less leaves the account past due.
    expect(after(before.pastDueAmount - 1 || 1).status === 'past_due' || before.pastDueAmount === 1).toBe(true);
  }
  if (before.amountDue > 0) {
    const a = after(before.amountDue);
    expect(a.amountDue).toBe(0);
    expect(a.status).not.toBe('past_due');
    if (before.amountDue > 1) expect(after(before.amountDue - 1).amountDue).toBeGreaterThan(0);
  }
  if (before.throughNextDue > 0 && before.nextDueDate) {
    const a = after(before.throughNextDue);
    expect(a.amountDue).toBe(0);
    expect(a.nextDueDate === null || a.nextDueDate > before.nextDueDate).toBe(true);
  }
  if (before.payoff > 0) {
    expect(after(before.payoff).status).toBe('paid_off');
    if (before.payoff > 1) expect(after(before.payoff - 1).status).not.toBe('paid_off');
  }
  expect(before.pastDueAmount).toBeLessThanOrEqual(before.amountDue);
  expect(before.amountDue).toBeLessThanOrEqual(before.throughNextDue);
  expect(before.throughNextDue).toBeLessThanOrEqual(before.payoff);
  expect(before.pastDueFees).toBeLessThanOrEqual(before.feesOutstanding);
}

describe('paying exactly a figure shown leads to the state it promises', () => {
  it('installment loans, any waterfall, fees and histories', () => {
    fc.assert(
      fc.property(loanArb, historyArb, (acct, { behaviour, order, asOfOffset }) => {
        const ledger = simulate(acct, behaviour, order);
        const asOf = addDays(ledger.at(-1)?.date ?? acct.terms.startDate, asOfOffset % 400);
        checkFigures(acct, ledger, asOf, order);
      }),
      { numRuns: 300 },
    );
  });

  it('leases, any waterfall, fees and histories', () => {
    fc.assert(
      fc.property(leaseArb, historyArb, (acct, { behaviour, order, asOfOffset }) => {
        const ledger = simulate(acct, behaviour, order);
        const asOf = addDays(ledger.at(-1)?.date ?? acct.terms.startDate, asOfOffset % 400);
        checkFigures(acct, ledger, asOf, order);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the past-due figure includes the fees the waterfall takes first', () => {
  // $8,000 at 11.99%, 36 months; three installments missed and a $25 late fee.
  const terms: LoanTerms = { principal: 800_000, annualRate: 119_900, frequency: 'monthly', termPayments: 36, startDate: '2026-04-07', firstDueDate: '2026-05-07', dayCount: 'actual/365' };
  const acct: Accrual = { terms, schedule: buildSchedule(terms) };
  const ledger: LedgerEntry[] = [];
  for (const row of acct.schedule.slice(0, 5)) post(acct, ledger, row.dueDate, row.payment, ['fees', 'interest', 'principal']);
  ledger.push({ id: 'late', date: '2026-10-17', kind: 'fee', amount: 2_500, fees: 0, interest: 0, principal: 0 });

  it('fees first (the default): past due = the missed installments + the late fee, and paying it makes the loan current', () => {
    const pos = loanPosition(acct, ledger, '2026-12-07');
    const missed = acct.schedule[5]!.payment + acct.schedule[6]!.payment;
    expect(pos.pastDueFees).toBe(2_500);
    expect(pos.pastDueAmount).toBe(missed + 2_500);
    expect(pos.amountDue).toBe(missed + 2_500 + acct.schedule[7]!.payment);
    const copy = [...ledger];
    post(acct, copy, '2026-12-07', pos.pastDueAmount, ['fees', 'interest', 'principal']);
    expect(loanPosition(acct, copy, '2026-12-07')).toMatchObject({ status: 'current', pastDueAmount: 0, daysPastDue: 0, feesOutstanding: 0 });
  });

  it('fees last: past due = the missed installments; the fee stays outstanding, after the principal', () => {
    const order: Component[] = ['interest', 'principal', 'fees'];
    const pos = loanPosition(acct, ledger, '2026-12-07', order);
    expect(pos.pastDueFees).toBe(0);
    expect(pos.pastDueAmount).toBe(acct.schedule[5]!.payment + acct.schedule[6]!.payment);
    expect(pos.feesOutstanding).toBe(2_500);
  });
});

describe('leases', () => {
  // $34,500 capitalized, $19,500 residual, 36 months, money factor 0.00125: $416.67 depreciation + $67.50 rent.
  const schedule = leaseSchedule({ capitalizedCost: 3_450_000, residualValue: 1_950_000, termMonths: 36, moneyFactorE7: 12_500 }, '2026-02-07');
  const terms: LoanTerms = { principal: 1_500_000, annualRate: 0, frequency: 'monthly', termPayments: 36, startDate: '2026-01-07', firstDueDate: '2026-02-07', dayCount: 'periodic', payment: schedule[0]!.payment };
  const acct: Accrual = { terms, schedule, interestBasis: 'scheduled', residual: 1_950_000 };

  it('a payment made before its due date keeps its rent charge', () => {
    const split = allocatePayment(acct, [], '2026-01-28', schedule[0]!.payment);
    expect(split).toMatchObject({ interest: schedule[0]!.interest, principal: schedule[0]!.principal, fees: 0, excess: 0 });
    expect(split.interest).toBe(6_750);
  });

  it('the payoff is the remaining payments plus the residual (purchase option)', () => {
    const ledger: LedgerEntry[] = [];
    for (const row of schedule.slice(0, 10)) post(acct, ledger, row.dueDate, row.payment, ['fees', 'interest', 'principal']);
    const pos = loanPosition(acct, ledger, '2026-12-10');
    const remaining = schedule.slice(10).reduce((s, r) => s + r.payment, 0);
    expect(pos.scheduledRemaining).toBe(remaining);
    expect(pos.payoff).toBe(remaining + 1_950_000);
    expect(pos.paid.interest).toBe(schedule.slice(0, 10).reduce((s, r) => s + r.interest, 0));
  });
});

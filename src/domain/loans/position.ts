import { daysBetween, type IsoDate } from '../dates';
import type { Cents } from '../money';
import { interestBetween, perDiem } from './accrual';
import { allocate, defaultAllocationOrder, type Allocation, type Component } from './allocation';
import { effectivePayments, entriesUpTo, type LedgerEntry } from './ledger';
import type { LoanTerms, ScheduledPayment } from './types';

/** Where an installment account stands on a date: every figure a borrower or agent sees. */
export interface LoanPosition {
  asOf: IsoDate;
  status: 'current' | 'past_due' | 'paid_off';
  principalBalance: Cents;
  /** Interest earned and not yet paid. */
  interestOutstanding: Cents;
  feesOutstanding: Cents;
  /** Principal + interest to date + fees: what clears the account today. */
  payoff: Cents;
  perDiem: Cents;
  /** Everything due on or before the date and unpaid, fees included. */
  amountDue: Cents;
  /** APD: installments whose due date has passed, unpaid. */
  pastDueAmount: Cents;
  /** DPD: days since the oldest unpaid installment fell due; 0 when nothing is past due. */
  daysPastDue: number;
  nextDueDate: IsoDate | null;
  nextDueAmount: Cents;
  remainingPayments: number;
  projectedPayoffDate: IsoDate | null;
  paid: { principal: Cents; interest: Cents; fees: Cents; total: Cents };
}

export interface Accrual {
  terms: LoanTerms;
  schedule: readonly ScheduledPayment[];
  /**
   * 'accrued' (loans): interest runs on the principal balance by the day count.
   * 'scheduled' (leases): the rent charge of each payment is earned on its due date.
   */
  interestBasis?: 'accrued' | 'scheduled';
  /** Leases: the residual value, part of the payoff (the price to buy the vehicle). */
  residual?: Cents;
}

/**
 * Interest earned from the start date to asOf on the actual principal balance, which falls with
 * each effective payment (a reversed payment counts as never made). Periods follow the schedule;
 * after maturity, interest runs on actual days.
 */
export function interestEarned({ terms, schedule, interestBasis }: Accrual, payments: readonly LedgerEntry[], asOf: IsoDate): Cents {
  if (asOf <= terms.startDate) return 0;
  if (interestBasis === 'scheduled') return schedule.reduce((sum, row) => sum + (row.dueDate <= asOf ? row.interest : 0), 0);
  // Principal reductions by date, in date order, walked once alongside the periods.
  const byDate = new Map<IsoDate, Cents>();
  for (const p of payments) byDate.set(p.date, (byDate.get(p.date) ?? 0) + p.principal);
  const events = [...byDate.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const bounds = [terms.startDate, ...schedule.map((s) => s.dueDate)];
  let balance = terms.principal;
  let e = 0;
  // Payments on or before the start date reduce the balance before any interest.
  while (e < events.length && events[e]![0] <= terms.startDate) balance -= events[e++]![1];
  let total = 0;
  for (let i = 0; i < bounds.length; i++) {
    const periodStart = bounds[i]!;
    if (periodStart >= asOf) break;
    const periodEnd = bounds[i + 1];
    const end = periodEnd === undefined || periodEnd > asOf ? asOf : periodEnd;
    const method =
      periodEnd === undefined
        ? { dayCount: 'actual/365' as const, frequency: terms.frequency }
        : { dayCount: terms.dayCount, frequency: terms.frequency, periodDays: daysBetween(periodStart, periodEnd) };
    // Within the period, interest runs on the balance until each payment, which then lowers it.
    let from = periodStart;
    while (e < events.length && events[e]![0] <= end) {
      const [date, principal] = events[e++]!;
      if (date > from) {
        total += interestBetween(Math.max(0, balance), terms.annualRate, from, date, method);
        from = date;
      }
      balance -= principal;
    }
    if (end > from) total += interestBetween(Math.max(0, balance), terms.annualRate, from, end, method);
    if (end === asOf) break;
  }
  return total;
}

export function loanPosition(account: Accrual, entries: readonly LedgerEntry[], asOf: IsoDate): LoanPosition {
  const { terms, schedule } = account;
  const payments = effectivePayments(entries, asOf);
  const upTo = entriesUpTo(entries, asOf);
  const paid = { principal: 0, interest: 0, fees: 0, total: 0 };
  for (const p of payments) {
    paid.principal += p.principal;
    paid.interest += p.interest;
    paid.fees += p.fees;
  }
  paid.total = paid.principal + paid.interest + paid.fees;
  const feesCharged = upTo.reduce((sum, e) => sum + (e.kind === 'fee' ? e.amount : e.kind === 'fee_waiver' ? -e.amount : 0), 0);
  const principalBalance = terms.principal - paid.principal;
  const interestOutstanding = Math.max(0, interestEarned(account, payments, asOf) - paid.interest);
  const feesOutstanding = Math.max(0, feesCharged - paid.fees);
  const payoff = Math.max(0, principalBalance) + interestOutstanding + feesOutstanding + (account.residual ?? 0);

  if (payoff === 0) {
    return {
      asOf, status: 'paid_off', principalBalance: 0, interestOutstanding: 0, feesOutstanding: 0, payoff: 0, perDiem: 0,
      amountDue: 0, pastDueAmount: 0, daysPastDue: 0, nextDueDate: null, nextDueAmount: 0, remainingPayments: 0, projectedPayoffDate: null, paid,
    };
  }

  // Installments are covered in order by what was paid to principal and interest.
  const credited = paid.principal + paid.interest;
  let cumulative = 0;
  let dueThrough = 0; // scheduled amount due on or before asOf
  let pastDueThrough = 0; // scheduled amount due before asOf
  let firstUncovered = -1;
  for (let i = 0; i < schedule.length; i++) {
    const row = schedule[i]!;
    cumulative += row.payment;
    if (row.dueDate <= asOf) dueThrough = cumulative;
    if (row.dueDate < asOf) pastDueThrough = cumulative;
    if (firstUncovered < 0 && cumulative > credited) firstUncovered = i;
  }
  const pastDueAmount = Math.min(payoff, Math.max(0, pastDueThrough - credited));
  const amountDue = Math.min(payoff, Math.max(0, dueThrough - credited) + feesOutstanding);
  const daysPastDue = pastDueAmount > 0 && firstUncovered >= 0 ? daysBetween(schedule[firstUncovered]!.dueDate, asOf) : 0;

  let nextDueDate: IsoDate | null = null;
  let nextDueAmount = 0;
  let before = 0;
  for (const row of schedule) {
    const after = before + row.payment;
    if (row.dueDate >= asOf && after > credited) {
      nextDueDate = row.dueDate;
      nextDueAmount = Math.min(payoff, after - Math.max(before, credited));
      break;
    }
    before = after;
  }

  const projection = project(account, firstUncovered, credited, Math.max(0, principalBalance), interestOutstanding, asOf);
  return {
    asOf,
    status: pastDueAmount > 0 ? 'past_due' : 'current',
    principalBalance: Math.max(0, principalBalance),
    interestOutstanding,
    feesOutstanding,
    payoff,
    perDiem: perDiem(Math.max(0, principalBalance), terms.annualRate),
    amountDue,
    pastDueAmount,
    daysPastDue,
    nextDueDate,
    nextDueAmount,
    remainingPayments: projection.count,
    projectedPayoffDate: projection.lastDate,
    paid,
  };
}

/**
 * Remaining payments and payoff date if the borrower pays each remaining installment as scheduled
 * from here (past-due ones today): a loan paid ahead finishes early, and the last installment
 * absorbs whatever is left, as a schedule's last payment does.
 */
function project(account: Accrual, firstUncovered: number, credited: Cents, balance: Cents, interestOwed: Cents, asOf: IsoDate) {
  const { terms, schedule } = account;
  const last = schedule.at(-1)?.dueDate ?? null;
  if (firstUncovered < 0) return { count: balance + interestOwed > 0 ? 1 : 0, lastDate: last && last > asOf ? last : asOf };
  if (account.interestBasis === 'scheduled') {
    return { count: schedule.length - firstUncovered, lastDate: last };
  }
  let coveredBefore = 0;
  for (let i = 0; i < firstUncovered; i++) coveredBefore += schedule[i]!.payment;
  let owed = interestOwed;
  let from = asOf;
  let count = 0;
  let lastDate: IsoDate | null = null;
  for (let i = 0; i < schedule.length && balance > 0; i++) {
    const row = schedule[i]!;
    if (row.dueDate > asOf) {
      // Interest for the part of this period after `from`, on the balance left.
      const prev = i === 0 ? terms.startDate : schedule[i - 1]!.dueDate;
      const periodStart = prev > from ? prev : from;
      owed += interestBetween(balance, terms.annualRate, periodStart, row.dueDate, { dayCount: terms.dayCount, frequency: terms.frequency, periodDays: daysBetween(prev, row.dueDate) });
      from = row.dueDate;
    }
    if (i < firstUncovered) continue;
    const isLast = i === schedule.length - 1;
    const scheduled = i === firstUncovered ? row.payment - Math.max(0, credited - coveredBefore) : row.payment;
    const pay = isLast ? balance + owed : scheduled;
    const toInterest = Math.min(pay, owed);
    owed -= toInterest;
    balance -= pay - toInterest;
    count++;
    lastDate = row.dueDate > asOf ? row.dueDate : asOf;
  }
  return { count, lastDate };
}

/** Splits a payment made on `date` over what the account owes that day, in the tenant's order. */
export function allocatePayment(
  account: Accrual,
  entries: readonly LedgerEntry[],
  date: IsoDate,
  amount: Cents,
  order: readonly Component[] = defaultAllocationOrder,
): Allocation {
  const pos = loanPosition(account, entries, date);
  return allocate(amount, { fees: pos.feesOutstanding, interest: pos.interestOutstanding, principal: pos.principalBalance }, order);
}

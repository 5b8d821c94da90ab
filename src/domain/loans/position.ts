import { daysBetween, type IsoDate } from '../dates';
import type { Cents } from '../money';
import { interestBetween, perDiem } from './accrual';
import { allocate, defaultAllocationOrder, isValidOrder, type Allocation, type Component, type Owed } from './allocation';
import { effectivePayments, entriesUpTo, type LedgerEntry } from './ledger';
import type { LoanTerms, ScheduledPayment } from './types';

/** Where an installment account stands on a date: every figure a borrower or agent sees. */
export interface LoanPosition {
  asOf: IsoDate;
  status: 'current' | 'past_due' | 'paid_off';
  /** Loans: principal not yet repaid. Leases: capitalized cost not yet depreciated, less the residual. */
  principalBalance: Cents;
  /** Interest (a lease's rent charge) earned and not yet paid. */
  interestOutstanding: Cents;
  feesOutstanding: Cents;
  /** What clears the account today: loans, principal + interest to date + fees; leases, the remaining payments + the residual + fees. */
  payoff: Cents;
  perDiem: Cents;
  /** Paid today, leaves nothing due through today unpaid. */
  amountDue: Cents;
  /** Paid today, makes the account current: the unpaid installments due before today, with the fees the waterfall takes first. */
  pastDueAmount: Cents;
  /** The part of pastDueAmount that goes to fees. */
  pastDueFees: Cents;
  /** DPD: days since the oldest unpaid installment fell due; 0 when nothing is past due. */
  daysPastDue: number;
  /** The next installment due on or after the date that is not paid yet, and its unpaid part. */
  nextDueDate: IsoDate | null;
  nextDueAmount: Cents;
  /** Paid today, covers every installment through nextDueDate (with what is past due). */
  throughNextDue: Cents;
  /** Scheduled payments not yet covered (a lease's "remaining payments"). */
  scheduledRemaining: Cents;
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

/**
 * Where an installment loan or a lease stands on a date, with every figure a borrower or agent is
 * shown. The figures to pay are computed from the same waterfall `allocatePayment` posts with, so
 * paying exactly one of them on `asOf` leads to the state it names:
 * - `pastDueAmount`: the loan is current (no installment due before today left unpaid);
 * - `amountDue`: nothing due through today is left unpaid (fees too, where the waterfall reaches
 *   them before principal);
 * - `throughNextDue`: the next installment (on or after today) is covered as well;
 * - `payoff`: the account is paid off.
 */
export function loanPosition(account: Accrual, entries: readonly LedgerEntry[], asOf: IsoDate, order: readonly Component[] = defaultAllocationOrder): LoanPosition {
  const { terms, schedule } = account;
  const lease = account.interestBasis === 'scheduled';
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
  const principalBalance = Math.max(0, terms.principal - paid.principal);
  const interestOutstanding = Math.max(0, interestEarned(account, payments, asOf) - paid.interest);
  const feesOutstanding = Math.max(0, feesCharged - paid.fees);
  // Installments are covered in order by what was paid to principal and interest.
  const credited = paid.principal + paid.interest;
  const scheduledTotal = schedule.reduce((sum, row) => sum + row.payment, 0);
  const scheduledRemaining = Math.max(0, scheduledTotal - credited);
  // A lease is paid off by its remaining payments and the residual (the purchase price), rent included.
  const residualRemaining = lease ? Math.max(0, scheduledTotal + (account.residual ?? 0) - credited) - scheduledRemaining : 0;
  const payoff = lease ? scheduledRemaining + residualRemaining + feesOutstanding : principalBalance + interestOutstanding + feesOutstanding;

  if (payoff === 0) {
    return {
      asOf, status: 'paid_off', principalBalance: 0, interestOutstanding: 0, feesOutstanding: 0, payoff: 0, perDiem: 0,
      amountDue: 0, pastDueAmount: 0, pastDueFees: 0, daysPastDue: 0, nextDueDate: null, nextDueAmount: 0, throughNextDue: 0,
      scheduledRemaining: 0, remainingPayments: 0, projectedPayoffDate: null, paid,
    };
  }

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

  let nextDueDate: IsoDate | null = null;
  let nextDueAmount = 0;
  let nextDueThrough = 0;
  let before = 0;
  for (const row of schedule) {
    const after = before + row.payment;
    if (row.dueDate >= asOf && after > credited) {
      nextDueDate = row.dueDate;
      nextDueAmount = Math.min(payoff, after - Math.max(before, credited));
      nextDueThrough = after;
      break;
    }
    before = after;
  }

  const owed = { fees: feesOutstanding, interest: interestOutstanding, principal: principalBalance };
  const buckets = lease ? leaseBuckets(feesOutstanding, scheduledRemaining, residualRemaining, order) : loanBuckets(owed, order);
  // Fees are part of "due now" only where the waterfall reaches them before the principal (or, on a
  // lease, before the installments): elsewhere only paying the account off would clear them.
  const clearFees = lease ? order[0] === 'fees' : order.indexOf('fees') < order.indexOf('principal');
  const pastDue = amountToCover(buckets, Math.max(0, pastDueThrough - credited), false);
  const due = amountToCover(buckets, Math.max(0, dueThrough - credited), clearFees);
  const throughNext = nextDueDate ? amountToCover(buckets, Math.max(0, nextDueThrough - credited), clearFees).amount : due.amount;
  const daysPastDue = pastDue.amount > 0 && firstUncovered >= 0 ? daysBetween(schedule[firstUncovered]!.dueDate, asOf) : 0;

  const projection = project(account, firstUncovered, credited, principalBalance, interestOutstanding, asOf);
  return {
    asOf,
    status: pastDue.amount > 0 ? 'past_due' : 'current',
    principalBalance,
    interestOutstanding,
    feesOutstanding,
    payoff,
    perDiem: lease ? 0 : perDiem(principalBalance, terms.annualRate),
    amountDue: due.amount,
    pastDueAmount: pastDue.amount,
    pastDueFees: pastDue.fees,
    daysPastDue,
    nextDueDate,
    nextDueAmount,
    throughNextDue: Math.max(throughNext, due.amount),
    scheduledRemaining,
    remainingPayments: projection.count,
    projectedPayoffDate: projection.lastDate,
    paid,
  };
}

/** What the waterfall fills, in order: fees, or money that counts toward the installments. */
type Bucket = { kind: 'fees' | 'credit'; amount: Cents };

function loanBuckets(owed: Owed, order: readonly Component[]): Bucket[] {
  return order.map((part) => ({ kind: part === 'fees' ? 'fees' : 'credit', amount: Math.max(0, owed[part]) }));
}

/** A lease's payment covers its installments (rent and depreciation together), then the residual; fees first or after the installments. */
function leaseBuckets(fees: Cents, installments: Cents, residual: Cents, order: readonly Component[]): Bucket[] {
  const f: Bucket = { kind: 'fees', amount: fees };
  return order[0] === 'fees'
    ? [f, { kind: 'credit', amount: installments }, { kind: 'credit', amount: residual }]
    : [{ kind: 'credit', amount: installments }, f, { kind: 'credit', amount: residual }];
}

/**
 * The least amount that, split by the waterfall, puts `need` toward the installments (and, with
 * `clearFees`, pays the fees too). Fees reached on the way are paid in full first, as the split does.
 */
function amountToCover(buckets: readonly Bucket[], need: Cents, clearFees: boolean): { amount: Cents; fees: Cents } {
  let amount = 0;
  let fees = 0;
  let feesWanted = clearFees && buckets.some((b) => b.kind === 'fees' && b.amount > 0);
  const feesAt = buckets.findIndex((b) => b.kind === 'fees');
  for (let i = 0; i < buckets.length && (need > 0 || feesWanted); i++) {
    const b = buckets[i]!;
    if (b.kind === 'fees') {
      amount += b.amount;
      fees += b.amount;
      feesWanted = false;
      continue;
    }
    // A bucket before fees that must be reached is filled whole; otherwise only what is needed.
    const take = feesWanted && feesAt > i ? b.amount : Math.min(need, b.amount);
    amount += take;
    need = Math.max(0, need - take);
  }
  return { amount, fees };
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

/**
 * Splits a payment made on `date` over what the account owes that day, in the tenant's order. A
 * lease's payment covers its installments one by one (each one's rent charge and depreciation),
 * so a payment made early keeps the rent charge of the installment it pays.
 */
export function allocatePayment(
  account: Accrual,
  entries: readonly LedgerEntry[],
  date: IsoDate,
  amount: Cents,
  order: readonly Component[] = defaultAllocationOrder,
): Allocation {
  const pos = loanPosition(account, entries, date, order);
  if (account.interestBasis !== 'scheduled') {
    return allocate(amount, { fees: pos.feesOutstanding, interest: pos.interestOutstanding, principal: pos.principalBalance }, order);
  }
  return allocateLease(account, pos, amount, order);
}

function allocateLease(account: Accrual, pos: LoanPosition, amount: Cents, order: readonly Component[]): Allocation {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError('a payment must be a positive number of cents');
  if (!isValidOrder(order)) throw new RangeError('allocation order must name fees, interest and principal once each');
  const split: Allocation = { fees: 0, interest: 0, principal: 0, excess: 0 };
  let left = amount;
  const takeFees = () => {
    const t = Math.min(left, pos.feesOutstanding);
    split.fees += t;
    left -= t;
  };
  if (order[0] === 'fees') takeFees();
  const rentFirst = order.indexOf('interest') < order.indexOf('principal');
  let rentThrough = 0;
  let depreciationThrough = 0;
  for (const row of account.schedule) {
    if (left === 0) break;
    rentThrough += row.interest;
    depreciationThrough += row.principal;
    const rent = Math.max(0, rentThrough - pos.paid.interest - split.interest);
    const depreciation = Math.max(0, depreciationThrough - pos.paid.principal - split.principal);
    for (const part of rentFirst ? (['interest', 'principal'] as const) : (['principal', 'interest'] as const)) {
      const t = Math.min(left, part === 'interest' ? rent : depreciation);
      split[part] += t;
      left -= t;
    }
  }
  if (order[0] !== 'fees') takeFees();
  // Beyond the installments: the residual, which buys the vehicle.
  const toResidual = Math.min(left, Math.max(0, pos.payoff - pos.feesOutstanding - split.interest - split.principal));
  split.principal += toResidual;
  left -= toResidual;
  split.excess = left;
  return split;
}

export type InstallmentState = 'paid' | 'missed' | 'due' | 'upcoming';

/**
 * Each scheduled installment as of a date, covered in order by what was paid to principal and
 * interest: paid in full, missed (due before the date and not fully paid), due today, or upcoming;
 * with the part of it still unpaid. A paid-off account has every installment settled.
 */
export function installmentStates(account: Accrual, entries: readonly LedgerEntry[], asOf: IsoDate, paidOff = false): { number: number; dueDate: IsoDate; state: InstallmentState; unpaid: Cents }[] {
  let credited = 0;
  for (const p of effectivePayments(entries, asOf)) credited += p.principal + p.interest;
  let before = 0;
  return account.schedule.map((row) => {
    // Paid off early (less interest than scheduled): every installment is settled.
    const unpaid = paidOff ? 0 : Math.max(0, Math.min(row.payment, before + row.payment - credited));
    before += row.payment;
    const state: InstallmentState = unpaid === 0 ? 'paid' : row.dueDate < asOf ? 'missed' : row.dueDate === asOf ? 'due' : 'upcoming';
    return { number: row.number, dueDate: row.dueDate, state, unpaid };
  });
}

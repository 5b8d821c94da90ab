/**
 * Revolving lines of credit (a credit card is issued on one): billing cycles, statements and the
 * current balance, computed from the terms and the transaction list alone so any statement can be
 * rebuilt and audited. All money is integer cents; interest is exact bigint math, rounded once.
 */
import { addDays, addMonths, dayNumber, fromParts, isIsoDate, parts, type IsoDate } from '../dates';
import { divRound, type Cents } from '../money';
import { MICROS, type RateMicros } from '../rates';

export interface LineTerms {
  creditLimit: Cents;
  annualRate: RateMicros;
  openDate: IsoDate;
  /** 1–28, the cycle closing day of month (≤ 28 so every month has it). */
  statementDay: number;
  /** Days after closing; 1–27 so the due date and the late fee both fall in the next cycle. */
  paymentDueDays: number;
  minimumPayment: { percentOfBalance: RateMicros; floor: Cents };
  lateFee: Cents;
}

export type LineTransactionKind = 'draw' | 'payment' | 'fee' | 'credit' | 'reversal';

export interface LineTransaction {
  id: string;
  date: IsoDate;
  kind: LineTransactionKind;
  /** Always positive; the kind gives the direction. */
  amount: Cents;
  /** For a reversal: the id of the payment or draw it reverses. */
  reverses?: string;
}

/** Inclusive [start, end]; end is a closing day. */
export type Cycle = readonly [start: IsoDate, end: IsoDate];

export interface Statement {
  periodStart: IsoDate;
  periodEnd: IsoDate;
  openingBalance: Cents;
  /** Draws less reversed draws (negative when only an earlier draw was reversed). */
  purchases: Cents;
  /** Payments less returned (reversed) payments. */
  payments: Cents;
  credits: Cents;
  /** Fee transactions plus the late fee. */
  fees: Cents;
  /** The part of `fees` that is the late fee (0 when none). */
  lateFee: Cents;
  interest: Cents;
  /** Informational: average of the daily balances (negatives as 0), rounded. */
  averageDailyBalance: Cents;
  closingBalance: Cents;
  minimumPayment: Cents;
  dueDate: IsoDate;
  creditLimit: Cents;
  availableCredit: Cents;
  /** Previous minimum payment still unpaid at this closing (already included in minimumPayment). */
  pastDue: Cents;
}

export interface LineBalance {
  /** Everything posted up to asOf, including interest billed on closed statements. */
  balance: Cents;
  /** Interest accrued since the last closing, not yet billed (not in balance). */
  accruedInterest: Cents;
  availableCredit: Cents;
  overLimit: boolean;
}

// ---------------------------------------------------------------- validation

function wholeInRange(value: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

function checkDate(date: IsoDate, what: string): void {
  if (!isIsoDate(date)) throw new RangeError(`${what} is not an ISO date: ${date}`);
}

export function validateTerms(terms: LineTerms): void {
  wholeInRange(terms.creditLimit, 0, Number.MAX_SAFE_INTEGER, 'creditLimit');
  wholeInRange(terms.annualRate, 0, MICROS, 'annualRate');
  checkDate(terms.openDate, 'openDate');
  wholeInRange(terms.statementDay, 1, 28, 'statementDay');
  wholeInRange(terms.paymentDueDays, 1, 27, 'paymentDueDays');
  wholeInRange(terms.minimumPayment.percentOfBalance, 0, MICROS, 'minimumPayment.percentOfBalance');
  wholeInRange(terms.minimumPayment.floor, 0, Number.MAX_SAFE_INTEGER, 'minimumPayment.floor');
  wholeInRange(terms.lateFee, 0, Number.MAX_SAFE_INTEGER, 'lateFee');
}

/** Validated transactions with an id index (reversals need the kind of what they reverse). */
interface Ledger {
  txns: readonly LineTransaction[];
  byId: ReadonlyMap<string, LineTransaction>;
}

function ledgerOf(terms: LineTerms, txns: readonly LineTransaction[]): Ledger {
  const byId = new Map<string, LineTransaction>();
  for (const t of txns) {
    if (byId.has(t.id)) throw new RangeError(`duplicate transaction id ${t.id}`);
    checkDate(t.date, `transaction ${t.id} date`);
    if (t.date < terms.openDate) throw new RangeError(`transaction ${t.id} is dated before the line opened`);
    wholeInRange(t.amount, 1, Number.MAX_SAFE_INTEGER, `transaction ${t.id} amount`);
    if ((t.kind === 'reversal') !== (t.reverses !== undefined)) {
      throw new RangeError(`transaction ${t.id}: only a reversal has "reverses", and a reversal must have it`);
    }
    byId.set(t.id, t);
  }
  // Checked after indexing so a reversal may be listed before its original.
  const reversed = new Map<string, number>();
  for (const t of txns) {
    if (t.kind !== 'reversal') continue;
    const original = byId.get(t.reverses!);
    if (!original || (original.kind !== 'payment' && original.kind !== 'draw')) {
      throw new RangeError(`reversal ${t.id} must reverse a known payment or draw`);
    }
    if (t.date < original.date) throw new RangeError(`reversal ${t.id} is dated before ${original.id}`);
    const total = (reversed.get(original.id) ?? 0) + t.amount;
    if (total > original.amount) throw new RangeError(`reversals of ${original.id} exceed its amount`);
    reversed.set(original.id, total);
  }
  return { txns, byId };
}

// ---------------------------------------------------------------- cycles

/** First closing day strictly after `date` (statementDay ≤ 28, so no month-end clamping is needed). */
function nextClosing(date: IsoDate, statementDay: number): IsoDate {
  const { y, m, d } = parts(date);
  const sameMonth = fromParts(y, m, statementDay);
  return d < statementDay ? sameMonth : addMonths(sameMonth, 1);
}

/**
 * Closed cycles up to asOf (a cycle is closed when its closing day is on or before asOf).
 * The first runs from openDate to the first statementDay after it (so opening on a closing day gives
 * a cycle of about a month, not one day); each next one from the day after the last closing.
 */
export function billingCycles(terms: LineTerms, asOf: IsoDate): Cycle[] {
  validateTerms(terms);
  checkDate(asOf, 'asOf');
  const cycles: Cycle[] = [];
  let start = terms.openDate;
  for (let end = nextClosing(start, terms.statementDay); end <= asOf; end = nextClosing(start, terms.statementDay)) {
    cycles.push([start, end]);
    start = addDays(end, 1);
  }
  return cycles;
}

// ---------------------------------------------------------------- activity within a period

function signedEffect(t: LineTransaction, ledger: Ledger): Cents {
  switch (t.kind) {
    case 'draw':
    case 'fee':
      return t.amount;
    case 'payment':
    case 'credit':
      return -t.amount;
    case 'reversal':
      // A returned payment puts the debt back; a reversed draw takes it away.
      return ledger.byId.get(t.reverses!)!.kind === 'payment' ? t.amount : -t.amount;
  }
}

/** Payments dated in [from, to], less any reversal of those payments dated up to reversalCutoff. */
function paymentsTowardMinimum(ledger: Ledger, from: IsoDate, to: IsoDate, reversalCutoff: IsoDate): Cents {
  let paid = 0;
  for (const t of ledger.txns) {
    if (t.kind === 'payment' && t.date >= from && t.date <= to) paid += t.amount;
    if (t.kind === 'reversal' && t.date <= reversalCutoff) {
      const original = ledger.byId.get(t.reverses!)!;
      if (original.kind === 'payment' && original.date >= from && original.date <= to) paid -= t.amount;
    }
  }
  return paid;
}

/**
 * Late fee when the previous minimum was not covered by payments made after that statement and on
 * or before its due date (a payment returned by `end` does not count). Dated the day after the due
 * date; capped at the missed minimum, as Reg Z §1026.52(b) caps penalty fees at the amount missed.
 */
function lateFeeIn(terms: LineTerms, ledger: Ledger, start: IsoDate, end: IsoDate, previous?: Statement): { date: IsoDate; amount: Cents } | null {
  if (!previous || previous.minimumPayment <= 0 || terms.lateFee === 0) return null;
  const date = addDays(previous.dueDate, 1);
  if (date < start || date > end) return null;
  if (paymentsTowardMinimum(ledger, start, previous.dueDate, end) >= previous.minimumPayment) return null;
  // Nothing was owed by the due date (credits or payments cleared the balance): no minimum was missed.
  let balance = previous.closingBalance;
  for (const t of ledger.txns) if (t.date >= start && t.date <= previous.dueDate) balance += signedEffect(t, ledger);
  if (balance <= 0) return null;
  return { date, amount: Math.min(terms.lateFee, previous.minimumPayment) };
}

interface Activity {
  purchases: Cents;
  payments: Cents;
  credits: Cents;
  fees: Cents;
  lateFee: Cents;
  /** Balance at the end of `end`, before interest for the period is billed. */
  endBalance: Cents;
  /** Σ over days of max(0, end-of-day balance), in cent-days. */
  dailyBalanceSum: bigint;
  days: number;
}

function activityIn(terms: LineTerms, ledger: Ledger, opening: Cents, start: IsoDate, end: IsoDate, previous?: Statement): Activity {
  const first = dayNumber(start);
  const days = dayNumber(end) - first + 1;
  const deltas = new Array<number>(days).fill(0);
  const a = { purchases: 0, payments: 0, credits: 0, fees: 0, lateFee: 0 };

  for (const t of ledger.txns) {
    if (t.date < start || t.date > end) continue;
    const effect = signedEffect(t, ledger);
    deltas[dayNumber(t.date) - first]! += effect;
    if (t.kind === 'draw') a.purchases += t.amount;
    else if (t.kind === 'payment') a.payments += t.amount;
    else if (t.kind === 'credit') a.credits += t.amount;
    else if (t.kind === 'fee') a.fees += t.amount;
    else if (effect > 0) a.payments -= t.amount; // returned payment
    else a.purchases -= t.amount; // reversed draw
  }
  const late = lateFeeIn(terms, ledger, start, end, previous);
  if (late) {
    deltas[dayNumber(late.date) - first]! += late.amount;
    a.fees += late.amount;
    a.lateFee = late.amount;
  }

  // Average daily balance: each day's end-of-day balance, a credit balance counting as zero.
  let balance = opening;
  let sum = 0n;
  for (const delta of deltas) {
    balance += delta;
    if (balance > 0) sum += BigInt(balance);
  }
  return { ...a, endBalance: balance, dailyBalanceSum: sum, days };
}

/** round(Σ daily balances × rate / (1e6 × 365)): a 365-day year, leap years included. */
function interestOn(dailyBalanceSum: bigint, annualRate: RateMicros): Cents {
  return Number(divRound(dailyBalanceSum * BigInt(annualRate), BigInt(MICROS) * 365n));
}

// ---------------------------------------------------------------- statements

function statementFor(terms: LineTerms, ledger: Ledger, opening: Cents, cycle: Cycle, previous?: Statement): Statement {
  const [start, end] = cycle;
  const a = activityIn(terms, ledger, opening, start, end, previous);
  const interest = interestOn(a.dailyBalanceSum, terms.annualRate);
  const closing = a.endBalance + interest;
  const owed = Math.max(0, closing);

  // Unpaid previous minimum = what was due less payments made since (by this closing), never above the balance.
  const paidSince = previous ? paymentsTowardMinimum(ledger, start, end, end) : 0;
  const pastDue = previous ? Math.min(owed, Math.max(0, previous.minimumPayment - paidSince)) : 0;

  const { percentOfBalance, floor } = terms.minimumPayment;
  const percentPart = Number(divRound(BigInt(owed) * BigInt(percentOfBalance), BigInt(MICROS)));
  const current = Math.min(owed, Math.max(floor, percentPart + interest + a.fees));
  // Capped at the balance: nobody has to pay more than they owe, past due or not.
  const minimumPayment = Math.min(owed, current + pastDue);

  return {
    periodStart: start,
    periodEnd: end,
    openingBalance: opening,
    purchases: a.purchases,
    payments: a.payments,
    credits: a.credits,
    fees: a.fees,
    lateFee: a.lateFee,
    interest,
    averageDailyBalance: Number(divRound(a.dailyBalanceSum, BigInt(a.days))),
    closingBalance: closing,
    minimumPayment,
    dueDate: addDays(end, terms.paymentDueDays),
    creditLimit: terms.creditLimit,
    availableCredit: Math.max(0, terms.creditLimit - closing),
    pastDue,
  };
}

/**
 * One statement. `txns` may be the whole history (reversals look up their originals); only those
 * dated in the cycle post. `previousStatement` must be the one closing the day before the cycle.
 */
export function buildStatement(
  terms: LineTerms,
  openingBalance: Cents,
  cycle: Cycle,
  txns: readonly LineTransaction[],
  previousStatement?: Statement,
): Statement {
  validateTerms(terms);
  const [start, end] = cycle;
  checkDate(start, 'cycle start');
  checkDate(end, 'cycle end');
  if (end < start) throw new RangeError('cycle ends before it starts');
  if (start < terms.openDate) throw new RangeError('cycle starts before the line opened');
  if (!Number.isSafeInteger(openingBalance)) throw new RangeError('openingBalance must be whole cents');
  if (previousStatement && previousStatement.periodEnd !== addDays(start, -1)) {
    throw new RangeError('previousStatement must close the day before this cycle starts');
  }
  return statementFor(terms, ledgerOf(terms, txns), openingBalance, cycle, previousStatement);
}

function chain(terms: LineTerms, ledger: Ledger, asOf: IsoDate): Statement[] {
  const out: Statement[] = [];
  for (const cycle of billingCycles(terms, asOf)) {
    const previous = out.at(-1);
    out.push(statementFor(terms, ledger, previous?.closingBalance ?? 0, cycle, previous));
  }
  return out;
}

/** Every statement of the cycles closed by asOf, each opening at the previous closing. */
export function statements(terms: LineTerms, txns: readonly LineTransaction[], asOf: IsoDate): Statement[] {
  validateTerms(terms);
  return chain(terms, ledgerOf(terms, txns), asOf);
}

/** The balance at the end of asOf; transactions after asOf are ignored. */
export function lineBalance(terms: LineTerms, txns: readonly LineTransaction[], asOf: IsoDate): LineBalance {
  validateTerms(terms);
  const ledger = ledgerOf(terms, txns);
  const closed = chain(terms, ledger, asOf);
  const last = closed.at(-1);
  const start = last ? addDays(last.periodEnd, 1) : terms.openDate;
  let balance = last?.closingBalance ?? 0;
  let accruedInterest = 0;
  if (start <= asOf) {
    const a = activityIn(terms, ledger, balance, start, asOf, last);
    balance = a.endBalance;
    accruedInterest = interestOn(a.dailyBalanceSum, terms.annualRate);
  }
  return {
    balance,
    accruedInterest,
    availableCredit: Math.max(0, terms.creditLimit - balance),
    overLimit: balance > terms.creditLimit,
  };
}

// ---------------------------------------------------------------- what is owed, and what paying it does

/** Where a line stands on a date: every figure a borrower or agent sees, from the same statement chain. */
export interface LinePosition {
  asOf: IsoDate;
  status: 'current' | 'past_due' | 'paid_off';
  /**
   * The balance as people read it: posted, interest billed on closed statements included. A
   * payment that paid this cycle's interest ahead (a payoff) reads as zero, not as a credit that
   * the interest will take back at the closing; the interest so far is then zero too.
   */
  balance: Cents;
  /** Interest accrued since the last closing and not yet paid ahead, billed at the next one. */
  accruedInterest: Cents;
  /** The limit less the balance read so, never above the limit for paid-ahead interest. */
  availableCredit: Cents;
  creditLimit: Cents;
  overLimit: boolean;
  /** The last statement closed before asOf, if any (the one a payment on asOf is paying). */
  statement: Statement | null;
  /** Payments (less returns) dated after the last statement closed. */
  paidSinceStatement: Cents;
  /** The last statement's minimum still unpaid: paid on asOf, it is met. */
  minimumDue: Cents;
  minimumDueDate: IsoDate | null;
  /** The last statement asked for a minimum and payments since have met it. */
  minimumPaid: boolean;
  /** The last statement's balance still unpaid. */
  statementBalanceDue: Cents;
  /** Paid on asOf, leaves nothing owed at the next closing (the interest accrued so far included). */
  payoff: Cents;
}

/** Computed charges (interest billed at each closing, late fees) that carry no ledger row of their own. */
export interface LineCharge {
  date: IsoDate;
  kind: 'interest' | 'late_fee';
  amount: Cents;
}

/** The interest and late fees the statements up to asOf charged, by date. */
export function lineCharges(terms: LineTerms, txns: readonly LineTransaction[], asOf: IsoDate): LineCharge[] {
  const out: LineCharge[] = [];
  const closed = statements(terms, txns, asOf);
  closed.forEach((s, i) => {
    const previous = closed[i - 1];
    if (s.lateFee > 0 && previous) out.push({ date: addDays(previous.dueDate, 1), kind: 'late_fee', amount: s.lateFee });
    if (s.interest > 0) out.push({ date: s.periodEnd, kind: 'interest', amount: s.interest });
  });
  // A late fee of the open cycle is already in the balance: list it too.
  const last = closed.at(-1);
  if (last && last.minimumPayment > 0) {
    const ledger = ledgerOf(terms, txns);
    const start = addDays(last.periodEnd, 1);
    if (start <= asOf) {
      const late = lateFeeIn(terms, ledger, start, asOf, last);
      if (late) out.push({ date: late.date, kind: 'late_fee', amount: late.amount });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The first closing day on or after asOf: the cycle a payment made on asOf belongs to. */
function closingOf(terms: LineTerms, asOf: IsoDate): IsoDate {
  return asOf <= terms.openDate ? nextClosing(terms.openDate, terms.statementDay) : nextClosing(addDays(asOf, -1), terms.statementDay);
}

export function linePosition(terms: LineTerms, txns: readonly LineTransaction[], asOf: IsoDate): LinePosition {
  validateTerms(terms);
  const known = txns.filter((t) => t.date <= asOf);
  const ledger = ledgerOf(terms, known);
  const now = lineBalance(terms, known, asOf);
  // A payment made on a closing day counts in the cycle closing that day: the statement a borrower
  // pays on asOf is the last one closed before it.
  const statement = chain(terms, ledger, addDays(asOf, -1)).at(-1) ?? null;
  const paidSinceStatement = statement ? paymentsTowardMinimum(ledger, addDays(statement.periodEnd, 1), asOf, asOf) : 0;

  // The payoff: what takes the next closing balance to zero. Paid on asOf, the days before keep
  // their interest and the rest carry none, so the closing balance falls cent for cent with the
  // amount: one correction from the first estimate is exact; a second covers rounding.
  const closing = closingOf(terms, asOf);
  const closingAfter = (amount: Cents): Cents => {
    const withPayment = amount > 0 ? [...known, { id: '\u0000payoff', date: asOf, kind: 'payment' as const, amount }] : known;
    return statements(terms, withPayment, closing).at(-1)!.closingBalance;
  };
  // closingAfter never rises as the amount does: the payoff is the least amount it takes to zero.
  // The first estimate corrected once is exact in the usual case; otherwise search.
  const zeroes = (amount: Cents) => closingAfter(amount) <= 0;
  let payoff = Math.max(0, now.balance + now.accruedInterest);
  if (payoff > 0) {
    const corrected = Math.max(0, payoff + closingAfter(payoff));
    if (zeroes(corrected) && (corrected === 0 || !zeroes(corrected - 1))) payoff = corrected;
    else {
      let hi = Math.max(1, payoff);
      while (!zeroes(hi)) hi *= 2;
      let lo = 0;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (zeroes(mid)) hi = mid;
        else lo = mid + 1;
      }
      payoff = hi;
    }
  }

  // Never more than is owed: credits since the statement can bring the balance below its minimum.
  const minimumDue = statement ? Math.min(payoff, Math.max(0, now.balance), Math.max(0, statement.minimumPayment - paidSinceStatement)) : 0;
  const statementBalanceDue = statement ? Math.min(payoff, Math.max(0, statement.closingBalance - paidSinceStatement)) : 0;
  const pastDue = statement !== null && minimumDue > 0 && asOf > statement.dueDate;
  // A credit that only covers the interest accrued so far is that interest paid ahead, not money owed back.
  const paidAhead = now.balance < 0 ? Math.min(-now.balance, now.accruedInterest) : 0;
  const balance = now.balance + paidAhead;
  return {
    asOf,
    status: payoff === 0 && balance <= 0 ? 'paid_off' : pastDue ? 'past_due' : 'current',
    balance,
    accruedInterest: now.accruedInterest - paidAhead,
    availableCredit: Math.max(0, terms.creditLimit - balance),
    creditLimit: terms.creditLimit,
    overLimit: now.overLimit,
    statement,
    paidSinceStatement,
    minimumDue,
    minimumDueDate: statement && statement.minimumPayment > 0 ? statement.dueDate : null,
    minimumPaid: statement !== null && statement.minimumPayment > 0 && minimumDue === 0,
    statementBalanceDue,
    payoff,
  };
}

// ---------------------------------------------------------------- repayment estimates (Reg Z §1026.7(b)(12))

/** One month's interest at the APR / 12 on a balance, rounded once: the estimate's assumption. */
function monthlyInterest(balance: Cents, annualRate: RateMicros): Cents {
  return balance <= 0 ? 0 : Number(divRound(BigInt(balance) * BigInt(annualRate), BigInt(MICROS) * 12n));
}

/**
 * How long the balance takes to repay paying only the minimum each month (no new draws or fees;
 * interest at APR / 12), and what that costs in all; null past 50 years. The statement's minimum
 * payment warning shows it.
 */
export function minimumOnlyRepayment(terms: LineTerms, balance: Cents): { months: number; total: Cents } | null {
  validateTerms(terms);
  let left = Math.max(0, balance);
  let months = 0;
  let total = 0;
  const { percentOfBalance, floor } = terms.minimumPayment;
  while (left > 0) {
    if (++months > 600) return null;
    const interest = monthlyInterest(left, terms.annualRate);
    const owed = left + interest;
    const percentPart = Number(divRound(BigInt(owed) * BigInt(percentOfBalance), BigInt(MICROS)));
    const payment = Math.min(owed, Math.max(floor, percentPart + interest, 1));
    total += payment;
    left = owed - payment;
  }
  return { months, total };
}

/** The level monthly payment that repays the balance in `months` (no new draws), and its total: the statement's "pay it off in 3 years" line. */
export function levelRepayment(terms: LineTerms, balance: Cents, months = 36): { payment: Cents; total: Cents } {
  validateTerms(terms);
  const paysOff = (payment: Cents) => {
    let left = Math.max(0, balance);
    let total = 0;
    for (let m = 0; m < months && left > 0; m++) {
      const owed = left + monthlyInterest(left, terms.annualRate);
      const p = Math.min(owed, payment);
      total += p;
      left = owed - p;
    }
    return { done: left <= 0, total };
  };
  // The least whole-cent payment that finishes in time (interest makes the total grow with time, so search).
  let lo = 0;
  let hi = Math.max(1, balance);
  while (!paysOff(hi).done) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (paysOff(mid).done) hi = mid;
    else lo = mid + 1;
  }
  return { payment: hi, total: paysOff(hi).total };
}

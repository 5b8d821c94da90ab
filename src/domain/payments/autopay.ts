/**
 * AutoPay: recurring debits a borrower authorises on a loan or a line of credit. Pure rules only —
 * when a plan runs, how much a run debits, what a run's outcome does to the plan, the warning before
 * a final payment AutoPay will not cover, form validation and the authorisation wording.
 * Money is integer cents; dates are ISO strings in the tenant's zone.
 */
import { addDays, addMonths, dayNumber, daysBetween, daysInMonth, fromParts, isIsoDate, parts, type IsoDate } from '../dates';
import { assertCents, formatCents, type Cents } from '../money';

export const autopayFrequencies = ['weekly', 'biweekly', 'semimonthly', 'monthly', 'account_schedule'] as const;
export type AutopayFrequency = (typeof autopayFrequencies)[number];

export const loanAmountTypes = ['amount_due', 'next_payment', 'past_due', 'fixed'] as const;
export const lineAmountTypes = ['minimum', 'statement_balance', 'total_balance', 'fixed'] as const;
export type LoanAmountType = (typeof loanAmountTypes)[number];
export type LineAmountType = (typeof lineAmountTypes)[number];
export type AutopayAmountType = LoanAmountType | LineAmountType;

export interface AutopayPlan {
  frequency: AutopayFrequency;
  /** The first day the plan may run. Weekly, biweekly and monthly plans are anchored on it. */
  startDate: IsoDate;
  amountType: AutopayAmountType;
  /** Cents; required when amountType is 'fixed'. */
  fixedAmount?: Cents;
  /** Semimonthly: two days of the month, default [1, 15]; a day the month lacks (29–31) means its last day. */
  semimonthlyDays?: [number, number];
}

export const defaultSemimonthlyDays: readonly [number, number] = [1, 15];

// ---------------------------------------------------------------- run dates

function monthIndex(date: IsoDate): number {
  const { y, m } = parts(date);
  return y * 12 + (m - 1);
}

function checkedDays(plan: Pick<AutopayPlan, 'semimonthlyDays'>): [number, number] {
  const days = plan.semimonthlyDays ?? defaultSemimonthlyDays;
  const [a, b] = days;
  if (days.length !== 2 || a === undefined || b === undefined || !isDayOfMonth(a) || !isDayOfMonth(b) || a === b) {
    throw new RangeError(`semimonthlyDays must be two different days from 1 to 31, got ${JSON.stringify(days)}`);
  }
  return a < b ? [a, b] : [b, a];
}

function isDayOfMonth(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 31;
}

function accountDates(accountDueDates: readonly IsoDate[] | undefined): IsoDate[] {
  if (!accountDueDates) throw new RangeError("an 'account_schedule' plan needs the account's due dates");
  for (const d of accountDueDates) if (!isIsoDate(d)) throw new RangeError(`not an ISO date: ${d}`);
  return [...new Set(accountDueDates)].sort();
}

/**
 * The plan's run dates on or after `from` (and never before the start date), in increasing order.
 * Infinite for periodic plans: the callers stop it. Each date is computed from the start date (or
 * the month), never from the previous run, so month-end clamping cannot drift.
 */
function* runsFrom(plan: AutopayPlan, from: IsoDate, accountDueDates?: readonly IsoDate[]): Generator<IsoDate, void, undefined> {
  const start = plan.startDate;
  const lower = from > start ? from : start;
  switch (plan.frequency) {
    case 'weekly':
    case 'biweekly': {
      const step = plan.frequency === 'weekly' ? 7 : 14;
      for (let k = Math.ceil(daysBetween(start, lower) / step); ; k++) yield addDays(start, k * step);
    }
    case 'monthly': {
      const anchor = parts(start).d;
      for (let k = monthIndex(lower) - monthIndex(start); ; k++) {
        const date = addMonths(start, k, anchor);
        if (date >= lower) yield date;
      }
    }
    case 'semimonthly': {
      const [a, b] = checkedDays(plan);
      let previous = '';
      for (let index = monthIndex(lower); ; index++) {
        const y = Math.floor(index / 12);
        const m = (index % 12) + 1;
        const last = daysInMonth(y, m);
        for (const day of [a, b]) {
          const date = fromParts(y, m, Math.min(day, last));
          // Two days the month lacks (say 30 and 31 in February) fall on the same last day: one run.
          if (date >= lower && date !== previous) yield (previous = date);
        }
      }
    }
    case 'account_schedule': {
      for (const date of accountDates(accountDueDates)) if (date >= lower) yield date;
      return;
    }
    default:
      throw new RangeError(`unknown AutoPay frequency: ${String(plan.frequency)}`);
  }
}

/**
 * The run dates of a plan from startDate through `until` inclusive. For 'account_schedule' the
 * caller passes the account's due dates (the ones from the start date on are used, sorted, once each).
 * Monthly on the 29th–31st falls on the month's last day in shorter months and returns to the chosen
 * day after (anchored on the start date's day, never drifting). Weekly / biweekly = every 7 / 14 days
 * from the start date. Semimonthly: the two chosen days of each month from the first one on or after
 * the start date.
 */
export function runDates(plan: AutopayPlan, until: IsoDate, accountDueDates?: IsoDate[]): IsoDate[] {
  parts(plan.startDate); // validates
  parts(until);
  const dates: IsoDate[] = [];
  if (until < plan.startDate) {
    if (plan.frequency === 'account_schedule') accountDates(accountDueDates); // same errors either way
    return dates;
  }
  for (const date of runsFrom(plan, plan.startDate, accountDueDates)) {
    if (date > until) break;
    dates.push(date);
  }
  return dates;
}

/** The first run date strictly after `after` (null when an account schedule has no more). */
export function nextRunDate(plan: AutopayPlan, after: IsoDate, accountDueDates?: IsoDate[]): IsoDate | null {
  parts(plan.startDate);
  const next = runsFrom(plan, addDays(after, 1), accountDueDates).next();
  return next.done ? null : next.value;
}

// ---------------------------------------------------------------- run amount

/** What a run can draw on: figures from the loan's position on the run date. */
export interface LoanFigures {
  kind: 'loan';
  amountDue: Cents;
  nextDueAmount: Cents;
  pastDueAmount: Cents;
  payoff: Cents;
}

/** What a run can draw on: the line's last statement and current balance. */
export interface LineFigures {
  kind: 'line';
  minimumDue: Cents;
  statementBalance: Cents;
  totalBalance: Cents;
}

function isAllowed(kind: 'loan' | 'line', amountType: string): boolean {
  return (kind === 'loan' ? (loanAmountTypes as readonly string[]) : (lineAmountTypes as readonly string[])).includes(amountType);
}

/**
 * What to debit on a run: the figure the amount type names, never more than the payoff (loans) or
 * the total balance (lines). `capped` is true when the cap lowered the amount. An amount of 0 means
 * nothing is owed: skip the run. Throws on an amount type the account kind does not offer, or a
 * 'fixed' plan without a positive whole-cents amount.
 */
export function runAmount(plan: Pick<AutopayPlan, 'amountType' | 'fixedAmount'>, figures: LoanFigures | LineFigures): { amount: Cents; capped: boolean } {
  if (!isAllowed(figures.kind, plan.amountType)) throw new RangeError(`amount type '${plan.amountType}' is not offered on a ${figures.kind}`);
  let wanted: Cents;
  if (plan.amountType === 'fixed') {
    if (plan.fixedAmount === undefined || assertCents(plan.fixedAmount, 'fixedAmount') <= 0) {
      throw new RangeError(`a fixed AutoPay needs a positive fixedAmount, got ${plan.fixedAmount}`);
    }
    wanted = plan.fixedAmount;
  } else if (figures.kind === 'loan') {
    wanted = plan.amountType === 'amount_due' ? figures.amountDue : plan.amountType === 'next_payment' ? figures.nextDueAmount : figures.pastDueAmount;
  } else {
    wanted = plan.amountType === 'minimum' ? figures.minimumDue : plan.amountType === 'statement_balance' ? figures.statementBalance : figures.totalBalance;
  }
  assertCents(wanted, plan.amountType);
  // A credit balance (negative) owes nothing.
  const cap = Math.max(0, assertCents(figures.kind === 'loan' ? figures.payoff : figures.totalBalance, figures.kind === 'loan' ? 'payoff' : 'totalBalance'));
  const amount = Math.max(0, Math.min(wanted, cap));
  return { amount, capped: wanted > cap };
}

// ---------------------------------------------------------------- run outcomes

export type AutopayStatus = 'active' | 'paused' | 'stopped';

/** Consecutive failed runs that stop a plan. */
export const failuresToStop = 2;

/**
 * After a run's outcome: consecutive failures count up; two in a row stop the AutoPay (status
 * 'stopped', the borrower must re-authorise) and `justStopped` is true on the run that stopped it
 * only. A success resets the count and never restarts a stopped plan.
 */
export function afterRun(
  state: { consecutiveFailures: number; status: AutopayStatus },
  outcome: 'succeeded' | 'failed',
): { consecutiveFailures: number; status: AutopayStatus; justStopped: boolean } {
  if (outcome === 'succeeded') return { consecutiveFailures: 0, status: state.status, justStopped: false };
  const consecutiveFailures = Math.max(0, state.consecutiveFailures) + 1;
  const stop = state.status !== 'stopped' && consecutiveFailures >= failuresToStop;
  return { consecutiveFailures, status: stop ? 'stopped' : state.status, justStopped: stop };
}

// ---------------------------------------------------------------- final payment warning

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "2025-06-01" → "June 1, 2025". */
function longDate(date: IsoDate): string {
  const { y, m, d } = parts(date);
  return `${monthNames[m - 1]} ${d}, ${y}`;
}

function weekday(date: IsoDate): string {
  // 1970-01-01 (day 0) was a Thursday.
  return weekdayNames[(((dayNumber(date) + 4) % 7) + 7) % 7]!;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/**
 * Warns, from `warnDaysAhead` days before the final scheduled payment through its due date, when the
 * AutoPay amount will not cover it: a fixed amount below the final payment (a balloon, say), or a
 * past-due-only plan (the final payment is not past due on its due date, so AutoPay will not pay it
 * on time). Amount types that debit what is owed (amount due, next payment, the line's figures)
 * cover it. Returns null or a plain-English message with the shortfall in dollars.
 */
export function finalPaymentWarning(
  plan: Pick<AutopayPlan, 'amountType' | 'fixedAmount'>,
  finalDue: { dueDate: IsoDate; amount: Cents },
  today: IsoDate,
  warnDaysAhead = 10,
): string | null {
  assertCents(finalDue.amount, 'final payment');
  const daysLeft = daysBetween(today, finalDue.dueDate);
  if (daysLeft < 0 || daysLeft > warnDaysAhead || finalDue.amount <= 0) return null;
  const due = `Your final payment of ${formatCents(finalDue.amount)} is due on ${longDate(finalDue.dueDate)}`;
  if (plan.amountType === 'fixed') {
    const fixed = plan.fixedAmount ?? 0;
    const shortfall = finalDue.amount - fixed;
    if (shortfall <= 0) return null;
    return (
      `${due}, but your AutoPay is set to ${formatCents(fixed)}. ` +
      `That leaves ${formatCents(shortfall)} unpaid: make a separate payment or raise your AutoPay amount before then.`
    );
  }
  if (plan.amountType === 'past_due') {
    return (
      `${due}, but your AutoPay pays only past-due amounts, so it will not pay this on time. ` +
      `That leaves ${formatCents(finalDue.amount)} unpaid on the due date: make a separate payment or change your AutoPay to pay the amount due.`
    );
  }
  return null;
}

// ---------------------------------------------------------------- form validation

/**
 * Problems with a plan a borrower submitted, field → message (empty when it is fine): the frequency;
 * the start date (not in the past, at most `maxAheadDays` ahead); the amount type (offered for the
 * account kind); for 'fixed', the amount (whole cents, positive, from minAmount to maxAmount); for
 * semimonthly, the two days (different, 1–31).
 */
export function planProblems(
  plan: Partial<AutopayPlan> & { kind: 'loan' | 'line' },
  today: IsoDate,
  limits: { maxAheadDays: number; minAmount: Cents; maxAmount: Cents },
): Record<string, string> {
  const problems: Record<string, string> = {};

  if (plan.frequency === undefined) problems.frequency = 'Choose how often AutoPay should pay.';
  else if (!(autopayFrequencies as readonly string[]).includes(plan.frequency)) problems.frequency = 'Choose one of the offered schedules.';

  if (plan.startDate === undefined || plan.startDate === '') problems.startDate = 'Choose the date of the first payment.';
  else if (!isIsoDate(plan.startDate)) problems.startDate = 'Enter a valid date.';
  else if (plan.startDate < today) problems.startDate = 'The start date can’t be in the past.';
  else if (daysBetween(today, plan.startDate) > limits.maxAheadDays) {
    problems.startDate = `The start date must be within ${limits.maxAheadDays} days of today (on or before ${longDate(addDays(today, limits.maxAheadDays))}).`;
  }

  if (plan.amountType === undefined) problems.amountType = 'Choose how much AutoPay should pay.';
  else if (!isAllowed(plan.kind, plan.amountType)) {
    problems.amountType = `That amount isn’t available for a ${plan.kind === 'loan' ? 'loan' : 'line of credit'}.`;
  } else if (plan.amountType === 'fixed') {
    const amount = plan.fixedAmount;
    if (amount === undefined || (typeof amount === 'number' && Number.isNaN(amount))) problems.fixedAmount = 'Enter the amount to pay in dollars, such as 125.00.';
    else if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) problems.fixedAmount = 'Enter an amount in dollars and cents.';
    else if (amount <= 0) problems.fixedAmount = 'The amount must be more than $0.00.';
    else if (amount < limits.minAmount) problems.fixedAmount = `The amount must be at least ${formatCents(limits.minAmount)}.`;
    else if (amount > limits.maxAmount) problems.fixedAmount = `The amount can’t be more than ${formatCents(limits.maxAmount)}.`;
  }

  if (plan.frequency === 'semimonthly' && plan.semimonthlyDays !== undefined) {
    const days: unknown = plan.semimonthlyDays;
    const ok = Array.isArray(days) && days.length === 2 && isDayOfMonth(days[0]) && isDayOfMonth(days[1]);
    if (!ok) problems.semimonthlyDays = 'Choose two days of the month from 1 to 31.';
    else if (days[0] === days[1]) problems.semimonthlyDays = 'Choose two different days of the month.';
  }

  return problems;
}

// ---------------------------------------------------------------- authorisation wording

function dayOfMonthPhrase(day: number): string {
  if (day === 31) return "the 31st (or the month's last day)";
  return day >= 29 ? `the ${ordinal(day)} (or the month's last day)` : `the ${ordinal(day)}`;
}

function amountPhrase(plan: Pick<AutopayPlan, 'amountType' | 'fixedAmount'>): string {
  switch (plan.amountType) {
    case 'amount_due':
      return 'the amount due';
    case 'next_payment':
      return 'the next scheduled payment';
    case 'past_due':
      return 'the past-due amount';
    case 'minimum':
      return 'the minimum payment due';
    case 'statement_balance':
      return 'the statement balance';
    case 'total_balance':
      return 'the full current balance';
    case 'fixed':
      return `${plan.fixedAmount === undefined ? 'a fixed amount' : formatCents(plan.fixedAmount)} (never more than you owe)`;
  }
}

/**
 * The plan in words for the authorisation text, e.g.
 * "Monthly on the 31st (or the month's last day), the amount due".
 */
export function describePlan(plan: AutopayPlan): string {
  let when: string;
  switch (plan.frequency) {
    case 'weekly':
      when = `Weekly on ${weekday(plan.startDate)}s`;
      break;
    case 'biweekly':
      when = `Every two weeks on ${weekday(plan.startDate)}, starting ${longDate(plan.startDate)}`;
      break;
    case 'semimonthly': {
      const [a, b] = checkedDays(plan);
      const first = dayOfMonthPhrase(a);
      when =
        b === 31
          ? `Twice a month on ${first} and the month's last day`
          : b >= 29
            ? `Twice a month on ${first} and the ${ordinal(b)} (or the month's last day)`
            : `Twice a month on ${first} and ${ordinal(b)}`;
      break;
    }
    case 'monthly':
      when = `Monthly on ${dayOfMonthPhrase(parts(plan.startDate).d)}`;
      break;
    case 'account_schedule':
      when = 'On each payment due date';
      break;
  }
  return `${when}, ${amountPhrase(plan)}`;
}

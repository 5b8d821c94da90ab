import type { Account, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { LinePosition } from '../domain/credit/line-of-credit';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { formatCents } from '../domain/money';
import { loanPosition, type LoanPosition } from '../domain/loans/position';
import { formatDay } from '../lib/format';
import { allocationOrderOf, lineFigures, loadLoan, type LoanAccount } from './servicing';

/**
 * What an account owes and the amounts a borrower picks from, all from the account's position
 * (the same waterfall that posts payments). `max` is the payoff less the payments already on their
 * way (submitted, not yet posted), so two payments cannot together pay more than the account owes.
 */
/** A payment submitted and not posted yet, which the amounts offered leave out. */
export interface OnTheWay {
  reference: string;
  amount: Cents;
  scheduledFor: IsoDate;
}

export type AmountChoices = (
  | {
      kind: 'loan';
      position: LoanPosition;
      nextDue: Cents;
      nextDueDate: IsoDate | null;
      pastDue: Cents;
      pastDueFees: Cents;
      daysPastDue: number;
      amountDue: Cents;
      throughNextDue: Cents;
      payoff: Cents;
      principalBalance: Cents;
      max: Cents;
      inFlight: Cents;
      paidInFull: boolean;
    }
  | {
      kind: 'line';
      position: LinePosition;
      /** The last statement's minimum still unpaid (0 once met). */
      minimum: Cents;
      minimumDueDate: IsoDate | null;
      minimumPaid: boolean;
      minimumPastDue: boolean;
      statementBalance: Cents;
      totalBalance: Cents;
      payoff: Cents;
      max: Cents;
      inFlight: Cents;
      paidInFull: boolean;
    }
) & { onTheWay: OnTheWay[] };

/** `loan`: the loan already loaded by the caller, to read it once. */
export async function amountChoices(tdb: TenantDb, tenant: Tenant, account: Account, asOf: IsoDate, loan?: LoanAccount): Promise<AmountChoices> {
  const onTheWay = (await tdb.payments.onTheirWay(account.id)).map((p) => ({ reference: p.reference, amount: p.amount, scheduledFor: p.scheduledFor }));
  const inFlight = onTheWay.reduce((s, p) => s + p.amount, 0);
  if (account.type === 'installment' || account.type === 'lease') {
    const l = loan ?? (await loadLoan(tdb, account));
    const p = loanPosition(l.accrual, l.entries, asOf, allocationOrderOf(tenant));
    return {
      kind: 'loan', position: p, nextDue: p.nextDueDate ? p.nextDueAmount : 0, nextDueDate: p.nextDueDate, pastDue: p.pastDueAmount, pastDueFees: p.pastDueFees, daysPastDue: p.daysPastDue,
      amountDue: p.amountDue, throughNextDue: p.throughNextDue, payoff: p.payoff, principalBalance: p.principalBalance, max: Math.max(0, p.payoff - inFlight), inFlight, paidInFull: p.status === 'paid_off', onTheWay,
    };
  }
  const p = await lineFigures(tdb, account, asOf);
  return {
    kind: 'line', position: p, minimum: p.minimumDue, minimumDueDate: p.minimumDueDate, minimumPaid: p.minimumPaid, minimumPastDue: p.status === 'past_due',
    statementBalance: p.statementBalanceDue, totalBalance: Math.max(0, p.balance), payoff: p.payoff, max: Math.max(0, p.payoff - inFlight), inFlight, paidInFull: p.payoff <= 0, onTheWay,
  };
}

/** An amount less the payments on their way that will have reached the account by `by` (all of them when null). */
export function lessOnTheWay(c: AmountChoices, amount: Cents, by: IsoDate | null): Cents {
  return Math.max(0, amount - c.onTheWay.reduce((s, p) => s + (by === null || p.scheduledFor <= by ? p.amount : 0), 0));
}

/** One amount a borrower can pick, with what paying it does. */
export interface PayOption {
  id: 'past' | 'due' | 'next' | 'payoff' | 'minimum' | 'statement';
  label: string;
  amount: Cents;
  /** What paying exactly this amount leads to, in the borrower's words. */
  promise: string;
}

/**
 * The amounts offered for an account, most pressing first; each leads to the state it names when
 * paid exactly today (tested over random histories), counting the payments already on their way
 * by the date each amount is for. None repeats another's amount.
 */
export function payOptions(c: AmountChoices, account: Account): PayOption[] {
  const out: PayOption[] = [];
  const add = (o: PayOption, by: IsoDate | null) => {
    const amount = lessOnTheWay(c, o.amount, by);
    if (amount > 0 && !out.some((x) => x.amount === amount)) out.push({ ...o, amount });
  };
  const today = c.position.asOf;
  if (c.kind === 'loan') {
    const feesNote = c.pastDueFees > 0 ? `, including ${formatCents(c.pastDueFees)} in fees` : '';
    add({ id: 'past', label: `Past due amount${feesNote}`, amount: c.pastDue, promise: `Brings ${account.displayId} up to date.` }, today);
    add({ id: 'due', label: c.pastDue > 0 ? 'Everything due today' : 'Amount due today', amount: c.amountDue, promise: 'Pays everything due through today.' }, today);
    if (c.nextDueDate) {
      add({
        id: 'next', label: c.amountDue > 0 ? `Everything due through ${formatDay(c.nextDueDate)}` : `Next payment, due ${formatDay(c.nextDueDate)}`, amount: c.throughNextDue,
        promise: `Pays the payment due ${formatDay(c.nextDueDate)}${c.amountDue > 0 ? ' and everything before it' : ''}.`,
      }, c.nextDueDate);
    }
    add({ id: 'payoff', label: account.type === 'lease' ? 'Pay off the lease today (remaining payments and the purchase price)' : 'Pay off the loan today', amount: c.payoff, promise: `Pays ${account.displayId} off${c.inFlight > 0 ? ', with the payments already on their way' : ''}.` }, null);
    return out;
  }
  if (c.minimumDueDate) add({ id: 'minimum', label: c.minimumPastDue ? 'Minimum payment, past due' : `Minimum payment, due ${formatDay(c.minimumDueDate)}`, amount: c.minimum, promise: 'Meets the minimum payment of your last statement.' }, c.minimumDueDate);
  add({ id: 'statement', label: c.position.paidSinceStatement > 0 ? 'Rest of the statement balance' : 'Statement balance', amount: c.statementBalance, promise: 'Pays your last statement’s balance.' }, c.minimumDueDate ?? today);
  add({ id: 'payoff', label: 'Pay off the full balance today, with interest to date', amount: c.payoff, promise: `Leaves nothing owed on ${account.displayId} at the next statement.` }, null);
  return out;
}

/**
 * The amount pre-filled where one is suggested (Pay multiple): a loan's most pressing installment
 * figure; a line's unpaid minimum, and nothing once it is met (no second payment is invited).
 */
export function suggestedAmount(c: AmountChoices, account: Account): Cents {
  const options = payOptions(c, account);
  if (c.kind === 'line') return options.find((o) => o.id === 'minimum')?.amount ?? 0;
  // What is due today when anything is (past due with today's installment), else the next payment.
  return (options.find((o) => o.id === 'due') ?? options.find((o) => o.id === 'past') ?? options.find((o) => o.id === 'next'))?.amount ?? 0;
}

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
export type AmountChoices =
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
    };

/** `loan`: the loan already loaded by the caller, to read it once. */
export async function amountChoices(tdb: TenantDb, tenant: Tenant, account: Account, asOf: IsoDate, loan?: LoanAccount): Promise<AmountChoices> {
  const inFlight = await tdb.payments.inFlightTotal(account.id);
  if (account.type === 'installment' || account.type === 'lease') {
    const l = loan ?? (await loadLoan(tdb, account));
    const p = loanPosition(l.accrual, l.entries, asOf, allocationOrderOf(tenant));
    return {
      kind: 'loan', position: p, nextDue: p.nextDueDate ? p.nextDueAmount : 0, nextDueDate: p.nextDueDate, pastDue: p.pastDueAmount, pastDueFees: p.pastDueFees, daysPastDue: p.daysPastDue,
      amountDue: p.amountDue, throughNextDue: p.throughNextDue, payoff: p.payoff, principalBalance: p.principalBalance, max: Math.max(0, p.payoff - inFlight), inFlight, paidInFull: p.status === 'paid_off',
    };
  }
  const p = await lineFigures(tdb, account, asOf);
  return {
    kind: 'line', position: p, minimum: p.minimumDue, minimumDueDate: p.minimumDueDate, minimumPaid: p.minimumPaid, minimumPastDue: p.status === 'past_due',
    statementBalance: p.statementBalanceDue, totalBalance: Math.max(0, p.balance), payoff: p.payoff, max: Math.max(0, p.payoff - inFlight), inFlight, paidInFull: p.payoff <= 0,
  };
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
 * paid exactly today (tested over random histories). None repeats another's amount.
 */
export function payOptions(c: AmountChoices, account: Account): PayOption[] {
  const out: PayOption[] = [];
  const add = (o: PayOption) => {
    if (o.amount > 0 && !out.some((x) => x.amount === o.amount)) out.push(o);
  };
  if (c.kind === 'loan') {
    const feesNote = c.pastDueFees > 0 ? `, including ${formatCents(c.pastDueFees)} in fees` : '';
    add({ id: 'past', label: `Past due amount${feesNote}`, amount: c.pastDue, promise: `Brings ${account.displayId} up to date.` });
    add({ id: 'due', label: c.pastDue > 0 ? 'Everything due today' : 'Amount due today', amount: c.amountDue, promise: 'Pays everything due through today.' });
    if (c.nextDueDate) {
      add({
        id: 'next', label: c.amountDue > 0 ? `Everything due through ${formatDay(c.nextDueDate)}` : `Next payment, due ${formatDay(c.nextDueDate)}`, amount: c.throughNextDue,
        promise: `Pays the payment due ${formatDay(c.nextDueDate)}${c.amountDue > 0 ? ' and everything before it' : ''}.`,
      });
    }
    add({ id: 'payoff', label: account.type === 'lease' ? 'Pay off the lease today (remaining payments and the purchase price)' : 'Pay off the loan today', amount: c.payoff, promise: `Pays ${account.displayId} off.` });
    return out;
  }
  if (c.minimumDueDate) add({ id: 'minimum', label: c.minimumPastDue ? 'Minimum payment, past due' : `Minimum payment, due ${formatDay(c.minimumDueDate)}`, amount: c.minimum, promise: 'Meets the minimum payment of your last statement.' });
  add({ id: 'statement', label: 'Statement balance', amount: c.statementBalance, promise: 'Pays your last statement’s balance.' });
  add({ id: 'payoff', label: 'Pay off the full balance today, with interest to date', amount: c.payoff, promise: `Leaves nothing owed on ${account.displayId} at the next statement.` });
  return out;
}

/**
 * The amount pre-filled where one is suggested (Pay multiple): a loan's most pressing installment
 * figure; a line's unpaid minimum, and nothing once it is met (no second payment is invited).
 */
export function suggestedAmount(c: AmountChoices, account: Account): Cents {
  if (c.kind === 'line') return c.minimum;
  const first = payOptions(c, account)[0];
  return first && first.id !== 'payoff' ? first.amount : 0;
}

import type { Account } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { loanPosition } from '../domain/loans/position';
import { lineSummary, loanSummary, type LoanAccount } from './servicing';

/** The amounts a borrower picks from when paying an account, and the most they may pay. */
export type AmountChoices =
  | { kind: 'loan'; nextDue: Cents; nextDueDate: IsoDate | null; pastDue: Cents; amountDue: Cents; payoff: Cents; max: Cents; inFlight: Cents; paidInFull: boolean }
  | { kind: 'line'; minimum: Cents; minimumDueDate: IsoDate | null; statementBalance: Cents; totalBalance: Cents; max: Cents; inFlight: Cents; paidInFull: boolean };

/**
 * `loan`: the loan already loaded by the caller, to read it once. `max` is what is owed less the
 * payments already on their way (submitted, not yet posted), so two payments cannot together pay
 * more than the account owes.
 */
export async function amountChoices(tdb: TenantDb, account: Account, asOf: IsoDate, loan?: LoanAccount): Promise<AmountChoices> {
  const inFlight = await tdb.payments.inFlightTotal(account.id);
  if (account.type === 'installment' || account.type === 'lease') {
    const p = loan ? loanPosition(loan.accrual, loan.entries, asOf) : await loanSummary(tdb, account, asOf);
    const max = Math.max(0, p.payoff - inFlight);
    return { kind: 'loan', nextDue: p.nextDueDate ? p.nextDueAmount : 0, nextDueDate: p.nextDueDate, pastDue: p.pastDueAmount, amountDue: p.amountDue, payoff: p.payoff, max, inFlight, paidInFull: p.payoff <= 0 || p.status === 'paid_off' };
  }
  const { balance, statements } = await lineSummary(tdb, account, asOf);
  const last = statements.at(-1);
  const owed = Math.max(0, balance.balance);
  return {
    kind: 'line',
    minimum: Math.min(owed, last ? last.minimumPayment : 0),
    minimumDueDate: last && last.minimumPayment > 0 ? last.dueDate : null,
    statementBalance: Math.min(owed, Math.max(0, last?.closingBalance ?? 0)),
    totalBalance: owed,
    max: Math.max(0, owed - inFlight),
    inFlight,
    paidInFull: owed <= 0,
  };
}

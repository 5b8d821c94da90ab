import type { Account, LedgerRow, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { lineCharges } from '../domain/credit/line-of-credit';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { installmentStates, loanPosition } from '../domain/loans/position';
import { allocationOrderOf, loadLine, loadLoan } from './servicing';

/** One row of an account's transactions: a ledger entry, or a charge a statement made (interest, a late fee). */
export interface TxRow {
  date: IsoDate;
  kind: LedgerRow['kind'] | 'interest';
  description: string;
  amount: Cents;
  /** How a payment (or its return) was split; null for charges, draws and credits. */
  split: { principal: Cents; interest: Cents; fees: Cents } | null;
  reference: string | null;
}

export interface TxFilter {
  from?: string;
  to?: string;
  kind?: string;
}

/** An installment still to pay (or missed), for the "Coming up" forecast. */
export interface UpcomingInstallment {
  dueDate: IsoDate;
  amount: Cents;
  state: 'missed' | 'due' | 'upcoming';
}

/** A ledger row as listed; a loan's payments show their split (a line's have none to show). */
const toRow = (r: LedgerRow, loan: boolean): TxRow & { at: number } => ({
  date: r.effectiveDate, kind: r.kind, amount: r.amount, at: r.postedAt.getTime(),
  description: r.description, reference: r.reference,
  split: loan && (r.kind === 'payment' || r.kind === 'reversal') ? { principal: r.principal, interest: r.interest, fees: r.fees } : null,
});

/**
 * Everything that moved an account's balance, newest first: its ledger and, on a line of credit,
 * the interest and late fees its statements charged (they have no ledger row of their own), so the
 * list adds up to what the statements say. Loans also get the next installments still to pay.
 */
export async function accountActivity(tdb: TenantDb, tenant: Tenant, account: Account, asOf: IsoDate, filter: TxFilter = {}): Promise<{ rows: TxRow[]; upcoming: UpcomingInstallment[] }> {
  let rows: (TxRow & { at: number })[];
  let upcoming: UpcomingInstallment[] = [];
  if (account.type === 'installment' || account.type === 'lease') {
    const loan = await loadLoan(tdb, account);
    rows = loan.rows.map((r) => toRow(r, true));
    const paidOff = loanPosition(loan.accrual, loan.entries, asOf, allocationOrderOf(tenant)).status === 'paid_off';
    upcoming = installmentStates(loan.accrual, loan.entries, asOf, paidOff)
      .filter((s): s is typeof s & { state: UpcomingInstallment['state'] } => s.state !== 'paid')
      .slice(0, 4)
      .map((s) => ({ dueDate: s.dueDate, amount: s.unpaid, state: s.state }));
  } else {
    const line = await loadLine(tdb, account);
    // A statement's charges come after the day's transactions (the interest is billed at the end of its closing day).
    const charges = lineCharges(line.terms, line.transactions, asOf).map((ch) => ({
      date: ch.date, kind: ch.kind === 'interest' ? ('interest' as const) : ('fee' as const), description: ch.kind === 'interest' ? 'Interest charged on the statement' : 'Late fee: minimum payment not received by its due date', amount: ch.amount, split: null, reference: null, at: Number.MAX_SAFE_INTEGER,
    }));
    rows = [...line.rows.map((r) => toRow(r, false)), ...charges];
  }
  const sorted = rows
    .filter((r) => r.date <= asOf)
    .filter((r) => (!filter.from || r.date >= filter.from) && (!filter.to || r.date <= filter.to) && (!filter.kind || r.kind === filter.kind))
    // Newest first, within a day too (the latest posted first).
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.at - a.at))
    .map(({ at: _at, ...r }) => r);
  return { rows: sorted, upcoming };
}

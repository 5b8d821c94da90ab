import type { Account, LedgerRow, PaymentMethodRow, PaymentRow } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { methodLabel } from './payments';

/** One payment as the borrower's history lists it, whichever way it was made. */
export interface HistoryRow {
  date: IsoDate;
  account: Account;
  amount: Cents;
  /** card / bank for payments made through the portal (or staff with a saved method); other for payments the lender posted. */
  methodKind: 'card' | 'bank' | 'other';
  methodText: string;
  source: PaymentRow['source'] | 'posted';
  status: PaymentRow['status'];
  /** The portal payment, when there is one (its page, cancelling). */
  payment: PaymentRow | null;
  reference: string | null;
  note: string | null;
}

export interface HistoryQuery {
  accountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  method?: string | undefined;
  type?: string | undefined;
  status?: string | undefined;
}

/**
 * Every payment on the borrower's visible accounts, from the ledger, whatever its channel (portal,
 * AutoPay, staff, checks the lender posted), with the portal's payments not yet posted (scheduled,
 * on their way, failed, cancelled). A ledger entry made by a portal payment appears once, as it.
 */
export async function paymentHistory(tdb: TenantDb, customerId: string, accounts: Account[], q: HistoryQuery): Promise<HistoryRow[]> {
  const ids = accounts.map((a) => a.id);
  const [ledger, payments] = await Promise.all([tdb.ledger.entriesFor(ids), tdb.payments.history(customerId, ids, {})]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const methods = new Map<string, PaymentMethodRow | undefined>();
  for (const p of payments) if (!methods.has(p.paymentMethodId)) methods.set(p.paymentMethodId, await tdb.paymentMethods.find(p.paymentMethodId));
  const reversed = new Set(ledger.filter((e) => e.kind === 'reversal' && e.reversesId).map((e) => e.reversesId!));
  const portalEntries = new Set(payments.map((p) => p.ledgerEntryId).filter(Boolean));

  const rows: (HistoryRow & { at: number })[] = [];
  for (const p of payments) {
    const m = methods.get(p.paymentMethodId);
    rows.push({
      date: p.scheduledFor, account: byId.get(p.accountId)!, amount: p.amount, methodKind: p.methodKind, methodText: m ? methodLabel(m) : p.methodKind === 'card' ? 'Card' : 'Bank account',
      source: p.source, status: p.status, payment: p, reference: p.reference, note: p.failureReason, at: p.createdAt.getTime(),
    });
  }
  for (const e of ledger) {
    if (e.kind !== 'payment' || portalEntries.has(e.id)) continue;
    rows.push({
      date: e.effectiveDate, account: byId.get(e.accountId)!, amount: e.amount, methodKind: 'other', methodText: describePosted(e),
      source: 'posted', status: reversed.has(e.id) ? 'reversed' : 'completed', payment: null, reference: e.reference, note: null, at: e.postedAt.getTime(),
    });
  }
  return rows
    .filter((r) =>
      (!q.accountId || r.account.id === q.accountId) && (!q.from || r.date >= q.from) && (!q.to || r.date <= q.to) &&
      (!q.method || r.methodKind === q.method) && (!q.type || r.source === q.type) && (!q.status || r.status === q.status))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.at - a.at))
    .map(({ at: _at, ...r }) => r);
}

/** How a payment the lender posted came in, in the borrower's words. */
function describePosted(e: LedgerRow): string {
  return e.description && !/^payment\b/i.test(e.description) ? e.description : 'Received by your lender';
}

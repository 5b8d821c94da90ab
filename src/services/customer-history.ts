import type { AuditEntry } from '../db/schema';
import type { TenantDb } from '../db/tenant';

/**
 * The customer page's tabs that keep a history. Every change about a customer is an audit row with
 * entity ('customer', id) and an action named '<area>.<what happened>'; a tab's history is its areas.
 */
export const historyTabs = {
  record: ['customer.', 'phone.', 'address.', 'web-access.', 'password.'],
  links: ['link.'],
  employer: ['employer.'],
  references: ['reference.'],
  notes: ['note.'],
  documents: ['document.', 'insurance.'],
  'payment-profiles': ['payment-method.'],
  privacy: ['privacy.', 'customer.data-exported', 'borrower.viewed-as'],
} as const;

export type HistoryTab = keyof typeof historyTabs;

export const isHistoryTab = (v: string | undefined): v is HistoryTab => v !== undefined && Object.hasOwn(historyTabs, v);

/** The customer's change history, all of it or one tab's, oldest first. */
export async function customerHistory(tdb: TenantDb, customerId: string, tab?: HistoryTab): Promise<AuditEntry[]> {
  if (!tab) return tdb.audit.history('customer', customerId);
  const rows = await tdb.audit.history('customer', customerId, historyTabs[tab]);
  // 'customer.data-exported' belongs to privacy, not to the record.
  return tab === 'record' ? rows.filter((r) => !historyTabs.privacy.some((p) => r.action.startsWith(p))) : rows;
}

/** The JSON shape of a history download. */
export const historyJson = (customerId: string, tab: HistoryTab | undefined, rows: AuditEntry[]) => ({
  customer: customerId,
  ...(tab ? { tab } : {}),
  history: rows.map((r) => ({ at: r.at.toISOString(), action: r.action, actor: { type: r.actorType, id: r.actorId }, before: r.before, after: r.after })),
});

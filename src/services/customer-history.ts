import type { AgentRole, AuditEntry } from '../db/schema';
import type { ActionFilter } from '../db/repositories/audit';
import type { TenantDb } from '../db/tenant';
import { actionLabel, changeParts, CUSTOMER_ID_KEYS } from '../domain/audit-text';
import { roleLabels } from '../domain/staff-roles';
import { formatInstant } from '../lib/format';

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

/** A tab's actions: its areas ('customer.data-exported' belongs to privacy, not to the record). */
const filterOf = (tab: HistoryTab | undefined): ActionFilter => (!tab ? {} : tab === 'record' ? { include: historyTabs.record, exclude: historyTabs.privacy } : { include: historyTabs[tab] });

/** The customer's change history, all of it or one tab's, oldest first. */
export async function customerHistory(tdb: TenantDb, customerId: string, tab?: HistoryTab): Promise<AuditEntry[]> {
  const f = filterOf(tab);
  return tdb.audit.history('customer', customerId, f.include, f.exclude);
}

// ---------------------------------------------------------------------------------------------
// Who acted

export interface Actor {
  type: AuditEntry['actorType'];
  id: string | null;
  /** "Ana Ortiz"; "the borrower"'s own name in the JSON; null for the system. */
  name: string | null;
  /** 'owner', 'manager', 'agent', 'read_only' for staff (their role at the time); 'borrower'; 'system'. */
  role: AgentRole | 'borrower' | 'system';
  /** How a page says it: "Ana Ortiz (owner)", "the borrower", "the system". */
  label: string;
}

/**
 * Staff by id with the role each held at a moment: the role before the first role change after
 * it, or their role now (every role change is an audit row with before and after).
 */
export interface StaffDirectory {
  person(agentId: string, at?: Date): { name: string; role: AgentRole } | null;
  /** "Ana Ortiz (owner)"; "a former staff member" for an id no longer known. */
  label(agentId: string, at?: Date): string;
}

export async function staffDirectory(tdb: TenantDb): Promise<StaffDirectory> {
  const [agents, changes] = await Promise.all([tdb.agents.list(), tdb.audit.staffRoleChanges()]);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const changesOf = new Map<string, AuditEntry[]>();
  for (const ch of changes) changesOf.set(ch.entityId, [...(changesOf.get(ch.entityId) ?? []), ch]);
  const person = (agentId: string, at?: Date) => {
    const agent = byId.get(agentId);
    if (!agent) return null;
    const later = at ? changesOf.get(agentId)?.find((ch) => ch.at.getTime() > at.getTime()) : undefined;
    const was = later?.before?.role;
    const role = typeof was === 'string' && was in roleLabels ? (was as AgentRole) : agent.role;
    return { name: agent.name, role };
  };
  return {
    person,
    label(agentId, at) {
      const p = person(agentId, at);
      return p ? `${p.name} (${roleLabels[p.role].toLowerCase()})` : 'a former staff member';
    },
  };
}

/**
 * Who made a change. `borrowerId` is the customer whose history this is: their own changes are
 * "the borrower"; other customers (on an account's history) are named from `customers`.
 */
export function actorOf(entry: Pick<AuditEntry, 'actorType' | 'actorId' | 'at'>, ctx: { staff: StaffDirectory; borrowerId?: string | undefined; customers?: Map<string, string> | undefined }): Actor {
  if (entry.actorType === 'agent') {
    const p = entry.actorId ? ctx.staff.person(entry.actorId, entry.at) : null;
    return { type: 'agent', id: entry.actorId, name: p?.name ?? null, role: p?.role ?? 'agent', label: entry.actorId ? ctx.staff.label(entry.actorId, entry.at) : 'a former staff member' };
  }
  if (entry.actorType === 'customer') {
    const name = entry.actorId ? (ctx.customers?.get(entry.actorId) ?? null) : null;
    const own = !!entry.actorId && entry.actorId === ctx.borrowerId;
    return { type: 'customer', id: entry.actorId, name, role: 'borrower', label: own ? 'the borrower' : name ? `${name} (borrower)` : 'a borrower' };
  }
  return { type: 'system', id: null, name: null, role: 'system', label: 'the system' };
}

// ---------------------------------------------------------------------------------------------
// A page of history

export const HISTORY_PAGE_SIZE = 25;

export interface HistoryLine {
  at: Date;
  when: string;
  what: string;
  by: string;
  before: { label: string; value: string }[];
  after: { label: string; value: string }[];
}

/** One page of a history, newest first, with what the page needs to link the others. */
export interface HistoryView {
  lines: HistoryLine[];
  page: number;
  pages: number;
  total: number;
  /** The plain link to page n (works without JavaScript). */
  pageHref: (n: number) => string;
  /** The htmx fragment of page n, when there is one. */
  fragmentHref?: ((n: number) => string) | undefined;
  /** The whole history as JSON. */
  jsonHref: string;
}

/** Page numbers come from the query string: anything but a whole number from 1 is page 1. */
export function pageNumber(text: string | undefined): number {
  const n = /^\d{1,6}$/.test(text ?? '') ? Number(text) : 1;
  return Math.max(1, n);
}

/** Customer ids a stored value holds under a customer key, at any depth (lists of holders). */
function customerIdsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(customerIdsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (CUSTOMER_ID_KEYS.has(k) && typeof v === 'string' ? [v] : customerIdsIn(v)));
}

export async function historyView(
  tdb: TenantDb,
  target: { entityType: string; entityId: string; filter?: ActionFilter; borrowerId?: string },
  opts: { page: number; timeZone: string; pageHref: (n: number) => string; fragmentHref?: (n: number) => string; jsonHref: string },
): Promise<HistoryView> {
  const at = (n: number) => tdb.audit.page(target.entityType, target.entityId, target.filter ?? {}, { limit: HISTORY_PAGE_SIZE, offset: (n - 1) * HISTORY_PAGE_SIZE });
  const [staff, asked] = await Promise.all([staffDirectory(tdb), at(opts.page)]);
  const pages = Math.max(1, Math.ceil(asked.total / HISTORY_PAGE_SIZE));
  // A page past the end (an old link after deletions, a typed number) shows the last one.
  const page = Math.min(opts.page, pages);
  const { rows, total } = page === opts.page ? asked : await at(page);
  // Customers named in the rows (an account's history names them by id), and customers who acted, by name.
  const named = rows.flatMap((r) => [r.actorType === 'customer' ? r.actorId : null, ...[r.before, r.after].flatMap((v) => customerIdsIn(v))]);
  const ids = [...new Set(named.filter((id): id is string => !!id && id !== target.borrowerId))];
  const customers = new Map((await tdb.customers.findMany(ids)).map((c) => [c.id, c.customerType !== 'individual' && c.companyName ? c.companyName : `${c.firstName} ${c.lastName}`]));
  const lines = rows.map((r) => {
    const ctx = { timeZone: opts.timeZone, staff: (id: string) => staff.label(id, r.at), customer: (id: string) => customers.get(id) ?? (id === target.borrowerId ? 'this customer' : 'a customer no longer on file') };
    return { at: r.at, when: formatInstant(r.at, opts.timeZone), what: actionLabel(r.action), by: actorOf(r, { staff, borrowerId: target.borrowerId, customers }).label, before: changeParts(r.before, ctx), after: changeParts(r.after, ctx) };
  });
  return { lines, page, pages, total, pageHref: opts.pageHref, fragmentHref: opts.fragmentHref, jsonHref: opts.jsonHref };
}

/** Where each tab's page is (and so its history's links). */
export const historyTabPaths: Record<HistoryTab, string> = { record: '/edit', links: '', employer: '/employer', references: '/references', notes: '/notes', documents: '/documents', 'payment-profiles': '/payment-profiles', privacy: '/privacy' };

export const HISTORY_SECTION_ID = 'tab-history';

/** A customer tab's history, page `page`. */
export function customerHistoryView(tdb: TenantDb, customerId: string, tab: HistoryTab, page: number, timeZone: string): Promise<HistoryView> {
  const base = `/admin/customers/${encodeURIComponent(customerId)}`;
  return historyView(tdb, { entityType: 'customer', entityId: customerId, filter: filterOf(tab), borrowerId: customerId }, {
    page,
    timeZone,
    pageHref: (n) => `${base}${historyTabPaths[tab]}${n > 1 ? `?history=${n}` : ''}#${HISTORY_SECTION_ID}`,
    fragmentHref: (n) => `${base}/history?tab=${tab}&page=${n}`,
    jsonHref: `${base}/history.json?tab=${tab}`,
  });
}

/** An account's history (its own rows: opened, status, customers, payments), page `page`. */
export function accountHistoryView(tdb: TenantDb, account: { id: string; displayId: string }, page: number, timeZone: string): Promise<HistoryView> {
  const base = `/admin/accounts/${encodeURIComponent(account.displayId)}`;
  return historyView(tdb, { entityType: 'account', entityId: account.id }, {
    page,
    timeZone,
    pageHref: (n) => `${base}?tab=history${n > 1 ? `&history=${n}` : ''}`,
    jsonHref: `${base}/history.json`,
  });
}

/** History rows for a JSON download: each with who acted (type, id, name and role at the time) and the stored values. */
export async function historyRowsJson(tdb: TenantDb, rows: AuditEntry[], borrowerId?: string) {
  const staff = await staffDirectory(tdb);
  const ids = [...new Set(rows.filter((r) => r.actorType === 'customer' && r.actorId).map((r) => r.actorId!))];
  const customers = new Map((await tdb.customers.findMany(ids)).map((c) => [c.id, `${c.firstName} ${c.lastName}`]));
  return rows.map((r) => {
    const { type, id, name, role } = actorOf(r, { staff, borrowerId, customers });
    return { at: r.at.toISOString(), action: r.action, actor: { type, id, name, role }, before: r.before, after: r.after };
  });
}

/** The JSON shape of a customer's history download. */
export async function historyJson(tdb: TenantDb, customerId: string, tab: HistoryTab | undefined, rows: AuditEntry[]) {
  return { customer: customerId, ...(tab ? { tab } : {}), history: await historyRowsJson(tdb, rows, customerId) };
}

import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { newId } from '../../lib/ids';
import type { AuditInput } from './audit';
import {
  accounts,
  auditLog,
  customerAccounts,
  customers,
  lineTerms,
  loanTerms,
  scheduleRows,
  type Account,
  type CustomerAccountLink,
  type LineTermsRow,
  type LoanTermsRow,
  type ScheduleRow,
} from '../schema';

type Stamp = 'tenantId' | 'createdAt' | 'updatedAt';
export type NewAccount = Omit<typeof accounts.$inferInsert, Stamp>;
export type NewLink = Omit<typeof customerAccounts.$inferInsert, Stamp | 'accountId'>;

export interface AccountBundle {
  account: NewAccount;
  loanTerms?: Omit<typeof loanTerms.$inferInsert, 'tenantId' | 'accountId'>;
  lineTerms?: Omit<typeof lineTerms.$inferInsert, 'tenantId' | 'accountId'>;
  schedule?: Omit<typeof scheduleRows.$inferInsert, 'tenantId' | 'accountId'>[];
  links: NewLink[];
}

/**
 * One servicing change to an account, applied with its audit rows in one batch: a new status, a
 * customer added or removed, roles changed. Roles leaving Primary are written before the one taking
 * it, so the account never has two (the partial unique index would refuse the batch).
 */
export interface AccountChange {
  status?: string;
  add?: Omit<NewLink, 'tenantId'>;
  remove?: string;
  roles?: { customerId: string; role: CustomerAccountLink['role'] }[];
}

export function accountsRepo(db: Db, tenantId: string) {
  const inTenant = eq(accounts.tenantId, tenantId);
  return {
    find: (id: string): Promise<Account | undefined> => db.query.accounts.findFirst({ where: and(inTenant, eq(accounts.id, id)) }),
    findByDisplayId: (displayId: string): Promise<Account | undefined> =>
      db.query.accounts.findFirst({ where: and(inTenant, eq(accounts.displayId, displayId)) }),

    /** The most recently opened accounts (the staff list with no search). */
    recent: (limit: number): Promise<Account[]> =>
      db.query.accounts.findMany({ where: inTenant, orderBy: [desc(accounts.openedOn), desc(accounts.createdAt)], limit }),
    /** Accounts whose number contains the text, or one of whose customers' name does (case-insensitive). */
    search(text: string, limit: number): Promise<Account[]> {
      const like = `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const named = db
        .select({ accountId: customerAccounts.accountId })
        .from(customerAccounts)
        .innerJoin(customers, and(eq(customers.tenantId, customerAccounts.tenantId), eq(customers.id, customerAccounts.customerId)))
        .where(and(eq(customerAccounts.tenantId, tenantId), sql`(lower(${customers.firstName} || ' ' || ${customers.lastName}) like ${like} escape '\\' or lower(coalesce(${customers.companyName}, '')) like ${like} escape '\\')`));
      return db
        .select()
        .from(accounts)
        .where(and(inTenant, or(sql`lower(${accounts.displayId}) like ${like} escape '\\'`, inArray(accounts.id, named))))
        .orderBy(asc(accounts.displayId))
        .limit(limit);
    },

    /** An account with everything that defines it, written in one atomic batch. */
    async create(bundle: AccountBundle, now: Date): Promise<void> {
      const accountId = bundle.account.id;
      const stamps = { tenantId, createdAt: now, updatedAt: now };
      const statements = [
        db.insert(accounts).values({ ...bundle.account, ...stamps }),
        ...(bundle.loanTerms ? [db.insert(loanTerms).values({ ...bundle.loanTerms, tenantId, accountId })] : []),
        ...(bundle.lineTerms ? [db.insert(lineTerms).values({ ...bundle.lineTerms, tenantId, accountId })] : []),
        ...(bundle.schedule?.length ? [db.insert(scheduleRows).values(bundle.schedule.map((r) => ({ ...r, tenantId, accountId })))] : []),
        ...bundle.links.map((l) => db.insert(customerAccounts).values({ ...l, accountId, ...stamps })),
      ] as const;
      await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
    },

    /** Many accounts at once (bulk seeding, imports): multi-row inserts in chunks. */
    async createMany(bundles: AccountBundle[], now: Date): Promise<void> {
      const stamps = { tenantId, createdAt: now, updatedAt: now };
      const chunked = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
        for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
      };
      await chunked(bundles.map((b) => ({ ...b.account, ...stamps })), 200, (c) => db.insert(accounts).values(c));
      const loans = bundles.flatMap((b) => (b.loanTerms ? [{ ...b.loanTerms, tenantId, accountId: b.account.id }] : []));
      await chunked(loans, 200, (c) => db.insert(loanTerms).values(c));
      const lines = bundles.flatMap((b) => (b.lineTerms ? [{ ...b.lineTerms, tenantId, accountId: b.account.id }] : []));
      await chunked(lines, 200, (c) => db.insert(lineTerms).values(c));
      const rows = bundles.flatMap((b) => (b.schedule ?? []).map((r) => ({ ...r, tenantId, accountId: b.account.id })));
      await chunked(rows, 500, (c) => db.insert(scheduleRows).values(c));
      const links = bundles.flatMap((b) => b.links.map((l) => ({ ...l, accountId: b.account.id, ...stamps })));
      await chunked(links, 300, (c) => db.insert(customerAccounts).values(c));
    },

    /** The status update of one account, for a batch with the change that moved it; only while it still has the status `from` (a person's change in between stands). */
    statusStatement: (accountId: string, status: string, from: string, now: Date) => db.update(accounts).set({ status, updatedAt: now }).where(and(inTenant, eq(accounts.id, accountId), eq(accounts.status, from))),
    /** "This account still has this status": the guard of the audit row written with statusStatement. */
    hasStatus: (accountId: string, status: string) => ({ table: accounts, where: and(inTenant, eq(accounts.id, accountId), eq(accounts.status, status)) }),
    /**
     * The first statement of a batch that changes the account's ledger: bumps its version, or
     * aborts the whole batch (isStaleWrite) when another change got there since `version` was read.
     */
    ledgerVersionOrAbort: (accountId: string, version: number, now: Date) =>
      db.update(accounts).set({ ledgerVersion: sql`case when ${accounts.ledgerVersion} = ${version} then ${version + 1} else null end`, updatedAt: now }).where(and(inTenant, eq(accounts.id, accountId))),

    loanTerms: (accountId: string): Promise<LoanTermsRow | undefined> =>
      db.query.loanTerms.findFirst({ where: and(eq(loanTerms.tenantId, tenantId), eq(loanTerms.accountId, accountId)) }),
    lineTerms: (accountId: string): Promise<LineTermsRow | undefined> =>
      db.query.lineTerms.findFirst({ where: and(eq(lineTerms.tenantId, tenantId), eq(lineTerms.accountId, accountId)) }),
    schedule: (accountId: string): Promise<ScheduleRow[]> =>
      db.query.scheduleRows.findMany({ where: and(eq(scheduleRows.tenantId, tenantId), eq(scheduleRows.accountId, accountId)), orderBy: [asc(scheduleRows.number)] }),

    /** The accounts a customer is linked to, with the link (role and access switches). */
    async forCustomer(customerId: string): Promise<{ account: Account; link: CustomerAccountLink }[]> {
      const rows = await db
        .select({ account: accounts, link: customerAccounts })
        .from(customerAccounts)
        .innerJoin(accounts, and(eq(accounts.tenantId, customerAccounts.tenantId), eq(accounts.id, customerAccounts.accountId)))
        .where(and(eq(customerAccounts.tenantId, tenantId), eq(customerAccounts.customerId, customerId)))
        .orderBy(asc(accounts.openedOn), asc(accounts.displayId));
      return rows;
    },
    /** Account numbers by customer, for many customers in one query (search results). */
    async displayIdsByCustomer(customerIds: string[]): Promise<Map<string, string[]>> {
      const byCustomer = new Map<string, string[]>(customerIds.map((id) => [id, []]));
      if (customerIds.length === 0) return byCustomer;
      const rows = await db
        .select({ customerId: customerAccounts.customerId, displayId: accounts.displayId })
        .from(customerAccounts)
        .innerJoin(accounts, and(eq(accounts.tenantId, customerAccounts.tenantId), eq(accounts.id, customerAccounts.accountId)))
        .where(and(eq(customerAccounts.tenantId, tenantId), inArray(customerAccounts.customerId, customerIds)))
        .orderBy(asc(accounts.openedOn), asc(accounts.displayId));
      for (const r of rows) byCustomer.get(r.customerId)?.push(r.displayId);
      return byCustomer;
    },
    links: (accountId: string): Promise<CustomerAccountLink[]> =>
      db.query.customerAccounts.findMany({ where: and(eq(customerAccounts.tenantId, tenantId), eq(customerAccounts.accountId, accountId)) }),
    /** A link's access switches. */
    async setAccess(customerId: string, accountId: string, access: Partial<Pick<CustomerAccountLink, 'emailAccess' | 'webAccess' | 'smsAccess'>>, now: Date): Promise<void> {
      await db.update(customerAccounts).set({ ...access, updatedAt: now }).where(and(eq(customerAccounts.tenantId, tenantId), eq(customerAccounts.customerId, customerId), eq(customerAccounts.accountId, accountId)));
    },
    async applyChange(accountId: string, change: AccountChange, audits: AuditInput[], now: Date): Promise<void> {
      const ofAccount = and(eq(customerAccounts.tenantId, tenantId), eq(customerAccounts.accountId, accountId));
      const roleOf = (r: { customerId: string; role: CustomerAccountLink['role'] }) =>
        db.update(customerAccounts).set({ role: r.role, updatedAt: now }).where(and(ofAccount, eq(customerAccounts.customerId, r.customerId)));
      const roles = change.roles ?? [];
      const statements = [
        ...(change.status !== undefined ? [db.update(accounts).set({ status: change.status, updatedAt: now }).where(and(inTenant, eq(accounts.id, accountId)))] : []),
        ...(change.remove !== undefined ? [db.delete(customerAccounts).where(and(ofAccount, eq(customerAccounts.customerId, change.remove)))] : []),
        ...roles.filter((r) => r.role !== 'Primary').map(roleOf),
        ...roles.filter((r) => r.role === 'Primary').map(roleOf),
        ...(change.add ? [db.insert(customerAccounts).values({ ...change.add, tenantId, accountId, createdAt: now, updatedAt: now })] : []),
        ...audits.map((a) => db.insert(auditLog).values({ ...a, tenantId, id: newId(), at: now })),
      ];
      if (statements.length === 0) return;
      await db.batch(statements as unknown as Parameters<typeof db.batch>[0]);
    },
  };
}

import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { accounts, customerAccounts, customerAddresses, customerPhones, customers, type Customer, type CustomerPhone } from '../schema';

/** What the staff search looks for; a customer matching any one of them is found. */
export interface CustomerSearch {
  /** Keyed hashes of a full tax id the query could be (SSN, EIN, SIN). */
  taxIdHashes: string[];
  /** Digits some phone of theirs contains. */
  phoneDigits?: string | undefined;
  /** An account number they are on (exact, upper case). */
  displayId?: string | undefined;
  /** Text their name, company name or email contains (case-insensitive). */
  text?: string | undefined;
}

type NewCustomer = Omit<typeof customers.$inferInsert, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'>;

export function customersRepo(db: Db, tenantId: string) {
  const scope = (...more: Parameters<typeof and>) => and(eq(customers.tenantId, tenantId), ...more);
  return {
    find: (id: string): Promise<Customer | undefined> =>
      db.query.customers.findFirst({ where: scope(eq(customers.id, id)) }),
    list: (opts: { limit: number; offset?: number }): Promise<Customer[]> =>
      db.query.customers.findMany({
        where: scope(),
        orderBy: [asc(customers.lastName), asc(customers.firstName)],
        limit: opts.limit,
        offset: opts.offset ?? 0,
      }),
    findByUsername: (username: string): Promise<Customer | undefined> =>
      db.query.customers.findFirst({ where: scope(eq(customers.webUsername, username.toLowerCase())) }),
    /** New email; the web username follows it when it was the email. */
    async changeEmail(id: string, email: string, now: Date): Promise<void> {
      const current = await db.query.customers.findFirst({ where: scope(eq(customers.id, id)) });
      if (!current) return;
      const username = !current.webUsername || current.webUsername === current.email ? email.toLowerCase() : current.webUsername;
      await db.update(customers).set({ email: email.toLowerCase(), webUsername: username, updatedAt: now }).where(scope(eq(customers.id, id)));
    },
    async setMfaPhone(id: string, phone: string | null, now: Date): Promise<void> {
      await db.update(customers).set({ mfaPhone: phone, updatedAt: now }).where(scope(eq(customers.id, id)));
    },
    /** A staff edit of the record's own fields; the web username follows the email when it was the email. */
    async updateRecord(id: string, values: Partial<Pick<Customer, 'firstName' | 'middleName' | 'lastName' | 'email' | 'status' | 'doNotCaseFormat'>>, now: Date): Promise<void> {
      const current = await db.query.customers.findFirst({ where: scope(eq(customers.id, id)) });
      if (!current) return;
      const email = values.email === undefined ? undefined : values.email?.toLowerCase() ?? null;
      const username = email !== undefined && (!current.webUsername || current.webUsername === current.email) ? email : undefined;
      await db.update(customers).set({ ...values, ...(email !== undefined ? { email } : {}), ...(username !== undefined ? { webUsername: username } : {}), updatedAt: now }).where(scope(eq(customers.id, id)));
    },
    async setProcessorCustomerId(id: string, processorCustomerId: string, now: Date): Promise<void> {
      await db.update(customers).set({ processorCustomerId, updatedAt: now }).where(scope(eq(customers.id, id)));
    },
    async setTaxId(id: string, taxId: { encrypted: string; hash: string; last4: string }, now: Date): Promise<void> {
      await db.update(customers).set({ taxIdEncrypted: taxId.encrypted, taxIdHash: taxId.hash, taxIdLast4: taxId.last4, updatedAt: now }).where(scope(eq(customers.id, id)));
    },
    async setPassword(id: string, passwordHash: string, now: Date): Promise<void> {
      await db.update(customers).set({ passwordHash, updatedAt: now }).where(scope(eq(customers.id, id)));
    },
    count: (): Promise<number> => db.$count(customers, scope()),
    /** How many customers have each status (one grouped query). */
    async countByStatus(): Promise<Map<string, number>> {
      const rows = await db.select({ status: customers.status, n: sql<number>`count(*)` }).from(customers).where(scope()).groupBy(customers.status);
      return new Map(rows.map((r) => [r.status, Number(r.n)]));
    },
    /**
     * The staff search as one condition: how many customers match, and one page of them sorted by last
     * name then first name (case-insensitive; the id keeps pages stable), each with their primary
     * address's city and state. Two statements, sent together.
     */
    async search(criteria: CustomerSearch, page: { limit: number; offset: number }): Promise<{ total: number; rows: { customer: Customer; city: string | null; state: string | null }[] }> {
      const escape = (t: string) => t.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`);
      const any = [
        criteria.taxIdHashes.length > 0 ? inArray(customers.taxIdHash, criteria.taxIdHashes) : undefined,
        criteria.phoneDigits
          ? inArray(customers.id, db.select({ id: customerPhones.customerId }).from(customerPhones).where(and(eq(customerPhones.tenantId, tenantId), sql`replace(${customerPhones.number}, '+', '') like ${`%${criteria.phoneDigits}%`}`)))
          : undefined,
        criteria.displayId
          ? inArray(
              customers.id,
              db.select({ id: customerAccounts.customerId }).from(customerAccounts)
                .innerJoin(accounts, and(eq(accounts.tenantId, customerAccounts.tenantId), eq(accounts.id, customerAccounts.accountId)))
                .where(and(eq(customerAccounts.tenantId, tenantId), eq(accounts.displayId, criteria.displayId))),
            )
          : undefined,
        criteria.text
          ? sql`(lower(${customers.firstName} || ' ' || ${customers.lastName}) like ${`%${escape(criteria.text)}%`} escape '\\' or lower(coalesce(${customers.companyName}, '')) like ${`%${escape(criteria.text)}%`} escape '\\' or lower(${customers.email}) like ${`%${escape(criteria.text)}%`} escape '\\')`
          : undefined,
      ].filter((c) => c !== undefined);
      if (any.length === 0) return { total: 0, rows: [] };
      const where = scope(or(...any));
      const [total, rows] = await Promise.all([
        db.$count(customers, where),
        db
          .select({ customer: customers, city: customerAddresses.city, state: customerAddresses.state })
          .from(customers)
          .leftJoin(customerAddresses, and(eq(customerAddresses.tenantId, customers.tenantId), eq(customerAddresses.customerId, customers.id), eq(customerAddresses.kind, 'primary')))
          .where(where)
          .orderBy(sql`${customers.lastName} collate nocase`, sql`${customers.firstName} collate nocase`, asc(customers.id))
          .limit(page.limit)
          .offset(page.offset),
      ]);
      return { total, rows };
    },
    findMany: (ids: string[]): Promise<Customer[]> => (ids.length === 0 ? Promise.resolve([]) : db.query.customers.findMany({ where: scope(inArray(customers.id, ids)) })),
    phones: (customerId: string): Promise<CustomerPhone[]> =>
      db.query.customerPhones.findMany({ where: and(eq(customerPhones.tenantId, tenantId), eq(customerPhones.customerId, customerId)), orderBy: [desc(customerPhones.isPrimary), asc(customerPhones.createdAt)] }),
    /** Phones of many customers in one query (search results), primary first. */
    async phonesByCustomer(customerIds: string[]): Promise<Map<string, CustomerPhone[]>> {
      const byCustomer = new Map<string, CustomerPhone[]>(customerIds.map((id) => [id, []]));
      if (customerIds.length === 0) return byCustomer;
      const rows = await db.query.customerPhones.findMany({ where: and(eq(customerPhones.tenantId, tenantId), inArray(customerPhones.customerId, customerIds)), orderBy: [desc(customerPhones.isPrimary), asc(customerPhones.createdAt)] });
      for (const p of rows) byCustomer.get(p.customerId)?.push(p);
      return byCustomer;
    },
    async addPhone(values: { customerId: string; type: CustomerPhone['type']; number: string; isPrimary: boolean; doNotCall?: boolean }, now: Date): Promise<void> {
      await db.insert(customerPhones).values({ ...values, doNotCall: values.doNotCall ?? false, tenantId, id: newId(), createdAt: now, updatedAt: now });
    },
    /** Bulk insert (seeding, imports); rows already present by username are skipped. */
    async insertMany(rows: (NewCustomer & { id?: string })[], now: Date): Promise<void> {
      if (rows.length === 0) return;
      await db
        .insert(customers)
        .values(rows.map((r) => ({ ...r, email: r.email?.toLowerCase() ?? null, webUsername: r.webUsername ?? r.email?.toLowerCase() ?? null, tenantId, id: r.id ?? newId(), createdAt: now, updatedAt: now })))
        .onConflictDoNothing();
    },
    async create(values: NewCustomer, now: Date): Promise<Customer> {
      const email = values.email?.toLowerCase() ?? null;
      const [row] = await db
        .insert(customers)
        .values({ ...values, email, webUsername: values.webUsername ?? email, tenantId, id: newId(), createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },
  };
}

import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { accounts, ledgerEntries, lineTerms, statements, type LedgerRow, type LineTermsRow, type StatementRow } from '../schema';

export type NewLedgerEntry = Omit<typeof ledgerEntries.$inferInsert, 'tenantId'>;
export type NewStatement = Omit<typeof statements.$inferInsert, 'tenantId'>;

/** The append-only ledger and issued statements of a tenant's accounts. */
export function ledgerRepo(db: Db, tenantId: string) {
  return {
    entries: (accountId: string): Promise<LedgerRow[]> =>
      db.query.ledgerEntries.findMany({
        where: and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.accountId, accountId)),
        orderBy: [asc(ledgerEntries.effectiveDate), asc(ledgerEntries.postedAt)],
      }),
    find: (id: string): Promise<LedgerRow | undefined> =>
      db.query.ledgerEntries.findFirst({ where: and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.id, id)) }),
    findByPayment: (paymentId: string): Promise<LedgerRow | undefined> =>
      db.query.ledgerEntries.findFirst({ where: and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.paymentId, paymentId)) }),
    /** The insert of one entry, for a batch with the change it belongs to. */
    entryStatement: (entry: NewLedgerEntry) => db.insert(ledgerEntries).values({ ...entry, tenantId }),
    /** Entries of several accounts in one query, in date order (history across a person's accounts). */
    entriesFor: (accountIds: string[]): Promise<LedgerRow[]> =>
      accountIds.length === 0
        ? Promise.resolve([])
        : db.query.ledgerEntries.findMany({
            where: and(eq(ledgerEntries.tenantId, tenantId), inArray(ledgerEntries.accountId, accountIds)),
            orderBy: [asc(ledgerEntries.effectiveDate), asc(ledgerEntries.postedAt)],
          }),
    async append(entries: NewLedgerEntry[]): Promise<void> {
      if (entries.length === 0) return;
      for (let i = 0; i < entries.length; i += 500) {
        await db.insert(ledgerEntries).values(entries.slice(i, i + 500).map((e) => ({ ...e, tenantId })));
      }
    },
    statements: (accountId: string): Promise<StatementRow[]> =>
      db.query.statements.findMany({ where: and(eq(statements.tenantId, tenantId), eq(statements.accountId, accountId)), orderBy: [asc(statements.periodEnd)] }),
    findStatement: (id: string): Promise<StatementRow | undefined> =>
      db.query.statements.findFirst({ where: and(eq(statements.tenantId, tenantId), eq(statements.id, id)) }),
    /** Each open line's terms and the end of its last issued statement (the nightly run issues what has closed since). */
    linesToStatement: (): Promise<{ accountId: string; terms: LineTermsRow; lastIssued: string | null }[]> =>
      db
        .select({ accountId: accounts.id, terms: lineTerms, lastIssued: sql<string | null>`(select max(${statements.periodEnd}) from ${statements} where ${statements.tenantId} = ${accounts.tenantId} and ${statements.accountId} = ${accounts.id})` })
        .from(accounts)
        .innerJoin(lineTerms, and(eq(lineTerms.tenantId, accounts.tenantId), eq(lineTerms.accountId, accounts.id)))
        .where(and(eq(accounts.tenantId, tenantId), isNull(accounts.closedOn))),
    /** Statements are issued once: a period already issued is left as it was. */
    async issueStatements(rows: NewStatement[]): Promise<void> {
      if (rows.length === 0) return;
      await db.insert(statements).values(rows.map((r) => ({ ...r, tenantId }))).onConflictDoNothing();
    },
  };
}

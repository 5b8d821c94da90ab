import { and, desc, eq, or } from 'drizzle-orm';
import type { Db } from '../client';
import { documents, type DocumentRow } from '../schema';

type NewDocument = Omit<typeof documents.$inferInsert, 'tenantId' | 'createdAt' | 'updatedAt'>;

/** Document records of a tenant; the bytes are in the Files port. */
export function documentsRepo(db: Db, tenantId: string) {
  const scope = (...more: Parameters<typeof and>) => and(eq(documents.tenantId, tenantId), ...more);
  return {
    find: (id: string): Promise<DocumentRow | undefined> => db.query.documents.findFirst({ where: scope(eq(documents.id, id)) }),
    /**
     * What a borrower sees on one account: active documents the lender shared, and their own uploads
     * (a co-borrower's uploads stay theirs).
     */
    forBorrowerAccount: (accountId: string, customerId: string): Promise<DocumentRow[]> =>
      db.query.documents.findMany({
        where: scope(
          eq(documents.accountId, accountId),
          eq(documents.active, true),
          or(eq(documents.sharedWithBorrower, true), and(eq(documents.uploadedByType, 'customer'), eq(documents.uploadedById, customerId))),
        ),
        orderBy: [desc(documents.createdAt)],
      }),
    async add(values: NewDocument, now: Date): Promise<void> {
      await db.insert(documents).values({ ...values, tenantId, createdAt: now, updatedAt: now });
    },
    /** Every document about a customer, on any account or none, active or not: what staff see. Newest first. */
    forCustomer: (customerId: string): Promise<DocumentRow[]> =>
      db.query.documents.findMany({ where: scope(eq(documents.customerId, customerId)), orderBy: [desc(documents.createdAt), desc(documents.id)] }),
    /** Staff edits: the description fields, sharing, and active/inactive; never the file or its owner. */
    async update(id: string, values: Partial<Pick<DocumentRow, 'name' | 'category' | 'description' | 'sharedWithBorrower' | 'active'>>, now: Date): Promise<void> {
      await db.update(documents).set({ ...values, updatedAt: now }).where(scope(eq(documents.id, id)));
    },
  };
}

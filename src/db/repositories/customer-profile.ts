import { and, asc, desc, eq } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import {
  customerAddresses, customerNotes, customerReferences, employers, mailPieces,
  type AddressKind, type CustomerAddress, type CustomerNote, type CustomerReference, type Employer, type MailPiece,
} from '../schema';

type AddressValues = Omit<typeof customerAddresses.$inferInsert, 'tenantId' | 'customerId' | 'kind' | 'createdAt' | 'updatedAt'>;
type EmployerValues = Omit<typeof employers.$inferInsert, 'tenantId' | 'customerId' | 'createdAt' | 'updatedAt'>;
type ReferenceValues = Omit<typeof customerReferences.$inferInsert, 'tenantId' | 'id' | 'customerId' | 'createdAt' | 'updatedAt'>;
type NoteValues = Omit<typeof customerNotes.$inferInsert, 'tenantId' | 'id' | 'customerId' | 'createdAt' | 'updatedAt'>;
type MailValues = Omit<typeof mailPieces.$inferInsert, 'tenantId' | 'id' | 'customerId'>;

/** What staff keep about a customer beyond the record itself: addresses, employer, references, notes, mail. */
export function customerProfileRepo(db: Db, tenantId: string) {
  return {
    addresses: (customerId: string): Promise<CustomerAddress[]> =>
      db.query.customerAddresses.findMany({ where: and(eq(customerAddresses.tenantId, tenantId), eq(customerAddresses.customerId, customerId)) }),
    async saveAddress(customerId: string, kind: AddressKind, values: AddressValues, now: Date): Promise<void> {
      await db
        .insert(customerAddresses)
        .values({ ...values, tenantId, customerId, kind, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: [customerAddresses.tenantId, customerAddresses.customerId, customerAddresses.kind], set: { ...values, updatedAt: now } });
    },
    async removeAddress(customerId: string, kind: AddressKind): Promise<void> {
      await db.delete(customerAddresses).where(and(eq(customerAddresses.tenantId, tenantId), eq(customerAddresses.customerId, customerId), eq(customerAddresses.kind, kind)));
    },

    employer: (customerId: string): Promise<Employer | undefined> =>
      db.query.employers.findFirst({ where: and(eq(employers.tenantId, tenantId), eq(employers.customerId, customerId)) }),
    async saveEmployer(customerId: string, values: EmployerValues, now: Date): Promise<void> {
      await db
        .insert(employers)
        .values({ ...values, tenantId, customerId, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: [employers.tenantId, employers.customerId], set: { ...values, updatedAt: now } });
    },
    async removeEmployer(customerId: string): Promise<void> {
      await db.delete(employers).where(and(eq(employers.tenantId, tenantId), eq(employers.customerId, customerId)));
    },

    references: (customerId: string): Promise<CustomerReference[]> =>
      db.query.customerReferences.findMany({ where: and(eq(customerReferences.tenantId, tenantId), eq(customerReferences.customerId, customerId)), orderBy: [asc(customerReferences.createdAt)] }),
    reference: (customerId: string, id: string): Promise<CustomerReference | undefined> =>
      db.query.customerReferences.findFirst({ where: and(eq(customerReferences.tenantId, tenantId), eq(customerReferences.customerId, customerId), eq(customerReferences.id, id)) }),
    async addReference(customerId: string, values: ReferenceValues, now: Date): Promise<CustomerReference> {
      const [row] = await db.insert(customerReferences).values({ ...values, tenantId, customerId, id: newId(), createdAt: now, updatedAt: now }).returning();
      return row!;
    },
    async updateReference(customerId: string, id: string, values: ReferenceValues, now: Date): Promise<void> {
      await db.update(customerReferences).set({ ...values, updatedAt: now }).where(and(eq(customerReferences.tenantId, tenantId), eq(customerReferences.customerId, customerId), eq(customerReferences.id, id)));
    },
    async removeReference(customerId: string, id: string): Promise<void> {
      await db.delete(customerReferences).where(and(eq(customerReferences.tenantId, tenantId), eq(customerReferences.customerId, customerId), eq(customerReferences.id, id)));
    },

    notes: (customerId: string): Promise<CustomerNote[]> =>
      db.query.customerNotes.findMany({ where: and(eq(customerNotes.tenantId, tenantId), eq(customerNotes.customerId, customerId)), orderBy: [desc(customerNotes.createdAt)] }),
    note: (customerId: string, id: string): Promise<CustomerNote | undefined> =>
      db.query.customerNotes.findFirst({ where: and(eq(customerNotes.tenantId, tenantId), eq(customerNotes.customerId, customerId), eq(customerNotes.id, id)) }),
    async addNote(customerId: string, values: NoteValues, now: Date): Promise<CustomerNote> {
      const [row] = await db.insert(customerNotes).values({ ...values, tenantId, customerId, id: newId(), createdAt: now, updatedAt: now }).returning();
      return row!;
    },
    async updateNote(customerId: string, id: string, values: Pick<NoteValues, 'title' | 'category' | 'body'>, now: Date): Promise<void> {
      await db.update(customerNotes).set({ ...values, updatedAt: now }).where(and(eq(customerNotes.tenantId, tenantId), eq(customerNotes.customerId, customerId), eq(customerNotes.id, id)));
    },
    async removeNote(customerId: string, id: string): Promise<void> {
      await db.delete(customerNotes).where(and(eq(customerNotes.tenantId, tenantId), eq(customerNotes.customerId, customerId), eq(customerNotes.id, id)));
    },

    mail: (customerId: string): Promise<MailPiece[]> =>
      db.query.mailPieces.findMany({ where: and(eq(mailPieces.tenantId, tenantId), eq(mailPieces.customerId, customerId)), orderBy: [desc(mailPieces.sentAt)] }),
    async recordMail(customerId: string, values: MailValues): Promise<MailPiece> {
      const [row] = await db.insert(mailPieces).values({ ...values, tenantId, customerId, id: newId() }).returning();
      return row!;
    },
  };
}

import { and, eq } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { customerPhones, customers, type Customer, type CustomerPhone } from '../schema';

/** The columns of a customer that the staff record edit writes (the repository never decides usernames). */
export type RecordColumns = Partial<
  Pick<
    Customer,
    | 'customerType' | 'status' | 'firstName' | 'middleName' | 'lastName' | 'doNotCaseFormat' | 'generationCode' | 'companyName' | 'contactName'
    | 'taxIdKind' | 'taxIdEncrypted' | 'taxIdHash' | 'taxIdLast4' | 'driversLicenseEncrypted' | 'driversLicenseLast4' | 'driversLicenseState'
    | 'dateOfBirth' | 'gender' | 'doNotSell' | 'mailingSameAsPrimary' | 'photoKey' | 'photoContentType' | 'customFields' | 'email' | 'webUsername' | 'passwordHash'
  >
>;

type PhoneValues = Pick<CustomerPhone, 'type' | 'number' | 'isPrimary' | 'doNotCall'>;

/** Writes of the staff customer record: any of its columns exactly as given, and each phone by id. */
export function customerRecordRepo(db: Db, tenantId: string) {
  const phoneOf = (customerId: string, id: string) => and(eq(customerPhones.tenantId, tenantId), eq(customerPhones.customerId, customerId), eq(customerPhones.id, id));
  return {
    async update(id: string, values: RecordColumns, now: Date): Promise<void> {
      await db.update(customers).set({ ...values, updatedAt: now }).where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
    },
    phone: (customerId: string, id: string): Promise<CustomerPhone | undefined> => db.query.customerPhones.findFirst({ where: phoneOf(customerId, id) }),
    async addPhone(customerId: string, values: PhoneValues, now: Date): Promise<CustomerPhone> {
      const [row] = await db.insert(customerPhones).values({ ...values, tenantId, customerId, id: newId(), createdAt: now, updatedAt: now }).returning();
      return row!;
    },
    async updatePhone(customerId: string, id: string, values: Partial<PhoneValues>, now: Date): Promise<void> {
      await db.update(customerPhones).set({ ...values, updatedAt: now }).where(phoneOf(customerId, id));
    },
    async removePhone(customerId: string, id: string): Promise<void> {
      await db.delete(customerPhones).where(phoneOf(customerId, id));
    },
  };
}

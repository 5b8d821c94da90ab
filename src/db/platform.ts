import { and, eq, exists, gte, isNotNull, or, sql } from 'drizzle-orm';
import { newId } from '../lib/ids';
import type { Db } from './client';
import { customerPhones, customers, payments, smsMessages, smsOptOuts, tenants, type NewTenant, type SmsOptOut, type Tenant } from './schema';

/** Platform-level access to the tenants table (host → tenant resolution, sign-up, seeding). */
export function tenantsRepo(db: Db) {
  return {
    async findById(id: string): Promise<Tenant | undefined> {
      return db.query.tenants.findFirst({ where: eq(tenants.id, id) });
    },
    async findBySlug(slug: string): Promise<Tenant | undefined> {
      return db.query.tenants.findFirst({ where: eq(tenants.slug, slug) });
    },
    async create(values: Omit<NewTenant, 'id' | 'createdAt' | 'updatedAt'>, now: Date): Promise<Tenant> {
      const [row] = await db
        .insert(tenants)
        .values({ ...values, id: newId(), createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },
    /** Active tenants, for jobs that run for each (the nightly AutoPay run). */
    listActive(): Promise<Tenant[]> {
      return db.query.tenants.findMany({ where: eq(tenants.status, 'active'), orderBy: [tenants.id] });
    },
    /** An owner's changes to the portal (name, branding, settings); returns the tenant as saved. */
    async update(id: string, values: Partial<Pick<Tenant, 'name' | 'branding' | 'settings'>>, now: Date): Promise<Tenant | undefined> {
      const [row] = await db.update(tenants).set({ ...values, updatedAt: now }).where(eq(tenants.id, id)).returning();
      return row;
    },
    async count(): Promise<number> {
      return db.$count(tenants);
    },
  };
}

/**
 * The tenant a processor's payment id belongs to: webhooks arrive on the platform host, one
 * endpoint for every tenant, so this is the one lookup across tenants (by an id only the processor issues).
 */
export async function findPaymentTenant(db: Db, processorPaymentId: string): Promise<Tenant | undefined> {
  const payment = await db.query.payments.findFirst({ where: eq(payments.processorPaymentId, processorPaymentId), columns: { tenantId: true } });
  return payment ? db.query.tenants.findFirst({ where: eq(tenants.id, payment.tenantId) }) : undefined;
}

/**
 * Who a text-message reply may be from. Every lender texts from the same number, so a reply names
 * no tenant: the candidates are the customers who hold `number` as theirs (their verified
 * sign-in phone, customers.mfa_phone, or a phone on their record, customer_phones.number) AND to
 * whom we texted that number through `provider` at or after `since`. A text to a number alone
 * proves nothing (a code to verify a number goes out before the number is confirmed), and
 * messages to staff (no customer) are not conversations. The caller routes only when there is
 * exactly one: at most two distinct (tenant, customer) pairs are returned, enough to tell.
 * Like findPaymentTenant, the one lookup across tenants for texts, and it returns ids only.
 * Served by the sms_to_number_sent index (to_number, sent_at), then the customers primary key and
 * customer_phones_tenant_number for each candidate.
 */
export async function findSmsConversation(db: Db, number: string, provider: string, since: Date): Promise<{ tenantId: string; customerId: string }[]> {
  const holdsNumber = or(
    exists(db.select({ one: sql`1` }).from(customers).where(and(eq(customers.tenantId, smsMessages.tenantId), eq(customers.id, smsMessages.customerId), eq(customers.mfaPhone, number)))),
    exists(db.select({ one: sql`1` }).from(customerPhones).where(and(eq(customerPhones.tenantId, smsMessages.tenantId), eq(customerPhones.customerId, smsMessages.customerId), eq(customerPhones.number, number)))),
  );
  const rows = await db
    .selectDistinct({ tenantId: smsMessages.tenantId, customerId: smsMessages.customerId })
    .from(smsMessages)
    .where(and(eq(smsMessages.toNumber, number), gte(smsMessages.sentAt, since), eq(smsMessages.direction, 'outbound'), eq(smsMessages.provider, provider), isNotNull(smsMessages.customerId), holdsNumber))
    .limit(2);
  return rows.flatMap((r) => (r.customerId ? [{ tenantId: r.tenantId, customerId: r.customerId }] : []));
}

/**
 * Phones that replied STOP to our texts (platform-wide: the carrier blocks our shared number for
 * the phone, whichever lender texts it). Keyed by the phone, E.164.
 */
export function smsOptOutsRepo(db: Db) {
  return {
    /** Records an opt-out; one already on record is kept as it was (its first date). */
    async optOut(phone: string, keyword: string, now: Date, toNumber: string | null = null): Promise<void> {
      await db.insert(smsOptOuts).values({ phone, keyword, optedOutAt: now, toNumber }).onConflictDoNothing();
    },
    /** The phone replied START: texts may go to it again. */
    async optIn(phone: string): Promise<void> {
      await db.delete(smsOptOuts).where(eq(smsOptOuts.phone, phone));
    },
    find(phone: string): Promise<SmsOptOut | undefined> {
      return db.query.smsOptOuts.findFirst({ where: eq(smsOptOuts.phone, phone) });
    },
    async isOptedOut(phone: string): Promise<boolean> {
      return !!(await db.query.smsOptOuts.findFirst({ where: eq(smsOptOuts.phone, phone), columns: { phone: true } }));
    },
  };
}

/** Liveness of the database, for the health check. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.run(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

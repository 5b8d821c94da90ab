import { and, desc, eq, gte, isNotNull, sql } from 'drizzle-orm';
import { newId } from '../lib/ids';
import type { Db } from './client';
import { payments, smsMessages, tenants, type NewTenant, type Tenant } from './schema';

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
 * The conversation a text-message reply belongs to. Every lender texts from the same number, so a
 * reply names no tenant: it goes to the customer we last texted at that number (`to` of our
 * latest outbound message through `provider`, sent at or after `since`), whatever the tenant.
 * Like findPaymentTenant, the one lookup across tenants for texts, and it returns ids only.
 * Messages to staff (no customer) are not conversations. No index serves this query (both sms
 * indexes lead with tenant_id, and the schema is frozen for now), so it scans sms_messages: an
 * index on (to_number, sent_at) belongs in the next migration.
 */
export async function findSmsConversation(db: Db, number: string, provider: string, since: Date): Promise<{ tenantId: string; customerId: string } | undefined> {
  const row = await db.query.smsMessages.findFirst({
    where: and(eq(smsMessages.direction, 'outbound'), eq(smsMessages.toNumber, number), eq(smsMessages.provider, provider), isNotNull(smsMessages.customerId), gte(smsMessages.sentAt, since)),
    orderBy: [desc(smsMessages.sentAt), desc(smsMessages.id)],
    columns: { tenantId: true, customerId: true },
  });
  return row?.customerId ? { tenantId: row.tenantId, customerId: row.customerId } : undefined;
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

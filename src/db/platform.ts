import { eq, sql } from 'drizzle-orm';
import { newId } from '../lib/ids';
import type { Db } from './client';
import { payments, tenants, type NewTenant, type Tenant } from './schema';

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

/** Liveness of the database, for the health check. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.run(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { cards, collateral, insurancePolicies, type CardRow, type CollateralRow, type InsurancePolicyRow } from '../schema';

type Stamp = 'tenantId' | 'createdAt' | 'updatedAt';

/** Collateral with its insurance, and cards, of a tenant's accounts. */
export function collateralRepo(db: Db, tenantId: string) {
  return {
    async forAccount(accountId: string): Promise<{ item: CollateralRow; policies: InsurancePolicyRow[] }[]> {
      const items = await db.query.collateral.findMany({ where: and(eq(collateral.tenantId, tenantId), eq(collateral.accountId, accountId)), orderBy: [asc(collateral.createdAt)] });
      if (items.length === 0) return [];
      const policies = await db.query.insurancePolicies.findMany({
        where: and(eq(insurancePolicies.tenantId, tenantId), inArray(insurancePolicies.collateralId, items.map((i) => i.id))),
        orderBy: [asc(insurancePolicies.createdAt)],
      });
      return items.map((item) => ({ item, policies: policies.filter((p) => p.collateralId === item.id) }));
    },
    async add(values: Omit<typeof collateral.$inferInsert, Stamp>, now: Date): Promise<void> {
      await db.insert(collateral).values({ ...values, tenantId, createdAt: now, updatedAt: now });
    },
    async addPolicy(values: Omit<typeof insurancePolicies.$inferInsert, Stamp>, now: Date): Promise<void> {
      await db.insert(insurancePolicies).values({ ...values, tenantId, createdAt: now, updatedAt: now });
    },
  };
}

export function cardsRepo(db: Db, tenantId: string) {
  return {
    forAccount: (accountId: string): Promise<CardRow[]> =>
      db.query.cards.findMany({ where: and(eq(cards.tenantId, tenantId), eq(cards.accountId, accountId)), orderBy: [asc(cards.createdAt)] }),
    find: (id: string): Promise<CardRow | undefined> => db.query.cards.findFirst({ where: and(eq(cards.tenantId, tenantId), eq(cards.id, id)) }),
    async add(values: Omit<typeof cards.$inferInsert, Stamp>, now: Date): Promise<void> {
      await db.insert(cards).values({ ...values, tenantId, createdAt: now, updatedAt: now });
    },
    /** Counts an activation attempt before it is checked (so parallel guesses cannot exceed the limit); returns the count. */
    async countActivationAttempt(id: string, now: Date): Promise<number> {
      const [row] = await db
        .update(cards)
        .set({ activationFailures: sql`${cards.activationFailures} + 1`, updatedAt: now })
        .where(and(eq(cards.tenantId, tenantId), eq(cards.id, id)))
        .returning({ attempts: cards.activationFailures });
      return row?.attempts ?? 0;
    },
    /** Activation succeeded: the new status, and the attempt count back to zero. */
    async activate(id: string, status: string, now: Date): Promise<void> {
      await db.update(cards).set({ status, activationFailures: 0, updatedAt: now }).where(and(eq(cards.tenantId, tenantId), eq(cards.id, id)));
    },
    async setStatus(id: string, status: string, previousStatus: string | null, now: Date): Promise<void> {
      await db.update(cards).set({ status, previousStatus, updatedAt: now }).where(and(eq(cards.tenantId, tenantId), eq(cards.id, id)));
    },
  };
}

import { and, eq } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { agents, type Agent } from '../schema';

type NewAgent = Omit<typeof agents.$inferInsert, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'>;

export function agentsRepo(db: Db, tenantId: string) {
  const scope = (...more: Parameters<typeof and>) => and(eq(agents.tenantId, tenantId), ...more);
  return {
    find: (id: string): Promise<Agent | undefined> => db.query.agents.findFirst({ where: scope(eq(agents.id, id)) }),
    findByEmail: (email: string): Promise<Agent | undefined> =>
      db.query.agents.findFirst({ where: scope(eq(agents.email, email.toLowerCase())) }),
    async create(values: NewAgent, now: Date): Promise<Agent> {
      const [row] = await db
        .insert(agents)
        .values({ ...values, email: values.email.toLowerCase(), tenantId, id: newId(), createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },
  };
}

import { and, asc, eq } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { agents, type Agent, type AgentRole, type AgentStatus } from '../schema';

type NewAgent = Omit<typeof agents.$inferInsert, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'>;

export function agentsRepo(db: Db, tenantId: string) {
  const scope = (...more: Parameters<typeof and>) => and(eq(agents.tenantId, tenantId), ...more);
  return {
    find: (id: string): Promise<Agent | undefined> => db.query.agents.findFirst({ where: scope(eq(agents.id, id)) }),
    findByEmail: (email: string): Promise<Agent | undefined> =>
      db.query.agents.findFirst({ where: scope(eq(agents.email, email.toLowerCase())) }),
    list: (): Promise<Agent[]> => db.query.agents.findMany({ where: scope(), orderBy: [asc(agents.name)] }),
    async update(id: string, values: Partial<{ role: AgentRole; status: AgentStatus; name: string; passwordHash: string | null }>, now: Date): Promise<void> {
      await db.update(agents).set({ ...values, updatedAt: now }).where(scope(eq(agents.id, id)));
    },
    /** Makes an invited agent active with their password, only if they are still invited (not disabled meanwhile). */
    async activateInvited(id: string, passwordHash: string, now: Date): Promise<boolean> {
      const rows = await db.update(agents).set({ passwordHash, status: 'active', updatedAt: now }).where(scope(eq(agents.id, id), eq(agents.status, 'invited'))).returning({ id: agents.id });
      return rows.length > 0;
    },
    /** The people this agent invited who have not accepted yet. */
    invitedBy: (inviterId: string): Promise<Agent[]> => db.query.agents.findMany({ where: scope(eq(agents.invitedBy, inviterId), eq(agents.status, 'invited')) }),
    async create(values: NewAgent, now: Date): Promise<Agent> {
      const [row] = await db
        .insert(agents)
        .values({ ...values, email: values.email.toLowerCase(), tenantId, id: newId(), createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },
  };
}

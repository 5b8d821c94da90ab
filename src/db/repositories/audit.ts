import { and, asc, eq, like, or } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import { auditLog, type ActorType, type AuditEntry } from '../schema';

export interface AuditInput {
  actorType: ActorType;
  actorId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

export function auditRepo(db: Db, tenantId: string) {
  return {
    /** The insert statement, so callers can put it in the same db.batch() as the change it records. */
    entry(input: AuditInput, at: Date) {
      return db.insert(auditLog).values({ ...input, tenantId, id: newId(), at });
    },
    async record(input: AuditInput, at: Date): Promise<void> {
      await this.entry(input, at);
    },
    /** An entity's changes, oldest first; only actions starting with one of `actionPrefixes` (plain words, dots and hyphens: no LIKE wildcards) when given. */
    history: (entityType: string, entityId: string, actionPrefixes?: readonly string[]): Promise<AuditEntry[]> =>
      db.query.auditLog.findMany({
        where: and(
          eq(auditLog.tenantId, tenantId),
          eq(auditLog.entityType, entityType),
          eq(auditLog.entityId, entityId),
          actionPrefixes ? or(...actionPrefixes.map((p) => like(auditLog.action, `${p}%`))) : undefined,
        ),
        orderBy: [asc(auditLog.at)],
      }),
  };
}

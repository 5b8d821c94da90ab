import { and, asc, desc, eq, like, notLike, or, sql } from 'drizzle-orm';
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

/**
 * Which actions of an entity: those starting with one of `include` (all when absent) and none of
 * `exclude`. Prefixes are plain words, dots and hyphens: no LIKE wildcards.
 */
export interface ActionFilter {
  include?: readonly string[] | undefined;
  exclude?: readonly string[] | undefined;
}

// Rows written in the same millisecond keep the order they were written in (ids are random).
const oldestFirst = [asc(auditLog.at), sql`rowid`];
const newestFirst = [desc(auditLog.at), sql`rowid desc`];

export function auditRepo(db: Db, tenantId: string) {
  const of = (entityType: string, entityId: string, filter: ActionFilter = {}) =>
    and(
      eq(auditLog.tenantId, tenantId),
      eq(auditLog.entityType, entityType),
      eq(auditLog.entityId, entityId),
      filter.include ? or(...filter.include.map((p) => like(auditLog.action, `${p}%`))) : undefined,
      ...(filter.exclude ?? []).map((p) => notLike(auditLog.action, `${p}%`)),
    );
  return {
    /** The insert statement, so callers can put it in the same db.batch() as the change it records. */
    entry(input: AuditInput, at: Date) {
      return db.insert(auditLog).values({ ...input, tenantId, id: newId(), at });
    },
    async record(input: AuditInput, at: Date): Promise<void> {
      await this.entry(input, at);
    },
    /** An entity's changes, oldest first; only actions starting with one of `actionPrefixes` (plain words, dots and hyphens: no LIKE wildcards) when given. */
    history: (entityType: string, entityId: string, actionPrefixes?: readonly string[], exclude?: readonly string[]): Promise<AuditEntry[]> =>
      db.query.auditLog.findMany({ where: of(entityType, entityId, { include: actionPrefixes, exclude }), orderBy: oldestFirst }),
    /** One page of an entity's changes, newest first, and how many there are in all (two statements, sent together). */
    async page(entityType: string, entityId: string, filter: ActionFilter, page: { limit: number; offset: number }): Promise<{ rows: AuditEntry[]; total: number }> {
      const where = of(entityType, entityId, filter);
      const [rows, total] = await Promise.all([
        db.query.auditLog.findMany({ where, orderBy: newestFirst, limit: page.limit, offset: page.offset }),
        db.$count(auditLog, where),
      ]);
      return { rows, total };
    },
    /** Every change of a staff member's role, oldest first: who held which role when (for history pages). */
    staffRoleChanges: (): Promise<AuditEntry[]> =>
      db.query.auditLog.findMany({ where: and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityType, 'agent'), eq(auditLog.action, 'staff.role-changed')), orderBy: oldestFirst }),
  };
}

import { and, asc, desc, eq, like, notLike, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
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

/** A row that must exist for a guarded audit entry to be written (built by the repository that owns the table). */
export interface AuditGuard {
  table: SQLiteTable;
  where: SQL | undefined;
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
    /**
     * entry() written only if the guard's row exists when the batch runs (typically "still in the
     * status this change moves it from"), so a change that loses a race records nothing.
     */
    entryWhen(input: AuditInput, at: Date, guard: AuditGuard) {
      const json = (v: Record<string, unknown> | null | undefined) => (v ? JSON.stringify(v) : null);
      return db.insert(auditLog).select(
        db
          .select({
            tenantId: sql`${tenantId}`.as('tenant_id'), id: sql`${newId()}`.as('id'), at: sql`${at.getTime()}`.as('at'),
            actorType: sql`${input.actorType}`.as('actor_type'), actorId: sql`${input.actorId ?? null}`.as('actor_id'), action: sql`${input.action}`.as('action'),
            entityType: sql`${input.entityType}`.as('entity_type'), entityId: sql`${input.entityId}`.as('entity_id'),
            before: sql`${json(input.before)}`.as('before'), after: sql`${json(input.after)}`.as('after'), requestId: sql`${input.requestId ?? null}`.as('request_id'),
          })
          .from(guard.table)
          .where(guard.where)
          .limit(1),
      );
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

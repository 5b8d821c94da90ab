import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn } from './columns';
import { tenants } from './tenants';

export const actorTypes = ['agent', 'customer', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/** Who changed what, when, from what to what. Append-only; History tabs read it. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    at: instant('at').notNull(),
    actorType: text('actor_type', { enum: actorTypes }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    after: text('after', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    requestId: text('request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('audit_tenant_entity').on(t.tenantId, t.entityType, t.entityId, t.at),
    index('audit_tenant_at').on(t.tenantId, t.at),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;

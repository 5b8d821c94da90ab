import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn } from './columns';
import { tenants } from './tenants';

export const subjectTypes = ['customer', 'agent'] as const;

/** Server-side sessions: the id is the SHA-256 of the cookie token, never the token itself. */
export const sessions = sqliteTable(
  'sessions',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectId: text('subject_id').notNull(),
    mfaPassed: integer('mfa_passed', { mode: 'boolean' }).notNull().default(false),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    /** Absolute expiry; the idle timeout is checked against last_seen_at. */
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('sessions_tenant_subject').on(t.tenantId, t.subjectType, t.subjectId),
    index('sessions_expires').on(t.expiresAt),
  ],
);

/** Single-use tokens and codes (reset links, sign-up links, email codes), stored hashed. */
export const oneTimeTokens = sqliteTable(
  'one_time_tokens',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    purpose: text('purpose').notNull(),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectId: text('subject_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('one_time_tokens_expires').on(t.expiresAt)],
);

import { sql } from 'drizzle-orm';
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
    /** When the person last proved who they are (password or MFA); sensitive changes need a recent one. */
    authenticatedAt: instant('authenticated_at').notNull().default(sql`0`),
    /** "View as borrower": the agent looking through this customer session, which is then read-only. */
    viewedByAgentId: text('viewed_by_agent_id'),
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
    /** For codes: the hash of the code sent (the id identifies the challenge). */
    secretHash: text('secret_hash'),
    /** What the token is for, e.g. the new address of an email change. */
    data: text('data', { mode: 'json' }).$type<Record<string, string>>(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('one_time_tokens_expires').on(t.expiresAt),
    index('one_time_tokens_subject').on(t.tenantId, t.subjectType, t.subjectId, t.purpose),
  ],
);

/** Authenticator-app secrets (encrypted) and the last time step used, so a code works once. */
export const totpCredentials = sqliteTable(
  'totp_credentials',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectId: text('subject_id').notNull(),
    secretEncrypted: text('secret_encrypted').notNull(),
    lastUsedStep: integer('last_used_step'),
    createdAt: instant('created_at').notNull(),
    /** Null until the person proves the app works by entering a code. */
    confirmedAt: instant('confirmed_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.subjectType, t.subjectId] })],
);

/** WebAuthn credentials (passkeys), bound to the tenant's host as relying party. */
export const passkeys = sqliteTable(
  'passkeys',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectId: text('subject_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    transports: text('transports', { mode: 'json' }).$type<string[]>(),
    name: text('name').notNull(),
    createdAt: instant('created_at').notNull(),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('passkeys_tenant_subject').on(t.tenantId, t.subjectType, t.subjectId)],
);

/** Single-use recovery codes, stored hashed. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    subjectType: text('subject_type', { enum: subjectTypes }).notNull(),
    subjectId: text('subject_id').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.subjectType, t.subjectId, t.codeHash] })],
);

/**
 * Failure counters for brute-force limits (per account, per IP), shared by every tenant and host.
 * Platform-wide on purpose: an IP's failures count across tenants.
 */
export const throttles = sqliteTable('throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: instant('window_started_at').notNull(),
  lockedUntil: instant('locked_until'),
});

/**
 * A staff form sent after the session ended (idle too long), kept until its sender signs in again so
 * no typed work is lost. The id is the SHA-256 of a one-time token that only the sender's browser
 * holds (in the sign-in link); the fields are encrypted, and secrets (passwords, codes, full tax ids)
 * are never kept. Gone once used, discarded, or after an hour.
 */
export const heldForms = sqliteTable(
  'held_forms',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    /** The staff member whose session ended: only they can use it. */
    agentId: text('agent_id').notNull(),
    /** Where the form was going (a path under /admin). */
    action: text('action').notNull(),
    /** The page it was sent from, to go back to when discarding. */
    returnTo: text('return_to'),
    fieldsEncrypted: text('fields_encrypted').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('held_forms_expires').on(t.expiresAt)],
);

import { integer, text } from 'drizzle-orm/sqlite-core';

/** Instants are UTC milliseconds in INTEGER columns; tenant-local dates are ISO text elsewhere. */
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const tenantIdColumn = () => text('tenant_id').notNull();

export const timestamps = () => ({
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** Rows imported from another system (Total Expert) keep where they came from and when. */
export const externalRef = () => ({
  externalId: text('external_id'),
  externalSource: text('external_source'),
  lastSyncedAt: instant('last_synced_at'),
});

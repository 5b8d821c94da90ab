import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn } from './columns';

/**
 * A NACHA file as built and recorded as sent: its bytes (encrypted: they hold full account
 * numbers) and their SHA-256, so a download later is the same file. `seq` numbers a payment day's
 * files (a payment posted after the first file goes in a second one); the file ID modifier is
 * unique per creation date, as banks use it to tell apart files created the same day.
 */
export const achFiles = sqliteTable(
  'ach_files',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    /** The payment day whose debits it carries (tenant's zone). */
    day: text('day').notNull(),
    seq: integer('seq').notNull(),
    /** Creation date and time as written in the file header (tenant's zone): YYYY-MM-DD and HHMM. */
    creationDate: text('creation_date').notNull(),
    creationTime: text('creation_time').notNull(),
    fileIdModifier: text('file_id_modifier').notNull(),
    /** The effective entry (settlement) date of its batches. */
    effectiveDate: text('effective_date').notNull(),
    entries: integer('entries').notNull(),
    batches: integer('batches').notNull(),
    /** Cents. */
    totalDebits: integer('total_debits').notNull(),
    sha256: text('sha256').notNull(),
    contentEncrypted: text('content_encrypted').notNull(),
    /** Built with the portal's placeholder origination details (outside production only). */
    testValues: integer('test_values', { mode: 'boolean' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Two builds of a day at once: one wins, the other finds its file.
    uniqueIndex('ach_files_tenant_day_seq').on(t.tenantId, t.day, t.seq),
    uniqueIndex('ach_files_tenant_created_modifier').on(t.tenantId, t.creationDate, t.fileIdModifier),
  ],
);

/** Which payment went in which file, with its trace number: a payment goes in one file only. */
export const achFileEntries = sqliteTable(
  'ach_file_entries',
  {
    tenantId: tenantIdColumn(),
    fileId: text('file_id').notNull(),
    paymentId: text('payment_id').notNull(),
    traceNumber: text('trace_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.paymentId] }), index('ach_file_entries_tenant_file').on(t.tenantId, t.fileId)],
);

export type AchFileRow = typeof achFiles.$inferSelect;
export type AchFileEntryRow = typeof achFileEntries.$inferSelect;

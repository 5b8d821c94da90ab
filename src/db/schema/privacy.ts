import { sql } from 'drizzle-orm';
import { foreignKey, index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn } from './columns';
import { customers } from './people';

export const deletionRequestStatuses = ['pending', 'approved', 'withdrawn'] as const;
export type DeletionRequestStatus = (typeof deletionRequestStatuses)[number];

/**
 * A privacy deletion asked for by one manager or owner and carried out only when a different one
 * approves it (two people). The reason holds no personal data (services/privacy.ts checks it), so
 * the row stays after the deletion as the record of who asked, who approved, and why.
 */
export const deletionRequests = sqliteTable(
  'deletion_requests',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    /** The staff member who asked (agent id). */
    requestedBy: text('requested_by').notNull(),
    reason: text('reason').notNull(),
    requestedAt: instant('requested_at').notNull(),
    status: text('status', { enum: deletionRequestStatuses }).notNull().default('pending'),
    /** Who approved or withdrew it, and when. */
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('deletion_requests_tenant_customer').on(t.tenantId, t.customerId),
    // One open request per customer at a time.
    uniqueIndex('deletion_requests_one_pending').on(t.tenantId, t.customerId).where(sql`status = 'pending'`),
  ],
);

export type DeletionRequest = typeof deletionRequests.$inferSelect;

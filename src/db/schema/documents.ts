import { foreignKey, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenantIdColumn, timestamps } from './columns';
import { accounts } from './accounts';
import { customers } from './people';

export const uploaderTypes = ['customer', 'agent'] as const;

/**
 * A stored file about a customer, usually on one of their accounts: what the lender shares with the
 * borrower and what the borrower uploads. The bytes live in the Files port under `storage_key`
 * (server-generated); the type is the one found in the content, never the one the browser claimed.
 */
export const documents = sqliteTable(
  'documents',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    accountId: text('account_id'),
    /** One of the tenant's document categories. */
    category: text('category').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The download name: sanitised, with the extension of the detected type. */
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedByType: text('uploaded_by_type', { enum: uploaderTypes }).notNull(),
    uploadedById: text('uploaded_by_id').notNull(),
    /** Lender documents are private to staff unless shared; the borrower's own uploads are always theirs to see. */
    sharedWithBorrower: integer('shared_with_borrower', { mode: 'boolean' }).notNull().default(false),
    /** Inactive documents are kept but can no longer be edited. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    index('documents_tenant_customer').on(t.tenantId, t.customerId),
    index('documents_tenant_account').on(t.tenantId, t.accountId),
  ],
);

export type DocumentRow = typeof documents.$inferSelect;

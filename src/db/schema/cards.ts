import { foreignKey, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenantIdColumn, timestamps } from './columns';
import { accounts } from './accounts';

/**
 * Cards issued on a line of credit. The card number never reaches us: the vault holds it and we
 * keep its token and last four digits.
 */
export const cards = sqliteTable(
  'cards',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    vaultToken: text('vault_token').notNull(),
    last4: text('last4').notNull(),
    expiryMonth: integer('expiry_month').notNull(),
    expiryYear: integer('expiry_year').notNull(),
    nameOnCard: text('name_on_card').notNull(),
    status: text('status').notNull(),
    /** The Active status to restore when a Frozen or Blocked card is released. */
    previousStatus: text('previous_status'),
    replacesCardId: text('replaces_card_id'),
    /** Failed activation attempts; activation locks after a few. */
    activationFailures: integer('activation_failures').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    index('cards_tenant_account').on(t.tenantId, t.accountId),
  ],
);

export type CardRow = typeof cards.$inferSelect;

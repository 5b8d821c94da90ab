import { sql } from 'drizzle-orm';
import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn } from './columns';
import { tenants } from './tenants';

/**
 * Every email the product sent, whatever the provider: the communication history reads it,
 * and locally (provider "outbox") it is the only place the email goes, shown at /dev/outbox.
 */
export const emails = sqliteTable(
  'emails',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    /** The queue message id: one email per message, however often it is delivered. */
    messageId: text('message_id').notNull(),
    template: text('template').notNull(),
    customerId: text('customer_id'),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('emails_tenant_message_unique').on(t.tenantId, t.messageId),
    index('emails_tenant_sent').on(t.tenantId, t.sentAt),
    index('emails_tenant_customer').on(t.tenantId, t.customerId, t.sentAt),
  ],
);

export type EmailRecord = typeof emails.$inferSelect;

/** Every text message sent, whatever the provider (the outbox locally; the SMS thread later). */
export const smsMessages = sqliteTable(
  'sms_messages',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    customerId: text('customer_id'),
    /** Outbound messages we sent, inbound replies the provider forwarded. */
    direction: text('direction', { enum: ['outbound', 'inbound'] }).notNull().default('outbound'),
    fromNumber: text('from_number'),
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('sms_tenant_sent').on(t.tenantId, t.sentAt),
    index('sms_tenant_customer').on(t.tenantId, t.customerId, t.sentAt),
    // A reply is routed to the conversation it answers: the latest text sent to that number, whichever lender sent it.
    index('sms_to_number_sent').on(t.toNumber, t.sentAt),
    // The provider redelivers webhooks: a received message is kept once.
    uniqueIndex('sms_inbound_provider_message_unique').on(t.tenantId, t.provider, t.providerMessageId).where(sql`${t.direction} = 'inbound'`),
  ],
);

export type SmsRecord = typeof smsMessages.$inferSelect;

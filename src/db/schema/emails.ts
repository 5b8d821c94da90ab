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
    // A reply is routed by the texts we sent to that number recently, whichever lender sent them.
    index('sms_to_number_sent').on(t.toNumber, t.sentAt),
    // The provider redelivers webhooks: a received message is kept once, across every tenant (one
    // provider message is one message, whichever thread it was routed to).
    uniqueIndex('sms_inbound_provider_message').on(t.provider, t.providerMessageId).where(sql`${t.direction} = 'inbound'`),
  ],
);

export type SmsRecord = typeof smsMessages.$inferSelect;

/**
 * Phones that replied STOP (or another opt-out word) to our texts. Platform-wide, not per tenant:
 * every lender sends from the same number, and the carrier (Twilio error 21610) blocks that number
 * for the phone until it replies START, whichever lender wants to text it.
 */
export const smsOptOuts = sqliteTable('sms_opt_outs', {
  /** The phone that opted out, E.164. */
  phone: text('phone').primaryKey(),
  optedOutAt: instant('opted_out_at').notNull(),
  /** What it sent (STOP, UNSUBSCRIBE…), or how we learnt it (twilio-21610: a send was refused). */
  keyword: text('keyword').notNull(),
  /** Our number it replied to, E.164, when known: where START must go to undo it. */
  toNumber: text('to_number'),
});

export type SmsOptOut = typeof smsOptOuts.$inferSelect;

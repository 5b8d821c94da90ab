import { sql } from 'drizzle-orm';
import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn } from './columns';
import { tenants } from './tenants';

/**
 * Every email the product sent (or decided not to send), whatever the provider: the communication
 * history reads it, and /dev/outbox lists it locally. A link or code the email carried is not kept
 * here: the row is the email as rendered without its secret (services/notifications); the
 * developer's whole copy, where one may exist, is in dev_outbox.
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
    /** When to the minute it was sent, or (not sent) when it was decided not to send it. */
    sentAt: instant('sent_at').notNull(),
    /**
     * Null when it was sent. Otherwise why not, for staff, e.g. "email access is off for AL-204817"
     * (the account notice is kept as it would have read; provider is "none").
     */
    suppressedReason: text('suppressed_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('emails_tenant_message_unique').on(t.tenantId, t.messageId),
    index('emails_tenant_sent').on(t.tenantId, t.sentAt),
    index('emails_tenant_customer').on(t.tenantId, t.customerId, t.sentAt),
  ],
);

export type EmailRecord = typeof emails.$inferSelect;

/**
 * Development only: the whole message as it went to the outbox provider, its link or code
 * included, so the developer can use it from /dev/outbox. Written only where the developer pages
 * exist (not production, outbox provider: devRoutesEnabled), so a production database never has a
 * row; emails and sms_messages keep the message without its secret. Rows go after a week.
 */
export const devOutbox = sqliteTable(
  'dev_outbox',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** The email's queue message id (emails.message_id), or the text's sms_messages.id. */
    refId: text('ref_id').notNull(),
    subject: text('subject'),
    html: text('html'),
    /** The email's plain text, or the text message's body. */
    text: text('text').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channel, t.refId] }), index('dev_outbox_created').on(t.createdAt)],
);

export type DevOutboxCopy = typeof devOutbox.$inferSelect;

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

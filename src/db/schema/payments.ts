import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant, tenantIdColumn, timestamps } from './columns';
import { accounts } from './accounts';
import { customers } from './people';

export const paymentMethodKinds = ['card', 'bank'] as const;
export type PaymentMethodKind = (typeof paymentMethodKinds)[number];

/**
 * A borrower's saved card or bank account. Cards are the processor's token (the number never
 * reaches us); bank account numbers are encrypted, with the last four kept to show.
 */
export const paymentMethods = sqliteTable(
  'payment_methods',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    kind: text('kind', { enum: paymentMethodKinds }).notNull(),
    /** Which processor issued the card token ("sandbox", "stripe"). */
    processor: text('processor'),
    processorToken: text('processor_token'),
    cardBrand: text('card_brand'),
    expiryMonth: integer('expiry_month'),
    expiryYear: integer('expiry_year'),
    routingNumber: text('routing_number'),
    accountNumberEncrypted: text('account_number_encrypted'),
    accountType: text('account_type', { enum: ['checking', 'savings'] }),
    last4: text('last4').notNull(),
    holderName: text('holder_name').notNull(),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    /** Removed by the borrower: kept for the payments that used it, never offered again. */
    removedAt: instant('removed_at'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('payment_methods_tenant_customer').on(t.tenantId, t.customerId),
  ],
);

export const paymentStatuses = ['pending', 'processing', 'completed', 'failed', 'reversed', 'cancelled'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
export const paymentSources = ['one_time', 'multi', 'autopay'] as const;
/** Nacha Standard Entry Class of a bank debit: WEB (authorised online: portal, AutoPay), TEL (by phone, to staff), PPD (in writing). */
export const secCodes = ['WEB', 'TEL', 'PPD'] as const;
export type SecCodeColumn = (typeof secCodes)[number];

/** How a borrower authorised a bank debit that staff took for them, and who took it when. */
export interface StaffAuthorization {
  how: 'phone' | 'written';
  /** The agent who took the authorisation. */
  agentId: string;
  /** ISO instant. */
  at: string;
}

/**
 * A borrower's payment on one account, from submission to its end state. The idempotency key is
 * unique per tenant and customer: a double click, a retry or a redelivered message finds the row
 * already there.
 */
export const payments = sqliteTable(
  'payments',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    /** Shown to the borrower and on receipts. */
    reference: text('reference').notNull(),
    customerId: text('customer_id').notNull(),
    accountId: text('account_id').notNull(),
    paymentMethodId: text('payment_method_id').notNull(),
    methodKind: text('method_kind', { enum: paymentMethodKinds }).notNull(),
    /** Applied to the account, in cents. */
    amount: integer('amount').notNull(),
    /** Convenience fee charged on top, in cents (not applied to the account). */
    fee: integer('fee').notNull().default(0),
    /** The day it draws the money (tenant's zone). */
    scheduledFor: text('scheduled_for').notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    source: text('source', { enum: paymentSources }).notNull(),
    /** Payments made together (Pay multiple) share it. */
    groupId: text('group_id'),
    autopayId: text('autopay_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 of what was submitted under the key: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    processorPaymentId: text('processor_payment_id'),
    failureReason: text('failure_reason'),
    /** ACH return code (R01…) when the bank returned the debit. */
    returnCode: text('return_code'),
    /** Bank debits: the SEC code its NACHA entry carries, from how it was authorised. */
    secCode: text('sec_code', { enum: secCodes }),
    /** A bank debit staff took: by phone (TEL) or on a written authorisation (PPD), who and when. */
    authorization: text('authorization', { mode: 'json' }).$type<StaffAuthorization>(),
    ledgerEntryId: text('ledger_entry_id'),
    processedAt: instant('processed_at'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    uniqueIndex('payments_tenant_customer_key_unique').on(t.tenantId, t.customerId, t.idempotencyKey),
    uniqueIndex('payments_tenant_reference_unique').on(t.tenantId, t.reference),
    index('payments_tenant_customer_created').on(t.tenantId, t.customerId, t.createdAt),
    index('payments_due').on(t.status, t.scheduledFor),
    index('payments_tenant_group').on(t.tenantId, t.groupId),
    index('payments_processor_id').on(t.processorPaymentId),
  ],
);

export const autopayStatuses = ['active', 'paused', 'stopped'] as const;

/** A recurring payment the borrower authorised on one account. */
export const autopays = sqliteTable(
  'autopays',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    accountId: text('account_id').notNull(),
    paymentMethodId: text('payment_method_id').notNull(),
    frequency: text('frequency').notNull(),
    startDate: text('start_date').notNull(),
    amountType: text('amount_type').notNull(),
    fixedAmount: integer('fixed_amount'),
    semimonthlyDays: text('semimonthly_days', { mode: 'json' }).$type<[number, number]>(),
    /** active: runs; paused: the borrower switched it off; stopped: two failed debits in a row, needs a new authorisation. */
    status: text('status', { enum: autopayStatuses }).notNull(),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    nextRunDate: text('next_run_date'),
    lastRunDate: text('last_run_date'),
    /** The words the borrower accepted, kept as shown, and when. */
    authorizationText: text('authorization_text').notNull(),
    authorizedAt: instant('authorized_at').notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('autopays_tenant_account').on(t.tenantId, t.accountId),
    // The nightly run reads each tenant's active AutoPays due by a day.
    index('autopays_due').on(t.tenantId, t.status, t.nextRunDate),
  ],
);

export type PaymentMethodRow = typeof paymentMethods.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type AutopayRow = typeof autopays.$inferSelect;

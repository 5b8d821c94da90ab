import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { externalRef, instant, tenantIdColumn, timestamps } from './columns';
import { customers } from './people';
import { linkRoles } from '../../domain/link-roles';
import { tenants } from './tenants';

export const accountTypes = ['installment', 'lease', 'line_of_credit', 'credit_card'] as const;
export type AccountType = (typeof accountTypes)[number];

/** A loan, lease, line of credit or card account. Money is integer cents; dates are ISO in the tenant's zone. */
export const accounts = sqliteTable(
  'accounts',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    /** The number borrowers and agents see ("LN-100234"); unique per tenant. */
    displayId: text('display_id').notNull(),
    type: text('type', { enum: accountTypes }).notNull(),
    /** One of the tenant's account statuses (tenant settings). */
    status: text('status').notNull(),
    productName: text('product_name').notNull(),
    openedOn: text('opened_on').notNull(),
    closedOn: text('closed_on'),
    /**
     * Bumped by every change to the account's ledger, in the same transaction: a posting split
     * against an older ledger (another posting got there first) is refused and worked out again.
     */
    ledgerVersion: integer('ledger_version').notNull().default(0),
    ...externalRef(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('accounts_tenant_display_unique').on(t.tenantId, t.displayId),
    index('accounts_tenant_external').on(t.tenantId, t.externalSource, t.externalId),
  ],
);

/** Child rows point at their account by (tenant_id, account_id): never at another tenant's account. */
const accountRef = (t: { tenantId: AnySQLiteColumn; accountId: AnySQLiteColumn }) =>
  foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] });

/** Terms of an installment loan or a lease (one row per account). */
export const loanTerms = sqliteTable(
  'loan_terms',
  {
    tenantId: tenantIdColumn(),
    accountId: text('account_id').notNull(),
    /** Amount financed (for a lease: adjusted capitalized cost). */
    principal: integer('principal').notNull(),
    /** Annual percentage as a decimal string, e.g. "6.5". */
    annualRate: text('annual_rate').notNull(),
    frequency: text('frequency').notNull(),
    termPayments: integer('term_payments').notNull(),
    startDate: text('start_date').notNull(),
    firstDueDate: text('first_due_date').notNull(),
    dayCount: text('day_count').notNull(),
    payment: integer('payment').notNull(),
    /** Leases only. */
    residualValue: integer('residual_value'),
    /** Leases only: money factor in units of 1e-7 (0.00125 → 12500). */
    moneyFactorE7: integer('money_factor_e7'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountId] }), accountRef(t)],
);

/** Terms of a line of credit (and of the line a card is issued on). */
export const lineTerms = sqliteTable(
  'line_terms',
  {
    tenantId: tenantIdColumn(),
    accountId: text('account_id').notNull(),
    creditLimit: integer('credit_limit').notNull(),
    annualRate: text('annual_rate').notNull(),
    openDate: text('open_date').notNull(),
    statementDay: integer('statement_day').notNull(),
    paymentDueDays: integer('payment_due_days').notNull(),
    /** Minimum payment: percent of balance as a decimal string, and a floor in cents. */
    minimumPercent: text('minimum_percent').notNull(),
    minimumFloor: integer('minimum_floor').notNull(),
    lateFee: integer('late_fee').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountId] }), accountRef(t)],
);

/** The contractual schedule, stored as generated (it is what the borrower signed). */
export const scheduleRows = sqliteTable(
  'schedule_rows',
  {
    tenantId: tenantIdColumn(),
    accountId: text('account_id').notNull(),
    number: integer('number').notNull(),
    dueDate: text('due_date').notNull(),
    payment: integer('payment').notNull(),
    principal: integer('principal').notNull(),
    interest: integer('interest').notNull(),
    balance: integer('balance').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountId, t.number] }), accountRef(t)],
);

export const ledgerKinds = ['payment', 'reversal', 'fee', 'fee_waiver', 'draw', 'credit'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/**
 * The immutable transaction ledger (triggers refuse UPDATE and DELETE). A returned payment is a
 * new 'reversal' row pointing at it with the split negated.
 */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    /** The date it takes effect (tenant's zone). */
    effectiveDate: text('effective_date').notNull(),
    amount: integer('amount').notNull(),
    principal: integer('principal').notNull().default(0),
    interest: integer('interest').notNull().default(0),
    fees: integer('fees').notNull().default(0),
    reversesId: text('reverses_id'),
    description: text('description').notNull().default(''),
    /** The payment's reference shown to the borrower, when it is a payment. */
    reference: text('reference'),
    postedAt: instant('posted_at').notNull(),
    postedBy: text('posted_by'),
    /** The portal payment this entry posts: at most one entry per payment, however often processing repeats. */
    paymentId: text('payment_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    accountRef(t),
    index('ledger_tenant_account_date').on(t.tenantId, t.accountId, t.effectiveDate),
    // One reversal per payment.
    uniqueIndex('ledger_tenant_reverses_unique').on(t.tenantId, t.reversesId).where(sql`reverses_id is not null`),
    uniqueIndex('ledger_tenant_payment_unique').on(t.tenantId, t.paymentId).where(sql`payment_id is not null`),
  ],
);

/** Closed billing-cycle statements of lines of credit and cards, kept as issued. */
export const statements = sqliteTable(
  'statements',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    openingBalance: integer('opening_balance').notNull(),
    purchases: integer('purchases').notNull(),
    payments: integer('payments').notNull(),
    credits: integer('credits').notNull(),
    fees: integer('fees').notNull(),
    interest: integer('interest').notNull(),
    closingBalance: integer('closing_balance').notNull(),
    minimumPayment: integer('minimum_payment').notNull(),
    pastDue: integer('past_due').notNull(),
    dueDate: text('due_date').notNull(),
    creditLimit: integer('credit_limit').notNull(),
    availableCredit: integer('available_credit').notNull(),
    issuedAt: instant('issued_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    accountRef(t),
    uniqueIndex('statements_tenant_account_period_unique').on(t.tenantId, t.accountId, t.periodEnd),
  ],
);

export { linkRoles, type LinkRole } from '../../domain/link-roles';

/** Which customers are on which accounts, in what role, and through which channels they have access. */
export const customerAccounts = sqliteTable(
  'customer_accounts',
  {
    tenantId: tenantIdColumn(),
    customerId: text('customer_id').notNull(),
    accountId: text('account_id').notNull(),
    role: text('role', { enum: linkRoles }).notNull(),
    emailAccess: integer('email_access', { mode: 'boolean' }).notNull().default(true),
    webAccess: integer('web_access', { mode: 'boolean' }).notNull().default(true),
    smsAccess: integer('sms_access', { mode: 'boolean' }).notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId, t.accountId] }),
    accountRef(t),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('customer_accounts_tenant_account').on(t.tenantId, t.accountId),
    // At most one Primary per account (services keep it exactly one).
    uniqueIndex('customer_accounts_one_primary').on(t.tenantId, t.accountId).where(sql`role = 'Primary'`),
  ],
);

export type Account = typeof accounts.$inferSelect;
export type LoanTermsRow = typeof loanTerms.$inferSelect;
export type LineTermsRow = typeof lineTerms.$inferSelect;
export type ScheduleRow = typeof scheduleRows.$inferSelect;
export type LedgerRow = typeof ledgerEntries.$inferSelect;
export type StatementRow = typeof statements.$inferSelect;
export type CustomerAccountLink = typeof customerAccounts.$inferSelect;

import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { timestamps } from './columns';
import type { CustomFieldType, MfaMethod } from '../../domain/record-choices';
import type { AchOrigination } from '../../domain/payments/origination';

export { customFieldTypes, mfaMethods } from '../../domain/record-choices';
export type { CustomFieldType, MfaMethod } from '../../domain/record-choices';

export const tenantStatuses = ['active', 'suspended'] as const;
export type TenantStatus = (typeof tenantStatuses)[number];

export interface TenantBranding {
  portalName: string;
  /** #rrggbb */
  primaryColor: string;
  /** #rrggbb */
  accentColor: string;
  logoUrl?: string | undefined;
  faviconUrl?: string | undefined;
}


export interface SignInSettings {
  /** Whether borrowers must, may or never use a second factor (agents always must). */
  mfa: 'none' | 'optional' | 'required';
  methods: MfaMethod[];
  /** Minutes of inactivity before a borrower's session ends. */
  idleMinutes: number;
  /** Minutes of inactivity before a staff session ends (staff work longer between clicks: a call, a note); default 30. */
  staffIdleMinutes?: number | undefined;
  /** Hours after sign-in when a session ends regardless. */
  absoluteHours: number;
}

/** What borrowers see: sections of an account and figures on its summary (all on by default). */
export interface PortalSettings {
  sections: { transactions: boolean; statements: boolean; documents: boolean; collateral: boolean };
  summaryFields: {
    interestRate: boolean;
    principalBalance: boolean;
    payoff: boolean;
    amountDue: boolean;
    daysPastDue: boolean;
    remainingPayments: boolean;
    projectedPayoff: boolean;
    creditAvailable: boolean;
  };
}

/** What borrowers may pay, how, and when (payments issue); defaults in services/payment-settings.ts. */
export interface PaymentSettings {
  /** The payments area exists for borrowers at all. */
  enabled: boolean;
  methods: ('card' | 'bank')[];
  /** Cents. */
  minAmount: number;
  maxAmount: number;
  /** How far ahead a payment may be dated. */
  maxDaysAhead: number;
  /** "HH:MM" in the tenant's zone: a payment made after it is dated the next day. */
  cutoffTime: string;
  /** Cents added on top of each payment, by method. */
  convenienceFees: { card: number; bank: number };
  autopay: boolean;
  /** Days after its date that a bank debit may still come back (then it counts as completed). */
  returnWindowDays: number;
  /** The lender's ACH origination details, as its bank (the ODFI) gave them. */
  ach: { immediateDestination: string; immediateDestinationName: string; immediateOrigin: string; immediateOriginName: string; companyName: string; companyId: string; odfiRouting: string; companyEntryDescription: string };
}


/** A tenant-defined field; values are kept as strings by id on the customer or employer row. */
export interface CustomField {
  id: string;
  label: string;
  type: CustomFieldType;
  appliesTo: 'customer' | 'employer';
  /** Choices for a 'list' field. */
  options?: string[] | undefined;
}

export interface TenantSettings {
  payments?: Partial<PaymentSettings> | undefined;
  /** The ACH origination details an owner entered (validated); until then files carry placeholders. */
  achOrigination?: AchOrigination | undefined;
  signIn?: SignInSettings | undefined;
  portal?: Partial<{ sections: Partial<PortalSettings['sections']>; summaryFields: Partial<PortalSettings['summaryFields']> }> | undefined;
  /** The categories a borrower files an upload under (defaults in services/documents.ts). */
  documentCategories?: string[] | undefined;
  /** The customer statuses agents choose from (defaults in services/customer-admin.ts). */
  customerStatuses?: string[] | undefined;
  /** The categories staff file customer notes under. */
  noteCategories?: string[] | undefined;
  /** Extra fields the lender keeps on customers and employers. */
  customFields?: CustomField[] | undefined;
  /** The account statuses agents choose from (defaults in services/servicing.ts). */
  accountStatuses?: string[] | undefined;
  /** How payments are split: an order of 'fees', 'interest', 'principal'. */
  allocationOrder?: ('fees' | 'interest' | 'principal')[] | undefined;
  supportEmail?: string | undefined;
  supportPhone?: string | undefined;
  supportHours?: string | undefined;
  welcomeMessage?: string | undefined;
}

export const tenants = sqliteTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: tenantStatuses }).notNull().default('active'),
    timeZone: text('time_zone').notNull().default('America/New_York'),
    branding: text('branding', { mode: 'json' }).$type<TenantBranding>().notNull(),
    settings: text('settings', { mode: 'json' }).$type<TenantSettings>().notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('tenants_slug_unique').on(t.slug)],
);

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;

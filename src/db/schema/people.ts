import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customerTypes, genders, incomeFrequencies, phoneTypes, taxIdKinds } from '../../domain/record-choices';
import { externalRef, instant, tenantIdColumn, timestamps } from './columns';

export { customerTypes, genders, incomeFrequencies, phoneTypes, taxIdKinds };
export type { CustomerType, Gender, IncomeFrequency, TaxIdKind } from '../../domain/record-choices';
import { tenants } from './tenants';

export const agentRoles = ['owner', 'manager', 'agent', 'read_only'] as const;
export type AgentRole = (typeof agentRoles)[number];
export const agentStatuses = ['invited', 'active', 'disabled'] as const;
export type AgentStatus = (typeof agentStatuses)[number];

/** Lender staff. Owners configure the tenant's portal. */
export const agents = sqliteTable(
  'agents',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: agentRoles }).notNull(),
    /** Invited agents have no password until they accept; disabled agents cannot sign in. */
    status: text('status', { enum: agentStatuses }).notNull().default('active'),
    invitedBy: text('invited_by'),
    passwordHash: text('password_hash'),
    ...externalRef(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('agents_tenant_email_unique').on(t.tenantId, t.email),
    index('agents_tenant_external').on(t.tenantId, t.externalSource, t.externalId),
  ],
);


/** Borrowers. Owned by the agent who owns them in the CRM, when imported. */
export const customers = sqliteTable(
  'customers',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    customerType: text('customer_type', { enum: customerTypes }).notNull().default('individual'),
    status: text('status').notNull().default('Active'),
    firstName: text('first_name').notNull(),
    middleName: text('middle_name'),
    lastName: text('last_name').notNull(),
    /** Staff switched off automatic name casing for this customer. */
    doNotCaseFormat: integer('do_not_case_format', { mode: 'boolean' }).notNull().default(false),
    /** Jr., Sr., III… */
    generationCode: text('generation_code'),
    /** Companies and flooring customers: the company and the person to talk to. */
    companyName: text('company_name'),
    contactName: text('contact_name'),
    /** Which number tax_id_* holds: SSN (US), SIN (Canada) or EIN (companies). */
    taxIdKind: text('tax_id_kind', { enum: taxIdKinds }).notNull().default('ssn'),
    /** Driver's licence: encrypted like the tax id, last four shown. */
    driversLicenseEncrypted: text('drivers_license_encrypted'),
    driversLicenseLast4: text('drivers_license_last4'),
    driversLicenseState: text('drivers_license_state'),
    /** ISO date. */
    dateOfBirth: text('date_of_birth'),
    gender: text('gender', { enum: genders }),
    /** CCPA: the customer asked that their personal information not be sold or transferred. */
    doNotSell: integer('do_not_sell', { mode: 'boolean' }).notNull().default(false),
    /** The mailing address is the primary one unless a mailing address is kept. */
    mailingSameAsPrimary: integer('mailing_same_as_primary', { mode: 'boolean' }).notNull().default(true),
    /** Photo in the Files port (server-made key) and its detected type. */
    photoKey: text('photo_key'),
    photoContentType: text('photo_content_type'),
    /** Values of the tenant's customer custom fields, by field id. */
    customFields: text('custom_fields', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    /** Set when a privacy deletion anonymised the record (the ledger is kept). */
    anonymisedAt: instant('anonymised_at'),
    email: text('email'),
    /** Web access username; defaults to the email. */
    webUsername: text('web_username'),
    passwordHash: text('password_hash'),
    /** A verified mobile number (E.164) for text-message sign-in codes. */
    mfaPhone: text('mfa_phone'),
    /** SSN/SIN/EIN, AES-GCM encrypted (lib/secrets); the keyed hash finds exact matches; only the last four are ever shown. */
    taxIdEncrypted: text('tax_id_encrypted'),
    taxIdHash: text('tax_id_hash'),
    taxIdLast4: text('tax_id_last4'),
    /** The card processor's customer record, which saved cards attach to. */
    processorCustomerId: text('processor_customer_id'),
    ownerAgentId: text('owner_agent_id'),
    importId: text('import_id'),
    ...externalRef(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerAgentId], foreignColumns: [agents.tenantId, agents.id] }),
    uniqueIndex('customers_tenant_username_unique').on(t.tenantId, t.webUsername),
    index('customers_tenant_email').on(t.tenantId, t.email),
    index('customers_tenant_name').on(t.tenantId, t.lastName, t.firstName),
    index('customers_tenant_external').on(t.tenantId, t.externalSource, t.externalId),
    index('customers_tenant_tax_id').on(t.tenantId, t.taxIdHash),
  ],
);

export type Agent = typeof agents.$inferSelect;
export type Customer = typeof customers.$inferSelect;


/** A customer's phone numbers (E.164), typed, one of them primary, each with its do-not-call choice. */
export const customerPhones = sqliteTable(
  'customer_phones',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    type: text('type', { enum: phoneTypes }).notNull(),
    /** E.164, e.g. +13035550188: searched by its digits. */
    number: text('number').notNull(),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
    doNotCall: integer('do_not_call', { mode: 'boolean' }).notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('customer_phones_tenant_customer').on(t.tenantId, t.customerId),
    index('customer_phones_tenant_number').on(t.tenantId, t.number),
  ],
);

export type CustomerPhone = typeof customerPhones.$inferSelect;

export const addressKinds = ['primary', 'mailing'] as const;
export type AddressKind = (typeof addressKinds)[number];

/** A customer's primary and (optionally) mailing address; US/Canada postal shapes. */
export const customerAddresses = sqliteTable(
  'customer_addresses',
  {
    tenantId: tenantIdColumn(),
    customerId: text('customer_id').notNull(),
    kind: text('kind', { enum: addressKinds }).notNull(),
    line1: text('line1').notNull(),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull(),
    state: text('state').notNull(),
    zip: text('zip').notNull(),
    country: text('country').notNull().default('US'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId, t.kind] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

export type CustomerAddress = typeof customerAddresses.$inferSelect;


/** The customer's employer: income (cents per income_frequency), pay dates for AutoPay planning. */
export const employers = sqliteTable(
  'employers',
  {
    tenantId: tenantIdColumn(),
    customerId: text('customer_id').notNull(),
    name: text('name').notNull(),
    jobTitle: text('job_title').notNull().default(''),
    phone: text('phone'),
    /** ISO date. */
    hireDate: text('hire_date'),
    /** Cents per income_frequency. */
    income: integer('income'),
    incomeFrequency: text('income_frequency', { enum: incomeFrequencies }),
    /** ISO date. */
    nextPayDate: text('next_pay_date'),
    payFrequency: text('pay_frequency', { enum: incomeFrequencies }),
    line1: text('line1').notNull().default(''),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull().default(''),
    state: text('state').notNull().default(''),
    zip: text('zip').notNull().default(''),
    customFields: text('custom_fields', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

export type Employer = typeof employers.$inferSelect;

/** People the customer named as references. */
export const customerReferences = sqliteTable(
  'customer_references',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    /** E.164. */
    phone: text('phone'),
    altPhone: text('alt_phone'),
    line1: text('line1').notNull().default(''),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull().default(''),
    state: text('state').notNull().default(''),
    zip: text('zip').notNull().default(''),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('customer_references_tenant_customer').on(t.tenantId, t.customerId),
  ],
);

export type CustomerReference = typeof customerReferences.$inferSelect;

/** Staff notes on a customer, filed under one of the tenant's note categories. */
export const customerNotes = sqliteTable(
  'customer_notes',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    title: text('title').notNull(),
    category: text('category').notNull(),
    body: text('body').notNull(),
    authorAgentId: text('author_agent_id').notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('customer_notes_tenant_customer').on(t.tenantId, t.customerId, t.createdAt),
  ],
);

export type CustomerNote = typeof customerNotes.$inferSelect;

export interface MailTrackingEvent {
  /** ISO instant. */
  at: string;
  status: string;
  location?: string | undefined;
}

/** Physical mail sent to a customer through a mail house, with its tracking history. */
export const mailPieces = sqliteTable(
  'mail_pieces',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    customerId: text('customer_id').notNull(),
    accountId: text('account_id'),
    description: text('description').notNull(),
    /** The address as printed, one line per element. */
    address: text('address', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status').notNull(),
    tracking: text('tracking', { mode: 'json' }).$type<MailTrackingEvent[]>().notNull().default([]),
    provider: text('provider').notNull(),
    providerPieceId: text('provider_piece_id'),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('mail_pieces_tenant_customer').on(t.tenantId, t.customerId, t.sentAt),
  ],
);

export type MailPiece = typeof mailPieces.$inferSelect;

import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { externalRef, tenantIdColumn, timestamps } from './columns';
import { tenants } from './tenants';

export const agentRoles = ['owner', 'manager', 'agent', 'read_only'] as const;
export type AgentRole = (typeof agentRoles)[number];

/** Lender staff. Owners configure the tenant's portal. */
export const agents = sqliteTable(
  'agents',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: text('id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: agentRoles }).notNull(),
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

export const customerTypes = ['individual', 'company', 'flooring'] as const;

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

export const phoneTypes = ['mobile', 'home', 'work', 'other'] as const;

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

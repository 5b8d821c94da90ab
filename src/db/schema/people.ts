import { foreignKey, index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
    lastName: text('last_name').notNull(),
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

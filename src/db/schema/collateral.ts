import { foreignKey, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenantIdColumn, timestamps } from './columns';
import { accounts } from './accounts';

export const collateralKinds = ['vehicle', 'other'] as const;

/** What secures an installment loan or lease: a vehicle (by VIN) or a described item. */
export const collateral = sqliteTable(
  'collateral',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    kind: text('kind', { enum: collateralKinds }).notNull(),
    vin: text('vin'),
    year: integer('year'),
    make: text('make'),
    model: text('model'),
    trim: text('trim'),
    color: text('color'),
    mileage: integer('mileage'),
    description: text('description'),
    /** Value in cents, when known. */
    value: integer('value'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accounts.tenantId, accounts.id] }),
    index('collateral_tenant_account').on(t.tenantId, t.accountId),
  ],
);

/** The insurance covering a piece of collateral (the borrower can add or update it). */
export const insurancePolicies = sqliteTable(
  'insurance_policies',
  {
    tenantId: tenantIdColumn(),
    id: text('id').notNull(),
    collateralId: text('collateral_id').notNull(),
    carrier: text('carrier').notNull(),
    policyNumber: text('policy_number').notNull(),
    coverageStart: text('coverage_start').notNull(),
    coverageEnd: text('coverage_end').notNull(),
    agentName: text('agent_name'),
    agentPhone: text('agent_phone'),
    agentEmail: text('agent_email'),
    /** The proof-of-insurance document (documents table). */
    proofDocumentId: text('proof_document_id'),
    /** Who recorded this policy: a customer (from the portal) or an agent. */
    recordedByType: text('recorded_by_type'),
    recordedById: text('recorded_by_id'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.collateralId], foreignColumns: [collateral.tenantId, collateral.id] }),
    index('insurance_tenant_collateral').on(t.tenantId, t.collateralId),
  ],
);

export type CollateralRow = typeof collateral.$inferSelect;
export type InsurancePolicyRow = typeof insurancePolicies.$inferSelect;

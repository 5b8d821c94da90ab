import type { Db } from './client';
import { agentsRepo } from './repositories/agents';
import { auditRepo } from './repositories/audit';
import { customersRepo } from './repositories/customers';
import { emailsRepo } from './repositories/emails';

/**
 * The only way to reach tenant-owned rows: every repository here filters and stamps tenant_id.
 * Routes, services and consumers get one of these, never the tables.
 */
export function forTenant(db: Db, tenantId: string) {
  return {
    tenantId,
    agents: agentsRepo(db, tenantId),
    customers: customersRepo(db, tenantId),
    audit: auditRepo(db, tenantId),
    emails: emailsRepo(db, tenantId),
  };
}

export type TenantDb = ReturnType<typeof forTenant>;

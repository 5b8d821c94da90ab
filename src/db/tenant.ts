import { runBatch, type BatchStatement, type Db } from './client';
import { accountsRepo } from './repositories/accounts';
import { achRepo } from './repositories/ach';
import { agentsRepo } from './repositories/agents';
import { factorsRepo, heldFormsRepo, sessionsRepo, tokensRepo } from './repositories/auth';
import { cardsRepo, collateralRepo } from './repositories/collateral';
import { ledgerRepo } from './repositories/ledger';
import { auditRepo } from './repositories/audit';
import { customersRepo } from './repositories/customers';
import { customerProfileRepo } from './repositories/customer-profile';
import { customerRecordRepo } from './repositories/customer-record';
import { documentsRepo } from './repositories/documents';
import { paymentsRepo } from './repositories/payments';
import { personalDataRepo } from './repositories/privacy';

const paymentRepos = (db: Db, tenantId: string) => {
  const r = paymentsRepo(db, tenantId);
  return { paymentMethods: r.methods, payments: r.payments, autopays: r.autopays };
};
import { devOutboxRepo, emailsRepo, smsRepo } from './repositories/emails';

/**
 * The only way to reach tenant-owned rows: every repository here filters and stamps tenant_id.
 * Routes, services and consumers get one of these, never the tables.
 */
export function forTenant(db: Db, tenantId: string) {
  return {
    tenantId,
    agents: agentsRepo(db, tenantId),
    customers: customersRepo(db, tenantId),
    profile: customerProfileRepo(db, tenantId),
    record: customerRecordRepo(db, tenantId),
    audit: auditRepo(db, tenantId),
    emails: emailsRepo(db, tenantId),
    accounts: accountsRepo(db, tenantId),
    ledger: ledgerRepo(db, tenantId),
    collateral: collateralRepo(db, tenantId),
    cards: cardsRepo(db, tenantId),
    documents: documentsRepo(db, tenantId),
    ...paymentRepos(db, tenantId),
    /** NACHA files as sent and the returns recorded against them. */
    ach: achRepo(db, tenantId),
    sessions: sessionsRepo(db, tenantId),
    tokens: tokensRepo(db, tenantId),
    factors: factorsRepo(db, tenantId),
    /** Staff forms sent after their session ended, kept until they sign in again. */
    heldForms: heldFormsRepo(db, tenantId),
    sms: smsRepo(db, tenantId),
    /** Development only: whole copies of what went to the outbox provider (see schema dev_outbox). */
    devOutbox: devOutboxRepo(db, tenantId),
    /** Privacy deletions: counts what a customer's deletion removes and removes it in one batch. */
    privacy: personalDataRepo(db, tenantId),
    /** Statements from these repositories (their `…Statement` builders, audit `entry`), in one transaction. */
    batch: (statements: readonly BatchStatement[]) => runBatch(db, statements),
  };
}

export type TenantDb = ReturnType<typeof forTenant>;

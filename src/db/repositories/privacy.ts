import { and, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import {
  auditLog, autopays, customerAccounts, customerAddresses, customerPhones, customerReferences, customers, documents, employers, insurancePolicies,
  oneTimeTokens, passkeys, paymentMethods, payments, recoveryCodes, sessions, totpCredentials,
} from '../schema';
import type { AuditInput } from './audit';

/** The name an anonymised customer keeps (first and last name, so "Deleted customer" wherever a name is shown). */
export const DELETED_NAME = { firstName: 'Deleted', lastName: 'customer' } as const;

/**
 * Audit areas whose before/after values are the customer's personal data itself (names, phones,
 * addresses, employer, references, sign-in): after a deletion the rows stay, their values do not.
 */
export const PERSONAL_AUDIT_AREAS = ['customer.', 'phone.', 'address.', 'web-access.', 'password.', 'employer.', 'reference.'] as const;

export interface PersonalDataInventory {
  phones: number;
  addresses: number;
  employer: number;
  references: number;
  uploadedDocuments: { id: string; storageKey: string }[];
  paymentMethods: number;
  links: number;
  sessions: number;
  passkeys: number;
  authenticatorApp: number;
  recoveryCodes: number;
  signInTokens: number;
}

/**
 * A privacy deletion's reads and its one write: everything personal about a customer goes in one
 * batch (all or nothing), while the accounts, ledger and payments stay untouched.
 */
export function personalDataRepo(db: Db, tenantId: string) {
  const subject = (t: { tenantId: AnySQLiteColumn; subjectType: AnySQLiteColumn; subjectId: AnySQLiteColumn }, id: string) =>
    and(eq(t.tenantId, tenantId), eq(t.subjectType, 'customer'), eq(t.subjectId, id));
  const ofCustomer = (t: { tenantId: AnySQLiteColumn; customerId: AnySQLiteColumn }, id: string) => and(eq(t.tenantId, tenantId), eq(t.customerId, id));
  const uploadedBy = (id: string) => and(eq(documents.tenantId, tenantId), eq(documents.uploadedByType, 'customer'), eq(documents.uploadedById, id));

  return {
    /** What must stop before the data can go: payments on their way (their references), AutoPays that are on (their accounts). */
    async blockers(customerId: string): Promise<{ paymentReferences: string[]; autopayAccountIds: string[] }> {
      const [inFlight, on] = await Promise.all([
        db.select({ reference: payments.reference }).from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.customerId, customerId), inArray(payments.status, ['pending', 'processing']))).orderBy(payments.scheduledFor),
        db.select({ accountId: autopays.accountId }).from(autopays).where(and(eq(autopays.tenantId, tenantId), eq(autopays.customerId, customerId), eq(autopays.status, 'active'))),
      ]);
      return { paymentReferences: inFlight.map((p) => p.reference), autopayAccountIds: [...new Set(on.map((a) => a.accountId))] };
    },

    /** What a deletion would remove, counted (and the uploaded files, whose bytes go first). */
    async inventory(customerId: string): Promise<PersonalDataInventory> {
      const [phones, addresses, employer, references, uploaded, methods, links, sessionCount, passkeyCount, totp, codes, tokens] = await Promise.all([
        db.$count(customerPhones, ofCustomer(customerPhones, customerId)),
        db.$count(customerAddresses, ofCustomer(customerAddresses, customerId)),
        db.$count(employers, ofCustomer(employers, customerId)),
        db.$count(customerReferences, ofCustomer(customerReferences, customerId)),
        db.select({ id: documents.id, storageKey: documents.storageKey }).from(documents).where(uploadedBy(customerId)),
        db.$count(paymentMethods, and(ofCustomer(paymentMethods, customerId), isNull(paymentMethods.removedAt))),
        db.$count(customerAccounts, and(ofCustomer(customerAccounts, customerId), or(eq(customerAccounts.webAccess, true), eq(customerAccounts.emailAccess, true), eq(customerAccounts.smsAccess, true)))),
        db.$count(sessions, subject(sessions, customerId)),
        db.$count(passkeys, subject(passkeys, customerId)),
        db.$count(totpCredentials, subject(totpCredentials, customerId)),
        db.$count(recoveryCodes, subject(recoveryCodes, customerId)),
        db.$count(oneTimeTokens, subject(oneTimeTokens, customerId)),
      ]);
      return {
        phones, addresses, employer, references, uploadedDocuments: uploaded, paymentMethods: methods, links,
        sessions: sessionCount, passkeys: passkeyCount, authenticatorApp: totp, recoveryCodes: codes, signInTokens: tokens,
      };
    },

    /**
     * Anonymises the customer in one batch. The audit row is written first and only while the
     * customer is not yet anonymised, so two deletions racing record one deletion.
     * Returns false when another deletion got there first.
     */
    async erase(customerId: string, input: { documentIds: string[]; audit: Omit<AuditInput, 'entityType' | 'entityId'> }, now: Date): Promise<boolean> {
      const cust = and(eq(customers.tenantId, tenantId), eq(customers.id, customerId));
      const redact = (column: AnySQLiteColumn) => sql`case when ${column} is null then null else (select json_group_object(key, '(removed)') from json_each(${column})) end`;
      const [, marked] = await db.batch([
        db.insert(auditLog).select(
          db
            .select({
              tenantId: sql`${tenantId}`.as('tenant_id'),
              id: sql`${newId()}`.as('id'),
              at: sql`${now.getTime()}`.as('at'),
              actorType: sql`${input.audit.actorType}`.as('actor_type'),
              actorId: sql`${input.audit.actorId ?? null}`.as('actor_id'),
              action: sql`${input.audit.action}`.as('action'),
              entityType: sql`'customer'`.as('entity_type'),
              entityId: customers.id,
              before: sql`${input.audit.before ? JSON.stringify(input.audit.before) : null}`.as('before'),
              after: sql`${input.audit.after ? JSON.stringify(input.audit.after) : null}`.as('after'),
              requestId: sql`${input.audit.requestId ?? null}`.as('request_id'),
            })
            .from(customers)
            .where(and(cust, isNull(customers.anonymisedAt))),
        ),
        db
          .update(customers)
          .set({
            ...DELETED_NAME, middleName: null, generationCode: null, companyName: null, contactName: null,
            email: null, webUsername: null, passwordHash: null, mfaPhone: null,
            taxIdEncrypted: null, taxIdHash: null, taxIdLast4: null,
            driversLicenseEncrypted: null, driversLicenseLast4: null, driversLicenseState: null,
            dateOfBirth: null, gender: null, photoKey: null, photoContentType: null, customFields: {},
            anonymisedAt: now, updatedAt: now,
          })
          .where(and(cust, isNull(customers.anonymisedAt)))
          .returning({ id: customers.id }),
        db.delete(customerPhones).where(ofCustomer(customerPhones, customerId)),
        db.delete(customerAddresses).where(ofCustomer(customerAddresses, customerId)),
        db.delete(employers).where(ofCustomer(employers, customerId)),
        db.delete(customerReferences).where(ofCustomer(customerReferences, customerId)),
        // Only the uploads whose bytes were already deleted (one made since is left whole for the next request).
        db.delete(documents).where(and(uploadedBy(customerId), inArray(documents.id, input.documentIds))),
        db
          .update(insurancePolicies)
          .set({ proofDocumentId: null, updatedAt: now })
          .where(and(eq(insurancePolicies.tenantId, tenantId), inArray(insurancePolicies.proofDocumentId, input.documentIds))),
        // Saved methods stay as rows for the payments that used them, but can never be charged again and name no one.
        // A bank account that was debited keeps its (encrypted) number: the record of those debits (NACHA keeps them two years).
        db
          .update(paymentMethods)
          .set({
            removedAt: sql`coalesce(${paymentMethods.removedAt}, ${now.getTime()})`, isDefault: false, holderName: 'Deleted customer', processorToken: null,
            accountNumberEncrypted: sql`case when exists (select 1 from ${payments} where ${payments.tenantId} = ${paymentMethods.tenantId} and ${payments.paymentMethodId} = ${paymentMethods.id}) then ${paymentMethods.accountNumberEncrypted} else null end`,
            updatedAt: now,
          })
          .where(ofCustomer(paymentMethods, customerId)),
        db.update(customerAccounts).set({ webAccess: false, emailAccess: false, smsAccess: false, updatedAt: now }).where(ofCustomer(customerAccounts, customerId)),
        db.delete(sessions).where(subject(sessions, customerId)),
        db.delete(oneTimeTokens).where(subject(oneTimeTokens, customerId)),
        db.delete(totpCredentials).where(subject(totpCredentials, customerId)),
        db.delete(passkeys).where(subject(passkeys, customerId)),
        db.delete(recoveryCodes).where(subject(recoveryCodes, customerId)),
        db
          .update(auditLog)
          .set({ before: redact(auditLog.before), after: redact(auditLog.after) })
          .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityType, 'customer'), eq(auditLog.entityId, customerId), or(...PERSONAL_AUDIT_AREAS.map((a) => like(auditLog.action, `${a}%`))))),
      ]);
      return marked.length === 1;
    },
  };
}

export type PersonalDataRepo = ReturnType<typeof personalDataRepo>;

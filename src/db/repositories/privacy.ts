import { and, eq, inArray, isNull, like, ne, or, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { newId } from '../../lib/ids';
import type { Db } from '../client';
import {
  auditLog, autopays, customerAccounts, deletionRequests, type DeletionRequest, customerAddresses, customerNotes, customerPhones, customerReferences, customers, documents, emails, employers, insurancePolicies,
  mailPieces, oneTimeTokens, passkeys, paymentMethods, payments, recoveryCodes, sessions, smsMessages, totpCredentials,
} from '../schema';
import type { AuditInput } from './audit';

/** The name an anonymised customer keeps (first and last name, so "Deleted customer" wherever a name is shown). */
export const DELETED_NAME = { firstName: 'Deleted', lastName: 'customer' } as const;

/** What an email to the customer says after a deletion (its template and sent time stay). */
export const DELETED_SUBJECT = '(deleted)';

/**
 * Audit areas whose before/after values are the customer's personal data itself (names, phones,
 * addresses, employer, references, sign-in, staff notes, documents, payment methods): after a
 * deletion the rows stay, their values do not.
 */
export const PERSONAL_AUDIT_AREAS = ['customer.', 'phone.', 'address.', 'web-access.', 'password.', 'employer.', 'reference.', 'note.', 'document.', 'payment-method.'] as const;

export interface PersonalDataInventory {
  phones: number;
  addresses: number;
  employer: number;
  references: number;
  notes: number;
  /** Every stored document about the customer: their own uploads and the ones staff added. */
  documents: { id: string; storageKey: string; uploadedByType: 'customer' | 'agent' }[];
  paymentMethods: number;
  /** AutoPays switched off (paused): a deletion stops them for good. */
  pausedAutopays: number;
  emails: number;
  texts: number;
  mailPieces: number;
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
  // About the customer (staff documents and their own uploads), or uploaded by them onto someone else's record.
  const documentsOf = (id: string) => and(eq(documents.tenantId, tenantId), or(eq(documents.customerId, id), and(eq(documents.uploadedByType, 'customer'), eq(documents.uploadedById, id))));

  const request = (id: string) => and(eq(deletionRequests.tenantId, tenantId), eq(deletionRequests.id, id));
  const auditValues = (a: AuditInput, at: Date) => ({ ...a, tenantId, id: newId(), at, before: a.before ?? null, after: a.after ?? null, actorId: a.actorId ?? null, requestId: a.requestId ?? null });

  return {
    /** Deletion requests: asked for by one manager or owner, approved (or withdrawn) by another. */
    requests: {
      /** The request waiting for approval, if there is one (at most one per customer). */
      pending: (customerId: string): Promise<DeletionRequest | undefined> =>
        db.query.deletionRequests.findFirst({ where: and(eq(deletionRequests.tenantId, tenantId), eq(deletionRequests.customerId, customerId), eq(deletionRequests.status, 'pending')) }),
      find: (id: string): Promise<DeletionRequest | undefined> => db.query.deletionRequests.findFirst({ where: request(id) }),
      /** Every request waiting for approval in the tenant, oldest first (for the staff home). */
      allPending: (): Promise<DeletionRequest[]> =>
        db.query.deletionRequests.findMany({ where: and(eq(deletionRequests.tenantId, tenantId), eq(deletionRequests.status, 'pending')), orderBy: (r, { asc }) => [asc(r.requestedAt)] }),
      /** Opens a request with its audit row (one batch); false when one is already open for the customer. */
      async open(values: { id: string; customerId: string; requestedBy: string; reason: string }, audit: Omit<AuditInput, 'entityType' | 'entityId'>, now: Date): Promise<boolean> {
        try {
          await db.batch([
            db.insert(deletionRequests).values({ ...values, tenantId, requestedAt: now, status: 'pending' }),
            db.insert(auditLog).values(auditValues({ ...audit, entityType: 'customer', entityId: values.customerId }, now)),
          ]);
          return true;
        } catch (error) {
          // The partial unique index: another request opened meanwhile.
          if ((await this.pending(values.customerId)) !== undefined) return false;
          throw error;
        }
      },
      /**
       * Moves a pending request to approved or withdrawn, by whom; false when it is no longer pending
       * (approved, withdrawn or deleted meanwhile). A withdrawal writes its audit row in the same batch.
       */
      async decide(id: string, status: 'approved' | 'withdrawn', by: string, audit: Omit<AuditInput, 'entityType' | 'entityId'> | null, now: Date): Promise<boolean> {
        const update = db.update(deletionRequests).set({ status, decidedBy: by, decidedAt: now }).where(and(request(id), eq(deletionRequests.status, 'pending'))).returning({ id: deletionRequests.id });
        if (!audit) return (await update).length === 1;
        const row = await this.find(id);
        if (!row) return false;
        // The audit row only if this batch's update is the one that decided it.
        const [changed] = await db.batch([
          update,
          db.insert(auditLog).select(
            db
              .select({
                tenantId: sql`${tenantId}`.as('tenant_id'), id: sql`${newId()}`.as('id'), at: sql`${now.getTime()}`.as('at'), actorType: sql`${audit.actorType}`.as('actor_type'), actorId: sql`${audit.actorId ?? null}`.as('actor_id'),
                action: sql`${audit.action}`.as('action'), entityType: sql`'customer'`.as('entity_type'), entityId: deletionRequests.customerId,
                before: sql`${audit.before ? JSON.stringify(audit.before) : null}`.as('before'), after: sql`${audit.after ? JSON.stringify(audit.after) : null}`.as('after'), requestId: sql`${audit.requestId ?? null}`.as('request_id'),
              })
              .from(deletionRequests)
              .where(and(request(id), eq(deletionRequests.status, status), eq(deletionRequests.decidedBy, by), eq(deletionRequests.decidedAt, now))),
          ),
        ]);
        return changed.length === 1;
      },
      /** An approval whose deletion failed goes back to waiting, so it can be approved again. */
      async reopen(id: string): Promise<void> {
        await db.update(deletionRequests).set({ status: 'pending', decidedBy: null, decidedAt: null }).where(and(request(id), eq(deletionRequests.status, 'approved')));
      },
    },

    /** What must stop before the data can go: payments on their way (their references), AutoPays that are on (their accounts). */
    async blockers(customerId: string): Promise<{ paymentReferences: string[]; autopayAccountIds: string[] }> {
      const [inFlight, on] = await Promise.all([
        db.select({ reference: payments.reference }).from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.customerId, customerId), inArray(payments.status, ['pending', 'processing']))).orderBy(payments.scheduledFor),
        db.select({ accountId: autopays.accountId }).from(autopays).where(and(eq(autopays.tenantId, tenantId), eq(autopays.customerId, customerId), eq(autopays.status, 'active'))),
      ]);
      return { paymentReferences: inFlight.map((p) => p.reference), autopayAccountIds: [...new Set(on.map((a) => a.accountId))] };
    },

    /** What a deletion would remove, counted (and the stored documents, whose bytes go once their rows are gone). */
    async inventory(customerId: string): Promise<PersonalDataInventory> {
      const [phones, addresses, employer, references, notes, docs, methods, paused, emailCount, textCount, mailCount, links, sessionCount, passkeyCount, totp, codes, tokens] = await Promise.all([
        db.$count(customerPhones, ofCustomer(customerPhones, customerId)),
        db.$count(customerAddresses, ofCustomer(customerAddresses, customerId)),
        db.$count(employers, ofCustomer(employers, customerId)),
        db.$count(customerReferences, ofCustomer(customerReferences, customerId)),
        db.$count(customerNotes, ofCustomer(customerNotes, customerId)),
        db.select({ id: documents.id, storageKey: documents.storageKey, uploadedByType: documents.uploadedByType }).from(documents).where(documentsOf(customerId)),
        db.$count(paymentMethods, and(ofCustomer(paymentMethods, customerId), isNull(paymentMethods.removedAt))),
        db.$count(autopays, and(ofCustomer(autopays, customerId), eq(autopays.status, 'paused'))),
        db.$count(emails, ofCustomer(emails, customerId)),
        db.$count(smsMessages, ofCustomer(smsMessages, customerId)),
        db.$count(mailPieces, ofCustomer(mailPieces, customerId)),
        db.$count(customerAccounts, and(ofCustomer(customerAccounts, customerId), or(eq(customerAccounts.webAccess, true), eq(customerAccounts.emailAccess, true), eq(customerAccounts.smsAccess, true)))),
        db.$count(sessions, subject(sessions, customerId)),
        db.$count(passkeys, subject(passkeys, customerId)),
        db.$count(totpCredentials, subject(totpCredentials, customerId)),
        db.$count(recoveryCodes, subject(recoveryCodes, customerId)),
        db.$count(oneTimeTokens, subject(oneTimeTokens, customerId)),
      ]);
      return {
        phones, addresses, employer, references, notes, documents: docs, paymentMethods: methods, pausedAutopays: paused, emails: emailCount, texts: textCount, mailPieces: mailCount, links,
        sessions: sessionCount, passkeys: passkeyCount, authenticatorApp: totp, recoveryCodes: codes, signInTokens: tokens,
      };
    },

    /**
     * Anonymises the customer in one batch. The audit row is written first and only while the
     * customer is not yet anonymised, so two deletions racing record one deletion.
     * Returns false when another deletion got there first. The stored files of the documents
     * removed here (`documentIds`) are the caller's to delete, after this has succeeded.
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
            email: null, webUsername: null, passwordHash: null, mfaPhone: null, processorCustomerId: null,
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
        // Staff notes describe the person: they go too.
        db.delete(customerNotes).where(ofCustomer(customerNotes, customerId)),
        // Only the documents counted (one added since is left whole, its file included, for the next request).
        db.delete(documents).where(and(documentsOf(customerId), inArray(documents.id, input.documentIds))),
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
        // AutoPays that are off (active ones block the deletion) stop for good: their method is gone and no one could authorise them again.
        db.insert(auditLog).select(
          db
            .select({
              tenantId: autopays.tenantId,
              id: sql`${`${newId()}.`} || ${autopays.id}`.as('id'),
              at: sql`${now.getTime()}`.as('at'),
              actorType: sql`${input.audit.actorType}`.as('actor_type'),
              actorId: sql`${input.audit.actorId ?? null}`.as('actor_id'),
              action: sql`'autopay.stopped'`.as('action'),
              entityType: sql`'autopay'`.as('entity_type'),
              entityId: autopays.id,
              before: sql`json_object('status', ${autopays.status})`.as('before'),
              after: sql`json_object('status', 'stopped', 'reason', 'personal data deleted')`.as('after'),
              requestId: sql`${input.audit.requestId ?? null}`.as('request_id'),
            })
            .from(autopays)
            .where(and(ofCustomer(autopays, customerId), ne(autopays.status, 'stopped'))),
        ),
        db.update(autopays).set({ status: 'stopped', nextRunDate: null, updatedAt: now }).where(and(ofCustomer(autopays, customerId), ne(autopays.status, 'stopped'))),
        db.update(customerAccounts).set({ webAccess: false, emailAccess: false, smsAccess: false, updatedAt: now }).where(ofCustomer(customerAccounts, customerId)),
        // What was sent stays as a fact (template, time, the lender's side); what it said and where it went does not.
        db.update(emails).set({ toAddress: '', subject: DELETED_SUBJECT, html: '', text: '' }).where(ofCustomer(emails, customerId)),
        db
          .update(smsMessages)
          .set({
            body: '',
            toNumber: sql`case when ${smsMessages.direction} = 'inbound' then ${smsMessages.toNumber} else '' end`,
            fromNumber: sql`case when ${smsMessages.direction} = 'inbound' then null else ${smsMessages.fromNumber} end`,
          })
          .where(ofCustomer(smsMessages, customerId)),
        db.update(mailPieces).set({ address: [] }).where(ofCustomer(mailPieces, customerId)),
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

import type { Account, AutopayRow, CustomerNote, CustomerReference, CustomField, DocumentRow, Employer, IncomeFrequency, PaymentMethodRow, PaymentRow } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { PostalAddress } from '../domain/customer-record';
import type { FileStore } from '../files';
import { storeDocument } from './documents';
import { ServiceError } from './errors';
import { methodLabel, methodRemovalRefusal, removalBlockers } from './payments';

/**
 * A customer's employer, references, notes, documents and payment profiles as staff keep them.
 * Every change is an audit row about the customer ('<area>.<verb>'), which the tab's History shows;
 * an edit is one row per changed field, naming the reference, note or document it touched.
 */

type Value = string | number | boolean | null;
const blank = (v: Value | undefined): Value => (v === undefined || v === '' ? null : v);

function audit(tdb: TenantDb, actorId: string, customerId: string, action: string, change: { before?: Record<string, unknown>; after?: Record<string, unknown> }, now: Date) {
  return tdb.audit.record({ actorType: 'agent', actorId, action, entityType: 'customer', entityId: customerId, before: change.before ?? null, after: change.after ?? null }, now);
}

/** The fields whose value differs (empty text and null are the same), with both values. */
function diff<K extends string>(keys: readonly K[], before: Partial<Record<K, Value>> | undefined, after: Record<K, Value>): { key: K; before: Value; after: Value }[] {
  return keys.map((key) => ({ key, before: blank(before?.[key]), after: blank(after[key]) })).filter((d) => d.before !== d.after);
}

// ---------------------------------------------------------------------------------------------
// Postal addresses (employer, references): optional, but whole when given (domain readPostalAddress).
// They keep no country: a Canadian address shows by its province and postal code.
const addressValues = (a: PostalAddress | null) => ({ line1: a?.line1 ?? '', line2: a?.line2 ?? '', city: a?.city ?? '', state: a?.state ?? '', zip: a?.zip ?? '' });

// ---------------------------------------------------------------------------------------------
// Employer

export interface EmployerInput {
  name: string;
  jobTitle: string;
  /** E.164. */
  phone: string | null;
  hireDate: string | null;
  /** Cents per incomeFrequency. */
  income: number | null;
  incomeFrequency: IncomeFrequency | null;
  nextPayDate: string | null;
  payFrequency: IncomeFrequency | null;
  address: PostalAddress | null;
  /** The tenant's employer custom fields, by field id (readCustomFields). */
  customFields: Record<string, string>;
}

const employerKeys = ['name', 'jobTitle', 'phone', 'hireDate', 'income', 'incomeFrequency', 'nextPayDate', 'payFrequency', 'line1', 'line2', 'city', 'state', 'zip'] as const;

/**
 * Saves the customer's employer (adding it when there is none) and records one 'employer.updated'
 * row per changed field, custom fields by their label. Values of custom fields the tenant has since
 * removed are kept as they were. Returns the changed fields.
 */
export async function saveEmployer(tdb: TenantDb, customerId: string, input: EmployerInput, fields: CustomField[], actorId: string, now: Date): Promise<string[]> {
  const existing = await tdb.profile.employer(customerId);
  const next = { name: input.name, jobTitle: input.jobTitle, phone: input.phone, hireDate: input.hireDate, income: input.income, incomeFrequency: input.incomeFrequency, nextPayDate: input.nextPayDate, payFrequency: input.payFrequency, ...addressValues(input.address) };
  const changes: { key: string; before: Value; after: Value }[] = diff(employerKeys, existing, next);
  const stored = existing?.customFields ?? {};
  for (const f of fields) {
    const before = stored[f.id] ?? null;
    const after = input.customFields[f.id] ?? null;
    if (before !== after) changes.push({ key: f.label, before, after });
  }
  if (changes.length === 0) return [];
  const kept = Object.fromEntries(Object.entries(stored).filter(([id]) => !fields.some((f) => f.id === id)));
  await tdb.profile.saveEmployer(customerId, { ...next, customFields: { ...kept, ...input.customFields } }, now);
  for (const c of changes) await audit(tdb, actorId, customerId, 'employer.updated', { before: { [c.key]: c.before }, after: { [c.key]: c.after } }, now);
  return changes.map((c) => c.key);
}

/** Removes the employer, recording what it was. */
export async function removeEmployer(tdb: TenantDb, customerId: string, actorId: string, now: Date): Promise<Employer> {
  const existing = await tdb.profile.employer(customerId);
  if (!existing) throw new ServiceError('not_found', 'This customer has no employer on file.');
  await tdb.profile.removeEmployer(customerId);
  const before = Object.fromEntries(employerKeys.map((k) => [k, blank(existing[k])]).filter(([, v]) => v !== null));
  await audit(tdb, actorId, customerId, 'employer.removed', { before }, now);
  return existing;
}

// ---------------------------------------------------------------------------------------------
// References

export interface ReferenceInput {
  name: string;
  relationship: string;
  /** E.164. */
  phone: string | null;
  altPhone: string | null;
  address: PostalAddress | null;
}

const referenceKeys = ['name', 'relationship', 'phone', 'altPhone', 'line1', 'line2', 'city', 'state', 'zip'] as const;
const referenceValues = (r: ReferenceInput) => ({ name: r.name, relationship: r.relationship, phone: r.phone, altPhone: r.altPhone, ...addressValues(r.address) });
const referenceRecord = (r: CustomerReference) => Object.fromEntries([['reference', r.id], ...referenceKeys.map((k) => [k, blank(r[k])]).filter(([, v]) => v !== null)]);

/** One of this customer's references, or not found (another customer's or tenant's id included). */
export async function customerReference(tdb: TenantDb, customerId: string, id: string): Promise<CustomerReference> {
  const found = await tdb.profile.reference(customerId, id);
  if (!found) throw new ServiceError('not_found', 'There is no such reference for this customer.');
  return found;
}

export async function addReference(tdb: TenantDb, customerId: string, input: ReferenceInput, actorId: string, now: Date): Promise<CustomerReference> {
  const row = await tdb.profile.addReference(customerId, referenceValues(input), now);
  await audit(tdb, actorId, customerId, 'reference.added', { after: referenceRecord(row) }, now);
  return row;
}

export async function updateReference(tdb: TenantDb, customerId: string, id: string, input: ReferenceInput, actorId: string, now: Date): Promise<string[]> {
  const existing = await customerReference(tdb, customerId, id);
  const next = referenceValues(input);
  const changes = diff(referenceKeys, existing, next);
  if (changes.length === 0) return [];
  await tdb.profile.updateReference(customerId, id, next, now);
  for (const c of changes) await audit(tdb, actorId, customerId, 'reference.updated', { before: { reference: id, [c.key]: c.before }, after: { reference: id, [c.key]: c.after } }, now);
  return changes.map((c) => c.key);
}

export async function removeReference(tdb: TenantDb, customerId: string, id: string, actorId: string, now: Date): Promise<CustomerReference> {
  const existing = await customerReference(tdb, customerId, id);
  await tdb.profile.removeReference(customerId, id);
  await audit(tdb, actorId, customerId, 'reference.removed', { before: referenceRecord(existing) }, now);
  return existing;
}

// ---------------------------------------------------------------------------------------------
// Notes

export const NOTE_MAX_CHARS = 5_000;

export interface NoteInput {
  title: string;
  category: string;
  body: string;
}

const noteKeys = ['title', 'category', 'body'] as const;

export async function customerNote(tdb: TenantDb, customerId: string, id: string): Promise<CustomerNote> {
  const found = await tdb.profile.note(customerId, id);
  if (!found) throw new ServiceError('not_found', 'There is no such note for this customer.');
  return found;
}

export async function addNote(tdb: TenantDb, customerId: string, input: NoteInput, actorId: string, now: Date): Promise<CustomerNote> {
  const row = await tdb.profile.addNote(customerId, { ...input, authorAgentId: actorId }, now);
  await audit(tdb, actorId, customerId, 'note.added', { after: { note: row.id, title: row.title, category: row.category, body: row.body } }, now);
  return row;
}

export async function updateNote(tdb: TenantDb, customerId: string, id: string, input: NoteInput, actorId: string, now: Date): Promise<string[]> {
  const existing = await customerNote(tdb, customerId, id);
  const changes = diff(noteKeys, existing, input);
  if (changes.length === 0) return [];
  await tdb.profile.updateNote(customerId, id, input, now);
  for (const c of changes) await audit(tdb, actorId, customerId, 'note.updated', { before: { note: id, [c.key]: c.before }, after: { note: id, [c.key]: c.after } }, now);
  return changes.map((c) => c.key);
}

export async function removeNote(tdb: TenantDb, customerId: string, id: string, actorId: string, now: Date): Promise<CustomerNote> {
  const existing = await customerNote(tdb, customerId, id);
  await tdb.profile.removeNote(customerId, id);
  await audit(tdb, actorId, customerId, 'note.removed', { before: { note: id, title: existing.title, category: existing.category, body: existing.body } }, now);
  return existing;
}

// ---------------------------------------------------------------------------------------------
// Documents

/** One of this customer's documents, or not found (another customer's or tenant's id included). */
export async function customerDocument(tdb: TenantDb, customerId: string, id: string): Promise<DocumentRow> {
  const doc = await tdb.documents.find(id);
  if (!doc || doc.customerId !== customerId) throw new ServiceError('not_found', 'There is no such document for this customer.');
  return doc;
}

export interface StaffUpload {
  customerId: string;
  /** One of the customer's accounts, or none (the document is about the customer). */
  account: Account | null;
  category: string;
  name: string;
  description: string;
  fileName: string;
  bytes: Uint8Array;
  sharedWithBorrower: boolean;
}

const SHARE_NEEDS_ACCOUNT = 'Borrowers see documents on an account’s page: choose an account to share it on, or leave it unshared.';

/**
 * A staff upload, through the same checks as the borrower's (size, and the real type found in
 * the content). Throws ServiceError('invalid') with the reason when the file is refused.
 */
export async function uploadCustomerDocument(tdb: TenantDb, files: FileStore, input: StaffUpload, limits: { maxBytes: number }, actorId: string, now: Date): Promise<DocumentRow> {
  if (input.sharedWithBorrower && !input.account) throw new ServiceError('invalid', SHARE_NEEDS_ACCOUNT);
  const doc = await storeDocument(
    tdb, files,
    { customerId: input.customerId, accountId: input.account?.id ?? null, category: input.category, name: input.name, description: input.description, fileName: input.fileName, bytes: input.bytes, uploadedBy: { type: 'agent', id: actorId }, sharedWithBorrower: input.sharedWithBorrower },
    limits, now,
  );
  await audit(tdb, actorId, input.customerId, 'document.uploaded', {
    after: { document: doc.id, name: doc.name, category: doc.category, account: input.account?.displayId ?? null, fileName: doc.fileName, contentType: doc.contentType, size: doc.size, sharedWithBorrower: doc.sharedWithBorrower },
  }, now);
  return doc;
}

export interface DocumentEdit {
  name: string;
  category: string;
  description: string;
  sharedWithBorrower: boolean;
}

const documentKeys = ['name', 'category', 'description', 'sharedWithBorrower'] as const;

export const inactiveRefusal = (doc: DocumentRow) => `“${doc.name}” is inactive, so it cannot be edited. Make it active again first; it can still be downloaded.`;

/** Edits a document's description and sharing; inactive documents are refused (conflict) until made active again. */
export async function updateCustomerDocument(tdb: TenantDb, customerId: string, id: string, input: DocumentEdit, actorId: string, now: Date): Promise<{ ok: true; changed: string[] } | { ok: false; errors: Record<string, string> }> {
  const doc = await customerDocument(tdb, customerId, id);
  if (!doc.active) throw new ServiceError('conflict', inactiveRefusal(doc));
  if (input.sharedWithBorrower && !doc.accountId) return { ok: false, errors: { sharedWithBorrower: 'Borrowers see documents on an account’s page, and this one is on no account, so it cannot be shared.' } };
  const changes = diff(documentKeys, doc, input);
  if (changes.length === 0) return { ok: true, changed: [] };
  await tdb.documents.update(id, input, now);
  for (const c of changes) await audit(tdb, actorId, customerId, 'document.updated', { before: { document: id, [c.key]: c.before }, after: { document: id, [c.key]: c.after } }, now);
  return { ok: true, changed: changes.map((c) => c.key) };
}

/** Makes a document active or inactive; false when it already was. */
export async function setDocumentActive(tdb: TenantDb, customerId: string, id: string, active: boolean, actorId: string, now: Date): Promise<{ doc: DocumentRow; changed: boolean }> {
  const doc = await customerDocument(tdb, customerId, id);
  if (doc.active === active) return { doc, changed: false };
  await tdb.documents.update(id, { active }, now);
  await audit(tdb, actorId, customerId, active ? 'document.activated' : 'document.deactivated', { before: { document: id, name: doc.name, active: doc.active }, after: { document: id, name: doc.name, active } }, now);
  return { doc: { ...doc, active }, changed: true };
}

// ---------------------------------------------------------------------------------------------
// Payment profiles

export interface PaymentProfile {
  method: PaymentMethodRow;
  label: string;
  /** Active or paused AutoPays paying with it, with the account's display id. */
  autopays: { autopay: AutopayRow; account: string }[];
  /** Payments still to run with it. */
  waiting: PaymentRow[];
}

/** The customer's saved methods (default first), with what uses each. */
export async function paymentProfiles(tdb: TenantDb, customerId: string): Promise<PaymentProfile[]> {
  const [methods, links] = await Promise.all([tdb.paymentMethods.forCustomer(customerId), tdb.accounts.forCustomer(customerId)]);
  const displayIds = new Map(links.map((l) => [l.account.id, l.account.displayId]));
  const displayIdOf = async (accountId: string) => displayIds.get(accountId) ?? (await tdb.accounts.find(accountId))?.displayId ?? '—';
  return Promise.all(
    methods.map(async (method) => {
      const { autopays, waiting } = await removalBlockers(tdb, method.id);
      return { method, label: methodLabel(method), autopays: await Promise.all(autopays.map(async (autopay) => ({ autopay, account: await displayIdOf(autopay.accountId) }))), waiting };
    }),
  );
}

/** A staff removal of a saved method, refused (conflict, with the reason) while an AutoPay or a waiting payment uses it. */
export async function removeCustomerPaymentMethod(tdb: TenantDb, customerId: string, methodId: string, actorId: string, now: Date): Promise<PaymentMethodRow> {
  const method = await tdb.paymentMethods.find(methodId);
  if (!method || method.customerId !== customerId || method.removedAt) throw new ServiceError('not_found', 'There is no such payment method for this customer.');
  const label = methodLabel(method);
  const refusal = await methodRemovalRefusal(tdb, method);
  if (refusal) throw new ServiceError('conflict', refusal);
  await tdb.paymentMethods.remove(method.id, now);
  await audit(tdb, actorId, customerId, 'payment-method.removed', { before: { method: method.id, kind: method.kind, label, holderName: method.holderName, isDefault: method.isDefault } }, now);
  return method;
}

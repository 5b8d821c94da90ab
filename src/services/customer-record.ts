import type { Customer, CustomerAddress, CustomerPhone, CustomField, CustomerType, Gender, TaxIdKind } from '../db/schema';
import { customerTypes, genders, phoneTypes } from '../domain/record-choices';
import type { RecordColumns } from '../db/repositories/customer-record';
import type { TenantDb } from '../db/tenant';
import { hashPassword } from '../auth/passwords';
import { passwordProblem } from '../auth/password-policy';
import { readCustomFields } from '../domain/custom-fields';
import {
  birthDateProblem, defaultUsername, issuerProblem, licenceProblem, normalizeLicence, primaryFixes, readPostalAddress, usernameProblem, type PostalAddress,
} from '../domain/customer-record';
import { normalizeTaxId, taxIdProblem, taxKindLabels, taxKindsFor } from '../domain/tax-id';
import { checkUpload } from '../domain/file-type';
import { emailAddressProblem, normalizeEmailAddress } from '../domain/email-address';
import { caseName } from '../domain/names';
import { toE164 } from '../domain/phone';
import type { FileStore } from '../files';
import { toHex } from '../lib/hash';
import { decryptString, encryptString, keyedHash, type DataKeys } from '../lib/secrets';
import { setCustomerSsn } from './cards';
import { ServiceError } from './errors';

/**
 * The staff edit of a customer's record, section by section (general, phones, addresses, web
 * access, photo, custom fields). Each section validates everything it was given and either writes
 * nothing (returning a message per form field) or writes the changes with one audit row per
 * changed field, before and after. Secrets (tax id, licence, password) are never in an audit row:
 * only their last four, or "changed".
 */

export type Problems = Record<string, string>;
export type Outcome = { ok: true; changed: string[] } | { ok: false; errors: Problems };

export interface Actor {
  actorId: string;
  now: Date;
}

type Row = Record<string, unknown>;

async function audit(tdb: TenantDb, who: Actor, customerId: string, action: string, before: Row | null, after: Row | null): Promise<void> {
  await tdb.audit.record({ actorType: 'agent', actorId: who.actorId, action, entityType: 'customer', entityId: customerId, before, after }, who.now);
}

/** Two saves racing for one username: the database's unique index refuses the second (drizzle wraps the driver's error). */
const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && (/UNIQUE constraint failed/i.test(error.message) || (error.cause !== undefined && isUniqueViolation(error.cause)));

const usernameTaken = (username: string) => `“${username}” is already another customer’s username: enter a different one.`;

/** True when another customer of this tenant signs in with this username. */
async function takenByAnother(tdb: TenantDb, username: string, customerId: string | null): Promise<boolean> {
  const other = await tdb.customers.findByUsername(username);
  return !!other && other.id !== customerId;
}

const taxIdContext = (tenantId: string, customerId: string) => `${tenantId}:customer:${customerId}:tax_id`;
const licenceContext = (tenantId: string, customerId: string) => `${tenantId}:customer:${customerId}:drivers_license`;

/**
 * Stores a tax id encrypted, with a keyed hash (prefixed by its kind, so an SSN and an EIN with the
 * same digits never match) and its last four. SSNs go through the one SSN helper (cards.ts).
 */
async function storeTaxId(tdb: TenantDb, keys: DataKeys, customerId: string, kind: TaxIdKind, value: string, now: Date): Promise<string> {
  const digits = normalizeTaxId(value);
  if (kind === 'ssn') await setCustomerSsn(tdb, keys, customerId, digits, now);
  else await tdb.customers.setTaxId(customerId, { encrypted: await encryptString(keys, digits, taxIdContext(tdb.tenantId, customerId)), hash: await keyedHash(keys, `${kind}:${digits}`), last4: digits.slice(-4) }, now);
  return digits.slice(-4);
}

// ---------------------------------------------------------------------------------------------
// General information

export interface GeneralInput {
  customerType: string;
  companyName: string;
  contactName: string;
  taxIdKind: string;
  /** Write-only: empty keeps the number on file. */
  taxId: string;
  removeTaxId: boolean;
  firstName: string;
  middleName: string;
  lastName: string;
  doNotCaseFormat: boolean;
  generationCode: string;
  email: string;
  /** Write-only: empty keeps the number on file. */
  driversLicense: string;
  driversLicenseState: string;
  removeDriversLicense: boolean;
  dateOfBirth: string;
  gender: string;
  status: string;
  doNotSell: boolean;
}

/** The general section's form values for a customer (secrets are never put back in a form). */
export function generalValues(c: Customer): Record<string, string> {
  return {
    customerType: c.customerType, companyName: c.companyName ?? '', contactName: c.contactName ?? '', taxIdKind: c.taxIdKind, taxId: '',
    firstName: c.firstName, middleName: c.middleName ?? '', lastName: c.lastName, doNotCaseFormat: c.doNotCaseFormat ? 'on' : '', generationCode: c.generationCode ?? '',
    email: c.email ?? '', driversLicense: '', driversLicenseState: c.driversLicenseState ?? '', dateOfBirth: c.dateOfBirth ?? '', gender: c.gender ?? '', status: c.status, doNotSell: c.doNotSell ? 'on' : '',
  };
}

/** The statuses a customer may be given: the tenant's list, plus the one they have (if the list dropped it). */
export const statusChoices = (statuses: string[], current: string) => (statuses.includes(current) ? statuses : [...statuses, current]);

export async function saveGeneral(tdb: TenantDb, keys: DataKeys, customer: Customer, input: GeneralInput, ctx: Actor & { today: string; statuses: string[] }): Promise<Outcome> {
  const errors: Problems = {};
  const type = customerTypes.find((t) => t === input.customerType);
  if (!type) errors.customerType = 'Choose individual, company or flooring.';
  const customerType: CustomerType = type ?? customer.customerType;
  const person = customerType === 'individual';
  const kinds = taxKindsFor(customerType);
  const taxIdKind = kinds.find((k) => k === input.taxIdKind);
  if (!taxIdKind) errors.taxIdKind = person ? 'Choose SSN or SIN for a person.' : 'Choose EIN or SSN for a company.';
  const name = (v: string) => (input.doNotCaseFormat ? v.trim().replace(/\s+/g, ' ') : caseName(v));
  const next = {
    customerType,
    companyName: person ? null : input.companyName.trim() || null,
    contactName: person ? null : input.contactName.trim() || null,
    taxIdKind: (taxIdKind ?? customer.taxIdKind) as TaxIdKind,
    firstName: name(input.firstName),
    middleName: name(input.middleName) || null,
    lastName: name(input.lastName),
    doNotCaseFormat: input.doNotCaseFormat,
    generationCode: input.generationCode.trim() || null,
    email: normalizeEmailAddress(input.email) || null,
    driversLicenseState: input.driversLicenseState.trim().toUpperCase() || null,
    dateOfBirth: input.dateOfBirth.trim() || null,
    gender: (genders.find((g) => g === input.gender) ?? null) as Gender | null,
    status: input.status.trim(),
    doNotSell: input.doNotSell,
  };
  if (person) {
    if (!next.firstName) errors.firstName = 'Enter the first name.';
    if (!next.lastName) errors.lastName = 'Enter the last name.';
  } else if (!next.companyName) errors.companyName = 'Enter the company name.';
  for (const [field, max] of [['companyName', 120], ['contactName', 120], ['firstName', 60], ['middleName', 60], ['lastName', 80]] as const) {
    if ((next[field] ?? '').length > max) errors[field] = `Use at most ${max} characters.`;
  }
  const emailProblem = next.email ? emailAddressProblem(next.email) : null;
  if (emailProblem) errors.email = `${emailProblem} Or leave it empty.`;
  else if (next.email && next.email !== customer.email && (await takenByAnother(tdb, next.email, customer.id))) errors.email = 'Another customer signs in with this email.';
  if (input.gender !== '' && !next.gender) errors.gender = 'Choose male, female, other or N/A.';
  if (!statusChoices(ctx.statuses, customer.status).includes(next.status)) errors.status = 'Choose a status from the list.';
  if (next.dateOfBirth) {
    const problem = birthDateProblem(next.dateOfBirth, ctx.today);
    if (problem) errors.dateOfBirth = problem;
  }
  if (next.generationCode && next.generationCode.length > 10) errors.generationCode = 'Use at most 10 characters, such as Jr., Sr. or III.';

  // The tax id is write-only: a number typed replaces the one on file, which must suit its kind.
  const typedTaxId = input.taxId.trim();
  if (typedTaxId) {
    const problem = taxIdProblem(next.taxIdKind, typedTaxId);
    if (problem) errors.taxId = problem;
  } else if (!input.removeTaxId && customer.taxIdLast4 && next.taxIdKind !== customer.taxIdKind) {
    errors.taxId = `Enter the ${taxKindLabels[next.taxIdKind]}: the number on file is an ${taxKindLabels[customer.taxIdKind]}.`;
  }

  // The licence likewise; a licence needs the state or province that issued it.
  const typedLicence = input.driversLicense.trim();
  if (typedLicence) {
    const problem = licenceProblem(typedLicence);
    if (problem) errors.driversLicense = problem;
  }
  const hasLicence = typedLicence !== '' || (!!customer.driversLicenseLast4 && !input.removeDriversLicense);
  if (hasLicence) {
    const problem = next.driversLicenseState ? issuerProblem(next.driversLicenseState) : 'Enter the state or province that issued the licence.';
    if (problem) errors.driversLicenseState = problem;
  } else next.driversLicenseState = null;

  // The web username follows the email while it was the email (or unset), as at sign-up.
  const followsEmail = next.email !== null && next.email !== customer.email && (!customer.webUsername || customer.webUsername === customer.email);
  if (followsEmail && !errors.email && next.email !== customer.webUsername && (await takenByAnother(tdb, next.email!, customer.id))) errors.email = usernameTaken(next.email!);

  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => (customer[k] ?? null) !== next[k]);
  const values: RecordColumns = Object.fromEntries(changed.map((k) => [k, next[k]]));
  const secretRows: [Row, Row][] = [];
  const was = (label: string, last4: string | null) => (last4 ? `${label} ending ${last4}` : null);

  const licenceContextHere = licenceContext(tdb.tenantId, customer.id);
  if (typedLicence) {
    const licence = normalizeLicence(typedLicence);
    const current = customer.driversLicenseEncrypted ? await decryptString(keys, customer.driversLicenseEncrypted, licenceContextHere).catch(() => null) : null;
    if (current !== licence) {
      Object.assign(values, { driversLicenseEncrypted: await encryptString(keys, licence, licenceContextHere), driversLicenseLast4: licence.slice(-4) });
      secretRows.push([{ driversLicense: was('licence', customer.driversLicenseLast4) }, { driversLicense: `changed: licence ending ${licence.slice(-4)}` }]);
    }
  } else if (input.removeDriversLicense && customer.driversLicenseLast4) {
    Object.assign(values, { driversLicenseEncrypted: null, driversLicenseLast4: null });
    secretRows.push([{ driversLicense: was('licence', customer.driversLicenseLast4) }, { driversLicense: null }]);
  }
  if (!typedTaxId && input.removeTaxId && customer.taxIdLast4) {
    Object.assign(values, { taxIdEncrypted: null, taxIdHash: null, taxIdLast4: null });
    secretRows.push([{ taxId: was(taxKindLabels[customer.taxIdKind], customer.taxIdLast4) }, { taxId: null }]);
  }
  if (followsEmail && next.email !== customer.webUsername) values.webUsername = next.email;

  if (Object.keys(values).length > 0) {
    try {
      await tdb.record.update(customer.id, values, ctx.now);
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: false, errors: { email: 'Another customer signs in with this email.' } };
      throw error;
    }
  }
  // Links already emailed to the old address must not keep working once it is no longer theirs.
  if (values.email !== undefined && customer.email) {
    for (const purpose of ['password-reset', 'set-password', 'email-change'] as const) await tdb.tokens.voidOpen({ type: 'customer', id: customer.id }, purpose, ctx.now);
  }
  if (typedTaxId) {
    const digits = normalizeTaxId(typedTaxId);
    if ((await keyedHash(keys, `${next.taxIdKind}:${digits}`)) !== customer.taxIdHash) {
      const last4 = await storeTaxId(tdb, keys, customer.id, next.taxIdKind, digits, ctx.now);
      secretRows.unshift([{ taxId: was(taxKindLabels[customer.taxIdKind], customer.taxIdLast4) }, { taxId: `changed: ${taxKindLabels[next.taxIdKind]} ending ${last4}` }]);
    }
  }

  for (const field of changed) await audit(tdb, ctx, customer.id, 'customer.updated', { [field]: customer[field] ?? null }, { [field]: next[field] });
  for (const [before, after] of secretRows) await audit(tdb, ctx, customer.id, 'customer.updated', before, after);
  if (values.webUsername !== undefined) await audit(tdb, ctx, customer.id, 'web-access.username-changed', { webUsername: customer.webUsername }, { webUsername: values.webUsername });
  return { ok: true, changed: [...changed, ...secretRows.map(([b, a]) => Object.keys(a ?? b)[0]!)] };
}

// ---------------------------------------------------------------------------------------------
// Phones

export interface PhoneInput {
  type: string;
  number: string;
  isPrimary: boolean;
  doNotCall: boolean;
}

export const phoneFormValues = (p: CustomerPhone) => ({ type: p.type, number: p.number, isPrimary: p.isPrimary ? 'on' : '', doNotCall: p.doNotCall ? 'on' : '' });

function readPhone(input: PhoneInput, errors: Problems): { type: CustomerPhone['type']; number: string } | null {
  const type = phoneTypes.find((t) => t === input.type);
  if (!type) errors.type = 'Choose mobile, home, work or other.';
  const number = toE164(input.number);
  if (!number) errors.number = input.number.trim() ? 'Enter a phone number such as (303) 555-0188, or +44 20 7946 0958 with its country code.' : 'Enter the phone number.';
  return type && number ? { type, number } : null;
}

async function settlePrimary(tdb: TenantDb, who: Actor, customerId: string, wanted?: string): Promise<void> {
  const phones = await tdb.customers.phones(customerId);
  for (const fix of primaryFixes(phones, wanted)) {
    const phone = phones.find((p) => p.id === fix.id)!;
    await tdb.record.updatePhone(customerId, fix.id, { isPrimary: fix.isPrimary }, who.now);
    await audit(tdb, who, customerId, 'phone.updated', { phone: phone.number, isPrimary: phone.isPrimary }, { phone: phone.number, isPrimary: fix.isPrimary });
  }
}

/** A new phone; the first one is the primary, and marking one primary makes the others secondary. */
export async function addPhone(tdb: TenantDb, customer: Customer, input: PhoneInput, who: Actor): Promise<Outcome> {
  const errors: Problems = {};
  const read = readPhone(input, errors);
  const phones = await tdb.customers.phones(customer.id);
  if (read && phones.some((p) => p.number === read.number)) errors.number = 'This number is already on the record.';
  if (!read || Object.keys(errors).length > 0) return { ok: false, errors };
  const isPrimary = input.isPrimary || phones.length === 0;
  const added = await tdb.record.addPhone(customer.id, { ...read, isPrimary: false, doNotCall: input.doNotCall }, who.now);
  await audit(tdb, who, customer.id, 'phone.added', null, { phone: read.number, type: read.type, isPrimary, doNotCall: input.doNotCall });
  // Added as secondary and promoted by the one rule, so there is never a moment with two primaries.
  if (isPrimary) {
    for (const p of phones.filter((x) => x.isPrimary)) {
      await tdb.record.updatePhone(customer.id, p.id, { isPrimary: false }, who.now);
      await audit(tdb, who, customer.id, 'phone.updated', { phone: p.number, isPrimary: true }, { phone: p.number, isPrimary: false });
    }
    await tdb.record.updatePhone(customer.id, added.id, { isPrimary: true }, who.now);
  }
  return { ok: true, changed: ['phone'] };
}

/** Changes one phone; the primary can only be handed to another phone (by marking that one primary), never just unticked. */
export async function updatePhone(tdb: TenantDb, customer: Customer, phoneId: string, input: PhoneInput, who: Actor): Promise<Outcome> {
  const phone = await tdb.record.phone(customer.id, phoneId);
  if (!phone) throw new ServiceError('not_found', 'There is no such phone on this record.');
  const errors: Problems = {};
  const read = readPhone(input, errors);
  const phones = await tdb.customers.phones(customer.id);
  if (read && phones.some((p) => p.id !== phone.id && p.number === read.number)) errors.number = 'This number is already on the record.';
  if (phone.isPrimary && !input.isPrimary) errors.isPrimary = 'A customer with phones always has one primary: to change it, mark another phone as primary.';
  if (!read || Object.keys(errors).length > 0) return { ok: false, errors };
  const next = { type: read.type, number: read.number, doNotCall: input.doNotCall };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => phone[k] !== next[k]);
  if (changed.length > 0) await tdb.record.updatePhone(customer.id, phone.id, Object.fromEntries(changed.map((k) => [k, next[k]])), who.now);
  for (const field of changed) {
    const id = field === 'number' ? {} : { phone: phone.number };
    await audit(tdb, who, customer.id, 'phone.updated', { ...id, [field]: phone[field] }, { ...id, [field]: next[field] });
  }
  if (input.isPrimary && !phone.isPrimary) {
    await settlePrimary(tdb, who, customer.id, phone.id);
    changed.push('isPrimary' as never);
  }
  return { ok: true, changed };
}

/** Removes a phone; when it was the primary, the next one (oldest first) becomes primary. */
export async function removePhone(tdb: TenantDb, customer: Customer, phoneId: string, who: Actor): Promise<{ promoted: string | null }> {
  const phone = await tdb.record.phone(customer.id, phoneId);
  if (!phone) throw new ServiceError('not_found', 'There is no such phone on this record.');
  await tdb.record.removePhone(customer.id, phone.id);
  await audit(tdb, who, customer.id, 'phone.removed', { phone: phone.number, type: phone.type, isPrimary: phone.isPrimary, doNotCall: phone.doNotCall }, null);
  if (!phone.isPrimary) return { promoted: null };
  await settlePrimary(tdb, who, customer.id);
  return { promoted: (await tdb.customers.phones(customer.id)).find((p) => p.isPrimary)?.number ?? null };
}

// ---------------------------------------------------------------------------------------------
// Addresses

export const addressFields = ['Line1', 'Line2', 'City', 'State', 'Zip', 'Country'] as const;
type AddressField = (typeof addressFields)[number];
const column = (f: AddressField) => (f.charAt(0).toLowerCase() + f.slice(1)) as 'line1' | 'line2' | 'city' | 'state' | 'zip' | 'country';

/** Form values `<prefix>Line1`… for an address (or empty ones, in the US). */
export function addressValues(prefix: 'primary' | 'mailing', a: CustomerAddress | undefined): Record<string, string> {
  return Object.fromEntries(addressFields.map((f) => [`${prefix}${f}`, a ? a[column(f)] : f === 'Country' ? 'US' : '']));
}

/** The domain reader, with its problems added to the section's. */
function readAddress(prefix: 'primary' | 'mailing', form: Record<string, string | undefined>, errors: Problems): PostalAddress | null | 'invalid' {
  const read = readPostalAddress(form, prefix);
  Object.assign(errors, read.errors);
  return Object.keys(read.errors).length > 0 ? 'invalid' : read.address;
}

async function writeAddress(tdb: TenantDb, who: Actor, customerId: string, kind: 'primary' | 'mailing', current: CustomerAddress | undefined, next: Omit<CustomerAddress, 'tenantId' | 'customerId' | 'kind' | 'createdAt' | 'updatedAt'> | null): Promise<string[]> {
  // An empty line 2 is no line 2.
  const value = (a: typeof next | undefined, f: AddressField) => (a?.[column(f)] || null);
  const changed = addressFields.filter((f) => value(current, f) !== value(next, f));
  if (changed.length === 0) return [];
  if (next) await tdb.profile.saveAddress(customerId, kind, next, who.now);
  else await tdb.profile.removeAddress(customerId, kind);
  for (const f of changed) await audit(tdb, who, customerId, 'address.updated', { [`${kind}${f}`]: value(current, f) }, { [`${kind}${f}`]: value(next, f) });
  return changed.map((f) => `${kind}${f}`);
}

/** The primary address: all empty removes it. */
export async function savePrimaryAddress(tdb: TenantDb, customer: Customer, form: Record<string, string | undefined>, who: Actor): Promise<Outcome> {
  const errors: Problems = {};
  const next = readAddress('primary', form, errors);
  if (next === 'invalid') return { ok: false, errors };
  const current = (await tdb.profile.addresses(customer.id)).find((a) => a.kind === 'primary');
  return { ok: true, changed: await writeAddress(tdb, who, customer.id, 'primary', current, next) };
}

/** The mailing address, or "use the primary address" (which removes a mailing address kept before). */
export async function saveMailing(tdb: TenantDb, customer: Customer, form: Record<string, string | undefined>, who: Actor): Promise<Outcome> {
  const errors: Problems = {};
  const same = form.mailingSameAsPrimary === 'on';
  const read = same ? null : readAddress('mailing', form, errors);
  if (read === 'invalid') return { ok: false, errors };
  if (!same && read === null) return { ok: false, errors: { mailingLine1: 'Enter the mailing address, or tick “Use primary address as mailing address”.' } };
  const current = (await tdb.profile.addresses(customer.id)).find((a) => a.kind === 'mailing');
  const changed: string[] = [];
  if (customer.mailingSameAsPrimary !== same) {
    await tdb.record.update(customer.id, { mailingSameAsPrimary: same }, who.now);
    await audit(tdb, who, customer.id, 'address.updated', { mailingSameAsPrimary: customer.mailingSameAsPrimary }, { mailingSameAsPrimary: same });
    changed.push('mailingSameAsPrimary');
  }
  changed.push(...(await writeAddress(tdb, who, customer.id, 'mailing', current, same ? null : read)));
  return { ok: true, changed };
}

// ---------------------------------------------------------------------------------------------
// Web access

/** The username the form suggests: the one on file, else the email, else first and last name. */
export const suggestedUsername = (c: Customer) => c.webUsername ?? defaultUsername(c.email, c.firstName, c.lastName);

/** The username (empty means the default) and, when typed, a new password under the sign-up rules. */
export async function saveWebAccess(tdb: TenantDb, customer: Customer, input: { username: string; password: string }, who: Actor): Promise<Outcome> {
  const errors: Problems = {};
  const username = (input.username.trim() || defaultUsername(customer.email, customer.firstName, customer.lastName)).toLowerCase();
  const problem = usernameProblem(username);
  if (problem) errors.username = problem;
  else if (username !== customer.webUsername && (await takenByAnother(tdb, username, customer.id))) errors.username = usernameTaken(username);
  if (input.password !== '') {
    const weak = passwordProblem(input.password, customer.email);
    if (weak) errors.password = weak;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const changed: string[] = [];
  if (username !== customer.webUsername) {
    try {
      await tdb.record.update(customer.id, { webUsername: username }, who.now);
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: false, errors: { username: usernameTaken(username) } };
      throw error;
    }
    await audit(tdb, who, customer.id, 'web-access.username-changed', { webUsername: customer.webUsername }, { webUsername: username });
    changed.push('username');
  }
  if (input.password !== '') {
    await tdb.record.update(customer.id, { passwordHash: await hashPassword(input.password) }, who.now);
    // Whoever was signed in with the old password is signed out.
    await tdb.sessions.removeAll({ type: 'customer', id: customer.id });
    await audit(tdb, who, customer.id, 'password.changed', { password: customer.passwordHash ? 'set' : 'not set' }, { password: 'changed' });
    changed.push('password');
  }
  return { ok: true, changed };
}

// ---------------------------------------------------------------------------------------------
// Photo

export const PHOTO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

// Keys are made here, never from the request: the tenant's own prefix and a random name.
const photoKey = (tenantId: string) => `${toHex(new TextEncoder().encode(tenantId))}/customer-photos/${toHex(crypto.getRandomValues(new Uint8Array(16)))}`;

/** A new photo (PNG, JPEG or WebP by its content, at most 2 MB); the old file is deleted. */
export async function savePhoto(tdb: TenantDb, files: FileStore, customer: Customer, file: { name: string; bytes: Uint8Array }, who: Actor): Promise<Outcome> {
  const checked = checkUpload(file.name, file.bytes, MAX_PHOTO_BYTES);
  if (!checked.ok) return { ok: false, errors: { photo: checked.problem } };
  if (!PHOTO_TYPES.has(checked.mime)) return { ok: false, errors: { photo: 'A photo must be a PNG, JPEG or WebP image.' } };
  const key = photoKey(tdb.tenantId);
  await files.put(key, file.bytes, checked.mime);
  await tdb.record.update(customer.id, { photoKey: key, photoContentType: checked.mime }, who.now);
  if (customer.photoKey) await files.delete(customer.photoKey);
  await audit(tdb, who, customer.id, 'customer.photo-changed', { photo: customer.photoContentType ?? null }, { photo: checked.mime });
  return { ok: true, changed: ['photo'] };
}

export async function removePhoto(tdb: TenantDb, files: FileStore, customer: Customer, who: Actor): Promise<void> {
  if (!customer.photoKey) return;
  await tdb.record.update(customer.id, { photoKey: null, photoContentType: null }, who.now);
  await files.delete(customer.photoKey);
  await audit(tdb, who, customer.id, 'customer.photo-removed', { photo: customer.photoContentType }, { photo: null });
}

// ---------------------------------------------------------------------------------------------
// Additional information (the tenant's custom fields for customers)

export async function saveCustomFields(tdb: TenantDb, customer: Customer, fields: CustomField[], form: Record<string, string | undefined>, who: Actor): Promise<Outcome> {
  const { values, errors } = readCustomFields(fields, form);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const stored = customer.customFields ?? {};
  // Values of fields the tenant has since removed are kept: the list may come back.
  const next = { ...stored };
  for (const f of fields) {
    if (values[f.id] === undefined) delete next[f.id];
    else next[f.id] = values[f.id]!;
  }
  const changed = fields.filter((f) => (stored[f.id] ?? null) !== (next[f.id] ?? null));
  if (changed.length === 0) return { ok: true, changed: [] };
  await tdb.record.update(customer.id, { customFields: next }, who.now);
  for (const f of changed) await audit(tdb, who, customer.id, 'customer.custom-field-changed', { [f.label]: stored[f.id] ?? null }, { [f.label]: next[f.id] ?? null });
  return { ok: true, changed: changed.map((f) => f.label) };
}

// ---------------------------------------------------------------------------------------------
// A new customer

export interface NewCustomerInput {
  customerType: string;
  companyName: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  phoneType: string;
  phone: string;
  status: string;
  /** primaryLine1… */
  address: Record<string, string | undefined>;
}

/** Creates a customer from the least an agent knows: a name (or a company's), optionally email, phone and address. */
export async function createCustomer(tdb: TenantDb, input: NewCustomerInput, ctx: Actor & { statuses: string[] }): Promise<{ ok: true; customer: Customer } | { ok: false; errors: Problems }> {
  const errors: Problems = {};
  const type = customerTypes.find((t) => t === input.customerType);
  if (!type) errors.customerType = 'Choose individual, company or flooring.';
  const person = (type ?? 'individual') === 'individual';
  const firstName = caseName(input.firstName);
  const lastName = caseName(input.lastName);
  const companyName = person ? null : input.companyName.trim() || null;
  if (person) {
    if (!firstName) errors.firstName = 'Enter the first name.';
    if (!lastName) errors.lastName = 'Enter the last name.';
  } else if (!companyName) errors.companyName = 'Enter the company name.';
  const email = normalizeEmailAddress(input.email) || null;
  const emailProblem = email ? emailAddressProblem(email) : null;
  if (emailProblem) errors.email = `${emailProblem} Or leave it empty.`;
  const typed = input.username.trim().toLowerCase();
  // A refused email is not offered as the username as well (one message, by the email).
  const username = typed || defaultUsername(emailProblem ? null : email, firstName, lastName) || defaultUsername(null, companyName ?? '', '') || null;
  if (username) {
    const problem = usernameProblem(username);
    if (problem) errors.username = typed ? problem : `${problem} Type a username, or leave web access for later by entering an email.`;
    else if (await takenByAnother(tdb, username, null)) errors.username = usernameTaken(username);
  }
  let phone: { type: CustomerPhone['type']; number: string } | null = null;
  if (input.phone.trim()) {
    const phoneErrors: Problems = {};
    phone = readPhone({ type: input.phoneType, number: input.phone, isPrimary: true, doNotCall: false }, phoneErrors);
    if (phoneErrors.number) errors.phone = phoneErrors.number;
    if (phoneErrors.type) errors.phoneType = phoneErrors.type;
  }
  const address = readAddress('primary', input.address, errors);
  const status = ctx.statuses.includes(input.status) ? input.status : null;
  if (!status) errors.status = 'Choose a status from the list.';
  if (Object.keys(errors).length > 0 || address === 'invalid' || !status) return { ok: false, errors };

  let customer: Customer;
  try {
    customer = await tdb.customers.create({ customerType: type!, companyName, firstName, lastName, email, webUsername: username, status, taxIdKind: person ? 'ssn' : 'ein' }, ctx.now);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { username: usernameTaken(username ?? '') } };
    throw error;
  }
  if (phone) await tdb.record.addPhone(customer.id, { ...phone, isPrimary: true, doNotCall: false }, ctx.now);
  if (address) await tdb.profile.saveAddress(customer.id, 'primary', address, ctx.now);
  await audit(tdb, ctx, customer.id, 'customer.created', null, {
    customerType: customer.customerType, companyName, firstName, lastName, email, webUsername: username, status,
    phone: phone?.number ?? null, primaryAddress: address ? [address.line1, address.line2, address.city, address.state, address.zip].filter(Boolean).join(', ') : null,
  });
  return { ok: true, customer };
}

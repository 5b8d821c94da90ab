import type { Account, Customer, CustomerAccountLink, CustomerPhone } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { excerpt } from '../domain/plain-text';
import type { TaxIdKind } from '../domain/record-choices';
import { staffSafeEmail, staffSafeSms } from '../domain/sensitive-messages';
import { keyedHash, type DataKeys } from '../lib/secrets';
import { changeAccountRole } from './account-servicing';
import { ServiceError } from './errors';

export interface CustomerHit {
  customer: Customer;
  phones: CustomerPhone[];
  accounts: string[];
  /** The primary address's city and state, to tell two people of one name apart. */
  city: string | null;
  state: string | null;
  /** What matched, shown beside the result. */
  matched: 'name or email' | 'phone' | 'account' | 'SSN' | 'SIN' | 'EIN';
}

export interface CustomerSearchResult {
  /** How many customers match in all. */
  total: number;
  /** This page of them, by last name then first name. */
  hits: CustomerHit[];
  page: number;
  pages: number;
  pageSize: number;
}

export const SEARCH_PAGE_SIZE = 20;

/**
 * Which tax ids a query could be, by its shape: nine digits written as an SSN (123-45-6789), an EIN
 * (12-3456789) or a SIN (123 456 789 / 123-456-789); bare nine digits could be any of them.
 */
function taxIdKindsShaped(q: string): [TaxIdKind, 'SSN' | 'SIN' | 'EIN'][] {
  if (/^\d{9}$/.test(q)) return [['ssn', 'SSN'], ['ein', 'EIN'], ['sin', 'SIN']];
  if (/^\d{3}-\d{2}-\d{4}$/.test(q)) return [['ssn', 'SSN']];
  if (/^\d{2}-\d{7}$/.test(q)) return [['ein', 'EIN']];
  if (/^\d{3}[ -]\d{3}[ -]\d{3}$/.test(q)) return [['sin', 'SIN']];
  return [];
}

/**
 * The staff search: by name, company, email, phone (any part of the digits), account number, or a full
 * SSN, SIN or EIN (exact, through its keyed hash: tax ids are never searched in the clear or shown
 * beyond the last four). Counted and paged in the database, sorted by last name then first name.
 */
export async function searchCustomers(tdb: TenantDb, keys: DataKeys, query: string, opts: { page?: number; pageSize?: number } = {}): Promise<CustomerSearchResult> {
  const pageSize = opts.pageSize ?? SEARCH_PAGE_SIZE;
  const q = query.trim();
  if (q.length < 2) return { total: 0, hits: [], page: 1, pages: 1, pageSize };
  const digits = q.replace(/\D/g, '');
  const kinds = taxIdKindsShaped(q);
  const hashes = await Promise.all(kinds.map(async ([kind, label]) => [await keyedHash(keys, `${kind}:${digits}`), label] as const));
  const phoneDigits = digits.length >= 4 && /^[\d\s()+.-]+$/.test(q) ? digits : undefined;
  const criteria = { taxIdHashes: hashes.map(([h]) => h), phoneDigits, displayId: q.toUpperCase(), text: /[a-z@]/i.test(q) ? q : undefined };
  const at = (page: number) => tdb.customers.search(criteria, { limit: pageSize, offset: (page - 1) * pageSize });
  const asked = Math.max(1, opts.page ?? 1);
  let found = await at(asked);
  const pages = Math.max(1, Math.ceil(found.total / pageSize));
  // Past the last page (a stale link): the last page.
  const page = Math.min(asked, pages);
  if (page !== asked) found = await at(page);
  const ids = found.rows.map((r) => r.customer.id);
  const [phones, accounts] = await Promise.all([tdb.customers.phonesByCustomer(ids), tdb.accounts.displayIdsByCustomer(ids)]);
  const byHash = new Map(hashes);
  const hits = found.rows.map(({ customer, city, state }): CustomerHit => {
    const own = phones.get(customer.id) ?? [];
    const numbers = accounts.get(customer.id) ?? [];
    const matched: CustomerHit['matched'] =
      (customer.taxIdHash ? byHash.get(customer.taxIdHash) : undefined) ??
      (phoneDigits && own.some((p) => p.number.replace('+', '').includes(phoneDigits)) ? 'phone' : numbers.includes(criteria.displayId) ? 'account' : 'name or email');
    return { customer, phones: own, accounts: numbers, city, state, matched };
  });
  return { total: found.total, hits, page, pages, pageSize };
}

export type AccessChange = { kind: 'access'; channel: 'emailAccess' | 'webAccess' | 'smsAccess'; on: boolean } | { kind: 'role'; role: CustomerAccountLink['role'] };

/** Changes one link's access switch or role (by staff, or by the customer: a texted STOP), audited with before and after. An account keeps exactly one Primary (account-servicing). */
export async function changeLink(tdb: TenantDb, input: { customerId: string; account: Account; change: AccessChange; actor: { type: 'agent' | 'customer'; id: string } }, now: Date): Promise<void> {
  const links = await tdb.accounts.links(input.account.id);
  const link = links.find((l) => l.customerId === input.customerId);
  if (!link) throw new ServiceError('not_found', 'This customer is not on that account.');
  const c = input.change;
  if (c.kind === 'access') {
    if (link[c.channel] === c.on) return;
    await tdb.accounts.setAccess(input.customerId, input.account.id, { [c.channel]: c.on }, now);
    await tdb.audit.record({ actorType: input.actor.type, actorId: input.actor.id, action: 'link.access-changed', entityType: 'customer', entityId: input.customerId, before: { account: input.account.displayId, [c.channel]: link[c.channel] }, after: { account: input.account.displayId, [c.channel]: c.on } }, now);
    return;
  }
  // Roles are the account's to keep right (exactly one Primary), recorded on the account and the customers.
  await changeAccountRole(tdb, input.account, input.customerId, c.role, input.actor, now);
}

/**
 * A customer's personal data as one JSON document (CCPA / PIPEDA access request): the record,
 * phones, addresses, employer, references, accounts and roles, payment methods and payments,
 * documents, emails sent (subject and the first 500 characters of text), the text-message thread,
 * letters posted (address and tracking) and the change history. The SSN appears as its last four
 * only, bank accounts and cards by their last four: the export is sent to people, not systems.
 * Sign-in links and codes in emails and texts are hidden, as everywhere staff read messages: the
 * file passes through staff hands, and a live link in it would let them sign in as the customer.
 * Staff notes are left out: they are the lender's internal notes about the customer, not data the
 * customer gave or that describes them as a record (the lender decides case by case whether a
 * request reaches them, and reads them on the Notes tab).
 */
export async function exportCustomerData(tdb: TenantDb, customerId: string, now: Date) {
  const customer = await tdb.customers.find(customerId);
  if (!customer) throw new ServiceError('not_found', 'There is no such customer.');
  const [phones, addresses, employer, references, links, methods, emails, texts, mail, history] = await Promise.all([
    tdb.customers.phones(customerId), tdb.profile.addresses(customerId), tdb.profile.employer(customerId), tdb.profile.references(customerId), tdb.accounts.forCustomer(customerId), tdb.paymentMethods.forCustomer(customerId), tdb.emails.forCustomer(customerId), tdb.sms.forCustomer(customerId), tdb.profile.mail(customerId), tdb.audit.history('customer', customerId),
  ]);
  const displayIdOf = async (accountId: string | null) => {
    if (!accountId) return null;
    return links.find((l) => l.account.id === accountId)?.account.displayId ?? (await tdb.accounts.find(accountId))?.displayId ?? null;
  };
  const mailAccounts = await Promise.all(mail.map((m) => displayIdOf(m.accountId)));
  const accountIds = links.map((l) => l.account.id);
  const payments = await tdb.payments.history(customerId, accountIds, {});
  const documents = (await Promise.all(accountIds.map((id) => tdb.documents.forBorrowerAccount(id, customerId)))).flat();
  return {
    exportedAt: now.toISOString(),
    customer: {
      id: customer.id, type: customer.customerType, status: customer.status, companyName: customer.companyName, contactName: customer.contactName, firstName: customer.firstName, middleName: customer.middleName, lastName: customer.lastName, generationCode: customer.generationCode,
      email: customer.email, webUsername: customer.webUsername, ssnLast4: customer.taxIdLast4, taxIdKind: customer.taxIdKind, driversLicenseLast4: customer.driversLicenseLast4, driversLicenseState: customer.driversLicenseState,
      dateOfBirth: customer.dateOfBirth, gender: customer.gender, doNotSell: customer.doNotSell, mailingSameAsPrimary: customer.mailingSameAsPrimary, customFields: customer.customFields, createdAt: customer.createdAt.toISOString(),
    },
    phones: phones.map((p) => ({ type: p.type, number: p.number, primary: p.isPrimary, doNotCall: p.doNotCall })),
    addresses: addresses.map((a) => ({ kind: a.kind, line1: a.line1, line2: a.line2, city: a.city, state: a.state, zip: a.zip, country: a.country })),
    employer: employer
      ? {
          name: employer.name, jobTitle: employer.jobTitle, phone: employer.phone, hireDate: employer.hireDate, income: employer.income, incomeFrequency: employer.incomeFrequency, nextPayDate: employer.nextPayDate, payFrequency: employer.payFrequency,
          address: { line1: employer.line1, line2: employer.line2, city: employer.city, state: employer.state, zip: employer.zip }, customFields: employer.customFields,
        }
      : null,
    references: references.map((r) => ({ name: r.name, relationship: r.relationship, phone: r.phone, altPhone: r.altPhone, address: { line1: r.line1, line2: r.line2, city: r.city, state: r.state, zip: r.zip } })),
    accounts: links.map((l) => ({ account: l.account.displayId, product: l.account.productName, status: l.account.status, role: l.link.role, access: { email: l.link.emailAccess, web: l.link.webAccess, sms: l.link.smsAccess } })),
    paymentMethods: methods.map((m) => ({ kind: m.kind, label: m.kind === 'card' ? `${m.cardBrand ?? 'Card'} ending ${m.last4}` : `${m.accountType ?? 'checking'} account ending ${m.last4}`, holderName: m.holderName, addedAt: m.createdAt.toISOString() })),
    payments: payments.map((p) => ({ reference: p.reference, account: links.find((l) => l.account.id === p.accountId)?.account.displayId, amount: p.amount, fee: p.fee, date: p.scheduledFor, status: p.status, method: p.methodKind })),
    documents: documents.map((d) => ({ name: d.name, category: d.category, fileName: d.fileName, from: d.uploadedByType, addedAt: d.createdAt.toISOString() })),
    emails: emails.map((e) => {
      const safe = staffSafeEmail(e);
      return { sentAt: e.sentAt.toISOString(), template: e.template, to: e.toAddress, subject: safe.subject, excerpt: excerpt(safe.text, 500).text, ...(e.suppressedReason ? { notSent: e.suppressedReason } : {}) };
    }),
    textMessages: texts.map((m) => ({ sentAt: m.sentAt.toISOString(), direction: m.direction, from: m.fromNumber, to: m.toNumber, body: staffSafeSms(m.body).body })),
    mail: mail.map((m, i) => ({ sentAt: m.sentAt.toISOString(), description: m.description, account: mailAccounts[i], address: m.address, status: m.status, tracking: m.tracking })),
    history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, before: h.before, after: h.after })),
  };
}

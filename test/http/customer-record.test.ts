import { createPasswordLink } from '../../src/services/sign-in';
import { secretsOf } from '../../src/env';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { verifyPassword } from '../../src/auth/passwords';
import { auditLog, customerAccounts, tenants, type Customer, type CustomField } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { decryptString, keyedHash } from '../../src/lib/secrets';
import { generalValues } from '../../src/services/customer-record';
import { dataKeysOf } from '../../src/services/data-keys';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

type HistoryRow = { action: string; actor: { type: string; id: string }; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

const customerFields: CustomField[] = [
  { id: 'language', label: 'Preferred language', type: 'list', appliesTo: 'customer', options: ['English', 'Spanish'] },
  { id: 'veteran', label: 'Veteran', type: 'yes-no', appliesTo: 'customer' },
  { id: 'score', label: 'Internal score', type: 'number', appliesTo: 'customer' },
];

// The smallest real PNG (1×1), and a file that only claims to be one.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (ch) => ch.charCodeAt(0));
const PDF = new TextEncoder().encode('%PDF-1.4\n% not a photo\n%%EOF\n');

describe('the customer record (staff): every field, section by section, and new customers', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  let host: NodeTestHost;
  let demo: Demo;
  let client: ReturnType<typeof tenantClient>;
  const sessions = {} as Record<'owner' | 'manager' | 'agent' | 'read_only', string>;
  let alphaSession: string;
  let alphaCustomer: string;

  const tdb = () => env.tdb();
  const fresh = (values: Partial<Customer> = {}) => tdb().customers.create({ firstName: 'Casey', lastName: 'Morgan', email: `casey-${newId().toLowerCase()}@example.com`, ...values }, clock.now());
  const path = (id: string, rest = '') => `/admin/customers/${id}${rest}`;
  const post = (id: string, rest: string, form: Record<string, string>, cookie = sessions.agent) => client(path(id, rest), { cookie, form });
  const html = async (res: Response) => res.text();
  const history = async (id: string): Promise<HistoryRow[]> => {
    const res = await client(path(id, '/history.json?tab=record'), { cookie: sessions.agent });
    expect(res.status).toBe(200);
    return ((await res.json()) as { history: HistoryRow[] }).history;
  };
  const rows = async (id: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.entityId, id)));
  const general = async (id: string, changes: Record<string, string>) => {
    const customer = (await tdb().customers.find(id))!;
    return post(id, '/edit', { ...generalValues(customer), ...changes });
  };
  const upload = (id: string, name: string, bytes: Uint8Array, cookie = sessions.agent) => {
    const form = new FormData();
    form.append('photo', new File([bytes as Uint8Array<ArrayBuffer>], name));
    return client(path(id, '/edit/photo'), { cookie, multipart: form });
  };

  beforeAll(async () => {
    ({ host, demo } = env);
    // The tenant's own customer custom fields; a fresh app, as the tenant directory caches settings.
    await host.db.update(tenants).set({ settings: { ...demo.tenant.settings, customFields: customerFields } }).where(eq(tenants.id, demo.tenant.id));
    client = tenantClient(createApp(host.deps), 'demo');
    for (const role of ['owner', 'manager', 'agent', 'read_only'] as const) sessions[role] = await env.staffSession(role);
    const alpha = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alpha.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'agent' }, clock.now());
    alphaSession = (await startSession(alpha, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    alphaCustomer = (await alpha.customers.create({ firstName: 'Pat', lastName: 'Alpha' }, clock.now())).id;
  });

  it('saves the general section: tax id and licence encrypted (last four shown), one audit row per field, no secret in any row', async () => {
    const customer = await fresh();
    const page = await html(await client(path(customer.id, '/edit'), { cookie: sessions.agent }));
    for (const section of ['General information', 'Contact information', 'Mailing information', 'Web access', 'Photo', 'Additional information']) expect(page).toContain(section);
    expect(page).toContain('src="/js/zip-fill.js"');
    expect(page).toContain('data-zip-fill="primary"');
    expect(page).toContain('data-zip-fill="mailing"');
    expect(page).toContain('id="f-primaryCity"');
    expect(page).toContain('id="f-mailingState"');

    const res = await general(customer.id, { taxIdKind: 'ssn', taxId: '219-09-9999', driversLicense: 'd123-4567', driversLicenseState: 'co', dateOfBirth: '1985-04-23', gender: 'female', generationCode: 'Jr.', status: 'Inactive', doNotSell: 'on', middleName: 'lee' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/customers/${customer.id}/edit?saved=general#general`);
    const saved = (await tdb().customers.find(customer.id))!;
    expect(saved).toMatchObject({ middleName: 'Lee', taxIdKind: 'ssn', taxIdLast4: '9999', driversLicenseLast4: '4567', driversLicenseState: 'CO', dateOfBirth: '1985-04-23', gender: 'female', generationCode: 'Jr.', status: 'Inactive', doNotSell: true });
    const keys = await dataKeysOf(host.deps.config);
    // The same keyed hash the customer search uses, so the new SSN finds the customer.
    expect(saved.taxIdHash).toBe(await keyedHash(keys, 'ssn:219099999'));
    expect(saved.taxIdEncrypted).not.toContain('219');
    expect(await decryptString(keys, saved.driversLicenseEncrypted!, `${demo.tenant.id}:customer:${customer.id}:drivers_license`)).toBe('D1234567');
    const found = await html(await client(`/admin/customers?q=${encodeURIComponent('219-09-9999')}`, { cookie: sessions.agent }));
    expect(found).toContain(path(customer.id));

    const edits = (await history(customer.id)).filter((r) => r.action === 'customer.updated');
    expect(edits.map((r) => Object.keys(r.after!)[0])).toEqual(['middleName', 'generationCode', 'driversLicenseState', 'dateOfBirth', 'gender', 'status', 'doNotSell', 'taxId', 'driversLicense']);
    for (const r of edits) expect(Object.keys(r.before!)).toEqual(Object.keys(r.after!));
    expect(edits.find((r) => 'status' in r.after!)).toMatchObject({ before: { status: 'Active' }, after: { status: 'Inactive' }, actor: { type: 'agent' } });
    expect(edits.find((r) => 'taxId' in r.after!)).toMatchObject({ before: { taxId: null }, after: { taxId: 'changed: SSN ending 9999' } });
    const all = JSON.stringify(await rows(customer.id));
    for (const secret of ['219099999', '219-09-9999', 'D1234567', 'd123-4567', saved.taxIdHash!, saved.taxIdEncrypted!]) expect(all).not.toContain(secret);

    // The summary shows every field, secrets by their last four.
    const summary = await html(await client(path(customer.id), { cookie: sessions.agent }));
    for (const text of ['Individual', 'Inactive', '•••-••-9999', 'Ending 4567, CO', 'Apr 23, 1985', 'Female', 'Jr.', 'Do not sell or transfer (CCPA request)', 'Casey Lee Morgan']) expect(summary).toContain(text);
    expect(summary).not.toContain('219-09-9999');
    expect(summary).toContain('No photo of Casey Lee Morgan Jr.; initials CM');

    // Saving the same values again (secrets left empty) changes and records nothing.
    const before = (await rows(customer.id)).length;
    expect((await general(customer.id, {})).status).toBe(303);
    expect((await rows(customer.id)).length).toBe(before);
    // The edit page shows the record's history, newest first, with its JSON download.
    const edit = await html(await client(path(customer.id, '/edit?saved=general'), { cookie: sessions.agent }));
    expect(edit).toContain('General information saved.');
    expect(edit).toContain('history.json?tab=record');
    expect(edit).toContain('<span class="change-label">Status:</span> Inactive');
    const kept = (await tdb().customers.find(customer.id))!;
    expect([kept.taxIdHash, kept.driversLicenseEncrypted]).toEqual([saved.taxIdHash, saved.driversLicenseEncrypted]);
  });

  it('refuses bad general input with a message per field, keeping what was typed (secrets excepted)', async () => {
    const customer = await fresh();
    const res = await general(customer.id, { firstName: '', taxId: '666-12-3456', dateOfBirth: '2026-12-01', driversLicense: 'AB', driversLicenseState: 'ZZ', gender: 'robot', email: 'not-an-email', generationCode: 'The Eleventh', status: 'Nope', middleName: 'Kept Value' });
    expect(res.status).toBe(422);
    const page = await html(res);
    for (const message of ['Enter the first name.', 'That is not a valid Social Security number.', 'The date of birth cannot be in the future.', 'Enter the licence number: 4 to 20 letters and digits.', 'Enter the two-letter code of the state or province that issued it.', 'Choose male, female, other or N/A.', 'Enter an email address such as', 'Use at most 10 characters', 'Choose a status from the list.']) {
      expect(page).toContain(message);
    }
    expect(page).toContain('value="Kept Value"');
    expect(page).toContain('value="not-an-email"');
    expect(page).toContain('value="2026-12-01"');
    expect(page).toContain('aria-describedby="f-firstName-error"');
    expect(page).not.toContain('666-12-3456');
    expect((await rows(customer.id)).length).toBe(0);
    // Too young, too old, not a date.
    const young = await html(await general(customer.id, { dateOfBirth: '2011-01-01' }));
    expect(young).toContain('at least 16 years old');
    expect(await html(await general(customer.id, { dateOfBirth: '1900-01-01' }))).toContain('more than 120 years ago');
    expect(await html(await general(customer.id, { dateOfBirth: '1985-02-30' }))).toContain('Enter the date of birth as a date');
    // A SIN must pass its check digit.
    expect(await html(await general(customer.id, { taxIdKind: 'sin', taxId: '130 692 545' }))).toContain('That is not a valid Social Insurance Number.');
    expect((await general(customer.id, { taxIdKind: 'sin', taxId: '130 692 544' })).status).toBe(303);
    expect((await tdb().customers.find(customer.id))!).toMatchObject({ taxIdKind: 'sin', taxIdLast4: '2544' });
  });

  it('voids password links already emailed when staff change the email', async () => {
    const customer = await fresh();
    const token = await createPasswordLink(tdb(), secretsOf(host.deps.config).tokenSecret, { type: 'customer', id: customer.id }, 'password-reset', clock.now(), 60);
    expect((await client(`/reset?token=${encodeURIComponent(token)}`)).status).toBe(200);
    expect((await general(customer.id, { email: `moved-${newId().toLowerCase()}@example.com` })).status).toBe(303);
    expect((await client(`/reset?token=${encodeURIComponent(token)}`)).status).toBe(410);
  });

  it('turns a customer into a company with an EIN; the kind of number must suit the type', async () => {
    const customer = await fresh();
    expect((await general(customer.id, { taxId: '219-09-9999' })).status).toBe(303);
    const noName = await general(customer.id, { customerType: 'company', taxIdKind: 'ein' });
    expect(noName.status).toBe(422);
    const noNameHtml = await html(noName);
    expect(noNameHtml).toContain('Enter the company name.');
    // An EIN is asked for when the number on file is an SSN.
    expect(noNameHtml).toContain('Enter the EIN: the number on file is an SSN.');
    expect(await html(await general(customer.id, { customerType: 'company', companyName: 'Morgan Freight LLC', taxIdKind: 'sin' }))).toContain('Choose EIN or SSN for a company.');
    const ok = await general(customer.id, { customerType: 'company', companyName: 'Morgan Freight LLC', contactName: 'Casey Morgan', taxIdKind: 'ein', taxId: '12-3456789' });
    expect(ok.status).toBe(303);
    const saved = (await tdb().customers.find(customer.id))!;
    expect(saved).toMatchObject({ customerType: 'company', companyName: 'Morgan Freight LLC', contactName: 'Casey Morgan', taxIdKind: 'ein', taxIdLast4: '6789' });
    expect(saved.taxIdHash).toBe(await keyedHash(await dataKeysOf(host.deps.config), 'ein:123456789'));
    const summary = await html(await client(path(customer.id), { cookie: sessions.agent }));
    expect(summary).toContain('Morgan Freight LLC');
    expect(summary).toContain('••-•••6789');
    expect(summary).toContain('Company');
    const edits = (await history(customer.id)).filter((r) => r.action === 'customer.updated');
    expect(edits.find((r) => 'taxIdKind' in r.after!)).toMatchObject({ before: { taxIdKind: 'ssn' }, after: { taxIdKind: 'ein' } });
    expect(edits.at(-1)).toMatchObject({ before: { taxId: 'SSN ending 9999' }, after: { taxId: 'changed: EIN ending 6789' } });
    // The customer search finds the company by its full EIN, written as an EIN or as bare digits, and not by a part of it.
    for (const q of ['12-3456789', '123456789']) {
      const found = await html(await client(`/admin/customers?q=${encodeURIComponent(q)}`, { cookie: sessions.agent }));
      expect(found, q).toContain(`/admin/customers/${customer.id}`);
      expect(found, q).toContain('<td data-label="Matched on">EIN</td>');
    }
    expect(await html(await client('/admin/customers?q=3456789', { cookie: sessions.agent }))).not.toContain(`/admin/customers/${customer.id}`);
    // The old SSN no longer finds it.
    expect(await html(await client('/admin/customers?q=219-09-9999', { cookie: sessions.agent }))).not.toContain(`/admin/customers/${customer.id}`);
  });

  it('keeps exactly one primary phone: the first is primary, a new primary demotes the old, the primary cannot just be unticked, removing it promotes the next', async () => {
    const customer = await fresh();
    expect((await post(customer.id, '/edit/phones', { type: 'home', number: '(720) 555-0101' })).status).toBe(303);
    let phones = await tdb().customers.phones(customer.id);
    expect(phones.map((p) => [p.number, p.isPrimary])).toEqual([['+17205550101', true]]);
    expect((await post(customer.id, '/edit/phones', { type: 'mobile', number: '720-555-0102', isPrimary: 'on', doNotCall: 'on' })).status).toBe(303);
    phones = await tdb().customers.phones(customer.id);
    expect(phones.map((p) => [p.number, p.isPrimary, p.doNotCall])).toEqual([['+17205550102', true, true], ['+17205550101', false, false]]);
    const [mobile, home] = phones as [(typeof phones)[0], (typeof phones)[0]];

    // Bad input: the number, a duplicate, unticking the primary.
    const bad = await post(customer.id, '/edit/phones', { type: 'pager', number: '555' });
    expect(bad.status).toBe(422);
    const badHtml = await html(bad);
    expect(badHtml).toContain('Enter a phone number such as');
    expect(badHtml).toContain('Choose mobile, home, work or other.');
    expect(badHtml).toContain('value="555"');
    expect(await html(await post(customer.id, '/edit/phones', { type: 'work', number: '7205550101' }))).toContain('This number is already on the record.');
    const untick = await post(customer.id, `/edit/phones/${mobile.id}`, { type: 'mobile', number: '720-555-0102', doNotCall: 'on' });
    expect(untick.status).toBe(422);
    expect(await html(untick)).toContain('always has one primary');

    // Editing the home phone: a new number, do-not-call, and made primary.
    expect((await post(customer.id, `/edit/phones/${home.id}`, { type: 'work', number: '720-555-0199', isPrimary: 'on', doNotCall: 'on' })).status).toBe(303);
    phones = await tdb().customers.phones(customer.id);
    expect(phones.filter((p) => p.isPrimary).map((p) => p.number)).toEqual(['+17205550199']);
    // Removing the primary hands it to the other phone.
    expect((await post(customer.id, `/edit/phones/${home.id}/remove`, {})).status).toBe(303);
    phones = await tdb().customers.phones(customer.id);
    expect(phones.map((p) => [p.number, p.isPrimary])).toEqual([['+17205550102', true]]);

    const log = (await history(customer.id)).filter((r) => r.action.startsWith('phone.'));
    expect(log.map((r) => r.action)).toEqual(['phone.added', 'phone.added', 'phone.updated', 'phone.updated', 'phone.updated', 'phone.updated', 'phone.updated', 'phone.updated', 'phone.removed', 'phone.updated']);
    expect(log[2]).toMatchObject({ before: { phone: '+17205550101', isPrimary: true }, after: { phone: '+17205550101', isPrimary: false } });
    expect(log.slice(3, 6).map((r) => [r.before, r.after])).toEqual([
      [{ phone: '+17205550101', type: 'home' }, { phone: '+17205550101', type: 'work' }],
      [{ number: '+17205550101' }, { number: '+17205550199' }],
      [{ phone: '+17205550101', doNotCall: false }, { phone: '+17205550101', doNotCall: true }],
    ]);
    expect(log.at(-1)).toMatchObject({ before: { phone: '+17205550102', isPrimary: false }, after: { phone: '+17205550102', isPrimary: true } });

    // Another customer's phone is not this customer's: 404.
    const other = await fresh();
    expect((await post(other.id, `/edit/phones/${mobile.id}`, { type: 'mobile', number: '720-555-0102', isPrimary: 'on' })).status).toBe(404);
    expect((await post(other.id, `/edit/phones/${mobile.id}/remove`, {})).status).toBe(404);
    expect((await tdb().customers.phones(customer.id)).length).toBe(1);
  });

  it('saves the primary and mailing addresses with ZIP and state checks, one audit row per field', async () => {
    const customer = await fresh();
    const bad = await post(customer.id, '/edit/address', { primaryLine1: '1 Main St', primaryCity: 'Denver', primaryState: 'XX', primaryZip: '8020', primaryCountry: 'US' });
    expect(bad.status).toBe(422);
    const badHtml = await html(bad);
    expect(badHtml).toContain('Enter the ZIP code: five digits, or ZIP+4');
    expect(badHtml).toContain('Enter the two-letter state code');
    expect(badHtml).toContain('value="8020"');
    expect(badHtml).toContain('value="1 Main St"');
    expect((await post(customer.id, '/edit/address', { primaryLine1: '1 Main St', primaryLine2: '', primaryCity: 'Denver', primaryState: 'co', primaryZip: '802021234', primaryCountry: 'US' })).status).toBe(303);
    expect((await tdb().profile.addresses(customer.id)).find((a) => a.kind === 'primary')).toMatchObject({ line1: '1 Main St', city: 'Denver', state: 'CO', zip: '80202-1234', country: 'US' });
    let log = (await history(customer.id)).filter((r) => r.action === 'address.updated');
    expect(log.map((r) => [r.before, r.after])).toEqual([
      [{ primaryLine1: null }, { primaryLine1: '1 Main St' }],
      [{ primaryCity: null }, { primaryCity: 'Denver' }],
      [{ primaryState: null }, { primaryState: 'CO' }],
      [{ primaryZip: null }, { primaryZip: '80202-1234' }],
      [{ primaryCountry: null }, { primaryCountry: 'US' }],
    ]);
    // A Canadian address takes a postal code and a province.
    expect(await html(await post(customer.id, '/edit/address', { primaryLine1: '1 Rue Main', primaryCity: 'Ottawa', primaryState: 'CO', primaryZip: '80202', primaryCountry: 'CA' }))).toContain('Enter the postal code, such as K1A 0B1.');
    expect((await post(customer.id, '/edit/address', { primaryLine1: '1 Rue Main', primaryCity: 'Ottawa', primaryState: 'on', primaryZip: 'k1a0b1', primaryCountry: 'CA' })).status).toBe(303);
    expect((await tdb().profile.addresses(customer.id)).find((a) => a.kind === 'primary')).toMatchObject({ state: 'ON', zip: 'K1A 0B1', country: 'CA' });

    // Mailing: not the primary, so an address is needed.
    const noMailing = await post(customer.id, '/edit/mailing', {});
    expect(noMailing.status).toBe(422);
    expect(await html(noMailing)).toContain('Enter the mailing address, or tick');
    expect((await post(customer.id, '/edit/mailing', { mailingLine1: 'PO Box 9', mailingCity: 'Boulder', mailingState: 'CO', mailingZip: '80301', mailingCountry: 'US' })).status).toBe(303);
    expect((await tdb().customers.find(customer.id))!.mailingSameAsPrimary).toBe(false);
    const summary = await html(await client(path(customer.id), { cookie: sessions.agent }));
    expect(summary).toContain('PO Box 9, Boulder, CO 80301');
    expect(summary).toContain('1 Rue Main, Ottawa, ON K1A 0B1, Canada');
    // Back to "use the primary address": the mailing address is removed, and recorded field by field.
    expect((await post(customer.id, '/edit/mailing', { mailingSameAsPrimary: 'on', mailingLine1: 'PO Box 9' })).status).toBe(303);
    expect((await tdb().profile.addresses(customer.id)).map((a) => a.kind)).toEqual(['primary']);
    expect((await tdb().customers.find(customer.id))!.mailingSameAsPrimary).toBe(true);
    log = (await history(customer.id)).filter((r) => r.action === 'address.updated');
    expect(log.filter((r) => 'mailingSameAsPrimary' in r.after!).map((r) => r.after)).toEqual([{ mailingSameAsPrimary: false }, { mailingSameAsPrimary: true }]);
    expect(log.at(-1)).toMatchObject({ before: { mailingCountry: 'US' }, after: { mailingCountry: null } });
  });

  it('defaults the username to the email, else first and last name; refuses a taken one; sets a password under the rules, audited without it', async () => {
    const named = await fresh({ email: null, firstName: 'Mary-Ann', lastName: "O'Neil", webUsername: null });
    expect(await html(await client(path(named.id, '/edit'), { cookie: sessions.agent }))).toContain('value="maryannoneil"');
    const withEmail = await fresh({ webUsername: null });
    expect(await html(await client(path(withEmail.id, '/edit'), { cookie: sessions.agent }))).toContain(`value="${withEmail.email}"`);
    // An empty username takes the default.
    expect((await post(named.id, '/edit/web-access', { username: '', password: '' })).status).toBe(303);
    expect((await tdb().customers.find(named.id))!.webUsername).toBe('maryannoneil');

    const taken = await post(withEmail.id, '/edit/web-access', { username: 'MaryAnnONeil', password: '' });
    expect(taken.status).toBe(422);
    const takenHtml = await html(taken);
    expect(takenHtml).toContain('is already another customer’s username');
    expect(takenHtml).toContain('value="MaryAnnONeil"');
    expect(await html(await post(withEmail.id, '/edit/web-access', { username: 'a b', password: '' }))).toContain('Use only letters, digits');
    const weak = await post(withEmail.id, '/edit/web-access', { username: withEmail.email!, password: 'password1' });
    expect(weak.status).toBe(422);
    const weakHtml = await html(weak);
    expect(weakHtml).toContain('That password is too common');
    expect(weakHtml).toContain('data-password-rules="f-password-rules"');
    expect(weakHtml).not.toContain('value="password1"');

    expect((await post(withEmail.id, '/edit/web-access', { username: 'casey.m', password: 'Harbor-Lantern-42' })).status).toBe(303);
    const saved = (await tdb().customers.find(withEmail.id))!;
    expect(saved.webUsername).toBe('casey.m');
    expect(await verifyPassword('Harbor-Lantern-42', saved.passwordHash!)).toBe(true);
    // The borrower (on an account with Web access) signs in with the new username and password.
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    await host.db.insert(customerAccounts).values({ tenantId: demo.tenant.id, customerId: withEmail.id, accountId: account.id, role: 'Secondary', webAccess: true, createdAt: clock.now(), updatedAt: clock.now() });
    const login = await client('/login', { form: { email: 'casey.m', password: 'Harbor-Lantern-42' } });
    expect(login.status).toBe(303);
    const borrower = sessionTokenOf(login);
    expect(await html(await client('/', { cookie: borrower }))).toContain('PL-118342');
    // A password set by staff signs the borrower out everywhere.
    expect((await post(withEmail.id, '/edit/web-access', { username: 'casey.m', password: 'Quiet-Orchard-73' })).status).toBe(303);
    expect(await html(await client('/', { cookie: borrower }))).not.toContain('PL-118342');
    const log = (await history(withEmail.id)).filter((r) => r.action.startsWith('web-access.') || r.action.startsWith('password.'));
    expect(log).toMatchObject([
      { action: 'web-access.username-changed', before: { webUsername: withEmail.email }, after: { webUsername: 'casey.m' } },
      { action: 'password.changed', before: { password: 'not set' }, after: { password: 'changed' } },
      { action: 'password.changed', before: { password: 'set' }, after: { password: 'changed' } },
    ]);
    const all = JSON.stringify(await rows(withEmail.id));
    expect(all).not.toContain('Harbor-Lantern-42');
    expect(all).not.toContain(saved.passwordHash!);

    // The username follows the email while it is the email; not once it was changed.
    const follows = await fresh();
    expect((await general(follows.id, { email: `new-${follows.email}` })).status).toBe(303);
    expect((await tdb().customers.find(follows.id))!.webUsername).toBe(`new-${follows.email}`);
    expect((await general(withEmail.id, { email: `new-${withEmail.email}` })).status).toBe(303);
    expect((await tdb().customers.find(withEmail.id))!.webUsername).toBe('casey.m');
    // Another customer signs in with that email: refused, the email kept in the form.
    const other = await fresh();
    const dup = await general(follows.id, { email: other.email! });
    expect(dup.status).toBe(422);
    const dupHtml = await html(dup);
    expect(dupHtml).toContain('Another customer signs in with this email.');
    expect(dupHtml).toContain(`value="${other.email}"`);
  });

  it('uploads a photo (PNG, JPEG or WebP only), serves it to staff only with nosniff, and removes it', async () => {
    const customer = await fresh();
    const fake = await upload(customer.id, 'me.png', new TextEncoder().encode('not an image at all'));
    expect(fake.status).toBe(422);
    expect(await html(fake)).toContain('but its content is not a PNG');
    const pdf = await upload(customer.id, 'scan.pdf', PDF);
    expect(pdf.status).toBe(422);
    expect(await html(pdf)).toContain('A photo must be a PNG, JPEG or WebP image.');
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooBig = await upload(customer.id, 'big.png', big);
    expect(tooBig.status).toBe(422);
    expect(await html(tooBig)).toContain('the limit is 2 MB');
    const none = await client(path(customer.id, '/edit/photo'), { cookie: sessions.agent, multipart: new FormData() });
    expect(none.status).toBe(422);
    expect(await html(none)).toContain('Choose an image to upload.');
    expect((await client(path(customer.id, '/photo'), { cookie: sessions.agent })).status).toBe(404);

    expect((await upload(customer.id, 'me.png', PNG)).status).toBe(303);
    const photo = await client(path(customer.id, '/photo'), { cookie: sessions.read_only });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    expect(await html(await client(path(customer.id), { cookie: sessions.agent }))).toContain(`<img class="customer-photo" src="/admin/customers/${customer.id}/photo" alt="Photo of Casey Morgan"`);
    // Borrowers are not staff.
    const jordan = await env.signInBorrower();
    expect((await client(path(customer.id, '/photo'), { cookie: jordan })).status).toBe(303);
    // A new photo replaces the old file.
    const firstKey = (await tdb().customers.find(customer.id))!.photoKey!;
    expect((await upload(customer.id, 'again.png', PNG)).status).toBe(303);
    expect(await host.deps.files.get(firstKey)).toBeNull();
    expect((await post(customer.id, '/edit/photo/remove', {})).status).toBe(303);
    expect((await client(path(customer.id, '/photo'), { cookie: sessions.agent })).status).toBe(404);
    expect((await history(customer.id)).filter((r) => r.action.startsWith('customer.photo')).map((r) => [r.action, r.before, r.after])).toEqual([
      ['customer.photo-changed', { photo: null }, { photo: 'image/png' }],
      ['customer.photo-changed', { photo: 'image/png' }, { photo: 'image/png' }],
      ['customer.photo-removed', { photo: 'image/png' }, { photo: null }],
    ]);
  });

  it("saves the tenant's custom fields, one audit row per changed field", async () => {
    const customer = await fresh();
    const page = await html(await client(path(customer.id, '/edit'), { cookie: sessions.agent }));
    expect(page).toContain('Preferred language');
    const bad = await post(customer.id, '/edit/additional', { 'cf-language': 'Klingon', 'cf-score': 'high' });
    expect(bad.status).toBe(422);
    const badHtml = await html(bad);
    expect(badHtml).toContain('Preferred language: choose one of the options.');
    expect(badHtml).toContain('Internal score: enter a number');
    expect(badHtml).toContain('value="high"');
    expect((await post(customer.id, '/edit/additional', { 'cf-language': 'Spanish', 'cf-veteran': 'on', 'cf-score': '7' })).status).toBe(303);
    expect((await tdb().customers.find(customer.id))!.customFields).toEqual({ language: 'Spanish', veteran: 'yes', score: '7' });
    expect((await post(customer.id, '/edit/additional', { 'cf-language': 'Spanish', 'cf-score': '8' })).status).toBe(303);
    const log = (await history(customer.id)).filter((r) => r.action === 'customer.custom-field-changed').map((r) => [r.before, r.after]);
    expect(log).toEqual([
      [{ 'Preferred language': null }, { 'Preferred language': 'Spanish' }],
      [{ Veteran: null }, { Veteran: 'yes' }],
      [{ 'Internal score': null }, { 'Internal score': '7' }],
      [{ Veteran: 'yes' }, { Veteran: null }],
      [{ 'Internal score': '7' }, { 'Internal score': '8' }],
    ]);
    const summary = await html(await client(path(customer.id), { cookie: sessions.agent }));
    expect(summary).toContain('Preferred language');
    expect(summary).toContain('Spanish');
  });

  it('creates a customer from a name, with optional email, phone and address; audited; duplicate usernames refused', async () => {
    const search = await html(await client('/admin/customers', { cookie: sessions.agent }));
    expect(search).toContain('href="/admin/customers/new"');
    const form = await html(await client('/admin/customers/new', { cookie: sessions.agent }));
    expect(form).toContain('data-zip-fill="primary"');

    const bad = await client('/admin/customers/new', { cookie: sessions.agent, form: { customerType: 'individual', firstName: '', lastName: 'Quinn', email: 'nope', phone: '12', primaryZip: '123', primaryLine1: '9 Elm', status: 'Active' } });
    expect(bad.status).toBe(422);
    const badHtml = await html(bad);
    for (const message of ['Enter the first name.', 'Enter an email address such as', 'Enter a phone number such as', 'Enter the ZIP code', 'Enter the city.']) expect(badHtml).toContain(message);
    expect(badHtml).toContain('value="Quinn"');
    expect(badHtml).toContain('value="9 Elm"');

    const email = `riley-${newId().toLowerCase()}@example.com`;
    const res = await client('/admin/customers/new', { cookie: sessions.manager, form: { customerType: 'individual', firstName: 'riley', lastName: 'QUINN', email, phoneType: 'mobile', phone: '303 555 0177', primaryLine1: '9 Elm St', primaryCity: 'Golden', primaryState: 'CO', primaryZip: '80401', primaryCountry: 'US', status: 'Active' } });
    expect(res.status).toBe(303);
    const id = /\/admin\/customers\/([^?]+)\?saved=created/.exec(res.headers.get('location') ?? '')![1]!;
    const created = (await tdb().customers.find(id))!;
    expect(created).toMatchObject({ firstName: 'Riley', lastName: 'Quinn', email, webUsername: email, customerType: 'individual', status: 'Active' });
    expect((await tdb().customers.phones(id)).map((p) => [p.number, p.isPrimary])).toEqual([['+13035550177', true]]);
    expect((await tdb().profile.addresses(id))[0]).toMatchObject({ kind: 'primary', city: 'Golden', zip: '80401' });
    expect(await html(await client(res.headers.get('location')!, { cookie: sessions.agent }))).toContain('Customer created.');
    const [entry] = (await history(id)).filter((r) => r.action === 'customer.created');
    expect(entry).toMatchObject({ before: null, after: { firstName: 'Riley', lastName: 'Quinn', webUsername: email, phone: '+13035550177' } });

    // Without an email the username is first and last name; a second Riley Quinn gets a 422 until one is typed.
    const again = { customerType: 'individual', firstName: 'Riley', lastName: 'Quinn', status: 'Active' };
    expect((await client('/admin/customers/new', { cookie: sessions.agent, form: again })).status).toBe(303);
    const dup = await client('/admin/customers/new', { cookie: sessions.agent, form: again });
    expect(dup.status).toBe(422);
    expect(await html(dup)).toContain('“rileyquinn” is already another customer’s username');
    expect((await client('/admin/customers/new', { cookie: sessions.agent, form: { ...again, email } })).status).toBe(422);
    expect((await client('/admin/customers/new', { cookie: sessions.agent, form: { ...again, username: 'riley.quinn.2' } })).status).toBe(303);

    // A company needs only its name.
    const company = await client('/admin/customers/new', { cookie: sessions.owner, form: { customerType: 'company', companyName: 'Quinn Hauling Inc', status: 'Active' } });
    expect(company.status).toBe(303);
    const companyId = /\/admin\/customers\/([^?]+)\?/.exec(company.headers.get('location') ?? '')![1]!;
    expect((await tdb().customers.find(companyId))!).toMatchObject({ customerType: 'company', companyName: 'Quinn Hauling Inc', taxIdKind: 'ein', webUsername: 'quinnhaulinginc' });
    expect(await html(await client('/admin/customers/new', { cookie: sessions.agent, form: { customerType: 'company', status: 'Active' } }))).toContain('Enter the company name.');
  });

  it('lets read-only staff see the whole record but change nothing, and keeps other tenants out of every route', async () => {
    const customer = await fresh();
    await tdb().customers.addPhone({ customerId: customer.id, type: 'mobile', number: '+17205550150', isPrimary: true }, clock.now());
    const phone = (await tdb().customers.phones(customer.id))[0]!;
    const viewer = sessions.read_only;
    const summary = await html(await client(path(customer.id), { cookie: viewer }));
    expect(summary).toContain('Customer type');
    expect(summary).not.toContain('>Edit</a>');
    expect(await html(await client('/admin/customers', { cookie: viewer }))).not.toContain('href="/admin/customers/new"');
    // The "Contact & personal" tab shows them the record and its history, with no form to change it.
    const tab = await client(path(customer.id, '/edit'), { cookie: viewer });
    expect(tab.status).toBe(200);
    const tabHtml = await html(tab);
    expect(tabHtml).toContain('Read-only staff see the record but cannot change it.');
    expect(tabHtml).toContain('(720) 555-0150');
    expect(tabHtml).toContain('history.json?tab=record');
    // Viewing as the borrower is a read: the only form read-only staff get.
    expect(tabHtml.replace(/<form method="post" action="\/admin\/customers\/[^"]+\/view-as"/, '')).not.toContain('method="post" action="/admin/customers/');
    const writes: [string, Record<string, string>][] = [
      ['/edit', { firstName: 'X', lastName: 'Y' }],
      ['/edit/phones', { type: 'mobile', number: '7205550160' }],
      [`/edit/phones/${phone.id}`, { type: 'home', number: '7205550150', isPrimary: 'on' }],
      [`/edit/phones/${phone.id}/remove`, {}],
      ['/edit/address', { primaryLine1: '1 Main St' }],
      ['/edit/mailing', { mailingSameAsPrimary: 'on' }],
      ['/edit/web-access', { username: 'someone' }],
      ['/edit/photo/remove', {}],
      ['/edit/additional', { 'cf-score': '1' }],
    ];
    for (const [rest, form] of writes) expect((await post(customer.id, rest, form, viewer)).status, rest).toBe(403);
    expect((await upload(customer.id, 'me.png', PNG, viewer)).status).toBe(403);
    expect((await client('/admin/customers/new', { cookie: viewer })).status).toBe(403);
    expect((await client('/admin/customers/new', { cookie: viewer, form: { firstName: 'A', lastName: 'B', status: 'Active' } })).status).toBe(403);
    expect((await rows(customer.id)).length).toBe(0);

    // An agent of tenant alpha, on alpha's host, asking for this tenant's customer: 404 everywhere.
    const alpha = tenantClient(host.app, 'alpha');
    expect((await alpha(path(customer.id, '/edit'), { cookie: alphaSession })).status).toBe(404);
    expect((await alpha(path(customer.id, '/photo'), { cookie: alphaSession })).status).toBe(404);
    for (const [rest, form] of writes) expect((await alpha(path(customer.id, rest), { cookie: alphaSession, form })).status, rest).toBe(404);
    const form = new FormData();
    form.append('photo', new File([PNG as Uint8Array<ArrayBuffer>], 'me.png'));
    expect((await alpha(path(customer.id, '/edit/photo'), { cookie: alphaSession, multipart: form })).status).toBe(404);
    // And this tenant's agent asking for alpha's customer, on this host: 404 as well.
    expect((await client(path(alphaCustomer, '/edit'), { cookie: sessions.agent })).status).toBe(404);
    expect((await post(alphaCustomer, '/edit', { firstName: 'X', lastName: 'Y' })).status).toBe(404);
    expect((await client(path(alphaCustomer, '/photo'), { cookie: sessions.agent })).status).toBe(404);
    // Read-only staff asking for another tenant's customer learn nothing either: 404, not 403.
    for (const [rest, form] of writes) expect((await post(alphaCustomer, rest, form, sessions.read_only)).status, rest).toBe(404);
    expect((await client(path(alphaCustomer, '/export.json'), { cookie: sessions.read_only })).status).toBe(404);
    expect((await tdb().customers.phones(customer.id)).length).toBe(1);
  });
});

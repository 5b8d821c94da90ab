import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, customers } from '../../src/db/schema';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { DEMO } from '../../src/services/seed';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
/** The start of a PNG of this size: signature and IHDR (what the upload check and the size check read). */
const png = (width: number, height: number, padTo = 0) => {
  const head = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
  const be = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const bytes = [...head, ...be(width), ...be(height), 8, 6, 0, 0, 0];
  return Uint8Array.from([...bytes, ...new Array<number>(Math.max(0, padTo - bytes.length)).fill(0)]);
};

describe("an owner's portal settings", () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client } = env;
  const staff = env.staffSession;
  let host: NodeTestHost;
  let demo: Demo;
  let owner: string;
  const branding = (fields: Record<string, string>, logo?: { name: string; bytes: Uint8Array }, favicon?: { name: string; bytes: Uint8Array }) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (logo) form.append('logo', new File([logo.bytes as Uint8Array<ArrayBuffer>], logo.name));
    if (favicon) form.append('favicon', new File([favicon.bytes as Uint8Array<ArrayBuffer>], favicon.name));
    return form;
  };
  const tenantNow = async () => (await tenantsRepo(host.db).findById(demo.tenant.id))!;
  const audits = (action: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, action)));
  const colours = { portalName: 'Sunrise Online', primaryColor: '#14532d', accentColor: '#9a3412' };

  beforeAll(async () => {
    ({ host, demo } = env);
    owner = await staff('owner');
  });

  it('changes the colours and logo; the sign-in page shows them at once, and the change is audited', async () => {
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('value="#0b5394"');
    expect(page).toContain('data-branding-preview');
    const res = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise Online', primaryColor: '#14532D', accentColor: '#9a3412' }, { name: 'logo.png', bytes: PNG }) });
    expect(res.status).toBe(303);
    const login = await (await client()('/login')).text();
    expect(login).toContain('--brand-primary:#14532d');
    expect(login).toContain('--brand-accent:#9a3412');
    expect(login).toContain('Sunrise Online');
    const logo = /<img src="(\/branding\/[0-9a-f]{32}\.png)"/.exec(login)![1]!;
    const file = await client()(logo);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    // Another tenant's host does not serve it.
    expect((await tenantClient(host.app, 'alpha')(logo)).status).toBe(404);
    const [entry] = await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'tenant.branding-changed')));
    expect(entry!.before).toMatchObject({ branding: { primaryColor: '#0b5394' } });
    expect(entry!.after).toMatchObject({ branding: { primaryColor: '#14532d', portalName: 'Sunrise Online' } });
  });

  it('removes the logo when asked', async () => {
    expect(await (await client()('/login')).text()).toContain('class="brand-logo"');
    expect((await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise Online', primaryColor: '#14532d', accentColor: '#9a3412', removeLogo: 'on' }) })).status).toBe(303);
    expect(await (await client()('/login')).text()).not.toContain('class="brand-logo"');
  });

  it('refuses unreadable colours and non-image logos, keeping what was entered', async () => {
    const pale = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise', primaryColor: '#ffee00', accentColor: '#9a3412' }) });
    expect(pale.status).toBe(422);
    const html = await pale.text();
    expect(html).toMatch(/hard to read on white \(contrast 1\.\d\d:1; at least 4\.5:1 is needed\)/);
    expect(html).toContain('value="#ffee00"');
    const svg = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise', primaryColor: '#14532d', accentColor: '#9a3412' }, { name: 'logo.svg', bytes: SVG }) });
    expect(svg.status).toBe(422);
    expect(await svg.text()).toContain('Only PDF, PNG, JPEG');
    const bad = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: '', primaryColor: 'green', accentColor: '#9a3412' }) });
    const badHtml = await bad.text();
    expect(badHtml).toContain('Enter the name borrowers see.');
    expect(badHtml).toContain('Enter a colour as #rrggbb');
  });

  it('previews colours in a frame with its own policy', async () => {
    const res = await client()('/admin/settings/preview?portalName=Test&primaryColor=%23123456&accentColor=%23654321', { cookie: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).toContain('--brand-primary:#123456');
  });

  it('hides a section from borrowers and sets payment rules', async () => {
    const jordan = await env.signInBorrower();
    expect((await client()('/accounts/AL-204817/documents', { cookie: jordan })).status).toBe(200);
    const form: Record<string, string> = { 'section-transactions': 'on', 'section-statements': 'on', 'section-collateral': 'on', 'field-payoff': 'on', 'field-interestRate': 'on' };
    expect((await client()('/admin/settings/portal', { cookie: owner, form })).status).toBe(303);
    expect((await client()('/accounts/AL-204817/documents', { cookie: jordan })).status).toBe(404);

    const bad = await client()('/admin/settings/payments', { cookie: owner, form: { enabled: 'on', minAmount: '50', maxAmount: '10', maxDaysAhead: '900', cutoffTime: '5pm', feeCard: 'x', feeBank: '0', returnWindowDays: '3' } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('The largest payment must be at least the smallest');
    expect(html).toContain('a whole number from 0 to 365');
    expect(html).toContain('Enter the cut-off time as HH:MM');
    expect(html).toContain('Allow cards, bank accounts or both');
    expect(html).toContain('value="5pm"');
    const ok = await client()('/admin/settings/payments', { cookie: owner, form: { enabled: 'on', 'method-card': 'on', autopay: 'on', minAmount: '5.00', maxAmount: '2500.00', maxDaysAhead: '30', cutoffTime: '16:30', feeCard: '1.95', feeBank: '0', returnWindowDays: '3' } });
    expect(ok.status).toBe(303);
    const tenant = await tenantNow();
    expect(tenant.settings.payments).toMatchObject({ methods: ['card'], minAmount: 500, maxAmount: 250_000, maxDaysAhead: 30, cutoffTime: '16:30', convenienceFees: { card: 195, bank: 0 } });
    // Borrowers get the new rules: bank accounts are no longer offered.
    expect(await (await client()('/payments/methods', { cookie: jordan })).text()).not.toContain('Add a bank account');
  });

  it('sets a PNG favicon that every page of the portal links, refuses other files, and removes it', async () => {
    expect(await (await client()('/login')).text()).toContain('<link rel="icon" href="/img/favicon.svg" type="image/svg+xml"/>');
    const icon = png(32, 32);
    expect((await client()('/admin/settings/branding', { cookie: owner, multipart: branding(colours, undefined, { name: 'icon.png', bytes: icon }) })).status).toBe(303);
    const login = await (await client()('/login')).text();
    const href = /<link rel="icon" href="(\/branding\/[0-9a-f]{32}\.png)" type="image\/png"\/>/.exec(login)![1]!;
    // The staff pages use it too, and the file is served from the tenant's own host only.
    expect(await (await client()('/admin/settings', { cookie: owner })).text()).toContain(`<link rel="icon" href="${href}"`);
    const file = await client()(href);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(icon);
    expect((await tenantClient(host.app, 'alpha')(href)).status).toBe(404);
    expect(await (await tenantClient(host.app, 'alpha')('/login')).text()).toContain('href="/img/favicon.svg"');
    const [entry] = await audits('tenant.branding-changed').then((rows) => rows.filter((r) => (r.after as { branding: { faviconUrl?: string } }).branding.faviconUrl === href));
    expect((entry!.before as { branding: { faviconUrl?: string } }).branding.faviconUrl).toBeUndefined();

    // Refused: SVG (it can carry script), ICO, a PNG that is not square, too small or too large; what was typed stays.
    const refusals: [string, Uint8Array, RegExp][] = [
      ['icon.svg', SVG, /A favicon must be a PNG image \(ICO and SVG files are not accepted\)/],
      ['favicon.ico', Uint8Array.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]), /A favicon must be a PNG image/],
      ['wide.png', png(64, 32), /A favicon must be square; this image is 64 × 32 pixels/],
      ['tiny.png', png(8, 8), /16 to 512 pixels a side; this image is 8 × 8/],
      ['big.png', png(64, 64, 101 * 1024), /This file is 101 KB; the limit is 100 KB/],
    ];
    for (const [name, bytes, message] of refusals) {
      const res = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ ...colours, portalName: 'Sunrise Kept' }, undefined, { name, bytes }) });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(message);
      expect(html).toContain('value="Sunrise Kept"');
      expect(html).toContain('aria-describedby="f-favicon-hint f-favicon-error"');
    }
    expect((await tenantNow()).branding.faviconUrl).toBe(href);
    expect((await tenantNow()).branding.portalName).toBe('Sunrise Online');

    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('name="removeFavicon"');
    expect((await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ ...colours, removeFavicon: 'on' }) })).status).toBe(303);
    expect((await tenantNow()).branding.faviconUrl).toBeUndefined();
    expect(await (await client()('/login')).text()).toContain('<link rel="icon" href="/img/favicon.svg"');
  });

  it('sets the second step and session lengths; a required second step applies to the next borrower sign-in', async () => {
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('Staff always pass a second step');
    expect(page).toMatch(/<a href="#sign-in">/);
    expect(page).toMatch(/id="f-mfa-optional" name="mfa" value="optional" checked=""/);
    expect(page).toMatch(/name="idleMinutes"[^>]*value="15"/);
    // Optional by default: Jordan has no second factor, so the password is enough.
    const before = await client()('/login', { form: { email: DEMO.borrower.email, password: DEMO.borrower.password } });
    expect(before.headers.get('location')).toBe('/');

    const bad = await client()('/admin/settings/sign-in', { cookie: owner, form: { mfa: 'always', idleMinutes: '2', absoluteHours: '100' } });
    expect(bad.status).toBe(422);
    let html = await bad.text();
    expect(html).toContain('Choose whether borrowers never, may or must use a second step.');
    expect(html).toContain('Allow at least one second-step method');
    expect(html).toContain('Enter the minutes of inactivity: a whole number from 5 to 240.');
    expect(html).toContain('Enter the longest session in hours: a whole number from 1 to 72.');
    expect(html).toMatch(/name="idleMinutes"[^>]*value="2"/);
    expect(html).toMatch(/name="absoluteHours"[^>]*value="100"/);
    const shorter = await client()('/admin/settings/sign-in', { cookie: owner, form: { mfa: 'required', 'method-totp': 'on', idleMinutes: '180', absoluteHours: '2' } });
    expect(shorter.status).toBe(422);
    html = await shorter.text();
    expect(html).toContain('The longest session must be at least as long as the inactivity limit (180 minutes).');
    expect(html).toMatch(/id="f-mfa-required" name="mfa" value="required" checked=""/);
    expect(html).toMatch(/id="f-method-totp" name="method-totp" checked=""/);
    expect(html).not.toMatch(/id="f-method-passkey" name="method-passkey" checked=""/);
    expect((await tenantNow()).settings.signIn).toBeUndefined();

    const ok = await client()('/admin/settings/sign-in', { cookie: owner, form: { mfa: 'required', 'method-email': 'on', 'method-totp': 'on', idleMinutes: '30', absoluteHours: '8' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/settings?saved=sign-in#sign-in');
    const tenant = await tenantNow();
    expect(signInSettingsOf(tenant)).toEqual({ mfa: 'required', methods: ['email', 'totp'], idleMinutes: 30, staffIdleMinutes: 30, absoluteHours: 8 });
    const [entry] = await audits('tenant.sign-in-changed');
    expect(entry!.before).toEqual({ signIn: null });
    expect(entry!.after).toEqual({ signIn: { mfa: 'required', methods: ['email', 'totp'], idleMinutes: 30, staffIdleMinutes: 30, absoluteHours: 8 } });
    const shown = await (await client()('/admin/settings?saved=sign-in', { cookie: owner })).text();
    expect(shown).toContain('Sign-in settings saved.');
    expect(shown).toMatch(/id="f-mfa-required" name="mfa" value="required" checked=""/);
    expect(shown).toMatch(/name="absoluteHours"[^>]*value="8"/);

    const after = await client()('/login', { form: { email: DEMO.borrower.email, password: DEMO.borrower.password } });
    expect(after.headers.get('location')).toBe('/login/verify?next=%2F');
    // Back to the defaults' behaviour for the tests after this one.
    expect((await client()('/admin/settings/sign-in', { cookie: owner, form: { mfa: 'optional', 'method-email': 'on', 'method-totp': 'on', 'method-passkey': 'on', idleMinutes: '15', absoluteHours: '12' } })).status).toBe(303);
  });

  it('edits the customer statuses, note categories and document sections, one per line', async () => {
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toMatch(/<textarea id="f-list-customer-statuses" name="items"[^>]*>Active\nInactive\nBankrupt\nDeceased\nDo not contact<\/textarea>/);
    expect(page).toContain('Document sections');

    // Trimmed, blank lines dropped, repeats in any case kept once.
    const res = await client()('/admin/settings/lists/customer-statuses', { cookie: owner, form: { items: 'Active\r\n  Payment   plan \n\nactive\nInactive\nBankrupt\nDeceased\nDo not contact\nPAYMENT PLAN' } });
    expect(res.status).toBe(303);
    expect((await tenantNow()).settings.customerStatuses).toEqual(['Active', 'Payment plan', 'Inactive', 'Bankrupt', 'Deceased', 'Do not contact']);
    const edit = await (await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: owner })).text();
    expect(edit).toContain('<option value="Payment plan"');
    const [entry] = await audits('tenant.customer-statuses-changed');
    expect(entry!.before).toEqual({ customerStatuses: null });
    expect(entry!.after).toEqual({ customerStatuses: ['Active', 'Payment plan', 'Inactive', 'Bankrupt', 'Deceased', 'Do not contact'] });

    // A status customers still have cannot go (Jordan is Active); the typed list comes back.
    const active = (await forTenant(host.db, demo.tenant.id).customers.list({ limit: 1000 })).filter((c) => c.status === 'Active').length;
    expect(active).toBeGreaterThan(0);
    const inUse = await client()('/admin/settings/lists/customer-statuses', { cookie: owner, form: { items: 'Current\nPayment plan' } });
    expect(inUse.status).toBe(409);
    const inUseHtml = await inUse.text();
    expect(inUseHtml).toContain(`“Active” (${active} ${active === 1 ? 'customer' : 'customers'})`);
    expect(inUseHtml).toMatch(/<textarea id="f-list-customer-statuses" name="items"[^>]*aria-invalid="true">Current\nPayment plan<\/textarea>/);
    // A status nobody has can go.
    expect((await client()('/admin/settings/lists/customer-statuses', { cookie: owner, form: { items: 'Active\nInactive\nPayment plan' } })).status).toBe(303);
    expect((await tenantNow()).settings.customerStatuses).toEqual(['Active', 'Inactive', 'Payment plan']);

    // Each comes back with its message and exactly what was typed.
    const bad: [string, string, string][] = [
      ['customer-statuses', ' \n \n', 'Enter at least one status, one per line.'],
      ['customer-statuses', `Active\n${'x'.repeat(41)}`, 'Keep each status to 40 characters'],
      ['note-categories', Array.from({ length: 51 }, (_, i) => `Category ${i}`).join('\n'), 'Keep the list to 50 entries; it has 51.'],
      ['document-sections', `Pay stubs\n${'y'.repeat(61)}`, 'Keep each section to 60 characters'],
    ];
    for (const [list, items, message] of bad) {
      const r = await client()(`/admin/settings/lists/${list}`, { cookie: owner, form: { items } });
      expect(r.status).toBe(422);
      const html = await r.text();
      expect(html).toContain(message);
      expect(html).toContain(`aria-describedby="f-list-${list}-hint f-list-${list}-error" aria-invalid="true">${items}</textarea>`);
    }
    expect((await client()('/admin/settings/lists/account-statuses', { cookie: owner, form: { items: 'Open' } })).status).toBe(404);

    expect((await client()('/admin/settings/lists/note-categories', { cookie: owner, form: { items: 'General\nHardship\nCollections' } })).status).toBe(303);
    expect((await client()('/admin/settings/lists/document-sections', { cookie: owner, form: { items: 'Pay stubs\nIdentification\nOther' } })).status).toBe(303);
    const tenant = await tenantNow();
    expect(tenant.settings.noteCategories).toEqual(['General', 'Hardship', 'Collections']);
    expect(tenant.settings.documentCategories).toEqual(['Pay stubs', 'Identification', 'Other']);
    expect((await audits('tenant.document-sections-changed'))[0]!.after).toEqual({ documentCategories: ['Pay stubs', 'Identification', 'Other'] });
    expect(await (await client()('/admin/settings', { cookie: owner })).text()).toMatch(/<textarea id="f-list-note-categories" name="items"[^>]*>General\nHardship\nCollections<\/textarea>/);
  });

  it('adds custom fields with ids from their labels, never reusing one, and removes them', async () => {
    const add = (form: Record<string, string>) => client()('/admin/settings/custom-fields', { cookie: owner, form });
    expect((await add({ label: 'Preferred language', type: 'text', appliesTo: 'customer' })).status).toBe(303);
    expect((await add({ label: 'Preferred language', type: 'text', appliesTo: 'employer' })).status).toBe(303);
    expect((await add({ label: 'Contact time', type: 'list', appliesTo: 'customer', options: 'Morning\n morning\nEvening\n\n' })).status).toBe(303);
    expect((await tenantNow()).settings.customFields).toEqual([
      { id: 'preferred-language', label: 'Preferred language', type: 'text', appliesTo: 'customer' },
      { id: 'preferred-language-2', label: 'Preferred language', type: 'text', appliesTo: 'employer' },
      { id: 'contact-time', label: 'Contact time', type: 'list', appliesTo: 'customer', options: ['Morning', 'Evening'] },
    ]);
    const [added] = await audits('tenant.custom-field-added');
    expect(added!.before).toEqual({ customFields: null });
    expect(added!.after).toEqual({ customFields: [{ id: 'preferred-language', label: 'Preferred language', type: 'text', appliesTo: 'customer' }] });
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('<code>preferred-language-2</code>');
    expect(page).toContain('values already entered stay stored');
    expect(page).toContain('action="/admin/settings/custom-fields/contact-time/remove"');
    // The customer's edit page offers the customer fields, not the employer's.
    const editPage = async () => (await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: owner })).text();
    let edit = await editPage();
    expect(edit).toMatch(/<input id="f-cf-preferred-language" name="cf-preferred-language"/);
    expect(edit).toMatch(/<select id="f-cf-contact-time" name="cf-contact-time"[^>]*>(?:(?!<\/select>)[\s\S])*<option value="Evening">/);
    expect(edit).not.toContain('cf-preferred-language-2');
    // A value kept on the customer's row (as the record's own form stores it).
    await host.db.update(customers).set({ customFields: { 'preferred-language': 'Spanish', 'contact-time': 'Evening' } }).where(eq(customers.id, demo.borrower.id));
    expect(await editPage()).toMatch(/name="cf-preferred-language"[^>]*value="Spanish"/);

    const bad = await add({ label: 'Preferred language', type: 'list', appliesTo: 'customer', options: 'Only one' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('There is already a customer field called “Preferred language”.');
    expect(html).toContain('Enter at least two choices, one per line.');
    expect(html).toContain('>Only one</textarea>');
    expect(html).toMatch(/<option value="list" selected="">/);
    const worse = await (await add({ label: '', type: 'colour', appliesTo: 'account' })).text();
    expect(worse).toContain('Enter the label staff see next to the field.');
    expect(worse).toContain('Choose the kind of value the field holds.');
    expect(worse).toContain('Choose whether the field is kept on customers or on employers.');

    expect((await client()('/admin/settings/custom-fields/preferred-language/remove', { cookie: owner, form: {} })).status).toBe(303);
    expect((await tenantNow()).settings.customFields!.map((f) => f.id)).toEqual(['preferred-language-2', 'contact-time']);
    expect((await audits('tenant.custom-field-removed'))[0]!.before).toMatchObject({ customFields: [{ id: 'preferred-language' }, { id: 'preferred-language-2' }, { id: 'contact-time' }] });
    expect((await client()('/admin/settings/custom-fields/preferred-language/remove', { cookie: owner, form: {} })).status).toBe(404);
    edit = await editPage();
    expect(edit).not.toContain('name="cf-preferred-language"');
    expect(edit).not.toContain('Spanish');
    expect(edit).toContain('name="cf-contact-time"');
    // The removed field's values may still be on rows, so its id is never given to another field…
    expect((await add({ label: 'Preferred language', type: 'yes-no', appliesTo: 'customer' })).status).toBe(303);
    expect((await tenantNow()).settings.customFields!.map((f) => f.id)).toEqual(['preferred-language-2', 'contact-time', 'preferred-language-3']);
    // …but the same field added again takes it back, with its values.
    expect((await client()('/admin/settings/custom-fields/preferred-language-3/remove', { cookie: owner, form: {} })).status).toBe(303);
    expect((await add({ label: 'preferred language', type: 'text', appliesTo: 'customer' })).status).toBe(303);
    expect((await tenantNow()).settings.customFields!.map((f) => f.id)).toEqual(['preferred-language-2', 'contact-time', 'preferred-language']);
    expect(await editPage()).toMatch(/name="cf-preferred-language"[^>]*value="Spanish"/);
  });

  it('refuses every settings change from staff who are not owners, and keeps tenants apart', async () => {
    const posts: [string, { form?: Record<string, string>; multipart?: FormData }][] = [
      ['/admin/settings/branding', { multipart: branding(colours) }],
      ['/admin/settings/portal', { form: {} }],
      ['/admin/settings/payments', { form: {} }],
      ['/admin/settings/sign-in', { form: { mfa: 'none', 'method-email': 'on', idleMinutes: '60', absoluteHours: '24' } }],
      ['/admin/settings/lists/customer-statuses', { form: { items: 'Active' } }],
      ['/admin/settings/lists/note-categories', { form: { items: 'General' } }],
      ['/admin/settings/lists/document-sections', { form: { items: 'Other' } }],
      ['/admin/settings/custom-fields', { form: { label: 'Sneaky', type: 'text', appliesTo: 'customer' } }],
      ['/admin/settings/custom-fields/contact-time/remove', { form: {} }],
    ];
    const before = await tenantNow();
    for (const role of ['manager', 'agent', 'read_only'] as const) {
      const cookie = await staff(role);
      expect((await client()('/admin/settings', { cookie })).status).toBe(403);
      for (const [path, body] of posts) expect([role, path, (await client()(path, { cookie, ...body })).status]).toEqual([role, path, 403]);
    }
    const after = await tenantNow();
    expect(after.settings).toEqual(before.settings);
    expect(after.branding).toEqual(before.branding);

    // Another tenant's owner changes only their own portal, and this tenant's field ids mean nothing there.
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaOwner = await alphaTdb.agents.create({ email: `o-${newId()}@alpha.example`, name: 'Alpha Owner', role: 'owner' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaOwner.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    expect((await alpha('/admin/settings/custom-fields/contact-time/remove', { cookie: alphaSession, form: {} })).status).toBe(404);
    expect((await alpha('/admin/settings/lists/note-categories', { cookie: alphaSession, form: { items: 'Alpha only' } })).status).toBe(303);
    expect(await (await alpha('/admin/settings', { cookie: alphaSession })).text()).not.toContain('contact-time');
    expect((await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!.settings.noteCategories).toEqual(['Alpha only']);
    expect((await tenantNow()).settings.noteCategories).toEqual(['General', 'Hardship', 'Collections']);
    // This tenant's owner session is not signed in on the other host.
    for (const [path, body] of posts) expect((await alpha(path, { cookie: owner, ...body })).status).toBe(303);
    expect((await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!.settings.noteCategories).toEqual(['Alpha only']);
  });

  it('is for owners only', async () => {
    const agent = await staff('agent');
    expect((await client()('/admin/settings', { cookie: agent })).status).toBe(403);
    expect((await client()('/admin/settings/portal', { cookie: agent, form: {} })).status).toBe(403);
    const jordan = await env.signInBorrower();
    expect((await client()('/admin/settings', { cookie: jordan })).status).toBe(303);
    // Another tenant's owner session means nothing here.
    expect((await tenantClient(host.app, 'alpha')('/admin/settings', { cookie: owner })).status).toBe(303);
  });
});

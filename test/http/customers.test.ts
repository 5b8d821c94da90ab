import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { DEMO } from '../../src/services/seed';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';

describe('the customer manager', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  const staff = env.staffSession;
  let host: NodeTestHost;
  let demo: Demo;
  let agent: string;
  beforeAll(async () => {
    ({ host, demo } = env);
    agent = await staff('agent');
  });

  it('finds a customer by name, email, phone, account number or full SSN, and as a fragment while typing', async () => {
    for (const q of ['rivera', 'jordan.rivera@', '303-555-0188', '5550188', 'AL-204817', 'al-204817', '123-45-6789', '123456789']) {
      const html = await (await client()(`/admin/customers?q=${encodeURIComponent(q)}`, { cookie: agent })).text();
      expect(html, q).toContain(`/admin/customers/${demo.borrower.id}`);
    }
    // Part of an SSN finds nothing: SSNs match whole, through their keyed hash, and are never shown in full.
    const partial = await (await client()('/admin/customers?q=6789', { cookie: agent })).text();
    expect(partial).not.toContain(`/admin/customers/${demo.borrower.id}`);
    const fragment = await client()('/admin/customers/results?q=rivera', { cookie: agent, headers: { 'hx-request': 'true', 'hx-target': 'customer-results' } });
    const html = await fragment.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('Jordan');
    expect(html).toContain('(303) 555-0188');
    expect(await (await client()('/admin/customers?q=nobody-like-this', { cookie: agent })).text()).toContain('No customer matches');
  });

  it('switches off Web access on one account: the borrower no longer sees it; audited with before and after', async () => {
    const record = await (await client()(`/admin/customers/${demo.borrower.id}`, { cookie: agent })).text();
    expect(record).toContain('•••-••-6789');
    expect(record).not.toContain('123-45-6789');
    expect(record).toContain('Web access<span class="visually-hidden"> for AL-204817');
    const res = await client()(`/admin/customers/${demo.borrower.id}/links/AL-204817`, { cookie: agent, form: { role: 'Primary', emailAccess: 'on', smsAccess: '' } });
    expect(res.status).toBe(303);
    const jordan = await env.signInBorrower();
    const home = await (await client()('/', { cookie: jordan })).text();
    expect(home).not.toContain('AL-204817');
    expect(home).toContain('PL-118342');
    expect((await client()('/accounts/AL-204817', { cookie: jordan })).status).toBe(404);
    const [entry] = await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'link.access-changed')));
    expect(entry).toMatchObject({ entityId: demo.borrower.id, before: { account: 'AL-204817', webAccess: true }, after: { account: 'AL-204817', webAccess: false } });
    // Back on.
    await client()(`/admin/customers/${demo.borrower.id}/links/AL-204817`, { cookie: agent, form: { role: 'Primary', emailAccess: 'on', webAccess: 'on' } });
    expect(await (await client()('/', { cookie: jordan })).text()).toContain('AL-204817');
  });

  it('keeps exactly one Primary per account', async () => {
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    const co = await tdb().customers.create({ firstName: 'Sam', lastName: 'Rivera', email: `sam-${newId()}@example.com` }, clock.now());
    await host.db.insert((await import('../../src/db/schema')).customerAccounts).values({ tenantId: demo.tenant.id, customerId: co.id, accountId: account.id, role: 'Secondary', createdAt: clock.now(), updatedAt: clock.now() });
    // The only Primary cannot simply step down.
    const refused = await client()(`/admin/customers/${demo.borrower.id}/links/PL-118342`, { cookie: agent, form: { role: 'Secondary', emailAccess: 'on', webAccess: 'on' } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Every account needs a Primary');
    // Making the co-borrower Primary demotes Jordan in the same step.
    expect((await client()(`/admin/customers/${co.id}/links/PL-118342`, { cookie: agent, form: { role: 'Primary', webAccess: 'on' } })).status).toBe(303);
    const roles = Object.fromEntries((await tdb().accounts.links(account.id)).map((l) => [l.customerId, l.role]));
    expect(roles).toEqual({ [demo.borrower.id]: 'Secondary', [co.id]: 'Primary' });
  });

  it('edits the record with name casing, one audit row per changed field, and the history as JSON', async () => {
    const page = await (await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: agent })).text();
    expect(page).toContain('value="Jordan"');
    const bad = await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: agent, form: { firstName: '', lastName: 'rivera', email: 'not-an-email', status: 'Active' } });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Enter the first name.');
    expect(badHtml).toContain('Enter an email address such as');
    expect(badHtml).toContain('value="not-an-email"');
    const res = await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: agent, form: { firstName: 'jordan', middleName: 'ALEX', lastName: "o'NEIL-rivera", email: DEMO.borrower.email, status: 'Active' } });
    expect(res.status).toBe(303);
    const saved = (await tdb().customers.find(demo.borrower.id))!;
    expect([saved.firstName, saved.middleName, saved.lastName]).toEqual(['Jordan', 'Alex', "O'Neil-Rivera"]);
    // "Do not case format" keeps what was typed.
    await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: agent, form: { firstName: 'Jordan', middleName: 'Alex', lastName: 'van der Rivera', email: DEMO.borrower.email, status: 'Active', doNotCaseFormat: 'on' } });
    expect((await tdb().customers.find(demo.borrower.id))!.lastName).toBe('van der Rivera');
    const history = await client()(`/admin/customers/${demo.borrower.id}/history.json`, { cookie: agent });
    expect(history.headers.get('content-disposition')).toContain('attachment');
    const { history: rows } = (await history.json()) as { history: { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[] };
    const edits = rows.filter((r) => r.action === 'customer.updated');
    expect(edits.map((r) => Object.keys(r.after)[0])).toEqual(['middleName', 'lastName', 'lastName', 'doNotCaseFormat']);
    expect(edits[1]).toMatchObject({ before: { lastName: 'Rivera' }, after: { lastName: "O'Neil-Rivera" } });
    expect(rows.some((r) => r.action === 'link.access-changed')).toBe(true);
    // Put the name back for the other tests.
    await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: agent, form: { firstName: 'Jordan', lastName: 'Rivera', email: DEMO.borrower.email, status: 'Active' } });
  });

  it('exports the personal data as JSON (SSN by its last four only), and records the export', async () => {
    const res = await client()(`/admin/customers/${demo.borrower.id}/export.json`, { cookie: agent });
    expect(res.headers.get('content-disposition')).toContain('personal-data.json');
    const text = await res.text();
    const data = JSON.parse(text) as { customer: { email: string; ssnLast4: string }; accounts: { account: string }[]; phones: { number: string }[]; emails: unknown[] };
    expect(data.customer).toMatchObject({ email: DEMO.borrower.email, ssnLast4: '6789' });
    expect(data.accounts.map((a) => a.account)).toContain('AL-204817');
    expect(data.phones[0]!.number).toBe('+13035550188');
    expect(text).not.toContain('123-45-6789');
    expect(text).not.toContain('123456789');
    const logged = await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'customer.data-exported')));
    expect(logged).toHaveLength(1);
  });

  it('lets read-only staff look but not change, and keeps other tenants out', async () => {
    const viewer = await staff('read_only');
    const page = await (await client()(`/admin/customers/${demo.borrower.id}`, { cookie: viewer })).text();
    expect(page).not.toContain('<form class="inline-form link-form"');
    expect((await client()(`/admin/customers/${demo.borrower.id}/links/AL-204817`, { cookie: viewer, form: { role: 'Primary' } })).status).toBe(403);
    expect((await client()(`/admin/customers/${demo.borrower.id}/edit`, { cookie: viewer, form: { firstName: 'X', lastName: 'Y' } })).status).toBe(403);
    expect((await client()(`/admin/customers/${demo.borrower.id}/history.json`, { cookie: viewer })).status).toBe(200);
    expect((await client()(`/admin/customers/${demo.borrower.id}/export.json`, { cookie: viewer })).status).toBe(403);
    const alpha = tenantClient(host.app, 'alpha');
    expect((await alpha(`/admin/customers/${demo.borrower.id}`, { cookie: agent })).status).toBe(303);
    // Another tenant's agent asking for this tenant's customer and account: not found.
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'agent' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    expect((await alpha(`/admin/customers/${demo.borrower.id}`, { cookie: alphaSession })).status).toBe(404);
    expect((await alpha(`/admin/customers/${demo.borrower.id}/history.json`, { cookie: alphaSession })).status).toBe(404);
    expect((await alpha(`/admin/customers/${demo.borrower.id}/export.json`, { cookie: alphaSession })).status).toBe(404);
    expect((await alpha(`/admin/customers/${demo.borrower.id}/edit`, { cookie: alphaSession, form: { firstName: 'X', lastName: 'Y' } })).status).toBe(404);
    expect((await alpha(`/admin/customers/${demo.borrower.id}/links/AL-204817`, { cookie: alphaSession, form: { role: 'Primary' } })).status).toBe(404);
    expect(await (await alpha('/admin/customers?q=rivera', { cookie: alphaSession })).text()).not.toContain('Jordan');
    const jordan = await env.signInBorrower();
    expect((await client()('/admin/customers?q=rivera', { cookie: jordan })).status).toBe(303);
  });
});

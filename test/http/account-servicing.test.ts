import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

type JsonRow = { action: string; actor: { name: string | null; role: string }; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

describe('servicing an open account: status, customers and roles, each audited (issue 11, item 15)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let agent: string;
  let agentName: string;
  let sam: { id: string };
  const account = 'PL-118342';
  const path = `/admin/accounts/${account}`;
  const accountRow = async () => (await tdb().accounts.findByDisplayId(account))!;
  const roles = async () => Object.fromEntries((await tdb().accounts.links((await accountRow()).id)).map((l) => [l.customerId, l.role]));
  const audits = async (action: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, action)));

  beforeAll(async () => {
    ({ host, demo } = env);
    const a = await tdb().agents.create({ email: `kim-${newId()}@sunrise-lending.example`, name: 'Kim Alvarez', role: 'agent' }, clock.now());
    agentName = a.name;
    agent = (await startSession(tdb(), { type: 'agent', id: a.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    sam = await tdb().customers.create({ firstName: 'Samira', lastName: 'Voss', email: `samira-${newId()}@example.com`, dateOfBirth: '1990-02-03' }, clock.now());
  });

  it('changes the status from the lender’s list, audited before and after; a status not in the list is refused with what was chosen kept', async () => {
    const page = await (await client()(path, { cookie: agent })).text();
    expect(page).toContain(`action="${path}/status#account-status"`);
    expect(page).toMatch(/<option value="Charged Off">Charged Off<\/option>/);

    const bad = await client()(`${path}/status`, { cookie: agent, form: { status: 'Wildly late' } });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Choose one of the account statuses in the list.');
    expect(badHtml).toContain('<option value="Wildly late" selected="">Wildly late</option>');
    expect((await accountRow()).status).toBe('Past Due');

    const res = await client()(`${path}/status`, { cookie: agent, form: { status: 'Charged Off' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?saved=status#account-status`);
    expect((await accountRow()).status).toBe('Charged Off');
    expect(await (await client()(res.headers.get('location')!, { cookie: agent })).text()).toContain(`${account} is now Charged Off.`);
    const [row] = await audits('account.status-changed');
    expect(row).toMatchObject({ entityType: 'account', entityId: (await accountRow()).id, before: { status: 'Past Due' }, after: { status: 'Charged Off' } });
    // Back, for the other tests.
    expect((await client()(`${path}/status`, { cookie: agent, form: { status: 'Past Due' } })).status).toBe(303);
  });

  it('finds a customer to add (htmx and a plain search), adds them with a role, and refuses a second link or no choice, keeping the input', async () => {
    const fragment = await client()(`${path}/customers?q=voss`, { cookie: agent, headers: { 'hx-request': 'true', 'hx-target': 'account-customer-picks' } });
    const picks = await fragment.text();
    expect(picks).not.toContain('<html');
    expect(picks).toContain(`value="${sam.id}"`);
    expect(picks).toContain('born 1990');
    const plain = await client()(`${path}/customers?q=voss`, { cookie: agent });
    expect(plain.status).toBe(303);
    const searched = await (await client()(`/admin/accounts/${account}?q=voss&role=Other&emailAccess=on`, { cookie: agent })).text();
    expect(searched).toContain(`value="${sam.id}"`);
    expect(searched).toMatch(/<option value="Other" selected="">Other<\/option>/);

    const none = await client()(`${path}/customers`, { cookie: agent, form: { q: 'voss', role: 'Secondary', emailAccess: 'on', webAccess: 'on' } });
    expect(none.status).toBe(422);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('Find the customer by name, email or phone, and choose them in the list.');
    expect(noneHtml).toContain('value="voss"');
    expect(noneHtml).toContain(`value="${sam.id}"`);

    const res = await client()(`${path}/customers`, { cookie: agent, form: { q: 'voss', customer: sam.id, role: 'Secondary', emailAccess: 'on', webAccess: 'on' } });
    expect(res.status).toBe(303);
    expect(await roles()).toEqual({ [demo.borrower.id]: 'Primary', [sam.id]: 'Secondary' });
    const link = (await tdb().accounts.links((await accountRow()).id)).find((l) => l.customerId === sam.id)!;
    expect(link).toMatchObject({ emailAccess: true, webAccess: true, smsAccess: false });
    expect((await audits('account.customer-added'))[0]).toMatchObject({ entityType: 'account', after: { customer: sam.id, role: 'Secondary' } });
    expect((await audits('link.added')).find((r) => r.entityId === sam.id)).toMatchObject({ entityType: 'customer', after: { account, role: 'Secondary' } });

    const twice = await client()(`${path}/customers`, { cookie: agent, form: { customer: sam.id, role: 'Other' } });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('Samira Voss is already on PL-118342');
    const unknownRole = await client()(`${path}/customers`, { cookie: agent, form: { customer: sam.id, role: 'Boss' } });
    expect(unknownRole.status).toBe(422);
    expect(await unknownRole.text()).toContain('Choose the customer’s role on the account.');
  });

  it('keeps exactly one Primary: a new Primary demotes the old one; the Primary cannot step down or be removed', async () => {
    const stepDown = await client()(`${path}/customers/${demo.borrower.id}/role`, { cookie: agent, form: { role: 'Secondary' } });
    expect(stepDown.status).toBe(409);
    expect(await stepDown.text()).toContain('Every account needs a Primary: make someone else Primary on PL-118342 first.');
    const removePrimary = await client()(`${path}/customers/${demo.borrower.id}/remove`, { cookie: agent, form: {} });
    expect(removePrimary.status).toBe(409);
    expect(await removePrimary.text()).toContain('Jordan Rivera is the Primary on PL-118342: make someone else Primary first');
    expect((await client()(`${path}/customers/${sam.id}/role`, { cookie: agent, form: { role: 'Chief' } })).status).toBe(422);

    const promote = await client()(`${path}/customers/${sam.id}/role`, { cookie: agent, form: { role: 'Primary' } });
    expect(promote.status).toBe(303);
    expect(await roles()).toEqual({ [demo.borrower.id]: 'Secondary', [sam.id]: 'Primary' });
    const changes = (await audits('account.role-changed')).map((r) => [r.before, r.after]);
    expect(changes).toEqual(expect.arrayContaining([[{ customer: sam.id, role: 'Secondary' }, { customer: sam.id, role: 'Primary' }], [{ customer: demo.borrower.id, role: 'Primary' }, { customer: demo.borrower.id, role: 'Secondary' }]]));
    expect((await audits('link.role-changed')).filter((r) => r.entityId === demo.borrower.id).at(-1)).toMatchObject({ before: { account, role: 'Primary' }, after: { account, role: 'Secondary' } });

    // And back: Jordan Primary again.
    expect((await client()(`${path}/customers/${demo.borrower.id}/role`, { cookie: agent, form: { role: 'Primary' } })).status).toBe(303);
    expect(await roles()).toEqual({ [demo.borrower.id]: 'Primary', [sam.id]: 'Secondary' });
  });

  it('removes a customer, but not while their AutoPay is on for the account', async () => {
    const a = await accountRow();
    const methodId = newId();
    await tdb().paymentMethods.add({ id: methodId, customerId: sam.id, kind: 'card', processor: 'sandbox', processorToken: `tok_${newId()}`, cardBrand: 'Visa', expiryMonth: 4, expiryYear: 2031, last4: '4242', holderName: 'Samira Voss', isDefault: true }, clock.now());
    const autopayId = newId();
    await tdb().autopays.add({ id: autopayId, customerId: sam.id, accountId: a.id, paymentMethodId: methodId, frequency: 'monthly', startDate: '2026-12-01', amountType: 'amount_due', status: 'active', nextRunDate: '2026-12-01', authorizationText: 'I authorise.', authorizedAt: clock.now() }, clock.now());
    const blocked = await client()(`${path}/customers/${sam.id}/remove`, { cookie: agent, form: {} });
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain('Samira Voss has AutoPay on for PL-118342: stop it first.');
    await tdb().autopays.update(autopayId, { status: 'stopped' }, clock.now());

    const res = await client()(`${path}/customers/${sam.id}/remove`, { cookie: agent, form: {} });
    expect(res.status).toBe(303);
    expect(await roles()).toEqual({ [demo.borrower.id]: 'Primary' });
    expect((await audits('account.customer-removed'))[0]).toMatchObject({ entityType: 'account', before: { customer: sam.id, role: 'Secondary' }, after: null });
    expect((await audits('link.removed'))[0]).toMatchObject({ entityType: 'customer', entityId: sam.id, before: { account, role: 'Secondary' } });
    // Someone not on the account: 404.
    expect((await client()(`${path}/customers/${sam.id}/remove`, { cookie: agent, form: {} })).status).toBe(404);
  });

  it('shows every change on the account’s History tab, by name and role, and as JSON', async () => {
    const html = await (await client()(`${path}?tab=history`, { cookie: agent })).text();
    const text = html.slice(html.indexOf('id="account-history"')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Status changed');
    expect(text).toContain('Status: Past Due');
    expect(text).toContain('Status: Charged Off');
    expect(text).toContain('Customer added');
    expect(text).toContain('Customer: Samira Voss');
    expect(text).toContain('Customer removed');
    expect(text).toContain(`${agentName} (agent)`);
    expect(text).not.toContain(sam.id);
    const json = (await (await client()(`${path}/history.json`, { cookie: agent })).json()) as { history: JsonRow[] };
    expect(json.history.find((r) => r.action === 'account.status-changed')!.actor).toMatchObject({ name: agentName, role: 'agent' });
  });

  it('lets read-only staff look but not change (403), and answers 404 to another tenant’s staff on every new route', async () => {
    const viewer = await env.staffSession('read_only');
    const page = await (await client()(path, { cookie: viewer })).text();
    expect(page).not.toContain(`${path}/status`);
    expect(page).not.toContain('id="add-customer"');
    const posts: [string, Record<string, string>][] = [
      [`${path}/status`, { status: 'Closed' }],
      [`${path}/customers`, { customer: sam.id, role: 'Other' }],
      [`${path}/customers/${demo.borrower.id}/role`, { role: 'Other' }],
      [`${path}/customers/${demo.borrower.id}/remove`, {}],
    ];
    for (const [p, form] of posts) expect((await client()(p, { cookie: viewer, form })).status, p).toBe(403);
    expect((await accountRow()).status).toBe('Past Due');
    expect((await client()(`${path}/history.json`, { cookie: viewer })).status).toBe(200);

    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Owner', role: 'owner' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    for (const [p, form] of posts) expect((await alpha(p, { cookie: alphaSession, form })).status, p).toBe(404);
    for (const p of [`${path}/customers?q=voss`, `${path}/history.json`, `${path}?tab=history`]) expect((await alpha(p, { cookie: alphaSession })).status, p).toBe(404);
    // An alpha customer cannot be added to a demo account either (it is not this tenant's customer).
    const alphaCustomer = await alphaTdb.customers.create({ firstName: 'Al', lastName: 'Pha', email: `al-${newId()}@alpha.example` }, clock.now());
    const cross = await client()(`${path}/customers`, { cookie: agent, form: { customer: alphaCustomer.id, role: 'Other' } });
    expect(cross.status).toBe(422);
    expect(await roles()).toEqual({ [demo.borrower.id]: 'Primary' });
  });
});

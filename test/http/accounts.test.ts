import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAccounts, tenants as tenantsTable } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { seedDemo, DEMO } from '../../src/services/seed';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

describe("the borrower's accounts page", () => {
  const clock = fixedClock('2026-11-22T15:00:00Z');
  let host: NodeTestHost;
  let demo: NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    demo = (await seedDemo({ db: host.db, clock, queue: host.deps.queue, config: host.deps.config, files: host.deps.files }))!;
  });
  afterAll(() => host.stop());

  const signIn = async (slug: string, email: string, password: string) => sessionTokenOf(await tenantClient(host.app, slug)('/login', { form: { email, password } }));

  it('lists each account with Web access, with its figures, paid-off ones apart', async () => {
    const token = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    const html = await (await tenantClient(host.app, 'demo')('/', { cookie: token })).text();
    expect(html).toContain('Welcome back, Jordan Rivera');
    for (const id of ['AL-204817', 'PL-118342', 'LC-550921', 'CC-907355', 'PL-100577']) expect(html).toContain(id);
    const [open, settled] = html.split('Paid off and closed');
    expect(settled).toContain('PL-100577');
    expect(open).not.toContain('PL-100577');
    expect(open).toMatch(/is past due \(\d+ days\)/); // the personal loan that is behind
    expect(open).toContain('Available credit');
    expect(open).toMatch(/Next payment<\/dt><dd>\$[\d,]+\.\d\d due /);
  });

  it('opens an account on its summary: facts, charts with text alternatives, and the schedule', async () => {
    const token = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    const res = await tenantClient(host.app, 'demo')('/accounts/AL-204817', { cookie: token });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Interest rate</dt><dd>5.9%');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Paid \$[\d,.]+ of \$28,500.00 principal"/);
    expect(html).toContain('aria-label="Principal balance falling and cumulative principal and interest paid, by payment date"');
    expect(html).toContain('See the schedule, payment by payment');
    expect((html.match(/<tr class="schedule-row[^"]*"><th scope="row" data-label="#">\d+<\/th>/g) ?? []).length).toBe(60);
    // The schedule marks what is paid and what is coming: 14 paid, 46 upcoming, none missed.
    expect((html.match(/<tr class="schedule-row schedule-paid">/g) ?? []).length).toBe(14);
    expect((html.match(/<tr class="schedule-row schedule-upcoming">/g) ?? []).length).toBe(46);
    expect(html).toContain('Status</dt><dd>Active');
    expect(html).toContain('aria-current="page"');
  });

  it('answers tab requests from htmx with just the tab, and filters and downloads transactions', async () => {
    const token = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    const get = (path: string, headers: Record<string, string> = {}) =>
      host.app.request(`https://demo.portal.test${path}`, { headers: { cookie: `__Host-session=${token}`, ...headers } });
    const frag = await get('/accounts/AL-204817/transactions', { 'hx-request': 'true', 'hx-target': 'account-tab' });
    const fragHtml = await frag.text();
    expect(fragHtml).not.toContain('<html');
    expect(fragHtml).toContain('id="account-tab"');
    expect((fragHtml.match(/<td data-label="Type">Payment<\/td>/g) ?? []).length).toBe(14);
    const csv = await get('/accounts/AL-204817/transactions.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="AL-204817-transactions.csv"');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('date,type,description,amount,principal,interest,fees,reference');
    expect(lines).toHaveLength(15);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},payment,Payment — thank you,549\.66,\d+\.\d\d,\d+\.\d\d,0\.00,AL-014$/);
    const none = await (await get('/accounts/AL-204817/transactions?kind=fee')).text();
    expect(none).toContain('No transactions match.');
    const bad = await get('/accounts/AL-204817/transactions?from=yesterday');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter dates as year-month-day');
    const collateral = await (await get('/accounts/AL-204817/collateral')).text();
    expect(collateral).toContain('2022 Subaru Outback Premium');
    expect(collateral).toContain('Granite State Mutual');
    // A line's summary: balance, credit, the statement and what it asks for.
    const lineSummary = await (await get('/accounts/LC-550921/summary')).text();
    expect(lineSummary).toContain('Available credit');
    expect(lineSummary).toContain('Minimum payment');
    expect(lineSummary).toContain('Annual percentage rate</dt><dd>17.5%');
    const statements = await (await get('/accounts/LC-550921/statements')).text();
    const links = [...statements.matchAll(/href="(\/accounts\/LC-550921\/statements\/[^"]+\.pdf)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(3);
    const pdf = await get(links[0]!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="LC-550921-statement-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    // A statement of another account, through this account's address, is not found.
    const statementId = /statements\/([^/]+)\.pdf/.exec(links[0]!)![1];
    expect((await get(`/accounts/PL-118342/statements/${statementId}.pdf`)).status).toBe(404);
  });

  it('hides an account whose Web access is switched off', async () => {
    const tdb = forTenant(host.db, demo.tenant.id);
    const auto = (await tdb.accounts.findByDisplayId('AL-204817'))!;
    await host.db.update(customerAccounts).set({ webAccess: false }).where(and(eq(customerAccounts.tenantId, demo.tenant.id), eq(customerAccounts.accountId, auto.id)));
    const token = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    const html = await (await tenantClient(host.app, 'demo')('/', { cookie: token })).text();
    expect(html).not.toContain('AL-204817');
    expect(html).toContain('PL-118342');
    expect((await tenantClient(host.app, 'demo')('/accounts/AL-204817', { cookie: token })).status).toBe(404);
  });

  it("never shows another borrower's or another tenant's accounts", async () => {
    const token = await signIn('alpha', 'pat@alpha.example', FIXTURE_PASSWORD);
    const html = await (await tenantClient(host.app, 'alpha')('/', { cookie: token })).text();
    expect(html).toContain('FX-1');
    for (const id of ['AL-204817', 'PL-118342', 'LC-550921']) expect(html).not.toContain(id);
    expect((await tenantClient(host.app, 'alpha')('/accounts/PL-118342', { cookie: token })).status).toBe(404);
    expect((await tenantClient(host.app, 'demo')('/accounts/FX-1', { cookie: await signIn('demo', DEMO.borrower.email, DEMO.borrower.password) })).status).toBe(404);
    // Jordan's cookie on alpha's host opens nothing.
    const jordan = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    expect(await (await tenantClient(host.app, 'alpha')('/', { cookie: jordan })).text()).not.toContain('Jordan');
  });
});

describe('what the lender lets borrowers see', () => {
  const clock = fixedClock('2026-11-22T15:00:00Z');
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    const demo = (await seedDemo({ db: host.db, clock, queue: host.deps.queue, config: host.deps.config, files: host.deps.files }))!;
    await host.db
      .update(tenantsTable)
      .set({ settings: { ...demo.tenant.settings, portal: { sections: { statements: false, collateral: false }, summaryFields: { payoff: false, daysPastDue: false } } } })
      .where(eq(tenantsTable.id, demo.tenant.id));
  });
  afterAll(() => host.stop());

  it('leaves hidden sections and figures out of the pages, and their addresses answer 404', async () => {
    const token = sessionTokenOf(await tenantClient(host.app, 'demo')('/login', { form: { email: DEMO.borrower.email, password: DEMO.borrower.password } }));
    const get = (path: string) => tenantClient(host.app, 'demo')(path, { cookie: token });
    const summary = await (await get('/accounts/AL-204817/summary')).text();
    expect(summary).not.toContain('>Collateral</a>');
    expect(summary).not.toContain('Payoff today');
    expect(summary).toContain('Principal balance');
    expect((await get('/accounts/AL-204817/collateral')).status).toBe(404);
    expect((await get('/accounts/LC-550921/statements')).status).toBe(404);
    expect((await get('/accounts/LC-550921/statements/anything.pdf')).status).toBe(404);
    const home = await (await get('/')).text();
    // The days-past-due figure is hidden; that money is past due is never hidden.
    expect(home).toMatch(/is past due, including/);
    expect(home).not.toMatch(/is past due \(\d+ days\)/);
    expect((await get('/accounts/LC-550921/transactions')).status).toBe(200);
  });
});

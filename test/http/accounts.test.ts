import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAccounts } from '../../src/db/schema';
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
    demo = (await seedDemo({ db: host.db, clock, queue: host.deps.queue, config: host.deps.config }))!;
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

  it('hides an account whose Web access is switched off', async () => {
    const tdb = forTenant(host.db, demo.tenant.id);
    const auto = (await tdb.accounts.findByDisplayId('AL-204817'))!;
    await host.db.update(customerAccounts).set({ webAccess: false }).where(and(eq(customerAccounts.tenantId, demo.tenant.id), eq(customerAccounts.accountId, auto.id)));
    const token = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    const html = await (await tenantClient(host.app, 'demo')('/', { cookie: token })).text();
    expect(html).not.toContain('AL-204817');
    expect(html).toContain('PL-118342');
  });

  it("never shows another borrower's or another tenant's accounts", async () => {
    const token = await signIn('alpha', 'pat@alpha.example', FIXTURE_PASSWORD);
    const html = await (await tenantClient(host.app, 'alpha')('/', { cookie: token })).text();
    expect(html).toContain('FX-1');
    for (const id of ['AL-204817', 'PL-118342', 'LC-550921']) expect(html).not.toContain(id);
    // Jordan's cookie on alpha's host opens nothing.
    const jordan = await signIn('demo', DEMO.borrower.email, DEMO.borrower.password);
    expect(await (await tenantClient(host.app, 'alpha')('/', { cookie: jordan })).text()).not.toContain('Jordan');
  });
});

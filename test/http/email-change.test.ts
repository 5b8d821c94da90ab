import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant } from '../../src/db/tenant';
import type { EmailSender, OutgoingEmail } from '../../src/integrations/email';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { openLoan } from '../../src/services/servicing';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

/** Item 19: email change is limited per person and per IP, and never tells whether an address is taken. */
describe('changing the sign-in email', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const PASSWORD = 'Granite-Harbor-42';
  const sent: OutgoingEmail[] = [];
  const sender: EmailSender = { provider: 'outbox', send: async (email) => (sent.push(email), { providerMessageId: null }) };
  let host: NodeTestHost;
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const deliver = () => host.jobQueue.drain(buildHandlers({ db: host.db, sender, clock, config: host.deps.config }), silentLogger);
  const signIn = async (email: string) => sessionTokenOf(await request('/login', { form: { email, password: PASSWORD } }));
  const ask = (cookie: string, email: string) => request('/security/email', { cookie, form: { email, password: PASSWORD } });
  const codesSent = () => sent.filter((e) => /^Confirm your new email/.test(e.subject));

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false, sender });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    const tdb = forTenant(host.db, tenant.id);
    const holders = [];
    for (const name of ['ana', 'ben', 'cai', 'dee', 'eli', 'fay', 'taken']) {
      const c = await tdb.customers.create({ firstName: name, lastName: 'Mover', email: `${name}@example.com`, passwordHash: await hashPassword(PASSWORD) }, clock.now());
      holders.push({ customerId: c.id, role: holders.length === 0 ? ('Primary' as const) : ('Secondary' as const) });
    }
    await openLoan(tdb, tenant, { displayId: 'EC-1', productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders }, clock.now());
  });
  afterAll(() => host.stop());

  it('sends at most five codes an hour to one person, however right the password, then says so by the field, keeping the input', async () => {
    const ana = await signIn('ana@example.com');
    const answers = [];
    for (let i = 1; i <= 25; i++) answers.push(await ask(ana, `ana-${i}@example.com`));
    await deliver();
    expect(answers.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.slice(5).every((r) => r.status === 429)).toBe(true);
    expect(codesSent().map((e) => e.to)).toEqual(['ana-1@example.com', 'ana-2@example.com', 'ana-3@example.com', 'ana-4@example.com', 'ana-5@example.com']);
    const refused = await answers[24]!.text();
    expect(answers[24]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused).toMatch(/id="f-new-email-error">Too many confirmation codes sent\. Try again in \d+ minutes\./);
    expect(refused).toContain('value="ana-25@example.com"');
  });

  it('sends at most twenty an hour from one IP, whoever is signed in', async () => {
    for (const name of ['ben', 'cai', 'dee']) {
      const cookie = await signIn(`${name}@example.com`);
      for (let i = 1; i <= 5; i++) expect((await ask(cookie, `${name}-${i}@example.com`)).status).toBe(200);
    }
    // Twenty from this address now (Ana's five and these fifteen): a sixth person is refused too.
    const eli = await signIn('eli@example.com');
    expect((await ask(eli, 'eli-1@example.com')).status).toBe(429);
    clock.advance(61 * 60_000);
    expect((await ask(await signIn('eli@example.com'), 'eli-2@example.com')).status).toBe(200);
  });

  it('answers the same whether the new address is free or another person’s sign-in; the owner of a taken one is told, and no code can confirm it', async () => {
    clock.advance(2 * 60 * 60_000);
    await deliver();
    const before = sent.length;
    const fay = await signIn('fay@example.com');
    const free = await ask(fay, 'fay.free@example.com');
    const taken = await ask(fay, 'taken@example.com');
    expect(taken.status).toBe(free.status);
    // Pages carry a per-request nonce; without it (and the address), the answers are the same.
    const normalise = async (res: Response, address: string) => (await res.text()).replace(/nonce-?[=":A-Za-z0-9+/]*/g, '').replaceAll(address, 'ADDRESS');
    expect(await normalise(taken, 'taken@example.com')).toBe(await normalise(free, 'fay.free@example.com'));

    await deliver();
    const mail = sent.slice(before);
    expect(mail.map((e) => [e.to, e.subject])).toEqual([
      ['fay.free@example.com', expect.stringMatching(/^Confirm your new email for Alpha Portal: \d{6}$/)],
      ['taken@example.com', 'Someone tried to use your email address at Alpha Portal'],
    ]);
    expect(mail[1]!.text).toContain('nothing was changed and no code was sent');
    expect(mail[1]!.text).not.toMatch(/\d{6}/);

    // The pending change is to the taken address: whatever code is tried, it is just "not right".
    const tried = await request('/security/email/confirm', { cookie: fay, form: { code: '123456' } });
    expect(tried.status).toBe(422);
    expect(await tried.text()).toContain('That code is not right.');
    expect((await forTenant(host.db, host.fixtures.alpha.id).customers.findByUsername('fay@example.com'))!.email).toBe('fay@example.com');
  });
});

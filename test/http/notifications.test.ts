import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { hashPassword } from '../../src/auth/passwords';
import { totpAt } from '../../src/auth/totp';
import { tenantsRepo } from '../../src/db/platform';
import { agents as agentsTable, tenants } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import type { EmailSender, OutgoingEmail } from '../../src/integrations/email';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { issueRecoveryCodes } from '../../src/services/mfa';
import { DEMO } from '../../src/services/seed';
import { openLoan } from '../../src/services/servicing';
import { useDemoHost } from '../support/demo-host';
import { sessionTokenOf, tenantClient, tenantOrigin } from '../support/http-client';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';
import { outboxTexts } from '../support/outbox';
import { softAuthenticator } from '../support/soft-authenticator';

/** An email sender that only keeps what it is given: what was really sent, as against what was recorded. */
function capturingSender() {
  const sent: OutgoingEmail[] = [];
  const sender: EmailSender = { provider: 'outbox', send: async (email) => (sent.push(email), { providerMessageId: null }) };
  return { sent, sender };
}

describe('account notices honour each link’s Email access; security messages always go (item 11)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  const { sent, sender } = capturingSender();
  const deliver = () => env.host.jobQueue.drain(buildHandlers({ db: env.host.db, sender, clock, config: env.host.deps.config, processor: env.host.deps.processor, queue: env.host.deps.queue }), silentLogger);
  const toJordan = (pattern: RegExp) => sent.filter((e) => e.to === DEMO.borrower.email && pattern.test(e.subject));
  let agent = '';
  let jordan = '';
  let card = '';
  const setLink = (displayId: string, access: { email: boolean; web?: boolean }) =>
    client()(`/admin/customers/${env.demo.borrower.id}/links/${displayId}`, { cookie: agent, form: { role: 'Primary', ...(access.email ? { emailAccess: 'on' } : {}), ...((access.web ?? true) ? { webAccess: 'on' } : {}) } });
  /** A payment staff take on the phone with the borrower's saved card, run to the end. */
  const staffPayment = async (displayId: string, amount: string) => {
    const page = await (await client()(`/admin/accounts/${displayId}?tab=payments`, { cookie: agent })).text();
    const key = /name="key" value="([^"]+)"/.exec(page)![1]!;
    const res = await client()(`/admin/accounts/${displayId}/payments/process`, { cookie: agent, form: { key, method: card, amount } });
    expect(res.status).toBe(303);
    await deliver();
    return /saved=(P-[0-9A-Z]{8})/.exec(res.headers.get('location') ?? '')![1]!;
  };

  beforeAll(async () => {
    agent = await env.staffSession('agent');
    jordan = await env.signInBorrower();
    card = await env.addSandboxCard(jordan, '4242424242424242');
    await deliver();
  });

  it('with Email access off on AL-204817, its receipt is not sent and staff see it as not sent, with why; back on, the next one goes', async () => {
    expect((await setLink('AL-204817', { email: false })).status).toBe(303);
    const before = sent.length;
    const reference = await staffPayment('AL-204817', '50.00');
    expect((await tdb().payments.findByReference(reference))!.status).toBe('completed');
    expect(sent.slice(before).filter((e) => e.to === DEMO.borrower.email)).toEqual([]);

    const kept = (await tdb().emails.forCustomer(env.demo.borrower.id)).find((e) => e.template === 'payment-notice' && e.text.includes(reference))!;
    expect(kept).toMatchObject({ subject: 'Payment received: $50.00', provider: 'none', providerMessageId: null, suppressedReason: 'email access is off for AL-204817' });
    const viewer = await env.staffSession('read_only');
    const history = await (await client()(`/admin/customers/${env.demo.borrower.id}/communications`, { cookie: viewer })).text();
    expect(history).toContain('Payment received: $50.00');
    expect(history).toContain('Not sent: email access is off for AL-204817');
    const whole = await (await client()(`/admin/customers/${env.demo.borrower.id}/communications/emails/${kept.id}`, { cookie: viewer })).text();
    expect(whole).toContain('<dt>Not sent</dt>');
    expect(whole).toContain('email access is off for AL-204817');
    const exported = JSON.parse(await (await client()(`/admin/customers/${env.demo.borrower.id}/export.json`, { cookie: agent })).text()) as { emails: { subject: string; notSent?: string }[] };
    expect(exported.emails.find((e) => e.subject === 'Payment received: $50.00')!.notSent).toBe('email access is off for AL-204817');

    // Another account's notices are not held back by this one's switch.
    const other = await staffPayment('PL-118342', '25.00');
    expect(toJordan(/^Payment received: \$25\.00$/)).toHaveLength(1);
    expect(sent.at(-1)!.text).toContain(other);

    expect((await setLink('AL-204817', { email: true })).status).toBe(303);
    const again = await staffPayment('AL-204817', '40.00');
    const receipt = toJordan(/^Payment received: \$40\.00$/);
    expect(receipt).toHaveLength(1);
    expect(receipt[0]!.text).toContain(again);
  });

  it('sends sign-in codes and reset links however every link’s Email access is set', async () => {
    const links = await tdb().accounts.forCustomer(env.demo.borrower.id);
    for (const { account } of links) expect((await setLink(account.displayId, { email: false })).status).toBe(303);
    expect((await tdb().accounts.forCustomer(env.demo.borrower.id)).every((l) => !l.link.emailAccess)).toBe(true);

    expect((await client()('/forgot', { form: { email: DEMO.borrower.email } })).status).toBe(200);
    // A lender that requires a second step: the emailed code goes too.
    const tenant = (await tenantsRepo(env.host.db).findById(env.demo.tenant.id))!;
    await env.host.db.update(tenants).set({ settings: { ...tenant.settings, signIn: { mfa: 'required', methods: ['email'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, tenant.id));
    const fresh = tenantClient(createApp(env.host.deps), 'demo');
    try {
      const partial = sessionTokenOf(await fresh('/login', { form: { email: DEMO.borrower.email, password: DEMO.borrower.password, next: '/' } }));
      expect(await (await fresh('/login/verify/email', { cookie: partial, form: { next: '/' } })).text()).toContain('We sent a code to');
      await deliver();
      expect(toJordan(/^Reset your .* password$/)).toHaveLength(1);
      const [code] = toJordan(/sign-in code: \d{6}$/);
      expect(code).toBeDefined();
      const ok = await fresh('/login/verify/email-code', { cookie: partial, form: { code: /sign-in code is: (\d{6})/.exec(code!.text)![1]!, next: '/' } });
      expect(ok.status).toBe(303);
      expect((await tdb().emails.forCustomer(env.demo.borrower.id)).filter((e) => e.template !== 'payment-notice').every((e) => e.suppressedReason === null)).toBe(true);
    } finally {
      await env.host.db.update(tenants).set({ settings: tenant.settings }).where(eq(tenants.id, tenant.id));
      for (const { account } of links) await setLink(account.displayId, { email: true });
    }
  });
});

describe('security changes are emailed at once: what, when, and what to do if it was not them (item 8)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const PASSWORD = 'Granite-Harbor-42';
  const NEW_PASSWORD = 'Copper-Meadow-77';
  const { sent, sender } = capturingSender();
  let host: NodeTestHost;
  let customerId = '';
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const deliver = () => host.jobQueue.drain(buildHandlers({ db: host.db, sender, clock, config: host.deps.config }), silentLogger);
  const login = async (email: string, password: string, next = '/security') => request('/login', { form: { email, password, next } });
  /** The one security notice delivered since `from`, to that address. */
  const noticeTo = (to: string, from: number) => {
    const notices = sent.slice(from).filter((e) => e.to === to);
    expect(notices, `one notice to ${to}`).toHaveLength(1);
    const [email] = notices;
    // Never a link that signs in; always when, and what to do.
    expect(email!.text).not.toMatch(/token=/);
    expect(email!.text).toContain('When: Nov 22, 2026');
    expect(email!.text).toMatch(/If (this|it) was not you/);
    return email!;
  };

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false, sender });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    await host.db.update(tenants).set({ settings: { ...tenant.settings, signIn: { mfa: 'optional', methods: ['email', 'sms', 'totp', 'passkey'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, tenant.id));
    const tdb = forTenant(host.db, tenant.id);
    const customer = await tdb.customers.create({ firstName: 'Sasha', lastName: 'Secure', email: 'sasha@example.com', passwordHash: await hashPassword(PASSWORD) }, clock.now());
    customerId = customer.id;
    const mover = await tdb.customers.create({ firstName: 'Kim', lastName: 'Mover', email: 'kim@example.com', passwordHash: await hashPassword(PASSWORD) }, clock.now());
    await openLoan(tdb, tenant, { displayId: 'SEC-1', productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: customer.id, role: 'Primary' }, { customerId: mover.id, role: 'Secondary' }] }, clock.now());
  });
  afterAll(() => host.stop());

  it('a password change, a reset through the emailed link', async () => {
    const token = sessionTokenOf(await login('sasha@example.com', PASSWORD));
    let from = sent.length;
    expect((await request('/security/password', { cookie: token, form: { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD } })).headers.get('location')).toBe('/security?done=password');
    await deliver();
    const changed = noticeTo('sasha@example.com', from);
    expect(changed.subject).toBe('Your Alpha Portal password was changed');
    expect(changed.text).toContain('reset it now at https://alpha.portal.test/forgot and call us at (555) 010-0000.');

    expect((await request('/forgot', { form: { email: 'sasha@example.com' } })).status).toBe(200);
    await deliver();
    const link = /\/reset\?token=\S+/.exec(sent.at(-1)!.text)![0];
    from = sent.length;
    expect((await request(link)).status).toBe(200);
    const jwt = decodeURIComponent(link.split('token=')[1]!);
    expect((await request('/reset', { form: { token: jwt, password: PASSWORD, confirm: PASSWORD } })).headers.get('location')).toBe('/login?reset=1');
    await deliver();
    expect(noticeTo('sasha@example.com', from).subject).toBe('Your Alpha Portal password was changed');
  });

  it('a new authenticator app, a new passkey, a new phone for codes, and a recovery code used at sign-in', async () => {
    const token = sessionTokenOf(await login('sasha@example.com', PASSWORD));
    let from = sent.length;
    await request('/security/totp/start', { method: 'POST', cookie: token });
    const setup = await (await request('/security/totp', { cookie: token })).text();
    const secret = /data-totp-secret="?[^>]*>([A-Z2-7 ]+)</.exec(setup)![1]!.replace(/ /g, '');
    const done = await request('/security/totp', { cookie: token, form: { code: totpAt(secret, Math.floor(clock.now().getTime() / 1000)) } });
    const recovery = [...(await done.text()).matchAll(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/g)].map((m) => m[1]!);
    expect(recovery).toHaveLength(10);
    await deliver();
    expect(noticeTo('sasha@example.com', from).subject).toBe('An authenticator app was added to your Alpha Portal sign-in');

    // A passkey, registered by a software authenticator on the tenant's host.
    from = sent.length;
    const origin = tenantOrigin('alpha');
    const json = (path: string, body: unknown) => host.app.request(`${origin}${path}`, { method: 'POST', headers: { origin, 'content-type': 'application/json', cookie: `__Host-session=${token}` }, body: JSON.stringify(body) });
    const options = (await (await json('/security/passkeys/options', {})).json()) as { challenge: string; rp: { id: string } };
    const authenticator = await softAuthenticator();
    const added = await json('/security/passkeys', { name: 'Work laptop', response: authenticator.register({ challenge: options.challenge, origin, rpId: options.rp.id }) });
    expect(await added.json()).toEqual({ ok: true, redirect: '/security?done=passkey' });
    await deliver();
    const passkey = noticeTo('sasha@example.com', from);
    expect(passkey.subject).toBe('A passkey was added to your Alpha Portal sign-in');
    expect(passkey.text).toContain('A passkey named “Work laptop” was added');

    from = sent.length;
    expect((await request('/security/phone', { cookie: token, form: { phone: '(303) 555-0133' } })).status).toBe(200);
    const code = /^(\d{6}) is your/.exec((await outboxTexts(forTenant(host.db, host.fixtures.alpha.id), 1))[0]!.body)![1]!;
    expect((await request('/security/phone/confirm', { cookie: token, form: { code } })).headers.get('location')).toBe('/security?done=phone');
    await deliver();
    const phone = noticeTo('sasha@example.com', from);
    expect(phone.subject).toBe('A phone now receives your Alpha Portal sign-in codes');
    expect(phone.text).toContain('•••• 0133');
    expect(phone.text).not.toContain('555-0133');

    clock.advance(60_000);
    from = sent.length;
    const partial = sessionTokenOf(await login('sasha@example.com', PASSWORD, '/'));
    const recovered = await request('/login/verify/recovery', { cookie: partial, form: { code: recovery[0]!, next: '/' } });
    expect(recovered.status).toBe(303);
    await deliver();
    const used = noticeTo('sasha@example.com', from);
    expect(used.subject).toBe('A recovery code was used to sign in to Alpha Portal');
    expect(used.text).toContain('It cannot be used again; 9 codes are left.');
    expect(used.text).not.toContain(recovery[0]!);

    // Taking a factor away is told too.
    from = sent.length;
    const [key] = await forTenant(host.db, host.fixtures.alpha.id).factors.passkeys({ type: 'customer', id: customerId });
    expect((await request(`/security/passkeys/${key!.id}/remove`, { cookie: sessionTokenOf(recovered), form: {} })).headers.get('location')).toBe('/security?done=passkey-removed');
    await deliver();
    expect(noticeTo('sasha@example.com', from).text).toContain('A passkey named “Work laptop” was removed from your sign-in.');
    // Each is in the borrower's communication history, for staff.
    const kept = (await forTenant(host.db, host.fixtures.alpha.id).emails.forCustomer(customerId)).filter((e) => e.template === 'security-notice');
    expect(kept.length).toBeGreaterThanOrEqual(7);
  });

  it('an email change, told to the old address and to the new one', async () => {
    const token = sessionTokenOf(await login('kim@example.com', PASSWORD));
    await request('/security/email', { cookie: token, form: { email: 'kim.new@example.com', password: PASSWORD } });
    await deliver();
    const code = /enter this code: (\d{6})/.exec(sent.at(-1)!.text)![1]!;
    const from = sent.length;
    expect((await request('/security/email/confirm', { cookie: token, form: { code } })).headers.get('location')).toBe('/security?done=email');
    await deliver();
    const old = noticeTo('kim@example.com', from);
    expect(old.subject).toBe('Your Alpha Portal sign-in email was changed');
    expect(old.text).toContain('Your sign-in email is now kim.new@example.com.');
    const fresh = noticeTo('kim.new@example.com', from);
    expect(fresh.subject).toBe('This is now your Alpha Portal sign-in email');
    expect(fresh.text).toContain('instead of kim@example.com');
  });

  it('staff: a recovery code used at the staff sign-in is emailed to them', async () => {
    const tdb = forTenant(host.db, host.fixtures.alpha.id);
    await host.db.update(agentsTable).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(agentsTable.email, 'owner@alpha.example'));
    const owner = (await tdb.agents.findByEmail('owner@alpha.example'))!;
    const codes = await issueRecoveryCodes(tdb, { type: 'agent', id: owner.id }, clock.now());
    const partial = sessionTokenOf(await request('/admin/login', { form: { email: 'owner@alpha.example', password: PASSWORD } }));
    const from = sent.length;
    expect((await request('/admin/login/verify/recovery', { cookie: partial, form: { code: codes[3]!, next: '/admin' } })).headers.get('location')).toBe('/admin');
    await deliver();
    const notice = noticeTo('owner@alpha.example', from);
    expect(notice.subject).toBe('A recovery code was used to sign in to Alpha Portal');
    expect(notice.text).toContain('tell an owner of your team at once');
    expect(notice.text).not.toContain('/forgot');
  });
});

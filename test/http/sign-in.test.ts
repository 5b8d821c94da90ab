import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords';
import { jobs } from '../../src/db/schema';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { buildHandlers } from '../../src/queues/handlers';
import { openLoan } from '../../src/services/servicing';
import { sessionTokenOf, tenantClient, tenantOrigin as origin } from '../support/http-client';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';
import { outboxEmails } from '../support/outbox';

const PASSWORD = 'Granite-Harbor-42';

describe('borrower sign-in', () => {
  const clock = fixedClock('2026-11-22T12:00:00Z');
  let host: NodeTestHost;
  let withPassword: string;
  let withoutPassword: string;

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    const tdb = forTenant(host.db, tenant.id);
    const now = clock.now();
    const a = await tdb.customers.create({ firstName: 'Robin', lastName: 'Quill', email: 'robin@example.com', passwordHash: await hashPassword(PASSWORD) }, now);
    const b = await tdb.customers.create({ firstName: 'Sky', lastName: 'Newman', email: 'sky@example.com' }, now);
    withPassword = a.id;
    withoutPassword = b.id;
    for (const [i, id] of [a.id, b.id].entries()) {
      await openLoan(tdb, tenant, { displayId: `SI-${i}`, productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: id, role: 'Primary' }] }, now);
    }
  });
  afterAll(() => host.stop());

  // Cookies are passed here as "__Host-session=<token>" strings, as the browser sends them.
  const request = (slug: string, path: string, init: { method?: string; form?: Record<string, string>; cookie?: string } = {}) =>
    tenantClient(host.app, slug)(path, { ...init, cookie: init.cookie?.replace(/^__Host-session=/, '') });
  const cookieOf = sessionTokenOf;
  const login = async (email: string, password: string, cookie?: string) => request('alpha', '/login', { form: { email, password }, cookie });
  const deliverEmails = () => host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
  const lastEmailTo = async (to: string) => (await outboxEmails(forTenant(host.db, host.fixtures.alpha.id), 50)).find((e) => e.toAddress === to);
  const linkIn = (text: string) => new URL(/https:\/\/\S+\/reset\?token=\S+/.exec(text)![0]);
  // Pages carry a per-request nonce and request id; without them, answers must be byte-identical.
  const normalise = (html: string) => html.replace(/nonce-?[=":A-Za-z0-9+/]*/g, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');

  it('signs in with the right password, into a __Host- cookie with the safe attributes', async () => {
    const res = await login('Robin@Example.com', PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^__Host-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const home = await (await request('alpha', '/', { cookie: `__Host-session=${cookieOf(res)}` })).text();
    expect(home).toContain('Welcome back, Robin Quill');
    expect(home).toContain('Sign out');
  });

  it('answers a wrong password and an unknown email identically (401)', async () => {
    const wrong = await login('robin@example.com', 'not-the-password');
    const unknown = await login('nobody@example.com', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    // The form keeps what was typed; apart from that the pages are the same.
    expect(normalise(await wrong.text()).replace('robin@example.com', 'EMAIL')).toBe(normalise(await unknown.text()).replace('nobody@example.com', 'EMAIL'));
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('locks an account after five wrong passwords, even against the right one, and says when to retry', async () => {
    const email = 'sky@example.com';
    for (let i = 0; i < 5; i++) expect((await login(email, `wrong-${i}`)).status).toBe(401);
    const sixth = await login(email, 'wrong-6');
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('900');
    expect(await sixth.text()).toContain('Try again in 15 minutes');
    expect((await login(email, PASSWORD)).status).toBe(429);
    clock.advance(15 * 60_000 + 1000);
    expect((await login(email, 'wrong-again')).status).toBe(401);
  });

  it('counts every guess before checking it, so a parallel burst cannot reach the right password', async () => {
    const burst = await Promise.all([...Array.from({ length: 12 }, (_, i) => login('robin@example.com', `burst-${i}`)), login('robin@example.com', PASSWORD)]);
    expect(burst.filter((r) => r.status === 303).length).toBeLessThanOrEqual(1);
    // At most five were checked (the limit); the rest were refused unchecked.
    expect(burst.filter((r) => r.status === 401 || r.status === 303).length).toBeLessThanOrEqual(5);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
    clock.advance(15 * 60_000 + 1000);
  });

  it('gives a new session at every sign-in and ends the one the request came with (no fixation)', async () => {
    const first = cookieOf(await login('robin@example.com', PASSWORD));
    const second = await login('robin@example.com', PASSWORD, `__Host-session=${first}`);
    const secondToken = cookieOf(second);
    expect(secondToken).not.toBe(first);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${first}` })).status).toBe(303);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${secondToken}` })).status).toBe(200);
  });

  it('ends the session at sign-out; the old cookie then opens nothing', async () => {
    const token = cookieOf(await login('robin@example.com', PASSWORD));
    const out = await request('alpha', '/logout', { method: 'POST', cookie: `__Host-session=${token}` });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/__Host-session=;.*Max-Age=0/);
    const replay = await request('alpha', '/security', { cookie: `__Host-session=${token}` });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login?next=%2Fsecurity');
  });

  it("refuses tenant A's session cookie on tenant B's host", async () => {
    const token = cookieOf(await login('robin@example.com', PASSWORD));
    const res = await request('bravo', '/security', { cookie: `__Host-session=${token}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login');
    expect(await (await request('bravo', '/', { cookie: `__Host-session=${token}` })).text()).not.toContain('Robin');
  });

  it('ends idle sessions after the idle timeout and all sessions after the absolute one', async () => {
    const token = cookieOf(await login('robin@example.com', PASSWORD));
    clock.advance(14 * 60_000);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${token}` })).status).toBe(200);
    clock.advance(16 * 60_000);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${token}` })).status).toBe(303);
    const busy = cookieOf(await login('robin@example.com', PASSWORD));
    for (let i = 0; i < 13 * 6; i++) {
      clock.advance(10 * 60_000); // active every 10 minutes, for 13 hours
      if ((await request('alpha', '/security', { cookie: `__Host-session=${busy}` })).status !== 200) break;
    }
    expect((await request('alpha', '/security', { cookie: `__Host-session=${busy}` })).status).toBe(303);
  });

  it('resets a password through an emailed, single-use, expiring link', async () => {
    const sent = await request('alpha', '/forgot', { form: { email: 'robin@example.com' } });
    const unknown = await request('alpha', '/forgot', { form: { email: 'nobody@example.com' } });
    expect(normalise(await sent.text())).toBe(normalise(await unknown.text()));
    await deliverEmails();
    const email = await lastEmailTo('robin@example.com');
    expect(email?.subject).toBe('Reset your Alpha Portal password');
    expect(await lastEmailTo('nobody@example.com')).toBeUndefined();
    const link = linkIn(email!.text);
    expect(link.origin).toBe(origin('alpha'));
    const form = await request('alpha', `${link.pathname}${link.search}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Choose a new password');

    const token = link.searchParams.get('token')!;
    const weak = await request('alpha', '/reset', { form: { token, password: 'password1', confirm: 'password1' } });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('too common');
    const done = await request('alpha', '/reset', { form: { token, password: 'Tidewater-Lantern-9', confirm: 'Tidewater-Lantern-9' } });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login?reset=1');
    expect((await login('robin@example.com', 'Tidewater-Lantern-9')).status).toBe(303);
    // Used once: a replay is refused.
    const replay = await request('alpha', '/reset', { form: { token, password: 'Another-Long-Pass-7', confirm: 'Another-Long-Pass-7' } });
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain('This link no longer works');
    // Expired: a fresh link is refused after 30 minutes.
    await request('alpha', '/forgot', { form: { email: 'robin@example.com' } });
    await deliverEmails();
    const expired = linkIn((await lastEmailTo('robin@example.com'))!.text);
    clock.advance(31 * 60_000);
    expect((await request('alpha', `${expired.pathname}${expired.search}`)).status).toBe(410);
    // And a link is only for its own tenant.
    expect((await request('bravo', `${expired.pathname}${expired.search}`)).status).toBe(410);
  });

  it('does the same work for known and unknown addresses: one queued request each, decided later', async () => {
    const before = await host.db.select().from(jobs);
    await request('alpha', '/forgot', { form: { email: 'robin@example.com' } });
    await request('alpha', '/forgot', { form: { email: 'stranger@example.com' } });
    const added = (await host.db.select().from(jobs)).filter((j) => !before.some((b) => b.id === j.id));
    expect(added.map((j) => JSON.parse(j.body) as { kind: string; email: string }).map((b) => [b.kind, b.email])).toEqual([
      ['password-link', 'robin@example.com'],
      ['password-link', 'stranger@example.com'],
    ]);
    await deliverEmails();
    expect(await lastEmailTo('stranger@example.com')).toBeUndefined();
  });

  it('lets a borrower without a password create one from an emailed sign-up link', async () => {
    const res = await request('alpha', '/signup', { form: { email: 'sky@example.com' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('a link is on its way');
    await deliverEmails();
    const email = await lastEmailTo('sky@example.com');
    expect(email?.template).toBe('set-password');
    const link = linkIn(email!.text);
    expect(await (await request('alpha', `${link.pathname}${link.search}`)).text()).toContain('Create your password');
    const token = link.searchParams.get('token')!;
    expect((await request('alpha', '/reset', { form: { token, password: 'Meadow-Copper-Sail-3', confirm: 'Meadow-Copper-Sail-3' } })).status).toBe(303);
    expect((await login('sky@example.com', 'Meadow-Copper-Sail-3')).status).toBe(303);
  });

  it('changes the password only with the current one, and signs out the other sessions', async () => {
    const password = 'Tidewater-Lantern-9';
    const here = cookieOf(await login('robin@example.com', password));
    const elsewhere = cookieOf(await login('robin@example.com', password));
    const wrong = await request('alpha', '/security/password', { cookie: `__Host-session=${here}`, form: { current: 'nope', password: 'Orchard-Beacon-77', confirm: 'Orchard-Beacon-77' } });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('That is not your current password.');
    const mismatch = await request('alpha', '/security/password', { cookie: `__Host-session=${here}`, form: { current: password, password: 'Orchard-Beacon-77', confirm: 'Orchard-Beacon-78' } });
    expect(await mismatch.text()).toContain('The two passwords are not the same.');
    const ok = await request('alpha', '/security/password', { cookie: `__Host-session=${here}`, form: { current: password, password: 'Orchard-Beacon-77', confirm: 'Orchard-Beacon-77' } });
    expect(ok.status).toBe(303);
    // This device stays signed in, on a new token; the old one is void.
    const rotated = cookieOf(ok);
    expect(rotated).not.toBe(here);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${rotated}` })).status).toBe(200);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${here}` })).status).toBe(303);
    expect((await request('alpha', '/security', { cookie: `__Host-session=${elsewhere}` })).status).toBe(303);
    expect((await forTenant(host.db, host.fixtures.alpha.id).audit.history('customer', withPassword)).map((a) => a.action)).toContain('password.changed');
  });

  it('lists the sessions and signs out one of them; another person’s session id answers 404', async () => {
    const here = cookieOf(await login('robin@example.com', 'Orchard-Beacon-77'));
    await login('robin@example.com', 'Orchard-Beacon-77');
    const page = await (await request('alpha', '/security', { cookie: `__Host-session=${here}` })).text();
    expect(page).toContain('(this device)');
    const others = [...page.matchAll(/\/security\/sessions\/([0-9a-f]{64})\/revoke/g)].map((m) => m[1]!);
    expect(others.length).toBeGreaterThanOrEqual(1);
    expect((await request('alpha', `/security/sessions/${others[0]}/revoke`, { method: 'POST', cookie: `__Host-session=${here}` })).status).toBe(303);
    expect(await (await request('alpha', '/security', { cookie: `__Host-session=${here}` })).text()).not.toContain(others[0]!);

    await login('sky@example.com', 'Meadow-Copper-Sail-3');
    const [skys] = await forTenant(host.db, host.fixtures.alpha.id).sessions.listFor({ type: 'customer', id: withoutPassword });
    const res = await request('alpha', `/security/sessions/${skys!.id}/revoke`, { method: 'POST', cookie: `__Host-session=${here}` });
    expect(res.status).toBe(404);
    expect(await forTenant(host.db, host.fixtures.alpha.id).sessions.find(skys!.id)).toBeDefined();
  });
});

describe('changing the sign-in email', () => {
  const clock = fixedClock('2026-11-22T12:00:00Z');
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    const tdb = forTenant(host.db, tenant.id);
    const c = await tdb.customers.create({ firstName: 'Eve', lastName: 'Mover', email: 'old@example.com', passwordHash: await hashPassword(PASSWORD) }, clock.now());
    await openLoan(tdb, tenant, { displayId: 'EM-1', productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: c.id, role: 'Primary' }] }, clock.now());
  });
  afterAll(() => host.stop());
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const signIn = async (email: string) => sessionTokenOf(await request('/login', { form: { email, password: PASSWORD } }));

  it('confirms the new address with a code sent to it, then signs in with it', async () => {
    const token = await signIn('old@example.com');
    const other = await signIn('old@example.com');
    const wrongPassword = await request('/security/email', { cookie: token, form: { email: 'new@example.com', password: 'nope' } });
    expect(wrongPassword.status).toBe(422);
    const kept = await wrongPassword.text();
    expect(kept).toContain('That is not your password.');
    expect(kept).toContain('value="new@example.com"');
    const bad = await request('/security/email', { cookie: token, form: { email: 'not-an-email', password: PASSWORD } });
    expect(await bad.text()).toContain('Enter an email address');

    const sent = await request('/security/email', { cookie: token, form: { email: 'New@Example.com', password: PASSWORD } });
    expect(await sent.text()).toContain('We sent a 6-digit code to new@example.com');
    await host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
    const mail = (await outboxEmails(forTenant(host.db, host.fixtures.alpha.id), 10)).find((e) => e.template === 'email-change-code')!;
    expect(mail.toAddress).toBe('new@example.com');
    const code = /enter this code: (\d{6})/.exec(mail.text)![1]!;
    expect((await request('/security/email/confirm', { cookie: token, form: { code: code === '000000' ? '111111' : '000000' } })).status).toBe(422);
    const ok = await request('/security/email/confirm', { cookie: token, form: { code } });
    expect(ok.headers.get('location')).toBe('/security?done=email');
    expect((await request('/security', { cookie: other })).status).toBe(303);
    expect(await signIn('new@example.com')).not.toBe('');
    expect((await request('/login', { form: { email: 'old@example.com', password: PASSWORD } })).status).toBe(401);
    await host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
    const told = (await forTenant(host.db, host.fixtures.alpha.id).emails.recent(10)).filter((e) => e.template === 'security-notice');
    expect(told.find((e) => e.toAddress === 'old@example.com')!.subject).toBe('Your Alpha Portal sign-in email was changed');
    expect(told.find((e) => e.toAddress === 'new@example.com')!.subject).toBe('This is now your Alpha Portal sign-in email');
  });
});

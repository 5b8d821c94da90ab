import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords';
import { totpAt } from '../../src/auth/totp';
import { smsOptOutsRepo, tenantsRepo } from '../../src/db/platform';
import { agents as agentsTable, oneTimeTokens, tenants } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { openLoan } from '../../src/services/servicing';
import { sendSmsCode, SmsOptedOutError } from '../../src/services/mfa';
import type { SmsSender } from '../../src/integrations/sms';
import { SmsRecipientOptedOutError } from '../../src/integrations/sms/twilio';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';
import { outboxEmails, outboxTexts } from '../support/outbox';

const PASSWORD = 'Granite-Harbor-42';

describe('two-step verification', () => {
  const clock = fixedClock('2026-11-22T12:00:00Z');
  let host: NodeTestHost;

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    const now = clock.now();
    for (const [slug, email] of [['alpha', 'totp@example.com'], ['bravo', 'emailcode@example.com']] as const) {
      const tenantId = slug === 'alpha' ? host.fixtures.alpha.id : host.fixtures.bravo.id;
      const tenant = (await tenantsRepo(host.db).findById(tenantId))!;
      const tdb = forTenant(host.db, tenantId);
      const customer = await tdb.customers.create({ firstName: 'Mfa', lastName: 'User', email, passwordHash: await hashPassword(PASSWORD) }, now);
      await openLoan(tdb, tenant, { displayId: 'MFA-1', productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: customer.id, role: 'Primary' }] }, now);
    }
    // Bravo requires a second step of everyone, by emailed code.
    const bravo = (await tenantsRepo(host.db).findById(host.fixtures.bravo.id))!;
    await host.db.update(tenants).set({ settings: { ...bravo.settings, signIn: { mfa: 'required', methods: ['email', 'totp'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, bravo.id));
  });
  afterAll(() => host.stop());

  const request = (slug: string, path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, slug)(path, init);
  const tokenOf = sessionTokenOf;
  const login = (slug: string, email: string) => request(slug, '/login', { form: { email, password: PASSWORD, next: '/security' } });
  let secret = '';
  let recovery: string[] = [];

  it('enrols an authenticator app from the QR code and its key, then shows recovery codes once', async () => {
    const first = await login('alpha', 'totp@example.com');
    expect(first.headers.get('location')).toBe('/security'); // no second step yet
    const token = tokenOf(first);
    const other = tokenOf(await login('alpha', 'totp@example.com'));
    const start = await request('alpha', '/security/totp/start', { method: 'POST', cookie: token });
    expect(start.headers.get('location')).toBe('/security/totp');
    const setup = await (await request('alpha', '/security/totp', { cookie: token })).text();
    expect(setup).toContain('<svg');
    expect(setup).toContain('role="img"');
    secret = /data-totp-secret="?[^>]*>([A-Z2-7 ]+)</.exec(setup)![1]!.replace(/ /g, '');
    const bad = await request('alpha', '/security/totp', { cookie: token, form: { code: '000000' } });
    expect(bad.status).toBe(422);
    const unix = Math.floor(clock.now().getTime() / 1000);
    const done = await request('alpha', '/security/totp', { cookie: token, form: { code: totpAt(secret, unix) } });
    expect(done.status).toBe(200);
    const page = await done.text();
    recovery = [...page.matchAll(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/g)].map((m) => m[1]!);
    expect(recovery).toHaveLength(10);
    // Turning on a factor ends the other sessions.
    expect((await request('alpha', '/security', { cookie: other })).status).toBe(303);
    expect(await (await request('alpha', '/security', { cookie: token })).text()).toContain('<strong>On.</strong>');
  });

  it('then asks for a code at sign-in; the half-signed-in session opens nothing and is replaced on success', async () => {
    clock.advance(60_000);
    const res = await login('alpha', 'totp@example.com');
    expect(res.headers.get('location')).toBe('/login/verify?next=%2Fsecurity');
    const partial = tokenOf(res);
    expect((await request('alpha', '/security', { cookie: partial })).status).toBe(303);
    const verify = await (await request('alpha', '/login/verify?next=%2Fsecurity', { cookie: partial })).text();
    expect(verify).toContain('6-digit code from your app');
    expect(verify).toContain('Use a recovery code');
    expect((await request('alpha', '/login/verify/totp', { cookie: partial, form: { code: '123456', next: '/security' } })).status).toBe(401);
    const code = totpAt(secret, Math.floor(clock.now().getTime() / 1000));
    const ok = await request('alpha', '/login/verify/totp', { cookie: partial, form: { code, next: '/security' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/security');
    const full = tokenOf(ok);
    expect(full).not.toBe(partial);
    expect((await request('alpha', '/security', { cookie: full })).status).toBe(200);
    expect((await request('alpha', '/security', { cookie: partial })).status).toBe(303);

    // The same code (same time step) cannot be used again.
    const again = tokenOf(await login('alpha', 'totp@example.com'));
    const replay = await request('alpha', '/login/verify/totp', { cookie: again, form: { code, next: '/' } });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('already used');
    // The next step's code works.
    clock.advance(30_000);
    expect((await request('alpha', '/login/verify/totp', { cookie: again, form: { code: totpAt(secret, Math.floor(clock.now().getTime() / 1000)), next: '/' } })).status).toBe(303);
  });

  it('checks at most five authenticator codes in a parallel burst, even with the right one among them', async () => {
    clock.advance(30_000);
    const partial = tokenOf(await login('alpha', 'totp@example.com'));
    const right = totpAt(secret, Math.floor(clock.now().getTime() / 1000));
    const guesses = Array.from({ length: 20 }, (_, i) => String(100000 + i));
    const burst = await Promise.all([...guesses.map((code) => request('alpha', '/login/verify/totp', { cookie: partial, form: { code, next: '/' } })), request('alpha', '/login/verify/totp', { cookie: partial, form: { code: right, next: '/' } })]);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(16);
    clock.advance(16 * 60_000);
  });

  it('accepts each recovery code once', async () => {
    const first = tokenOf(await login('alpha', 'totp@example.com'));
    expect((await request('alpha', '/login/verify/recovery', { cookie: first, form: { code: recovery[0]!.toLowerCase(), next: '/' } })).status).toBe(303);
    const second = tokenOf(await login('alpha', 'totp@example.com'));
    expect((await request('alpha', '/login/verify/recovery', { cookie: second, form: { code: recovery[0]!, next: '/' } })).status).toBe(401);
  });

  it('asks for the password again before a security change when sign-in was a while ago', async () => {
    const token = tokenOf(await login('alpha', 'totp@example.com'));
    // (second step)
    clock.advance(30_000);
    const full = tokenOf(await request('alpha', '/login/verify/totp', { cookie: token, form: { code: totpAt(secret, Math.floor(clock.now().getTime() / 1000)), next: '/' } }));
    clock.advance(11 * 60_000);
    await request('alpha', '/security', { cookie: full }); // keep the session alive
    const ask = await request('alpha', '/security/recovery-codes', { method: 'POST', cookie: full });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Enter your password to change your security settings.');
    expect((await request('alpha', '/security/confirm', { cookie: full, form: { password: 'wrong', then: '/security/recovery-codes' } })).status).toBe(422);
    const ok = await request('alpha', '/security/confirm', { cookie: full, form: { password: PASSWORD, then: '/security/recovery-codes' } });
    expect(ok.status).toBe(307);
    expect(ok.headers.get('location')).toBe('/security/recovery-codes');
    // Re-authenticating rotates the session token.
    const fresh = tokenOf(ok);
    expect(fresh).not.toBe(full);
    expect((await request('alpha', '/security', { cookie: full })).status).toBe(303);
    const codes = await request('alpha', '/security/recovery-codes', { method: 'POST', cookie: fresh });
    expect(await codes.text()).toContain('New recovery codes');
    // While the app is on, starting setup again does not switch it off.
    expect((await request('alpha', '/security/totp/start', { method: 'POST', cookie: fresh })).headers.get('location')).toBe('/security');
    expect(await (await request('alpha', '/security', { cookie: fresh })).text()).toContain('<strong>On.</strong>');
    // Turning it off: the page says so, and sign-in no longer asks for a code.
    expect((await request('alpha', '/security/totp/remove', { method: 'POST', cookie: fresh })).headers.get('location')).toBe('/security');
    expect(await (await request('alpha', '/security', { cookie: fresh })).text()).toContain('Set up an authenticator app');
    expect((await login('alpha', 'totp@example.com')).headers.get('location')).toBe('/security');
  });

  it('requires an emailed code where the lender requires two steps, capping guesses even in a parallel burst', async () => {
    const res = await login('bravo', 'emailcode@example.com');
    expect(res.headers.get('location')).toBe('/login/verify?next=%2Fsecurity');
    const partial = tokenOf(res);
    const page = await (await request('bravo', '/login/verify', { cookie: partial })).text();
    expect(page).toContain('Email a code to e••••••@example.com');
    const sent = await request('bravo', '/login/verify/email', { cookie: partial, form: { next: '/security' } });
    expect(await sent.text()).toContain('We sent a code to');
    await host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
    const email = (await outboxEmails(forTenant(host.db, host.fixtures.bravo.id), 10)).find((e) => e.template === 'sign-in-code')!;
    const code = /sign-in code is: (\d{6})/.exec(email.text)![1]!;
    const wrongCode = code === '000000' ? '111111' : '000000';

    const burst = await Promise.all(Array.from({ length: 12 }, () => request('bravo', '/login/verify/email-code', { cookie: partial, form: { code: wrongCode, next: '/security' } })));
    expect(burst.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    // Exactly five guesses were checked against the code; the other seven were refused first.
    const [token] = await host.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.purpose, 'mfa-email'));
    expect(token!.attempts).toBe(5);
    expect(burst.filter((r) => r.status === 429).length).toBe(7);
    // The cap is reached: even the right code no longer works (a new code must be sent), and the
    // session is still only half signed in.
    const late = await request('bravo', '/login/verify/email-code', { cookie: partial, form: { code, next: '/security' } });
    expect(late.status).toBe(429);
    expect(late.headers.get('set-cookie')).toBeNull();
    expect((await request('bravo', '/security', { cookie: partial })).status).toBe(303);
  });

  it('signs in with a fresh emailed code once the pause is over', async () => {
    clock.advance(16 * 60_000);
    const partial = tokenOf(await login('bravo', 'emailcode@example.com'));
    await request('bravo', '/login/verify/email', { cookie: partial, form: { next: '/' } });
    await host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
    const emails = await outboxEmails(forTenant(host.db, host.fixtures.bravo.id), 10);
    const code = /sign-in code is: (\d{6})/.exec(emails.find((e) => e.template === 'sign-in-code')!.text)![1]!;
    const ok = await request('bravo', '/login/verify/email-code', { cookie: partial, form: { code, next: '/' } });
    expect(ok.status).toBe(303);
    expect(await (await request('bravo', '/', { cookie: tokenOf(ok) })).text()).toContain('Welcome back, Mfa User');
  });
});

describe('staff sign-in', () => {
  const clock = fixedClock('2026-11-22T12:00:00Z');
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    await host.db.update(agentsTable).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(agentsTable.email, 'owner@alpha.example'));
  });
  afterAll(() => host.stop());
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const tokenOf = sessionTokenOf;

  it('always requires a second step of staff, then opens the staff area', async () => {
    expect((await request('/admin')).headers.get('location')).toBe('/admin/login?next=%2Fadmin');
    const page = await (await request('/admin/login')).text();
    expect(page).toContain('Staff sign-in');
    expect(page).not.toContain('Sign in with a passkey');
    // A borrower's password does not open the staff sign-in, and the wrong answer looks the same.
    expect((await request('/admin/login', { form: { email: 'pat@alpha.example', password: PASSWORD } })).status).toBe(401);
    const res = await request('/admin/login', { form: { email: 'owner@alpha.example', password: PASSWORD } });
    expect(res.headers.get('location')).toBe('/admin/login/verify?next=%2Fadmin');
    const partial = tokenOf(res);
    expect((await request('/admin', { cookie: partial })).status).toBe(303);
    await request('/admin/login/verify/email', { cookie: partial, form: { next: '/admin' } });
    await host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
    const mail = (await outboxEmails(forTenant(host.db, host.fixtures.alpha.id), 10)).find((e) => e.template === 'sign-in-code' && e.toAddress === 'owner@alpha.example')!;
    const code = /sign-in code is: (\d{6})/.exec(mail.text)![1]!;
    const ok = await request('/admin/login/verify/email-code', { cookie: partial, form: { code, next: '/admin' } });
    expect(ok.headers.get('location')).toBe('/admin');
    const staff = tokenOf(ok);
    const home = await (await request('/admin', { cookie: staff })).text();
    expect(home).toContain('Alpha Portal Owner');
    expect(home).toContain('<dd>Owner</dd>');
    // Staff sessions are not borrower sessions.
    expect((await request('/security', { cookie: staff })).status).toBe(303);
    const out = await request('/admin/logout', { form: {}, cookie: staff });
    expect(out.headers.get('location')).toBe('/admin/login?out=1');
    expect((await request('/admin', { cookie: staff })).status).toBe(303);
  });
});

describe('text-message codes', () => {
  const clock = fixedClock('2026-11-22T12:00:00Z');
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    await host.db.update(tenants).set({ settings: { ...tenant.settings, signIn: { mfa: 'optional', methods: ['email', 'sms', 'totp', 'passkey'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, tenant.id));
    const tdb = forTenant(host.db, tenant.id);
    const c = await tdb.customers.create({ firstName: 'Text', lastName: 'Person', email: 'text@example.com', passwordHash: await hashPassword(PASSWORD) }, clock.now());
    await openLoan(tdb, tenant, { displayId: 'SMS-1', productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: c.id, role: 'Primary' }] }, clock.now());
  });
  afterAll(() => host.stop());
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const tokenOf = sessionTokenOf;
  const lastText = async () => (await outboxTexts(forTenant(host.db, host.fixtures.alpha.id), 1))[0]!;

  it('verifies a mobile number by a texted code, then offers texted codes at sign-in', async () => {
    const token = tokenOf(await request('/login', { form: { email: 'text@example.com', password: PASSWORD } }));
    const bad = await request('/security/phone', { cookie: token, form: { phone: '555-0142' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="555-0142"');
    const sent = await request('/security/phone', { cookie: token, form: { phone: '(303) 555-0199' } });
    expect(await sent.text()).toContain('We sent a 6-digit code to •••• 0199');
    const text = await lastText();
    expect(text.toNumber).toBe('+13035550199');
    const code = /^(\d{6}) is your Alpha Portal verification code/.exec(text.body)![1]!;
    expect((await request('/security/phone/confirm', { cookie: token, form: { code } })).headers.get('location')).toBe('/security?done=phone');

    await request('/logout', { form: {}, cookie: token });
    clock.advance(60_000);
    const partial = tokenOf(await request('/login', { form: { email: 'text@example.com', password: PASSWORD, next: '/' } }));
    const verify = await (await request('/login/verify', { cookie: partial })).text();
    expect(verify).toContain('Text a code to •••• 0199');
    await request('/login/verify/sms', { cookie: partial, form: { next: '/' } });
    const signInCode = /^(\d{6}) is your Alpha Portal sign-in code/.exec((await lastText()).body)![1]!;
    const ok = await request('/login/verify/sms-code', { cookie: partial, form: { code: signInCode, next: '/' } });
    expect(ok.status).toBe(303);
    expect(await (await request('/', { cookie: tokenOf(ok) })).text()).toContain('Welcome back, Text Person');
    // Each code works once.
    const again = tokenOf(await request('/login', { form: { email: 'text@example.com', password: PASSWORD, next: '/' } }));
    expect((await request('/login/verify/sms-code', { cookie: again, form: { code: signInCode, next: '/' } })).status).toBe(401);
  });

  it('offers the emailed code instead of texts while the phone has replied STOP, and texts again after START', async () => {
    const optOuts = smsOptOutsRepo(host.db);
    await optOuts.optOut('+13035550199', 'STOP', clock.now(), '+13035550142');
    try {
      clock.advance(60_000);
      const partial = tokenOf(await request('/login', { form: { email: 'text@example.com', password: PASSWORD, next: '/' } }));
      const verify = await (await request('/login/verify', { cookie: partial })).text();
      expect(verify).not.toContain('Text a code to');
      expect(verify).toContain('Email a code to t•••@example.com');
      expect(verify).toContain('This phone replied STOP to our texts. Reply START to +13035550142 to receive codes again, or use another method.');
      const textsBefore = (await forTenant(host.db, host.fixtures.alpha.id).sms.recent(100)).length;
      const refused = await request('/login/verify/sms', { cookie: partial, form: { next: '/' } });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('That method is not available here');
      expect(await forTenant(host.db, host.fixtures.alpha.id).sms.recent(100)).toHaveLength(textsBefore);
      // The emailed code signs them in.
      expect(await (await request('/login/verify/email', { cookie: partial, form: { next: '/' } })).text()).toContain('We sent a code to');
      await host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config }), silentLogger);
      const email = (await outboxEmails(forTenant(host.db, host.fixtures.alpha.id), 10)).find((e) => e.template === 'sign-in-code' && e.toAddress === 'text@example.com')!;
      const code = /sign-in code is: (\d{6})/.exec(email.text)![1]!;
      expect((await request('/login/verify/email-code', { cookie: partial, form: { code, next: '/' } })).status).toBe(303);
    } finally {
      await optOuts.optIn('+13035550199');
    }
    clock.advance(60_000);
    const again = tokenOf(await request('/login', { form: { email: 'text@example.com', password: PASSWORD, next: '/' } }));
    const page = await (await request('/login/verify', { cookie: again })).text();
    expect(page).toContain('Text a code to •••• 0199');
    expect(page).not.toContain('Email a code to');
    expect(page).not.toContain('replied STOP');
  });

  it('texts no code to a phone that replied STOP, and learns it from Twilio (21610) when our list did not know', async () => {
    const tdb = forTenant(host.db, host.fixtures.alpha.id);
    const person = (await tdb.customers.findByUsername('text@example.com'))!;
    const subject = { type: 'customer' as const, id: person.id };
    const sent: string[] = [];
    const blocked: SmsSender = {
      provider: 'twilio',
      async send(sms) {
        sent.push(sms.to);
        throw new SmsRecipientOptedOutError('Twilio 400 21610: Attempt to send to unsubscribed recipient', '+13035550142');
      },
    };
    const textsBefore = (await tdb.sms.recent(100)).length;
    const first = await sendSmsCode(tdb, { sms: blocked, config: host.deps.config }, subject, 'mfa-sms', '+13035550177', 'Alpha Portal', clock.now()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(SmsOptedOutError);
    expect((first as Error).message).toBe('This phone replied STOP to our texts. Reply START to +13035550142 to receive codes again, or use another method.');
    expect(await smsOptOutsRepo(host.db).find('+13035550177')).toMatchObject({ phone: '+13035550177', keyword: 'twilio-21610', toNumber: '+13035550142' });
    // Now on the list: refused before anything is sent.
    await expect(sendSmsCode(tdb, { sms: blocked, config: host.deps.config }, subject, 'phone-verify', '+13035550177', 'Alpha Portal', clock.now())).rejects.toThrow(SmsOptedOutError);
    expect(sent).toEqual(['+13035550177']);
    expect(await tdb.sms.recent(100)).toHaveLength(textsBefore);
    await smsOptOutsRepo(host.db).optIn('+13035550177');
  });

  it('removes the phone, a passkey and the authenticator app on request, and the second step goes with them', async () => {
    clock.advance(60_000);
    const partial = tokenOf(await request('/login', { form: { email: 'text@example.com', password: PASSWORD, next: '/' } }));
    await request('/login/verify/sms', { cookie: partial, form: { next: '/' } });
    const code = /^(\d{6}) is your/.exec((await lastText()).body)![1]!;
    const token = tokenOf(await request('/login/verify/sms-code', { cookie: partial, form: { code, next: '/' } }));
    const tdb = forTenant(host.db, host.fixtures.alpha.id);
    const person = (await tdb.customers.findByUsername('text@example.com'))!;
    const subject = { type: 'customer' as const, id: person.id };
    await tdb.factors.addPasskey({ id: 'cred-to-remove', subjectType: 'customer', subjectId: person.id, publicKey: 'AAAA', counter: 0, transports: ['internal'], name: 'Old phone', createdAt: clock.now() });

    // Someone else's (or no) passkey id is not found; the person's own is removed.
    expect((await request('/security/passkeys/not-mine/remove', { cookie: token, form: {} })).status).toBe(404);
    expect((await request('/security/passkeys/cred-to-remove/remove', { cookie: token, form: {} })).headers.get('location')).toBe('/security?done=passkey-removed');
    expect(await tdb.factors.passkeys(subject)).toEqual([]);

    expect((await request('/security/phone/remove', { cookie: token, form: {} })).headers.get('location')).toBe('/security');
    expect((await tdb.customers.find(person.id))?.mfaPhone).toBeNull();
    // With no factor left, signing in needs the password only again.
    expect((await request('/login', { form: { email: 'text@example.com', password: PASSWORD, next: '/' } })).headers.get('location')).toBe('/');
    expect((await tdb.audit.history('customer', person.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['mfa.passkey-removed', 'mfa.phone-removed']));
  });
});

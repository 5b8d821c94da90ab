import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantsRepo } from '../../src/db/platform';
import { tenants } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import type { EmailSender, OutgoingEmail } from '../../src/integrations/email';
import type { OutgoingSms, SmsSender } from '../../src/integrations/sms';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { openLoan } from '../../src/services/servicing';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { FIXTURE_PASSWORD, PROD_SECRETS } from '../support/fixtures';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

/** Every text (or untyped, or blob) column of every table, searched in SQL for any needle, then checked exactly. */
async function scanDatabase(host: NodeTestHost, needles: { label: string; value: string; digits?: boolean }[]) {
  const tables = (await host.db.all<{ name: string }>(sql.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'"))).map((t) => t.name);
  const found: string[] = [];
  let columns = 0;
  for (const table of tables) {
    const cols = await host.db.all<{ name: string; type: string }>(sql.raw(`select name, type from pragma_table_info('${table}')`));
    for (const col of cols.filter((c) => /^(text|blob|)$/i.test(c.type.trim()) || /char|clob|text/i.test(c.type))) {
      columns++;
      const value = `cast("${col.name}" as text)`;
      const where = needles.map((n) => sql`instr(${sql.raw(value)}, ${n.value}) > 0`);
      const rows = await host.db.all<{ v: string }>(sql`select ${sql.raw(value)} as v from ${sql.raw(`"${table}"`)} where ${sql.join(where, sql` or `)}`);
      for (const { v } of rows) {
        for (const n of needles) {
          // A code is a run of exactly six digits: inside a longer number (a phone, an amount) it is not the code.
          const hit = n.digits ? new RegExp(`(?<!\\d)${n.value}(?!\\d)`).test(v) : v.includes(n.value);
          if (hit) found.push(`${n.label} in ${table}.${col.name}`);
        }
      }
    }
  }
  return { tables, columns, found: [...new Set(found)] };
}

describe('no live link or code is stored in plaintext, in production', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const emails: OutgoingEmail[] = [];
  const texts: OutgoingSms[] = [];
  // Production-like: a real provider's place taken by senders that only capture what they are given.
  const sender: EmailSender = { provider: 'resend', send: async (email) => (emails.push(email), { providerMessageId: `re_${emails.length}` }) };
  const sms: SmsSender = { provider: 'twilio', send: async (text) => (texts.push(text), { providerMessageId: `SM${texts.length}` }) };
  let host: NodeTestHost;
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const deliver = () => host.jobQueue.drain(buildHandlers({ db: host.db, sender, clock, config: host.deps.config, processor: host.deps.processor, queue: host.deps.queue }), silentLogger);
  const emailTo = (to: string, pattern: RegExp) => {
    const email = emails.filter((e) => e.to === to && pattern.test(e.text)).at(-1);
    expect(email, `an email to ${to} matching ${pattern}`).toBeDefined();
    return pattern.exec(email!.text)![1]!;
  };
  const lastCode = () => /^(\d{6}) is your/.exec(texts.at(-1)!.body)![1]!;

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false, sender, sms, config: { APP_ENV: 'production', EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_production_test', ...PROD_SECRETS } });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    await host.db.update(tenants).set({ settings: { ...tenant.settings, signIn: { mfa: 'optional', methods: ['email', 'sms', 'totp', 'passkey'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, tenant.id));
    const tdb = forTenant(host.db, tenant.id);
    const newcomer = await tdb.customers.create({ firstName: 'Nia', lastName: 'Newcomer', email: 'nia.newcomer@example.com' }, clock.now());
    await openLoan(tdb, tenant, { displayId: 'FX-2', productName: 'Fixture loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: newcomer.id, role: 'Primary' }] }, clock.now());
  });
  afterAll(() => host.stop());

  it('runs sign-up, reset, an owner invitation, emailed and texted codes, then finds none of them in any text column of any table, jobs included', async () => {
    expect(host.deps.devRoutes).toBe(false);
    expect((await request('/dev/outbox')).status).toBe(404);

    // Sign-up and reset links (made by the email consumer).
    expect((await request('/signup', { form: { email: 'nia.newcomer@example.com' } })).status).toBe(200);
    expect((await request('/forgot', { form: { email: 'pat@alpha.example' } })).status).toBe(200);

    // A 7-day invitation to become an owner.
    const tdb = forTenant(host.db, host.fixtures.alpha.id);
    const owner = (await tdb.agents.findByEmail('owner@alpha.example'))!;
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    const ownerSession = (await startSession(tdb, { type: 'agent', id: owner.id }, signInSettingsOf(tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    expect((await request('/admin/staff/invite', { cookie: ownerSession, form: { name: 'Ola Owner', email: 'ola.owner@alpha.example', role: 'owner' } })).status).toBe(303);

    // A staff sign-in code by email.
    const staffPartial = sessionTokenOf(await request('/admin/login', { form: { email: 'owner@alpha.example', password: FIXTURE_PASSWORD } }));
    expect((await request('/admin/login/verify/email', { cookie: staffPartial, form: { next: '/admin' } })).status).toBe(200);

    // A borrower's email-change code, then a phone verified by a texted code, then a texted sign-in code.
    const pat = sessionTokenOf(await request('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD } }));
    expect((await request('/security/email', { cookie: pat, form: { email: 'pat.moved@example.com', password: FIXTURE_PASSWORD } })).status).toBe(200);
    expect((await request('/security/phone', { cookie: pat, form: { phone: '(303) 555-0199' } })).status).toBe(200);
    const phoneCode = lastCode();
    expect((await request('/security/phone/confirm', { cookie: pat, form: { code: phoneCode } })).headers.get('location')).toBe('/security?done=phone');
    const smsPartial = sessionTokenOf(await request('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD, next: '/' } }));
    expect((await request('/login/verify/sms', { cookie: smsPartial, form: { next: '/' } })).status).toBe(200);
    const smsCode = lastCode();

    await deliver();
    const signUpLink = decodeURIComponent(emailTo('nia.newcomer@example.com', /\/reset\?token=(\S+)/));
    const resetLink = decodeURIComponent(emailTo('pat@alpha.example', /\/reset\?token=(\S+)/));
    const invitation = decodeURIComponent(emailTo('ola.owner@alpha.example', /\/admin\/invitation\?token=(\S+)/));
    const staffCode = emailTo('owner@alpha.example', /sign-in code is: (\d{6})/);
    const changeCode = emailTo('pat.moved@example.com', /enter this code: (\d{6})/);
    // The codes and links are real: each works (the links are only looked at, so they stay live).
    expect((await request(`/reset?token=${encodeURIComponent(signUpLink)}`)).status).toBe(200);
    expect((await request(`/reset?token=${encodeURIComponent(resetLink)}`)).status).toBe(200);
    expect((await request(`/admin/invitation?token=${encodeURIComponent(invitation)}`)).status).toBe(200);
    expect((await request('/admin/login/verify/email-code', { cookie: staffPartial, form: { code: staffCode, next: '/admin' } })).headers.get('location')).toBe('/admin');
    expect((await request('/login/verify/sms-code', { cookie: smsPartial, form: { code: smsCode, next: '/' } })).status).toBe(303);
    expect((await request('/security/email/confirm', { cookie: pat, form: { code: changeCode } })).headers.get('location')).toBe('/security?done=email');
    await deliver();

    const secrets = [
      ...[['sign-up link', signUpLink], ['reset link', resetLink], ['owner invitation', invitation]].flatMap(([label, jwt]) => [
        { label: label!, value: jwt! },
        // Its signature alone, should the rest be stored apart.
        { label: `${label} signature`, value: jwt!.split('.').at(-1)! },
      ]),
      ...[['staff email code', staffCode], ['email-change code', changeCode], ['phone code', phoneCode], ['SMS sign-in code', smsCode]].map(([label, code]) => ({ label: label!, value: code!, digits: true })),
    ];
    const control = { label: 'control: the invitee address', value: 'ola.owner@alpha.example' };
    const scan = await scanDatabase(host, [...secrets, control]);
    expect(scan.tables).toEqual(expect.arrayContaining(['jobs', 'emails', 'sms_messages', 'audit_log', 'one_time_tokens', 'dev_outbox']));
    expect(scan.columns).toBeGreaterThan(100);
    // The scan does see what is there (the address is kept), and the queue really carried these emails.
    expect(scan.found).toContain('control: the invitee address in emails.to_address');
    expect(scan.found).toContain('control: the invitee address in jobs.body');
    expect(scan.found.filter((f) => !f.startsWith('control:'))).toEqual([]);
    const jobBodies = (await host.db.all<{ body: string }>(sql.raw("select body from jobs where queue = 'email'"))).map((j) => j.body);
    expect(jobBodies.filter((b) => b.includes('"sealed"')).length).toBeGreaterThanOrEqual(3);
    expect(await host.db.all(sql.raw('select * from dev_outbox'))).toEqual([]);
    // What staff and the email log keep says what was sent, without the secret.
    const kept = await tdb.emails.recent(50);
    expect(kept.find((e) => e.toAddress === 'ola.owner@alpha.example')!.text).toContain('[sign-in link hidden from staff]');
    expect(kept.find((e) => e.template === 'sign-in-code')!.subject).toContain('[code hidden]');
  });
});

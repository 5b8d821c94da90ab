import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, heldForms, tenants } from '../../src/db/schema';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { hashPassword } from '../../src/auth/passwords';
import { createApp } from '../../src/app';
import { DEMO } from '../../src/services/seed';
import { forTenant } from '../../src/db/tenant';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

const MINUTE = 60_000;
const PASSWORD = 'Staff-Password-2026!';

describe('typed work is not lost: staff idle limit, forms kept through signing in again, codes limited by wrong guesses (issue 11, item 14)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;

  /** A new active agent who signs in with a password (and the emailed code). */
  const newAgent = async (name: string) => {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}-${newId().slice(0, 6).toLowerCase()}@sunrise-lending.example`;
    const agent = await tdb().agents.create({ email, name, role: 'agent', passwordHash: await hashPassword(PASSWORD) }, clock.now());
    return { ...agent, email };
  };
  /** The code in the newest sign-in email to this address, read where a developer reads it (the outbox). */
  const latestCode = async (to: string) => {
    await env.deliver();
    const mail = (await tdb().emails.recent(100)).find((e) => e.template === 'sign-in-code' && e.toAddress === to)!;
    const page = await (await client()(`/dev/outbox/${mail.id}`)).text();
    return /sign-in code is:?\s*(?:<[^>]+>\s*)*(\d{6})/.exec(page)?.[1] ?? /\b(\d{6})\b/.exec(page.replace(/<[^>]+>/g, ' '))![1]!;
  };
  /** Password, then "Email a code", then the code: the full session token and where sign-in led. */
  const signIn = async (email: string, next = '/admin') => {
    const res = await client()('/admin/login', { form: { email, password: PASSWORD, next } });
    expect(res.status).toBe(303);
    const partial = sessionTokenOf(res);
    const sent = await client()('/admin/login/verify/email', { cookie: partial, form: { next } });
    expect(sent.status, 'code sent').toBe(200);
    const done = await client()('/admin/login/verify/email-code', { cookie: partial, form: { code: await latestCode(email), next } });
    expect(done.status).toBe(303);
    return { token: sessionTokenOf(done), location: done.headers.get('location')! };
  };

  beforeAll(() => {
    ({ host, demo } = env);
  });

  it('gives staff their own idle limit (30 minutes by default), while borrowers keep 15', async () => {
    const agent = await newAgent('Idle Agent');
    const { token } = await signIn(agent.email);
    clock.advance(20 * MINUTE);
    // Past the borrowers' 15 minutes: the staff session lives on.
    expect((await client()('/admin/customers', { cookie: token })).status).toBe(200);
    clock.advance(29 * MINUTE);
    expect((await client()('/admin/customers', { cookie: token })).status).toBe(200);
    clock.advance(31 * MINUTE);
    const out = await client()('/admin/customers', { cookie: token });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fcustomers');

    const borrower = await env.signInBorrower();
    expect((await client()('/security', { cookie: borrower })).status).toBe(200);
    clock.advance(16 * MINUTE);
    expect((await client()('/security', { cookie: borrower })).status).toBe(303);
  });

  it('lets the owner set the staff idle limit within the borrowers’ bounds, keeping what was typed when it is refused', async () => {
    const owner = await env.staffSession('owner');
    const base = { mfa: 'optional', 'method-email': 'on', 'method-totp': 'on', 'method-passkey': 'on', idleMinutes: '15', absoluteHours: '12' };
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toMatch(/name="staffIdleMinutes"[^>]*value="30"/);
    // Only owners change sign-in settings.
    expect((await client()('/admin/settings/sign-in', { cookie: await env.staffSession('manager'), form: { ...base, staffIdleMinutes: '240' } })).status).toBe(403);
    const bad = await client()('/admin/settings/sign-in', { cookie: owner, form: { ...base, staffIdleMinutes: '2' } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Enter the minutes of inactivity for staff: a whole number from 5 to 240.');
    expect(html).toMatch(/name="staffIdleMinutes"[^>]*value="2"/);
    const ok = await client()('/admin/settings/sign-in', { cookie: owner, form: { ...base, staffIdleMinutes: '45' } });
    expect(ok.status).toBe(303);
    const tenant = (await host.db.select().from(tenants).where(eq(tenants.id, demo.tenant.id)))[0]!;
    expect(tenant.settings.signIn).toMatchObject({ idleMinutes: 15, staffIdleMinutes: 45 });
    const [changed] = (await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'tenant.sign-in-changed')))).slice(-1);
    expect(changed!.after).toMatchObject({ signIn: { staffIdleMinutes: 45 } });
    // A fresh app sees the new setting (the tenant directory caches a few seconds): 44 minutes idle is fine now.
    const app = tenantClient(createApp(host.deps), 'demo');
    const agent = await env.staffSession('agent');
    clock.advance(44 * MINUTE);
    expect((await app('/admin/customers', { cookie: agent })).status).toBe(200);
    // Back to the default for the other tests.
    expect((await client()('/admin/settings/sign-in', { cookie: await env.staffSession('owner'), form: { ...base, staffIdleMinutes: '30' } })).status).toBe(303);
  });

  it('keeps a note sent after the session ended, encrypted, and saves it after signing in again', async () => {
    const agent = await newAgent('Note Taker');
    const { token } = await signIn(agent.email);
    const notes = `/admin/customers/${demo.borrower.id}/notes`;
    expect((await client()(notes, { cookie: token })).status).toBe(200);
    clock.advance(31 * MINUTE);

    const body = 'Called about the late fee; promised a payment on Friday. Long details typed over many minutes.';
    const sent = await client()(notes, { cookie: token, form: { title: 'Promise to pay', category: 'General', body }, headers: { referer: `https://demo.portal.test${notes}` } });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    const next = decodeURIComponent(/next=([^&]+)/.exec(location)![1]!);
    expect(next).toMatch(/^\/admin\/held\/[A-Za-z0-9_-]{40,}$/);
    expect((await tdb().profile.notes(demo.borrower.id)).some((n) => n.title === 'Promise to pay')).toBe(false);
    // Kept encrypted: nothing typed is readable in the row, and the token itself is not stored.
    const [row] = await host.db.select().from(heldForms).where(eq(heldForms.tenantId, demo.tenant.id));
    expect(row).toMatchObject({ agentId: agent.id, action: notes, returnTo: notes });
    expect(JSON.stringify(row)).not.toContain('Promise to pay');
    expect(JSON.stringify(row)).not.toContain(next.split('/').pop());

    // Someone else cannot see it, even with the link; nor staff of another lender on their own host.
    expect((await client()(next, { cookie: await env.staffSession('owner') })).status).toBe(404);
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'agent' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    expect((await tenantClient(host.app, 'alpha')(next, { cookie: alphaSession })).status).toBe(404);
    expect((await tenantClient(host.app, 'alpha')(`${next}/discard`, { cookie: alphaSession, form: {} })).status).toBe(404);

    const again = await signIn(agent.email, next);
    expect(again.location).toBe(next);
    const page = await (await client()(next, { cookie: again.token })).text();
    expect(page).toContain('Finish saving the Notes of Jordan Rivera');
    expect(page).toContain(body);
    expect(page).toContain(`action="${notes}"`);
    const hidden = Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
    expect(hidden).toMatchObject({ title: 'Promise to pay', category: 'General', _held: next.split('/').pop() });

    const saved = await client()(notes, { cookie: again.token, form: hidden });
    expect(saved.status).toBe(303);
    const note = (await tdb().profile.notes(demo.borrower.id)).find((n) => n.title === 'Promise to pay')!;
    expect(note).toMatchObject({ body, authorAgentId: agent.id });
    // Used once: gone.
    expect((await client()(next, { cookie: again.token })).status).toBe(404);
    expect(await host.db.select().from(heldForms).where(eq(heldForms.tenantId, demo.tenant.id))).toHaveLength(0);
  });

  it('keeps nothing for a post without a session that just ended (a stranger cannot fill the store)', async () => {
    const notes = `/admin/customers/${demo.borrower.id}/notes`;
    const res = await client()(notes, { form: { title: 'Spam', category: 'General', body: 'x'.repeat(500) }, headers: { referer: `https://demo.portal.test${notes}` } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(notes)}`);
    expect(await host.db.select().from(heldForms).where(eq(heldForms.tenantId, demo.tenant.id))).toHaveLength(0);
  });

  it('tells htmx to go to sign-in as a whole page, and never keeps a password typed', async () => {
    const agent = await newAgent('Form Filler');
    const { token } = await signIn(agent.email);
    clock.advance(31 * MINUTE);
    const web = `/admin/customers/${demo.borrower.id}/edit/web-access`;
    const res = await client()(web, { cookie: token, form: { username: DEMO.borrower.email, password: 'A-typed-password-2026' }, headers: { 'hx-request': 'true', 'hx-target': 'web-access' } });
    expect(res.status).toBe(401);
    const redirect = res.headers.get('hx-redirect')!;
    expect(redirect).toMatch(/^\/admin\/login\?next=%2Fadmin%2Fheld%2F/);
    const [row] = (await host.db.select().from(heldForms).where(eq(heldForms.tenantId, demo.tenant.id))).filter((r) => r.action === web);
    expect(row).toBeDefined();
    const next = decodeURIComponent(redirect.split('next=')[1]!);
    const again = await signIn(agent.email, next);
    const page = await (await client()(next, { cookie: again.token })).text();
    expect(page).not.toContain('A-typed-password-2026');
    expect(page).toContain('Password was not kept');
    // Discarding goes back and keeps nothing.
    const discarded = await client()(`${next}/discard`, { cookie: again.token, form: {} });
    expect(discarded.status).toBe(303);
    expect((await client()(next, { cookie: again.token })).status).toBe(404);
  });

  it('lets an agent sign in again and again, and send codes again while mail is slow; wrong codes are what lock the second step', async () => {
    const agent = await newAgent('Busy Agent');
    // Seven sign-ins in a quarter of an hour, each with its own emailed code (the old limit refused the sixth code).
    for (let i = 0; i < 7; i++) {
      const { location } = await signIn(agent.email, '/admin/customers');
      expect(location, `sign-in ${i + 1}`).toBe('/admin/customers');
      clock.advance(2 * MINUTE);
    }
    // Mail is slow: "Email a code" seven times, then the last code works.
    const res = await client()('/admin/login', { form: { email: agent.email, password: PASSWORD, next: '/admin' } });
    const partial = sessionTokenOf(res);
    for (let i = 0; i < 7; i++) expect((await client()('/admin/login/verify/email', { cookie: partial, form: { next: '/admin' } })).status, `send ${i + 1}`).toBe(200);
    expect((await client()('/admin/login/verify/email-code', { cookie: partial, form: { code: await latestCode(agent.email), next: '/admin' } })).status).toBe(303);

    // Wrong codes: five, then the second step pauses, even for the right code.
    const other = await newAgent('Guessing Agent');
    const start = await client()('/admin/login', { form: { email: other.email, password: PASSWORD, next: '/admin' } });
    const half = sessionTokenOf(start);
    await client()('/admin/login/verify/email', { cookie: half, form: { next: '/admin' } });
    const right = await latestCode(other.email);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect((await client()('/admin/login/verify/email-code', { cookie: half, form: { code: wrong, next: '/admin' } })).status).toBe(401);
    // A new code after four wrong guesses does not reset the count of wrong guesses.
    await client()('/admin/login/verify/email', { cookie: half, form: { next: '/admin' } });
    const fresh = await latestCode(other.email);
    expect((await client()('/admin/login/verify/email-code', { cookie: half, form: { code: fresh === '000000' ? '111111' : '000000', next: '/admin' } })).status).toBe(401);
    const locked = await client()('/admin/login/verify/email-code', { cookie: half, form: { code: fresh, next: '/admin' } });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many wrong codes');
  });

  it('still caps codes sent, generously: the 21st in an hour is refused', async () => {
    const agent = await newAgent('Spam Sender');
    const res = await client()('/admin/login', { form: { email: agent.email, password: PASSWORD, next: '/admin' } });
    const partial = sessionTokenOf(res);
    for (let i = 0; i < 20; i++) {
      expect((await client()('/admin/login/verify/email', { cookie: partial, form: { next: '/admin' } })).status, `send ${i + 1}`).toBe(200);
      clock.advance(15_000);
    }
    const capped = await client()('/admin/login/verify/email', { cookie: partial, form: { next: '/admin' } });
    expect(capped.status).toBe(429);
    expect(await capped.text()).toContain('Too many codes sent');
  });
});

describe('Contact & personal: each section saves on its own, and a problem is focused where it is (issue 11, item 14)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let agent: string;
  let edit: string;
  let demo: Demo;
  const htmx = (target: string) => ({ 'hx-request': 'true', 'hx-target': target, 'hx-current-url': `https://demo.portal.test${edit}` });

  beforeAll(async () => {
    demo = env.demo;
    agent = await env.staffSession('agent');
    edit = `/admin/customers/${demo.borrower.id}/edit`;
  });

  it('gives every section’s form its own htmx target, and a plain action that lands back at the section', async () => {
    const page = await (await client()(edit, { cookie: agent })).text();
    for (const [path, region] of [['', 'general'], ['/phones', 'phones'], ['/address', 'primary-address'], ['/mailing', 'mailing'], ['/web-access', 'web-access'], ['/photo', 'photo']]) {
      expect(page, region).toContain(`action="${edit}${path}#${region}" hx-post="${edit}${path}" hx-target="#${region}" hx-swap="outerHTML"`);
      expect(page, region).toContain(`id="${region}"`);
    }
  });

  it('answers a refused section with that section alone (htmx), its first problem focused and what was typed kept', async () => {
    const res = await client()(`${edit}/address`, { cookie: agent, form: { primaryLine1: '1420 Larimer St', primaryLine2: '', primaryZip: '8020', primaryCity: 'Denver', primaryState: 'CO', primaryCountry: 'US' }, headers: htmx('primary-address') });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html.startsWith('<div id="primary-address">')).toBe(true);
    expect(html).not.toContain('id="general"');
    expect(html).not.toContain('<html');
    expect(html).toContain('value="1420 Larimer St"');
    // The ZIP is the field with the problem: it is the one focused, tied to its message.
    expect(html).toMatch(/<input id="f-primaryZip"[^>]*autofocus=""[^>]*aria-invalid="true"/);
    expect((html.match(/autofocus/g) ?? []).length).toBe(1);
  });

  it('saves a section through htmx: the section says so, the heading and history follow out of band, nothing else is sent', async () => {
    const res = await client()(edit, { cookie: agent, form: { firstName: 'Jordan', middleName: 'Lee', lastName: 'Rivera', email: 'jordan.rivera@example.com', status: 'Active', customerType: 'individual', taxIdKind: 'ssn' }, headers: htmx('general') });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="general"')).toBe(true);
    expect(html).toContain('<p class="alert alert-success" role="status">General information saved.</p>');
    expect(html).toContain('<h1 id="customer-heading" hx-swap-oob="true">Jordan Lee Rivera');
    expect(html).toMatch(/<section id="tab-history"[^>]*hx-swap-oob="true"/);
    expect(html).toContain('Middle name:</span> Lee');
    expect(html).not.toContain('id="phones"');
    expect((await tdb().customers.find(demo.borrower.id))!.middleName).toBe('Lee');
  });

  it('without JavaScript: a refused section comes back in the whole page, focused at its field, at the section; a saved one redirects to it with the notice there', async () => {
    const bad = await client()(`${edit}/phones`, { cookie: agent, form: { type: 'mobile', number: '12' } });
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('<html');
    expect(page).toMatch(/<input id="f-new-phone-number"[^>]*autofocus=""/);
    // The message is in the section, beside the field, not only at the top of the page.
    const phones = page.slice(page.indexOf('<div id="phones">'), page.indexOf('<div id="primary-address">'));
    expect(phones).toContain('Please check this section');
    expect(phones).toContain('field-error');

    const ok = await client()(`${edit}/mailing`, { cookie: agent, form: { mailingSameAsPrimary: 'on' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${edit}?saved=mailing#mailing`);
    const after = await (await client()(ok.headers.get('location')!, { cookie: agent })).text();
    const mailing = after.slice(after.indexOf('<section id="mailing"'), after.indexOf('<section id="web-access"'));
    expect(mailing).toContain('Mailing information saved.');
  });
});

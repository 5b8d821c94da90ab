import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, heldForms, tenants } from '../../src/db/schema';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { hashPassword } from '../../src/auth/passwords';
import { createApp } from '../../src/app';
import { DEMO } from '../../src/services/seed';
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

    // Someone else cannot see it, even with the link.
    expect((await client()(next, { cookie: await env.staffSession('owner') })).status).toBe(404);

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

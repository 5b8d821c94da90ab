import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, autopays, documents, emails, smsMessages } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { createApp } from '../../src/app';
import type { PaymentProcessor } from '../../src/integrations/payments';
import { TransientError } from '../../src/lib/delivery-errors';
import { CODE_HIDDEN, LINK_HIDDEN } from '../../src/domain/sensitive-messages';
import type { FileStore } from '../../src/files';
import { sha256Hex } from '../../src/lib/hash';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import type { Logger } from '../../src/lib/logger';
import { ServiceError } from '../../src/services/errors';
import { storeDocument } from '../../src/services/documents';
import { sendEmailCode, sendSmsCode } from '../../src/services/mfa';
import { queueEmail } from '../../src/services/notifications';
import { outboxEmails, outboxTexts } from '../support/outbox';
import { ANONYMISED_REFUSAL, assertNotAnonymised, deleteCustomerData, requestDeletion } from '../../src/services/privacy';
import { lineFigures, loanSummary, postLineTransaction, postLoanPayment } from '../../src/services/servicing';
import { addAccountCustomer, removeAccountCustomer } from '../../src/services/account-servicing';
import { deletionRequests } from '../../src/db/schema';
import { DEMO } from '../../src/services/seed';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

/**
 * The value a response's Set-Cookie headers leave a cookie with ('' when deleted), or undefined when
 * they do not touch it. Browsers apply the headers in order, so the last one for a name wins.
 */
function cookieSet(res: Response, name: string): string | undefined {
  let value: string | undefined;
  for (const line of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (m) value = /max-age=0/i.test(line) ? '' : m[1];
  }
  return value;
}

describe('communication history, privacy tools and view as borrower', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let jordan: string;
  /** A saved card (from the AutoPay test), whose processor token a deletion removes. */
  let cardId = '';
  /** The AutoPay that test switches off (paused), which a deletion stops for good. */
  let pausedAutopayId = '';
  const base = () => `/admin/customers/${jordan}`;
  const auditRows = (action: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, action)));

  beforeAll(() => {
    ({ host, demo } = env);
    jordan = demo.borrower.id;
  });

  const today = '2026-11-22';
  /**
   * Every account of the customer left owing nothing: paid in full today through servicing (a loan's
   * payoff, a line's balance) or, where servicing will not take that payment, handed over to a
   * successor as Primary and the customer taken off it (account servicing). What the law lets the
   * lender keep (a balance) is then gone, and the deletion can go ahead.
   */
  const settle = async (customerId: string) => {
    let successor: string | undefined;
    for (const { account } of await tdb().accounts.forCustomer(customerId)) {
      try {
        if (account.type === 'installment' || account.type === 'lease') {
          const { payoff } = await loanSummary(tdb(), account, today);
          if (payoff > 0) await postLoanPayment(tdb(), demo.tenant, { accountId: account.id, date: today, amount: payoff, description: 'Paid off' }, clock.now());
        } else {
          // A line's payoff: its balance and the interest accrued so far.
          const { payoff } = await lineFigures(tdb(), account, today);
          if (payoff > 0) await postLineTransaction(tdb(), demo.tenant, { accountId: account.id, kind: 'payment', date: today, amount: payoff, description: 'Paid in full' }, clock.now());
        }
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        successor ??= (await tdb().customers.create({ firstName: 'Alex', lastName: 'Successor', email: `alex-${newId()}@example.com` }, clock.now())).id;
        expect(await addAccountCustomer(tdb(), account, { customerId: successor, role: 'Primary', emailAccess: true, webAccess: true, smsAccess: false }, demo.owner.id, clock.now())).toMatchObject({ ok: true });
        expect(await removeAccountCustomer(tdb(), account, customerId, demo.owner.id, clock.now())).toMatchObject({ ok: true });
      }
    }
  };
  /** The two people: a manager asks (with the reason), the owner approves; the approval's response. */
  const askAndApprove = async (path: string, confirm: string, reason: string, app = client()) => {
    const manager = await env.staffSession('manager');
    const asked = await app(`${path}/delete`, { cookie: manager, form: { confirm, reason } });
    expect(asked.status, await asked.clone().text()).toBe(303);
    expect(asked.headers.get('location')).toBe(`${path}?request=requested#deletion-action`);
    const customerId = path.split('/')[3]!;
    const request = (await tdb().privacy.requests.pending(customerId))!;
    // The one who asked cannot approve.
    expect((await app(`${path}/delete/${request.id}/approve`, { cookie: manager, form: { confirm } })).status).toBe(403);
    const owner = await env.staffSession('owner');
    return { res: await app(`${path}/delete/${request.id}/approve`, { cookie: owner, form: { confirm } }), manager, request };
  };

  it('shows emails cut at 500 characters without markup, the text thread both ways in order, and mail with its tracking, to read-only staff too', async () => {
    const text = `<p>Hello <b>Jordan</b>,</p>${'abcdefghij'.repeat(80)}<script>alert("x")</script>`;
    await tdb().emails.record({ messageId: newId(), template: 'payment-receipt', customerId: jordan, toAddress: DEMO.borrower.email, fromAddress: 'Sunrise <no-reply@onlineaccess.io>', subject: 'Your payment receipt', html: '<p>receipt</p>', text, provider: 'outbox', providerMessageId: null, sentAt: clock.now() });
    const viewer = await env.staffSession('read_only');
    const res = await client()(`${base()}/communications`, { cookie: viewer });
    expect(res.status).toBe(200);
    const html = await res.text();

    const excerpt = /<span class="email-excerpt">([^<]*)<\/span>/.exec(html)?.[1];
    expect(excerpt).toBe(`Hello Jordan, ${'abcdefghij'.repeat(80)}`.slice(0, 500));
    expect(excerpt).toHaveLength(500);
    expect(html).not.toContain('alert(');
    expect(html).not.toContain('&lt;b&gt;');
    expect(html).toContain('Your payment receipt');
    expect(html).toContain('Nov 22, 2026'); // sent time in the tenant's zone (10 am in Denver)
    expect(html).toMatch(/10:00:00\sAM MST/);

    // The SMS thread: oldest first, each message marked sent or received (class and words).
    const thread = [...html.matchAll(/<li class="sms sms-(outbound|inbound)"><p class="sms-meta"><strong>([^<]*)<\/strong>[\s\S]*?<p class="sms-body">([^<]*)<\/p>/g)].map((m) => [m[1], m[2], m[3]!.slice(0, 24)]);
    expect(thread).toEqual([
      ['outbound', 'Sent by the lender', 'Sunrise Lending: a remin'],
      ['inbound', 'Received from the customer', 'Can I schedule it for Fr'],
      ['outbound', 'Sent by the lender', 'Yes: in Sunrise Online A'],
      ['inbound', 'Received from the customer', 'Done, scheduled for Frid'],
    ]);
    expect(html).toContain('from (303) 555-0188');

    // Mail: what, where, its status and its tracking in a disclosure.
    expect(html).toContain('Welcome letter and payment coupon book (AL-204817)');
    expect(html).toContain('1420 Larimer St Apt 5');
    expect(html).toMatch(/<span class="status-badge">Delivered<\/span>/);
    expect(html).toMatch(/<details><summary>Tracking history \(4 events\)/);
    expect(html).toContain('Out for delivery');
    expect(html).toContain('Annual privacy notice');
    // Nothing on this page writes, and read-only staff see no write control.
    expect(html).not.toContain('privacy/delete');

    // The whole email as text, with no markup; another customer's (or no) email is not found.
    const link = /href="([^"]*\/communications\/emails\/[^"]+)"/.exec(html)![1]!;
    const full = await (await client()(link, { cookie: viewer })).text();
    expect(full).toContain('<pre class="email-text">Hello Jordan,\n' + 'abcdefghij'.repeat(80) + '</pre>');
    expect((await client()(`${base()}/communications/emails/nope`, { cookie: viewer })).status).toBe(404);
    const other = await tdb().customers.create({ firstName: 'Sam', lastName: 'Other', email: `sam-${newId()}@example.com` }, clock.now());
    const emailId = link.split('/').pop()!;
    expect((await client()(`/admin/customers/${other.id}/communications/emails/${emailId}`, { cookie: viewer })).status).toBe(404);
  });

  it('hides live sign-in links and codes from staff (list, whole email, export) but shows what was sent; the dev outbox keeps them whole', async () => {
    const now = clock.now();
    const subject = { type: 'customer' as const, id: jordan };
    // A password reset asked for on the portal, a sign-in code by email, an email-change code and a texted sign-in code.
    const forgot = await client()('/forgot', { form: { email: DEMO.borrower.email } });
    expect(forgot.status).toBe(200);
    await sendEmailCode(tdb(), host.deps, subject, { email: DEMO.borrower.email, name: 'Jordan' }, now);
    await queueEmail(host.deps, { id: newId(), tenantId: demo.tenant.id, to: `jordan-new-${newId().toLowerCase()}@example.com`, customerId: jordan, template: 'email-change-code', data: { name: 'Jordan', minutes: 10 }, secret: { code: '402913' } });
    await env.deliver();
    await sendSmsCode(tdb(), host.deps, subject, 'mfa-sms', DEMO.borrower.phone, 'Sunrise Online Access', now);

    // The developer's outbox has them whole; what is kept for staff never had them.
    const sent = (await outboxEmails(tdb())).filter((e) => e.customerId === jordan);
    const reset = sent.find((e) => e.template === 'password-reset')!;
    const signIn = sent.find((e) => e.template === 'sign-in-code')!;
    const change = sent.find((e) => e.template === 'email-change-code')!;
    expect(reset.text).toContain('/reset?token=');
    const codes = [signIn, change].map((e) => /(\d{6})/.exec(e.text)![1]!);
    const texted = (await outboxTexts(tdb())).find((m) => m.customerId === jordan)!;
    expect(texted.body).toMatch(/^\d{6} is your Sunrise Online Access sign-in code\./);
    codes.push(texted.body.slice(0, 6));
    expect(signIn.subject).toContain(codes[0]);
    const leaks = (body: string) => ['token=', reset.text.split('token=')[1]!.slice(0, 40), ...codes].filter((secret) => body.includes(secret));
    for (const kept of await tdb().emails.forCustomer(jordan)) expect(leaks(`${kept.subject}${kept.html}${kept.text}`), kept.template).toEqual([]);
    expect(leaks((await tdb().sms.forCustomer(jordan)).map((m) => m.body).join('\n'))).toEqual([]);

    const viewer = await env.staffSession('read_only');
    const page = await (await client()(`${base()}/communications`, { cookie: viewer })).text();
    expect(leaks(page)).toEqual([]);
    expect(page).toContain(reset.subject); // the reset email is listed, by its subject and template
    expect(page).toContain('<code>password-reset</code>');
    expect(page).toContain(LINK_HIDDEN);
    expect(page).toContain(`sign-in code: ${CODE_HIDDEN}`);
    expect(page).toContain(`${CODE_HIDDEN} is your Sunrise Online Access sign-in code.`);
    expect(page).toContain('Sign-in links and codes are hidden from staff');

    for (const email of [reset, signIn, change]) {
      const full = await client()(`${base()}/communications/emails/${email.id}`, { cookie: viewer });
      expect(full.status).toBe(200);
      const html = await full.text();
      expect(leaks(html), email.template).toEqual([]);
      expect(html).toContain(email.template);
      expect(html).toContain('Sign-in links and codes are hidden from staff');
    }
    const fullReset = await (await client()(`${base()}/communications/emails/${reset.id}`, { cookie: viewer })).text();
    expect(fullReset).toContain(`choose a new password here:\n${LINK_HIDDEN}\n`);

    const agent = await env.staffSession('agent');
    const exported = await (await client()(`${base()}/export.json`, { cookie: agent })).text();
    expect(leaks(exported)).toEqual([]);
    const data = JSON.parse(exported) as { emails: { template: string; subject: string; excerpt: string }[]; textMessages: { body: string }[] };
    expect(data.emails.find((e) => e.template === 'password-reset')).toMatchObject({ subject: reset.subject, excerpt: expect.stringContaining(LINK_HIDDEN) });
    expect(data.emails.find((e) => e.template === 'sign-in-code')!.subject).toContain(CODE_HIDDEN);
    expect(data.textMessages.at(-1)!.body).toContain(`${CODE_HIDDEN} is your`);

    // The local outbox (outside production only) still shows the whole email: developers read codes there.
    const outbox = await (await client()(`/dev/outbox/${reset.id}`)).text();
    expect(outbox).toContain('/reset?token=');
  });

  it('shows the newest texts of a long thread (the latest ones, oldest first)', async () => {
    const other = await tdb().customers.create({ firstName: 'Pat', lastName: 'Thread', email: `pat-${newId()}@example.com` }, clock.now());
    for (let i = 1; i <= 5; i++) {
      await tdb().sms.record({ customerId: other.id, direction: 'outbound', fromNumber: '+13035550142', toNumber: '+13035550177', body: `message ${i}`, provider: 'outbox', sentAt: new Date(clock.now().getTime() - (6 - i) * 60_000) });
    }
    expect((await tdb().sms.forCustomer(other.id, 3)).map((m) => m.body)).toEqual(['message 3', 'message 4', 'message 5']);
    expect((await tdb().sms.forCustomer(other.id)).map((m) => m.body)).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
  });

  it('explains export and deletion; read-only and agents cannot delete (403), and bad input comes back with messages and values', async () => {
    const viewer = await env.staffSession('read_only');
    const page = await (await client()(`${base()}/privacy`, { cookie: viewer })).text();
    expect(page).toContain('right to know');
    expect(page).toContain('Only managers and owners can delete personal data');
    expect(page).not.toContain(`action="${base()}/privacy/delete"`);
    expect(page).not.toContain(`${base()}/export.json`);
    expect(page).toContain(`action="${base()}/view-as"`);
    const form = { confirm: 'Rivera', reason: 'Customer request of Nov 20, identity checked by phone.' };
    expect((await client()(`${base()}/privacy/delete`, { cookie: viewer, form })).status).toBe(403);

    const agent = await env.staffSession('agent');
    const agentPage = await (await client()(`${base()}/privacy`, { cookie: agent })).text();
    expect(agentPage).toContain(`${base()}/export.json`);
    expect(agentPage).not.toContain(`action="${base()}/privacy/delete"`);
    expect((await client()(`${base()}/privacy/delete`, { cookie: agent, form })).status).toBe(403);

    const manager = await env.staffSession('manager');
    const bad = await client()(`${base()}/privacy/delete`, { cookie: manager, form: { confirm: 'Smith', reason: '' } });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Type the customer’s last name, “Rivera”, to confirm the deletion.');
    expect(badHtml).toContain('Say why the data is deleted');
    expect(badHtml).toContain('value="Smith"');
    expect(badHtml).toMatch(/aria-describedby="[^"]*f-confirm-error/);
    const named = await client()(`${base()}/privacy/delete`, { cookie: manager, form: { confirm: 'rivera', reason: 'Jordan asked us by phone' } });
    expect(named.status).toBe(422);
    const namedHtml = await named.text();
    expect(namedHtml).toContain('Leave the customer’s name, email and phone numbers out of the reason');
    expect(namedHtml).toContain('>Jordan asked us by phone</textarea>');
    expect((await tdb().customers.find(jordan))!.anonymisedAt).toBeNull();
    expect(await auditRows('privacy.deleted')).toHaveLength(0);
  });

  it('views as the borrower: banner on every page, pages visible, every change refused, audited, and back to the staff area', async () => {
    const agentToken = await env.staffSession('agent');
    const start = await client()(`${base()}/view-as`, { cookie: agentToken, form: {} });
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe('/');
    const view = cookieSet(start, '__Host-session')!;
    expect(view).toBeTruthy();
    expect(view).not.toBe(agentToken);
    expect(cookieSet(start, '__Host-staff-session')).toBe(agentToken);
    expect(start.headers.getSetCookie().join('\n')).toMatch(/__Host-staff-session=[^;]+;.*HttpOnly/);
    const both = { cookie: `__Host-session=${view}; __Host-staff-session=${agentToken}` };

    const row = await tdb().sessions.find(await sha256Hex(view));
    expect(row).toMatchObject({ subjectType: 'customer', subjectId: jordan, mfaPassed: true });
    expect(row!.viewedByAgentId).toBeTruthy();
    const [audit] = await auditRows('borrower.viewed-as');
    expect(audit).toMatchObject({ actorType: 'agent', actorId: row!.viewedByAgentId, entityType: 'customer', entityId: jordan });

    const home = await (await client()('/', { headers: both })).text();
    expect(home).toMatch(/<div class="view-as-banner" role="status">/);
    expect(home).toContain('A agent (staff) is viewing the portal as Jordan Rivera');
    expect(home).toContain('Return to staff area');
    expect(home).toContain('AL-204817');
    const account = await client()('/accounts/AL-204817', { headers: both });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('view-as-banner');

    const autoLoanId = (await tdb().accounts.findByDisplayId('AL-204817'))!.id;
    const paymentsBefore = (await tdb().payments.history(jordan, [autoLoanId], {})).length;
    // Every change is refused, card numbers included (the reveal is a POST), and so is the authenticator setup page.
    for (const [path, body] of [
      ['/accounts/AL-204817/autopay/review', { frequency: 'monthly', startDate: '2026-12-01', amountType: 'amount_due' }],
      ['/accounts/AL-204817/pay/review', { amount: '10.00', date: '2026-11-23' }],
      ['/accounts/CC-907355/cards/any-card/reveal', { password: DEMO.borrower.password }],
      ['/security/password', { current: DEMO.borrower.password, password: 'Another-Password-2026', confirm: 'Another-Password-2026' }],
      ['/admin/login', { email: DEMO.owner.email, password: DEMO.owner.password }],
    ] as const) {
      const res = await client()(path, { headers: both, form: body });
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).toContain('You are viewing as the borrower: read-only');
    }
    expect((await client()('/security/totp', { headers: both })).status).toBe(403);
    const fragment = await client()('/accounts/AL-204817/pay/review', { headers: { ...both, 'hx-request': 'true', 'hx-target': 'pay-form' }, form: { amount: '10.00' } });
    expect(fragment.status).toBe(403);
    expect(fragment.headers.get('hx-retarget')).toBe('#flash');
    expect(await tdb().payments.history(jordan, [autoLoanId], {})).toHaveLength(paymentsBefore);
    expect((await tdb().autopays.forAccount(autoLoanId)).filter((a) => a.customerId === jordan)).toHaveLength(0);

    // Return: the view's session ends, the staff session is back in the session cookie and works.
    const end = await client()('/view-as/end', { headers: both, form: {} });
    expect(end.status).toBe(303);
    expect(end.headers.get('location')).toBe(`${base()}/privacy?viewed=1`);
    expect(cookieSet(end, '__Host-session')).toBe(agentToken);
    expect(cookieSet(end, '__Host-staff-session')).toBe('');
    expect(await tdb().sessions.find(await sha256Hex(view))).toBeUndefined();
    const staffArea = await client()('/admin', { cookie: agentToken });
    expect(staffArea.status).toBe(200);
    expect(await staffArea.text()).not.toContain('view-as-banner');
    const back = await (await client()(`${base()}/privacy?viewed=1`, { cookie: agentToken })).text();
    expect(back).toContain('You are back in the staff area.');
    expect(back).toContain('Portal viewed as the borrower');
    expect(await auditRows('borrower.viewed-as-ended')).toHaveLength(1);
    // The old view cookie is worthless now.
    expect(await (await client()('/', { cookie: view })).text()).not.toContain('AL-204817');
  });

  it('ends a view with the staff session behind it, signs staff out from it, and gives back a staff session a view left behind', async () => {
    const startView = async (role: 'agent' | 'read_only') => {
      const staff = await env.staffSession(role);
      const res = await client()(`${base()}/view-as`, { cookie: staff, form: {} });
      expect(res.status).toBe(303);
      const view = cookieSet(res, '__Host-session')!;
      return { staff, view, headers: { cookie: `__Host-session=${view}; __Host-staff-session=${staff}` } };
    };
    // Read-only staff may look too.
    const a = await startView('read_only');
    // The staff session ended elsewhere (signed out, expired): the view goes with it.
    await tdb().sessions.remove(await sha256Hex(a.staff));
    const gone = await client()('/', { headers: a.headers });
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe('/admin/login?next=%2Fadmin');
    expect(await tdb().sessions.find(await sha256Hex(a.view))).toBeUndefined();

    // "Sign out" while viewing signs the member of staff out.
    const b = await startView('agent');
    const out = await client()('/logout', { headers: b.headers, form: {} });
    expect(out.headers.get('location')).toBe('/admin/login?out=1');
    expect(await tdb().sessions.find(await sha256Hex(b.view))).toBeUndefined();
    expect(await tdb().sessions.find(await sha256Hex(b.staff))).toBeUndefined();

    // The view ended without "Return" (the borrower ended that session): the staff session comes back.
    const c = await startView('agent');
    await tdb().sessions.remove(await sha256Hex(c.view));
    const restored = await client()('/', { headers: c.headers });
    expect(restored.status).toBe(303);
    expect(restored.headers.get('location')).toBe('/admin');
    expect(cookieSet(restored, '__Host-session')).toBe(c.staff);
    expect(cookieSet(restored, '__Host-staff-session')).toBe('');

    // Borrowers cannot start a view.
    const borrower = await env.signInBorrower();
    const refused = await client()(`${base()}/view-as`, { cookie: borrower, form: {} });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toMatch(/^\/admin\/login/);
  });

  it('answers 404 to another tenant’s staff on every route, with this tenant’s ids', async () => {
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Manager', role: 'manager' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    const [email] = await tdb().emails.forCustomer(jordan);
    const probes: [string, Record<string, string> | undefined][] = [
      [`${base()}/communications`, undefined],
      [`${base()}/communications/emails/${email!.id}`, undefined],
      [`${base()}/privacy`, undefined],
      [`${base()}/privacy/delete`, { confirm: 'Rivera', reason: 'Request by email.' }],
      [`${base()}/view-as`, {}],
    ];
    for (const [path, form] of probes) {
      const res = await alpha(path, { cookie: alphaSession, ...(form ? { form } : {}) });
      expect(res.status, path).toBe(404);
    }
    expect((await tdb().customers.find(jordan))!.anonymisedAt).toBeNull();
    // The demo host does not know the alpha session at all.
    expect((await client()(`${base()}/privacy`, { cookie: alphaSession })).status).toBe(303);
  });

  it('refuses deletion while a payment is on its way or an AutoPay is on, saying what to stop first', async () => {
    // Every account paid off (the balance refusal comes first: see the balance test).
    await settle(jordan);
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const methodId = newId();
    await tdb().paymentMethods.add({ id: methodId, customerId: jordan, kind: 'card', processor: 'sandbox', processorToken: `tok_${newId()}`, cardBrand: 'Visa', expiryMonth: 4, expiryYear: 2031, last4: '4242', holderName: 'Jordan Rivera', isDefault: true }, clock.now());
    const autopayId = newId();
    await tdb().autopays.add({ id: autopayId, customerId: jordan, accountId: account.id, paymentMethodId: methodId, frequency: 'monthly', startDate: '2026-12-01', amountType: 'amount_due', status: 'active', nextRunDate: '2026-12-01', authorizationText: 'I authorise Sunrise Lending to charge my card.', authorizedAt: clock.now() }, clock.now());
    const pendingId = newId();
    await tdb().payments.insertAll([{ id: pendingId, reference: 'P-PRIV0002', customerId: jordan, accountId: account.id, paymentMethodId: methodId, methodKind: 'card', amount: 5_000, fee: 0, scheduledFor: '2026-11-30', status: 'pending', source: 'one_time', idempotencyKey: newId(), requestHash: 'x' }], clock.now());
    const manager = await env.staffSession('manager');
    const res = await client()(`${base()}/privacy/delete`, { cookie: manager, form: { confirm: 'Rivera', reason: 'Customer request of Nov 20, identity checked by phone.' } });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('1 payment is still on the way (P-PRIV0002)');
    expect(html).toContain('AutoPay is on for AL-204817: stop it');
    expect(html).toContain('Customer request of Nov 20'); // the form keeps what was typed
    expect((await tdb().customers.find(jordan))!.anonymisedAt).toBeNull();
    expect(await tdb().paymentMethods.forCustomer(jordan)).toHaveLength(1);
    cardId = methodId;
    // The lender cancels the payment and stops AutoPay (paused: no longer on), which the next test relies on.
    expect(await tdb().payments.transition(pendingId, ['pending'], { status: 'cancelled' }, clock.now())).toBe(true);
    await tdb().autopays.update(autopayId, { status: 'paused' }, clock.now());
    pausedAutopayId = autopayId;
  });

  it('deletes once a second manager or owner approves: anonymised, no sign-in, uploads gone, ledger and payments untouched, audited without personal values; twice is harmless', async () => {
    const now = clock.now();
    // A session of the borrower's own, and personal data spread over the tabs.
    const borrowerCookie = await env.signInBorrower();
    expect((await client()('/accounts/AL-204817', { cookie: borrowerCookie })).status).toBe(200);
    // Two saved bank accounts: one was debited (its number is the record of that debit), one never was.
    const account0 = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const bank = (id: string, enc: string) => tdb().paymentMethods.add({ id, customerId: jordan, kind: 'bank', routingNumber: '102000021', accountNumberEncrypted: enc, accountType: 'checking', last4: '6789', holderName: 'Jordan Rivera' }, now);
    const [usedBank, unusedBank] = [newId(), newId()];
    await bank(usedBank, 'encrypted-used');
    await bank(unusedBank, 'encrypted-unused');
    await tdb().payments.insertAll([{ id: newId(), reference: 'P-PRIV0001', customerId: jordan, accountId: account0.id, paymentMethodId: usedBank, methodKind: 'bank', amount: 10_000, fee: 0, scheduledFor: '2026-11-02', status: 'completed', source: 'one_time', idempotencyKey: newId(), requestHash: 'x' }], now);
    await tdb().profile.saveAddress(jordan, 'primary', { line1: '1420 Larimer St', line2: 'Apt 5', city: 'Denver', state: 'CO', zip: '80202', country: 'US' }, now);
    await tdb().profile.saveEmployer(jordan, { name: 'Front Range Dental', jobTitle: 'Hygienist', income: 520_000, incomeFrequency: 'monthly' }, now);
    await tdb().profile.addReference(jordan, { name: 'Alex Rivera', relationship: 'Sibling', phone: '+13035550111' }, now);
    await tdb().customers.setMfaPhone(jordan, DEMO.borrower.phone, now);
    await tdb().audit.record({ actorType: 'agent', actorId: demo.owner.id, action: 'customer.updated', entityType: 'customer', entityId: jordan, before: { lastName: 'Rivera' }, after: { lastName: 'Rivera-Long' } }, now);
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const pdf = new TextEncoder().encode('%PDF-1.4\n% paystub\n');
    const upload = await storeDocument(tdb(), host.deps.files, { customerId: jordan, accountId: account.id, category: 'Other', name: 'Paystub', description: '', fileName: 'paystub.pdf', bytes: pdf, uploadedBy: { type: 'customer', id: jordan }, sharedWithBorrower: false }, { maxBytes: 1_000_000 }, now);
    const lenderDocs = (await tdb().documents.forBorrowerAccount(account.id, jordan)).filter((d) => d.uploadedByType === 'agent');
    expect(lenderDocs.length).toBeGreaterThan(0);
    // A document staff added about the customer, with its bytes, a staff note, and history rows of those areas with personal values.
    const staffDoc = await storeDocument(tdb(), host.deps.files, { customerId: jordan, accountId: account.id, category: 'Other', name: 'Bank statement', description: 'Jordan Rivera, Front Range Dental', fileName: 'statement.pdf', bytes: pdf, uploadedBy: { type: 'agent', id: demo.owner.id }, sharedWithBorrower: false }, { maxBytes: 1_000_000 }, now);
    expect(await host.deps.files.get(staffDoc.storageKey)).not.toBeNull();
    const staffDocCount = (await host.db.select().from(documents).where(and(eq(documents.tenantId, demo.tenant.id), eq(documents.customerId, jordan), eq(documents.uploadedByType, 'agent')))).length;
    await tdb().profile.addNote(jordan, { title: 'Call with Jordan', category: 'General', body: 'Jordan Rivera moved to Larimer St, works at Front Range Dental.', authorAgentId: demo.owner.id }, now);
    expect(await tdb().profile.notes(jordan)).not.toHaveLength(0);
    for (const action of ['note.added', 'document.added', 'payment-method.added']) {
      await tdb().audit.record({ actorType: 'agent', actorId: demo.owner.id, action, entityType: 'customer', entityId: jordan, before: null, after: { detail: 'Jordan Rivera, Larimer St' } }, now);
    }
    // Jordan's record at the card processor, made as saving a card makes it.
    const { customerId: processorCustomerId } = await host.deps.processor.createCustomer({ idempotencyKey: `customer-${demo.tenant.id}-${jordan}`, name: 'Jordan Rivera', email: DEMO.borrower.email, metadata: { tenant: demo.tenant.id } });
    await tdb().customers.setProcessorCustomerId(jordan, processorCustomerId, now);
    // Emails, texts (both ways) and letters to the customer exist.
    expect((await tdb().emails.forCustomer(jordan)).length).toBeGreaterThan(0);
    expect((await tdb().sms.forCustomer(jordan)).some((m) => m.direction === 'inbound')).toBe(true);
    const mailBefore = await tdb().profile.mail(jordan);
    expect(mailBefore.some((m) => m.address.join(' ').includes('Larimer'))).toBe(true);

    const links = await tdb().accounts.forCustomer(jordan);
    const ids = links.map((l) => l.account.id);
    const ledgerOf = async () => {
      const rows = (await Promise.all(ids.map((id) => tdb().ledger.entries(id)))).flat();
      return { count: rows.length, sum: rows.reduce((s, r) => s + r.amount, 0), rows: JSON.stringify(rows) };
    };
    const ledgerBefore = await ledgerOf();
    expect(ledgerBefore.count).toBeGreaterThan(0);
    const paymentsBefore = await tdb().payments.history(jordan, ids, {});

    const { res, manager, request } = await askAndApprove(`${base()}/privacy`, ' rivera ', 'Customer request of Nov 20, identity checked by phone.');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${base()}/privacy?deleted=1`);
    const [decided] = await host.db.select().from(deletionRequests).where(and(eq(deletionRequests.tenantId, demo.tenant.id), eq(deletionRequests.id, request.id)));
    expect(decided).toMatchObject({ status: 'approved', decidedBy: demo.owner.id, requestedBy: expect.any(String) });
    expect(decided!.requestedBy).not.toBe(demo.owner.id);

    const after = (await tdb().customers.find(jordan))!;
    expect(after).toMatchObject({ firstName: 'Deleted', lastName: 'customer', middleName: null, email: null, webUsername: null, passwordHash: null, mfaPhone: null, taxIdEncrypted: null, taxIdHash: null, taxIdLast4: null, dateOfBirth: null, gender: null, photoKey: null, customFields: {} });
    expect(after.anonymisedAt).toEqual(now);
    expect(await tdb().customers.phones(jordan)).toHaveLength(0);
    expect(await tdb().profile.addresses(jordan)).toHaveLength(0);
    expect(await tdb().profile.employer(jordan)).toBeUndefined();
    expect(await tdb().profile.references(jordan)).toHaveLength(0);
    expect(await tdb().paymentMethods.forCustomer(jordan)).toHaveLength(0);
    const used = (await tdb().paymentMethods.find(usedBank))!;
    expect(used).toMatchObject({ holderName: 'Deleted customer', accountNumberEncrypted: 'encrypted-used', isDefault: false });
    expect(used.removedAt).toEqual(now);
    expect((await tdb().paymentMethods.find(unusedBank))!.accountNumberEncrypted).toBeNull();
    expect((await tdb().paymentMethods.find(cardId))!.processorToken).toBeNull();
    expect((await tdb().accounts.forCustomer(jordan)).every((l) => !l.link.webAccess && !l.link.emailAccess && !l.link.smsAccess)).toBe(true);
    expect(await tdb().documents.find(upload.id)).toBeUndefined();
    expect(await host.deps.files.get(upload.storageKey)).toBeNull();
    // Staff documents about the customer go too, files included; and the staff notes.
    for (const d of [...lenderDocs, staffDoc]) expect(await tdb().documents.find(d.id)).toBeUndefined();
    expect(await host.deps.files.get(staffDoc.storageKey)).toBeNull();
    expect(await host.db.select().from(documents).where(and(eq(documents.tenantId, demo.tenant.id), eq(documents.customerId, jordan)))).toHaveLength(0);
    expect(await tdb().profile.notes(jordan)).toHaveLength(0);
    expect(after.processorCustomerId).toBeNull();

    // What was sent stays as a fact (template and time), not what it said or where it went.
    const sentRows = await host.db.select().from(emails).where(and(eq(emails.tenantId, demo.tenant.id), eq(emails.customerId, jordan)));
    expect(sentRows.length).toBeGreaterThan(0);
    for (const e of sentRows) expect(e).toMatchObject({ toAddress: '', subject: '(deleted)', html: '', text: '' });
    expect(sentRows.map((e) => e.template)).toEqual(expect.arrayContaining(['payment-receipt', 'password-reset', 'sign-in-code']));
    const texts = await host.db.select().from(smsMessages).where(and(eq(smsMessages.tenantId, demo.tenant.id), eq(smsMessages.customerId, jordan)));
    expect(texts.length).toBeGreaterThan(0);
    for (const m of texts) {
      expect(m.body).toBe('');
      // The customer's side is gone; the lender's own number stays.
      if (m.direction === 'outbound') expect(m.toNumber).toBe('');
      else expect(m).toMatchObject({ fromNumber: null, toNumber: '+13035550142' });
    }
    const mailAfter = await tdb().profile.mail(jordan);
    expect(mailAfter).toHaveLength(mailBefore.length);
    for (const m of mailAfter) {
      const was = mailBefore.find((b) => b.id === m.id)!;
      expect(m).toMatchObject({ address: [], status: was.status, tracking: was.tracking, description: was.description, sentAt: was.sentAt });
    }

    // The AutoPay that was off is stopped for good, and that is recorded.
    const stopped = (await host.db.select().from(autopays).where(and(eq(autopays.tenantId, demo.tenant.id), eq(autopays.id, pausedAutopayId))))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', nextRunDate: null });
    const stopRows = (await auditRows('autopay.stopped')).filter((r) => r.entityId === pausedAutopayId);
    expect(stopRows).toHaveLength(1);
    expect(stopRows[0]).toMatchObject({ actorType: 'agent', entityType: 'autopay', before: { status: 'paused' }, after: { status: 'stopped', reason: 'personal data deleted' } });

    // The borrower can no longer sign in, and their session ended.
    expect((await client()('/login', { form: { email: DEMO.borrower.email, password: DEMO.borrower.password } })).status).toBe(401);
    const old = await client()('/accounts/AL-204817', { cookie: borrowerCookie });
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toMatch(/^\/login/);
    expect(await tdb().sessions.listFor({ type: 'customer', id: jordan })).toHaveLength(0);

    // The ledger and the payments are the lender's records: unchanged.
    expect(await ledgerOf()).toEqual(ledgerBefore);
    expect(await tdb().payments.history(jordan, ids, {})).toEqual(paymentsBefore);
    expect((await tdb().accounts.forCustomer(jordan)).map((l) => l.account.displayId)).toEqual(links.map((l) => l.account.displayId));

    // One audit row with counts and the reason, and no personal value anywhere in it; old values in the record's history are gone.
    const [row, ...more] = await auditRows('privacy.deleted');
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ actorType: 'agent', actorId: demo.owner.id, entityType: 'customer', entityId: jordan, before: null });
    expect(row!.after).toMatchObject({
      reason: 'Customer request of Nov 20, identity checked by phone.',
      requestedBy: request.requestedBy,
      approvedBy: demo.owner.id,
      removed: { phones: 1, addresses: 1, employer: 1, references: 1, notes: 1, uploadedDocuments: 1, staffDocuments: staffDocCount, paymentMethods: 3, autopaysStopped: 1, emailsEmptied: sentRows.length, textsEmptied: texts.length, mailAddressesRemoved: mailBefore.length },
      // Written with the rows, before the processor is asked, so the id is never lost should that fail.
      processorCustomerToDelete: processorCustomerId,
    });
    // The processor deleted its customer too, and a row says so.
    const [processorRow, ...moreProcessorRows] = (await auditRows('privacy.processor-customer-deleted')).filter((r) => r.entityId === jordan);
    expect(moreProcessorRows).toHaveLength(0);
    expect(processorRow).toMatchObject({ actorType: 'agent', actorId: row!.actorId, entityType: 'customer', before: null, after: { processorCustomerDeleted: true, provider: 'sandbox' } });
    const serialised = JSON.stringify(row).toLowerCase();
    for (const personal of ['rivera', 'jordan', '5550188', '6789', 'larimer', 'front range', 'example.com']) expect(serialised).not.toContain(personal);
    const [edit] = (await tdb().audit.history('customer', jordan)).filter((r) => r.action === 'customer.updated');
    expect(edit).toMatchObject({ before: { lastName: '(removed)' }, after: { lastName: '(removed)' } });
    for (const action of ['note.added', 'document.added', 'payment-method.added']) {
      const [entry] = (await tdb().audit.history('customer', jordan)).filter((r) => r.action === action);
      expect(entry, action).toMatchObject({ before: null, after: { detail: '(removed)' } });
    }

    // Staff pages and the export after the deletion: nothing personal, and the history of what was sent is still there.
    const comms = await (await client()(`${base()}/communications`, { cookie: manager })).text();
    for (const personal of ['Larimer', '(303) 555-0188', DEMO.borrower.email, 'Your payment receipt']) expect(comms).not.toContain(personal);
    expect(comms).toContain('<code>password-reset</code>');
    expect(comms).toContain('The customer’s personal data was deleted');
    expect(comms).toContain('<p class="sms-body">(deleted)</p>');
    const exported = (await (await client()(`${base()}/export.json`, { cookie: manager })).text()).toLowerCase();
    for (const personal of ['rivera', 'larimer', '5550188', 'front range', DEMO.borrower.email.toLowerCase()]) expect(exported).not.toContain(personal);
    const history = (await (await client()(`${base()}/history.json?tab=privacy`, { cookie: manager })).json()) as { history: { action: string }[] };
    expect(history.history.map((h) => h.action)).toEqual(expect.arrayContaining(['privacy.deleted', 'privacy.processor-customer-deleted']));

    const page = await (await client()(`${base()}/privacy?deleted=1`, { cookie: manager })).text();
    expect(page).toContain('Deleted customer');
    expect(page).toContain('The personal data is deleted.');
    expect(page).not.toContain(`action="${base()}/view-as"`);

    // Again: already done, nothing more recorded.
    const again = await client()(`${base()}/privacy/delete`, { cookie: manager, form: { confirm: 'customer', reason: 'Repeat.' } });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`${base()}/privacy?deleted=already`);
    expect(await (await client()(again.headers.get('location')!, { cookie: manager })).text()).toContain('had already been deleted');
    expect(await auditRows('privacy.deleted')).toHaveLength(1);
    // And there is no portal left to view.
    expect((await client()(`${base()}/view-as`, { cookie: manager, form: {} })).status).toBe(409);
  });
  it('refuses every edit of an anonymised record with 409 (assertNotAnonymised, wired into the record routes)', async () => {
    expect(() => assertNotAnonymised({ anonymisedAt: null })).not.toThrow();
    const refused = (() => {
      try {
        assertNotAnonymised({ anonymisedAt: clock.now() });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: 'conflict', message: ANONYMISED_REFUSAL });

    const manager = await env.staffSession('manager');
    expect((await tdb().customers.find(jordan))!.anonymisedAt).not.toBeNull();
    const writes: [string, Record<string, string>][] = [
      ['/edit', { firstName: 'Jordan', lastName: 'Rivera', email: DEMO.borrower.email, status: 'Active' }],
      ['/edit/phones', { type: 'mobile', number: '3035550188' }],
      ['/edit/phones/any-phone', { type: 'mobile', number: '3035550188' }],
      ['/edit/phones/any-phone/remove', {}],
      ['/edit/address', { line1: '1420 Larimer St', city: 'Denver', state: 'CO', zip: '80202', country: 'US' }],
      ['/edit/mailing', { line1: '1420 Larimer St', city: 'Denver', state: 'CO', zip: '80202', country: 'US' }],
      ['/edit/web-access', { username: 'jordan', password: 'A-long-password-2026' }],
      ['/edit/photo', {}],
      ['/edit/photo/remove', {}],
      ['/edit/additional', {}],
    ];
    for (const [path, form] of writes) {
      const res = await client()(`${base()}${path}`, { cookie: manager, form });
      expect(res.status, path).toBe(409);
      expect(await res.text(), path).toContain('This customer’s personal data was deleted on request; the record cannot be edited.');
    }
    const after = (await tdb().customers.find(jordan))!;
    expect(after).toMatchObject({ firstName: 'Deleted', lastName: 'customer', email: null, webUsername: null, passwordHash: null });
    expect(await tdb().customers.phones(jordan)).toHaveLength(0);
    expect(await tdb().profile.addresses(jordan)).toHaveLength(0);
  });

  describe('stored files go only after the rows are gone', () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n% file\n');
    const silent = (): Logger & { errors: [string, Record<string, unknown> | undefined][] } => {
      const errors: [string, Record<string, unknown> | undefined][] = [];
      const logger: Logger & { errors: typeof errors } = { errors, debug: () => {}, info: () => {}, warn: () => {}, error: (msg, fields) => void errors.push([msg, fields]), child: () => logger };
      return logger;
    };
    /** A deletion asked for by a manager (approved in the tests by the owner); its id. */
    const ask = async (customer: Awaited<ReturnType<ReturnType<typeof tdb>['customers']['find']>> & {}) => {
      const asker = await tdb().agents.create({ email: `asker-${newId()}@sunrise-lending.example`, name: 'Asking Manager', role: 'manager' }, clock.now());
      const asked = await requestDeletion(tdb(), { customer, reason: 'Request by email.', agentId: asker.id }, today, clock.now());
      if (asked.kind !== 'requested') throw new Error(`not requested: ${asked.kind}`);
      return asked.request.id;
    };
    /** A customer with an upload of their own and a document staff added, both with their bytes stored. */
    const customerWithFiles = async () => {
      const now = clock.now();
      const customer = await tdb().customers.create({ firstName: 'Casey', lastName: 'Files', email: `casey-${newId()}@example.com` }, now);
      const store = (type: 'customer' | 'agent') =>
        storeDocument(tdb(), host.deps.files, { customerId: customer.id, accountId: null, category: 'Other', name: `From ${type}`, description: '', fileName: 'file.pdf', bytes: pdf, uploadedBy: { type, id: type === 'agent' ? demo.owner.id : customer.id }, sharedWithBorrower: false }, { maxBytes: 1_000_000 }, now);
      const docs = [await store('customer'), await store('agent')];
      for (const d of docs) expect(await host.deps.files.get(d.storageKey)).not.toBeNull();
      return { customer: (await tdb().customers.find(customer.id))!, docs };
    };

    it('a database failure deletes no file, nor the processor’s customer: the rows still point at both', async () => {
      const { customer: withoutProcessor, docs } = await customerWithFiles();
      await tdb().customers.setProcessorCustomerId(withoutProcessor.id, 'cus_sbx_0123456789abcdef01234567', clock.now());
      const customer = (await tdb().customers.find(withoutProcessor.id))!;
      const deleted: string[] = [];
      const files: FileStore = { ...host.deps.files, delete: async (key) => void deleted.push(key) };
      const processor: PaymentProcessor = { ...host.deps.processor, deleteCustomer: async (id) => void deleted.push(id) };
      const failing = { ...tdb(), privacy: { ...tdb().privacy, erase: () => Promise.reject(new Error('database unavailable')) } };
      const deletionId = await ask(customer);
      await expect(deleteCustomerData(failing, { files, logger: silent(), processor }, { customer, deletionId, approverId: demo.owner.id }, today, clock.now())).rejects.toThrow('database unavailable');
      // The request waits again, to be approved once the database is back.
      expect((await tdb().privacy.requests.pending(customer.id))?.id).toBe(deletionId);
      expect(deleted).toEqual([]);
      expect((await tdb().customers.find(customer.id))!.processorCustomerId).toBe('cus_sbx_0123456789abcdef01234567');
      for (const d of docs) {
        expect(await tdb().documents.find(d.id)).toBeDefined();
        expect(await host.deps.files.get(d.storageKey)).not.toBeNull();
      }
      expect((await tdb().customers.find(customer.id))!.anonymisedAt).toBeNull();
    });

    it('a file the store cannot remove is logged, and the deletion still happens', async () => {
      const { customer, docs } = await customerWithFiles();
      const logger = silent();
      const files: FileStore = { ...host.deps.files, delete: () => Promise.reject(new Error('file store down')) };
      const outcome = await deleteCustomerData(tdb(), { files, logger, processor: host.deps.processor }, { customer, deletionId: await ask(customer), approverId: demo.owner.id }, today, clock.now());
      expect(outcome).toMatchObject({ kind: 'deleted', filesLeft: 2, removed: { uploadedDocuments: 1, staffDocuments: 1 }, processorCustomer: 'none' });
      expect((await tdb().customers.find(customer.id))!.anonymisedAt).toEqual(clock.now());
      for (const d of docs) expect(await tdb().documents.find(d.id)).toBeUndefined();
      expect(logger.errors.map(([, fields]) => fields?.storageKey).sort()).toEqual(docs.map((d) => d.storageKey).sort());
      expect(logger.errors[0]![1]).toMatchObject({ customer: customer.id, error: 'file store down' });
      // With a working store the bytes go as well.
      const second = await customerWithFiles();
      expect(await deleteCustomerData(tdb(), { files: host.deps.files, logger: silent(), processor: host.deps.processor }, { customer: second.customer, deletionId: await ask(second.customer), approverId: demo.owner.id }, today, clock.now())).toMatchObject({ kind: 'deleted', filesLeft: 0 });
      for (const d of second.docs) expect(await host.deps.files.get(d.storageKey)).toBeNull();
    });
  });

  describe('the card processor’s record of the customer', () => {
    /** A customer with a record at the (sandbox) processor, made as saving a card makes it. */
    const customerAtProcessor = async (firstName: string, lastName: string) => {
      const now = clock.now();
      const email = `${firstName.toLowerCase()}-${newId().toLowerCase()}@example.com`;
      const customer = await tdb().customers.create({ firstName, lastName, email }, now);
      const { customerId } = await host.deps.processor.createCustomer({ idempotencyKey: `customer-${demo.tenant.id}-${customer.id}`, name: `${firstName} ${lastName}`, email, metadata: { tenant: demo.tenant.id } });
      await tdb().customers.setProcessorCustomerId(customer.id, customerId, now);
      return { id: customer.id, processorCustomerId: customerId, email };
    };
    const rowsFor = async (action: string, customerId: string) => (await auditRows(action)).filter((r) => r.entityId === customerId);

    it('is deleted with the personal data, and the history says so', async () => {
      const customer = await customerAtProcessor('Casey', 'Lindqvist');
      const page = `/admin/customers/${customer.id}/privacy`;
      const { res, manager } = await askAndApprove(page, 'lindqvist', 'Emailed request of Nov 21, identity checked by phone.');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${page}?deleted=1`);
      expect((await tdb().customers.find(customer.id))!).toMatchObject({ processorCustomerId: null, lastName: 'customer' });

      const [deletion] = await rowsFor('privacy.deleted', customer.id);
      expect(deletion!.after).toMatchObject({ processorCustomerToDelete: customer.processorCustomerId });
      const confirmed = await rowsFor('privacy.processor-customer-deleted', customer.id);
      expect(confirmed).toHaveLength(1);
      expect(confirmed[0]).toMatchObject({ actorType: 'agent', actorId: deletion!.actorId, before: null, after: { processorCustomerDeleted: true, provider: 'sandbox' } });
      const html = await (await client()(`${page}?deleted=1`, { cookie: manager })).text();
      expect(html).toContain('The personal data is deleted.');
      expect(html).not.toContain('could not delete its own record');
      expect(html).toContain('Card processor’s record deleted');
      expect(html).toMatch(/Card processor’s customer deleted:<\/span> Yes/);
    });

    it('when the processor cannot delete it, the personal data is deleted all the same, the failure is logged without personal data and the id is kept for staff', async () => {
      const customer = await customerAtProcessor('Robin', 'Ashdown');
      const asked: string[] = [];
      const failing: PaymentProcessor = {
        ...host.deps.processor,
        deleteCustomer: async (id) => {
          asked.push(id);
          throw new TransientError('Stripe unreachable: connect ECONNREFUSED 127.0.0.1:443');
        },
      };
      const logged: [string, Record<string, unknown> | undefined][] = [];
      const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (msg, fields) => void logged.push([msg, fields]), child: () => logger };
      const app = createApp({ ...host.deps, processor: failing, logger });
      const page = `/admin/customers/${customer.id}/privacy`;
      const { res, manager } = await askAndApprove(page, 'Ashdown', 'Emailed request of Nov 21, identity checked by phone.', tenantClient(app, 'demo'));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${page}?deleted=processor-left`);
      expect(asked).toEqual([customer.processorCustomerId]);

      // The deletion stands.
      const after = (await tdb().customers.find(customer.id))!;
      expect(after).toMatchObject({ firstName: 'Deleted', lastName: 'customer', email: null, processorCustomerId: null });
      expect(after.anonymisedAt).toEqual(clock.now());
      // Its audit row keeps the processor's id for deletion by hand, and nothing claims it was deleted.
      const [deletion, ...more] = await rowsFor('privacy.deleted', customer.id);
      expect(more).toHaveLength(0);
      expect(deletion!.after).toMatchObject({ processorCustomerToDelete: customer.processorCustomerId });
      expect(deletion!.after).not.toHaveProperty('processorCustomerDeleted');
      expect(await rowsFor('privacy.processor-customer-deleted', customer.id)).toHaveLength(0);

      // Logged for an operator: which customer, which processor record, what went wrong; no name or email.
      const failures = logged.filter(([msg]) => msg.includes('card processor'));
      expect(failures).toHaveLength(1);
      expect(failures[0]![1]).toMatchObject({ customer: customer.id, provider: 'sandbox', processorCustomer: customer.processorCustomerId, transient: true, error: 'Stripe unreachable: connect ECONNREFUSED 127.0.0.1:443' });
      const text = JSON.stringify(logged).toLowerCase();
      for (const personal of ['robin', 'ashdown', customer.email.toLowerCase()]) expect(text).not.toContain(personal);

      // Staff are told, on the page, what is left to do and where the id is.
      const html = await (await client()(`${page}?deleted=processor-left`, { cookie: manager })).text();
      expect(html).toContain('The card processor could not delete its own record of the customer: delete it in the processor’s dashboard');
      expect(html).toContain(`Card processor’s customer to delete by hand:</span> ${customer.processorCustomerId}`);
    });
  });
});

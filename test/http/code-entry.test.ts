import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantsRepo } from '../../src/db/platform';
import { tenants } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { openLoan } from '../../src/services/servicing';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

/**
 * A mistyped sign-in code (emailed or texted, borrower or staff) comes back with the code box still
 * there, the error beside it and tied to it, and the way to ask for a new code; a spent code says
 * so beside "send a new code". Codes typed on the security page keep their box and offer a new code too.
 */
describe('a refused code keeps its box and the way to a new one', () => {
  const clock = fixedClock('2026-11-22T12:00:00Z');
  let host: NodeTestHost;
  const request = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'alpha')(path, init);
  const bravo = (path: string, init: Parameters<ReturnType<typeof tenantClient>>[1] = {}) => tenantClient(host.app, 'bravo')(path, init);

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
    const tenant = (await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!;
    await host.db.update(tenants).set({ settings: { ...tenant.settings, signIn: { mfa: 'required', methods: ['email', 'sms', 'totp'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, tenant.id));
    const other = (await tenantsRepo(host.db).findById(host.fixtures.bravo.id))!;
    await host.db.update(tenants).set({ settings: { ...other.settings, signIn: { mfa: 'optional', methods: ['email', 'sms', 'totp'], idleMinutes: 15, absoluteHours: 12 } } }).where(eq(tenants.id, other.id));
    // Pat gets emailed codes (no other factor); Sam has a verified phone, so gets texts instead.
    const tdb = forTenant(host.db, tenant.id);
    const sam = await tdb.customers.create({ firstName: 'Sam', lastName: 'Texter', email: 'sam@alpha.example', passwordHash: (await tdb.customers.findByUsername('pat@alpha.example'))!.passwordHash }, clock.now());
    await tdb.customers.setMfaPhone(sam.id, '+13035550199', clock.now());
    await openLoan(tdb, tenant, { displayId: 'SMS-1', productName: 'Loan', principal: 100_000, annualRate: '5', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: sam.id, role: 'Primary' }] }, clock.now());
  });
  afterAll(() => host.stop());

  /** The code input of a form, as one tag. */
  const codeInput = (html: string, id: string) => new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0];

  const signIns = [
    ['a borrower', '', 'pat@alpha.example', 'email'],
    ['a borrower', '', 'sam@alpha.example', 'sms'],
    ['staff', '/admin', 'owner@alpha.example', 'email'],
  ] as const;
  for (const [who, base, email, channel] of signIns) {
    it(`${who}: a mistyped ${channel} code keeps the code box, with the error beside it and "send a new code"`, async () => {
      clock.advance(60_000);
      const partial = sessionTokenOf(await request(`${base}/login`, { form: { email, password: FIXTURE_PASSWORD, next: base || '/' } }));
      expect(partial).not.toBe('');
      const sent = await request(`${base}/login/verify/${channel}`, { cookie: partial, form: { next: base || '/' } });
      expect(sent.status).toBe(200);
      expect(codeInput(await sent.text(), `f-${channel}-code`)).toBeDefined();

      const wrong = await request(`${base}/login/verify/${channel}-code`, { cookie: partial, form: { code: '12345', next: base || '/' } });
      expect(wrong.status).toBe(401);
      const html = await wrong.text();
      const input = codeInput(html, `f-${channel}-code`);
      expect(input, 'the code box is still there').toBeDefined();
      expect(input).toContain('aria-invalid="true"');
      expect(input).toContain(`aria-describedby="f-${channel}-code-error"`);
      expect(input, 'what was typed stays').toContain('value="12345"');
      const again = channel === 'sms' ? 'text a new one.' : 'send a new one.';
      expect(html).toContain(`<p class="field-error" id="f-${channel}-code-error">That code is not right. Check it and try again, or ${again}</p>`);
      expect(html).toContain(`action="${base}/login/verify/${channel}-code"`);
      expect(html).toContain(`action="${base}/login/verify/${channel}"`);
      expect(html).toContain(channel === 'sms' ? 'Text a new code' : 'Send a new code');
      // Only in that method's form: the page has no separate alert for it.
      expect(html).not.toContain('<p class="alert alert-error" role="alert">That code is not right');

      // Once the code has expired (10 minutes), the box goes and the message stands by "send a new code"
      // (in a newer half-signed-in session: the first one lasts 10 minutes too).
      clock.advance(9 * 60_000);
      const fresh = sessionTokenOf(await request(`${base}/login`, { form: { email, password: FIXTURE_PASSWORD, next: base || '/' } }));
      clock.advance(90_000);
      const late = await request(`${base}/login/verify/${channel}-code`, { cookie: fresh, form: { code: '123456', next: base || '/' } });
      expect(late.status).toBe(401);
      const lateHtml = await late.text();
      expect(codeInput(lateHtml, `f-${channel}-code`)).toBeUndefined();
      expect(lateHtml).toContain(`That code has expired. ${channel === 'sms' ? 'Text' : 'Send'} a new one.`);
      expect(lateHtml).toContain(`action="${base}/login/verify/${channel}"`);
      expect(lateHtml).toContain(channel === 'sms' ? 'Text a new code' : 'Send a new code');
    });
  }

  it('a borrower: a mistyped code for a new phone keeps the box, its error beside it, and a way to a new code', async () => {
    clock.advance(60_000);
    // At Bravo a second step is optional: Pat, with none yet, is signed in by the password alone.
    const token = sessionTokenOf(await bravo('/login', { form: { email: 'pat@bravo.example', password: FIXTURE_PASSWORD } }));
    const sent = await bravo('/security/phone', { cookie: token, form: { phone: '(303) 555-0123' } });
    expect(sent.status, sent.headers.get('location') ?? '').toBe(200);
    const wrong = await bravo('/security/phone/confirm', { cookie: token, form: { code: '000' } });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    const input = codeInput(html, 'f-sent-code');
    expect(input).toContain('aria-invalid="true"');
    expect(html).toContain('<p class="field-error" id="f-sent-code-error">That code is not right.</p>');
    expect(html).toContain('<a href="/security#phone-title">Text a new code</a>');
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, smsMessages, smsOptOuts } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { twilioSignature } from '../../src/integrations/sms/twilio-inbound';
import { DAY_MS, fixedClock } from '../../src/lib/clock';
import { DEMO } from '../../src/services/seed';
import { TWILIO_INBOUND_PATH, twilioInboundUrl } from '../../src/services/sms-inbound';
import { useDemoHost, type Demo } from '../support/demo-host';
import { TEST_BASE_DOMAIN } from '../support/fixtures';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

const TWILIO = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789', TWILIO_FROM: '+13035550142' };
/** The URL Twilio is configured with, and signs: the platform host from configuration (https, BASE_DOMAIN, no port). */
const SIGNED_URL = `https://${TEST_BASE_DOMAIN}${TWILIO_INBOUND_PATH}`;

type Params = Record<string, string>;

/** Twilio's incoming-message parameters for a text from `from`. */
const incoming = (from: string, body: string, messageSid: string, more: Params = {}): Params => ({
  ToCountry: 'US', ToState: 'CO', SmsMessageSid: messageSid, NumMedia: '0', ToCity: 'DENVER', FromZip: '80202', SmsSid: messageSid, FromState: 'CO', SmsStatus: 'received', FromCity: 'DENVER', Body: body, FromCountry: 'US', To: TWILIO.TWILIO_FROM, MessagingServiceSid: '', ToZip: '80202', NumSegments: '1', MessageSid: messageSid, AccountSid: TWILIO.TWILIO_ACCOUNT_SID, From: from, ApiVersion: '2010-04-01',
  ...more,
});

describe('text-message replies from customers (Twilio incoming-message webhook)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock, config: TWILIO });
  const { tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let jordan: string;
  let sid = 0;
  const nextSid = () => `SM${String(++sid).padStart(32, '0')}`;

  /** Posts the parameters as Twilio does: form-encoded, signed over `signedUrl` (the configured URL unless given) with `token`. */
  const post = async (params: Params, opts: { token?: string; signedUrl?: string; signature?: string | null; path?: string } = {}) => {
    // A minute between deliveries, so the thread's order (by time) is the order they were sent in.
    clock.advance(60_000);
    const body = new URLSearchParams(params).toString();
    const signature = opts.signature !== undefined ? opts.signature : await twilioSignature(opts.token ?? TWILIO.TWILIO_AUTH_TOKEN, opts.signedUrl ?? SIGNED_URL, Object.entries(params));
    return host.app.request(`https://${TEST_BASE_DOMAIN}${opts.path ?? TWILIO_INBOUND_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'user-agent': 'TwilioProxy/1.1', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
      body,
    });
  };
  const jordansThread = () => tdb().sms.forCustomer(jordan);
  const inboundRows = async () => (await host.db.select().from(smsMessages).where(eq(smsMessages.direction, 'inbound'))).filter((m) => m.provider === 'twilio');
  /** An acknowledged delivery: 200, empty TwiML as XML (Twilio then sends no reply). */
  const expectAcknowledged = async (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response\/>$/);
  };

  beforeAll(() => {
    ({ host, demo } = env);
    jordan = demo.borrower.id;
  });

  it('signs over the platform URL built from configuration', () => {
    expect(twilioInboundUrl(host.deps.config)).toBe(SIGNED_URL);
    expect(twilioInboundUrl({ PUBLIC_SCHEME: 'http', BASE_DOMAIN: 'localhost', PUBLIC_PORT: 8787 }, '?x=1')).toBe('http://localhost:8787/webhooks/sms/twilio?x=1');
    expect(twilioInboundUrl({ PUBLIC_SCHEME: 'https', BASE_DOMAIN: 'onlineaccess.io', PUBLIC_PORT: 443 })).toBe('https://onlineaccess.io/webhooks/sms/twilio');
  });

  it('acknowledges a reply it cannot place and records nothing: an unknown number, or one we only texted through the outbox', async () => {
    // The demo thread was seeded through the outbox: those texts never reached a phone, so they start no conversation.
    expect((await jordansThread()).some((m) => m.direction === 'outbound' && m.toNumber === DEMO.borrower.phone)).toBe(true);
    const before = (await jordansThread()).length;
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'Hello?', nextSid())));
    await expectAcknowledged(await post(incoming('+12025550199', 'Who is this?', nextSid())));
    expect(await inboundRows()).toEqual([]);
    expect(await jordansThread()).toHaveLength(before);
  });

  it("puts a signed reply in the thread of the customer we last texted at that number, shown to staff as received", async () => {
    // Our text to Jordan through Twilio an hour ago (as SmsSender's caller records it).
    await tdb().sms.record({ customerId: jordan, direction: 'outbound', fromNumber: TWILIO.TWILIO_FROM, toNumber: DEMO.borrower.phone, body: 'Sunrise Lending: your payment of $412.50 on AL-204817 is due Dec 1.', provider: 'twilio', providerMessageId: 'SMoutbound0001', sentAt: new Date(clock.now().getTime() - 3_600_000) });
    const messageSid = nextSid();
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'Thanks & can I pay on the 3rd <instead>?', messageSid)));
    const reply = (await jordansThread()).at(-1)!;
    expect(reply).toMatchObject({ direction: 'inbound', fromNumber: DEMO.borrower.phone, toNumber: TWILIO.TWILIO_FROM, body: 'Thanks & can I pay on the 3rd <instead>?', provider: 'twilio', providerMessageId: messageSid, customerId: jordan });
    expect(reply.sentAt.toISOString()).toBe(clock.now().toISOString());
    expect(await inboundRows()).toHaveLength(1);

    const page = await (await env.client()(`/admin/customers/${jordan}/communications`, { cookie: await env.staffSession('read_only') })).text();
    const thread = [...page.matchAll(/<li class="sms sms-(outbound|inbound)"><p class="sms-meta"><strong>([^<]*)<\/strong>[\s\S]*?<p class="sms-body">([^<]*)<\/p>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(thread.slice(-2)).toEqual([
      ['outbound', 'Sent by the lender', 'Sunrise Lending: your payment of $412.50 on AL-204817 is due Dec 1.'],
      ['inbound', 'Received from the customer', 'Thanks &amp; can I pay on the 3rd &lt;instead&gt;?'],
    ]);
  });

  it('records a message delivered twice (the same MessageSid) once', async () => {
    const params = incoming(DEMO.borrower.phone, 'Paid it just now.', nextSid());
    await expectAcknowledged(await post(params));
    await expectAcknowledged(await post(params));
    expect((await jordansThread()).filter((m) => m.body === 'Paid it just now.')).toHaveLength(1);
    expect(await inboundRows()).toHaveLength(2);
    // Two deliveries at the same moment: the unique index keeps one.
    const racing = incoming(DEMO.borrower.phone, 'Sent twice at once.', nextSid());
    for (const res of await Promise.all([post(racing), post(racing), post(racing)])) await expectAcknowledged(res);
    expect((await jordansThread()).filter((m) => m.body === 'Sent twice at once.')).toHaveLength(1);
  });

  it('refuses with 403, recording nothing, a missing or wrong signature, another URL or token, and another account', async () => {
    const refused = async (res: Response) => {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).not.toMatch(/xml/);
    };
    const params = incoming(DEMO.borrower.phone, 'STOP', nextSid());
    await refused(await post(params, { signature: null }));
    await refused(await post(params, { signature: '' }));
    await refused(await post(params, { signature: 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==' }));
    await refused(await post(params, { token: 'another-accounts-auth-token' }));
    // Signed for the address the request came to as seen by a proxy, not the configured one.
    await refused(await post(params, { signedUrl: `http://${TEST_BASE_DOMAIN}${TWILIO_INBOUND_PATH}` }));
    await refused(await post(params, { signedUrl: `https://www.${TEST_BASE_DOMAIN}${TWILIO_INBOUND_PATH}` }));
    // A body changed after signing.
    const signature = await twilioSignature(TWILIO.TWILIO_AUTH_TOKEN, SIGNED_URL, Object.entries(params));
    await refused(await post({ ...params, Body: 'Hi' }, { signature }));
    // Correctly signed with our token, but for another Twilio account.
    await refused(await post({ ...params, AccountSid: 'AC99999999999999999999999999999999' }));
    expect(await inboundRows()).toHaveLength(3);
    expect((await tdb().accounts.forCustomer(jordan)).length).toBeGreaterThan(0);
    // A query string on the configured URL is part of what Twilio signs.
    await refused(await post(params, { path: `${TWILIO_INBOUND_PATH}?source=number` }));
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'Signed with the query', nextSid()), { path: `${TWILIO_INBOUND_PATH}?source=number`, signedUrl: `${SIGNED_URL}?source=number` }));
    expect(await inboundRows()).toHaveLength(4);
  });

  it('answers 400 to a signed request that is not an incoming message', async () => {
    const res = await post({ AccountSid: TWILIO.TWILIO_ACCOUNT_SID, Body: 'no sender' });
    expect(res.status).toBe(400);
    expect(await inboundRows()).toHaveLength(4);
  });

  it("switches texts off on every one of the customer's account links when they text STOP, audited as theirs, and records the message", async () => {
    const links = await tdb().accounts.forCustomer(jordan);
    expect(links.length).toBeGreaterThanOrEqual(3);
    const on = links.slice(0, 3);
    for (const { account } of on) await tdb().accounts.setAccess(jordan, account.id, { smsAccess: true }, clock.now());
    const audits = () => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'link.access-changed'), eq(auditLog.entityId, jordan)));
    const auditsBefore = (await audits()).length;

    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, '  stop \n', nextSid())));
    expect((await tdb().accounts.forCustomer(jordan)).map((l) => l.link.smsAccess)).toEqual(links.map(() => false));
    const rows = (await audits()).slice(auditsBefore);
    expect(rows.map((r) => ({ actorType: r.actorType, actorId: r.actorId, before: r.before, after: r.after })).sort((a, b) => String(a.before!.account).localeCompare(String(b.before!.account)))).toEqual(
      on.map(({ account }) => ({ actorType: 'customer', actorId: jordan, before: { account: account.displayId, smsAccess: true }, after: { account: account.displayId, smsAccess: false } })).sort((a, b) => a.before.account.localeCompare(b.before.account)),
    );
    expect((await jordansThread()).at(-1)).toMatchObject({ direction: 'inbound', body: '  stop \n' });
    // On the Links tab's history.
    const history = (await (await env.client()(`/admin/customers/${jordan}/history.json?tab=links`, { cookie: await env.staffSession('read_only') })).json()) as { history: { action: string; actor: { type: string } }[] };
    expect(history.history.filter((h) => h.action === 'link.access-changed' && h.actor.type === 'customer')).toHaveLength(on.length);

    // START is recorded; the switches stay off until staff turn them on.
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'START', nextSid())));
    expect((await jordansThread()).at(-1)).toMatchObject({ direction: 'inbound', body: 'START' });
    expect((await tdb().accounts.forCustomer(jordan)).every((l) => !l.link.smsAccess)).toBe(true);
    expect(await audits()).toHaveLength(auditsBefore + on.length);
    // A message that only mentions stopping is not an opt-out.
    await tdb().accounts.setAccess(jordan, on[0]!.account.id, { smsAccess: true }, clock.now());
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'Please stop the late fee', nextSid())));
    expect((await tdb().accounts.forCustomer(jordan)).find((l) => l.account.id === on[0]!.account.id)!.link.smsAccess).toBe(true);
  });

  it(`places replies only within ${30} days of our last text`, async () => {
    const count = (await inboundRows()).length;
    clock.advance(31 * DAY_MS);
    try {
      await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'Still there?', nextSid())));
      expect(await inboundRows()).toHaveLength(count);
    } finally {
      clock.advance(-31 * DAY_MS);
    }
  });

  // Lender B's borrower asks to verify the victim's number: a code goes to it before it is confirmed.
  const alphaTdb = () => forTenant(host.db, host.fixtures.alpha.id);
  const textedBy = async (t: ReturnType<typeof forTenant>, customerId: string, to: string, body = 'Sunrise Lending: a reminder.') =>
    t.sms.record({ customerId, direction: 'outbound', fromNumber: TWILIO.TWILIO_FROM, toNumber: to, body, provider: 'twilio', providerMessageId: `SMout${nextSid()}`, sentAt: clock.now() });
  const inboundFrom = async (number: string) => (await inboundRows()).filter((m) => m.fromNumber === number);
  const optOutOf = async (phone: string) => (await host.db.select().from(smsOptOuts).where(eq(smsOptOuts.phone, phone)))[0];

  it("never routes a reply to a lender that only texted a number its customer has not confirmed, even when it texted last", async () => {
    const attacker = await alphaTdb().customers.create({ firstName: 'Mallory', lastName: 'B', email: `mallory-${sid}@example.com` }, clock.now());
    // Nobody's number: the verification text to it starts no conversation.
    await textedBy(alphaTdb(), attacker.id, '+13035550122', '123456 is your Alpha Portal verification code.');
    await expectAcknowledged(await post(incoming('+13035550122', 'Who is this?', nextSid())));
    expect(await inboundFrom('+13035550122')).toEqual([]);
    // Jordan's number: demo texted Jordan (earlier test), then the attacker's lender texted a code to it, later.
    await textedBy(tdb(), jordan, DEMO.borrower.phone);
    clock.advance(60_000);
    await textedBy(alphaTdb(), attacker.id, DEMO.borrower.phone, '654321 is your Alpha Portal verification code.');
    const messageSid = nextSid();
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'My account number is 1234', messageSid)));
    const [reply] = (await inboundRows()).filter((m) => m.providerMessageId === messageSid);
    expect(reply).toMatchObject({ tenantId: demo.tenant.id, customerId: jordan });
    expect((await alphaTdb().sms.forCustomer(attacker.id)).filter((m) => m.direction === 'inbound')).toEqual([]);
  });

  it('records a reply nowhere when customers at two lenders hold the number and were both texted, but still honours STOP', async () => {
    const shared = '+13035550111';
    const atDemo = await tdb().customers.create({ firstName: 'Casey', lastName: 'A', email: `casey-${sid}@example.com` }, clock.now());
    await tdb().customers.setMfaPhone(atDemo.id, shared, clock.now());
    const atAlpha = await alphaTdb().customers.create({ firstName: 'Casey', lastName: 'B', email: `casey-b-${sid}@example.com` }, clock.now());
    await alphaTdb().customers.addPhone({ customerId: atAlpha.id, type: 'mobile', number: shared, isPrimary: true }, clock.now());
    await textedBy(tdb(), atDemo.id, shared);
    // One holder texted: the reply is theirs.
    await expectAcknowledged(await post(incoming(shared, 'Got it', nextSid())));
    expect((await inboundFrom(shared)).map((m) => [m.tenantId, m.customerId])).toEqual([[demo.tenant.id, atDemo.id]]);
    // Both texted: nobody's.
    await textedBy(alphaTdb(), atAlpha.id, shared);
    await expectAcknowledged(await post(incoming(shared, 'Which lender is this?', nextSid())));
    await expectAcknowledged(await post(incoming(shared, 'STOP', nextSid())));
    expect(await inboundFrom(shared)).toHaveLength(1);
    expect(await optOutOf(shared)).toMatchObject({ keyword: 'STOP', toNumber: TWILIO.TWILIO_FROM });
    await expectAcknowledged(await post(incoming(shared, 'start', nextSid())));
    expect(await optOutOf(shared)).toBeUndefined();
    expect(await inboundFrom(shared)).toHaveLength(1);
  });

  it('drops a message sent to a number that is not our sending number, STOP included', async () => {
    const count = (await inboundRows()).length;
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'Hello other number', nextSid(), { To: '+13035550999' })));
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'STOP', nextSid(), { To: '+13035550999' })));
    expect(await inboundRows()).toHaveLength(count);
    expect(await optOutOf(DEMO.borrower.phone)).toBeUndefined();
  });

  it('sets up no text-message codes where the lender does not offer them (404, nothing sent)', async () => {
    const signedIn = await env.signInBorrower();
    const textsBefore = (await tdb().sms.recent(500)).length;
    expect((await env.client()('/security/phone', { cookie: signedIn, form: { phone: '(303) 555-0188' } })).status).toBe(404);
    expect((await env.client()('/security/phone/confirm', { cookie: signedIn, form: { code: '123456' } })).status).toBe(404);
    expect(await tdb().sms.recent(500)).toHaveLength(textsBefore);
  });

  it('puts a phone that texts STOP on the platform-wide opt-out list, routed or not, until it texts START', async () => {
    // Routed (Jordan): the list, and his links switched off.
    await tdb().accounts.setAccess(jordan, (await tdb().accounts.forCustomer(jordan))[0]!.account.id, { smsAccess: true }, clock.now());
    const stop = incoming(DEMO.borrower.phone, 'Stop', nextSid());
    await expectAcknowledged(await post(stop));
    const first = await optOutOf(DEMO.borrower.phone);
    expect(first).toMatchObject({ phone: DEMO.borrower.phone, keyword: 'STOP', toNumber: TWILIO.TWILIO_FROM });
    expect((await tdb().accounts.forCustomer(jordan)).every((l) => !l.link.smsAccess)).toBe(true);
    // A redelivery changes nothing: no second message, no audit, the first date kept.
    const audits = async () => (await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'link.access-changed')))).length;
    const auditCount = await audits();
    await expectAcknowledged(await post(stop));
    expect((await jordansThread()).filter((m) => m.providerMessageId === stop.MessageSid)).toHaveLength(1);
    expect(await audits()).toBe(auditCount);
    expect((await optOutOf(DEMO.borrower.phone))!.optedOutAt).toEqual(first!.optedOutAt);
    await expectAcknowledged(await post(incoming(DEMO.borrower.phone, 'UNSTOP', nextSid())));
    expect(await optOutOf(DEMO.borrower.phone)).toBeUndefined();

    // Unrouted (a number we never texted): on the list all the same, nothing recorded.
    const stranger = '+12025550123';
    await expectAcknowledged(await post(incoming(stranger, 'UNSUBSCRIBE', nextSid())));
    expect(await optOutOf(stranger)).toMatchObject({ keyword: 'UNSUBSCRIBE', optedOutAt: clock.now() });
    expect(await inboundFrom(stranger)).toEqual([]);
    // Twilio's own reading (Advanced Opt-Out, custom keywords) counts: OptOutType STOP / START; HELP is neither.
    await expectAcknowledged(await post(incoming(stranger, 'Arrêt', nextSid(), { OptOutType: 'START' })));
    expect(await optOutOf(stranger)).toBeUndefined();
    await expectAcknowledged(await post(incoming(stranger, 'STOP', nextSid(), { OptOutType: 'HELP' })));
    expect(await optOutOf(stranger)).toBeUndefined();
    await expectAcknowledged(await post(incoming(stranger, 'Arrêt', nextSid(), { OptOutType: 'STOP' })));
    expect(await optOutOf(stranger)).toMatchObject({ keyword: 'ARRÊT' });
  });

  it('keeps a provider message once across every tenant', async () => {
    const values = { fromNumber: '+13035550188', toNumber: TWILIO.TWILIO_FROM, body: 'Once', provider: 'twilio', providerMessageId: 'SMsharedacrosstenants', sentAt: clock.now() };
    expect(await tdb().sms.recordInbound({ ...values, customerId: jordan })).toBe(true);
    expect(await alphaTdb().sms.recordInbound({ ...values, customerId: null })).toBe(false);
    expect(await tdb().sms.recordInbound({ ...values, customerId: jordan })).toBe(false);
    // Another provider's id, or an outbound record, is not the same received message.
    expect(await alphaTdb().sms.recordInbound({ ...values, provider: 'outbox', customerId: null })).toBe(true);
  });
});

describe('the Twilio webhook when texts do not go through Twilio', () => {
  let host: NodeTestHost;
  beforeAll(async () => {
    host = await startNodeTestHost({ poll: false });
  });
  afterAll(() => host.stop());

  it('is not published (404), whatever the request', async () => {
    expect(host.deps.config.SMS_PROVIDER).toBe('outbox');
    const params = incoming(DEMO.borrower.phone, 'STOP', 'SM00000000000000000000000000000001');
    const res = await host.app.request(`https://${TEST_BASE_DOMAIN}${TWILIO_INBOUND_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': await twilioSignature(TWILIO.TWILIO_AUTH_TOKEN, SIGNED_URL, Object.entries(params)) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(404);
    expect(await host.db.select().from(smsMessages).where(eq(smsMessages.direction, 'inbound'))).toEqual([]);
  });
});

describe('replies through a Messaging Service (TWILIO_MESSAGING_SERVICE_SID, no TWILIO_FROM)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const SERVICE = 'MG0123456789abcdef0123456789abcdef';
  const env = useDemoHost({ clock, config: { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN, TWILIO_MESSAGING_SERVICE_SID: SERVICE } });

  it("accepts replies to any of the service's numbers, and drops those that name no or another service", async () => {
    const { host, demo } = env;
    await env.tdb().sms.record({ customerId: demo.borrower.id, direction: 'outbound', fromNumber: '+13035550143', toNumber: DEMO.borrower.phone, body: 'Reminder', provider: 'twilio', providerMessageId: 'SMviaservice', sentAt: clock.now() });
    const send = async (params: Params) =>
      host.app.request(`https://${TEST_BASE_DOMAIN}${TWILIO_INBOUND_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': await twilioSignature(TWILIO.TWILIO_AUTH_TOKEN, SIGNED_URL, Object.entries(params)) },
        body: new URLSearchParams(params).toString(),
      });
    const pool = { To: '+13035550143' };
    for (const [sid, more] of [['SM1', { ...pool, MessagingServiceSid: '' }], ['SM2', { ...pool, MessagingServiceSid: 'MG99999999999999999999999999999999' }], ['SM3', { ...pool, MessagingServiceSid: SERVICE }]] as const) {
      const res = await send(incoming(DEMO.borrower.phone, `Reply ${sid}`, sid, more));
      expect(res.status).toBe(200);
    }
    const inbound = (await env.tdb().sms.forCustomer(demo.borrower.id)).filter((m) => m.direction === 'inbound' && m.provider === 'twilio');
    expect(inbound.map((m) => [m.providerMessageId, m.toNumber])).toEqual([['SM3', '+13035550143']]);
  });
});

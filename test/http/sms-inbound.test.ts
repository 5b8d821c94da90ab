import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, smsMessages } from '../../src/db/schema';
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

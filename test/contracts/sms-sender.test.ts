import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isE164, type SmsSender } from '../../src/integrations/sms';
import { outboxSmsSender } from '../../src/integrations/sms/outbox';
import { twilioSmsSender } from '../../src/integrations/sms/twilio';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';

const ACCOUNT_SID = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'test_auth_token';
const FROM = '+15005550006'; // Twilio's documented "valid From" test number

/**
 * A loopback server speaking Twilio's documented Messages API, driven by the recipient.
 * +15005550001 and +15005550004 are Twilio's own test numbers for 21211 and 21610.
 */
function fakeTwilio() {
  const received: { url: string; headers: IncomingMessage['headers']; form: Record<string, string> }[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = Object.fromEntries(new URLSearchParams(raw));
    received.push({ url: req.url ?? '', headers: req.headers, form });
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
      reply(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);

    const path = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
    if (req.method !== 'POST' || req.url !== path) return error(404, 20404, 'The requested resource was not found');
    if (req.headers.authorization !== `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`) return error(401, 20003, 'Authenticate');
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return error(400, 20001, 'Unsupported content type');
    const to = form.To ?? '';
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!form.From && !form.MessagingServiceSid) return error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    if (!form.Body) return error(400, 21602, 'Message body is required.');
    if (to === '+15005550001') return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (to === '+15005550004') return error(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (to === '+15555550429') return error(429, 20429, 'Too Many Requests', { 'retry-after': '3' });
    if (to === '+15555550500') return error(500, 20500, 'An internal server error has occurred');
    if (to === '+15555550503') return reply(503, {});
    if (to === '+15555550999') return; // never answers: only the client's timeout ends this
    return reply(201, {
      sid: `SM${String(received.length).padStart(32, '0')}`,
      account_sid: ACCOUNT_SID,
      status: 'queued',
      to,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      body: form.Body,
      num_segments: '1',
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
    });
  });
  return { server, received };
}

const sms = (to: string, body = 'Your code is 123456') => ({ idempotencyKey: `key-${to}`, to, body });

describe('SmsSender contract', () => {
  const fake = fakeTwilio();
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    fake.server.closeAllConnections();
    return new Promise<void>((r) => fake.server.close(() => r()));
  });

  const implementations: [string, () => SmsSender][] = [
    ['twilio', () => twilioSmsSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, baseUrl })],
    ['outbox', () => outboxSmsSender],
  ];
  for (const [name, make] of implementations) {
    it(`${name}: sends and names its provider`, async () => {
      const sender = make();
      expect(sender.provider).toBe(name);
      const result = await sender.send(sms('+14155550123'));
      expect(result).toHaveProperty('providerMessageId');
    });

    it(`${name}: refuses a number that is not E.164, permanently`, async () => {
      for (const to of ['4155550123', '+0155550123', '+1 415 555 0123', '']) {
        await expect(make().send(sms(to))).rejects.toBeInstanceOf(PermanentError);
      }
    });
  }

  describe('Twilio over HTTP', () => {
    const sender = (extra: Partial<Parameters<typeof twilioSmsSender>[0]> = {}) =>
      twilioSmsSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, baseUrl, ...extra });

    it('posts the documented form with Basic auth and returns the message sid', async () => {
      const { providerMessageId } = await sender().send(sms('+14155550100', 'Code: 005924 & more'));
      expect(providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
      const last = fake.received.at(-1)!;
      expect(last.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
      expect(last.headers.authorization).toBe(`Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`);
      expect(last.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(last.form).toEqual({ To: '+14155550100', From: FROM, Body: 'Code: 005924 & more' });
    });

    it('sends through a Messaging Service instead of a From number', async () => {
      await sender({ from: undefined, messagingServiceSid: 'MG00000000000000000000000000000001' }).send(sms('+14155550101'));
      expect(fake.received.at(-1)!.form).toEqual({ To: '+14155550101', MessagingServiceSid: 'MG00000000000000000000000000000001', Body: 'Your code is 123456' });
    });

    it('needs exactly one sender', () => {
      expect(() => sender({ from: undefined })).toThrow(/exactly one/);
      expect(() => sender({ messagingServiceSid: 'MG1' })).toThrow(/exactly one/);
    });

    it('turns 429 into a transient error carrying Retry-After, and 5xx into a transient error', async () => {
      const limited = await sender().send(sms('+15555550429')).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(TransientError);
      expect((limited as TransientError).message).toBe('Twilio 429 20429: Too Many Requests');
      expect((limited as TransientError).retryAfterSeconds).toBe(3);
      await expect(sender().send(sms('+15555550500'))).rejects.toThrow(new TransientError('Twilio 500 20500: An internal server error has occurred'));
      await expect(sender().send(sms('+15555550503'))).rejects.toBeInstanceOf(TransientError);
    });

    it("turns Twilio's validation errors into permanent errors with its code and message", async () => {
      const invalid = await sender().send(sms('+15005550001')).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(PermanentError);
      expect((invalid as Error).message).toMatch(/^Twilio 400 21211: The 'To' number \+15005550001 is not a valid phone number\./);
      await expect(sender().send(sms('+15005550004'))).rejects.toThrow(
        new PermanentError('Twilio 400 21610: Attempt to send to unsubscribed recipient (https://www.twilio.com/docs/errors/21610)'),
      );
      await expect(sender().send(sms('+14155550123', ''))).rejects.toThrow(/21602/);
    });

    it('keeps retrying while the credentials are rejected, so no message is lost to a configuration mistake', async () => {
      const badToken = sender({ authToken: 'wrong' });
      await expect(badToken.send(sms('+14155550123'))).rejects.toThrow(/20003: Authenticate \(check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN\)/);
      await expect(badToken.send(sms('+14155550123'))).rejects.toBeInstanceOf(TransientError);
    });

    it('treats an unreachable provider and a timeout as transient', async () => {
      await expect(sender({ baseUrl: 'http://127.0.0.1:9' }).send(sms('+14155550123'))).rejects.toBeInstanceOf(TransientError);
      const started = Date.now();
      await expect(sender({ timeoutMs: 100 }).send(sms('+15555550999'))).rejects.toThrow(/Twilio unreachable: .*(timeout|aborted)/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('does not retry a 2xx it cannot read, since the message may have gone out', async () => {
      const odd = sender({ fetch: async () => new Response('<html>ok</html>', { status: 200 }) });
      await expect(odd.send(sms('+14155550123'))).rejects.toBeInstanceOf(PermanentError);
    });
  });

  it('recognises E.164 numbers', () => {
    expect(isE164('+14155550123')).toBe(true);
    expect(isE164('+442071838750')).toBe(true);
    expect(isE164('+123456789012345')).toBe(true);
    expect(isE164('+1234567890123456')).toBe(false);
    expect(isE164('14155550123')).toBe(false);
    expect(isE164('+1-415-555-0123')).toBe(false);
    expect(isE164('+14155550123\n')).toBe(false);
  });
});

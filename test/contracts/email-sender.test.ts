import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailSender } from '../../src/integrations/email';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { resendEmailSender } from '../../src/integrations/email/resend';
import { parseRetryAfter } from '../../src/lib/retry-after';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';

/** A loopback server speaking Resend's documented POST /emails, driven by the recipient address. */
function fakeResend() {
  const received: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  const seenKeys = new Map<string, string>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}') as { to?: string[] };
    received.push({ headers: req.headers, body });
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || req.url !== '/emails') return reply(404, { statusCode: 404, name: 'not_found', message: 'Not found' });
    if (req.headers.authorization !== 'Bearer re_test_key') return reply(401, { statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header' });
    const to = body.to?.[0] ?? '';
    if (to.startsWith('ratelimit')) return reply(429, { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' }, { 'retry-after': '3' });
    if (to.startsWith('invalid')) return reply(422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' });
    if (to.startsWith('broken')) return reply(500, { statusCode: 500, name: 'application_error', message: 'Internal error' });
    const key = String(req.headers['idempotency-key'] ?? '');
    const id = seenKeys.get(key) ?? `re_${seenKeys.size + 1}`;
    seenKeys.set(key, id);
    return reply(200, { id });
  });
  return { server, received, seenKeys };
}

const email = (to: string, key = `key-${to}`) => ({ idempotencyKey: key, from: '"Alpha" <no-reply@onlineaccess.io>', to, subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });

describe('EmailSender contract', () => {
  const fake = fakeResend();
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => fake.server.close(() => r())));

  const implementations: [string, () => EmailSender][] = [
    ['resend', () => resendEmailSender({ apiKey: 're_test_key', baseUrl })],
    ['outbox', () => outboxEmailSender],
  ];
  for (const [name, make] of implementations) {
    it(`${name}: sends and names its provider`, async () => {
      const sender = make();
      expect(sender.provider).toBe(name);
      const result = await sender.send(email('someone@example.com'));
      expect(result).toHaveProperty('providerMessageId');
    });
  }

  describe('Resend over HTTP', () => {
    const sender = () => resendEmailSender({ apiKey: 're_test_key', baseUrl });

    it('posts the documented body with bearer auth and the idempotency key', async () => {
      const { providerMessageId } = await sender().send(email('pat@example.com', 'msg-1'));
      expect(providerMessageId).toMatch(/^re_/);
      const last = fake.received.at(-1)!;
      expect(last.headers.authorization).toBe('Bearer re_test_key');
      expect(last.headers['idempotency-key']).toBe('msg-1');
      expect(last.body).toEqual({ from: '"Alpha" <no-reply@onlineaccess.io>', to: ['pat@example.com'], subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });
    });

    it('gets the same provider id back when a message is sent again with its key', async () => {
      const first = await sender().send(email('again@example.com', 'msg-again'));
      const second = await sender().send(email('again@example.com', 'msg-again'));
      expect(second.providerMessageId).toBe(first.providerMessageId);
    });

    it('turns 429 into a transient error carrying Retry-After, and 5xx into a transient error', async () => {
      const limited = await sender().send(email('ratelimit@example.com')).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(TransientError);
      expect((limited as TransientError).retryAfterSeconds).toBe(3);
      await expect(sender().send(email('broken@example.com'))).rejects.toBeInstanceOf(TransientError);
    });

    it('turns validation and credential errors into permanent errors with the provider message', async () => {
      await expect(sender().send(email('invalid@example.com'))).rejects.toThrow(new PermanentError('Resend 422 validation_error: Invalid `to` field.'));
    });

    it('keeps retrying while the API key is rejected, so no email is lost to a configuration mistake', async () => {
      const badKey = resendEmailSender({ apiKey: 'wrong', baseUrl });
      await expect(badKey.send(email('x@example.com'))).rejects.toThrow(/check RESEND_API_KEY/);
      await expect(badKey.send(email('x@example.com'))).rejects.toBeInstanceOf(TransientError);
    });

    it('treats an unreachable provider as transient', async () => {
      const down = resendEmailSender({ apiKey: 're_test_key', baseUrl: 'http://127.0.0.1:9' });
      await expect(down.send(email('x@example.com'))).rejects.toBeInstanceOf(TransientError);
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', Date.parse('2026-11-22T10:00:00Z'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

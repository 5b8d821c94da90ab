import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnValid } from '../../src/domain/luhn';
import { declineMessage, UnknownCardError, WebhookSignatureError, type ChargeRequest, type PaymentProcessor } from '../../src/integrations/payments';
import { isSandboxProcessor, sandboxCardPage, sandboxCardPageScript, sandboxProcessor, type CardField } from '../../src/integrations/payments/sandbox';
import { paymentProcessorFor } from '../../src/integrations/payments/select';
import { STRIPE_API_VERSION, stripeProcessor, verifyStripeSignature } from '../../src/integrations/payments/stripe';
import { fixedClock } from '../../src/lib/clock';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';

const SECRET_KEY = 'sk_test_fake0000000000000000000001';
const RESTRICTED_KEY = 'rk_test_fake0000000000000000000001';
const WEBHOOK_SECRET = 'whsec_test_fake_signing_secret_0001';
const TOKEN_SECRET = 'sandbox-secret-for-tests-only-0123456789';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  form: URLSearchParams;
}

/**
 * A loopback server speaking Stripe's documented v1 API for PaymentIntents, Refunds, SetupIntents,
 * Customers (create and delete) and retrieving PaymentMethods (docs.stripe.com/api/payment_intents/create,
 * /api/refunds/create, /api/setup_intents/create, /api/customers/create, /api/customers/delete,
 * /api/payment_methods/retrieve, /api/errors, /api/idempotent_requests): form-encoded POSTs, GETs
 * and DELETEs (no body, no Idempotency-Key), Bearer secret key, errors as
 * {error: {type, code, decline_code, message, param, payment_intent}}, card declines as 402
 * card_error. The first response for an Idempotency-Key is saved and replayed for the same key
 * (with `Idempotent-Replayed: true`); the same key with other parameters is a 400
 * idempotency_error. As on Stripe, requests refused before execution (rate limits, a load
 * balancer's 503) save nothing. The test payment method names follow Stripe's (pm_card_visa,
 * pm_card_chargeDeclined…); pm_* names without `card` are this fake's own, to provoke failures.
 */
function fakeStripe() {
  const received: Received[] = [];
  const saved = new Map<string, { fingerprint: string; status: number; headers: Record<string, string>; body: string }>();
  const attempts = new Map<string, number>();
  const intents = new Map<string, { amount: number; refunded: number }>();
  const setupIntents = new Map<string, { usage: string; customer: string | null; metadata: Record<string, string> }>();
  /** Customers made through POST /v1/customers and not deleted since. */
  const customers = new Set<string>();
  /**
   * PaymentMethods as GET returns them: ids shaped like real ones (pm_ and letters and digits; the
   * pm_card_visa aliases are for charges), then Stripe's pm_usBankAccount, then this fake's own.
   */
  const paymentMethods: Record<string, Record<string, unknown>> = {
    pm_1QvisaFake4242: { type: 'card', customer: 'cus_Fake1', card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2030 } },
    pm_1QmastercardFake4444: { type: 'card', card: { brand: 'mastercard', last4: '4444', exp_month: 12, exp_year: 2031 } },
    pm_1QamexFake0005: { type: 'card', card: { brand: 'amex', last4: '0005', exp_month: 1, exp_year: 2029 } },
    pm_usBankAccount: { type: 'us_bank_account', us_bank_account: { account_holder_type: 'individual', account_type: 'checking', bank_name: 'STRIPE TEST BANK', last4: '6789', routing_number: '110000000' } },
    pm_cardWithoutDetails: { type: 'card', card: { brand: 'visa', last4: null, exp_month: 8, exp_year: 2030 } },
    pm_cardNoBrand: { type: 'card', card: { last4: '1111', exp_month: 2, exp_year: 2032 } },
  };
  let seq = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, form });
      const requestId = `req_fake${String(++seq).padStart(6, '0')}`;
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;

      const send = (status: number, json: unknown, extra: Record<string, string> = {}, save = true) => {
        const text = JSON.stringify(json, null, 2);
        const headers = { 'content-type': 'application/json', 'request-id': requestId, ...extra };
        if (save && key) saved.set(key, { fingerprint, status, headers, body: text });
        res.writeHead(status, headers);
        res.end(text);
      };
      const error = (status: number, err: Record<string, unknown>, extra: Record<string, string> = {}, save = true) =>
        send(status, { error: { message: null, ...err, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, extra, save);

      const path = (req.url ?? '/').split('?')[0]!;
      const fingerprint = `${req.method} ${path} ${[...form].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
      const pmPath = /^\/v1\/payment_methods\/([^/]+)$/.exec(path);
      const customerPath = /^\/v1\/customers\/([^/]+)$/.exec(path);
      const known =
        req.method === 'POST' ? ['/v1/payment_intents', '/v1/refunds', '/v1/setup_intents', '/v1/customers'].includes(path) : req.method === 'GET' ? pmPath !== null : req.method === 'DELETE' && customerPath !== null;
      if (!known) {
        return error(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}).` }, {}, false);
      }
      if (req.headers.authorization === `Bearer ${RESTRICTED_KEY}`) {
        return error(403, { type: 'invalid_request_error', message: "The provided key 'rk_test_****0001' does not have the required permissions for this endpoint." }, {}, false);
      }
      if (req.headers.authorization !== `Bearer ${SECRET_KEY}`) {
        return error(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****0000' }, {}, false);
      }

      if (pmPath) {
        const pmId = decodeURIComponent(pmPath[1]!);
        if (body !== '' || key) return error(400, { type: 'invalid_request_error', message: 'fake: a GET takes no body and no Idempotency-Key' }, {}, false);
        if (pmId === 'pm_serverError') return error(500, { type: 'api_error', message: 'An unknown error occurred' }, {}, false);
        if (pmId === 'pm_rateLimited') return error(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded.' }, { 'retry-after': '2' }, false);
        if (pmId === 'pm_html200') {
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html>ok</html>');
        }
        // Stripe's wording, which repeats the id.
        const pm = Object.hasOwn(paymentMethods, pmId) ? paymentMethods[pmId]! : undefined;
        if (!pm) return error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${pmId}'` }, {}, false);
        return send(200, {
          id: pmId,
          object: 'payment_method',
          allow_redisplay: 'unspecified',
          billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: '42424', state: null }, email: null, name: null, phone: null },
          created: 1767225600,
          customer: null,
          livemode: false,
          metadata: {},
          ...pm,
          ...(pm.type === 'card' ? { card: { checks: { address_postal_code_check: 'pass', cvc_check: 'pass' }, country: 'US', display_brand: (pm.card as { brand?: string }).brand ?? null, fingerprint: 'Xt5EWLLDS7FJjR1c', funding: 'credit', networks: { available: ['visa'], preferred: null }, three_d_secure_usage: { supported: true }, wallet: null, ...(pm.card as object) } } : {}),
        }, {}, false);
      }
      if (customerPath) {
        const id = decodeURIComponent(customerPath[1]!);
        if (body !== '' || key) return error(400, { type: 'invalid_request_error', message: 'fake: a DELETE takes no body and no Idempotency-Key' }, {}, false);
        if (id === 'cus_serverError') return error(500, { type: 'api_error', message: 'An unknown error occurred' }, {}, false);
        if (id === 'cus_rateLimited') return error(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded.' }, { 'retry-after': '2' }, false);
        if (id === 'cus_html200') {
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html>ok</html>');
        }
        // Unknown, or deleted before: Stripe's usual error for an id it does not have.
        if (!customers.delete(id)) return error(404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such customer: '${id}'` }, {}, false);
        return send(200, { id, object: 'customer', deleted: true }, {}, false);
      }
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        return error(400, { type: 'invalid_request_error', message: 'fake: expected a form-encoded body' }, {}, false);
      }
      // Stripe does not require the header; this fake does, because our adapter must always send one.
      if (!key) return error(400, { type: 'invalid_request_error', message: 'fake: Idempotency-Key header required' }, {}, false);

      const previous = saved.get(key);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          return error(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          }, {}, false);
        }
        res.writeHead(previous.status, { ...previous.headers, 'idempotent-replayed': 'true' });
        return res.end(previous.body);
      }

      if (path === '/v1/customers') {
        // Documented fields of a Customer: id, object, email, name, metadata.
        const name = form.get('name');
        if (!name) return error(400, { type: 'invalid_request_error', param: 'name', message: 'fake: expected a name' }, {}, false);
        const metadata = Object.fromEntries([...form].flatMap(([k, v]) => (/^metadata\[(.+)\]$/.exec(k) ? [[/^metadata\[(.+)\]$/.exec(k)![1]!, v]] : [])));
        const id = `cus_fake${String(seq).padStart(6, '0')}`;
        customers.add(id);
        return send(200, { id, object: 'customer', email: form.get('email'), name, metadata, livemode: false });
      }

      if (path === '/v1/setup_intents') {
        const usage = form.get('usage');
        if (usage !== 'on_session' && usage !== 'off_session') return error(400, { type: 'invalid_request_error', param: 'usage', message: 'fake: expected usage=on_session or off_session' }, {}, false);
        const types = form.getAll('payment_method_types[]');
        if (types.length !== 1 || types[0] !== 'card') return error(400, { type: 'invalid_request_error', param: 'payment_method_types', message: 'fake: expected payment_method_types[]=card' }, {}, false);
        const unknown = [...form.keys()].filter((k) => !['usage', 'payment_method_types[]', 'customer'].includes(k) && !/^metadata\[[^\]]+\]$/.test(k));
        if (unknown.length) return error(400, { type: 'invalid_request_error', param: unknown[0], message: `Received unknown parameter: ${unknown[0]}` });
        const metadata = Object.fromEntries([...form].flatMap(([k, v]) => (/^metadata\[(.+)\]$/.exec(k) ? [[/^metadata\[(.+)\]$/.exec(k)![1]!, v]] : [])));
        const id = `seti_fake${String(seq).padStart(6, '0')}`;
        setupIntents.set(id, { usage, customer: form.get('customer'), metadata });
        return send(200, {
          id,
          object: 'setup_intent',
          automatic_payment_methods: null,
          cancellation_reason: null,
          client_secret: `${id}_secret_fake${String(seq).padStart(6, '0')}`,
          created: 1767225600,
          customer: form.get('customer'),
          description: null,
          last_setup_error: null,
          livemode: false,
          metadata,
          next_action: null,
          payment_method: null,
          payment_method_types: types,
          status: 'requires_payment_method',
          usage,
        });
      }

      if (path === '/v1/refunds') {
        const pi = form.get('payment_intent') ?? '';
        const intent = intents.get(pi);
        if (!intent) return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message: `No such payment_intent: '${pi}'` });
        const amount = Number(form.get('amount') ?? intent.amount - intent.refunded);
        if (intent.refunded >= intent.amount) return error(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge for ${pi} has already been refunded.` });
        // Code and wording illustrative.
        if (amount > intent.amount - intent.refunded) return error(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: 'Refund amount is greater than unrefunded amount on charge' });
        intent.refunded += amount;
        return send(200, { id: `re_fake${seq}`, object: 'refund', amount, charge: `ch_for_${pi}`, created: 1767225600, currency: 'usd', metadata: {}, payment_intent: pi, reason: null, status: 'succeeded' });
      }

      for (const required of ['amount', 'currency', 'payment_method']) {
        if (!form.get(required)) return error(400, { type: 'invalid_request_error', code: 'parameter_missing', param: required, message: `Missing required param: ${required}.` });
      }
      if (!/^\d+$/.test(form.get('amount')!)) return error(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer' });
      if (form.get('confirm') !== 'true' || form.get('off_session') !== 'true') {
        return error(400, { type: 'invalid_request_error', message: 'fake: expected confirm=true and off_session=true' }, {}, false);
      }
      const pm = form.get('payment_method')!;
      const id = `pi_fake${String(seq).padStart(6, '0')}`;
      const amount = Number(form.get('amount'));
      const metadata = Object.fromEntries([...form].flatMap(([k, v]) => (/^metadata\[(.+)\]$/.exec(k) ? [[/^metadata\[(.+)\]$/.exec(k)![1]!, v]] : [])));
      const intent = (status: string, extra: Record<string, unknown> = {}) => ({
        id,
        object: 'payment_intent',
        amount,
        amount_capturable: 0,
        amount_received: status === 'succeeded' ? amount : 0,
        capture_method: 'automatic_async',
        client_secret: `${id}_secret_fake`,
        confirmation_method: 'automatic',
        created: 1767225600,
        currency: form.get('currency'),
        customer: form.get('customer'),
        description: form.get('description'),
        last_payment_error: null,
        latest_charge: `ch_for_${id}`,
        livemode: false,
        metadata,
        next_action: null,
        payment_method: pm,
        payment_method_types: form.getAll('payment_method_types[]'),
        status,
        ...extra,
      });
      const decline = (code: string, declineCode: string | null, message: string) => {
        const err = { type: 'card_error', code, decline_code: declineCode, message, charge: `ch_for_${id}`, doc_url: `https://stripe.com/docs/error-codes/${code}` };
        return error(402, { ...err, payment_intent: intent('requires_payment_method', { last_payment_error: err, latest_charge: `ch_for_${id}` }) });
      };

      switch (pm) {
        case 'pm_card_visa':
          intents.set(id, { amount, refunded: 0 });
          return send(200, intent('succeeded'));
        case 'pm_card_processing':
          return send(200, intent('processing'));
        case 'pm_card_requiresAction':
          return send(200, intent('requires_action', { next_action: { type: 'use_stripe_sdk' } }));
        case 'pm_card_requiresCapture':
          return send(200, intent('requires_capture'));
        case 'pm_card_chargeDeclined':
          return decline('card_declined', 'generic_decline', 'Your card was declined.');
        case 'pm_card_chargeDeclinedInsufficientFunds':
          return decline('card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
        case 'pm_card_chargeDeclinedExpiredCard':
          return decline('expired_card', null, 'Your card has expired.');
        case 'pm_card_chargeDeclinedProcessingError':
          return decline('processing_error', null, 'An error occurred while processing your card. Try again in a little while.');
        case 'pm_card_authenticationRequired':
          return decline('authentication_required', 'authentication_required', 'Your card was declined. This transaction requires authentication.');
        case 'pm_rate_limited':
          return error(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded.' }, { 'retry-after': '3' }, false);
        case 'pm_server_error':
          return error(500, { type: 'api_error', message: 'An unknown error occurred' });
        case 'pm_no_retry':
          return error(500, { type: 'api_error', message: 'An unknown error occurred' }, { 'stripe-should-retry': 'false' });
        case 'pm_should_retry':
          return error(400, { type: 'invalid_request_error', code: 'lock_timeout', message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it.' }, { 'stripe-should-retry': 'true' }, false);
        case 'pm_in_flight':
          return error(409, { type: 'idempotency_error', message: 'There is currently another in-progress request using this idempotency key.' }, {}, false);
        case 'pm_flaky': {
          // The first attempt dies at the edge, before Stripe saw it; the retry goes through.
          const n = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, n);
          if (n === 1) {
            res.writeHead(503, { 'content-type': 'text/html' });
            return res.end('<html><body>Service Unavailable</body></html>');
          }
          intents.set(id, { amount, refunded: 0 });
          return send(200, intent('succeeded'));
        }
        case 'pm_html_200':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html>ok</html>');
        case 'pm_hangs':
          return; // never answers
        default:
          return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${pm}'` });
      }
    });
  });
  return { server, received, intents, setupIntents, customers };
}

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e);

let keySeq = 0;
const newKey = () => `payment-test-${Date.now()}-${++keySeq}`;
const chargeReq = (paymentMethodToken: string, extra: Partial<ChargeRequest> = {}): ChargeRequest => ({
  idempotencyKey: newKey(),
  amount: 12_345,
  currency: 'usd',
  paymentMethodToken,
  description: 'Loan payment',
  metadata: { loan_id: 'loan_0001', tenant: 'acme' },
  ...extra,
});

/** A Stripe event as delivered to a webhook endpoint (abridged to the documented envelope). */
const stripeEvent = (type: string, object: Record<string, unknown>, id = 'evt_fake0001') =>
  JSON.stringify({
    id,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: 1767225600,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: 'req_fake000001', idempotency_key: 'payment-test-1' },
    type,
  });

/** Signed independently of the code under test, with node:crypto, as Stripe documents. */
const sign = (payload: string, secret: string, t: number) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex')}`;

describe('PaymentProcessor contract', () => {
  const fake = fakeStripe();
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    fake.server.closeAllConnections();
    return new Promise<void>((r) => fake.server.close(() => r()));
  });

  const stripe = (extra: Partial<Parameters<typeof stripeProcessor>[0]> = {}) => stripeProcessor({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, baseUrl, ...extra });

  describe('Stripe charges over HTTP', () => {
    it('sends the documented form-encoded POST with Bearer auth, an Idempotency-Key and the pinned version', async () => {
      const req = chargeReq('pm_card_visa', { customerId: 'cus_fake0001', metadata: { loan_id: 'loan_0001', 'payment note': 'a&b=c' } });
      await stripe().charge(req);
      const last = fake.received.at(-1)!;
      expect(last.method).toBe('POST');
      expect(last.url).toBe('/v1/payment_intents');
      expect(last.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(last.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(last.headers['idempotency-key']).toBe(req.idempotencyKey);
      expect(last.headers['stripe-version']).toBe('2026-10-28.endive');
      expect(Object.fromEntries(last.form)).toEqual({
        amount: '12345',
        currency: 'usd',
        payment_method: 'pm_card_visa',
        'payment_method_types[]': 'card',
        confirm: 'true',
        off_session: 'true',
        description: 'Loan payment',
        customer: 'cus_fake0001',
        'metadata[loan_id]': 'loan_0001',
        'metadata[payment note]': 'a&b=c',
      });
      // The body really is percent-encoded, not JSON.
      expect(last.body).toContain('metadata%5Bpayment+note%5D=a%26b%3Dc');
    });

    it('leaves customer out when there is none', async () => {
      await stripe().charge(chargeReq('pm_card_visa'));
      expect(fake.received.at(-1)!.form.has('customer')).toBe(false);
    });

    it('maps succeeded and processing', async () => {
      const ok = await stripe().charge(chargeReq('pm_card_visa'));
      expect(ok).toEqual({ status: 'succeeded', processorPaymentId: expect.stringMatching(/^pi_fake\d+$/) });
      expect(await stripe().charge(chargeReq('pm_card_processing'))).toEqual({ status: 'pending', processorPaymentId: expect.stringMatching(/^pi_fake\d+$/) });
    });

    it('gets the first answer back when the same key is retried, and charges once', async () => {
      const req = chargeReq('pm_card_visa');
      const first = await stripe().charge(req);
      const intentsBefore = fake.intents.size;
      const again = await stripe().charge(req);
      expect(again).toEqual(first);
      expect(fake.intents.size).toBe(intentsBefore);
      expect(fake.received.at(-1)!.headers['idempotency-key']).toBe(req.idempotencyKey);
    });

    it('refuses the same key with other parameters with PermanentError', async () => {
      const req = chargeReq('pm_card_visa');
      await stripe().charge(req);
      const err = await failure(stripe().charge({ ...req, amount: req.amount + 1 }));
      expect(err).toBeInstanceOf(PermanentError);
      expect((err as Error).message).toMatch(/^Stripe 400 idempotency_error: Keys for idempotent requests/);
    });

    it('turns 402 card errors into declined outcomes with the PaymentIntent id and a plain message', async () => {
      const cases: [string, string, string][] = [
        ['pm_card_chargeDeclined', 'generic_decline', 'Your card was declined.'],
        ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
        ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'Your card has expired.'],
        ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'An error occurred while processing your card. Try again in a little while.'],
        ['pm_card_authenticationRequired', 'authentication_required', declineMessage('authentication_required')],
      ];
      for (const [pm, code, message] of cases) {
        const outcome = await stripe().charge(chargeReq(pm));
        expect(outcome, pm).toEqual({ status: 'declined', processorPaymentId: expect.stringMatching(/^pi_fake\d+$/), code, message });
      }
    });

    it('replays a decline for the same key rather than trying the card again', async () => {
      const req = chargeReq('pm_card_chargeDeclinedInsufficientFunds');
      const first = await stripe().charge(req);
      expect(await stripe().charge(req)).toEqual(first);
    });

    it('treats a PaymentIntent left needing action as declined: nobody is there to authenticate', async () => {
      expect(await stripe().charge(chargeReq('pm_card_requiresAction'))).toMatchObject({ status: 'declined', code: 'authentication_required' });
    });

    it('refuses a state it never asked for with PermanentError naming the PaymentIntent', async () => {
      const err = await failure(stripe().charge(chargeReq('pm_card_requiresCapture')));
      expect(err).toBeInstanceOf(PermanentError);
      expect((err as Error).message).toMatch(/^Stripe PaymentIntent pi_fake\d+ is requires_capture; expected succeeded or processing$/);
    });

    it('maps 429 to TransientError honouring Retry-After', async () => {
      const err = await failure(stripe().charge(chargeReq('pm_rate_limited')));
      expect(err).toBeInstanceOf(TransientError);
      expect((err as TransientError).retryAfterSeconds).toBe(3);
      expect((err as Error).message).toMatch(/^Stripe 429 invalid_request_error\/rate_limit: Request rate limit exceeded\. \(request req_fake\d+\)$/);
    });

    it('maps 5xx to TransientError; Stripe replays a saved 500 for the same key', async () => {
      const req = chargeReq('pm_server_error');
      const err = await failure(stripe().charge(req));
      expect(err).toBeInstanceOf(TransientError);
      expect((err as Error).message).toMatch(/^Stripe 500 api_error: An unknown error occurred/);
      await expect(stripe().charge(req)).rejects.toBeInstanceOf(TransientError);
    });

    it('succeeds on the retry with the same key after a failure Stripe did not record', async () => {
      const req = chargeReq('pm_flaky');
      const err = await failure(stripe().charge(req));
      expect(err).toBeInstanceOf(TransientError);
      expect((err as Error).message).toBe('Stripe 503: Service Unavailable');
      expect(await stripe().charge(req)).toMatchObject({ status: 'succeeded' });
    });

    it('honours Stripe-Should-Retry over the status code, both ways', async () => {
      await expect(stripe().charge(chargeReq('pm_no_retry'))).rejects.toBeInstanceOf(PermanentError);
      await expect(stripe().charge(chargeReq('pm_should_retry'))).rejects.toBeInstanceOf(TransientError);
    });

    it('retries a 409 (the same key still in flight)', async () => {
      await expect(stripe().charge(chargeReq('pm_in_flight'))).rejects.toBeInstanceOf(TransientError);
    });

    it('maps rejected and under-privileged keys to PermanentError naming the setting', async () => {
      const bad = await failure(stripe({ secretKey: 'sk_test_wrong' }).charge(chargeReq('pm_card_visa')));
      expect(bad).toBeInstanceOf(PermanentError);
      expect((bad as Error).message).toMatch(/^Stripe 401 invalid_request_error: Invalid API Key provided: sk_test_\*+0000 \(request req_fake\d+\) \(check STRIPE_SECRET_KEY\)$/);
      const restricted = await failure(stripe({ secretKey: RESTRICTED_KEY }).charge(chargeReq('pm_card_visa')));
      expect(restricted).toBeInstanceOf(PermanentError);
      expect((restricted as Error).message).toMatch(/^Stripe 403 .*does not have the required permissions.*STRIPE_SECRET_KEY/);
    });

    it('maps 400 and 404 to PermanentError carrying Stripe\'s code and message', async () => {
      await expect(stripe().charge(chargeReq('pm_gone'))).rejects.toThrow(/^Stripe 400 invalid_request_error\/resource_missing: No such PaymentMethod: 'pm_gone' \(request req_fake\d+\)$/);
      await expect(stripe().charge(chargeReq('pm_gone'))).rejects.toBeInstanceOf(PermanentError);
      const notFound = await failure(stripe({ baseUrl: `${baseUrl}/wrong` }).charge(chargeReq('pm_card_visa')));
      expect(notFound).toBeInstanceOf(PermanentError);
      expect((notFound as Error).message).toMatch(/^Stripe 404 invalid_request_error: Unrecognized request URL/);
    });

    it('refuses a 2xx it cannot read with PermanentError', async () => {
      await expect(stripe().charge(chargeReq('pm_html_200'))).rejects.toThrow(new PermanentError('Stripe 200: response had no PaymentIntent id (the charge may have been made)'));
    });

    it('treats an unreachable host and a timeout as transient', async () => {
      await expect(stripe({ baseUrl: 'http://127.0.0.1:9' }).charge(chargeReq('pm_card_visa'))).rejects.toBeInstanceOf(TransientError);
      const started = Date.now();
      await expect(stripe({ timeoutMs: 100 }).charge(chargeReq('pm_hangs'))).rejects.toThrow(/Stripe unreachable: .*(timeout|aborted)/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('refuses bad requests before sending anything', async () => {
      const before = fake.received.length;
      const bad: Partial<ChargeRequest>[] = [
        { amount: 0 },
        { amount: -100 },
        { amount: 10.5 },
        { amount: Number.NaN },
        { amount: 100_000_000 },
        { idempotencyKey: '' },
        { idempotencyKey: 'k'.repeat(256) },
        { currency: 'eur' as 'usd' },
        { paymentMethodToken: '' },
        { metadata: { 'bad[key]': 'x' } },
        { metadata: { ['k'.repeat(41)]: 'x' } },
        { metadata: { note: 'x'.repeat(501) } },
        { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      ];
      for (const extra of bad) await expect(stripe().charge(chargeReq('pm_card_visa', extra)), JSON.stringify(extra).slice(0, 60)).rejects.toBeInstanceOf(PermanentError);
      expect(fake.received.length).toBe(before);
    });
  });

  describe('Stripe refunds over HTTP', () => {
    it('posts payment_intent and amount, and returns the refund id; the same key gives the same refund', async () => {
      const paid = await stripe().charge(chargeReq('pm_card_visa', { amount: 5_000 }));
      if (paid.status !== 'succeeded') throw new Error('setup');
      const req = { idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 2_000 };
      const { refundId } = await stripe().refund(req);
      expect(refundId).toMatch(/^re_fake\d+$/);
      const last = fake.received.at(-1)!;
      expect(last.url).toBe('/v1/refunds');
      expect(last.headers['idempotency-key']).toBe(req.idempotencyKey);
      expect(last.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(Object.fromEntries(last.form)).toEqual({ payment_intent: paid.processorPaymentId, amount: '2000' });
      expect(await stripe().refund(req)).toEqual({ refundId });
      expect(fake.intents.get(paid.processorPaymentId)!.refunded).toBe(2_000);
    });

    it('maps refusing to refund more than is left, or an unknown payment, to PermanentError', async () => {
      const paid = await stripe().charge(chargeReq('pm_card_visa', { amount: 1_000 }));
      if (paid.status !== 'succeeded') throw new Error('setup');
      await expect(stripe().refund({ idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 1_001 })).rejects.toThrow(/^Stripe 400 invalid_request_error\/amount_too_large/);
      await stripe().refund({ idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 1_000 });
      await expect(stripe().refund({ idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 1 })).rejects.toThrow(/charge_already_refunded/);
      const unknown = await failure(stripe().refund({ idempotencyKey: newKey(), processorPaymentId: 'pi_nope', amount: 1 }));
      expect(unknown).toBeInstanceOf(PermanentError);
      expect((unknown as Error).message).toMatch(/resource_missing: No such payment_intent: 'pi_nope'/);
      await expect(stripe().refund({ idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 0 })).rejects.toBeInstanceOf(PermanentError);
    });
  });

  describe('Stripe card details over HTTP', () => {
    it('reads brand, last4 and expiry with a GET of the PaymentMethod, with Bearer auth and the pinned version', async () => {
      expect(await stripe().describeCard('pm_1QvisaFake4242')).toEqual({ token: 'pm_1QvisaFake4242', brand: 'visa', last4: '4242', expiryMonth: 8, expiryYear: 2030, customerId: 'cus_Fake1' });
      const last = fake.received.at(-1)!;
      expect(last.method).toBe('GET');
      expect(last.url).toBe('/v1/payment_methods/pm_1QvisaFake4242');
      expect(last.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(last.headers['stripe-version']).toBe(STRIPE_API_VERSION);
      expect(last.headers['idempotency-key']).toBeUndefined();
      expect(last.headers['content-type']).toBeUndefined();
      expect(last.body).toBe('');
      expect(await stripe().describeCard('pm_1QmastercardFake4444')).toEqual({ token: 'pm_1QmastercardFake4444', brand: 'mastercard', last4: '4444', expiryMonth: 12, expiryYear: 2031, customerId: null });
      expect(await stripe().describeCard('pm_1QamexFake0005')).toEqual({ token: 'pm_1QamexFake0005', brand: 'amex', last4: '0005', expiryMonth: 1, expiryYear: 2029, customerId: null });
      expect((await stripe().describeCard('pm_cardNoBrand')).brand).toBe('unknown');
    });

    it('throws UnknownCardError for a payment method Stripe does not have, or one that is not a card', async () => {
      const missing = await failure(stripe().describeCard('pm_gone'));
      expect(missing).toBeInstanceOf(UnknownCardError);
      expect(missing).toBeInstanceOf(PermanentError);
      expect((missing as Error).name).toBe('UnknownCardError');
      expect((missing as Error).message).toMatch(/^Stripe 404: no such payment method \(request req_fake\d+\)$/);
      const bank = await failure(stripe().describeCard('pm_usBankAccount'));
      expect(bank).toBeInstanceOf(UnknownCardError);
      expect((bank as Error).message).toMatch(/not a card/);
    });

    it('refuses what is not a payment method id without sending it anywhere', async () => {
      const before = fake.received.length;
      // Stripe's test aliases (pm_card_visa) are for charges: a saved card has a real id.
      for (const token of ['4242424242424242', '4242 4242 4242 4242', 'pm_card_visa', 'tok_sbx_ok_visa_4242_0429_0123456789abcdef01234567', '', 'pm_', 'pm_card_visa/../../v1/refunds', 'pm_card_visa?expand[]=customer', 'PM_card_visa', `pm_${'a'.repeat(300)}`]) {
        const err = await failure(stripe().describeCard(token));
        expect(err, token).toBeInstanceOf(UnknownCardError);
        expect((err as Error).message, token).toBe('Not a Stripe payment method id');
      }
      expect(fake.received.length).toBe(before);
    });

    it('maps other failures like the rest of the adapter, not as an unknown card', async () => {
      const server = await failure(stripe().describeCard('pm_serverError'));
      expect(server).toBeInstanceOf(TransientError);
      const limited = await failure(stripe().describeCard('pm_rateLimited'));
      expect(limited).toBeInstanceOf(TransientError);
      expect((limited as TransientError).retryAfterSeconds).toBe(2);
      const cases: [string, Promise<unknown>, RegExp][] = [
        ['restricted key', stripe({ secretKey: RESTRICTED_KEY }).describeCard('pm_1QvisaFake4242'), /^Stripe 403 .*STRIPE_SECRET_KEY/],
        ['wrong key', stripe({ secretKey: 'sk_test_wrong' }).describeCard('pm_1QvisaFake4242'), /^Stripe 401 .*check STRIPE_SECRET_KEY/],
        // A 404 without resource_missing is a wrong URL, not the borrower's card.
        ['wrong base URL', stripe({ baseUrl: `${baseUrl}/wrong` }).describeCard('pm_1QvisaFake4242'), /^Stripe 404 invalid_request_error: Unrecognized request URL/],
        ['not JSON', stripe().describeCard('pm_html200'), /^Stripe 200: response was not a PaymentMethod$/],
        ['no last4', stripe().describeCard('pm_cardWithoutDetails'), /^Stripe 200: the card's last4 or expiry is missing or malformed$/],
      ];
      for (const [name, run, message] of cases) {
        const err = await failure(run);
        expect(err, name).toBeInstanceOf(PermanentError);
        expect(err, name).not.toBeInstanceOf(UnknownCardError);
        expect((err as Error).message, name).toMatch(message);
      }
      await expect(stripe({ baseUrl: 'http://127.0.0.1:9' }).describeCard('pm_1QvisaFake4242')).rejects.toBeInstanceOf(TransientError);
    });

    it('never puts a card number in an error, even when one is disguised as an id', async () => {
      const number = '4242424242424242';
      const disguised = `pm_${number}`;
      const errors = [
        await failure(stripe().describeCard(number)),
        await failure(stripe().describeCard('4242-4242-4242-4242')),
        // Stripe's own message repeats the id: "No such PaymentMethod: 'pm_4242…'".
        await failure(stripe().describeCard(disguised)),
        await failure(stripe({ secretKey: RESTRICTED_KEY }).describeCard(disguised)),
        // A network failure whose message quotes the URL.
        await failure(stripe({ fetch: async (input) => { throw new TypeError(`request to ${String(input)} failed`); } }).describeCard(disguised)),
        await failure(stripe({ fetch: async () => new Response(JSON.stringify({ error: { type: 'invalid_request_error', message: `Invalid payment method '${disguised}' (card 4242 4242 4242 4242)` } }), { status: 400 }) }).describeCard(disguised)),
      ];
      expect(errors[2]).toBeInstanceOf(UnknownCardError);
      expect(errors[4]).toBeInstanceOf(TransientError);
      expect(errors[5]).toBeInstanceOf(PermanentError);
      for (const err of errors) {
        const text = `${(err as Error).message} ${String(err)} ${JSON.stringify(err)}`;
        expect(text).not.toContain(number);
        expect(text).not.toContain('4242 4242 4242 4242');
        expect(text).not.toContain('4242-4242-4242-4242');
      }
    });
  });

  describe('Stripe customers over HTTP', () => {
    it('creates a customer with name, email and metadata under an Idempotency-Key, and the same key gets the same customer', async () => {
      const req = { idempotencyKey: newKey(), name: 'Jordan Rivera', email: 'jordan@example.com', metadata: { tenant: 'acme', customer: 'c1' } };
      const { customerId } = await stripe().createCustomer(req);
      expect(customerId).toMatch(/^cus_fake\d+$/);
      const last = fake.received.at(-1)!;
      expect(last.url).toBe('/v1/customers');
      expect(last.headers['idempotency-key']).toBe(req.idempotencyKey);
      expect(Object.fromEntries(last.form)).toEqual({ name: 'Jordan Rivera', email: 'jordan@example.com', 'metadata[tenant]': 'acme', 'metadata[customer]': 'c1' });
      expect((await stripe().createCustomer(req)).customerId).toBe(customerId);
    });

    it('gives the sandbox the same customer for the same key', async () => {
      const sandbox = sandboxProcessor({ secret: 'customer-secret', clock: { now: () => new Date('2026-11-22T12:00:00Z') } });
      const a = await sandbox.createCustomer({ idempotencyKey: 'customer-t-c1', name: 'A', metadata: {} });
      expect(a.customerId).toMatch(/^cus_sbx_[0-9a-f]{24}$/);
      expect(await sandbox.createCustomer({ idempotencyKey: 'customer-t-c1', name: 'A', metadata: {} })).toEqual(a);
      expect((await sandbox.createCustomer({ idempotencyKey: 'customer-t-c2', name: 'A', metadata: {} })).customerId).not.toBe(a.customerId);
    });
  });

  describe.each([
    ['sandbox', () => sandboxProcessor({ secret: TOKEN_SECRET, clock: fixedClock('2026-11-22T12:00:00Z') }), /^cus_sbx_[0-9a-f]{24}$/],
    ['Stripe', () => stripe(), /^cus_fake\d+$/],
  ] as const)('deleting a customer (%s)', (name, processor, shape) => {
    const made = async (p: PaymentProcessor) => {
      const { customerId } = await p.createCustomer({ idempotencyKey: newKey(), name: 'Jordan Rivera', email: 'jordan@example.com', metadata: { tenant: 'acme' } });
      expect(customerId).toMatch(shape);
      return customerId;
    };

    it('deletes a customer it made', async () => {
      const p = processor();
      await expect(p.deleteCustomer(await made(p))).resolves.toBeUndefined();
    });

    it('answers a second deletion of the same customer without an error', async () => {
      const p = processor();
      const id = await made(p);
      await p.deleteCustomer(id);
      await expect(p.deleteCustomer(id)).resolves.toBeUndefined();
      // A retry from another instance (a restart, another host) is as harmless.
      await expect(processor().deleteCustomer(id)).resolves.toBeUndefined();
    });

    it('refuses what is not one of its customer ids with PermanentError', async () => {
      const p = processor();
      const ids = ['', 'cus_', '4242424242424242', 'cus_abc/../../v1/refunds', 'cus_abc?expand[]=sources', ' cus_abc', `cus_${'a'.repeat(300)}`, name === 'Stripe' ? 'cus_sbx_0123456789abcdef01234567' : 'cus_fake000001'];
      for (const id of ids) await expect(p.deleteCustomer(id), id).rejects.toBeInstanceOf(PermanentError);
    });
  });

  describe('Stripe customer deletion over HTTP', () => {
    it('sends a DELETE of the customer with Bearer auth and the pinned version, and no body or Idempotency-Key', async () => {
      const { customerId } = await stripe().createCustomer({ idempotencyKey: newKey(), name: 'Jordan Rivera', metadata: {} });
      expect(fake.customers.has(customerId)).toBe(true);
      const urls: string[] = [];
      await stripe({ fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) }).deleteCustomer(customerId);
      expect(urls).toEqual([`${baseUrl}/v1/customers/${customerId}`]);
      const last = fake.received.at(-1)!;
      expect(last.method).toBe('DELETE');
      expect(last.url).toBe(`/v1/customers/${customerId}`);
      expect(last.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(last.headers['stripe-version']).toBe(STRIPE_API_VERSION);
      expect(last.headers['idempotency-key']).toBeUndefined();
      expect(last.headers['content-type']).toBeUndefined();
      expect(last.body).toBe('');
      expect(fake.customers.has(customerId)).toBe(false);
    });

    it('treats a customer Stripe does not have (404 resource_missing) as already deleted', async () => {
      const before = fake.received.length;
      await expect(stripe().deleteCustomer('cus_NeverMade0001')).resolves.toBeUndefined();
      expect(fake.received.length).toBe(before + 1);
      expect(fake.received.at(-1)!.method).toBe('DELETE');
    });

    it('refuses a malformed id without sending it anywhere', async () => {
      const before = fake.received.length;
      for (const id of ['cus_abc/../../v1/refunds', 'cus_a b', 'cus_abc%2F..', 'cus_sbx_0123456789abcdef01234567', 'pm_1QvisaFake4242']) {
        const err = await failure(stripe().deleteCustomer(id));
        expect(err, id).toBeInstanceOf(PermanentError);
        expect((err as Error).message, id).toBe('Not a Stripe customer id');
      }
      expect(fake.received.length).toBe(before);
    });

    it('maps 500 and 429 to TransientError (Retry-After honoured), like the other calls', async () => {
      const server = await failure(stripe().deleteCustomer('cus_serverError'));
      expect(server).toBeInstanceOf(TransientError);
      expect((server as Error).message).toMatch(/^Stripe 500 api_error: An unknown error occurred \(request req_fake\d+\)$/);
      const limited = await failure(stripe().deleteCustomer('cus_rateLimited'));
      expect(limited).toBeInstanceOf(TransientError);
      expect((limited as TransientError).retryAfterSeconds).toBe(2);
      await expect(stripe({ baseUrl: 'http://127.0.0.1:9' }).deleteCustomer('cus_fake000001')).rejects.toBeInstanceOf(TransientError);
      const shouldRetry = stripe({ fetch: async () => new Response(JSON.stringify({ error: { type: 'invalid_request_error', code: 'lock_timeout', message: 'Try again.' } }), { status: 400, headers: { 'stripe-should-retry': 'true' } }) });
      await expect(shouldRetry.deleteCustomer('cus_fake000001')).rejects.toBeInstanceOf(TransientError);
    });

    it('maps key problems, a wrong URL and an answer that does not confirm the deletion to PermanentError', async () => {
      // Thunks, run one at a time: a promise made early and rejected before it is awaited counts as unhandled.
      const cases: [string, () => Promise<unknown>, RegExp][] = [
        ['restricted key', () => stripe({ secretKey: RESTRICTED_KEY }).deleteCustomer('cus_fake000001'), /^Stripe 403 .*STRIPE_SECRET_KEY/],
        ['wrong key', () => stripe({ secretKey: 'sk_test_wrong' }).deleteCustomer('cus_fake000001'), /^Stripe 401 .*check STRIPE_SECRET_KEY/],
        // A 404 without resource_missing is a wrong URL, not a customer already gone.
        ['wrong base URL', () => stripe({ baseUrl: `${baseUrl}/wrong` }).deleteCustomer('cus_fake000001'), /^Stripe 404 invalid_request_error: Unrecognized request URL/],
        ['not JSON', () => stripe().deleteCustomer('cus_html200'), /^Stripe 200: response did not confirm the customer was deleted$/],
        ['not deleted', () => stripe({ fetch: async () => new Response(JSON.stringify({ id: 'cus_fake000001', object: 'customer', deleted: false }), { status: 200 }) }).deleteCustomer('cus_fake000001'), /did not confirm/],
      ];
      for (const [name, run, message] of cases) {
        const err = await failure(run());
        expect(err, name).toBeInstanceOf(PermanentError);
        expect((err as Error).message, name).toMatch(message);
      }
    });
  });

  describe('sandbox customer deletion', () => {
    it('accepts any id in its own shape (its ids are derived, not stored), and nothing else', async () => {
      const p = sandboxProcessor({ secret: TOKEN_SECRET, clock: fixedClock('2026-11-22T12:00:00Z') });
      await expect(p.deleteCustomer('cus_sbx_0123456789abcdef01234567')).resolves.toBeUndefined();
      for (const id of ['cus_sbx_0123456789ABCDEF01234567', 'cus_sbx_0123456789abcdef0123456', 'cus_sbx_0123456789abcdef012345678', 'cus_NffrFeUfNV2Hib']) {
        const err = await failure(p.deleteCustomer(id));
        expect(err, id).toBeInstanceOf(PermanentError);
        expect((err as Error).message, id).toBe('Sandbox: not a customer id this sandbox makes');
      }
    });
  });

  describe('Stripe card setup over HTTP', () => {
    it('creates an off-session card SetupIntent with metadata and an Idempotency-Key, and hands back its client secret and id', async () => {
      const req = { idempotencyKey: newKey(), metadata: { tenant: 'acme', customer_ref: 'c_0001' }, customerId: 'cus_fake0001' };
      const setup = await stripe().createCardSetup(req);
      expect(setup).toEqual({ clientSecret: expect.stringMatching(/^seti_fake\d+_secret_fake\d+$/), setupId: expect.stringMatching(/^seti_fake\d+$/) });
      expect(setup.clientSecret.startsWith(`${setup.setupId}_secret_`)).toBe(true);
      const last = fake.received.at(-1)!;
      expect(last.method).toBe('POST');
      expect(last.url).toBe('/v1/setup_intents');
      expect(last.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
      expect(last.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(last.headers['idempotency-key']).toBe(req.idempotencyKey);
      expect(last.headers['stripe-version']).toBe(STRIPE_API_VERSION);
      expect(Object.fromEntries(last.form)).toEqual({ usage: 'off_session', 'payment_method_types[]': 'card', customer: 'cus_fake0001', 'metadata[tenant]': 'acme', 'metadata[customer_ref]': 'c_0001' });
      expect(fake.setupIntents.get(setup.setupId)).toEqual({ usage: 'off_session', customer: 'cus_fake0001', metadata: { tenant: 'acme', customer_ref: 'c_0001' } });

      await stripe().createCardSetup({ idempotencyKey: newKey(), metadata: {} });
      expect(Object.fromEntries(fake.received.at(-1)!.form)).toEqual({ usage: 'off_session', 'payment_method_types[]': 'card' });
    });

    it('gets the same setup back for the same key, and refuses the key with other parameters', async () => {
      const req = { idempotencyKey: newKey(), metadata: { tenant: 'acme' } };
      const first = await stripe().createCardSetup(req);
      const count = fake.setupIntents.size;
      expect(await stripe().createCardSetup(req)).toEqual(first);
      expect(fake.setupIntents.size).toBe(count);
      const other = await failure(stripe().createCardSetup({ ...req, metadata: { tenant: 'other' } }));
      expect(other).toBeInstanceOf(PermanentError);
      expect((other as Error).message).toMatch(/^Stripe 400 idempotency_error/);
      expect((await stripe().createCardSetup({ ...req, idempotencyKey: newKey() })).setupId).not.toBe(first.setupId);
    });

    it('refuses bad keys and metadata before sending, and maps failures like charges', async () => {
      const before = fake.received.length;
      const bads: { idempotencyKey?: string; metadata?: Record<string, string> }[] = [{ idempotencyKey: '' }, { idempotencyKey: 'k'.repeat(256) }, { metadata: { 'bad[key]': 'x' } }, { metadata: { note: 'x'.repeat(501) } }];
      for (const bad of bads) {
        await expect(stripe().createCardSetup({ idempotencyKey: newKey(), metadata: {}, ...bad }), JSON.stringify(bad).slice(0, 40)).rejects.toBeInstanceOf(PermanentError);
      }
      expect(fake.received.length).toBe(before);
      await expect(stripe({ secretKey: RESTRICTED_KEY }).createCardSetup({ idempotencyKey: newKey(), metadata: {} })).rejects.toThrow(/^Stripe 403 .*STRIPE_SECRET_KEY/);
      await expect(stripe({ baseUrl: 'http://127.0.0.1:9' }).createCardSetup({ idempotencyKey: newKey(), metadata: {} })).rejects.toBeInstanceOf(TransientError);
      const noSecret = stripe({ fetch: async () => new Response(JSON.stringify({ id: 'seti_fake', object: 'setup_intent', client_secret: null }), { status: 200 }) });
      await expect(noSecret.createCardSetup({ idempotencyKey: newKey(), metadata: {} })).rejects.toThrow(new PermanentError('Stripe 200: response had no SetupIntent id or client secret'));
    });
  });

  describe('Stripe webhooks', () => {
    const now = new Date('2026-11-02T15:00:00Z');
    const t = Math.floor(now.getTime() / 1000);
    const succeeded = stripeEvent('payment_intent.succeeded', { id: 'pi_fake0001', object: 'payment_intent', amount: 12345, status: 'succeeded' }, 'evt_1');
    const headersFor = (signature: string) => new Headers({ 'stripe-signature': signature, 'content-type': 'application/json' });
    const parse = (payload: string, signature: string | null, at = now) => stripe().parseWebhook(payload, signature === null ? new Headers() : headersFor(signature), at);

    it('verifies Stripe\'s signature and maps the three events we act on', async () => {
      expect(await parse(succeeded, sign(succeeded, WEBHOOK_SECRET, t))).toEqual({ id: 'evt_1', type: 'payment.succeeded', processorPaymentId: 'pi_fake0001' });

      const failed = stripeEvent(
        'payment_intent.payment_failed',
        { id: 'pi_fake0002', object: 'payment_intent', status: 'requires_payment_method', last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } },
        'evt_2',
      );
      expect(await parse(failed, sign(failed, WEBHOOK_SECRET, t))).toEqual({ id: 'evt_2', type: 'payment.failed', processorPaymentId: 'pi_fake0002', failureMessage: 'Your card has insufficient funds.' });

      const refunded = stripeEvent('charge.refunded', { id: 'ch_fake0003', object: 'charge', amount_refunded: 500, payment_intent: 'pi_fake0003', refunded: false }, 'evt_3');
      expect(await parse(refunded, sign(refunded, WEBHOOK_SECRET, t))).toEqual({ id: 'evt_3', type: 'refund.succeeded', processorPaymentId: 'pi_fake0003' });

      const expanded = stripeEvent('charge.refunded', { id: 'ch_fake0004', object: 'charge', payment_intent: { id: 'pi_fake0004', object: 'payment_intent' } }, 'evt_4');
      expect((await parse(expanded, sign(expanded, WEBHOOK_SECRET, t))).processorPaymentId).toBe('pi_fake0004');

      const other = stripeEvent('customer.created', { id: 'cus_fake0005', object: 'customer' }, 'evt_5');
      expect(await parse(other, sign(other, WEBHOOK_SECRET, t))).toEqual({ id: 'evt_5', type: 'other', processorPaymentId: null });
    });

    it('accepts a timestamp within five minutes either way', async () => {
      await expect(parse(succeeded, sign(succeeded, WEBHOOK_SECRET, t - 299))).resolves.toMatchObject({ id: 'evt_1' });
      await expect(parse(succeeded, sign(succeeded, WEBHOOK_SECRET, t + 299))).resolves.toMatchObject({ id: 'evt_1' });
    });

    it('refuses a tampered body, the wrong secret and a stale or future timestamp', async () => {
      const good = sign(succeeded, WEBHOOK_SECRET, t);
      const cases: [string, () => Promise<unknown>, RegExp][] = [
        ['tampered body', () => parse(succeeded.replace('12345', '99999'), good), /does not match/],
        ['one byte added', () => parse(`${succeeded} `, good), /does not match/],
        ['wrong secret', () => parse(succeeded, sign(succeeded, 'whsec_someone_else', t)), /does not match/],
        ['stale', () => parse(succeeded, sign(succeeded, WEBHOOK_SECRET, t - 301)), /outside the tolerance/],
        ['replayed later', () => parse(succeeded, good, new Date(now.getTime() + 10 * 60_000)), /outside the tolerance/],
        ['future', () => parse(succeeded, sign(succeeded, WEBHOOK_SECRET, t + 301)), /outside the tolerance/],
        ['timestamp swapped', () => parse(succeeded, good.replace(`t=${t}`, `t=${t + 1}`)), /does not match/],
        ['no header', () => parse(succeeded, null), /no Stripe-Signature/],
        ['empty header', () => parse(succeeded, ''), /no Stripe-Signature/],
        ['no v1', () => parse(succeeded, `t=${t}`), /malformed/],
        ['v0 only', () => parse(succeeded, good.replace('v1=', 'v0=')), /malformed/],
        ['no timestamp', () => parse(succeeded, good.replace(`t=${t},`, '')), /malformed/],
        ['garbage', () => parse(succeeded, 'hello'), /malformed/],
      ];
      for (const [name, run, message] of cases) {
        const err = await failure(run());
        expect(err, name).toBeInstanceOf(WebhookSignatureError);
        expect((err as Error).message, name).toMatch(message);
      }
    });

    it('accepts any of several v1 signatures, as while a secret is rolled', async () => {
      const header = `t=${t},v1=${'0'.repeat(64)},${sign(succeeded, WEBHOOK_SECRET, t).split(',')[1]},v0=abc`;
      await expect(parse(succeeded, header)).resolves.toMatchObject({ type: 'payment.succeeded' });
      await expect(parse(succeeded, ` t=${t} , ${sign(succeeded, WEBHOOK_SECRET, t).split(',')[1]!.toUpperCase().replace('V1', 'v1')}`)).resolves.toMatchObject({ id: 'evt_1' });
    });

    it('refuses a signed body that is not an event', async () => {
      for (const body of ['not json', '[]', '{"object":"event"}']) {
        await expect(parse(body, sign(body, WEBHOOK_SECRET, t)), body).rejects.toThrow(WebhookSignatureError);
      }
    });

    it('exposes the check on its own', async () => {
      await expect(verifyStripeSignature('x', sign('x', WEBHOOK_SECRET, t), WEBHOOK_SECRET, now)).resolves.toBeUndefined();
      await expect(verifyStripeSignature('x', sign('x', WEBHOOK_SECRET, t - 100), WEBHOOK_SECRET, now, 60)).rejects.toThrow(/tolerance/);
    });
  });

  describe('sandbox', () => {
    const clock = fixedClock('2026-11-02T15:00:00Z');
    const sandbox = () => sandboxProcessor({ secret: TOKEN_SECRET, clock });
    const card = (number: string, extra: Partial<{ expiryMonth: number; expiryYear: number; cvc: string }> = {}) => ({ number, expiryMonth: 4, expiryYear: 2029, cvc: number.startsWith('37') ? '1234' : '123', ...extra });
    const tokenOf = async (p: ReturnType<typeof sandbox>, number: string) => {
      const result = await p.tokenizeCard(card(number));
      if (!result.ok) throw new Error(`tokenize failed: ${JSON.stringify(result.errors)}`);
      return result.card;
    };

    it('charges Stripe\'s test cards with Stripe\'s outcomes', async () => {
      const p = sandbox();
      const cases: [string, string, string | null][] = [
        ['4242424242424242', 'visa', null],
        ['4242 4242 4242 4242', 'visa', null],
        ['5555555555554444', 'mastercard', null],
        ['378282246310005', 'amex', null],
        ['6011111111111117', 'discover', null],
        ['4111111111111111', 'visa', null],
        ['4000000000000002', 'visa', 'generic_decline'],
        ['4000000000009995', 'visa', 'insufficient_funds'],
        ['4000000000000119', 'visa', 'processing_error'],
        ['4000000000000069', 'visa', 'expired_card'],
      ];
      for (const [number, brand, code] of cases) {
        const tok = await tokenOf(p, number);
        const digits = number.replace(/\D/g, '');
        const word = { generic_decline: 'decline', insufficient_funds: 'funds', processing_error: 'processing', expired_card: 'expired' }[code ?? ''] ?? 'ok';
        expect(tok, number).toEqual({ token: expect.stringMatching(new RegExp(`^tok_sbx_${word}_${brand}_${digits.slice(-4)}_0429_[0-9a-f]{24}$`)), brand, last4: digits.slice(-4), expiryMonth: 4, expiryYear: 2029 });
        // What the portal stores comes from the processor, and agrees with what the card page showed.
        expect(await p.describeCard(tok.token), number).toEqual(tok);
        const outcome = await p.charge(chargeReq(tok.token));
        if (code === null) {
          expect(outcome, number).toEqual({ status: 'succeeded', processorPaymentId: expect.stringMatching(/^pi_sbx_[0-9a-f]{24}$/) });
        } else {
          expect(outcome, number).toEqual({ status: 'declined', processorPaymentId: expect.stringMatching(/^pi_sbx_[0-9a-f]{24}$/), code, message: declineMessage(code) });
        }
      }
    });

    it('never puts the card number in the token, and makes a new token each time', async () => {
      const p = sandbox();
      const tokens = new Set<string>();
      for (const number of ['4242424242424242', '4000000000009995', '378282246310005', '5555555555554444']) {
        for (let i = 0; i < 20; i++) {
          const result = await p.tokenizeCard(card(number));
          expect(result.ok).toBe(true);
          const text = JSON.stringify(result);
          expect(text).not.toContain(number);
          expect(text).not.toContain(number.slice(0, 6));
          if (result.ok) tokens.add(result.card.token);
        }
      }
      expect(tokens.size).toBe(80);
    });

    it('checks the number, expiry and security code as the card form would', async () => {
      const p = sandbox();
      const cases: [Parameters<ReturnType<typeof sandbox>['tokenizeCard']>[0], CardField, string][] = [
        [card(''), 'number', 'Enter your card number.'],
        [card('4242424242424241'), 'number', 'Enter a valid card number.'],
        [card('42424242'), 'number', 'Enter a valid card number.'],
        [card('4242-4242-abcd-4242'), 'number', 'Enter a valid card number.'],
        [card('42424242424242424242'), 'number', 'Enter a valid card number.'],
        [card('4242424242424242', { expiryMonth: 10, expiryYear: 2026 }), 'expiry', 'The expiry date must be in the future.'],
        [card('4242424242424242', { expiryMonth: 12, expiryYear: 2025 }), 'expiry', 'The expiry date must be in the future.'],
        [card('4242424242424242', { expiryMonth: 13 }), 'expiry', 'Enter a valid expiry date.'],
        [card('4242424242424242', { expiryMonth: 0 }), 'expiry', 'Enter a valid expiry date.'],
        [card('4242424242424242', { expiryMonth: 1.5 }), 'expiry', 'Enter a valid expiry date.'],
        [card('4242424242424242', { expiryYear: 2080 }), 'expiry', 'Enter a valid expiry date.'],
        [card('4242424242424242', { cvc: '12' }), 'cvc', 'Enter the 3-digit security code on the back of your card.'],
        [card('4242424242424242', { cvc: '1234' }), 'cvc', 'Enter the 3-digit security code on the back of your card.'],
        [card('4242424242424242', { cvc: 'abc' }), 'cvc', 'Enter the 3-digit security code on the back of your card.'],
        [card('378282246310005', { cvc: '123' }), 'cvc', 'Enter the 4-digit security code on the front of your card.'],
      ];
      for (const [input, field, message] of cases) {
        expect(await p.tokenizeCard(input), JSON.stringify(input)).toEqual({ ok: false, errors: { [field]: message } });
      }
      // This month is still good; two-digit years are 20yy.
      expect((await p.tokenizeCard(card('4242424242424242', { expiryMonth: 11, expiryYear: 2026 }))).ok).toBe(true);
      expect(await p.tokenizeCard(card('4242424242424242', { expiryMonth: 1, expiryYear: 30 }))).toMatchObject({ ok: true, card: { expiryYear: 2030 } });
      expect(luhnValid('4242424242424241')).toBe(false);
    });

    it('reports every problem with the card at once, as the card form lists them', async () => {
      const p = sandbox();
      expect(await p.tokenizeCard({ number: '4242 4242 4242 4241', expiryMonth: 13, expiryYear: 2029, cvc: '12', postalCode: '8020' })).toEqual({
        ok: false,
        errors: {
          number: 'Enter a valid card number.',
          expiry: 'Enter a valid expiry date.',
          cvc: 'Enter the 3-digit security code on the back of your card.',
          postalCode: 'Enter a ZIP code such as 80202 or 80202-1234, or a Canadian postal code such as K1A 0B1.',
        },
      });
      // An American Express number, even mistyped, asks for its 4-digit code; an empty form names each field.
      expect(await p.tokenizeCard({ number: '3782 8224 6310 006', expiryMonth: 10, expiryYear: 2026, cvc: '123' })).toEqual({
        ok: false,
        errors: { number: 'Enter a valid card number.', expiry: 'The expiry date must be in the future.', cvc: 'Enter the 4-digit security code on the front of your card.' },
      });
      expect(await p.tokenizeCard({ number: '', expiryMonth: 0, expiryYear: 0, cvc: '' })).toEqual({
        ok: false,
        errors: { number: 'Enter your card number.', expiry: 'Enter a valid expiry date.', cvc: 'Enter the 3-digit security code on the back of your card.' },
      });
      // ZIP, ZIP+4 and Canadian postal codes are billing codes; none is needed.
      for (const postalCode of ['80202', '80202-1234', '802021234', 'K1A 0B1', 'k1a0b1', '', '  ']) {
        expect((await p.tokenizeCard({ ...card('4242424242424242'), postalCode })).ok, postalCode).toBe(true);
      }
      for (const postalCode of ['8020', '80202-12', 'ABCDE', 'K1A-0B1']) {
        expect(await p.tokenizeCard({ ...card('4242424242424242'), postalCode }), postalCode).toMatchObject({ ok: false, errors: { postalCode: expect.any(String) } });
      }
    });

    it('answers the same key with the same outcome and id, on any instance sharing the secret', async () => {
      const p = sandbox();
      const tok = await tokenOf(p, '4242424242424242');
      const req = chargeReq(tok.token);
      const first = await p.charge(req);
      expect(await p.charge(req)).toEqual(first);
      // Another instance (a restart, another host) derives the same id from the key.
      expect(await sandbox().charge(req)).toEqual(first);
      expect(await sandboxProcessor({ secret: `${TOKEN_SECRET}-other`, clock }).charge(req)).not.toEqual(first);
      const second = await p.charge(chargeReq(tok.token));
      expect(second.processorPaymentId).not.toBe(first.processorPaymentId);
      const declined = chargeReq((await tokenOf(p, '4000000000009995')).token);
      expect(await p.charge(declined)).toEqual(await p.charge(declined));
    });

    it('refuses a reused key with other parameters, like Stripe', async () => {
      const p = sandbox();
      const req = chargeReq((await tokenOf(p, '4242424242424242')).token);
      await p.charge(req);
      await expect(p.charge({ ...req, amount: req.amount + 1 })).rejects.toThrow(PermanentError);
      await expect(p.charge({ ...req, paymentMethodToken: (await tokenOf(p, '4242424242424242')).token })).rejects.toThrow(/idempotency key reused/);
    });

    it('declines a token it did not make', async () => {
      for (const token of [
        'pm_card_visa',
        '4242424242424242',
        'tok_sbx_ok_',
        'tok_sbx_rich_0123456789abcdef01234567',
        'tok_sbx_ok_0123456789ABCDEF01234567',
        'tok_sbx_rich_visa_4242_0429_0123456789abcdef01234567',
        'tok_sbx_ok_visa_4242_1329_0123456789abcdef01234567',
        'tok_sbx_ok_visa_4242_0429_0123456789ABCDEF01234567',
        'tok_sbx_ok_visa_4242424242424242_0429_0123456789abcdef01234567',
      ]) {
        expect(await sandbox().charge(chargeReq(token)), token).toEqual({ status: 'declined', processorPaymentId: null, code: 'invalid_token', message: declineMessage('invalid_token') });
      }
    });

    it('refuses bad amounts and currencies like the Stripe adapter', async () => {
      const token = (await tokenOf(sandbox(), '4242424242424242')).token;
      for (const extra of [{ amount: 0 }, { amount: 1.5 }, { amount: -1 }, { idempotencyKey: '' }, { currency: 'eur' as 'usd' }]) {
        await expect(sandbox().charge(chargeReq(token, extra))).rejects.toBeInstanceOf(PermanentError);
      }
    });

    it('refunds up to what was charged, idempotently', async () => {
      const p = sandbox();
      const paid = await p.charge(chargeReq((await tokenOf(p, '4242424242424242')).token, { amount: 1_000 }));
      if (paid.status !== 'succeeded') throw new Error('setup');
      const req = { idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 600 };
      const { refundId } = await p.refund(req);
      expect(refundId).toMatch(/^re_sbx_[0-9a-f]{24}$/);
      expect(await p.refund(req)).toEqual({ refundId });
      await expect(p.refund({ ...req, idempotencyKey: newKey(), amount: 401 })).rejects.toThrow(/more than what is left/);
      await expect(p.refund({ ...req, idempotencyKey: newKey(), amount: 400 })).resolves.toMatchObject({ refundId: expect.stringMatching(/^re_sbx_/) });
      await expect(p.refund({ ...req, amount: 601 })).rejects.toThrow(/idempotency key reused/);

      const declined = await p.charge(chargeReq((await tokenOf(p, '4000000000000002')).token));
      await expect(p.refund({ idempotencyKey: newKey(), processorPaymentId: declined.processorPaymentId!, amount: 1 })).rejects.toThrow(/did not succeed/);
      await expect(p.refund({ idempotencyKey: newKey(), processorPaymentId: 'pi_fake000001', amount: 1 })).rejects.toThrow(/no such payment/);
      await expect(p.refund({ idempotencyKey: newKey(), processorPaymentId: paid.processorPaymentId, amount: 0 })).rejects.toBeInstanceOf(PermanentError);
    });

    it('signs webhooks the Stripe way and verifies its own', async () => {
      const p = sandbox();
      const now = clock.now();
      const payload = stripeEvent('payment_intent.succeeded', { id: 'pi_sbx_0123456789abcdef01234567', object: 'payment_intent', status: 'succeeded' }, 'evt_sbx_1');
      const header = await p.signWebhook(payload, now);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(header.startsWith(`t=${Math.floor(now.getTime() / 1000)},`)).toBe(true);
      const headers = new Headers({ 'stripe-signature': header });
      expect(await p.parseWebhook(payload, headers, now)).toEqual({ id: 'evt_sbx_1', type: 'payment.succeeded', processorPaymentId: 'pi_sbx_0123456789abcdef01234567' });
      // Another instance with the same secret verifies it; other secrets, other bodies and later times do not.
      await expect(sandbox().parseWebhook(payload, headers, now)).resolves.toMatchObject({ id: 'evt_sbx_1' });
      await expect(sandboxProcessor({ secret: `${TOKEN_SECRET}-other`, clock }).parseWebhook(payload, headers, now)).rejects.toBeInstanceOf(WebhookSignatureError);
      await expect(p.parseWebhook(payload.replace('succeeded', 'failed'), headers, now)).rejects.toBeInstanceOf(WebhookSignatureError);
      await expect(p.parseWebhook(payload, headers, new Date(now.getTime() + 301_000))).rejects.toThrow(/tolerance/);
      // The sandbox's key is derived from the secret, not the secret itself.
      await expect(p.parseWebhook(payload, new Headers({ 'stripe-signature': sign(payload, TOKEN_SECRET, Math.floor(now.getTime() / 1000)) }), now)).rejects.toBeInstanceOf(WebhookSignatureError);
    });

    it('describes only tokens in its own format, and never repeats what it was given', async () => {
      const p = sandbox();
      expect(await p.describeCard('tok_sbx_funds_mastercard_4444_1231_0123456789abcdef01234567')).toEqual({
        token: 'tok_sbx_funds_mastercard_4444_1231_0123456789abcdef01234567',
        brand: 'mastercard',
        last4: '4444',
        expiryMonth: 12,
        expiryYear: 2031,
      });
      expect(await p.describeCard((await tokenOf(p, '378282246310005')).token)).toMatchObject({ brand: 'amex', last4: '0005', expiryMonth: 4, expiryYear: 2029 });
      // A two-digit year is 20yy; the token keeps MMYY.
      const late = await p.tokenizeCard(card('4242424242424242', { expiryMonth: 11, expiryYear: 26 }));
      if (!late.ok) throw new Error('setup');
      expect(late.card.token).toMatch(/^tok_sbx_ok_visa_4242_1126_[0-9a-f]{24}$/);
      expect(await p.describeCard(late.card.token)).toEqual({ ...late.card, expiryYear: 2026 });
      for (const token of [
        '4242424242424242',
        '4242 4242 4242 4242',
        'pm_card_visa',
        '',
        // The format before describeCard: chargeable, but it has no details to give.
        'tok_sbx_ok_0123456789abcdef01234567',
        'tok_sbx_ok_visa_4242_1329_0123456789abcdef01234567',
        'tok_sbx_ok_visa_4242_0029_0123456789abcdef01234567',
        'tok_sbx_ok_Visa_4242_0429_0123456789abcdef01234567',
        'tok_sbx_ok_visa_424_0429_0123456789abcdef01234567',
        'tok_sbx_ok_visa_4242424242424242_0429_0123456789abcdef01234567',
        'tok_sbx_rich_visa_4242_0429_0123456789abcdef01234567',
        'tok_sbx_ok_visa_4242_0429_0123456789abcdef0123456',
        ' tok_sbx_ok_visa_4242_0429_0123456789abcdef01234567',
      ]) {
        const err = await failure(p.describeCard(token));
        expect(err, token).toBeInstanceOf(UnknownCardError);
        expect(err, token).toBeInstanceOf(PermanentError);
        expect((err as Error).message, token).toBe('Sandbox: not a card token this sandbox made');
      }
    });

    it('charges only tokens in the current format (the details-free early format was never released)', async () => {
      expect(await sandbox().charge(chargeReq('tok_sbx_ok_visa_4242_0430_0123456789abcdef01234567'))).toMatchObject({ status: 'succeeded' });
      expect(await sandbox().charge(chargeReq('tok_sbx_funds_visa_9995_0430_0123456789abcdef01234567'))).toMatchObject({ status: 'declined', code: 'insufficient_funds' });
      expect(await sandbox().charge(chargeReq('tok_sbx_ok_0123456789abcdef01234567'))).toMatchObject({ status: 'declined', code: 'invalid_token' });
    });

    it('creates card setups shaped like Stripe\'s, the same for the same key', async () => {
      const p = sandbox();
      const req = { idempotencyKey: newKey(), metadata: { tenant: 'acme' } };
      const setup = await p.createCardSetup(req);
      expect(setup).toEqual({ clientSecret: expect.stringMatching(/^sbx_setup_[0-9a-f]{24}_secret_[0-9a-f]{24}$/), setupId: expect.stringMatching(/^seti_sbx_[0-9a-f]{24}$/) });
      expect(setup.clientSecret.slice('sbx_setup_'.length, 'sbx_setup_'.length + 24)).toBe(setup.setupId.slice('seti_sbx_'.length));
      expect(await p.createCardSetup(req)).toEqual(setup);
      expect(await sandbox().createCardSetup(req)).toEqual(setup);
      expect(await sandboxProcessor({ secret: `${TOKEN_SECRET}-other`, clock }).createCardSetup(req)).not.toEqual(setup);
      expect((await p.createCardSetup({ ...req, idempotencyKey: newKey() })).setupId).not.toBe(setup.setupId);
      await expect(p.createCardSetup({ ...req, metadata: { tenant: 'other' } })).rejects.toThrow(/idempotency key reused/);
      await expect(p.createCardSetup({ ...req, customerId: 'cus_other' })).rejects.toThrow(/idempotency key reused/);
      await expect(p.createCardSetup({ idempotencyKey: '', metadata: {} })).rejects.toBeInstanceOf(PermanentError);
    });

    it('needs a secret', () => {
      expect(() => sandboxProcessor({ secret: '', clock })).toThrow(/secret/);
    });
  });

  describe('sandbox card page', () => {
    const page = sandboxCardPage({ nonce: 'bm9uY2UtZm9yLXRlc3Rz', parentOrigin: 'https://acme.portal.test', postUrl: '/pay/card?x=1&y="2"' });

    it('is a labelled, autocompletable form whose errors are tied to their fields', () => {
      expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
      const inputs = [...page.matchAll(/<input ([^>]*)>/g)].map((m) => m[1]!);
      expect(inputs).toHaveLength(4);
      for (const attrs of inputs) {
        const id = /\bid="([^"]+)"/.exec(attrs)![1]!;
        expect(page, id).toContain(`<label for="${id}">`);
        expect(attrs, id).toMatch(/\bautocomplete="[^"]+"/);
        for (const ref of /aria-describedby="([^"]+)"/.exec(attrs)?.[1]?.split(' ') ?? []) expect(page, ref).toContain(`id="${ref}"`);
      }
      for (const [id, autocomplete] of [['cc-number', 'cc-number'], ['cc-exp', 'cc-exp'], ['cc-csc', 'cc-csc']]) {
        const attrs = inputs.find((a) => a.includes(`id="${id}"`))!;
        expect(attrs).toContain(`autocomplete="${autocomplete}"`);
        expect(attrs).toContain('inputmode="numeric"');
        expect(attrs).toContain(`aria-describedby="`);
        expect(attrs).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error\\b`));
      }
      expect(page).toContain('role="status"');
    });

    it('runs only nonce-bearing code, with no inline handlers', () => {
      expect(page).not.toMatch(/\son[a-z]+\s*=/i);
      expect(page).not.toMatch(/javascript:/i);
      const scripts = [...page.matchAll(/<script([^>]*)>/g)];
      expect(scripts).toHaveLength(1);
      expect(scripts[0]![1]).toBe(' nonce="bm9uY2UtZm9yLXRlc3Rz"');
      expect(page).toContain('<style nonce="bm9uY2UtZm9yLXRlc3Rz">');
      expect(page).toContain(sandboxCardPageScript);
      // Parses as JavaScript (not run: it needs a DOM).
      expect(() => new Function(sandboxCardPageScript)).not.toThrow();
      expect(sandboxCardPageScript).toContain("parent.postMessage({ type: 'card-token'");
      expect(sandboxCardPageScript).toContain("parent.postMessage({ type: 'card-frame-height', height: height }, parentOrigin)");
      expect(sandboxCardPageScript).toContain('parentOrigin)');
      expect(sandboxCardPageScript).not.toContain("'*'");
    });

    it('escapes its settings into attributes and refuses a target origin that is not one', () => {
      expect(page).toContain('data-post-url="/pay/card?x=1&amp;y=&quot;2&quot;"');
      expect(page).toContain('data-parent-origin="https://acme.portal.test"');
      for (const parentOrigin of ['*', 'https://acme.portal.test/', 'https://acme.portal.test/pay', 'null', 'acme.portal.test', '']) {
        expect(() => sandboxCardPage({ nonce: 'bm9uY2UtZm9yLXRlc3Rz', parentOrigin, postUrl: '/x' }), parentOrigin).toThrow(/parentOrigin/);
      }
      expect(() => sandboxCardPage({ nonce: '"><script>', parentOrigin: 'https://a.test', postUrl: '/x' })).toThrow(/nonce/);
    });
  });

  describe('paymentProcessorFor', () => {
    const clock = fixedClock('2026-11-02T15:00:00Z');

    it('is the sandbox unless configured for Stripe', () => {
      const p = paymentProcessorFor({ TOKEN_SECRET }, clock);
      expect(p.provider).toBe('sandbox');
      expect(isSandboxProcessor(p)).toBe(true);
      expect(paymentProcessorFor({ PAYMENT_PROCESSOR: 'sandbox', TOKEN_SECRET }, clock).provider).toBe('sandbox');
    });

    it('builds the Stripe processor from its settings, with the given fetch', async () => {
      const calls: string[] = [];
      const p: PaymentProcessor = paymentProcessorFor(
        { PAYMENT_PROCESSOR: 'stripe', STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_BASE_URL: baseUrl, TOKEN_SECRET },
        clock,
        (input, init) => {
          calls.push(String(input));
          return fetch(input, init);
        },
      );
      expect(p.provider).toBe('stripe');
      expect(isSandboxProcessor(p)).toBe(false);
      expect(await p.charge(chargeReq('pm_card_visa'))).toMatchObject({ status: 'succeeded' });
      expect(calls).toEqual([`${baseUrl}/v1/payment_intents`]);
    });

    it('refuses Stripe without both secrets, or with a publishable key', () => {
      expect(() => paymentProcessorFor({ PAYMENT_PROCESSOR: 'stripe', STRIPE_SECRET_KEY: SECRET_KEY, TOKEN_SECRET }, clock)).toThrow(/STRIPE_WEBHOOK_SECRET: required when PAYMENT_PROCESSOR is stripe/);
      expect(() => paymentProcessorFor({ PAYMENT_PROCESSOR: 'stripe', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, TOKEN_SECRET }, clock)).toThrow(/STRIPE_SECRET_KEY/);
      expect(() => paymentProcessorFor({ PAYMENT_PROCESSOR: 'stripe', STRIPE_SECRET_KEY: 'pk_test_abc', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, TOKEN_SECRET }, clock)).toThrow(/publishable/);
    });
  });

  describe('declineMessage', () => {
    it('gives plain sentences, hiding why a lost or stolen card was declined', () => {
      expect(declineMessage('insufficient_funds')).toBe('Your card has insufficient funds.');
      expect(declineMessage('expired_card')).toBe('Your card has expired.');
      expect(declineMessage('incorrect_cvc')).toBe("Your card's security code is incorrect.");
      for (const code of ['card_declined', 'generic_decline', 'do_not_honor', 'lost_card', 'stolen_card', 'fraudulent', 'pickup_card', 'something_new', 'toString', '__proto__']) {
        expect(declineMessage(code), code).toBe('Your card was declined.');
      }
    });
  });
});

import { PermanentError, TransientError } from '../../lib/delivery-errors';
import { toHex } from '../../lib/hash';
import { parseRetryAfter } from '../../lib/retry-after';
import { fetchJson } from '../fetch-json';
import { declineMessage, UnknownCardError, WebhookSignatureError, type CardToken, type ChargeOutcome, type ChargeRequest, type PaymentProcessor, type ProcessorEvent } from './index';

/**
 * The API version every request pins (Stripe-Version header), so a change of the account's
 * default version in the dashboard cannot change the responses we parse. It is the version the
 * stripe npm package 23.1.0 pins (../shared/reference/integrations.md §10b). Moving it is a
 * deliberate change: read Stripe's upgrade notes for PaymentIntents, Refunds and Events first,
 * and set the webhook endpoint to the same version.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** Stripe's libraries reject webhook timestamps more than five minutes old. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export interface StripeOptions {
  /** sk_live_…, sk_test_… or a restricted key (rk_…) allowed to write PaymentIntents, Refunds and SetupIntents and to read PaymentMethods. */
  secretKey: string;
  /** The webhook endpoint's signing secret, whsec_…. */
  webhookSecret: string;
  /** https://api.stripe.com in production; a loopback server in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  webhookToleranceSeconds?: number;
}

/** The fields of Stripe's error object that we read (docs.stripe.com/api/errors). */
interface StripeErrorBody {
  type?: unknown;
  code?: unknown;
  decline_code?: unknown;
  message?: unknown;
  payment_intent?: unknown;
}

/**
 * Stripe's REST API over fetch, without the stripe package, so it runs unchanged on Workers:
 * form-encoded POSTs with `Authorization: Bearer <secret key>` and an `Idempotency-Key`, JSON back.
 *
 * - charge: POST /v1/payment_intents with confirm=true and off_session=true (the borrower set up
 *   the payment, but no 3-D Secure challenge can be answered from a queue). `succeeded` and
 *   `processing` are outcomes; a card decline is HTTP 402 `card_error`, which becomes a declined
 *   outcome with the PaymentIntent id from `error.payment_intent`.
 * - refund: POST /v1/refunds with payment_intent and amount.
 * - describeCard: GET /v1/payment_methods/{id}, reading `card.brand`, `card.last4`,
 *   `card.exp_month` and `card.exp_year`.
 * - createCustomer: POST /v1/customers (name, email, metadata), answering `id`.
 * - deleteCustomer: DELETE /v1/customers/{id}, answering `deleted: true`; a 404 `resource_missing`
 *   (already deleted, or never there) counts as done.
 * - createCardSetup: POST /v1/setup_intents with usage=off_session and payment_method_types[]=card,
 *   answering `client_secret` (for Stripe.js in the browser) and `id`.
 * - Errors: `Stripe-Should-Retry` decides when present; otherwise 409 (same key in flight), 424,
 *   429, 5xx, network failures and timeouts are transient (Retry-After honoured) and other 4xx
 *   permanent. Retrying with the same idempotency key is safe: Stripe replays the first result.
 * - Webhooks: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body">`, checked in
 *   constant time with WebCrypto, within a tolerance of the timestamp.
 */
export function stripeProcessor(opts: StripeOptions): PaymentProcessor {
  if (!opts.secretKey) throw new Error('stripeProcessor needs a secret key');
  if (!opts.webhookSecret) throw new Error('stripeProcessor needs a webhook signing secret');
  const baseUrl = (opts.baseUrl ?? 'https://api.stripe.com').replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const tolerance = opts.webhookToleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;

  /**
   * A form-encoded POST with an Idempotency-Key, or (no form) a GET or a DELETE, which take no key:
   * Stripe keys POSTs only (a DELETE is idempotent by itself). JSON back, or undefined when it is not JSON.
   */
  function call(path: string, post?: { form: URLSearchParams; idempotencyKey: string }, method: 'GET' | 'DELETE' = 'GET'): Promise<{ res: Response; body: unknown }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${opts.secretKey}`,
      accept: 'application/json',
      'stripe-version': STRIPE_API_VERSION,
    };
    if (post) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['idempotency-key'] = post.idempotencyKey;
    }
    return fetchJson(doFetch, 'Stripe', `${baseUrl}${path}`, {
      method: post ? 'POST' : method,
      headers,
      ...(post ? { body: post.form.toString() } : {}),
      // A hung connection must not hold the queue consumer; the retry reuses the key, so it cannot charge twice.
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  }
  const post = (path: string, form: URLSearchParams, idempotencyKey: string) => call(path, { form, idempotencyKey });

  return {
    provider: 'stripe',

    async charge(req: ChargeRequest): Promise<ChargeOutcome> {
      checkKey(req.idempotencyKey);
      checkAmount(req.amount);
      if (req.currency !== 'usd') throw new PermanentError('Only usd charges are supported');
      if (!req.paymentMethodToken) throw new PermanentError('No payment method token');
      const form = new URLSearchParams({
        amount: String(req.amount),
        currency: req.currency,
        payment_method: req.paymentMethodToken,
        // Cards only: with automatic payment methods Stripe would want a return_url for redirects.
        'payment_method_types[]': 'card',
        confirm: 'true',
        off_session: 'true',
        description: req.description,
      });
      if (req.customerId) form.set('customer', req.customerId);
      for (const [key, value] of Object.entries(checkMetadata(req.metadata))) form.set(`metadata[${key}]`, value);

      const { res, body } = await post('/v1/payment_intents', form, req.idempotencyKey);
      if (res.ok) return outcomeOf(body, res.status);
      const error = errorOf(body);
      if (res.status === 402 && error.type === 'card_error') {
        const code = str(error.decline_code) ?? str(error.code) ?? 'card_declined';
        const pi = isObject(error.payment_intent) ? str(error.payment_intent.id) : undefined;
        return { status: 'declined', processorPaymentId: pi ?? null, code, message: declineMessage(code) };
      }
      throw failure(res, error);
    },

    async refund(req) {
      checkKey(req.idempotencyKey);
      checkAmount(req.amount);
      if (!req.processorPaymentId) throw new PermanentError('No payment to refund');
      const form = new URLSearchParams({ payment_intent: req.processorPaymentId, amount: String(req.amount) });
      const { res, body } = await post('/v1/refunds', form, req.idempotencyKey);
      if (!res.ok) throw failure(res, errorOf(body));
      const refund = isObject(body) ? body : {};
      const id = str(refund.id);
      if (!id) throw new PermanentError(`Stripe ${res.status}: response had no refund id (the refund may have been made)`);
      // Card refunds are pending or succeeded at once; failed ones are reported later by charge.refund.updated.
      if (refund.status === 'failed' || refund.status === 'canceled') throw new PermanentError(`Stripe refund ${id} is ${refund.status}`);
      return { refundId: id };
    },

    async parseWebhook(rawBody, headers, now) {
      await verifyStripeSignature(rawBody, headers.get('stripe-signature'), opts.webhookSecret, now, tolerance);
      return parseStripeEvent(rawBody);
    },

    /*
     * Checked with the search tool against Stripe's API reference: "Retrieve a PaymentMethod" is
     * `GET https://api.stripe.com/v1/payment_methods/{id}` with the secret key and returns a
     * PaymentMethod whose `type` names a hash of the same name (the reference's example is a
     * `us_bank_account` one); for type `card` that hash has `brand` (amex, diners, discover,
     * eftpos_au, jcb, mastercard, unionpay, visa, unknown…), `last4` (string), `exp_month` and
     * `exp_year` (four digits) — docs.stripe.com/api/payment_methods/retrieve and the PaymentMethod
     * object's card fields. An unknown id is Stripe's usual `resource_missing` error (404 on a GET).
     */
    async describeCard(token) {
      // Real ids only (pm_1Q0PsIJvEtkwdCNY…): not test-mode aliases like pm_card_visa, which a saved
      // card never has. Anything else (a card number pasted by mistake, a path) is never sent, and never repeated.
      if (typeof token !== 'string' || token.length > 255 || !/^pm_[A-Za-z0-9]+$/.test(token)) throw new UnknownCardError('Not a Stripe payment method id');
      // Stripe repeats the id in some messages; keep it, and anything shaped like a card number, out of ours.
      const scrub = (text: string) => text.split(token).join('the payment method').replace(/\d[\d -]{10,}\d/g, '[digits removed]');
      let res: Response;
      let body: unknown;
      try {
        ({ res, body } = await call(`/v1/payment_methods/${encodeURIComponent(token)}`));
      } catch (err) {
        // A network error may quote the URL, which holds the id.
        if (err instanceof TransientError) throw new TransientError(scrub(err.message), err.retryAfterSeconds);
        throw err;
      }
      if (!res.ok) {
        const error = errorOf(body);
        if (str(error.code) === 'resource_missing') {
          const requestId = res.headers.get('request-id');
          throw new UnknownCardError(`Stripe ${res.status}: no such payment method${requestId ? ` (request ${requestId})` : ''}`);
        }
        throw failure(res, error, scrub);
      }
      const pm = isObject(body) ? body : {};
      if (pm.object !== 'payment_method' || !str(pm.id)) throw new PermanentError(`Stripe ${res.status}: response was not a PaymentMethod`);
      if (pm.type !== 'card' || !isObject(pm.card)) throw new UnknownCardError('That Stripe payment method is not a card');
      const { brand, last4, exp_month: month, exp_year: year } = pm.card;
      if (typeof last4 !== 'string' || !/^\d{4}$/.test(last4) || !Number.isInteger(month) || (month as number) < 1 || (month as number) > 12 || !Number.isInteger(year) || (year as number) < 2000 || (year as number) > 2200) {
        throw new PermanentError(`Stripe ${res.status}: the card's last4 or expiry is missing or malformed`);
      }
      // The Stripe customer it is attached to (a string id, or expanded), so a card can be matched to its borrower.
      const owner = str(pm.customer) ?? (isObject(pm.customer) ? str(pm.customer.id) : undefined) ?? null;
      return { token, brand: str(brand) ?? 'unknown', last4, expiryMonth: month as number, expiryYear: year as number, customerId: owner } satisfies CardToken;
    },

    /*
     * Checked with the search tool against Stripe's API reference: "Create a SetupIntent" is
     * `POST https://api.stripe.com/v1/setup_intents`, form-encoded, taking `usage` (on_session or
     * off_session; the default is off_session, sent anyway), `payment_method_types` (a list,
     * `payment_method_types[]=card`), `metadata` and `customer` (the resulting payment method is
     * attached to it on success); it returns a SetupIntent with `id` (seti_…) and `client_secret`,
     * which the browser uses to confirm it and must not be stored or logged —
     * docs.stripe.com/api/setup_intents/create, /api/setup_intents/object,
     * stripe.com/docs/payments/cards/saving-cards-without-payment.
     */
    async createCustomer(req) {
      checkKey(req.idempotencyKey);
      const form = new URLSearchParams({ name: req.name });
      if (req.email) form.set('email', req.email);
      for (const [key, value] of Object.entries(checkMetadata(req.metadata))) form.set(`metadata[${key}]`, value);
      const { res, body } = await post('/v1/customers', form, req.idempotencyKey);
      if (!res.ok) throw failure(res, errorOf(body));
      const customerId = isObject(body) ? str(body.id) : undefined;
      if (!customerId) throw new PermanentError(`Stripe ${res.status}: response had no customer id`);
      return { customerId };
    },

    /*
     * Checked with the search tool against Stripe's API reference: "Delete a customer" is
     * `DELETE https://api.stripe.com/v1/customers/{id}` with no parameters, answering
     * `{ "id": "cus_…", "object": "customer", "deleted": true }`. It cannot be undone, cancels the
     * customer's subscriptions and removes its card details; an id Stripe does not have raises an
     * error (its usual `resource_missing`, 404). Idempotency keys are for POSTs; a DELETE needs
     * none — docs.stripe.com/api/customers/delete, /api/idempotent_requests.
     */
    async deleteCustomer(customerId) {
      // Real ids only (cus_NffrFeUfNV2Hib): anything else (a sandbox id, a path) is never sent.
      if (typeof customerId !== 'string' || customerId.length > 255 || !/^cus_[A-Za-z0-9]+$/.test(customerId)) throw new PermanentError('Not a Stripe customer id');
      const { res, body } = await call(`/v1/customers/${encodeURIComponent(customerId)}`, undefined, 'DELETE');
      if (!res.ok) {
        const error = errorOf(body);
        // Deleted before (a retry) or never there: either way Stripe holds nothing of it. A 404 without resource_missing is a wrong URL.
        if (res.status === 404 && str(error.code) === 'resource_missing') return;
        throw failure(res, error);
      }
      const deleted = isObject(body) ? body : {};
      if (deleted.deleted !== true || str(deleted.id) !== customerId) throw new PermanentError(`Stripe ${res.status}: response did not confirm the customer was deleted`);
    },

    async createCardSetup(req) {
      checkKey(req.idempotencyKey);
      const form = new URLSearchParams({ usage: 'off_session', 'payment_method_types[]': 'card' });
      if (req.customerId) form.set('customer', req.customerId);
      for (const [key, value] of Object.entries(checkMetadata(req.metadata))) form.set(`metadata[${key}]`, value);
      const { res, body } = await post('/v1/setup_intents', form, req.idempotencyKey);
      if (!res.ok) throw failure(res, errorOf(body));
      const intent = isObject(body) ? body : {};
      const setupId = str(intent.id);
      const clientSecret = str(intent.client_secret);
      if (!setupId || !clientSecret) throw new PermanentError(`Stripe ${res.status}: response had no SetupIntent id or client secret`);
      return { clientSecret, setupId };
    },
  };
}

/** A PaymentIntent in a 2xx answer, as an outcome. */
function outcomeOf(body: unknown, status: number): ChargeOutcome {
  const pi = isObject(body) ? body : {};
  const id = str(pi.id);
  // Stripe answered yes but we cannot tell to what: a retry would replay the same answer. Stop.
  if (!id) throw new PermanentError(`Stripe ${status}: response had no PaymentIntent id (the charge may have been made)`);
  switch (pi.status) {
    case 'succeeded':
      return { status: 'succeeded', processorPaymentId: id };
    case 'processing':
      return { status: 'pending', processorPaymentId: id };
    case 'requires_action': {
      // off_session makes Stripe answer 402 authentication_required instead; kept in case it does not.
      return { status: 'declined', processorPaymentId: id, code: 'authentication_required', message: declineMessage('authentication_required') };
    }
    case 'requires_payment_method': {
      const last = isObject(pi.last_payment_error) ? (pi.last_payment_error as StripeErrorBody) : {};
      const code = str(last.decline_code) ?? str(last.code) ?? 'card_declined';
      return { status: 'declined', processorPaymentId: id, code, message: declineMessage(code) };
    }
    case 'canceled':
      return { status: 'declined', processorPaymentId: id, code: 'canceled', message: declineMessage('canceled') };
    default:
      // requires_capture / requires_confirmation: we never ask for those, so something is misconfigured.
      throw new PermanentError(`Stripe PaymentIntent ${id} is ${typeof pi.status === 'string' ? pi.status : 'in an unknown state'}; expected succeeded or processing`);
  }
}

function errorOf(body: unknown): StripeErrorBody {
  return isObject(body) && isObject(body.error) ? (body.error as StripeErrorBody) : {};
}

/** The TransientError or PermanentError for a non-2xx answer that is not a card decline; `scrub` edits Stripe's message. */
function failure(res: Response, error: StripeErrorBody, scrub: (text: string) => string = (text) => text): Error {
  const kind = [str(error.type), str(error.code)].filter(Boolean).join('/');
  const requestId = res.headers.get('request-id');
  const detail = `Stripe ${res.status}${kind ? ` ${kind}` : ''}: ${scrub(str(error.message) ?? (res.statusText || 'no error message'))}${requestId ? ` (request ${requestId})` : ''}`;
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  // Stripe's own verdict on this failure wins when it gives one.
  const shouldRetry = res.headers.get('stripe-should-retry');
  if (shouldRetry === 'true') return new TransientError(detail, retryAfter);
  if (shouldRetry === 'false') return new PermanentError(detail);
  if (res.status === 401) return new PermanentError(`${detail} (check STRIPE_SECRET_KEY)`);
  if (res.status === 403) return new PermanentError(`${detail} (the key lacks a permission: check STRIPE_SECRET_KEY)`);
  // 409: a request with this key is still in flight; the retry gets its result.
  if (res.status === 409 || res.status === 424 || res.status === 429 || res.status >= 500) return new TransientError(detail, retryAfter);
  return new PermanentError(detail);
}

function checkKey(key: string): void {
  // Stripe's limit; an empty key would silently turn idempotency off.
  if (!key || key.length > 255) throw new PermanentError('Idempotency key must be 1–255 characters');
}

function checkAmount(amount: number): void {
  // Stripe takes at most eight digits of the smallest unit.
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > 99_999_999) throw new PermanentError('Amount must be a positive whole number of cents, at most 99999999');
}

/** Stripe's metadata limits: 50 keys of at most 40 characters without square brackets, values of at most 500. */
function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  const entries = Object.entries(metadata);
  if (entries.length > 50) throw new PermanentError('At most 50 metadata keys');
  for (const [key, value] of entries) {
    if (!key || key.length > 40 || /[[\]]/.test(key)) throw new PermanentError(`Metadata key "${key.slice(0, 40)}" is not allowed`);
    if (typeof value !== 'string' || value.length > 500) throw new PermanentError(`Metadata value for "${key}" must be a string of at most 500 characters`);
  }
  return metadata;
}

// ---- Webhook signatures (shared with the sandbox, which signs the same way) ----

/** Hex HMAC-SHA-256 of `message` keyed by the UTF-8 bytes of `secret`, via WebCrypto. */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(message))));
}

/** A `Stripe-Signature` value for `payload` at `now`, as Stripe sends it. */
export async function stripeSignatureHeader(secret: string, payload: string, now: Date): Promise<string> {
  const t = String(Math.floor(now.getTime() / 1000));
  return `t=${t},v1=${await hmacSha256Hex(secret, `${t}.${payload}`)}`;
}

/**
 * Stripe's documented check (docs.stripe.com/webhooks#verify-manually): take `t` and every `v1`
 * from the header (other schemes are ignored), HMAC `${t}.${payload}`, accept if any v1 matches
 * (there are two while a secret is being rolled), then refuse a timestamp further than
 * `toleranceSeconds` from now either way, against replays.
 */
export async function verifyStripeSignature(payload: string, header: string | null, secret: string, now: Date, toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS): Promise<void> {
  if (!header) throw new WebhookSignatureError('Webhook has no Stripe-Signature header');
  let t: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') t = value;
    else if (name === 'v1') signatures.push(value.toLowerCase());
  }
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) throw new WebhookSignatureError('Webhook has a malformed Stripe-Signature header');
  const expected = await hmacSha256Hex(secret, `${t}.${payload}`);
  let matched = false;
  // Every candidate is compared in full, so the time taken says nothing about which was close.
  for (const signature of signatures) matched = constantTimeEqual(signature, expected) || matched;
  if (!matched) throw new WebhookSignatureError('Webhook signature does not match the payload');
  if (Math.abs(now.getTime() / 1000 - Number(t)) > toleranceSeconds) throw new WebhookSignatureError('Webhook timestamp is outside the tolerance');
}

/** Equal-length strings compared without an early exit. The length (64 hex digits) is public. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The Stripe event types we act on, as ProcessorEvents. `charge.refunded` fires for partial
 * refunds too; its object is the Charge, whose `payment_intent` names the payment. A verified
 * body that is not an event is refused like a bad signature: nothing can be done with it.
 */
export function parseStripeEvent(rawBody: string): ProcessorEvent {
  let event: unknown;
  try {
    event = JSON.parse(rawBody);
  } catch {
    throw new WebhookSignatureError('Webhook payload is not JSON');
  }
  if (!isObject(event) || !str(event.id) || !str(event.type)) throw new WebhookSignatureError('Webhook payload is not a Stripe event');
  const id = event.id as string;
  const object = isObject(event.data) && isObject(event.data.object) ? event.data.object : {};
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { id, type: 'payment.succeeded', processorPaymentId: str(object.id) ?? null };
    case 'payment_intent.payment_failed': {
      const last = isObject(object.last_payment_error) ? (object.last_payment_error as StripeErrorBody) : {};
      const code = str(last.decline_code) ?? str(last.code) ?? 'card_declined';
      return { id, type: 'payment.failed', processorPaymentId: str(object.id) ?? null, failureMessage: declineMessage(code) };
    }
    case 'charge.refunded': {
      const pi = object.payment_intent;
      return { id, type: 'refund.succeeded', processorPaymentId: str(pi) ?? (isObject(pi) ? str(pi.id) : undefined) ?? null };
    }
    default:
      return { id, type: 'other', processorPaymentId: null };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

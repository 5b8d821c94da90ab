import { luhnValid } from '../../domain/luhn';
import { toHex } from '../../lib/hash';
import { PermanentError } from '../../lib/delivery-errors';
import { declineMessage, UnknownCardError, type CardToken, type ChargeOutcome, type PaymentProcessor } from './index';
import { hmacSha256Hex, parseStripeEvent, stripeSignatureHeader, verifyStripeSignature } from './stripe';

/**
 * Offline processor for development, tests and the demo. It behaves like Stripe's test mode for
 * Stripe's well-known test card numbers, so the same walk-through works on both:
 *
 *   4242 4242 4242 4242, 5555 5555 5555 4444, 3782 822463 10005  succeed (as does any other Luhn-valid number)
 *   4000 0000 0000 0002  declined: generic_decline
 *   4000 0000 0000 9995  declined: insufficient_funds
 *   4000 0000 0000 0119  declined: processing_error
 *   4000 0000 0000 0069  declined: expired_card
 *
 * What the number means is decided when the card is tokenized and written into the token as a
 * word, with what describeCard reports: `tok_sbx_<outcome>_<brand>_<last4>_<MMYY>_<24 hex random>`,
 * e.g. `tok_sbx_funds_visa_9995_0429_…`. The token never holds the number, and neither charge()
 * nor describeCard needs a store. (Nor are tokens signed: anyone can write one. It is a sandbox.)
 *
 * Payment and refund ids are HMAC(secret, idempotency key), so the same key gets the same id on
 * every call, every host and after a restart. The record of which keys were used with which
 * parameters, and how much of each payment was refunded, lives in memory: the sandbox forgets it
 * on restart (and a Worker isolate may be recycled at any time), after which a reused key is no
 * longer checked against its first use and refunds of older payments are not checked against
 * the amount charged.
 *
 * Webhooks are Stripe-shaped events signed the Stripe way with a key derived from the secret;
 * signWebhook makes the header for a simulated delivery.
 */
export type SandboxOutcome = 'ok' | 'decline' | 'funds' | 'processing' | 'expired';

const DECLINES: Record<Exclude<SandboxOutcome, 'ok'>, string> = {
  decline: 'generic_decline',
  funds: 'insufficient_funds',
  processing: 'processing_error',
  expired: 'expired_card',
};

/** Stripe's test numbers that fail; every other Luhn-valid number succeeds. */
const TEST_CARDS: Record<string, SandboxOutcome> = {
  '4000000000000002': 'decline',
  '4000000000009995': 'funds',
  '4000000000000119': 'processing',
  '4000000000000069': 'expired',
};

/** A US ZIP (or ZIP+4) or a Canadian postal code: the billing codes Stripe's card form checks here. */
const POSTAL_CODE = /^(\d{5}(-?\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$/;

const TOKEN = /^tok_sbx_(ok|decline|funds|processing|expired)_([a-z]+)_(\d{4})_(0[1-9]|1[0-2])(\d{2})_[0-9a-f]{24}$/;
/** A token's outcome and card, or null when this sandbox did not make it. */
function parseToken(token: string): { outcome: SandboxOutcome; card: CardToken } | null {
  const match = typeof token === 'string' ? TOKEN.exec(token) : null;
  if (!match) return null;
  return { outcome: match[1] as SandboxOutcome, card: { token, brand: match[2]!, last4: match[3]!, expiryMonth: Number(match[4]), expiryYear: 2000 + Number(match[5]) } };
}


export interface CardInput {
  number: string;
  expiryMonth: number;
  /** Four digits; two are read as 20yy. */
  expiryYear: number;
  cvc: string;
  postalCode?: string;
}

/** The card form's fields, as the card page and tokenizeCard's errors name them. */
export type CardField = 'number' | 'expiry' | 'cvc' | 'postalCode';

/**
 * Every problem with the card at once, one message per field, as Stripe's card form shows them;
 * `message` is about the whole form (too many tries, an unreadable request), when there is one.
 */
export type TokenizeFailure = { ok: false; errors: Partial<Record<CardField, string>>; message?: string };

export type TokenizeResult = { ok: true; card: CardToken } | TokenizeFailure;

export interface SandboxPaymentProcessor extends PaymentProcessor {
  readonly provider: 'sandbox';
  /** What the card page's POST does: check the card as Stripe's form would, and hand back a token. */
  tokenizeCard(input: CardInput): Promise<TokenizeResult>;
  /** The Stripe-Signature header value for `payload` (a Stripe-shaped event) sent at `now`. */
  signWebhook(payload: string, now: Date): Promise<string>;
}

export function sandboxProcessor(opts: { secret: string; clock: { now(): Date } }): SandboxPaymentProcessor {
  const { secret, clock } = opts;
  if (!secret) throw new Error('sandboxProcessor needs a secret');
  let webhookSecret: Promise<string> | undefined;
  const webhookKey = () => (webhookSecret ??= hmacSha256Hex(secret, 'payments/sandbox/v1:webhook-secret'));
  const derivedId = async (prefix: string, purpose: string, key: string) => prefix + (await hmacSha256Hex(secret, `payments/sandbox/v1:${purpose}:${key}`)).slice(0, 24);

  const charges = new Map<string, { token: string; amount: number; outcome: ChargeOutcome }>();
  const payments = new Map<string, { amount: number; refunded: number; succeeded: boolean }>();
  const refunds = new Map<string, { processorPaymentId: string; amount: number; refundId: string }>();
  const setups = new Map<string, string>();

  return {
    provider: 'sandbox',

    async tokenizeCard(input) {
      const errors: Partial<Record<CardField, string>> = {};
      const number = typeof input.number === 'string' ? input.number.replace(/[\s-]/g, '') : '';
      // The message never repeats the number.
      if (!number) errors.number = 'Enter your card number.';
      else if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) errors.number = 'Enter a valid card number.';

      const month = input.expiryMonth;
      let year = input.expiryYear;
      if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year < 0) {
        errors.expiry = 'Enter a valid expiry date.';
      } else {
        if (year < 100) year += 2000;
        // A card is good through the last day of its expiry month; UTC is close enough for a sandbox.
        const now = clock.now();
        const monthsAhead = (year - now.getUTCFullYear()) * 12 + (month - 1 - now.getUTCMonth());
        if (monthsAhead < 0) errors.expiry = 'The expiry date must be in the future.';
        else if (monthsAhead > 20 * 12) errors.expiry = 'Enter a valid expiry date.';
      }

      // The brand follows the number's first digits, so the code's length is known even when the number is mistyped.
      const brand = brandOf(number);
      const cvc = typeof input.cvc === 'string' ? input.cvc.trim() : '';
      if (brand === 'amex' ? !/^\d{4}$/.test(cvc) : !/^\d{3}$/.test(cvc)) {
        errors.cvc = brand === 'amex' ? 'Enter the 4-digit security code on the front of your card.' : 'Enter the 3-digit security code on the back of your card.';
      }

      const postal = typeof input.postalCode === 'string' ? input.postalCode.trim() : '';
      if (postal && !POSTAL_CODE.test(postal)) errors.postalCode = 'Enter a ZIP code such as 80202 or 80202-1234, or a Canadian postal code such as K1A 0B1.';

      if (Object.keys(errors).length > 0) return { ok: false, errors };
      const outcome = TEST_CARDS[number] ?? 'ok';
      const last4 = number.slice(-4);
      // year is 20yy here: the past and more than 20 years ahead were refused above.
      const mmyy = `${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
      return { ok: true, card: { token: `tok_sbx_${outcome}_${brand}_${last4}_${mmyy}_${toHex(crypto.getRandomValues(new Uint8Array(12)))}`, brand, last4, expiryMonth: month, expiryYear: year } };
    },

    async charge(req) {
      if (!req.idempotencyKey || req.idempotencyKey.length > 255) throw new PermanentError('Idempotency key must be 1–255 characters');
      if (!Number.isSafeInteger(req.amount) || req.amount <= 0 || req.amount > 99_999_999) throw new PermanentError('Amount must be a positive whole number of cents, at most 99999999');
      if (req.currency !== 'usd') throw new PermanentError('Only usd charges are supported');

      const previous = charges.get(req.idempotencyKey);
      if (previous) {
        // Stripe answers a reused key with different parameters with a 400 idempotency_error.
        if (previous.token !== req.paymentMethodToken || previous.amount !== req.amount) {
          throw new PermanentError('Sandbox: idempotency key reused with different parameters');
        }
        return previous.outcome;
      }

      const kind = parseToken(req.paymentMethodToken)?.outcome;
      let outcome: ChargeOutcome;
      if (!kind) {
        // Stripe makes no PaymentIntent for a payment method it does not know.
        outcome = { status: 'declined', processorPaymentId: null, code: 'invalid_token', message: declineMessage('invalid_token') };
      } else {
        const id = await derivedId('pi_sbx_', 'payment', req.idempotencyKey);
        if (kind === 'ok') {
          outcome = { status: 'succeeded', processorPaymentId: id };
        } else {
          const code = DECLINES[kind];
          outcome = { status: 'declined', processorPaymentId: id, code, message: declineMessage(code) };
        }
        payments.set(id, { amount: req.amount, refunded: 0, succeeded: kind === 'ok' });
      }
      charges.set(req.idempotencyKey, { token: req.paymentMethodToken, amount: req.amount, outcome });
      return outcome;
    },

    async refund(req) {
      if (!req.idempotencyKey || req.idempotencyKey.length > 255) throw new PermanentError('Idempotency key must be 1–255 characters');
      if (!Number.isSafeInteger(req.amount) || req.amount <= 0) throw new PermanentError('Refund amount must be a positive whole number of cents');
      const previous = refunds.get(req.idempotencyKey);
      if (previous) {
        if (previous.processorPaymentId !== req.processorPaymentId || previous.amount !== req.amount) {
          throw new PermanentError('Sandbox: idempotency key reused with different parameters');
        }
        return { refundId: previous.refundId };
      }
      if (!/^pi_sbx_[0-9a-f]{24}$/.test(req.processorPaymentId)) throw new PermanentError('Sandbox: no such payment');
      const payment = payments.get(req.processorPaymentId);
      // Unknown here but well-formed: made before a restart. Nothing to check it against.
      if (payment) {
        if (!payment.succeeded) throw new PermanentError('Sandbox: that payment did not succeed, so there is nothing to refund');
        if (payment.refunded + req.amount > payment.amount) throw new PermanentError('Sandbox: refund is more than what is left of the payment');
        payment.refunded += req.amount;
      }
      const refundId = await derivedId('re_sbx_', 'refund', req.idempotencyKey);
      refunds.set(req.idempotencyKey, { processorPaymentId: req.processorPaymentId, amount: req.amount, refundId });
      return { refundId };
    },

    async parseWebhook(rawBody, headers, now) {
      await verifyStripeSignature(rawBody, headers.get('stripe-signature'), await webhookKey(), now);
      return parseStripeEvent(rawBody);
    },

    async describeCard(token) {
      const parsed = parseToken(token);
      // The message never repeats the token: it may be a card number pasted in the wrong place.
      if (!parsed) throw new UnknownCardError('Sandbox: not a card token this sandbox made');
      return parsed.card;
    },

    async createCardSetup(req) {
      if (!req.idempotencyKey || req.idempotencyKey.length > 255) throw new PermanentError('Idempotency key must be 1–255 characters');
      const fingerprint = JSON.stringify([req.customerId ?? null, Object.entries(req.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
      const previous = setups.get(req.idempotencyKey);
      if (previous !== undefined && previous !== fingerprint) throw new PermanentError('Sandbox: idempotency key reused with different parameters');
      setups.set(req.idempotencyKey, fingerprint);
      // Derived from the key like payment ids, so a retry gets the same setup, as from Stripe.
      const id = (await hmacSha256Hex(secret, `payments/sandbox/v1:setup:${req.idempotencyKey}`)).slice(0, 24);
      const clientSecret = (await hmacSha256Hex(secret, `payments/sandbox/v1:setup-secret:${req.idempotencyKey}`)).slice(0, 24);
      return { clientSecret: `sbx_setup_${id}_secret_${clientSecret}`, setupId: `seti_sbx_${id}` };
    },

    async createCustomer(req) {
      if (!req.idempotencyKey || req.idempotencyKey.length > 255) throw new PermanentError('Idempotency key must be 1–255 characters');
      // Derived from the key: the same borrower always gets the same sandbox customer.
      return { customerId: `cus_sbx_${(await hmacSha256Hex(secret, `payments/sandbox/v1:customer:${req.idempotencyKey}`)).slice(0, 24)}` };
    },

    async deleteCustomer(customerId) {
      // Any id in createCustomer's shape: those ids are derived, never stored, so there is nothing
      // to forget, and one made before a restart or on another host is deleted all the same (and
      // twice is fine, as on Stripe). Anything else is not this sandbox's customer.
      if (typeof customerId !== 'string' || !/^cus_sbx_[0-9a-f]{24}$/.test(customerId)) throw new PermanentError('Sandbox: not a customer id this sandbox makes');
    },

    async signWebhook(payload, now) {
      return stripeSignatureHeader(await webhookKey(), payload, now);
    },
  };
}

export function isSandboxProcessor(processor: PaymentProcessor): processor is SandboxPaymentProcessor {
  return processor.provider === 'sandbox' && typeof (processor as Partial<SandboxPaymentProcessor>).tokenizeCard === 'function';
}

/** Stripe's brand names, from the issuer prefixes (IIN ranges). */
function brandOf(number: string): string {
  if (/^3[47]/.test(number)) return 'amex';
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(number)) return 'mastercard';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  return 'unknown';
}

// ---- The card page ----

/**
 * The sandbox's own card page, served by the app inside an iframe in place of Stripe's. It posts
 * JSON `{number, expiryMonth, expiryYear, cvc, postalCode}` (fetch, same origin, credentials
 * included) to `postUrl`, which should answer with tokenizeCard's result as JSON (any status), and
 * shows every field's error at once. On success it clears the form and sends `{type: 'card-token',
 * card}` to the parent window at `parentOrigin` only; the parent should check `event.origin` too.
 * Whenever its content changes height it sends `{type: 'card-frame-height', height}` (CSS pixels)
 * the same way, so the parent can size the frame to fit it (nothing scrolls inside the frame).
 *
 * No inline handlers: the one script carries `nonce` (so does the style), and reads its settings
 * from data attributes. Serve it with a CSP whose frame-ancestors allows `parentOrigin`.
 */
export function sandboxCardPage(opts: { nonce: string; parentOrigin: string; postUrl: string }): string {
  if (!/^[A-Za-z0-9+/_=-]{8,}$/.test(opts.nonce)) throw new Error('sandboxCardPage: malformed nonce');
  let origin: string;
  try {
    origin = new URL(opts.parentOrigin).origin;
  } catch {
    origin = '';
  }
  // postMessage to the wrong origin would hand the token to someone else.
  if (!origin || origin === 'null' || origin !== opts.parentOrigin) throw new Error('sandboxCardPage: parentOrigin must be an origin, like https://portal.example');
  const nonce = escapeHtml(opts.nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Card details</title>
<style nonce="${nonce}">${CARD_PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>Card details</h1>
<form id="card-form" novalidate data-post-url="${escapeHtml(opts.postUrl)}" data-parent-origin="${escapeHtml(opts.parentOrigin)}">
  <p class="note">Test mode: no real card is charged. Use 4242 4242 4242 4242 with any future date and any 3 digits.</p>
  <div class="field">
    <label for="cc-number">Card number</label>
    <p id="cc-number-error" class="error" hidden></p>
    <input id="cc-number" name="number" type="text" inputmode="numeric" autocomplete="cc-number" autocapitalize="off" spellcheck="false" maxlength="23" required aria-describedby="cc-number-error">
  </div>
  <div class="field">
    <label for="cc-exp">Expiry date</label>
    <p id="cc-exp-hint" class="hint">Month and year, for example 04/29</p>
    <p id="cc-exp-error" class="error" hidden></p>
    <input id="cc-exp" name="expiry" type="text" inputmode="numeric" autocomplete="cc-exp" autocapitalize="off" spellcheck="false" maxlength="7" required aria-describedby="cc-exp-hint cc-exp-error">
  </div>
  <div class="field">
    <label for="cc-csc">Security code</label>
    <p id="cc-csc-hint" class="hint">The last 3 digits on the back of the card, or the 4 digits on the front of an American Express card</p>
    <p id="cc-csc-error" class="error" hidden></p>
    <input id="cc-csc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc" autocapitalize="off" spellcheck="false" maxlength="4" required aria-describedby="cc-csc-hint cc-csc-error">
  </div>
  <div class="field">
    <label for="cc-postal">ZIP code (optional)</label>
    <p id="cc-postal-error" class="error" hidden></p>
    <input id="cc-postal" name="postalCode" type="text" autocomplete="billing postal-code" autocapitalize="characters" spellcheck="false" maxlength="10" aria-describedby="cc-postal-error">
  </div>
  <p id="form-status" class="status" role="status" aria-live="polite"></p>
  <button id="card-submit" type="submit">Save card</button>
</form>
</main>
<script nonce="${nonce}">${sandboxCardPageScript}</script>
</body>
</html>
`;
}

const CARD_PAGE_STYLE = `
body{margin:0;padding:1rem;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
h1{margin:0 0 .75rem;font-size:1.25rem}
.note{margin:0 0 1rem;padding:.5rem .75rem;border-left:4px solid #8a5a00;background:#fff7e6}
.field{margin-bottom:1rem}
label{display:block;font-weight:600}
.hint{margin:0;color:#4a4a4a;font-size:.9rem}
.error{margin:0;color:#b00020;font-weight:600}
input{display:block;box-sizing:border-box;width:100%;max-width:20rem;padding:.5rem;font:inherit;border:2px solid #4a4a4a;border-radius:4px}
input[aria-invalid="true"]{border-color:#b00020}
input:focus,button:focus{outline:3px solid #1d70b8;outline-offset:2px}
button{padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#1a1a1a;border:0;border-radius:4px;cursor:pointer}
button[disabled]{opacity:.6;cursor:progress}
.status{min-height:1.5em;margin:0 0 .5rem}
`;

/** The card page's script: static text, settings from the form's data attributes. Also servable as a file. */
export const sandboxCardPageScript = `(function () {
  'use strict';
  var form = document.getElementById('card-form');
  var button = document.getElementById('card-submit');
  var status = document.getElementById('form-status');
  var postUrl = form.getAttribute('data-post-url');
  var parentOrigin = form.getAttribute('data-parent-origin');
  var ids = { number: 'cc-number', expiry: 'cc-exp', cvc: 'cc-csc', postalCode: 'cc-postal' };
  var busy = false;

  function field(name) { return document.getElementById(ids[name]); }

  // The frame is as tall as this page, never scrolled inside: the parent sizes it from this message.
  var lastHeight = 0;
  function postHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    parent.postMessage({ type: 'card-frame-height', height: height }, parentOrigin);
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(postHeight).observe(document.body);
  window.addEventListener('load', postHeight);
  postHeight();

  function setError(name, message) {
    var input = field(name);
    var error = document.getElementById(ids[name] + '-error');
    error.textContent = message || '';
    error.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function parseExpiry(value) {
    var m = /^\\s*(\\d{1,2})\\s*[\\/ -]?\\s*(\\d{2}|\\d{4})\\s*$/.exec(value);
    if (!m) return null;
    var year = Number(m[2]);
    return { month: Number(m[1]), year: year < 100 ? 2000 + year : year };
  }

  // Every field's message at once, the count in the status, focus on the first field with a problem.
  function showErrors(errors) {
    var first = null;
    var count = 0;
    Object.keys(ids).forEach(function (name) {
      var message = Object.prototype.hasOwnProperty.call(errors, name) && typeof errors[name] === 'string' ? errors[name] : '';
      setError(name, message);
      if (message) {
        count += 1;
        if (!first) first = field(name);
      }
    });
    status.textContent = count === 1 ? 'There is a problem with the card details.' : 'There are ' + count + ' problems with the card details.';
    if (first) first.focus();
    postHeight();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    Object.keys(ids).forEach(function (name) { setError(name, ''); });
    status.textContent = '';
    // An expiry that cannot be read goes as 0/0, so the processor reports it with everything else.
    var expiry = parseExpiry(field('expiry').value) || { month: 0, year: 0 };
    busy = true;
    button.disabled = true;
    status.textContent = 'Checking your card\\u2026';
    fetch(postUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        number: field('number').value,
        expiryMonth: expiry.month,
        expiryYear: expiry.year,
        cvc: field('cvc').value,
        postalCode: field('postalCode').value
      })
    })
      .then(function (res) { return res.json(); })
      .catch(function () { return null; })
      .then(function (result) {
        busy = false;
        button.disabled = false;
        if (result && result.ok === true && result.card && typeof result.card.token === 'string') {
          var c = result.card;
          form.reset();
          status.textContent = 'Card saved.';
          parent.postMessage({ type: 'card-token', card: { token: c.token, brand: c.brand, last4: c.last4, expiryMonth: c.expiryMonth, expiryYear: c.expiryYear } }, parentOrigin);
        } else if (result && result.ok === false && result.errors && typeof result.errors === 'object' && Object.keys(ids).some(function (name) { return typeof result.errors[name] === 'string'; })) {
          showErrors(result.errors);
        } else if (result && result.ok === false && typeof result.message === 'string') {
          status.textContent = result.message;
        } else {
          status.textContent = 'Your card could not be checked. Try again.';
        }
        postHeight();
      });
  });
})();
`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

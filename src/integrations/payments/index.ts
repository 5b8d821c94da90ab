/**
 * Taking a card payment. The card itself never reaches us: the borrower types it into the
 * processor's own page (an iframe), which hands back a token; we charge that token. Implementations:
 * Stripe (real, fetch) and the sandbox (offline, Stripe's well-known test card numbers).
 *
 * Amounts are integer cents. A decline is an outcome the borrower sees, not an error; errors are
 * TransientError (retry with the same idempotency key) or PermanentError (an operator must look).
 */

import { PermanentError } from '../../lib/delivery-errors';

export type ChargeOutcome =
  | { status: 'succeeded'; processorPaymentId: string }
  /** Accepted, not yet settled: a webhook (payment.succeeded / payment.failed) finishes it. */
  | { status: 'pending'; processorPaymentId: string }
  | {
      status: 'declined';
      /** The processor's record of the failed attempt, when it made one. */
      processorPaymentId: string | null;
      /** The processor's most specific reason: a Stripe decline code (insufficient_funds) or error code (expired_card). */
      code: string;
      /** Borrower-facing plain English, from declineMessage(code). */
      message: string;
    };

export interface ChargeRequest {
  /**
   * The same key for every attempt at the same payment: the processor answers a repeat with the
   * first attempt's result instead of charging again. Stripe keeps keys for at least 24 hours.
   */
  idempotencyKey: string;
  /** Cents, a positive integer. */
  amount: number;
  currency: 'usd';
  /** From the card page (CardToken.token) or a saved payment method: never a card number. */
  paymentMethodToken: string;
  /** Shown in the processor's dashboard. */
  description: string;
  /** Shown in the processor's dashboard and sent back in webhooks; no personal data. */
  metadata: Record<string, string>;
  /** The processor's customer the saved payment method is attached to (Stripe needs it for those). */
  customerId?: string;
}

export interface ProcessorEvent {
  /** The processor's event id: record it to ignore redeliveries. */
  id: string;
  type: 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'other';
  processorPaymentId: string | null;
  /** Borrower-facing, for payment.failed. */
  failureMessage?: string;
}

export interface PaymentProcessor {
  /** Recorded with each payment: "stripe", "sandbox". */
  readonly provider: string;
  /** Throws TransientError (retry with the same idempotency key) or PermanentError; a decline is an outcome, not an error. */
  charge(req: ChargeRequest): Promise<ChargeOutcome>;
  /** `amount` in cents, at most what is left unrefunded. Same errors as charge. */
  refund(req: { idempotencyKey: string; processorPaymentId: string; amount: number }): Promise<{ refundId: string }>;
  /** Verifies the signature and parses; throws WebhookSignatureError when it does not verify. */
  parseWebhook(rawBody: string, headers: Headers, now: Date): Promise<ProcessorEvent>;
  /**
   * The brand, last4 and expiry of a tokenized card (a card page token or a saved payment method),
   * as the processor has them: what we store and show for a saved card comes from here, never from
   * the browser. Throws UnknownCardError when the processor does not know the token or it is not a
   * card; otherwise the same errors as charge. No error message carries a card number.
   */
  describeCard(token: string): Promise<CardToken>;
  /**
   * Starts browser-side card capture (Stripe: a SetupIntent for off-session use, confirmed by
   * Stripe.js in the borrower's browser, so card data never reaches us and we stay at PCI SAQ A).
   * Hand `clientSecret` to that page only: never log or store it. The same idempotency key gets
   * the same setup. Pass customerId (the processor's customer) so the resulting payment method is
   * attached to it: Stripe lets an unattached payment method be used only once. Same errors as charge.
   */
  createCardSetup(opts: CardSetupRequest): Promise<CardSetup>;
  /** The processor's record of a borrower, which saved cards attach to (Stripe charges a saved card off-session only through one). */
  createCustomer(opts: { idempotencyKey: string; name: string; email?: string; metadata: Record<string, string> }): Promise<{ customerId: string }>;
  /**
   * Deletes the processor's customer (as made by createCustomer), with the name and email it
   * holds, and detaches its saved payment methods, so none of them can be charged again (a
   * privacy deletion). Permanent: it cannot be undone. Deleting a customer that is already gone
   * (deleted before, or unknown to the processor) is not an error, so a retry is always safe.
   * Otherwise the same errors as charge: TransientError (try again later) or PermanentError.
   */
  deleteCustomer(customerId: string): Promise<void>;
}

export interface CardSetupRequest {
  idempotencyKey: string;
  /** Shown in the processor's dashboard; no personal data. */
  metadata: Record<string, string>;
  /** The processor's customer the card will be saved to (Stripe: cus_…). */
  customerId?: string;
}

export interface CardSetup {
  /** For the browser's card form only (Stripe.js confirmSetup / confirmCardSetup). */
  clientSecret: string;
  /** The processor's id for the setup (Stripe: seti_…). */
  setupId: string;
}

/**
 * The processor does not know this card token, or it names something other than a card (a bank
 * account): the borrower should enter the card again. Retrying cannot help, so it is a
 * PermanentError too. Its message never repeats the token.
 */
export class UnknownCardError extends PermanentError {
  override name = 'UnknownCardError';
}

/** A webhook whose signature does not verify (or is stale, or is not an event at all): answer 400, do nothing. */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/**
 * A tokenized card: the token, never the number, with the details shown to the borrower. The card
 * page hands one to the portal, but the portal stores the details from describeCard.
 */
export interface CardToken {
  token: string;
  /** Stripe's spelling: visa, mastercard, amex, discover, unknown. */
  brand: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  /** From describeCard: the processor's customer the card is attached to (null when none, or a sandbox). */
  customerId?: string | null;
}

const GENERIC = 'Your card was declined.';
const PROCESSING = 'An error occurred while processing your card. Try again in a little while.';
const LIMIT = 'Your card has reached its spending limit. Try another card or contact your card issuer.';

/**
 * Stripe's decline codes (docs.stripe.com/declines/codes) and card error codes (error-codes), in
 * the words Stripe suggests showing. Lost, stolen, fraud and pickup declines read as a plain
 * decline, as Stripe advises: telling a fraudster why helps them.
 */
const MESSAGES: Record<string, string> = {
  card_declined: GENERIC,
  generic_decline: GENERIC,
  do_not_honor: GENERIC,
  do_not_try_again: GENERIC,
  call_issuer: GENERIC,
  no_action_taken: GENERIC,
  not_permitted: GENERIC,
  transaction_not_allowed: GENERIC,
  restricted_card: GENERIC,
  security_violation: GENERIC,
  service_not_allowed: GENERIC,
  stop_payment_order: GENERIC,
  revocation_of_authorization: GENERIC,
  revocation_of_all_authorizations: GENERIC,
  new_account_information_available: GENERIC,
  invalid_account: GENERIC,
  invalid_amount: GENERIC,
  lost_card: GENERIC,
  stolen_card: GENERIC,
  pickup_card: GENERIC,
  fraudulent: GENERIC,
  merchant_blacklist: GENERIC,
  blocked: GENERIC,
  insufficient_funds: 'Your card has insufficient funds.',
  card_velocity_exceeded: LIMIT,
  withdrawal_count_limit_exceeded: LIMIT,
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  invalid_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  invalid_number: 'Your card number is incorrect.',
  invalid_expiry_month: "Your card's expiration date is incorrect.",
  invalid_expiry_year: "Your card's expiration date is incorrect.",
  incorrect_zip: "Your card's ZIP code is incorrect.",
  incorrect_pin: GENERIC,
  processing_error: PROCESSING,
  try_again_later: PROCESSING,
  issuer_not_available: PROCESSING,
  reenter_transaction: PROCESSING,
  approve_with_id: PROCESSING,
  authentication_required: 'Your bank needs you to approve this payment. Make the payment while you are signed in so you can confirm it.',
  card_not_supported: 'Your card does not support this type of payment. Try another card.',
  currency_not_supported: 'Your card does not support payments in this currency. Try another card.',
  duplicate_transaction: 'A payment for the same amount was just made with this card. Check your statement before trying again.',
  testmode_decline: 'This is a test card: it cannot be used for a real payment.',
  invalid_token: 'Your card details could not be used. Enter your card again.',
  canceled: 'This payment was canceled.',
};

/** A borrower-facing sentence for a processor decline or card error code; unknown codes read as a plain decline. */
export function declineMessage(code: string): string {
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code]! : GENERIC;
}

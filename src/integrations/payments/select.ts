import type { PaymentProcessor } from './index';
import { sandboxProcessor } from './sandbox';
import { stripeProcessor } from './stripe';

/** The settings paymentProcessorFor reads; a structural slice of Config so either host can pass its own. */
export interface PaymentProcessorConfig {
  PAYMENT_PROCESSOR?: 'sandbox' | 'stripe';
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** https://api.stripe.com unless set (a loopback server in tests). */
  STRIPE_BASE_URL?: string;
  /** Keys the sandbox's payment ids and webhook signatures. */
  TOKEN_SECRET: string;
}

/**
 * The configured card processor; both hosts choose through here. Sandbox unless PAYMENT_PROCESSOR
 * says stripe. The sandbox one also has tokenizeCard and signWebhook (see isSandboxProcessor).
 */
export function paymentProcessorFor(config: PaymentProcessorConfig, clock: { now(): Date }, doFetch: typeof fetch = fetch): PaymentProcessor {
  if (config.PAYMENT_PROCESSOR === 'stripe') {
    const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_BASE_URL: baseUrl } = config;
    // Fail at startup, not on the first borrower's payment.
    if (!secretKey || !webhookSecret) throw new Error('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: required when PAYMENT_PROCESSOR is stripe');
    if (!/^(sk|rk)_(test|live)_/.test(secretKey)) throw new Error('STRIPE_SECRET_KEY: must be a secret (sk_) or restricted (rk_) key, never the publishable key');
    return stripeProcessor({ secretKey, webhookSecret, ...(baseUrl ? { baseUrl } : {}), fetch: doFetch });
  }
  return sandboxProcessor({ secret: config.TOKEN_SECRET, clock });
}

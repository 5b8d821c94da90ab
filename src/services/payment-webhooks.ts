import { findPaymentTenant } from '../db/platform';
import { forTenant } from '../db/tenant';
import type { AppDeps } from '../env';
import { WebhookSignatureError } from '../integrations/payments';
import { settleCardPayment } from './payments';
import { tenantUrl } from './tenant-url';

export type WebhookResult = 'processed' | 'ignored' | 'bad-signature' | 'unknown-payment';

/** A processor's signed word on a card payment that was pending: completes or fails it. */
export async function handlePaymentWebhook(deps: Pick<AppDeps, 'db' | 'processor' | 'queue' | 'clock' | 'config' | 'logger'>, rawBody: string, headers: Headers): Promise<WebhookResult> {
  const now = deps.clock.now();
  let event;
  try {
    event = await deps.processor.parseWebhook(rawBody, headers, now);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      deps.logger.warn('payment webhook refused', { reason: error.message });
      return 'bad-signature';
    }
    throw error;
  }
  if ((event.type !== 'payment.succeeded' && event.type !== 'payment.failed') || !event.processorPaymentId) return 'ignored';
  const tenant = await findPaymentTenant(deps.db, event.processorPaymentId);
  // It may have arrived before we recorded the processor's id for the payment: let the processor retry.
  if (!tenant) return 'unknown-payment';
  const outcome = event.type === 'payment.succeeded' ? { succeeded: true as const } : { succeeded: false as const, message: event.failureMessage ?? 'Your card was declined.' };
  await settleCardPayment(forTenant(deps.db, tenant.id), tenant, { processor: deps.processor, queue: deps.queue, portalUrl: (path) => tenantUrl(deps.config, tenant.slug, path) }, event.processorPaymentId, outcome, now);
  return 'processed';
}

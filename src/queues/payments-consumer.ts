import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import { forTenant } from '../db/tenant';
import type { Config } from '../env';
import type { PaymentProcessor } from '../integrations/payments';
import type { Clock } from '../lib/clock';
import { PermanentError } from '../lib/delivery-errors';
import { ServiceError } from '../services/errors';
import { processPayment } from '../services/payments';
import { tenantUrl } from '../services/tenant-url';
import type { Handler } from './dispatch';
import type { QueueProducer } from './messages';

/** Processes one payment per message; processPayment is safe to repeat, so redeliveries are harmless. */
export function paymentsConsumer(deps: { db: Db; processor: PaymentProcessor; queue: QueueProducer; clock: Clock; config: Config }): Handler<'payments'> {
  return async (message, ctx) => {
    const tenant = await tenantsRepo(deps.db).findById(message.tenantId);
    if (!tenant) throw new PermanentError(`unknown tenant ${message.tenantId}`);
    try {
      const status = await processPayment(forTenant(deps.db, tenant.id), tenant, { processor: deps.processor, queue: deps.queue, portalUrl: (path) => tenantUrl(deps.config, tenant.slug, path) }, message.paymentId, deps.clock.now());
      ctx.logger.info('payment processed', { paymentId: message.paymentId, status });
    } catch (error) {
      if (error instanceof ServiceError) throw new PermanentError(error.message);
      throw error;
    }
  };
}

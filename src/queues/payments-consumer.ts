import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import { forTenant } from '../db/tenant';
import type { Config } from '../env';
import type { PaymentProcessor } from '../integrations/payments';
import type { Clock } from '../lib/clock';
import { PermanentError } from '../lib/delivery-errors';
import { ServiceError } from '../services/errors';
import { processPayment } from '../services/payments';
import { runAutopay } from '../services/autopay';
import { tenantUrl } from '../services/tenant-url';
import type { Handler } from './dispatch';
import type { QueueProducer } from './messages';

/** One payment, or one AutoPay's run, per message; both are safe to repeat, so redeliveries are harmless. */
export function paymentsConsumer(deps: { db: Db; processor: PaymentProcessor; queue: QueueProducer; clock: Clock; config: Config }): Handler<'payments'> {
  return async (message, ctx) => {
    const tenant = await tenantsRepo(deps.db).findById(message.tenantId);
    if (!tenant) throw new PermanentError(`unknown tenant ${message.tenantId}`);
    const tdb = forTenant(deps.db, tenant.id);
    const portalUrl = (path: string) => tenantUrl(deps.config, tenant.slug, path);
    try {
      if (message.kind === 'run-autopay') {
        const outcome = await runAutopay(tdb, tenant, { queue: deps.queue, portalUrl }, message.autopayId, message.runDate, deps.clock.now());
        ctx.logger.info('autopay run', { autopayId: message.autopayId, runDate: message.runDate, outcome });
        return;
      }
      const status = await processPayment(tdb, tenant, { processor: deps.processor, queue: deps.queue, portalUrl }, message.paymentId, deps.clock.now());
      ctx.logger.info('payment processed', { paymentId: message.paymentId, status });
    } catch (error) {
      if (error instanceof ServiceError) throw new PermanentError(error.message);
      throw error;
    }
  };
}

import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import type { Tenant } from '../db/schema';
import { forTenant } from '../db/tenant';
import { localDate } from '../domain/dates';
import type { Config } from '../env';
import type { QueueProducer } from '../queues/messages';
import { runDueAutopays } from './autopay';
import { completeSettledBankPayments, enqueuePayment } from './payments';
import { tenantUrl } from './tenant-url';

/**
 * The payments cron, hourly so each tenant's day starts on time in its own zone: scheduled
 * payments whose day has come go to the payments queue, AutoPays due today make their payments,
 * and bank debits past their return window count as completed. Each step is safe to repeat.
 */
export async function runPaymentJobs(deps: { db: Db; queue: QueueProducer; config: Config }, now: Date) {
  let scheduled = 0;
  let settled = 0;
  for (const tenant of await tenantsRepo(deps.db).listActive()) {
    const tdb = forTenant(deps.db, tenant.id);
    for (const p of await tdb.payments.dueBy(localDate(now, tenant.timeZone))) {
      await enqueuePayment(deps.queue, tenant.id, p);
      scheduled++;
    }
    settled += await completeSettledBankPayments(tdb, tenant, now);
  }
  const autopay = await runDueAutopays({ db: deps.db, queue: deps.queue, portalUrl: (t: Tenant, path: string) => tenantUrl(deps.config, t.slug, path) }, now);
  return { scheduled, settled, autopay };
}

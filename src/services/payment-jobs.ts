import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import { forTenant } from '../db/tenant';
import { localDate } from '../domain/dates';
import type { QueueProducer } from '../queues/messages';
import { fanOutDueAutopays } from './autopay';
import { completeSettledBankPayments, enqueuePayment } from './payments';
import { issueDueStatements } from './servicing';

/**
 * The payments cron, hourly so each tenant's day starts on time in its own zone: scheduled
 * payments whose day has come go to the payments queue, so do the AutoPays due today (one message each),
 * bank debits past their return window count as completed, and lines' closed cycles get their
 * statements. Each step is safe to repeat.
 */
export async function runPaymentJobs(deps: { db: Db; queue: QueueProducer }, now: Date) {
  let scheduled = 0;
  let settled = 0;
  let statements = 0;
  for (const tenant of await tenantsRepo(deps.db).listActive()) {
    const tdb = forTenant(deps.db, tenant.id);
    for (const p of await tdb.payments.dueBy(localDate(now, tenant.timeZone))) {
      await enqueuePayment(deps.queue, tenant.id, p);
      scheduled++;
    }
    settled += await completeSettledBankPayments(tdb, tenant, now);
    statements += await issueDueStatements(tdb, tenant, now);
  }
  const autopay = await fanOutDueAutopays(deps, now);
  return { scheduled, settled, statements, autopay };
}

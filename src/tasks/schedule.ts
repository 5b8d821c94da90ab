import type { Db } from '../db/client';
import { purgeExpired } from '../db/maintenance';
import type { Config } from '../env';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { QueueProducer } from '../queues/messages';
import { runPaymentJobs } from '../services/payment-jobs';

export interface TaskDeps {
  db: Db;
  queue: QueueProducer;
  clock: Clock;
  logger: Logger;
  config: Config;
}

export interface ScheduledTask {
  name: string;
  /** UTC cron; the same strings are listed in wrangler.toml [triggers] (a test keeps them equal). */
  cron: string;
  run(deps: TaskDeps): Promise<Record<string, unknown>>;
}

export const scheduledTasks: ScheduledTask[] = [
  {
    name: 'purge-expired',
    cron: '17 3 * * *',
    run: async (deps) => ({ ...(await purgeExpired(deps.db, deps.clock.now(), { deadJobRetentionDays: deps.config.DEAD_JOB_RETENTION_DAYS })) }),
  },
  {
    // Hourly: each tenant's new day begins at a different UTC hour.
    name: 'payments',
    cron: '7 * * * *',
    run: async (deps) => ({ ...(await runPaymentJobs(deps, deps.clock.now())) }),
  },
];

/** Runs every task scheduled under this cron string; one failing task does not stop the others. */
export async function runScheduled(cron: string, deps: TaskDeps, tasks: ScheduledTask[] = scheduledTasks): Promise<void> {
  const due = tasks.filter((t) => t.cron === cron);
  if (due.length === 0) deps.logger.warn('no task is scheduled under this cron', { cron });
  const errors: unknown[] = [];
  for (const task of due) {
    const log = deps.logger.child({ task: task.name, cron });
    try {
      const result = await task.run(deps);
      log.info('scheduled task done', { result });
    } catch (err) {
      log.error('scheduled task failed', { err });
      errors.push(err);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} scheduled task(s) failed`);
}

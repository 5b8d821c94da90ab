import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, type Job } from '../db/schema';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import type { Logger } from '../lib/logger';
import { defaultRetryPolicy, dispatch, type Delivery, type Handlers, type RetryPolicy } from './dispatch';
import { isQueueName, type QueueName, type QueueProducer } from './messages';

export interface JobQueueOptions {
  clock: Clock;
  /** A claimed job not acked within this time is delivered again (its consumer is presumed dead). */
  visibilityTimeoutMs: number;
  /** Identifies this consumer in locked_by; acks from a consumer that lost its lock are ignored. */
  workerId?: string;
  batchSize?: number;
  policy?: RetryPolicy;
}

/**
 * The Node host's durable queue: rows in the jobs table, claimed atomically with a lease.
 * Same semantics as Cloudflare Queues: at-least-once, retry with delay, dead letters kept.
 */
export function createJobQueue(db: Db, opts: JobQueueOptions) {
  const workerId = opts.workerId ?? `node-${newId()}`;
  const batchSize = opts.batchSize ?? 10;
  const now = () => opts.clock.now();

  const producer: QueueProducer = {
    async send(queue, message, sendOpts) {
      const t = now();
      await db.insert(jobs).values({
        id: newId(),
        queue,
        body: JSON.stringify(message),
        status: 'pending',
        runAt: new Date(t.getTime() + (sendOpts?.delaySeconds ?? 0) * 1000),
        createdAt: t,
        updatedAt: t,
      });
    },
    async sendBatch(queue, messages) {
      const t = now();
      // Chunks keep each statement well under SQLite's bound-parameter limit.
      for (let i = 0; i < messages.length; i += 500) {
        const chunk = messages.slice(i, i + 500);
        await db.insert(jobs).values(chunk.map((message) => ({ id: newId(), queue, body: JSON.stringify(message), status: 'pending' as const, runAt: t, createdAt: t, updatedAt: t })));
      }
    },
  };

  const maxAttempts = (opts.policy ?? defaultRetryPolicy).maxAttempts;

  /** One statement claims the batch, so two consumers can never take the same job at once. */
  async function claim(limit = batchSize): Promise<Job[]> {
    const t = now().getTime();
    // A job whose lease keeps expiring crashes or hangs its consumer: stop redelivering it.
    await db
      .update(jobs)
      .set({ status: 'dead', lockedUntil: null, updatedAt: new Date(t), lastError: sql`coalesce(${jobs.lastError} || '; ', '') || 'consumer crashed or timed out on every attempt'` })
      .where(and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, new Date(t)), gte(jobs.attempts, maxAttempts)));
    const rows = await db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedUntil: new Date(t + opts.visibilityTimeoutMs),
        lockedBy: workerId,
        updatedAt: new Date(t),
      })
      .where(
        sql`${jobs.id} IN (SELECT ${jobs.id} FROM ${jobs} WHERE (${jobs.status} = 'pending' AND ${jobs.runAt} <= ${t})
          OR (${jobs.status} = 'running' AND ${jobs.lockedUntil} <= ${t}) ORDER BY ${jobs.runAt} LIMIT ${limit})`,
      )
      .returning();
    return rows;
  }

  const ours = (id: string) => and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running'));

  async function renew(id: string): Promise<boolean> {
    const t = now().getTime();
    const rows = await db.update(jobs).set({ lockedUntil: new Date(t + opts.visibilityTimeoutMs), updatedAt: new Date(t) }).where(ours(id)).returning({ id: jobs.id });
    return rows.length === 1;
  }

  function toDelivery(job: Job & { queue: QueueName }): Delivery {
    const queue = job.queue;
    let body: unknown;
    try {
      body = JSON.parse(job.body);
    } catch {
      body = job.body;
    }
    const settle = async (set: Partial<typeof jobs.$inferInsert>) => {
      await db.update(jobs).set({ ...set, lockedUntil: null, updatedAt: now() }).where(ours(job.id));
    };
    return {
      id: job.id,
      queue,
      body,
      attempt: job.attempts,
      ack: () => settle({ status: 'done', lastError: null }),
      retry: (delaySeconds, error) =>
        settle({ status: 'pending', runAt: new Date(now().getTime() + delaySeconds * 1000), lastError: error }),
      deadLetter: (error) => settle({ status: 'dead', lastError: error }),
    };
  }

  async function pollOnce(handlers: Handlers, logger: Logger): Promise<number> {
    const claimed = await claim();
    if (claimed.length === 0) return 0;
    const known = claimed.filter((j): j is Job & { queue: QueueName } => isQueueName(j.queue));
    for (const j of claimed.filter((j) => !isQueueName(j.queue))) {
      // A row for a queue this build does not know: keep it, visibly dead.
      await db.update(jobs).set({ status: 'dead', lastError: `unknown queue ${j.queue}`, lockedUntil: null, updatedAt: now() }).where(ours(j.id));
    }
    for (const [i, job] of known.entries()) {
      // Later jobs of the batch get a fresh lease when their turn comes, so none expires while it waits.
      if (i > 0 && !(await renew(job.id))) continue;
      await dispatch([toDelivery(job)], handlers, logger, opts.policy);
    }
    return claimed.length;
  }

  return {
    producer,
    workerId,
    claim,
    toDelivery,
    pollOnce,
    /** Process until nothing is ready (tests, scripts). */
    async drain(handlers: Handlers, logger: Logger, maxRounds = 100): Promise<number> {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await pollOnce(handlers, logger);
        if (n === 0) break;
        total += n;
      }
      return total;
    },
    /** Poll in the background; returns a function that stops polling and waits for the current round. */
    start(handlers: Handlers, logger: Logger, intervalMs = 500): () => Promise<void> {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let current: Promise<unknown> = Promise.resolve();
      const tick = () => {
        current = (async () => {
          try {
            while (!stopped && (await pollOnce(handlers, logger)) > 0);
          } catch (err) {
            logger.error('job poll failed', { err });
          }
          if (!stopped) timer = setTimeout(tick, intervalMs);
        })();
      };
      tick();
      return async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await current;
      };
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;

/** Keep a message that could not be delivered, with its last error (used by the Worker's dead-letter path). */
export async function recordDeadLetter(
  db: Db,
  input: { id: string; queue: string; body: unknown; attempts: number; error: string },
  now: Date,
): Promise<void> {
  await db
    .insert(jobs)
    .values({
      id: input.id,
      queue: input.queue,
      body: JSON.stringify(input.body),
      status: 'dead',
      attempts: input.attempts,
      runAt: now,
      lastError: input.error,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({ target: jobs.id, set: { status: 'dead', attempts: input.attempts, lastError: input.error, updatedAt: now } });
}

import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, type Job } from '../db/schema';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { settlesWithin } from '../lib/settles-within';
import type { Logger } from '../lib/logger';
import { defaultRetryPolicy, dispatch, type Delivery, type Handlers, type RetryPolicy } from './dispatch';
import { isQueueName, type QueueName, type QueueProducer } from './messages';

/** Pauses before trying a failed ack, retry or dead-letter update again. */
const SETTLE_PAUSES_MS = [50, 250, 1000];

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
    // The handler's work is done by now: a settle that fails on a passing fault (a lock held by
    // another process) is tried again shortly rather than left to the lease, which would run the
    // job again (or, on its last attempt, dead-letter it).
    const settle = async (set: Partial<typeof jobs.$inferInsert>) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await db.update(jobs).set({ ...set, lockedUntil: null, updatedAt: now() }).where(ours(job.id));
          return;
        } catch (err) {
          if (attempt >= SETTLE_PAUSES_MS.length) throw err;
          await new Promise((r) => setTimeout(r, SETTLE_PAUSES_MS[attempt]));
        }
      }
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

  /** Claimed jobs never handed to a handler go back in line as if never claimed (not waiting out the lease). */
  async function release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db
      .update(jobs)
      .set({ status: 'pending', attempts: sql`max(${jobs.attempts} - 1, 0)`, lockedUntil: null, lockedBy: null, updatedAt: now() })
      .where(and(inArray(jobs.id, ids), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')));
  }

  /** Ends this consumer's leases at once, so a job still running at shutdown is redelivered without waiting out its lease. */
  async function releaseLeases(): Promise<void> {
    await db.update(jobs).set({ lockedUntil: now(), updatedAt: now() }).where(and(eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')));
  }

  /**
   * Claims a batch and runs it one job at a time. If the round fails (a lease or settle query
   * failed) or the consumer is stopping, the jobs not yet started are released before it returns.
   */
  async function pollOnce(handlers: Handlers, logger: Logger, round: { stopping?: () => boolean } = {}): Promise<number> {
    const claimed = await claim();
    if (claimed.length === 0) return 0;
    const notStarted = new Set(claimed.map((j) => j.id));
    try {
      for (const [i, job] of claimed.entries()) {
        if (round.stopping?.()) break;
        if (!isQueueName(job.queue)) {
          notStarted.delete(job.id);
          // A row for a queue this build does not know: keep it, visibly dead.
          await db.update(jobs).set({ status: 'dead', lastError: `unknown queue ${job.queue}`, lockedUntil: null, updatedAt: now() }).where(ours(job.id));
          continue;
        }
        // Later jobs of the batch get a fresh lease when their turn comes, so none expires while it waits.
        const stillOurs = i === 0 || (await renew(job.id));
        notStarted.delete(job.id);
        if (!stillOurs) continue;
        await dispatch([toDelivery(job as Job & { queue: QueueName })], handlers, logger, opts.policy);
      }
    } finally {
      if (notStarted.size > 0) {
        await release([...notStarted]).catch((err) =>
          logger.warn('claimed jobs could not be released; they run again when their lease ends', { err, jobs: notStarted.size }),
        );
      }
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
    /**
     * Poll in the background. A failed round is logged with its cause and retried after a pause
     * that doubles with each failure in a row, up to maxBackoffMs; the first good round resets it.
     * Returns stop(graceMs): no new job starts, the one running may finish within graceMs, and a
     * job still running after that has its lease ended so it is redelivered promptly.
     */
    start(handlers: Handlers, logger: Logger, intervalMs = 500, startOpts: { maxBackoffMs?: number } = {}): (graceMs?: number) => Promise<void> {
      const maxBackoffMs = startOpts.maxBackoffMs ?? 10_000;
      let stopped = false;
      let wake = () => {};
      const pause = (ms: number) =>
        new Promise<void>((done) => {
          const timer = setTimeout(done, ms);
          wake = () => {
            clearTimeout(timer);
            done();
          };
        });
      const loop = async () => {
        let failures = 0;
        while (!stopped) {
          let delay = intervalMs;
          try {
            const n = await pollOnce(handlers, logger, { stopping: () => stopped });
            failures = 0;
            if (n > 0) continue; // more may be ready
          } catch (err) {
            failures++;
            delay = pollBackoffMs(failures, intervalMs, maxBackoffMs);
            try {
              logger.error('job poll failed', { err, failures, retryInMs: delay });
            } catch {
              // A logger that throws must not stop the consumer.
            }
          }
          if (!stopped) await pause(delay);
        }
      };
      const running = loop();
      return async (graceMs = Infinity) => {
        stopped = true;
        wake();
        if (await settlesWithin(running, graceMs)) return;
        logger.warn('consumer stopped with a job still running; its lease is released for redelivery', { graceMs });
        await releaseLeases().catch((err) => logger.error('could not release the running job’s lease', { err }));
      };
    },
  };
}

/** Pause before the next poll after `failures` failed rounds in a row: interval, 2×, 4×… capped. */
export function pollBackoffMs(failures: number, intervalMs: number, maxMs: number): number {
  return Math.min(maxMs, intervalMs * 2 ** Math.max(0, failures - 1));
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

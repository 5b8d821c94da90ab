import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe } from 'vitest';
import { jobs } from '../../src/db/schema';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createJobQueue } from '../../src/queues/job-table';
import { tempDb } from '../support/node-host';
import { queueContract, type QueueHarness } from './queue-contract';

describe('queue contract: Node jobs table', () => {
  let env: Awaited<ReturnType<typeof tempDb>>;
  beforeAll(async () => {
    env = await tempDb();
  });
  afterAll(() => env.cleanup());

  queueContract((): QueueHarness => ({
    async deliver(queue, body, attempt, handlers) {
      const clock = fixedClock('2026-11-22T10:00:00Z');
      const q = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000 });
      const id = `job-${Math.random().toString(36).slice(2)}`;
      const t = clock.now();
      // A job that has already been tried attempt-1 times.
      await env.db.insert(jobs).values({ id, queue, body: JSON.stringify(body), status: 'pending', attempts: attempt - 1, runAt: t, createdAt: t, updatedAt: t });
      // Claim only this job: others from earlier cases are settled already.
      await q.pollOnce(handlers, silentLogger);
      const row = (await env.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
      if (row.status === 'done') return { acked: true };
      if (row.status === 'dead') return { acked: false, dead: { lastError: row.lastError ?? '' } };
      return { acked: false, retryDelaySeconds: (row.runAt.getTime() - t.getTime()) / 1000 };
    },
  }));
});

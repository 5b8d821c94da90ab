// Enqueue and drain rates of the Node jobs-table queue (libSQL file) with a no-op email handler: the queue's own overhead per message.
import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import { jobs } from '../src/db/schema';
import { systemClock } from '../src/lib/clock';
import { silentLogger } from '../src/lib/logger';
import type { Handlers } from '../src/queues/dispatch';
import { createJobQueue } from '../src/queues/job-table';
import { tempDb } from '../test/support/node-host';
import { BenchFailure, fixed, type Benchmark, type Table } from './report';

const N = 2000;
const BATCH_SIZE = 10; // createJobQueue's default

export const queueNode: Benchmark = {
  name: 'queue',
  what: `Node jobs-table queue: enqueue ${N} email messages one by one, then drain() them with a no-op handler`,
  async run(): Promise<Table[]> {
    const { db, cleanup } = await tempDb();
    try {
      const queue = createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: 30_000, batchSize: BATCH_SIZE });
      const handlers: Handlers = { email: async () => {} };

      let t = performance.now();
      for (let i = 0; i < N; i++) {
        await queue.producer.send('email', { id: randomUUID(), tenantId: 'bench-tenant', to: 'a@example.com', template: 'test', data: { note: '' } });
      }
      const enqueueMs = performance.now() - t;

      t = performance.now();
      const drained = await queue.drain(handlers, silentLogger, Math.ceil(N / BATCH_SIZE) + 10);
      const drainMs = performance.now() - t;

      const statuses = await db.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status);
      const byStatus = statuses.map((s) => `${s.status}=${s.n}`).join(' ');
      const table: Table = {
        title: `Node jobs-table queue (libSQL file, batch size ${BATCH_SIZE}, ${N} messages)`,
        columns: ['phase', 'messages', 'total ms', 'ms/msg', 'msgs/s'],
        rows: [
          ['enqueue (sequential send)', N, Math.round(enqueueMs), fixed(enqueueMs / N, 3), Math.round((N / enqueueMs) * 1000)],
          ['drain (claim + dispatch + ack)', drained, Math.round(drainMs), fixed(drainMs / Math.max(1, drained), 3), Math.round((drained / drainMs) * 1000)],
        ],
        notes: [`jobs after drain: ${byStatus}`],
      };
      const done = statuses.find((s) => s.status === 'done')?.n ?? 0;
      if (drained !== N || done !== N) throw new BenchFailure(`expected ${N} jobs drained and done, got drained=${drained}, ${byStatus}`, [table]);
      return [table];
    } finally {
      cleanup();
    }
  },
};

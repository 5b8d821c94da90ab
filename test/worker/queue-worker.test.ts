import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { createClient } from '@libsql/client/web';
import { describe } from 'vitest';
import { handleQueueBatch, type Env } from '../../src/platform/worker';
import { queueContract, type QueueHarness } from '../contracts/queue-contract';

const workerEnv = env as unknown as Env;
const cfName = { email: 'portal-email', payments: 'portal-payments', sync: 'portal-sync' } as const;

describe('queue contract: Cloudflare Queues (workerd)', () => {
  const db = createClient({ url: workerEnv.DATABASE_URL, authToken: workerEnv.DATABASE_AUTH_TOKEN });

  queueContract((): QueueHarness => ({
    async deliver(queue, body, attempt, handlers) {
      const id = `cf-${crypto.randomUUID()}`;
      const batch = createMessageBatch(cfName[queue], [{ id, timestamp: new Date(), attempts: attempt, body }]);
      const ctx = createExecutionContext();
      // The pool's queue result records which messages were retried but not their delay: observe it.
      const delays = new Map<string, number | undefined>();
      for (const m of batch.messages) {
        const retry = m.retry.bind(m);
        m.retry = (options?: QueueRetryOptions) => {
          delays.set(m.id, options?.delaySeconds);
          retry(options);
        };
      }
      await handleQueueBatch(batch, workerEnv, handlers);
      const result = await getQueueResult(batch, ctx);
      const dead = await db.execute({ sql: 'select last_error from jobs where id = ? and status = ?', args: [id, 'dead'] });
      const retried = result.retryMessages.some((m: { msgId: string }) => m.msgId === id);
      if (dead.rows.length > 0) {
        // Dead letters are acked on the platform queue and kept in the jobs table.
        return { acked: false, dead: { lastError: String(dead.rows[0]!.last_error) } };
      }
      if (retried) return { acked: false, retryDelaySeconds: delays.get(id) ?? 0 };
      return { acked: result.explicitAcks.includes(id) };
    },
  }));
});

import { createExecutionContext, createMessageBatch, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { createClient } from '@libsql/client/web';
import { describe, expect, inject, it } from 'vitest';
import worker, { handleQueueBatch, type Env } from '../../src/platform/worker';

const workerEnv = env as unknown as Env;

describe('Worker cron and dead-letter queues (workerd)', () => {
  const db = createClient({ url: workerEnv.DATABASE_URL, authToken: workerEnv.DATABASE_AUTH_TOKEN });
  const tenantId = inject('fixtures').alpha.id;

  it('scheduled() runs the purge task for its cron', async () => {
    const now = Date.now();
    const insert = 'insert into sessions (tenant_id, id, subject_type, subject_id, mfa_passed, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, 0, ?, ?, ?)';
    await db.execute({ sql: insert, args: [tenantId, 'cron-expired', 'customer', 'c1', now - 10_000, now - 10_000, now - 1_000] });
    await db.execute({ sql: insert, args: [tenantId, 'cron-live', 'customer', 'c1', now, now, now + 3_600_000] });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '17 3 * * *', scheduledTime: new Date(now) }), workerEnv, ctx);
    await waitOnExecutionContext(ctx);
    const left = await db.execute({ sql: "select id from sessions where id like 'cron-%'", args: [] });
    expect(left.rows.map((r) => r.id)).toEqual(['cron-live']);
  });

  it('keeps messages the platform moved to a dead-letter queue, visibly dead', async () => {
    const id = `dlq-${crypto.randomUUID()}`;
    const batch = createMessageBatch('portal-email-dlq', [{ id, timestamp: new Date(), attempts: 9, body: { id: 'm', tenantId } }]);
    await handleQueueBatch(batch, workerEnv);
    const row = await db.execute({ sql: 'select status, queue, attempts, last_error from jobs where id = ?', args: [id] });
    expect(row.rows[0]).toMatchObject({ status: 'dead', queue: 'email', attempts: 9 });
    expect(String(row.rows[0]!.last_error)).toContain('exhausted');
  });
});

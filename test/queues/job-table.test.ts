import { parseConfig } from '../../src/env';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { emails, jobs } from '../../src/db/schema';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { fixedClock, systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { emailConsumer } from '../../src/queues/email-consumer';
import { defaultRetryPolicy } from '../../src/queues/dispatch';
import { createJobQueue } from '../../src/queues/job-table';
import type { QueueMessage } from '../../src/queues/messages';
import { useSeededDb } from '../support/node-host';

describe('Node jobs-table queue', () => {
  const env = useSeededDb();

  const message = (id: string): QueueMessage<'email'> => ({ id, tenantId: env.fixtures.alpha.id, to: 'pat@alpha.example', template: 'test', data: { note: id } });
  const consumer = (clock = systemClock) => ({ email: emailConsumer({ db: env.db, sender: outboxEmailSender, clock, config: parseConfig({ APP_ENV: 'test' }) }) });
  const emailRows = (messageId: string) => env.db.select().from(emails).where(eq(emails.messageId, messageId));

  it('never hands the same job to two consumers claiming at once', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const a = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000, workerId: 'a', batchSize: 7 });
    const b = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000, workerId: 'b', batchSize: 7 });
    for (let i = 0; i < 40; i++) await a.producer.send('email', message(`m${i}`));
    const claimed = (await Promise.all([a.claim(), b.claim(), a.claim(), b.claim(), a.claim(), b.claim(), a.claim()])).flat();
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed.map((j) => j.id)).size).toBe(40);
  });

  it('does not deliver a delayed or retried job before its time', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const q = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000 });
    await q.producer.send('email', message('later'), { delaySeconds: 30 });
    expect(await q.claim()).toHaveLength(0);
    clock.advance(30_000);
    expect(await q.claim()).toHaveLength(1);
  });

  it('redelivers a job whose consumer stopped answering, and ignores that consumer’s late ack', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const stuck = createJobQueue(env.db, { clock, visibilityTimeoutMs: 10_000, workerId: 'stuck' });
    const healthy = createJobQueue(env.db, { clock, visibilityTimeoutMs: 10_000, workerId: 'healthy' });
    await stuck.producer.send('email', message('lease'));
    const [job] = await stuck.claim();
    expect(await healthy.claim()).toHaveLength(0); // still leased
    clock.advance(10_001);
    const [again] = await healthy.claim();
    expect(again?.id).toBe(job!.id);
    expect(again?.attempts).toBe(2);
    await stuck.toDelivery({ ...job!, queue: 'email' }).ack(); // too late: no longer its lease
    expect((await env.db.select().from(jobs).where(eq(jobs.id, job!.id)))[0]?.status).toBe('running');
    await healthy.toDelivery({ ...again!, queue: 'email' }).ack();
    expect((await env.db.select().from(jobs).where(eq(jobs.id, job!.id)))[0]?.status).toBe('done');
  });

  it('processes a message delivered twice only once in effect (one email)', async () => {
    const q = createJobQueue(env.db, { clock: systemClock, visibilityTimeoutMs: 60_000 });
    await q.producer.send('email', message('twice'));
    await q.producer.send('email', message('twice'));
    expect(await q.drain(consumer(), silentLogger)).toBe(2);
    expect(await emailRows('twice')).toHaveLength(1);
  });

  it('survives a consumer process killed mid-job: the job is delivered again and done once', async () => {
    const q = createJobQueue(env.db, { clock: systemClock, visibilityTimeoutMs: 60_000, workerId: 'survivor' });
    await q.producer.send('email', message('crash'));
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/crashing-consumer.ts', import.meta.url)), env.path, '400'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('handled') && resolve());
      child.on('exit', (code) => reject(new Error(`consumer exited early (${code}): ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const [row] = await env.db.select().from(jobs);
    expect(row).toMatchObject({ status: 'running', lockedBy: 'doomed', attempts: 1 });
    expect(await q.drain(consumer(), silentLogger)).toBe(0); // lease not yet expired
    await new Promise((r) => setTimeout(r, 450));
    expect(await q.drain(consumer(), silentLogger)).toBe(1);
    const [after] = await env.db.select().from(jobs);
    expect(after).toMatchObject({ status: 'done', attempts: 2, lockedBy: 'survivor' });
    expect(await emailRows('crash')).toHaveLength(1);
  }, 30_000);

  it('ends a job that keeps failing in the dead state with its last error', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const q = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000 });
    await q.producer.send('email', message('doomed'));
    let calls = 0;
    const failing = { email: async () => { calls++; throw new Error(`provider down (call ${calls})`); } };
    for (let i = 0; i < 12; i++) {
      await q.pollOnce(failing, silentLogger);
      clock.advance(3_600_000);
    }
    expect(calls).toBe(defaultRetryPolicy.maxAttempts);
    const [row] = await env.db.select().from(jobs);
    expect(row).toMatchObject({ status: 'dead', attempts: 8, lastError: 'Error: provider down (call 8)' });
  });

  it('dead-letters a job whose consumer crashes on every attempt, instead of redelivering it forever', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const q = createJobQueue(env.db, { clock, visibilityTimeoutMs: 1000 });
    await q.producer.send('email', message('poison'));
    for (let i = 0; i < defaultRetryPolicy.maxAttempts; i++) {
      expect(await q.claim()).toHaveLength(1); // claimed, then the consumer "dies" without settling
      clock.advance(1001);
    }
    expect(await q.claim()).toHaveLength(0);
    const [row] = await env.db.select().from(jobs);
    expect(row).toMatchObject({ status: 'dead', attempts: 8 });
    expect(row?.lastError).toContain('crashed or timed out');
  });

  it('fails a handler that hangs, and retries it later', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const q = createJobQueue(env.db, { clock, visibilityTimeoutMs: 60_000, policy: { ...defaultRetryPolicy, handlerTimeoutMs: 50 } });
    await q.producer.send('email', message('hang'));
    await q.pollOnce({ email: () => new Promise(() => {}) }, silentLogger);
    const [row] = await env.db.select().from(jobs);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toContain('did not finish within 0.05 s');
  });
});

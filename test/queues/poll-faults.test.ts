import { createClient, LibsqlError, type Client, type InStatement } from '@libsql/client';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { jobs } from '../../src/db/schema';
import { fixedClock, systemClock } from '../../src/lib/clock';
import { createLogger, silentLogger } from '../../src/lib/logger';
import { defaultRetryPolicy, type Handlers } from '../../src/queues/dispatch';
import { createJobQueue } from '../../src/queues/job-table';
import type { QueueMessage } from '../../src/queues/messages';
import { openLocalDb } from '../../src/platform/node';
import { useSeededDb } from '../support/node-host';

/** A client whose statements matching `when` throw `error` the first `times` times (a database that fails for a while). */
function failingClient(inner: Client, rule: { when: (sql: string, args: unknown[]) => boolean; times: number; error: () => Error }) {
  const state = { failures: 0 };
  const client = new Proxy(inner, {
    get(target, prop) {
      if (prop !== 'execute') {
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (stmt: InStatement) => {
        const text = typeof stmt === 'string' ? stmt : stmt.sql;
        const args = typeof stmt === 'string' || !Array.isArray(stmt.args) ? [] : (stmt.args as unknown[]);
        if (state.failures < rule.times && rule.when(text, args)) {
          state.failures++;
          throw rule.error();
        }
        return target.execute(stmt);
      };
    },
  });
  return { client, state };
}

const lockError = () => new LibsqlError('database is locked', 'SQLITE_BUSY');
const isClaim = (text: string) => text.includes('"attempts" = "jobs"."attempts" + 1');
const isRenew = (text: string) => text.startsWith('update "jobs" set "locked_until"');

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

describe('the job poller under database faults', () => {
  const env = useSeededDb();
  const message = (id: string): QueueMessage<'email'> => ({ id, tenantId: env.fixtures.alpha.id, to: 'pat@alpha.example', template: 'test', data: { note: id } });
  const recording = () => {
    const handled: string[] = [];
    const handlers: Handlers = { email: async (m) => void handled.push(m.id) };
    return { handled, handlers };
  };

  it('logs a failed poll with its cause, backs off, and takes the jobs enqueued afterwards', async () => {
    const { client, state } = failingClient(env.db.$client, { when: isClaim, times: 3, error: lockError });
    const q = createJobQueue(createDb(client), { clock: systemClock, visibilityTimeoutMs: 60_000 });
    const { lines, logger } = captureLogs();
    const { handled, handlers } = recording();
    const stop = q.start(handlers, logger, 20, { maxBackoffMs: 60 });
    try {
      await waitFor('three failed polls', () => state.failures === 3);
      for (let i = 0; i < 30; i++) await q.producer.send('email', message(`after-${i}`));
      await waitFor('the jobs enqueued afterwards to run', () => handled.length === 30, 2000);
    } finally {
      await stop();
    }
    const failed = lines.filter((l) => l.msg === 'job poll failed');
    expect(failed[0]!.err).toMatchObject({
      name: 'DrizzleQueryError',
      message: expect.stringMatching(/^Failed query: update "jobs" set/),
      cause: { name: 'LibsqlError', code: 'SQLITE_BUSY', message: 'SQLITE_BUSY: database is locked' },
    });
    // The statement's bound values stay out of the log (elsewhere they can be personal data).
    expect(JSON.stringify(failed)).not.toMatch(/params|node-/);
    expect(failed.map((l) => [l.failures, l.retryInMs])).toEqual([[1, 20], [2, 40], [3, 60]]); // doubling, capped
    expect((await env.db.select().from(jobs)).every((j) => j.status === 'done')).toBe(true);
  });

  it('recovers from a lock another process holds past the busy timeout, and what it does afterwards is committed', async () => {
    const db = await openLocalDb(`file:${env.path}`, { busyTimeoutMs: 50 });
    const q = createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: 60_000 });
    const { lines, logger } = captureLogs();
    const { handled, handlers } = recording();
    const otherProcess = createClient({ url: `file:${env.path}` });
    const observer = createClient({ url: `file:${env.path}` });
    const stop = q.start(handlers, logger, 20, { maxBackoffMs: 100 });
    try {
      const lock = await otherProcess.transaction('write');
      await waitFor('a failed poll', () => lines.some((l) => l.msg === 'job poll failed'));
      await lock.rollback();
      for (let i = 0; i < 10; i++) await q.producer.send('email', message(`later-${i}`));
      await waitFor('the jobs enqueued afterwards to run', () => handled.length === 10, 2000);
      // Seen from another connection: the jobs and their acks are in the file, not held in a
      // transaction left open on the poller's connection by the failed statement.
      await waitFor('their acks to be committed', async () => (await observer.execute("select count(*) as n from jobs where status = 'done'")).rows[0]!.n === 10, 2000);
    } finally {
      await stop();
      otherProcess.close();
      observer.close();
      db.$client.close();
    }
    const failed = lines.find((l) => l.msg === 'job poll failed') as { err: { cause: { code: string } } };
    expect(failed.err.cause.code).toBe('SQLITE_BUSY');
  });

  it('puts the rest of a batch back at once when a lease query fails mid-batch', async () => {
    const { client } = failingClient(env.db.$client, { when: isRenew, times: 1, error: lockError });
    const q = createJobQueue(createDb(client), { clock: systemClock, visibilityTimeoutMs: 60_000, batchSize: 3 });
    for (const id of ['first', 'second', 'third']) await q.producer.send('email', message(id));
    const { handled, handlers } = recording();
    await expect(q.pollOnce(handlers, silentLogger)).rejects.toThrow(/Failed query/);
    expect(handled).toEqual(['first']);
    const waiting = await env.db.select().from(jobs).where(eq(jobs.status, 'pending'));
    expect(waiting).toHaveLength(2);
    expect(waiting.every((j) => j.attempts === 0 && j.lockedBy === null && j.lockedUntil === null)).toBe(true);
    // Not locked for the 60 s lease: the next round takes them.
    expect(await q.drain(handlers, silentLogger)).toBe(2);
    expect(handled.sort()).toEqual(['first', 'second', 'third']);
  });

  it('tries a failed ack again rather than counting it as a failed attempt (a handled message is not dead-lettered)', async () => {
    const clock = fixedClock('2026-11-22T10:00:00Z');
    const isAck = (text: string, args: unknown[]) => text.startsWith('update "jobs" set "status"') && args[0] === 'done';
    const { client, state } = failingClient(env.db.$client, { when: isAck, times: 1, error: lockError });
    const q = createJobQueue(createDb(client), { clock, visibilityTimeoutMs: 60_000 });
    await q.producer.send('email', message('last-try'));
    await env.db.update(jobs).set({ attempts: defaultRetryPolicy.maxAttempts - 1 });
    const { handled, handlers } = recording();
    expect(await q.pollOnce(handlers, silentLogger)).toBe(1);
    expect(state.failures).toBe(1);
    expect(handled).toEqual(['last-try']);
    const [row] = await env.db.select().from(jobs);
    expect(row).toMatchObject({ status: 'done', attempts: defaultRetryPolicy.maxAttempts, lastError: null });
  });

  it('on stop lets the running job finish and puts the rest of its batch back', async () => {
    const q = createJobQueue(env.db, { clock: systemClock, visibilityTimeoutMs: 60_000, batchSize: 3 });
    for (const id of ['running', 'next', 'last']) await q.producer.send('email', message(id));
    let finish = () => {};
    const started: string[] = [];
    const stop = q.start({ email: (m) => (started.push(m.id), new Promise<void>((done) => (finish = done))) }, silentLogger, 20);
    await waitFor('the first job to start', () => started.length === 1);
    const stopped = stop();
    await new Promise((r) => setTimeout(r, 50));
    finish();
    await stopped;
    expect(started).toEqual(['running']);
    const rows = await env.db.select({ status: jobs.status, attempts: jobs.attempts, lockedBy: jobs.lockedBy, n: sql<number>`count(*)` }).from(jobs).groupBy(jobs.status, jobs.attempts, jobs.lockedBy);
    expect(rows).toEqual(
      expect.arrayContaining([
        { status: 'done', attempts: 1, lockedBy: q.workerId, n: 1 },
        { status: 'pending', attempts: 0, lockedBy: null, n: 2 },
      ]),
    );
  });

  it('on stop gives a job that will not finish its grace period, then ends its lease so it is redelivered at once', async () => {
    const q = createJobQueue(env.db, { clock: systemClock, visibilityTimeoutMs: 60_000 });
    await q.producer.send('email', message('hung'));
    let started = false;
    const stop = q.start({ email: () => ((started = true), new Promise<void>(() => {})) }, silentLogger, 20);
    await waitFor('the job to start', () => started);
    const t = Date.now();
    await stop(100);
    expect(Date.now() - t).toBeLessThan(1000);
    const next = createJobQueue(env.db, { clock: systemClock, visibilityTimeoutMs: 60_000, workerId: 'next' });
    const [again] = await next.claim();
    expect(again).toMatchObject({ body: expect.stringContaining('"hung"'), attempts: 2, lockedBy: 'next' });
  });
});

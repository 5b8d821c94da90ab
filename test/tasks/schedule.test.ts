import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { heldForms, jobs, oneTimeTokens, sessions } from '../../src/db/schema';
import { parseConfig } from '../../src/env';
import { DAY_MS, fixedClock, systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startNodeScheduler } from '../../src/platform/node-scheduler';
import { runScheduled, scheduledTasks, type ScheduledTask } from '../../src/tasks/schedule';
import { useSeededDb } from '../support/node-host';

describe('scheduled tasks', () => {
  it('lists exactly the crons wrangler.toml triggers', () => {
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    const crons = JSON.parse(/^crons\s*=\s*(\[.*\])/m.exec(toml)![1]!) as string[];
    expect(new Set(crons)).toEqual(new Set(scheduledTasks.map((t) => t.cron)));
  });

  describe('purge-expired', () => {
    const env = useSeededDb();

    it('removes expired sessions and tokens, finished jobs, and dead jobs past retention; keeps the rest', async () => {
      const now = new Date('2026-11-22T03:17:00Z');
      const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
      const t = env.fixtures.alpha.id;
      const session = (id: string, expiresAt: Date) => ({ tenantId: t, id, subjectType: 'customer' as const, subjectId: 'c1', createdAt: ago(30), lastSeenAt: ago(1), authenticatedAt: ago(30), expiresAt });
      await env.db.insert(sessions).values([session('expired', ago(0.01)), session('live', new Date(now.getTime() + 3_600_000))]);
      const token = (id: string, expiresAt: Date) => ({ tenantId: t, id, purpose: 'password-reset', subjectType: 'customer' as const, subjectId: 'c1', createdAt: ago(10), expiresAt });
      await env.db.insert(oneTimeTokens).values([token('old', ago(2)), token('recent', ago(0.5)), token('valid', new Date(now.getTime() + 60_000))]);
      const job = (id: string, status: 'done' | 'dead' | 'pending', updatedAt: Date) => ({ id, queue: 'email', body: '{}', status, runAt: updatedAt, createdAt: updatedAt, updatedAt });
      await env.db.insert(jobs).values([job('dead-old', 'dead', ago(15)), job('dead-new', 'dead', ago(13)), job('done-old', 'done', ago(2)), job('done-new', 'done', ago(0.5)), job('pending-old', 'pending', ago(30))]);

      const held = (id: string, expiresAt: Date) => ({ tenantId: t, id, agentId: 'a1', action: '/admin/customers/x/notes', returnTo: null, fieldsEncrypted: 'v1.x', createdAt: ago(1), expiresAt });
      await env.db.insert(heldForms).values([held('held-old', ago(0.01)), held('held-live', new Date(now.getTime() + 60_000))]);

      const config = parseConfig({ APP_ENV: 'test', DEAD_JOB_RETENTION_DAYS: '14' });
      await runScheduled('17 3 * * *', { db: env.db, queue: { send: async () => {}, sendBatch: async () => {} }, clock: fixedClock(now), logger: silentLogger, config });

      expect((await env.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id)).toEqual(['live']);
      expect((await env.db.select({ id: oneTimeTokens.id }).from(oneTimeTokens)).map((r) => r.id).sort()).toEqual(['recent', 'valid']);
      expect((await env.db.select({ id: jobs.id }).from(jobs)).map((r) => r.id).sort()).toEqual(['dead-new', 'done-new', 'pending-old']);
      expect(await env.db.select().from(jobs).where(eq(jobs.id, 'pending-old'))).toHaveLength(1);
      // Staff forms kept across an ended session go once they expire.
      expect((await env.db.select({ id: heldForms.id }).from(heldForms)).map((r) => r.id)).toEqual(['held-live']);
    });
  });

  it('runs every task of a cron even when one fails, then reports the failure', async () => {
    const ran: string[] = [];
    const tasks: ScheduledTask[] = [
      { name: 'a', cron: '0 * * * *', run: async () => { throw new Error('boom'); } },
      { name: 'b', cron: '0 * * * *', run: async () => (ran.push('b'), {}) },
      { name: 'c', cron: '5 * * * *', run: async () => (ran.push('c'), {}) },
    ];
    const deps = { db: null as never, queue: null as never, clock: systemClock, logger: silentLogger, config: parseConfig({}) };
    await expect(runScheduled('0 * * * *', deps, tasks)).rejects.toThrow('1 scheduled task(s) failed');
    expect(ran).toEqual(['b']);
  });

  it('fires a task on Node when its UTC minute comes round', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-22T03:15:30Z'));
      const fired: string[] = [];
      const tasks: ScheduledTask[] = [{ name: 'nightly', cron: '17 3 * * *', run: async () => (fired.push(new Date().toISOString().slice(0, 16)), {}) }];
      const stop = startNodeScheduler({ db: null as never, queue: null as never, clock: systemClock, logger: silentLogger, config: parseConfig({}) }, tasks);
      await vi.advanceTimersByTimeAsync(60_000); // 03:16:30 → the 03:16 tick: not yet
      expect(fired).toEqual([]);
      await vi.advanceTimersByTimeAsync(60_000); // the 03:17 tick
      expect(fired).toEqual(['2026-11-22T03:17']);
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(fired).toHaveLength(1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

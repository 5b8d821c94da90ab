import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { DAY_MS } from '../lib/clock';
import type { Db } from './client';
import { devOutbox, heldForms, jobs, oneTimeTokens, sessions, throttles } from './schema';

export interface PurgeResult {
  sessions: number;
  tokens: number;
  deadJobs: number;
  doneJobs: number;
  throttles: number;
  devOutbox: number;
  heldForms: number;
}

/**
 * Platform-wide housekeeping (deliberately across tenants; run only by the scheduler):
 * expired sessions and kept staff forms, tokens a day past expiry, finished jobs after a day, dead jobs after the retention,
 * and developer outbox copies after a week (every link they hold has expired by then).
 */
export async function purgeExpired(db: Db, now: Date, opts: { deadJobRetentionDays: number }): Promise<PurgeResult> {
  const t = now.getTime();
  const [s, tk, dead, done, th, dev, held] = await db.batch([
    db.delete(sessions).where(lt(sessions.expiresAt, now)),
    db.delete(oneTimeTokens).where(lt(oneTimeTokens.expiresAt, new Date(t - DAY_MS))),
    db.delete(jobs).where(and(eq(jobs.status, 'dead'), lt(jobs.updatedAt, new Date(t - opts.deadJobRetentionDays * DAY_MS)))),
    db.delete(jobs).where(and(eq(jobs.status, 'done'), lt(jobs.updatedAt, new Date(t - DAY_MS)))),
    // Counters whose window and lock ended a day ago count nothing any more.
    db.delete(throttles).where(and(lt(throttles.windowStartedAt, new Date(t - DAY_MS)), or(isNull(throttles.lockedUntil), lt(throttles.lockedUntil, now)))),
    db.delete(devOutbox).where(lt(devOutbox.createdAt, new Date(t - 7 * DAY_MS))),
    db.delete(heldForms).where(lt(heldForms.expiresAt, now)),
  ]);
  return { sessions: s.rowsAffected, tokens: tk.rowsAffected, deadJobs: dead.rowsAffected, doneJobs: done.rowsAffected, throttles: th.rowsAffected, devOutbox: dev.rowsAffected, heldForms: held.rowsAffected };
}

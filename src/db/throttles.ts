import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { throttles } from './schema';

export interface ThrottleRule {
  /** Attempts allowed within the window; the next one locks the key (the column keeps its first name, "failures"). */
  limit: number;
  windowMs: number;
  lockMs: number;
}

/**
 * Brute-force counters in the database (so every isolate and process shares them). Platform-wide:
 * keys name their scope, e.g. "login:account:<tenant>:<email>" or "login:ip:<ip>".
 */
export function throttleStore(db: Db) {
  return {
    /**
     * Counts an attempt BEFORE it is checked, in one atomic upsert, so a burst of parallel guesses
     * gets at most `limit` checks per window; the attempt after that locks the key. Returns the
     * seconds to wait when refused, or 0 when this attempt may be checked.
     */
    async attempt(key: string, rule: ThrottleRule, now: Date): Promise<number> {
      const t = now.getTime();
      const windowStart = t - rule.windowMs;
      const [row] = await db
        .insert(throttles)
        .values({ key, failures: 1, windowStartedAt: now, lockedUntil: null })
        .onConflictDoUpdate({
          target: throttles.key,
          set: {
            failures: sql`case when ${throttles.windowStartedAt} < ${windowStart} and coalesce(${throttles.lockedUntil}, 0) <= ${t} then 1 else ${throttles.failures} + 1 end`,
            windowStartedAt: sql`case when ${throttles.windowStartedAt} < ${windowStart} and coalesce(${throttles.lockedUntil}, 0) <= ${t} then ${t} else ${throttles.windowStartedAt} end`,
            lockedUntil: sql`case when coalesce(${throttles.lockedUntil}, 0) > ${t} then ${throttles.lockedUntil} when (case when ${throttles.windowStartedAt} < ${windowStart} then 1 else ${throttles.failures} + 1 end) > ${rule.limit} then ${t + rule.lockMs} else ${throttles.lockedUntil} end`,
          },
        })
        .returning({ failures: throttles.failures, lockedUntil: throttles.lockedUntil });
      const until = row?.lockedUntil?.getTime() ?? 0;
      return until > t ? Math.ceil((until - t) / 1000) : 0;
    },
    /** Gives back one counted attempt (a success should not use up a shared allowance, e.g. an IP's). */
    async refund(key: string): Promise<void> {
      await db.update(throttles).set({ failures: sql`max(${throttles.failures} - 1, 0)` }).where(eq(throttles.key, key));
    },
    async clear(key: string): Promise<void> {
      await db.delete(throttles).where(eq(throttles.key, key));
    },
  };
}

export type ThrottleStore = ReturnType<typeof throttleStore>;

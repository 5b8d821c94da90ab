import { and, asc, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { oneTimeTokens, sessions } from '../schema';

export type Subject = { type: 'customer' | 'agent'; id: string };
export type SessionRow = typeof sessions.$inferSelect;
export type TokenRow = typeof oneTimeTokens.$inferSelect;

/** Server-side sessions of a tenant. Ids are token hashes; the raw token only lives in the cookie. */
export function sessionsRepo(db: Db, tenantId: string) {
  const byId = (id: string) => and(eq(sessions.tenantId, tenantId), eq(sessions.id, id));
  const ofSubject = (s: Subject) => and(eq(sessions.tenantId, tenantId), eq(sessions.subjectType, s.type), eq(sessions.subjectId, s.id));
  return {
    async create(values: Omit<typeof sessions.$inferInsert, 'tenantId'>): Promise<void> {
      await db.insert(sessions).values({ ...values, tenantId });
    },
    find: (id: string): Promise<SessionRow | undefined> => db.query.sessions.findFirst({ where: byId(id) }),
    async touch(id: string, at: Date): Promise<void> {
      await db.update(sessions).set({ lastSeenAt: at }).where(byId(id));
    },
    async remove(id: string): Promise<void> {
      await db.delete(sessions).where(byId(id));
    },
    /** Ends every other session of the person (after a password or factor change). */
    async removeOthers(subject: Subject, keepId: string): Promise<number> {
      const res = await db.delete(sessions).where(and(ofSubject(subject), ne(sessions.id, keepId)));
      return res.rowsAffected;
    },
    async removeAll(subject: Subject): Promise<void> {
      await db.delete(sessions).where(ofSubject(subject));
    },
    listFor: (subject: Subject): Promise<SessionRow[]> => db.query.sessions.findMany({ where: ofSubject(subject), orderBy: [desc(sessions.lastSeenAt)] }),
  };
}

/** Single-use tokens and codes: consumed atomically, attempts capped atomically. */
export function tokensRepo(db: Db, tenantId: string) {
  const byId = (id: string) => and(eq(oneTimeTokens.tenantId, tenantId), eq(oneTimeTokens.id, id));
  return {
    async create(values: Omit<typeof oneTimeTokens.$inferInsert, 'tenantId'>): Promise<void> {
      await db.insert(oneTimeTokens).values({ ...values, tenantId });
    },
    find: (id: string): Promise<TokenRow | undefined> => db.query.oneTimeTokens.findFirst({ where: byId(id) }),
    /** Marks the token used if it still can be; false when used, expired or unknown (one winner under concurrency). */
    async consume(id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(oneTimeTokens)
        .set({ usedAt: now })
        .where(and(byId(id), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
        .returning({ id: oneTimeTokens.id });
      return rows.length === 1;
    },
    /** Counts an attempt; false once `cap` attempts were made (checked and counted in one statement). */
    async countAttempt(id: string, cap: number): Promise<boolean> {
      const rows = await db
        .update(oneTimeTokens)
        .set({ attempts: sql`${oneTimeTokens.attempts} + 1` })
        .where(and(byId(id), lt(oneTimeTokens.attempts, cap)))
        .returning({ attempts: oneTimeTokens.attempts });
      return rows.length === 1;
    },
    /** Unused tokens of a purpose for a person, newest first (e.g. to void older reset links). */
    openFor: (subject: Subject, purpose: string): Promise<TokenRow[]> =>
      db.query.oneTimeTokens.findMany({
        where: and(eq(oneTimeTokens.tenantId, tenantId), eq(oneTimeTokens.subjectType, subject.type), eq(oneTimeTokens.subjectId, subject.id), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)),
        orderBy: [asc(oneTimeTokens.createdAt)],
      }),
    async voidOpen(subject: Subject, purpose: string, now: Date): Promise<void> {
      await db
        .update(oneTimeTokens)
        .set({ usedAt: now })
        .where(and(eq(oneTimeTokens.tenantId, tenantId), eq(oneTimeTokens.subjectType, subject.type), eq(oneTimeTokens.subjectId, subject.id), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)));
    },
  };
}

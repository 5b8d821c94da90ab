import { and, asc, desc, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { heldForms, oneTimeTokens, passkeys, recoveryCodes, sessions, totpCredentials } from '../schema';

export type Subject = { type: 'customer' | 'agent'; id: string };
export type SessionRow = typeof sessions.$inferSelect;
export type TokenRow = typeof oneTimeTokens.$inferSelect;
export type HeldFormRow = typeof heldForms.$inferSelect;

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
    latestOpen: (subject: Subject, purpose: string, now: Date): Promise<TokenRow | undefined> =>
      db.query.oneTimeTokens.findFirst({
        where: and(eq(oneTimeTokens.tenantId, tenantId), eq(oneTimeTokens.subjectType, subject.type), eq(oneTimeTokens.subjectId, subject.id), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)),
        orderBy: [desc(oneTimeTokens.createdAt)],
      }),
    async voidOpen(subject: Subject, purpose: string, now: Date): Promise<void> {
      await db
        .update(oneTimeTokens)
        .set({ usedAt: now })
        .where(and(eq(oneTimeTokens.tenantId, tenantId), eq(oneTimeTokens.subjectType, subject.type), eq(oneTimeTokens.subjectId, subject.id), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)));
    },
  };
}

export type TotpRow = typeof totpCredentials.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;

/** Second factors of a tenant's people: authenticator apps, passkeys, recovery codes. */
export function factorsRepo(db: Db, tenantId: string) {
  const totpOf = (s: Subject) => and(eq(totpCredentials.tenantId, tenantId), eq(totpCredentials.subjectType, s.type), eq(totpCredentials.subjectId, s.id));
  const codesOf = (s: Subject) => and(eq(recoveryCodes.tenantId, tenantId), eq(recoveryCodes.subjectType, s.type), eq(recoveryCodes.subjectId, s.id));
  const passkeysOf = (s: Subject) => and(eq(passkeys.tenantId, tenantId), eq(passkeys.subjectType, s.type), eq(passkeys.subjectId, s.id));
  return {
    totp: (s: Subject): Promise<TotpRow | undefined> => db.query.totpCredentials.findFirst({ where: totpOf(s) }),
    /** Starts (or restarts) enrolment: an unconfirmed secret replaces any unconfirmed one. */
    async saveTotp(s: Subject, secretEncrypted: string, now: Date): Promise<void> {
      await db
        .insert(totpCredentials)
        .values({ tenantId, subjectType: s.type, subjectId: s.id, secretEncrypted, createdAt: now })
        .onConflictDoUpdate({ target: [totpCredentials.tenantId, totpCredentials.subjectType, totpCredentials.subjectId], set: { secretEncrypted, createdAt: now, confirmedAt: null, lastUsedStep: null } });
    },
    /** Records a used time step; false when that step (or a later one) was already used: a replay. */
    async useTotpStep(s: Subject, step: number, now: Date, confirm: boolean): Promise<boolean> {
      const rows = await db
        .update(totpCredentials)
        .set({ lastUsedStep: step, ...(confirm ? { confirmedAt: now } : {}) })
        .where(and(totpOf(s), or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step))))
        .returning({ step: totpCredentials.lastUsedStep });
      return rows.length === 1;
    },
    async removeTotp(s: Subject): Promise<void> {
      await db.delete(totpCredentials).where(totpOf(s));
    },
    unusedRecoveryHashes: async (s: Subject): Promise<string[]> =>
      (await db.query.recoveryCodes.findMany({ where: and(codesOf(s), isNull(recoveryCodes.usedAt)) })).map((r) => r.codeHash),
    /** New codes replace every old one (used or not). */
    async replaceRecoveryCodes(s: Subject, hashes: string[], now: Date): Promise<void> {
      await db.batch([
        db.delete(recoveryCodes).where(codesOf(s)),
        db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ tenantId, subjectType: s.type, subjectId: s.id, codeHash, createdAt: now }))),
      ]);
    },
    /** Uses a code once, even when two requests race with it. */
    async useRecoveryCode(s: Subject, codeHash: string, now: Date): Promise<boolean> {
      const rows = await db.update(recoveryCodes).set({ usedAt: now }).where(and(codesOf(s), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt))).returning({ h: recoveryCodes.codeHash });
      return rows.length === 1;
    },
    passkeys: (s: Subject): Promise<PasskeyRow[]> => db.query.passkeys.findMany({ where: passkeysOf(s), orderBy: [asc(passkeys.createdAt)] }),
    findPasskey: (id: string): Promise<PasskeyRow | undefined> => db.query.passkeys.findFirst({ where: and(eq(passkeys.tenantId, tenantId), eq(passkeys.id, id)) }),
    async addPasskey(values: Omit<typeof passkeys.$inferInsert, 'tenantId'>): Promise<void> {
      await db.insert(passkeys).values({ ...values, tenantId });
    },
    async usePasskey(id: string, counter: number, now: Date): Promise<void> {
      await db.update(passkeys).set({ counter, lastUsedAt: now }).where(and(eq(passkeys.tenantId, tenantId), eq(passkeys.id, id)));
    },
    async removePasskey(s: Subject, id: string): Promise<boolean> {
      const res = await db.delete(passkeys).where(and(passkeysOf(s), eq(passkeys.id, id)));
      return res.rowsAffected === 1;
    },
  };
}

/** Staff forms kept across an ended session (see the table): written once, read while live, removed when used. */
export function heldFormsRepo(db: Db, tenantId: string) {
  const byId = (id: string) => and(eq(heldForms.tenantId, tenantId), eq(heldForms.id, id));
  return {
    async create(values: Omit<typeof heldForms.$inferInsert, 'tenantId'>): Promise<void> {
      await db.insert(heldForms).values({ ...values, tenantId });
    },
    /** The form if it has not expired. */
    live: (id: string, now: Date): Promise<HeldFormRow | undefined> => db.query.heldForms.findFirst({ where: and(byId(id), gt(heldForms.expiresAt, now)) }),
    async remove(id: string): Promise<void> {
      await db.delete(heldForms).where(byId(id));
    },
  };
}

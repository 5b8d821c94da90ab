import { hashPassword, verifyPassword } from '../auth/passwords';
import { sha256Hex } from '../lib/hash';
import { newSessionToken, signLinkToken, verifyLinkToken, type LinkPurpose } from '../auth/tokens';
import type { Subject, SessionRow } from '../db/repositories/auth';
import type { SignInSettings, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { ThrottleRule, ThrottleStore } from '../db/throttles';
import { newId } from '../lib/ids';

export const defaultSignIn: SignInSettings = { mfa: 'optional', methods: ['email', 'totp', 'passkey'], idleMinutes: 15, staffIdleMinutes: 30, absoluteHours: 12 };

export function signInSettingsOf(tenant: Tenant): SignInSettings {
  const saved = tenant.settings.signIn;
  return { ...defaultSignIn, ...saved, staffIdleMinutes: saved?.staffIdleMinutes ?? defaultSignIn.staffIdleMinutes };
}

/**
 * How long a session may sit idle: staff have their own limit (a call, a long note), and so does
 * staff's look at a borrower's portal (view as borrower); borrowers have theirs.
 */
export function idleMinutesFor(settings: SignInSettings, session: Pick<SessionRow, 'subjectType' | 'viewedByAgentId'>): number {
  return session.subjectType === 'agent' || session.viewedByAgentId ? (settings.staffIdleMinutes ?? defaultSignIn.staffIdleMinutes!) : settings.idleMinutes;
}

/**
 * Five attempts in 15 minutes per account from one address; twenty per account from anywhere (so a
 * stranger cannot lock a borrower out with five guesses, but a spread-out attack still stops);
 * fifty per address.
 */
export const loginRules = {
  account: { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } satisfies ThrottleRule,
  accountAnywhere: { limit: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } satisfies ThrottleRule,
  ip: { limit: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } satisfies ThrottleRule,
};
/** Reset and sign-up emails: five an hour per address and thirty per IP. */
export const emailLinkRules = {
  account: { limit: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 } satisfies ThrottleRule,
  ip: { limit: 30, windowMs: 60 * 60_000, lockMs: 60 * 60_000 } satisfies ThrottleRule,
};

// Verifying against this when the account is unknown keeps the timing of both answers alike.
// (A fixed hash of a random password nobody knows: no first-request cost that would stand out.)
const DUMMY_HASH = '$pbkdf2-sha256$i=100000$8fx2k_5SC8MLp7xbmcgYsg$yk3NdJKw874jHFWAVz4cplTiUhZo6OKjZiUyHJSov8E';

export interface Borrower {
  subject: Subject;
  name: string;
  email: string;
  passwordHash: string | null;
}

/** A borrower may use the portal when at least one of their accounts has Web access on. */
export async function findBorrower(tdb: TenantDb, email: string): Promise<Borrower | null> {
  const customer = await tdb.customers.findByUsername(email.trim().toLowerCase());
  if (!customer || !customer.email) return null;
  const links = await tdb.accounts.forCustomer(customer.id);
  if (!links.some((l) => l.link.webAccess)) return null;
  return { subject: { type: 'customer', id: customer.id }, name: `${customer.firstName} ${customer.lastName}`, email: customer.email, passwordHash: customer.passwordHash };
}

/** The same check by customer id (passkey sign-in knows the person, not the email). */
export async function findBorrowerById(tdb: TenantDb, customerId: string): Promise<Borrower | null> {
  const customer = await tdb.customers.find(customerId);
  return customer?.webUsername ? findBorrower(tdb, customer.webUsername) : null;
}

/** Staff sign in with their email; they need no account link. Invited (not yet accepted) and disabled staff cannot. */
export async function findAgent(tdb: TenantDb, email: string): Promise<Borrower | null> {
  const agent = await tdb.agents.findByEmail(email.trim().toLowerCase());
  return agent && agent.status === 'active' ? { subject: { type: 'agent', id: agent.id }, name: agent.name, email: agent.email, passwordHash: agent.passwordHash } : null;
}

/** Name and email of whoever a session belongs to. */
export async function personOf(tdb: TenantDb, subject: Subject): Promise<{ name: string; email: string | null } | null> {
  if (subject.type === 'agent') {
    const agent = await tdb.agents.find(subject.id);
    return agent ? { name: agent.name, email: agent.email } : null;
  }
  const customer = await tdb.customers.find(subject.id);
  return customer ? { name: `${customer.firstName} ${customer.lastName}`, email: customer.email } : null;
}

export type Audience = 'customer' | 'agent';

export type LoginResult = { kind: 'ok'; borrower: Borrower } | { kind: 'invalid' } | { kind: 'locked'; retryAfterSeconds: number };

/**
 * Email + password, with database-backed limits per account and per IP. Unknown emails, wrong
 * passwords and accounts without web access all answer 'invalid' after the same work.
 */
export async function passwordLogin(deps: { tdb: TenantDb; throttles: ThrottleStore; tenant: Tenant }, input: { email: string; password: string; ip: string; audience?: Audience }, now: Date): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const anywhereKey = `login:${input.audience === 'agent' ? 'agent' : 'account'}:${deps.tenant.id}:${email}`;
  const accountKey = `${anywhereKey}:${input.ip}`;
  const ipKey = `login:ip:${input.ip}`;
  // Counted before the password is checked, so parallel guesses cannot outrun the limits.
  const waits = [
    await deps.throttles.attempt(accountKey, loginRules.account, now),
    await deps.throttles.attempt(anywhereKey, loginRules.accountAnywhere, now),
    await deps.throttles.attempt(ipKey, loginRules.ip, now),
  ];
  const locked = Math.max(...waits);
  if (locked > 0) return { kind: 'locked', retryAfterSeconds: locked };
  const borrower = input.audience === 'agent' ? await findAgent(deps.tdb, email) : await findBorrower(deps.tdb, email);
  const ok = await verifyPassword(input.password, borrower?.passwordHash ?? DUMMY_HASH);
  if (borrower && borrower.passwordHash && ok) {
    await deps.throttles.clear(accountKey);
    await deps.throttles.clear(anywhereKey);
    await deps.throttles.refund(ipKey);
    return { kind: 'ok', borrower };
  }
  return { kind: 'invalid' };
}

/**
 * A signed-in person proving again that they know the password (before a security change),
 * limited and counted like sign-in.
 */
export async function recheckPassword(deps: { tdb: TenantDb; throttles: ThrottleStore }, subject: Subject, password: string, now: Date): Promise<'ok' | 'wrong' | { lockedSeconds: number }> {
  const key = `recheck:${deps.tdb.tenantId}:${subject.type}:${subject.id}`;
  const locked = await deps.throttles.attempt(key, loginRules.account, now);
  if (locked > 0) return { lockedSeconds: locked };
  const hash = subject.type === 'agent' ? (await deps.tdb.agents.find(subject.id))?.passwordHash : (await deps.tdb.customers.find(subject.id))?.passwordHash;
  if (!hash || !(await verifyPassword(password, hash))) return 'wrong';
  await deps.throttles.clear(key);
  return 'ok';
}

export interface SessionContext {
  userAgent: string | null;
  ip: string | null;
}

/** A new session (fresh token: sessions are never reused across sign-ins, so a planted cookie is useless). */
export async function startSession(tdb: TenantDb, subject: Subject, settings: SignInSettings, ctx: SessionContext & { mfaPassed: boolean; viewedByAgentId?: string }, now: Date): Promise<{ token: string; session: SessionRow }> {
  const token = newSessionToken();
  const id = await sha256Hex(token);
  const values = {
    id, subjectType: subject.type, subjectId: subject.id, mfaPassed: ctx.mfaPassed, userAgent: ctx.userAgent?.slice(0, 300) ?? null, ip: ctx.ip, viewedByAgentId: ctx.viewedByAgentId ?? null,
    // A session waiting for its second step lives 10 minutes, not a working day.
    createdAt: now, lastSeenAt: now, authenticatedAt: now, expiresAt: new Date(now.getTime() + (ctx.mfaPassed ? settings.absoluteHours * 3_600_000 : 10 * 60_000)),
  };
  await tdb.sessions.create(values);
  return { token, session: { tenantId: tdb.tenantId, ...values } };
}

/**
 * The live session for a cookie token, or null when unknown, idle too long or past its absolute end.
 * `onEnded` hears of a session this call ended (whose it was: a staff form sent after it is kept for them).
 */
export async function resumeSession(tdb: TenantDb, token: string, settings: SignInSettings, now: Date, onEnded?: (ended: SessionRow) => void): Promise<SessionRow | null> {
  if (!token || token.length > 200) return null;
  const session = await tdb.sessions.find(await sha256Hex(token));
  if (!session) return null;
  const idleEnd = session.lastSeenAt.getTime() + idleMinutesFor(settings, session) * 60_000;
  if (session.expiresAt <= now || idleEnd <= now.getTime()) {
    await tdb.sessions.remove(session.id);
    onEnded?.(session);
    return null;
  }
  // Writing on every request would be waste: a minute's precision is enough for the idle timeout.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await tdb.sessions.touch(session.id, now);
  return session;
}

/** Creates a single-use emailed link for a password reset or first password. */
export async function createPasswordLink(tdb: TenantDb, tokenSecret: string, subject: Subject, purpose: LinkPurpose, now: Date, minutes: number): Promise<string> {
  await tdb.tokens.voidOpen(subject, purpose, now);
  const tokenId = newId();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  await tdb.tokens.create({ id: tokenId, purpose, subjectType: subject.type, subjectId: subject.id, createdAt: now, expiresAt });
  return signLinkToken(tokenSecret, { tenantId: tdb.tenantId, tokenId, purpose }, expiresAt);
}

export type LinkCheck = { ok: true; tokenId: string; purpose: LinkPurpose; subject: Subject } | { ok: false };

/** Checks a link without using it up (to show the form). */
export async function checkPasswordLink(tdb: TenantDb, tokenSecret: string, jwt: string, now: Date): Promise<LinkCheck> {
  const claims = await verifyLinkToken(tokenSecret, jwt, { tenantId: tdb.tenantId, purposes: ['password-reset', 'set-password'], now });
  if (!claims) return { ok: false };
  const row = await tdb.tokens.find(claims.tokenId);
  if (!row || row.usedAt || row.expiresAt <= now || row.purpose !== claims.purpose) return { ok: false };
  return { ok: true, tokenId: row.id, purpose: claims.purpose, subject: { type: row.subjectType, id: row.subjectId } };
}

/** Uses the link (once, even under concurrent submits) to set the password; ends every session. */
export async function setPasswordWithLink(tdb: TenantDb, tokenSecret: string, jwt: string, password: string, now: Date): Promise<{ ok: true; subject: Subject } | { ok: false }> {
  const check = await checkPasswordLink(tdb, tokenSecret, jwt, now);
  if (!check.ok || check.subject.type !== 'customer') return { ok: false };
  const hash = await hashPassword(password);
  if (!(await tdb.tokens.consume(check.tokenId, now))) return { ok: false };
  await tdb.customers.setPassword(check.subject.id, hash, now);
  await tdb.sessions.removeAll(check.subject);
  await tdb.audit.record({ actorType: 'customer', actorId: check.subject.id, action: check.purpose === 'set-password' ? 'password.created' : 'password.reset', entityType: 'customer', entityId: check.subject.id }, now);
  return { ok: true, subject: check.subject };
}

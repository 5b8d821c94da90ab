import { Hono, type Context } from 'hono';
import { originFor, rpIdFor } from '../../auth/passkeys';
import type { AppEnv } from '../../env';
import { clientIp, requireBorrower, safeNext, setSessionCookie } from '../../http/middleware/session';
import { finishAuthentication, finishRegistration, startAuthentication, startRegistration, type Relying } from '../../services/passkeys';
import { queueSecurityNotice } from '../../services/notifications';
import { findBorrowerById, signInSettingsOf, startSession } from '../../services/sign-in';

const relying = (c: Context<AppEnv>): Relying => {
  // The tenant's own host is the relying party: a passkey made here works nowhere else.
  const url = new URL(c.req.url);
  return { rpId: rpIdFor(url), origin: originFor(url), rpName: c.get('tenant').branding.portalName };
};

async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown> | null> {
  try {
    const body = await c.req.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const refuse = (c: Context<AppEnv>, message: string, status: 400 | 401 | 403 = 400) => c.json({ ok: false, message }, status);

/** Adding a passkey (signed in, with a recent password) from the security page. */
export function passkeyRegistrationRoutes() {
  const app = new Hono<AppEnv>();
  app.use(requireBorrower());
  const RECENT_MS = 10 * 60_000;

  app.post('/options', async (c) => {
    const session = c.get('session')!;
    const now = c.get('deps').clock.now();
    if (now.getTime() - session.authenticatedAt.getTime() > RECENT_MS) return refuse(c, 'For your security, confirm your password first: reload this page.', 403);
    const customer = (await c.get('tdb').customers.find(session.subjectId))!;
    const options = await startRegistration(c.get('tdb'), relying(c), { type: 'customer', id: customer.id }, { name: customer.email ?? customer.id, displayName: `${customer.firstName} ${customer.lastName}` }, now);
    return c.json(options);
  });

  app.post('/', async (c) => {
    const session = c.get('session')!;
    const body = await jsonBody(c);
    if (!body) return refuse(c, 'That request could not be read.');
    const now = c.get('deps').clock.now();
    const subject = { type: 'customer' as const, id: session.subjectId };
    const result = await finishRegistration(c.get('tdb'), relying(c), subject, body.response, typeof body.name === 'string' ? body.name : '', now);
    if (!result.ok) {
      c.get('logger').info('passkey registration refused', { reason: result.reason });
      return refuse(c, 'The passkey could not be added. Try again.');
    }
    const ended = await c.get('tdb').sessions.removeOthers(subject, session.id);
    await c.get('tdb').audit.record({ actorType: 'customer', actorId: subject.id, action: 'mfa.passkey-added', entityType: 'customer', entityId: subject.id, after: { otherSessionsEnded: ended } }, now);
    await queueSecurityNotice(c.get('tdb'), c.get('deps'), c.get('tenant'), { subject, change: 'passkey-added', now, detail: result.name });
    return c.json({ ok: true, redirect: '/security?done=passkey' });
  });
  return app;
}

/** Signing in with a passkey: on its own (it is something you have, unlocked by something you are or know), or as the second step. */
export function passkeyLoginRoutes() {
  const app = new Hono<AppEnv>();

  app.post('/options', async (c) => {
    const now = c.get('deps').clock.now();
    // Each request stores a challenge: cap how many one address can make.
    const locked = await c.get('throttles').attempt(`passkey-options:ip:${clientIp(c)}`, { limit: 60, windowMs: 10 * 60_000, lockMs: 10 * 60_000 }, now);
    if (locked > 0) return c.json({ ok: false, message: `Too many attempts. Try again in ${Math.ceil(locked / 60)} minutes.` }, 429);
    return c.json(await startAuthentication(c.get('tdb'), relying(c), now));
  });

  app.post('/', async (c) => {
    const body = await jsonBody(c);
    if (!body) return refuse(c, 'That request could not be read.');
    const tdb = c.get('tdb');
    const now = c.get('deps').clock.now();
    if (!signInSettingsOf(c.get('tenant')).methods.includes('passkey')) return refuse(c, 'Passkeys are not used by this portal.', 403);
    const result = await finishAuthentication(tdb, relying(c), body.response, now);
    const current = c.get('session');
    // As a second step, the passkey must be the same person's.
    if (!result.ok || result.subject.type !== 'customer' || (current && !current.mfaPassed && current.subjectId !== result.subject.id)) {
      c.get('logger').info('passkey sign-in refused', { reason: result.ok ? 'another person' : result.reason });
      return refuse(c, 'That passkey did not work here. Try again or use your password.', 401);
    }
    if (!(await findBorrowerById(tdb, result.subject.id))) return refuse(c, 'Online access is not available for this account.', 401);
    if (current) await tdb.sessions.remove(current.id);
    const { token } = await startSession(tdb, result.subject, signInSettingsOf(c.get('tenant')), { mfaPassed: true, userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) }, now);
    setSessionCookie(c, token);
    return c.json({ ok: true, redirect: safeNext(typeof body.next === 'string' ? body.next : '/') });
  });
  return app;
}

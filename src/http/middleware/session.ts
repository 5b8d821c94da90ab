import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { resumeSession, signInSettingsOf, startSession } from '../../services/sign-in';

/**
 * Over HTTPS the cookie is `__Host-session` (Secure, no Domain, Path=/: it can never be shared with
 * a sibling tenant). Plain-http local development cannot set Secure cookies on every browser, so
 * there it is `session` with the same other attributes.
 */
export function sessionCookieName(c: Context): string {
  return new URL(c.req.url).protocol === 'https:' ? '__Host-session' : 'session';
}

export function setSessionCookie(c: Context, token: string): void {
  const secure = new URL(c.req.url).protocol === 'https:';
  setCookie(c, sessionCookieName(c), token, { path: '/', httpOnly: true, secure, sameSite: 'Lax' });
}

export function clearSessionCookie(c: Context): void {
  const secure = new URL(c.req.url).protocol === 'https:';
  deleteCookie(c, sessionCookieName(c), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/**
 * A new token for the current session after a privilege-relevant moment (re-authentication, a
 * password change): whatever copy of the old cookie exists stops working.
 */
export async function rotateSession(c: Context<AppEnv>): Promise<void> {
  const old = c.get('session');
  if (!old) return;
  const tdb = c.get('tdb');
  await tdb.sessions.remove(old.id);
  const { token, session } = await startSession(tdb, { type: old.subjectType, id: old.subjectId }, signInSettingsOf(c.get('tenant')), { mfaPassed: old.mfaPassed, userAgent: old.userAgent, ip: old.ip }, c.get('deps').clock.now());
  c.set('session', session);
  setSessionCookie(c, token);
}

/** Loads the session named by the cookie, for this tenant only (another tenant's cookie finds nothing). */
export function loadSession() {
  return createMiddleware<AppEnv>(async function loadSession(c, next) {
    const token = getCookie(c, sessionCookieName(c));
    if (token) {
      const session = await resumeSession(c.get('tdb'), token, signInSettingsOf(c.get('tenant')), c.get('deps').clock.now(), (ended) => {
        if (ended.subjectType === 'agent' && ended.mfaPassed) c.set('endedStaffId', ended.subjectId);
      });
      if (session) c.set('session', session);
      else clearSessionCookie(c);
    }
    await next();
  });
}

/** Pages for signed-in borrowers: others are sent to sign in and brought back afterwards. */
export function requireBorrower() {
  return createMiddleware<AppEnv>(async function requireBorrower(c, next) {
    const session = c.get('session');
    if (!session || session.subjectType !== 'customer' || !session.mfaPassed) {
      const back = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
    }
    await next();
  });
}

/**
 * The client's address for rate limits: Cloudflare's own header on Workers (clients cannot set it
 * there), the socket's address on Node; never a header a client could forge.
 */
export function clientIp(c: Context): string {
  const cf = c.req.header('cf-connecting-ip');
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const ip = cf && typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers' ? cf : (incoming?.socket?.remoteAddress ?? 'unknown');
  return networkOf(ip);
}

/** IPv6 clients get a whole /64 each, so limits count per /64; IPv4 (and mapped IPv4) per address. */
export function networkOf(ip: string): string {
  if (!ip.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) return ip.replace(/^::ffff:/i, '');
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Only local paths may be returned to after sign-in (no //host or scheme: no open redirect). */
export function safeNext(next: string | undefined | null): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

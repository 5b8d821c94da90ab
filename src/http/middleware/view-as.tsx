import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { SessionRow } from '../../db/repositories/auth';
import type { AppEnv } from '../../env';
import { sha256Hex } from '../../lib/hash';
import { resumeSession, signInSettingsOf } from '../../services/sign-in';
import { ViewAsReadOnlyPage } from '../../../templates/pages/view-as';
import { AppError } from '../errors';
import { visiblePath } from '../hosts';
import { isHtmxRequest } from '../htmx';
import { renderPage } from '../render';
import { clearSessionCookie, setSessionCookie } from './session';

/** Set while a member of staff views the portal as a borrower: the banner names both. */
export interface ViewAs {
  agentId: string;
  agentName: string;
  customerId: string;
  customerName: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    viewAs?: ViewAs | undefined;
  }
}

/*
 * "View as borrower" and the one session cookie. Staff and borrowers share the `__Host-session`
 * cookie on the tenant's host, so while an agent views as a borrower that cookie holds the
 * borrower-side session (flagged viewed_by_agent_id) and the agent's own token waits in a second
 * cookie, `__Host-staff-session` (same attributes: Secure, HttpOnly, SameSite=Lax, host-only).
 * Ending the view puts the staff token back. The view lives only as long as the staff session
 * behind it: each request checks that session (which also keeps it from idling out), and a view
 * whose agent signed out, was disabled or was changed ends at once.
 */

/** The cookie holding the agent's own session token while they view as a borrower. */
export function staffCookieName(c: Context): string {
  return new URL(c.req.url).protocol === 'https:' ? '__Host-staff-session' : 'staff-session';
}

/** Keeps the agent's session token aside while the session cookie holds the view. */
export function holdStaffToken(c: Context, token: string): void {
  const secure = new URL(c.req.url).protocol === 'https:';
  setCookie(c, staffCookieName(c), token, { path: '/', httpOnly: true, secure, sameSite: 'Lax' });
}

function dropStaffCookie(c: Context): void {
  const secure = new URL(c.req.url).protocol === 'https:';
  deleteCookie(c, staffCookieName(c), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/** The staff token kept aside, if any. */
export const heldStaffToken = (c: Context): string | undefined => getCookie(c, staffCookieName(c)) || undefined;

/** A redirect that htmx follows as a whole-page navigation (the view changes who is signed in). */
function navigate(c: Context<AppEnv>, to: string) {
  if (isHtmxRequest(c)) {
    c.header('HX-Redirect', to);
    return c.body(null, 204);
  }
  return c.redirect(to, 303);
}

/**
 * Ends a view: the borrower-side session is removed (and the end recorded), then either the staff
 * session comes back into the session cookie (`restore`) or it is signed out too.
 */
export async function endViewAs(c: Context<AppEnv>, view: SessionRow, opts: { restore: boolean }): Promise<void> {
  const tdb = c.get('tdb');
  const now = c.get('deps').clock.now();
  const held = heldStaffToken(c);
  await tdb.sessions.remove(view.id);
  if (view.viewedByAgentId) {
    await tdb.audit.record(
      { actorType: 'agent', actorId: view.viewedByAgentId, action: 'borrower.viewed-as-ended', entityType: 'customer', entityId: view.subjectId, after: { minutes: Math.max(0, Math.round((now.getTime() - view.createdAt.getTime()) / 60_000)) }, requestId: c.get('requestId') },
      now,
    );
  }
  if (held && opts.restore) setSessionCookie(c, held);
  else {
    if (held) await tdb.sessions.remove(await sha256Hex(held));
    clearSessionCookie(c);
  }
  dropStaffCookie(c);
  c.set('session', undefined);
  c.set('viewAs', undefined);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Pages that show a secret even on GET: the authenticator app's setup key. */
const SECRET_PAGES = [/^\/security\/totp\/?$/];

/**
 * Runs right after loadSession(). While the session is a view-as session: the banner's data is
 * set, every unsafe method answers 403 "read-only" (except ending the view and signing out), and
 * so do the pages that show secrets. A staff token left aside by a view that ended elsewhere (it
 * idled out, the borrower ended it, the customer was deleted) is put back.
 */
export function viewAsMode() {
  return createMiddleware<AppEnv>(async function viewAsMode(c, next) {
    const session = c.get('session');
    const held = heldStaffToken(c);
    if (!session?.viewedByAgentId && !held) return next();
    const tdb = c.get('tdb');
    const now = c.get('deps').clock.now();
    const settings = signInSettingsOf(c.get('tenant'));

    if (!session?.viewedByAgentId) {
      if (!held) return next();
      dropStaffCookie(c);
      if (session) return next();
      // The view is gone but the staff session may still be good: back to the staff area with it.
      const staff = await resumeSession(tdb, held, settings, now);
      if (!staff || staff.subjectType !== 'agent') return next();
      setSessionCookie(c, held);
      return navigate(c, '/admin');
    }

    const staff = held ? await resumeSession(tdb, held, settings, now) : null;
    const agent = staff && staff.subjectType === 'agent' && staff.mfaPassed && staff.subjectId === session.viewedByAgentId ? await tdb.agents.find(staff.subjectId) : undefined;
    if (!agent || agent.status !== 'active') {
      // The staff session behind the view ended: so does the view.
      await endViewAs(c, session, { restore: false });
      return navigate(c, '/admin/login?next=%2Fadmin');
    }
    const customer = await tdb.customers.find(session.subjectId);
    c.set('viewAs', { agentId: agent.id, agentName: agent.name, customerId: session.subjectId, customerName: customer ? `${customer.firstName} ${customer.lastName}` : 'the borrower' });

    const path = visiblePath(c.req.path);
    if (!SAFE.has(c.req.method)) {
      if (path === '/view-as/end') return next();
      if (path === '/logout' || path === '/admin/logout') {
        // "Sign out" while viewing signs the member of staff out, not just out of the view.
        await endViewAs(c, session, { restore: false });
        return navigate(c, '/admin/login?out=1');
      }
      return readOnly(c);
    }
    if (SECRET_PAGES.some((p) => p.test(path))) return readOnly(c);
    return next();
  });
}

function readOnly(c: Context<AppEnv>) {
  const view = c.get('viewAs');
  if (isHtmxRequest(c)) throw new AppError('forbidden', 'You are viewing as the borrower: read-only. Return to the staff area to act for the customer.');
  return renderPage(c, 'Viewing as the borrower: read-only', <ViewAsReadOnlyPage customerName={view?.customerName ?? 'the borrower'} />, 403);
}

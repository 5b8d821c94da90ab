import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { factorsOf } from '../../services/mfa';
import { AdminHome } from '../../../templates/pages/admin/home';

/** Staff pages need a staff session that passed its second step (always required for staff). */
export function requireAgent() {
  return createMiddleware<AppEnv>(async function requireAgent(c, next) {
    const session = c.get('session');
    if (!session || session.subjectType !== 'agent' || !session.mfaPassed) {
      const back = new URL(c.req.url);
      return c.redirect(`/admin/login?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
    }
    await next();
  });
}

/** The lender's staff area at /admin (its tools arrive with the agent-admin work). */
export function adminRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', requireAgent(), async (c) => {
    const session = c.get('session')!;
    const agent = await c.get('tdb').agents.find(session.subjectId);
    if (!agent) return c.redirect('/admin/login', 303);
    const factors = await factorsOf(c.get('tdb'), { type: 'agent', id: agent.id });
    const secondStep = factors.totp ? 'Authenticator app' : factors.passkeys > 0 ? 'Passkey' : 'Code by email';
    return renderPage(c, 'Staff area', <AdminHome name={agent.name} email={agent.email} role={agent.role} lender={c.get('tenant').name} secondStep={secondStep} />);
  });
  return app;
}

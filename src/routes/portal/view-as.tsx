import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { endViewAs } from '../../http/middleware/view-as';

/** "Return to staff area": ends a view-as-borrower session and puts the agent's own session back. */
export function viewAsRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/end', async (c) => {
    const session = c.get('session');
    // Not viewing (any more): the middleware already put a held staff session back, if there was one.
    if (!session?.viewedByAgentId) return c.redirect('/admin', 303);
    const customerId = session.subjectId;
    await endViewAs(c, session, { restore: true });
    return c.redirect(`/admin/customers/${encodeURIComponent(customerId)}/privacy?viewed=1`, 303);
  });
  return app;
}

import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { isZip } from '../../integrations/zip';
import { TransientError } from '../../lib/delivery-errors';
import { requireAgent } from './index';
import { currentAgent } from './staff-access';

/**
 * ZIP → city and state for the staff address forms (public/js/zip-fill.js asks as an agent types
 * a ZIP code). JSON: 200 {city, state}, 400/404 {error}, 503 {error} when the provider is down
 * or rate-limited; the form works the same without it (the person types the city and state).
 */
export function zipRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/zip/*', requireAgent());

  app.get('/zip/:zip', async (c) => {
    // Any active member of staff: the answer is public postal data, but the lookup may spend the tenant's USPS quota.
    await currentAgent(c);
    const zip = c.req.param('zip');
    if (!isZip(zip)) return c.json({ error: 'A ZIP code is 5 digits.' }, 400);
    const lookup = c.get('deps').zip;
    try {
      const found = await lookup.lookup(zip);
      if (!found) return c.json({ error: `No city is known for ZIP code ${zip}.` }, 404);
      // Not personal, and a ZIP code's city changes rarely: the browser may keep it for a day.
      return c.json({ city: found.city, state: found.state }, 200, { 'cache-control': 'private, max-age=86400' });
    } catch (error) {
      c.get('logger').warn('zip lookup failed', { provider: lookup.provider, kind: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : String(error) });
      const retryAfter = error instanceof TransientError && error.retryAfterSeconds !== undefined ? { 'retry-after': String(Math.ceil(error.retryAfterSeconds)) } : undefined;
      return c.json({ error: 'The ZIP code lookup is not available right now: type the city and state.' }, 503, retryAfter);
    }
  });

  return app;
}

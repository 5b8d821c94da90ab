import { Hono } from 'hono';
import { pingDb } from '../../db/platform';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { PlatformHome } from '../../../templates/pages/platform-home';

/** The bare base domain: what the product is, and a health check for deploys and monitors. */
export function platformRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => renderPage(c, 'OnlineAccess', <PlatformHome baseDomain={c.get('deps').config.BASE_DOMAIN} />));
  app.get('/healthz', async (c) => {
    const up = await pingDb(c.get('deps').db);
    return c.json({ status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' }, up ? 200 : 503);
  });
  return app;
}

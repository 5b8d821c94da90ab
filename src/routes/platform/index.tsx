import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { PlatformHome } from '../../../templates/pages/platform-home';

/** The bare base domain: what the product is, and a health check for deploys and monitors. */
export function platformRoutes(health: { databaseUp(): Promise<boolean> }) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => renderPage(c, 'OnlineAccess', <PlatformHome baseDomain={c.get('deps').config.BASE_DOMAIN} />));
  app.get('/healthz', async (c) => {
    const up = await health.databaseUp();
    return c.json({ status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' }, up ? 200 : 503);
  });
  return app;
}

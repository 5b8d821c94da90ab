import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { TenantHome } from '../../../templates/pages/tenant-home';

/** The borrower side of a tenant's host. */
export function portalRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    const tenant = c.get('tenant');
    return renderPage(
      c,
      tenant.branding.portalName,
      <TenantHome portalName={tenant.branding.portalName} lenderName={tenant.name} settings={tenant.settings} />,
    );
  });
  return app;
}

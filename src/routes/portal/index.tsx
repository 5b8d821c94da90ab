import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { TenantHome } from '../../../templates/pages/tenant-home';

/** The borrower side of a tenant's host. */
export function portalRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const tenant = c.get('tenant');
    const session = c.get('session');
    const customer = session?.mfaPassed && session.subjectType === 'customer' ? await c.get('tdb').customers.find(session.subjectId) : undefined;
    return renderPage(
      c,
      tenant.branding.portalName,
      <TenantHome portalName={tenant.branding.portalName} lenderName={tenant.name} settings={tenant.settings} signedInAs={customer ? `${customer.firstName} ${customer.lastName}` : undefined} />,
    );
  });
  return app;
}

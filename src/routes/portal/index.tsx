import { Hono } from 'hono';
import { paymentSettingsOf } from '../../services/payment-settings';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { localDate } from '../../domain/dates';
import { borrowerAccounts, portalSettingsOf } from '../../services/borrower-accounts';
import { AccountsPage } from '../../../templates/pages/portal/accounts';
import { TenantHome } from '../../../templates/pages/tenant-home';

/** The borrower side of a tenant's host. */
export function portalRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const tenant = c.get('tenant');
    const session = c.get('session');
    const customer = session?.mfaPassed && session.subjectType === 'customer' ? await c.get('tdb').customers.find(session.subjectId) : undefined;
    if (customer) {
      // Signed in: the home page is the borrower's accounts.
      const accounts = await borrowerAccounts(c.get('tdb'), tenant, customer.id, localDate(c.get('deps').clock.now(), tenant.timeZone));
      return renderPage(c, 'Your accounts', <AccountsPage name={`${customer.firstName} ${customer.lastName}`} accounts={accounts} show={portalSettingsOf(tenant).summaryFields} pay={{ payments: paymentSettingsOf(tenant).enabled, autopay: paymentSettingsOf(tenant).enabled && paymentSettingsOf(tenant).autopay }} />);
    }
    return renderPage(c, tenant.branding.portalName, <TenantHome portalName={tenant.branding.portalName} lenderName={tenant.name} settings={tenant.settings} />);
  });
  return app;
}

import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { platformBrand, themeFor, type Theme } from '../domain/theme';
import type { AppEnv } from '../env';
import { BaseLayout } from '../../templates/layouts/base';
import { paymentSettingsOf } from '../services/payment-settings';
import type { ViewAs } from './middleware/view-as';

/** The tenant's theme on tenant hosts, the platform's elsewhere. */
export function themeOf(c: Context<AppEnv>): Theme {
  const tenant = c.get('tenant') as AppEnv['Variables']['tenant'] | undefined;
  return themeFor(tenant ? tenant.branding : platformBrand);
}

/** Header links for a signed-in borrower, or for staff in the staff area. */
function SignedInNav({ staff, payments }: { staff: boolean; payments: boolean }) {
  return (
    <nav class="nav" aria-label="Your account">
      {staff ? <a href="/admin">Staff area</a> : <a href="/">Accounts</a>}
      {!staff && payments ? <a href="/payments">Payments</a> : null}
      {staff ? null : <a href="/security">Security</a>}
      <form class="inline-form" method="post" action={staff ? '/admin/logout' : '/logout'}>
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}

function paymentsOffered(c: Context<AppEnv>): boolean {
  const tenant = c.get('tenant') as AppEnv['Variables']['tenant'] | undefined;
  return tenant ? paymentSettingsOf(tenant).enabled : false;
}

/** While staff view as a borrower (middleware/view-as): who looks at whom, for the banner. */
function viewAsOf(c: Context<AppEnv>): { agentName: string; customerName: string } | undefined {
  const view: ViewAs | undefined = c.get('viewAs');
  return view ? { agentName: view.agentName, customerName: view.customerName } : undefined;
}

/** A full page in the base layout. */
export function renderPage(c: Context<AppEnv>, title: string, body: Child, status: ContentfulStatusCode = 200) {
  const session = c.get('session');
  return c.html(
    <BaseLayout title={title} theme={themeOf(c)} nonce={c.get('secureHeadersNonce')} nav={session?.mfaPassed ? <SignedInNav staff={session.subjectType === 'agent'} payments={paymentsOffered(c)} /> : undefined} viewAs={viewAsOf(c)}>
      {body}
    </BaseLayout>,
    status,
  );
}

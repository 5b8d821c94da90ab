import { createMiddleware } from 'hono/factory';
import type { TenantDb } from '../../db/tenant';
import type { AppEnv } from '../../env';
import type { TenantDirectory } from '../../services/tenant-directory';
import { classifyHost, requestHost } from '../hosts';
import { renderPage } from '../render';
import { NoPortal } from '../../../templates/pages/no-portal';

/** Resolves the tenant from the Host header; unknown and suspended tenants get the "no portal" page. */
export function resolveTenant(directory: TenantDirectory, scoped: (tenantId: string) => TenantDb) {
  return createMiddleware<AppEnv>(async function resolveTenant(c, next) {
    const { config } = c.get('deps');
    const host = requestHost(c.req.url);
    const scope = classifyHost(host, config.BASE_DOMAIN);
    const tenant = scope.kind === 'tenant' ? await directory.bySlug(scope.slug) : undefined;
    if (!tenant || tenant.status !== 'active') {
      return renderPage(c, 'No portal here', <NoPortal host={host.replace(/:\d+$/, '')} baseDomain={config.BASE_DOMAIN} />, 404);
    }
    c.set('tenant', tenant);
    c.set('tdb', scoped(tenant.id));
    c.set('logger', c.get('logger').child({ tenant: tenant.slug }));
    await next();
  });
}

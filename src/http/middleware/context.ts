import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../../env';
import { visiblePath } from '../hosts';

/** Puts the host's dependencies and a request-scoped logger on the context, and logs each request once. */
export function requestContext(deps: AppDeps) {
  return createMiddleware<AppEnv>(async function requestContext(c, next) {
    const logger = deps.logger.child({ requestId: c.get('requestId') });
    const { db: _db, ...requestDeps } = deps;
    c.set('deps', requestDeps);
    c.set('logger', logger);
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      hostname: new URL(c.req.url).hostname,
      path: visiblePath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      tenant: (c.get('tenant') as AppEnv['Variables']['tenant'] | undefined)?.slug,
    });
  });
}

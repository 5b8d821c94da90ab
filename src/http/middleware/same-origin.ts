import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { AppError } from '../errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence: an unsafe method must come from this very origin. Sibling tenant subdomains are
 * same-site, so SameSite cookies alone do not separate them; the Origin check does.
 * Without Origin, the browser's Sec-Fetch-Site must say same-origin; with neither, refuse.
 */
export function sameOrigin(opts: { exempt?: (scopedPath: string) => boolean } = {}) {
  return createMiddleware<AppEnv>(async function sameOrigin(c, next) {
    if (SAFE.has(c.req.method)) return next();
    // Server-to-server callers (signed processor webhooks) have no browser origin; they prove themselves otherwise.
    if (opts.exempt?.(c.req.path)) return next();
    const expected = new URL(c.req.url).origin;
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const ok = origin ? origin === expected : fetchSite === 'same-origin';
    if (!ok) throw new AppError('forbidden', 'This form was sent from another site, so it was refused. Reload the page and try again.');
    return next();
  });
}

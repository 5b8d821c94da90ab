import type { Hono } from 'hono';
import { TEST_BASE_DOMAIN } from './fixtures';

export const tenantOrigin = (slug: string) => `https://${slug}.${TEST_BASE_DOMAIN}`;

/**
 * Requests to a tenant host as a same-origin browser would send them: forms urlencoded, the
 * session cookie by its token, redirects not followed.
 */
export function tenantClient(app: Pick<Hono, 'request'>, slug: string) {
  return (path: string, init: { method?: string; form?: Record<string, string>; multipart?: FormData; cookie?: string; headers?: Record<string, string> } = {}) =>
    app.request(`${tenantOrigin(slug)}${path}`, {
      method: init.method ?? (init.form || init.multipart ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        origin: tenantOrigin(slug),
        // A multipart body sets its own content type (with the boundary).
        ...(init.multipart ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...(init.cookie ? { cookie: `__Host-session=${init.cookie}` } : {}),
        ...init.headers,
      },
      body: init.multipart ?? (init.form ? new URLSearchParams(init.form).toString() : undefined),
    });
}

/** The session token a response set, or '' when it set none. */
export function sessionTokenOf(res: Response): string {
  return /__Host-session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
}

import type { Config } from '../env';

/**
 * A tenant's address as people click it in emails: <scheme>://<slug>.<base>[:port]/path, from
 * configuration only (never from a request's Host).
 */
export function tenantUrl(config: Config, slug: string, path = '/'): string {
  const port = config.PUBLIC_PORT && ![80, 443].includes(config.PUBLIC_PORT) ? `:${config.PUBLIC_PORT}` : '';
  return `${config.PUBLIC_SCHEME}://${slug}.${config.BASE_DOMAIN}${port}${path}`;
}

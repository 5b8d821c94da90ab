/**
 * Which site a request is for, from its Host header only (never from the body or query):
 * the platform's own site on the bare domain, a tenant's portal on <slug>.<base>, or neither.
 */
export type HostScope = { kind: 'platform' } | { kind: 'tenant'; slug: string } | { kind: 'unknown' };

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Names a tenant can never take: they are, or may become, the platform's own hosts. */
export const reservedSlugs: ReadonlySet<string> = new Set(['www', 'api', 'admin', 'app', 'mail', 'static', 'assets', 'status', 'help', 'support', 'docs', 'dev', 'staging']);

export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug) && !reservedSlugs.has(slug);
}

export function classifyHost(host: string | null | undefined, baseDomain: string): HostScope {
  if (!host) return { kind: 'unknown' };
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (name === baseDomain || name === `www.${baseDomain}`) return { kind: 'platform' };
  const suffix = `.${baseDomain}`;
  if (!name.endsWith(suffix)) return { kind: 'unknown' };
  const slug = name.slice(0, -suffix.length);
  return isValidSlug(slug) ? { kind: 'tenant', slug } : { kind: 'unknown' };
}

/**
 * Routing happens on "<scope prefix><path>", so tenant and platform routes never collide.
 * Route handlers that need the visible path use visiblePath(), not c.req.path.
 */
export const scopePrefix = { platform: '/_platform', tenant: '/_tenant', unknown: '/_nohost' } as const;

export function visiblePath(scopedPath: string): string {
  for (const prefix of Object.values(scopePrefix)) {
    if (scopedPath === prefix) return '/';
    if (scopedPath.startsWith(`${prefix}/`)) return scopedPath.slice(prefix.length);
  }
  return scopedPath;
}

/** The host the request was addressed to (both hosts build request.url from the Host header). */
export function requestHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

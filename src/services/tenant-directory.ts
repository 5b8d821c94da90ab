import type { Db } from '../db/client';
import { tenantsRepo } from '../db/platform';
import type { Tenant } from '../db/schema';

export interface TenantDirectory {
  bySlug(slug: string): Promise<Tenant | undefined>;
  /** Drop cached entries after a tenant changes (settings, branding, status). */
  invalidate(slug?: string): void;
}

/**
 * Host → tenant lookups happen on every request, so they are cached briefly per process
 * (per isolate on Workers). Unknown slugs are cached too, with a size cap (least recently used
 * go first) so random hosts cannot grow memory. A change made elsewhere shows within ttlMs.
 */
export function tenantDirectory(db: Db, opts: { ttlMs: number; maxEntries?: number; now?: () => number }): TenantDirectory {
  const now = opts.now ?? Date.now;
  const max = opts.maxEntries ?? 1000;
  const cache = new Map<string, { tenant: Tenant | undefined; at: number }>();
  const repo = tenantsRepo(db);
  return {
    async bySlug(slug) {
      const hit = cache.get(slug);
      if (hit && now() - hit.at < opts.ttlMs) {
        // Move to the back: eviction takes the least recently used, so busy tenants stay cached.
        cache.delete(slug);
        cache.set(slug, hit);
        return hit.tenant;
      }
      const tenant = await repo.findBySlug(slug);
      cache.delete(slug);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(slug, { tenant, at: now() });
      return tenant;
    },
    invalidate(slug) {
      if (slug === undefined) cache.clear();
      else cache.delete(slug);
    },
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tenantsRepo } from '../db/platform';
import { tenants } from '../db/schema';
import { tempDb } from '../../test/support/node-host';
import { tenantDirectory } from './tenant-directory';

describe('tenantDirectory', () => {
  let env: Awaited<ReturnType<typeof tempDb>>;
  beforeEach(async () => {
    env = await tempDb();
  });
  afterEach(() => env.cleanup());

  it('caches lookups for the TTL, then reads again; invalidate() forgets at once', async () => {
    let t = 0;
    const dir = tenantDirectory(env.db, { ttlMs: 1000, now: () => t });
    expect(await dir.bySlug('acme')).toBeUndefined();
    await tenantsRepo(env.db).create({ slug: 'acme', name: 'Acme', status: 'active', branding: { portalName: 'Acme', primaryColor: '#000000', accentColor: '#ffffff' }, settings: {} }, new Date());
    expect(await dir.bySlug('acme')).toBeUndefined(); // still cached as unknown
    t = 1001;
    expect((await dir.bySlug('acme'))?.name).toBe('Acme');
    await env.db.update(tenants).set({ status: 'suspended' }).where(eq(tenants.slug, 'acme'));
    expect((await dir.bySlug('acme'))?.status).toBe('active'); // within the TTL
    dir.invalidate('acme');
    expect((await dir.bySlug('acme'))?.status).toBe('suspended');
  });

  it('evicts the least recently used slug first', async () => {
    const dir = tenantDirectory(env.db, { ttlMs: 60_000, maxEntries: 2 });
    const create = (slug: string) => tenantsRepo(env.db).create({ slug, name: slug, status: 'active', branding: { portalName: slug, primaryColor: '#000000', accentColor: '#ffffff' }, settings: {} }, new Date());
    await create('busy');
    await dir.bySlug('busy');
    await dir.bySlug('x1');
    await dir.bySlug('busy'); // busy is now the most recent
    await dir.bySlug('x2'); // evicts x1, not busy
    await env.db.update(tenants).set({ name: 'renamed' }).where(eq(tenants.slug, 'busy'));
    expect((await dir.bySlug('busy'))?.name).toBe('busy'); // still served from cache
  });

  it('holds at most maxEntries slugs', async () => {
    const dir = tenantDirectory(env.db, { ttlMs: 60_000, maxEntries: 3 });
    for (const s of ['a', 'b', 'c', 'd']) await dir.bySlug(s);
    await tenantsRepo(env.db).create({ slug: 'a', name: 'A', status: 'active', branding: { portalName: 'A', primaryColor: '#000000', accentColor: '#ffffff' }, settings: {} }, new Date());
    expect((await dir.bySlug('a'))?.name).toBe('A'); // 'a' was evicted, so it is read afresh
  });
});

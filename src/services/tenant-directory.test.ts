import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tenantsRepo } from '../db/platform';
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
    dir.invalidate('acme');
    expect((await dir.bySlug('acme'))?.slug).toBe('acme');
  });

  it('holds at most maxEntries slugs', async () => {
    const dir = tenantDirectory(env.db, { ttlMs: 60_000, maxEntries: 3 });
    for (const s of ['a', 'b', 'c', 'd']) await dir.bySlug(s);
    await tenantsRepo(env.db).create({ slug: 'a', name: 'A', status: 'active', branding: { portalName: 'A', primaryColor: '#000000', accentColor: '#ffffff' }, settings: {} }, new Date());
    expect((await dir.bySlug('a'))?.name).toBe('A'); // 'a' was evicted, so it is read afresh
  });
});

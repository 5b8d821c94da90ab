import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient as createWebClient } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, staleWriteOf } from '../../src/db/client';
import { forTenant } from '../../src/db/tenant';
import { tenants } from '../../src/db/schema';
import { openLocalDb } from '../../src/platform/node';
import { startHranaServer, type HranaServer } from '../support/hrana-server';

/**
 * A change written against a ledger another change has moved on aborts its whole batch, on both
 * hosts: the embedded file and libSQL over HTTP (Turso on Workers), where the error arrives as text.
 */
describe('stale writes abort their batch, and are recognised, over both clients', () => {
  let dir: string;
  let server: HranaServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stale-'));
    const db = await openLocalDb(`file:${join(dir, 'db.sqlite')}`);
    await db.insert(tenants).values({ id: 't1', slug: 't1', name: 'T', timeZone: 'UTC', branding: { portalName: 'T', primaryColor: '#1f4e79', accentColor: '#b45309' }, settings: {}, createdAt: new Date(), updatedAt: new Date() });
    await db.$client.execute("insert into customers (tenant_id, id, first_name, last_name, created_at, updated_at) values ('t1', 'c1', 'A', 'B', 0, 0)");
    await db.$client.execute("insert into accounts (tenant_id, id, display_id, type, status, product_name, opened_on, created_at, updated_at) values ('t1', 'a1', 'A-1', 'installment', 'Active', 'Loan', '2026-01-01', 0, 0)");
    db.$client.close();
    server = await startHranaServer({ dbPath: join(dir, 'db.sqlite') });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('over HTTP: the version check aborts everything after it, and staleWriteOf names it', async () => {
    const db = createDb(createWebClient({ url: server.url }));
    const tdb = forTenant(db, 't1');
    const now = new Date();
    await tdb.batch([tdb.accounts.ledgerVersionOrAbort('a1', 0, now)]);
    const stale = await tdb.batch([tdb.accounts.ledgerVersionOrAbort('a1', 0, now), tdb.accounts.statusStatement('a1', 'Past Due', 'Active', now)]).then(() => null, (e: unknown) => e);
    expect(staleWriteOf(stale)).toBe('ledger');
    // Nothing in the aborted batch was written.
    expect((await tdb.accounts.find('a1'))).toMatchObject({ status: 'Active', ledgerVersion: 1 });
  });
});

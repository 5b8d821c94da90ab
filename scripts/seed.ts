/**
 * npm run seed -- [--tenants N] [--borrowers M] [--password P]
 * Without flags: the demo tenant (as npm start does). With flags: N load-test tenants (load-001…)
 * with M borrowers each, for benchmarks. Writes to DATABASE_URL (default .data/portal.db).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { folderFileStore } from '../src/files/folder';
import { parseConfig } from '../src/env';
import { systemClock } from '../src/lib/clock';
import { openLocalDb } from '../src/platform/node';
import { createJobQueue } from '../src/queues/job-table';
import { seedDemo, seedLoad } from '../src/services/seed';

const { values } = parseArgs({
  options: { tenants: { type: 'string' }, borrowers: { type: 'string' }, password: { type: 'string', default: 'Load-Test-Password-1' } },
});
const count = (name: string, raw: string | undefined, fallback: number) => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10_000_000) {
    console.error(`--${name} must be a whole number from 0 to 10,000,000 (got "${raw}")`);
    process.exit(2);
  }
  return n;
};

const db = await openLocalDb(process.env.DATABASE_URL ?? 'file:.data/portal.db');
if (values.tenants === undefined && values.borrowers === undefined) {
  const config = parseConfig({ PUBLIC_SCHEME: 'http', PUBLIC_PORT: process.env.PORT ?? '8787', ...process.env });
  const queue = createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: 60_000 }).producer;
  const seeded = await seedDemo({ db, clock: systemClock, queue, config, files: folderFileStore(resolve(config.FILES_DIR)) });
  console.log(seeded ? `Demo tenant "${seeded.tenant.slug}" created.` : 'The demo tenant already exists; nothing changed.');
} else {
  const tenants = count('tenants', values.tenants, 1);
  const borrowers = count('borrowers', values.borrowers, 1000);
  const started = performance.now();
  const slugs = await seedLoad({ db, clock: systemClock }, { tenants, borrowers, password: values.password, onProgress: (m) => console.log(m) });
  const secs = (performance.now() - started) / 1000;
  console.log(`${slugs.length} tenants × ${borrowers} borrowers in ${secs.toFixed(1)} s; every load borrower's password is "${values.password}".`);
}

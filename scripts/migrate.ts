/**
 * npm run db:migrate — applies migrations/ to DATABASE_URL: a local file (default .data/portal.db)
 * or a remote libSQL/Turso database (libsql://… with DATABASE_AUTH_TOKEN), as done before a deploy.
 */
import { createClient } from '@libsql/client';
import { createDb } from '../src/db/client';
import { migrateDb } from '../src/db/migrate';
import { openLocalDb } from '../src/platform/node';

const url = process.env.DATABASE_URL ?? 'file:.data/portal.db';
if (url.startsWith('file:')) {
  await openLocalDb(url);
} else {
  await migrateDb(createDb(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN })));
}
console.log(`Migrations applied to ${url.replace(/\/\/[^@]*@/, '//')}`);

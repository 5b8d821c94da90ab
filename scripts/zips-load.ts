/**
 * npm run zips:load — loads data/zip-codes.tsv into DATABASE_URL's zip_codes table: a local file
 * (default .data/portal.db; the Node host also does this by itself when the table is empty) or a
 * remote libSQL/Turso database (libsql://… with DATABASE_AUTH_TOKEN), after `npm run db:migrate`,
 * for the Worker's offline ZIP lookup. Safe to repeat: rows are upserted.
 */
import { createClient } from '@libsql/client';
import { createDb } from '../src/db/client';
import { countZipCodes, loadZipCodes } from '../src/integrations/zip/offline';
import { readZipTable } from '../src/integrations/zip/data-file';
import { openLocalDb } from '../src/platform/node';

const url = process.env.DATABASE_URL ?? 'file:.data/portal.db';
const db = url.startsWith('file:') ? await openLocalDb(url) : createDb(createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN }));
const started = Date.now();
const loaded = await loadZipCodes(db, await readZipTable());
console.log(`Loaded ${loaded} ZIP codes into ${url.replace(/\/\/[^@]*@/, '//')} in ${((Date.now() - started) / 1000).toFixed(1)} s; the table holds ${await countZipCodes(db)}.`);
db.$client.close();

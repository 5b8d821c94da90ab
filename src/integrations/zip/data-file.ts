import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/client';
import { countZipCodes, loadZipCodes, parseZipTable, type ZipRow } from './offline';

/**
 * Node only (it reads a file): the offline ZIP table as shipped, data/zip-codes.tsv. The Worker
 * never imports this; its database is loaded with `npm run zips:load`.
 */
export const zipTablePath = fileURLToPath(new URL('../../../data/zip-codes.tsv', import.meta.url));

export async function readZipTable(path = zipTablePath): Promise<ZipRow[]> {
  return parseZipTable(await readFile(path, 'utf8'));
}

/** Loads the table into an empty zip_codes (a new local database); returns how many rows it loaded, 0 when already there. */
export async function ensureZipCodes(db: Db, path = zipTablePath): Promise<number> {
  if ((await countZipCodes(db)) > 0) return 0;
  return loadZipCodes(db, await readZipTable(path));
}

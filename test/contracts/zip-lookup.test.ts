import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { parseConfig } from '../../src/env';
import { cityCase, isZip, uspsCityStateResponse, uspsErrorMessage, type ZipLookup } from '../../src/integrations/zip';
import { ensureZipCodes, readZipTable } from '../../src/integrations/zip/data-file';
import { countZipCodes, loadZipCodes, offlineZipLookup, parseZipTable, type ZipRow } from '../../src/integrations/zip/offline';
import { firstAnswer, zipLookupFor } from '../../src/integrations/zip/select';
import { uspsZipLookup } from '../../src/integrations/zip/usps';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';
import { PROD_SECRETS } from '../support/fixtures';
import { tempDb } from '../support/node-host';

const CLIENT_ID = 'usps-consumer-key-0001';
const CLIENT_SECRET = 'usps-consumer-secret-0001';

/** USPS's ErrorMessage envelope (Addresses 3.0.2 OpenAPI). */
const uspsError = (status: number, message: string, errors: unknown[] = []) => ({ apiVersion: 'v3', error: { code: String(status), message, errors } });

/**
 * A loopback server speaking USPS's documented protocol: POST /oauth2/v3/token (client
 * credentials, JSON body) and GET /addresses/v3/city-state?ZIPCode=… with a bearer token; errors in
 * the ErrorMessage envelope, 401 with WWW-Authenticate, 429 with Retry-After. The answers for
 * 30022 (ALPHARETTA, GA) and the 429 body are USPS's own examples; the other ZIPs pick a behaviour.
 */
function fakeUsps() {
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const state = { issued: 0, valid: new Set<string>(), refuseAll: false, tokenStatus: 200, tokenRetryAfter: '' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      const url = new URL(req.url ?? '/', 'http://fake');

      if (req.method === 'POST' && url.pathname === '/oauth2/v3/token') {
        if (state.tokenStatus === 429) return reply(429, uspsError(429, 'Too many token requests.'), state.tokenRetryAfter ? { 'retry-after': state.tokenRetryAfter } : {});
        if (state.tokenStatus >= 500) return reply(state.tokenStatus, uspsError(state.tokenStatus, 'Service unavailable'));
        let creds: Record<string, unknown> = {};
        try {
          creds = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return reply(400, { error: 'invalid_request', error_description: 'Body must be JSON.' });
        }
        if (creds.grant_type !== 'client_credentials') return reply(400, { error: 'unsupported_grant_type', error_description: 'Only client_credentials.' });
        if (creds.client_id !== CLIENT_ID || creds.client_secret !== CLIENT_SECRET) return reply(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
        const token = `tok-${++state.issued}`;
        state.valid.add(token);
        // A short pause, so concurrent lookups really do wait on one token request.
        setTimeout(
          () =>
            reply(200, {
              access_token: token,
              token_type: 'Bearer',
              issued_at: 1795400000000,
              expires_in: 28799,
              status: 'approved',
              scope: 'addresses',
              issuer: 'api.usps.com',
              client_id: CLIENT_ID,
              application_name: 'lender-portal-test',
              api_products: '[Public Access I]',
              public_key: 'LS0tLS1CRUdJTi…',
            }),
          20,
        );
        return;
      }

      if (req.method !== 'GET' || url.pathname !== '/addresses/v3/city-state') return reply(404, uspsError(404, 'Resource not found.'));
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (state.refuseAll || !bearer || !state.valid.has(bearer)) {
        return reply(401, uspsError(401, 'Unauthorized request. The access token is invalid or expired.'), { 'www-authenticate': 'Bearer realm="https://apis.usps.com"' });
      }
      const zip = url.searchParams.get('ZIPCode') ?? '';
      switch (zip) {
        case '30022':
          return reply(200, { city: 'ALPHARETTA', state: 'GA' });
        case '80202':
          return reply(200, { city: 'DENVER', state: 'CO', ZIPCode: '80202' });
        case '90210':
          return reply(200, { city: 'BEVERLY HILLS', state: 'CA' });
        case '27101':
          return reply(200, { city: 'WINSTON SALEM', state: 'NC' });
        case '09001':
          return reply(200, { city: 'APO', state: 'AE' });
        case '96910':
          return reply(200, { city: 'HAGATNA', state: 'GU' });
        case '42901':
          return reply(
            429,
            {
              apiVersion: '/addresses/v3',
              error: { code: '429', message: 'Exceeded quota limit. Please contact the USPS API support team.', errors: [{ title: 'Too Many Requests.', detail: 'Quota limit exceeded.', status: '429', source: { parameter: 'API product or default', APIProduct: 'Public Access I' } }] },
            },
            { 'retry-after': '30' },
          );
        case '42902':
          return reply(429, uspsError(429, 'Too many requests.'));
        case '40300':
          return reply(403, uspsError(403, 'Access is denied.'));
        case '50300':
          return reply(503, uspsError(503, 'Service is unavailable.'), { 'retry-after': '5' });
        case '50200':
          res.writeHead(502, { 'content-type': 'text/html' });
          return res.end('<html><body>Bad Gateway</body></html>');
        case '20001':
          return reply(200, { city: 'WASHINGTON', state: 'DC', ZIPCode: '20002' });
        case '20003':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html>maintenance</html>');
        case '20004':
          return reply(200, { city: 'NOWHERE', state: 'ZZ' });
        case '11111':
          return; // never answers: only the client's timeout ends this
        case '00000':
          return reply(400, uspsError(400, 'Invalid ZIP Code.', [{ status: '400', code: '010', title: 'Invalid ZIP Code', detail: 'The ZIP Code 00000 is not valid.', source: { parameter: 'ZIPCode', example: '20260' } }]));
        default:
          return reply(404, uspsError(404, 'The ZIP Code was not found.'));
      }
    });
  });
  return { server, received, state };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

/** The shipped table, read once for the file. */
let shipped: Promise<ZipRow[]> | undefined;
const shippedTable = () => (shipped ??= readZipTable());

/** The shipped table's rows for these ZIPs only: a test loads what it needs, not 41,000 rows. */
async function shippedRows(...zips: string[]): Promise<ZipRow[]> {
  const wanted = new Set(zips);
  return (await shippedTable()).filter((r) => wanted.has(r.zip));
}

describe('ZipLookup contract', () => {
  const fake = fakeUsps();
  let baseUrl = '';
  let db: Db;
  let cleanup = () => {};
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    const t = await tempDb();
    db = t.db;
    cleanup = t.cleanup;
    await loadZipCodes(db, await shippedRows('80202', '90210', '27101', '09001', '96910', '00501', '00601'));
  });
  afterAll(() => {
    cleanup();
    fake.server.closeAllConnections();
    return new Promise<void>((r) => fake.server.close(() => r()));
  });

  const implementations: [string, () => ZipLookup][] = [
    ['offline', () => offlineZipLookup(db)],
    ['usps', () => uspsZipLookup({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })],
  ];
  for (const [name, make] of implementations) {
    it(`${name}: answers a ZIP's city and state in title case, and names its provider`, async () => {
      const zip = make();
      expect(zip.provider).toBe(name);
      expect(await zip.lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
      expect(await zip.lookup('90210')).toEqual({ city: 'Beverly Hills', state: 'CA' });
      expect(await zip.lookup('96910')).toEqual({ city: 'Hagatna', state: 'GU' });
    });

    it(`${name}: keeps military post offices in capitals`, async () => {
      expect(await make().lookup('09001')).toEqual({ city: 'APO', state: 'AE' });
    });

    it(`${name}: answers null for a ZIP code that does not exist`, async () => {
      expect(await make().lookup('00000')).toBeNull();
    });

    it(`${name}: answers null for anything but five digits, without asking anyone`, async () => {
      const zip = make();
      const before = fake.received.length;
      for (const bad of ['', '8020', '802021', '80202-1234', ' 80202', 'abcde', '8020a', '８０２０２']) expect(await zip.lookup(bad), bad).toBeNull();
      expect(fake.received.length).toBe(before);
    });
  }

  describe('USPS over HTTP', () => {
    const usps = (extra: Partial<Parameters<typeof uspsZipLookup>[0]> = {}) => uspsZipLookup({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...extra });

    it('gets a token by client credentials, then sends the documented GET with it', async () => {
      const before = fake.received.length;
      expect(await usps().lookup('30022')).toEqual({ city: 'Alpharetta', state: 'GA' });
      const [token, lookup] = fake.received.slice(before);
      expect(token!.method).toBe('POST');
      expect(token!.url).toBe('/oauth2/v3/token');
      expect(token!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(token!.body)).toEqual({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, grant_type: 'client_credentials', scope: 'addresses' });
      expect(lookup!.method).toBe('GET');
      expect(lookup!.url).toBe('/addresses/v3/city-state?ZIPCode=30022');
      expect(lookup!.headers.authorization).toMatch(/^Bearer tok-\d+$/);
      expect(lookup!.headers.accept).toBe('application/json');
    });

    it('caches the token: one token request for many lookups, even concurrent ones', async () => {
      const zip = usps();
      const before = fake.received.length;
      await Promise.all(['80202', '90210', '30022', '27101', '09001'].map((z) => zip.lookup(z)));
      await zip.lookup('96910');
      const sent = fake.received.slice(before);
      expect(sent.filter((r) => r.url === '/oauth2/v3/token')).toHaveLength(1);
      expect(sent.filter((r) => r.url.startsWith('/addresses/v3/city-state'))).toHaveLength(6);
      expect(new Set(sent.filter((r) => r.url.startsWith('/addresses')).map((r) => r.headers.authorization)).size).toBe(1);
    });

    it('renews the token shortly before it expires (about 8 hours)', async () => {
      let now = Date.parse('2026-11-22T09:00:00Z');
      const zip = usps({ now: () => now });
      const tokenRequests = () => fake.received.filter((r) => r.url === '/oauth2/v3/token').length;
      await zip.lookup('80202');
      const first = tokenRequests();
      now += 7 * 3600_000;
      await zip.lookup('80202');
      expect(tokenRequests()).toBe(first);
      // expires_in 28,799 s (7 h 59 min 59 s); renewed five minutes early, from 7 h 54 min 59 s.
      now += 54 * 60_000;
      await zip.lookup('80202');
      expect(tokenRequests()).toBe(first);
      now += 60_000;
      await zip.lookup('80202');
      expect(tokenRequests()).toBe(first + 1);
      await zip.lookup('90210');
      expect(tokenRequests()).toBe(first + 1);
    });

    it('on 401 gets a new token and tries once more', async () => {
      const zip = usps();
      await zip.lookup('80202');
      fake.state.valid.clear(); // USPS revoked every token
      const before = fake.received.length;
      expect(await zip.lookup('90210')).toEqual({ city: 'Beverly Hills', state: 'CA' });
      expect(fake.received.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(['GET /addresses/v3/city-state', 'POST /oauth2/v3/token', 'GET /addresses/v3/city-state']);
    });

    it('gives up with PermanentError when a new token is refused too', async () => {
      fake.state.refuseAll = true;
      try {
        const err = await failure(usps().lookup('80202'));
        expect(err).toBeInstanceOf(PermanentError);
        expect((err as Error).message).toMatch(/^USPS 401: 401 Unauthorized request.*check USPS_CLIENT_ID and USPS_CLIENT_SECRET/);
      } finally {
        fake.state.refuseAll = false;
      }
    });

    it('maps rejected credentials to PermanentError naming the settings, never the secret', async () => {
      const err = await failure(usps({ clientSecret: 'wrong-secret-value' }).lookup('80202'));
      expect(err).toBeInstanceOf(PermanentError);
      expect((err as Error).message).toBe('USPS token 401: invalid_client: Client authentication failed. (check USPS_CLIENT_ID and USPS_CLIENT_SECRET, and that the app has the Addresses product)');
      expect(String(err) + (err as Error).stack).not.toContain('wrong-secret-value');
    });

    it('maps 429 to TransientError with Retry-After, and makes no call until it has passed', async () => {
      let now = Date.parse('2026-11-22T09:00:00Z');
      const zip = usps({ now: () => now });
      await zip.lookup('80202');
      const limited = await failure(zip.lookup('42901'));
      expect(limited).toBeInstanceOf(TransientError);
      expect((limited as TransientError).message).toBe('USPS 429: 429 Exceeded quota limit. Please contact the USPS API support team. (Quota limit exceeded.)');
      expect((limited as TransientError).retryAfterSeconds).toBe(30);

      const before = fake.received.length;
      now += 10_000;
      const waiting = await failure(zip.lookup('80202'));
      expect(waiting).toBeInstanceOf(TransientError);
      expect((waiting as TransientError).retryAfterSeconds).toBe(20);
      expect(fake.received.length).toBe(before);

      now += 20_000;
      expect(await zip.lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
      expect(fake.received.length).toBe(before + 1);
    });

    it('without a Retry-After, a 429 still holds calls back for a minute', async () => {
      let now = Date.parse('2026-11-22T09:00:00Z');
      const zip = usps({ now: () => now });
      expect(((await failure(zip.lookup('42902'))) as TransientError).retryAfterSeconds).toBe(60);
      now += 59_000;
      await expect(zip.lookup('80202')).rejects.toThrow(/not calling again for 1 s/);
      now += 1_000;
      expect(await zip.lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
    });

    it('a rate-limited or failing token endpoint is transient too', async () => {
      let now = Date.parse('2026-11-22T09:00:00Z');
      fake.state.tokenStatus = 429;
      fake.state.tokenRetryAfter = '12';
      try {
        const zip = usps({ now: () => now });
        const err = await failure(zip.lookup('80202'));
        expect(err).toBeInstanceOf(TransientError);
        expect((err as TransientError).retryAfterSeconds).toBe(12);
        fake.state.tokenStatus = 503;
        now += 12_000;
        await expect(zip.lookup('80202')).rejects.toThrow(new TransientError('USPS token 503: 503 Service unavailable'));
        fake.state.tokenStatus = 200;
        expect(await zip.lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
      } finally {
        fake.state.tokenStatus = 200;
      }
    });

    it('maps 5xx and the unreachable to TransientError, 403 to PermanentError', async () => {
      const unavailable = await failure(usps().lookup('50300'));
      expect(unavailable).toBeInstanceOf(TransientError);
      expect((unavailable as TransientError).message).toBe('USPS 503: 503 Service is unavailable.');
      expect((unavailable as TransientError).retryAfterSeconds).toBe(5);
      await expect(usps().lookup('50200')).rejects.toThrow(new TransientError('USPS 502: Bad Gateway'));
      const denied = await failure(usps().lookup('40300'));
      expect(denied).toBeInstanceOf(PermanentError);
      expect((denied as Error).message).toMatch(/^USPS 403: 403 Access is denied\. \(does the app have the Addresses product\?\)$/);
      await expect(usps({ baseUrl: 'http://127.0.0.1:9' }).lookup('80202')).rejects.toBeInstanceOf(TransientError);
    });

    it('gives up on a silent USPS quickly', async () => {
      const started = Date.now();
      const zip = usps({ timeoutMs: 150 });
      await zip.lookup('80202'); // the token first, so only the lookup can hang
      await expect(zip.lookup('11111')).rejects.toThrow(/USPS unreachable: .*(timeout|aborted)/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('answers null for USPS 400 and 404 (no such ZIP)', async () => {
      expect(await usps().lookup('00000')).toBeNull();
      expect(await usps().lookup('99999')).toBeNull();
    });

    it('refuses a success it cannot trust with PermanentError', async () => {
      const cases: [string, RegExp][] = [
        ['20001', /answer is for ZIP 20002, not 20001/],
        ['20003', /not a city and state/],
        ['20004', /unknown state code ZZ/],
      ];
      for (const [zip, message] of cases) {
        const err = await failure(usps().lookup(zip));
        expect(err, zip).toBeInstanceOf(PermanentError);
        expect((err as Error).message, zip).toMatch(message);
      }
    });

    it('tolerates a trailing slash on the base URL and uses the fetch it is given', async () => {
      const calls: string[] = [];
      const zip = usps({
        baseUrl: `${baseUrl}/`,
        fetch: (input, init) => {
          calls.push(String(input));
          return fetch(input, init);
        },
      });
      expect(await zip.lookup('27101')).toEqual({ city: 'Winston Salem', state: 'NC' });
      expect(calls).toEqual([`${baseUrl}/oauth2/v3/token`, `${baseUrl}/addresses/v3/city-state?ZIPCode=27101`]);
    });

    it('parses the documented shapes with its zod schemas', () => {
      expect(uspsCityStateResponse.parse({ city: 'ALPHARETTA', state: 'GA' })).toEqual({ city: 'ALPHARETTA', state: 'GA' });
      expect(uspsCityStateResponse.safeParse({ city: '', state: 'GA' }).success).toBe(false);
      expect(uspsCityStateResponse.safeParse({ city: 'X'.repeat(29), state: 'GA' }).success).toBe(false);
      expect(uspsCityStateResponse.safeParse({ city: 'ALPHARETTA', state: 'Georgia' }).success).toBe(false);
      expect(uspsErrorMessage.parse({ apiVersion: 'v1', error: { code: '404', message: 'There is no match for the address requested.', errors: [] } }).error?.message).toBe('There is no match for the address requested.');
    });
  });

  describe('the offline table', () => {
    it('ships real USPS data: 41,000-odd ZIP codes with known rows, sorted and unique', async () => {
      const rows = await shippedTable();
      expect(rows.length).toBeGreaterThan(41_000);
      const byZip = new Map(rows.map((r) => [r.zip, r]));
      expect(byZip.size).toBe(rows.length);
      expect(rows.map((r) => r.zip)).toEqual([...byZip.keys()].sort());
      expect(byZip.get('90210')).toEqual({ zip: '90210', city: 'Beverly Hills', state: 'CA' });
      expect(byZip.get('00501')).toEqual({ zip: '00501', city: 'Holtsville', state: 'NY' });
      expect(byZip.get('00601')).toEqual({ zip: '00601', city: 'Adjuntas', state: 'PR' });
      expect(byZip.get('80202')).toEqual({ zip: '80202', city: 'Denver', state: 'CO' });
      expect(byZip.get('27101')).toEqual({ zip: '27101', city: 'Winston-Salem', state: 'NC' });
      expect(byZip.get('00000')).toBeUndefined();
      expect(new Set(rows.map((r) => r.state)).size).toBeGreaterThanOrEqual(60);
    });

    it('knows Puerto Rico from the main source', async () => {
      expect(await offlineZipLookup(db).lookup('00601')).toEqual({ city: 'Adjuntas', state: 'PR' });
      expect(await offlineZipLookup(db).lookup('00501')).toEqual({ city: 'Holtsville', state: 'NY' });
    });

    it('parses only well-formed tables, naming the bad line', () => {
      expect(parseZipTable('zip\tcity\tstate\n80202\tDENVER\tCO\n\n')).toEqual([{ zip: '80202', city: 'Denver', state: 'CO' }]);
      expect(() => parseZipTable('80202\tDenver\tCO\n')).toThrow(/header/);
      for (const bad of ['8020\tDenver\tCO', '80202\t\tCO', '80202\tDenver\tZZ', '80202\tDenver\tCO\textra', '80202\tDenver']) {
        expect(() => parseZipTable(`zip\tcity\tstate\n80202\tDenver\tCO\n${bad}\n`), bad).toThrow(/line 3/);
      }
    });

    it('loads a file into an empty table only, and upserts on reload', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zips-'));
      const t = await tempDb();
      try {
        const path = join(dir, 'zips.tsv');
        writeFileSync(path, 'zip\tcity\tstate\n80202\tDenver\tCO\n90210\tBeverly Hills\tCA\n');
        expect(await ensureZipCodes(t.db, path)).toBe(2);
        expect(await ensureZipCodes(t.db, path)).toBe(0);
        expect(await countZipCodes(t.db)).toBe(2);
        await loadZipCodes(t.db, [{ zip: '80202', city: 'Denver City', state: 'CO' }, { zip: '00501', city: 'Holtsville', state: 'NY' }], { rowsPerStatement: 1 });
        expect(await countZipCodes(t.db)).toBe(3);
        expect(await offlineZipLookup(t.db).lookup('80202')).toEqual({ city: 'Denver City', state: 'CO' });
      } finally {
        t.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('spells cities one way whatever the source', () => {
      expect(cityCase('BEVERLY HILLS', 'CA')).toBe('Beverly Hills');
      expect(cityCase('winston-salem', 'NC')).toBe('Winston-Salem');
      expect(cityCase('  SAINT   PAUL ', 'MN')).toBe('Saint Paul');
      expect(cityCase('Fpo', 'AP')).toBe('FPO');
      expect(isZip('80202')).toBe(true);
      expect(isZip('80202-1234')).toBe(false);
    });
  });

  describe('zipLookupFor', () => {
    it('is the offline table unless configured for USPS', async () => {
      expect(zipLookupFor({}, db).provider).toBe('offline');
      expect(zipLookupFor({ ZIP_LOOKUP: 'offline' }, db).provider).toBe('offline');
      expect(await zipLookupFor({}, db).lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
    });

    it('with USPS, asks the table first and USPS only for what the table lacks, through the given fetch', async () => {
      const calls: string[] = [];
      const zip = zipLookupFor({ ZIP_LOOKUP: 'usps', USPS_CLIENT_ID: CLIENT_ID, USPS_CLIENT_SECRET: CLIENT_SECRET, USPS_BASE_URL: baseUrl }, db, (input, init) => {
        calls.push(new URL(String(input)).pathname);
        return fetch(input, init);
      });
      expect(zip.provider).toBe('offline+usps');
      expect(await zip.lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
      expect(calls).toEqual([]);
      expect(await zip.lookup('30022')).toEqual({ city: 'Alpharetta', state: 'GA' });
      expect(calls).toEqual(['/oauth2/v3/token', '/addresses/v3/city-state']);
      expect(await zip.lookup('00000')).toBeNull();
    });

    it('refuses USPS without its credentials, in the config and in the selector', () => {
      expect(() => zipLookupFor({ ZIP_LOOKUP: 'usps', USPS_CLIENT_ID: CLIENT_ID }, db)).toThrow(/USPS_CLIENT_SECRET: required when ZIP_LOOKUP is usps/);
      expect(() => parseConfig({ ZIP_LOOKUP: 'usps', USPS_CLIENT_ID: CLIENT_ID })).toThrow(/USPS_CLIENT_SECRET: required when ZIP_LOOKUP is usps/);
      expect(parseConfig({ ZIP_LOOKUP: 'usps', USPS_CLIENT_ID: CLIENT_ID, USPS_CLIENT_SECRET: CLIENT_SECRET }).ZIP_LOOKUP).toBe('usps');
    });

    it('accepts the offline table in production: it is real USPS data, not a sandbox', () => {
      const config = parseConfig({ APP_ENV: 'production', ...PROD_SECRETS, EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_test_production_config_only' });
      expect(config.ZIP_LOOKUP).toBe('offline');
    });

    it('firstAnswer passes errors on instead of hiding them', async () => {
      const broken: ZipLookup = { provider: 'broken', lookup: () => Promise.reject(new TransientError('down', 3)) };
      await expect(firstAnswer([offlineZipLookup(db), broken]).lookup('30022')).rejects.toThrow('down');
      expect(await firstAnswer([offlineZipLookup(db), broken]).lookup('80202')).toEqual({ city: 'Denver', state: 'CO' });
    });
  });
});

// Conformance test for the test-only Hrana server: the same calls through `@libsql/client/web`
// (HTTP, against the server) and the native `file:` client must give the same results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createNativeClient, LibsqlError, type Client, type ResultSet, type Transaction } from '@libsql/client';
import { createClient as createWebClient } from '@libsql/client/web';
import { startHranaServer, type HranaServer } from './hrana-server';

const TOKEN = 't0k';
let dir: string;
let server: HranaServer;
let remote: Client; // over HTTP through the Hrana server
let remote2: Client; // a second HTTP client, to observe isolation
let local: Client; // native libsql on another file: the reference behaviour
let local2: Client;
const clients: Client[] = [];

// Row values as plain arrays, blobs as byte arrays, so results compare with toEqual.
function norm(rs: ResultSet) {
  return {
    columns: rs.columns,
    columnTypes: rs.columnTypes,
    rows: rs.rows.map((r) => Array.from({ length: r.length }, (_, i) => {
      const v = r[i];
      return v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v;
    })),
  };
}

async function both<T>(fn: (c: Client, observer: Client) => Promise<T>): Promise<T> {
  const [viaHttp, native] = [await fn(remote, remote2), await fn(local, local2)];
  expect(viaHttp).toEqual(native);
  return viaHttp;
}

async function failure(p: Promise<unknown>): Promise<LibsqlError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(LibsqlError);
  return e as LibsqlError;
}

const count = async (c: Client | Transaction) => (await c.execute('SELECT count(*) AS n FROM items')).rows[0]?.n;

async function pipeline(body: unknown, token = TOKEN) {
  const res = await fetch(`${server.url}/v2/pipeline`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as any };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hrana-test-'));
  server = await startHranaServer({ dbPath: join(dir, 'remote.db'), authToken: TOKEN });
  const mk = <C extends Client>(c: C) => (clients.push(c), c);
  remote = mk(createWebClient({ url: server.url, authToken: TOKEN, intMode: 'bigint' }));
  remote2 = mk(createWebClient({ url: server.url, authToken: TOKEN, intMode: 'bigint' }));
  local = mk(createNativeClient({ url: `file:${join(dir, 'local.db')}`, intMode: 'bigint' }));
  local2 = mk(createNativeClient({ url: `file:${join(dir, 'local.db')}`, intMode: 'bigint' }));
  await both((c) => c.execute('CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, price REAL, name TEXT UNIQUE, data BLOB)').then(norm));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hrana test server vs native libsql', () => {
  it('round-trips int64, REAL, BLOB and UTF-8 text through INSERT … RETURNING', async () => {
    const big = 2n ** 53n + 1n;
    const text = 'héllo wörld — ✓ 🚀 日本';
    const rs = await both(async (c) => norm(await c.execute({
      sql: 'INSERT INTO items (qty, price, name, data) VALUES (?, ?, ?, ?) RETURNING *',
      args: [big, 3.25, text, new Uint8Array([0, 1, 2, 127, 128, 255])],
    })));
    expect(rs.rows).toEqual([[1n, big, 3.25, text, [0, 1, 2, 127, 128, 255]]]);
    expect(rs.columnTypes).toEqual(['INTEGER', 'INTEGER', 'REAL', 'TEXT', 'BLOB']);
    // The native client reports 0 for RETURNING statements; the server reports the real count.
    expect((await remote.execute("UPDATE items SET qty = qty WHERE id = 1 RETURNING id")).rowsAffected).toBe(1);
  });

  it('reports rowsAffected and lastInsertRowid; JS numbers coerce into INTEGER columns', async () => {
    await both(async (c) => {
      const ins = await c.execute({ sql: 'INSERT INTO items (qty, price, name) VALUES (?, ?, ?)', args: [5, 1.5, 'b'] });
      const upd = await c.execute('UPDATE items SET price = price + 1');
      const ddl = await c.execute('CREATE INDEX items_qty ON items (qty)');
      const sel = await c.execute("SELECT typeof(qty) AS t, qty FROM items WHERE name = 'b'");
      return [ins.rowsAffected, ins.lastInsertRowid, upd.rowsAffected, ddl.rowsAffected, norm(sel).rows];
    });
    // Beyond 2^53 the server is exact (the native client goes through a lossy JS number).
    const far = { sql: 'INSERT INTO items (id, name) VALUES (?, ?)', args: [2n ** 53n + 1n, 'far'] };
    expect((await remote.execute(far)).lastInsertRowid).toBe(2n ** 53n + 1n);
    await local.execute(far);
    await both((c) => c.execute("DELETE FROM items WHERE name = 'far'").then((r) => r.rowsAffected));
  });

  it('binds named args with and without prefix', async () => {
    await both(async (c) => norm(await c.execute({
      sql: 'SELECT name, :name AS echoed, @min AS m FROM items WHERE name = :name AND qty > @min',
      args: { ':name': 'b', min: 1 },
    })));
  });

  it('rolls back a batch that fails midway', async () => {
    const before = await both(count);
    await both(async (c) => {
      const e = await failure(c.batch([
        { sql: 'INSERT INTO items (name) VALUES (?)', args: ['batch-1'] },
        { sql: 'INSERT INTO items (name) VALUES (?)', args: ['b'] }, // UNIQUE violation
        { sql: 'INSERT INTO items (name) VALUES (?)', args: ['batch-3'] },
      ], 'write'));
      return e.message.includes('UNIQUE');
    });
    expect(await both(count)).toBe(before);
    const ok = await both(async (c) => (await c.batch([
      { sql: 'INSERT INTO items (name) VALUES (?)', args: ['batch-ok'] },
      "DELETE FROM items WHERE name = 'batch-ok'",
    ], 'write')).map((r) => r.rowsAffected));
    expect(ok).toEqual([1, 1]);
  });

  it('runs executeMultiple and stops at the first error', async () => {
    await both(async (c) => {
      await c.executeMultiple('CREATE TABLE notes (x); INSERT INTO notes VALUES (1); -- c\nINSERT INTO notes VALUES (2);');
      const e = await failure(c.executeMultiple('INSERT INTO notes VALUES (3); BOGUS; INSERT INTO notes VALUES (4);'));
      return [norm(await c.execute('SELECT x FROM notes ORDER BY x')).rows, e.message.includes('syntax error')];
    });
  });

  it('isolates an interactive write transaction until commit; rollback discards it', async () => {
    const seen = await both(async (c, observer) => {
      const n0 = await count(c);
      const tx = await c.transaction('write');
      await tx.execute({ sql: 'INSERT INTO items (name) VALUES (?)', args: ['tx-1'] });
      const inside = [await count(tx), await count(observer)];
      await tx.rollback();
      const afterRollback = await count(observer);
      const tx2 = await c.transaction('write');
      await tx2.execute({ sql: 'INSERT INTO items (name) VALUES (?)', args: ['tx-2'] });
      const inside2 = await count(observer);
      await tx2.commit();
      return [n0, inside, afterRollback, inside2, await count(observer)];
    });
    const n0 = seen[0] as bigint;
    expect(seen).toEqual([n0, [n0 + 1n, n0], n0, n0, n0 + 1n]);
  });

  it('reports constraint violations with SQLite error codes', async () => {
    const [viaHttp, native] = [
      await failure(remote.execute({ sql: 'INSERT INTO items (id) VALUES (?)', args: [1] })),
      await failure(local.execute({ sql: 'INSERT INTO items (id) VALUES (?)', args: [1] })),
    ];
    expect(viaHttp.code).toContain('CONSTRAINT');
    // HTTP clients only get one code, the extended one; the native client splits it in two.
    expect(viaHttp.code).toBe(native.extendedCode);
  });
});

describe('hrana protocol edges', () => {
  it('rejects a wrong or missing token with 401', async () => {
    const wrong = createWebClient({ url: server.url, authToken: 'nope' });
    const none = createWebClient({ url: server.url });
    expect((await failure(wrong.execute('SELECT 1'))).code).toBe('UNAUTHORIZED');
    expect((await failure(none.execute('SELECT 1'))).code).toBe('UNAUTHORIZED');
    wrong.close();
    none.close();
    expect((await pipeline({ requests: [] }, 'nope')).status).toBe(401);
  });

  it('answers 400 to an unknown baton or a malformed body, 404 elsewhere, 200 on GET /v2', async () => {
    const bogus = await pipeline({ baton: 'not-a-baton', requests: [{ type: 'close' }] });
    expect(bogus.status).toBe(400);
    expect(bogus.type).toBe('application/json');
    expect(bogus.json.code).toBe('STREAM_EXPIRED');
    expect((await pipeline('{not json')).status).toBe(400);
    expect((await pipeline({ requests: 'nope' })).status).toBe(400);
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    const missing = await fetch(`${server.url}/v3/pipeline`, { method: 'POST' });
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
  });

  it('speaks the stream request types with single-use batons', async () => {
    const first = await pipeline({
      requests: [
        { type: 'store_sql', sql_id: 1, sql: 'SELECT ?, :a, ? AS c' },
        { type: 'store_sql', sql_id: 1, sql: 'SELECT 2' },
        // Positional and named args together (libsql's own object binding would abort the process here).
        { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'integer', value: '1' }, { type: 'null' }, { type: 'blob', base64: 'AAE' }], named_args: [{ name: ':a', value: { type: 'text', value: 'x' } }] } },
        { type: 'execute', stmt: { sql: 'BEGIN' } },
        { type: 'get_autocommit' },
        { type: 'batch', batch: { steps: [
          { condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 1' } },
          { stmt: { sql: 'SELECT nope' } },
          { condition: { type: 'error', step: 1 }, stmt: { sql: 'SELECT 3.5', want_rows: false } },
          { condition: { type: 'and', conds: [{ type: 'ok', step: 2 }, { type: 'not', cond: { type: 'or', conds: [] } }] }, stmt: { sql: 'SELECT 4' } },
        ] } },
        { type: 'describe', sql: 'SELECT 1' },
      ],
    });
    expect(first.status).toBe(200);
    const r = first.json.results;
    expect(r.map((x: { type: string }) => x.type)).toEqual(['ok', 'error', 'ok', 'ok', 'ok', 'ok', 'error']);
    expect(r[2].response.result.rows).toEqual([[
      { type: 'integer', value: '1' }, { type: 'text', value: 'x' }, { type: 'blob', base64: 'AAE=' },
    ]]);
    expect(r[4].response).toEqual({ type: 'get_autocommit', is_autocommit: false });
    const batch = r[5].response.result;
    expect(batch.step_results.map((x: unknown) => x === null)).toEqual([true, true, false, false]);
    expect(batch.step_errors.map((x: unknown) => x === null)).toEqual([true, false, true, true]);
    expect(batch.step_results[2].rows).toEqual([]);
    expect(batch.step_results[3].rows).toEqual([[{ type: 'integer', value: '4' }]]);
    expect(typeof first.json.baton).toBe('string');

    const second = await pipeline({ baton: first.json.baton, requests: [{ type: 'close_sql', sql_id: 1 }, { type: 'close' }, { type: 'get_autocommit' }] });
    expect(second.json.results.map((x: { type: string }) => x.type)).toEqual(['ok', 'ok', 'error']);
    expect(second.json.baton).toBeNull();
    // Batons are single-use.
    expect((await pipeline({ baton: first.json.baton, requests: [] })).status).toBe(400);
  });

  it('maps named args to SQLite parameter indexes, skipping strings and comments', async () => {
    const text = (value: string) => ({ type: 'text', value });
    const res = await pipeline({ requests: [{ type: 'execute', stmt: {
      sql: `SELECT '?:no' AS s, 'x' AS a$b, 1 AS "q?", :b AS b, ?3 AS three, /* :x ? */ :b AS b2, $c AS c -- ?\n`,
      args: [{ type: 'null' }, { type: 'null' }, { type: 'integer', value: '3' }],
      named_args: [{ name: ':b', value: text('B') }, { name: 'c', value: text('C') }],
    } }, { type: 'close' }] });
    expect(res.json.results[0].response.result.rows).toEqual([
      [text('?:no'), text('x'), { type: 'integer', value: '1' }, text('B'), { type: 'integer', value: '3' }, text('B'), text('C')],
    ]);
  });

  it('expires idle streams, rolling back their transaction', async () => {
    const quick = await startHranaServer({ dbPath: join(dir, 'remote.db'), idleTimeoutMs: 50 });
    try {
      const post = async (body: unknown) => (await fetch(`${quick.url}/v2/pipeline`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{ baton: string }>;
      const open = await post({ requests: [{ type: 'execute', stmt: { sql: 'BEGIN IMMEDIATE' } }] });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await fetch(`${quick.url}/v2/pipeline`, { method: 'POST', body: JSON.stringify({ baton: open.baton, requests: [] }) })).status).toBe(400);
      // The write lock is gone: another writer gets through immediately.
      await remote.execute("INSERT INTO items (name) VALUES ('after-expiry')");
    } finally {
      await quick.close();
    }
  });
});

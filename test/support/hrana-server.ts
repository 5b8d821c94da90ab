// Test-only Hrana-over-HTTP v2 server (the protocol `@libsql/client/web` speaks) on top of the
// `libsql` native package, so the Worker build can run in workerd against a real database file.
// Not for production: one Node thread, synchronous SQLite calls, no limits beyond the basics.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import Database from 'libsql';

export interface HranaServer { url: string; port: number; close(): Promise<void> }
export interface HranaServerOptions { dbPath: string; authToken?: string; port?: number; host?: string; idleTimeoutMs?: number }

type Value =
  | { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number }
  | { type: 'text'; value: string } | { type: 'blob'; base64: string };
interface Stmt { sql?: string; sql_id?: number; args?: Value[]; named_args?: { name: string; value: Value }[]; want_rows?: boolean }
type Cond =
  | { type: 'ok' | 'error'; step: number } | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] } | { type: 'is_autocommit' };
interface Req { type: string; stmt?: Stmt; batch?: { steps: { condition?: Cond; stmt: Stmt }[] }; sql?: string; sql_id?: number }
interface ProtoError { message: string; code: string }
interface StmtResult { cols: { name: string; decltype: string | null }[]; rows: Value[][]; affected_row_count: number; last_insert_rowid: string | null; rows_read: number; rows_written: number }
interface Stream { db: Database.Database; meta: Database.Statement; sqls: Map<number, string>; closed: boolean; timer?: NodeJS.Timeout }

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code: string) { super(message); }
}
// A protocol-level error: becomes an error result with this code.
const fail = (code: string, message: string): never => { throw Object.assign(new Error(message), { code }); };
const MAX_BODY = 10 * 1024 * 1024;

function toProtoError(e: unknown): ProtoError {
  const code = (e as { code?: unknown } | null)?.code;
  // libsql reports an empty/comment-only statement as SQLITE_OK "not an error".
  if (code === 'SQLITE_OK') return { message: 'SQL string does not contain any statement', code: 'SQL_NO_STATEMENT' };
  return { message: e instanceof Error ? e.message : String(e), code: typeof code === 'string' ? code : 'SQLITE_ERROR' };
}

function decodeValue(v: Value): unknown {
  switch (v?.type) {
    case 'null': return null;
    case 'integer': return BigInt(v.value);
    case 'float': return Number(v.value);
    case 'text': return String(v.value);
    case 'blob': return Buffer.from(v.base64, 'base64'); // accepts padded and unpadded input
    default: return fail('HRANA_PROTO_ERROR', `invalid value: ${JSON.stringify(v)}`);
  }
}

function encodeValue(v: unknown): Value {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  throw new Error(`cannot encode value of type ${typeof v}`);
}

// SQLite's parameter numbering for the first statement: `?` = max+1, `?N` = N, a new named
// parameter = max+1, a repeated name reuses its index. Strings, quoted identifiers and comments
// are skipped; bare identifiers are consumed whole so a `$` inside one is not taken as a parameter.
const TOKEN = /'[^']*'|"[^"]*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[\p{L}_][\p{L}\p{N}_$]*|(;)|\?(\d*)|([:@$][\p{L}\p{N}_$]+)/gu;
function namedParamIndexes(sql: string): Map<string, number> {
  const names = new Map<string, number>();
  let max = 0;
  for (const m of sql.matchAll(TOKEN)) {
    if (m[1]) break;
    if (m[2] !== undefined) max = m[2] ? Math.max(max, Number(m[2])) : max + 1;
    else if (m[3] && !names.has(m[3])) names.set(m[3], ++max);
  }
  return names;
}

// Always bind positionally: libsql's object binding aborts the whole process (Rust panic) when
// the statement also has a nameless `?`, so named args are mapped to their indexes ourselves.
function bindArgs(s: Stmt, sql: string): unknown[] {
  const args = (s.args ?? []).map(decodeValue);
  if (!s.named_args?.length) return args;
  const idx = namedParamIndexes(sql);
  for (const { name, value } of s.named_args) {
    const i = idx.get(name) ?? idx.get(`:${name}`) ?? idx.get(`@${name}`) ?? idx.get(`$${name}`);
    if (i === undefined) continue; // like SQLite, an unused name is simply not bound
    while (args.length < i) args.push(null);
    args[i - 1] = decodeValue(value);
  }
  return args;
}

function sqlOf(st: Stream, r: { sql?: string; sql_id?: number }): string {
  if (typeof r.sql === 'string') return r.sql;
  return (r.sql_id === undefined ? undefined : st.sqls.get(r.sql_id)) ?? fail('SQL_NOT_FOUND', `no SQL text stored with id ${r.sql_id}`);
}

function execStmt(st: Stream, s: Stmt): StmtResult {
  const sql = sqlOf(st, s);
  const stmt = st.db.prepare(sql).safeIntegers(true);
  const args = bindArgs(s, sql);
  const totalBefore = (st.meta.get([]) as bigint[])[1];
  let cols: StmtResult['cols'] = [];
  let rows: unknown[][] = [];
  if (stmt.reader) { // raw() throws on statements without a result set, hence the branch
    stmt.raw(true);
    cols = stmt.columns().map((c) => ({ name: c.name, decltype: c.type }));
    rows = stmt.all(args) as unknown[][];
  } else {
    stmt.run(args);
  }
  // run() reports lastInsertRowid as a lossy number and all() reports no changes at all, so
  // ask SQLite; changes() is stale after DDL/SELECT, hence the total_changes() comparison.
  const [changes, total, rowid] = st.meta.get([]) as bigint[];
  return {
    cols,
    rows: s.want_rows === false ? [] : rows.map((r) => r.map(encodeValue)),
    affected_row_count: total === totalBefore ? 0 : Number(changes),
    last_insert_rowid: rowid === undefined ? null : rowid.toString(),
    rows_read: 0,
    rows_written: 0,
  };
}

function execBatch(st: Stream, steps: NonNullable<Req['batch']>['steps']) {
  const step_results: (StmtResult | null)[] = [];
  const step_errors: (ProtoError | null)[] = [];
  const holds = (c: Cond): boolean => {
    switch (c.type) {
      case 'ok': return step_results[c.step] != null;
      case 'error': return step_errors[c.step] != null;
      case 'not': return !holds(c.cond);
      case 'and': return c.conds.every(holds);
      case 'or': return c.conds.some(holds);
      case 'is_autocommit': return !st.db.inTransaction;
      default: return fail('HRANA_PROTO_ERROR', `unknown batch condition ${JSON.stringify(c)}`);
    }
  };
  steps.forEach((step, i) => {
    step_results.push(null);
    step_errors.push(null);
    if (step.condition && !holds(step.condition)) return;
    try { step_results[i] = execStmt(st, step.stmt); } catch (e) { step_errors[i] = toProtoError(e); }
  });
  return { step_results, step_errors };
}

function handle(st: Stream, r: Req): Record<string, unknown> {
  if (st.closed) fail('STREAM_CLOSED', 'stream is closed');
  switch (r.type) {
    case 'execute': return { type: 'execute', result: execStmt(st, r.stmt ?? {}) };
    case 'batch': return { type: 'batch', result: execBatch(st, r.batch?.steps ?? []) };
    case 'sequence': st.db.exec(sqlOf(st, r)); return { type: 'sequence' };
    case 'store_sql': {
      if (r.sql_id === undefined || typeof r.sql !== 'string') return fail('HRANA_PROTO_ERROR', 'store_sql needs sql_id and sql');
      if (st.sqls.has(r.sql_id)) fail('SQL_STORE_ERROR', `SQL id ${r.sql_id} is already in use`);
      st.sqls.set(r.sql_id, r.sql);
      return { type: 'store_sql' };
    }
    case 'close_sql': if (r.sql_id !== undefined) st.sqls.delete(r.sql_id); return { type: 'close_sql' };
    case 'close': closeStream(st); return { type: 'close' };
    case 'get_autocommit': return { type: 'get_autocommit', is_autocommit: !st.db.inTransaction };
    default: return fail('NOT_SUPPORTED', `request type ${JSON.stringify(r.type)} is not supported`);
  }
}

// libsql's close() does not release locks while any prepared statement object is still alive
// (until GC), so an open transaction must be rolled back explicitly first.
function closeStream(st: Stream): void {
  if (st.closed) return;
  st.closed = true;
  clearTimeout(st.timer);
  try { if (st.db.inTransaction) st.db.exec('ROLLBACK'); } finally { st.db.close(); }
}

export async function startHranaServer(opts: HranaServerOptions): Promise<HranaServer> {
  const idleTimeoutMs = opts.idleTimeoutMs ?? 10_000;
  const expected = opts.authToken === undefined ? undefined : Buffer.from(`Bearer ${opts.authToken}`);
  const streams = new Map<string, Stream>(); // baton -> stream; each baton is single-use
  const init = new Database(opts.dbPath);
  init.exec('PRAGMA journal_mode=WAL'); // persistent in the file, so once is enough
  init.close();

  const openStream = (): Stream => {
    const db = new Database(opts.dbPath);
    db.exec('PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON');
    const meta = db.prepare('SELECT changes(), total_changes(), last_insert_rowid()').raw(true).safeIntegers(true);
    return { db, meta, sqls: new Map(), closed: false };
  };

  const pipeline = (body: unknown) => {
    const { baton, requests } = (body ?? {}) as { baton?: unknown; requests?: unknown };
    if (!Array.isArray(requests) || (baton != null && typeof baton !== 'string')) {
      throw new HttpError(400, 'body must be {baton, requests: [...]}', 'HRANA_PROTO_ERROR');
    }
    let st: Stream;
    if (typeof baton === 'string') {
      const found = streams.get(baton);
      if (!found) throw new HttpError(400, 'unknown or expired baton', 'STREAM_EXPIRED');
      streams.delete(baton);
      clearTimeout(found.timer);
      st = found;
    } else st = openStream();
    const results = requests.map((r: Req) => {
      try { return { type: 'ok', response: handle(st, r) }; } catch (e) { return { type: 'error', error: toProtoError(e) }; }
    });
    let next: string | null = null;
    if (!st.closed) {
      const b = (next = randomBytes(24).toString('base64url'));
      streams.set(b, st);
      st.timer = setTimeout(() => { streams.delete(b); closeStream(st); }, idleTimeoutMs);
      st.timer.unref();
    }
    return { baton: next, base_url: null, results };
  };

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    // Exactly `application/json`: the client only parses error bodies with that precise type.
    res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Version probe stays open (as in sqld) so readiness checks need no token.
    if (req.method === 'GET' && path === '/v2') return send(res, 200);
    if (req.method !== 'POST' || path !== '/v2/pipeline') throw new HttpError(404, `no route ${req.method} ${path}`, 'NOT_FOUND');
    const got = Buffer.from(req.headers.authorization ?? '');
    if (expected && !(got.length === expected.length && timingSafeEqual(got, expected))) {
      throw new HttpError(401, 'missing or invalid auth token', 'UNAUTHORIZED');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if ((size += chunk.length) > MAX_BODY) throw new HttpError(413, 'body too large', 'BODY_TOO_LARGE');
      chunks.push(chunk);
    }
    let body: unknown;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { throw new HttpError(400, 'malformed JSON body', 'HRANA_PROTO_ERROR'); }
    send(res, 200, pipeline(body));
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (e instanceof HttpError) send(res, e.status, { message: e.message, code: e.code });
      else send(res, 500, { message: e instanceof Error ? e.message : String(e), code: 'INTERNAL_ERROR' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      for (const st of streams.values()) closeStream(st);
      streams.clear();
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
    },
  };
}

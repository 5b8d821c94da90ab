import { createClient, type Client, type InArgs, type InStatement, type Transaction, type TransactionMode } from '@libsql/client';

/** Settings SQLite keeps per connection; every connection this client uses gets them before its first statement. */
const CONNECTION_SETUP = ['PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA foreign_keys = ON'];

/** SQLite's "try again later" answers: another connection (usually another process) holds the lock. */
export function isLockError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * The Node host's client for a local libSQL file. The stock client needs two guards here:
 *
 * - A statement that fails with SQLITE_BUSY is left active by libsql, so the connection it ran on
 *   keeps an open transaction: later writes on that connection are reported as done but never
 *   commit, and vanish when the statement is garbage-collected (seen as a job consumer that stalls
 *   and whose acks are lost). Such a connection is closed before anything else can use it.
 * - Per-connection settings (foreign keys, sync mode) would hold only on the connection that ran
 *   them, while the stock client pools several.
 *
 * So operations run one at a time (libsql executes synchronously anyway, so nothing runs slower),
 * the pool never holds more than one connection, and it is set up again after each reconnect.
 * An interactive transaction holds the client until it settles: inside one, use the transaction.
 */
export function localClient(url: string, opts: { busyTimeoutMs?: number } = {}): Client {
  // busy_timeout as a client option applies to every connection the pool opens.
  const inner = createClient({ url, timeout: opts.busyTimeoutMs ?? 5000 });
  let tail: Promise<unknown> = Promise.resolve();
  let needsSetup = true;

  const discardConnection = () => {
    inner.reconnect();
    needsSetup = true;
  };
  const setUp = async () => {
    if (!needsSetup) return;
    for (const pragma of CONNECTION_SETUP) await inner.execute(pragma);
    needsSetup = false;
  };
  /** Runs op after every earlier operation; a lock error discards the connection before the next one starts. */
  function serial<T>(op: () => Promise<T>): Promise<T> {
    const run = tail.then(async () => {
      try {
        await setUp();
        return await op();
      } catch (err) {
        if (isLockError(err) && !inner.closed) discardConnection();
        throw err;
      }
    });
    tail = run.catch(() => undefined);
    return run;
  }

  function transaction(mode?: TransactionMode): Promise<Transaction> {
    return new Promise<Transaction>((resolve, reject) => {
      serial(async () => {
        const tx = await inner.transaction(mode);
        let lockFailed = false;
        let settle!: () => void;
        const settled = new Promise<void>((done) => (settle = done));
        const watch = async <T>(work: () => Promise<T>): Promise<T> => {
          try {
            return await work();
          } catch (err) {
            if (isLockError(err)) lockFailed = true;
            throw err;
          }
        };
        const end = async (finish: () => Promise<void> | void) => {
          try {
            await watch(async () => finish());
          } finally {
            if (lockFailed && !inner.closed) discardConnection();
            settle();
          }
        };
        resolve({
          execute: (stmt: InStatement) => watch(() => tx.execute(stmt)),
          batch: (stmts: InStatement[]) => watch(() => tx.batch(stmts)),
          executeMultiple: (sql: string) => watch(() => tx.executeMultiple(sql)),
          commit: () => end(() => tx.commit()),
          rollback: () => end(() => tx.rollback()),
          close: () => void end(() => tx.close()),
          get closed() {
            return tx.closed;
          },
        });
        await settled;
      }).catch(reject);
    });
  }

  return {
    execute: ((stmtOrSql: InStatement | string, args?: InArgs) =>
      serial(() => (typeof stmtOrSql === 'string' ? inner.execute(stmtOrSql, args) : inner.execute(stmtOrSql)))) as Client['execute'],
    batch: (stmts, mode) => serial(() => inner.batch(stmts, mode)),
    migrate: (stmts) => serial(() => inner.migrate(stmts)),
    executeMultiple: (sql) => serial(() => inner.executeMultiple(sql)),
    sync: () => serial(() => inner.sync()),
    transaction,
    reconnect: () => void serial(async () => discardConnection()),
    close: () => inner.close(),
    get closed() {
      return inner.closed;
    },
    get protocol() {
      return inner.protocol;
    },
  };
}

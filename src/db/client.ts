import type { Client } from '@libsql/client';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from './schema';

/** Wraps a libSQL client (embedded file on Node, HTTP on Workers); never reads the environment. */
export function createDb(client: Client) {
  return drizzle(client, { schema });
}

export type Db = ReturnType<typeof createDb>;

/** One statement of a db.batch(): built by a repository, run with others in one transaction. */
export type BatchStatement = BatchItem<'sqlite'>;

/** Runs statements in one atomic round trip; their results in order. */
export async function runBatch(db: Db, statements: readonly BatchStatement[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  return db.batch(statements as unknown as [BatchStatement, ...BatchStatement[]]);
}

/**
 * Why a batch aborted, when a row was no longer as its change expected (an `…OrAbort` statement set a
 * NOT NULL column to NULL): another change to the account's ledger, or the payment moved on.
 * Nothing in the batch was written; the caller reads again and decides.
 */
export function staleWriteOf(error: unknown): 'ledger' | 'payment' | null {
  const text = `${error instanceof Error ? error.message : ''} ${error instanceof Error && error.cause instanceof Error ? error.cause.message : ''}`;
  const m = /NOT NULL constraint failed: (payments\.status|accounts\.ledger_version)/.exec(text);
  return m ? (m[1] === 'payments.status' ? 'payment' : 'ledger') : null;
}

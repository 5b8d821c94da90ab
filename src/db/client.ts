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

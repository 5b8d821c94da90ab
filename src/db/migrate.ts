import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Db } from './client';

/** Node-only: applies drizzle-kit migrations from migrations/ (the Worker never migrates at runtime). */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openLocalDb } from '../../src/platform/node';
import { seedFixtures, type Fixtures } from '../support/fixtures';
import { startHranaServer } from '../support/hrana-server';

declare module 'vitest' {
  export interface ProvidedContext {
    dbUrl: string;
    dbToken: string;
    fixtures: Fixtures;
  }
}

/** Runs in Node: a migrated, seeded libSQL file served over Hrana HTTP for the Worker in workerd. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'portal-worker-'));
  const path = join(dir, 'worker.db');
  const db = await openLocalDb(`file:${path}`);
  const fixtures = await seedFixtures(db);
  db.$client.close();
  const token = 'worker-test-token';
  const server = await startHranaServer({ dbPath: path, authToken: token });
  project.provide('dbUrl', server.url);
  project.provide('dbToken', token);
  project.provide('fixtures', fixtures);
  return async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

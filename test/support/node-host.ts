import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import type { Db } from '../../src/db/client';
import { devRoutesEnabled, parseConfig, secretsOf, type AppDeps } from '../../src/env';
import { memoryFileStore } from '../../src/files/memory';
import { sandboxCardVault } from '../../src/integrations/card-vault/sandbox';
import { sandboxProcessor } from '../../src/integrations/payments/sandbox';
import { zipLookupFor } from '../../src/integrations/zip/select';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { outboxSmsSender } from '../../src/integrations/sms/outbox';
import type { EmailSender } from '../../src/integrations/email';
import type { SmsSender } from '../../src/integrations/sms';
import { systemClock, type Clock } from '../../src/lib/clock';
import { createLogger, silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { createJobQueue } from '../../src/queues/job-table';
import { openLocalDb } from '../../src/platform/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { seedFixtures, TEST_BASE_DOMAIN, type Fixtures } from './fixtures';

/** A fresh migrated libSQL file in a temp folder. */
export async function tempDb(): Promise<{ db: Db; path: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const path = join(dir, 'test.db');
  const db = await openLocalDb(`file:${path}`);
  return { db, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface NodeTestHost {
  app: ReturnType<typeof createApp>;
  db: Db;
  deps: AppDeps;
  fixtures: Fixtures;
  jobQueue: ReturnType<typeof createJobQueue>;
  stop(): Promise<void>;
}

/** The Node host as tests use it: real migrations, real jobs-table queue polled in the background. */
export async function startNodeTestHost(opts: { clock?: Clock; sender?: EmailSender; sms?: SmsSender; config?: Record<string, string>; poll?: boolean } = {}): Promise<NodeTestHost> {
  const { db, cleanup } = await tempDb();
  const clock = opts.clock ?? systemClock;
  const config = parseConfig({ APP_ENV: 'test', BASE_DOMAIN: TEST_BASE_DOMAIN, ...opts.config });
  const jobQueue = createJobQueue(db, { clock, visibilityTimeoutMs: 30_000 });
  const deps: AppDeps = { config, db, queue: jobQueue.producer, sms: opts.sms ?? outboxSmsSender, files: memoryFileStore(), cardVault: sandboxCardVault(secretsOf(config).tokenSecret), processor: sandboxProcessor({ secret: secretsOf(config).tokenSecret, clock }), zip: zipLookupFor(config, db), clock, logger: process.env.TEST_LOGS ? createLogger({ level: 'debug' }) : silentLogger, devRoutes: devRoutesEnabled(config) };
  const fixtures = await seedFixtures(db);
  const handlers = buildHandlers({ db, sender: opts.sender ?? outboxEmailSender, clock, config, processor: deps.processor, queue: deps.queue });
  const stopPolling = opts.poll === false ? async () => {} : jobQueue.start(handlers, silentLogger, 20);
  return {
    app: createApp(deps),
    db,
    deps,
    fixtures,
    jobQueue,
    async stop() {
      await stopPolling();
      cleanup();
    },
  };
}

/**
 * For a describe block: a fresh migrated database seeded with the fixtures, for each test or for
 * the whole block, deleted afterwards. Read it inside tests.
 */
export function useSeededDb(scope: 'each' | 'all' = 'each') {
  const ctx = {} as { db: Db; path: string; fixtures: Fixtures };
  let cleanup = () => {};
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    const t = await tempDb();
    cleanup = t.cleanup;
    Object.assign(ctx, { db: t.db, path: t.path, fixtures: await seedFixtures(t.db) });
  });
  (scope === 'each' ? afterEach : afterAll)(() => cleanup());
  return ctx;
}

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createClient } from '@libsql/client';
import { createApp } from '../app';
import { createDb, type Db } from '../db/client';
import { migrateDb } from '../db/migrate';
import { devRoutesEnabled, parseConfig, secretsOf, type AppDeps } from '../env';
import { visiblePath } from '../http/hosts';
import { emailSenderFor } from '../integrations/email/select';
import { smsSenderFor } from '../integrations/sms/select';
import { cardVaultFor } from '../integrations/card-vault/select';
import { paymentProcessorFor } from '../integrations/payments/select';
import { ensureZipCodes } from '../integrations/zip/data-file';
import { zipLookupFor } from '../integrations/zip/select';
import { folderFileStore } from '../files/folder';
import { systemClock, type Clock } from '../lib/clock';
import { createLogger } from '../lib/logger';
import { buildHandlers } from '../queues/handlers';
import { createJobQueue } from '../queues/job-table';
import { DEMO, seedDemo } from '../services/seed';
import { tenantUrl } from '../services/tenant-url';
import { startNodeScheduler } from './node-scheduler';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Opens (creating if needed) the local libSQL file and applies migrations. */
export async function openLocalDb(url: string): Promise<Db> {
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(root, url.slice('file:'.length))), { recursive: true });
  const client = createClient({ url });
  // WAL lets the queue poller, the scheduler and requests read while one writes.
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA busy_timeout = 5000');
  // In WAL mode NORMAL syncs at checkpoints, not every commit: safe from corruption, much faster.
  await client.execute('PRAGMA synchronous = NORMAL');
  await client.execute('PRAGMA foreign_keys = ON');
  const db = createDb(client);
  await migrateDb(db);
  return db;
}

export interface NodeHost {
  url: string;
  deps: AppDeps;
  stop(): Promise<void>;
}

/** The embedded default: the same app on Node over a local libSQL file, with the jobs-table queue and a timer scheduler. */
export async function startNode(env: Record<string, string | undefined> = process.env, clock: Clock = systemClock): Promise<NodeHost> {
  const port = Number(env.PORT ?? 8787);
  const config = parseConfig({ PUBLIC_SCHEME: 'http', PUBLIC_PORT: String(port), ...env });
  const logger = createLogger({ level: config.LOG_LEVEL, base: { host: 'node' } });
  const dbUrl = env.DATABASE_URL ?? `file:${resolve(root, '.data/portal.db')}`;
  const db = await openLocalDb(dbUrl);
  const jobQueue = createJobQueue(db, { clock, visibilityTimeoutMs: 5 * 60_000 });
  const files = folderFileStore(resolve(root, config.FILES_DIR));
  const processor = paymentProcessorFor({ ...config, TOKEN_SECRET: secretsOf(config).tokenSecret }, clock);
  // A new local database gets the offline ZIP table (about a third of a second, once).
  await ensureZipCodes(db);
  const deps: AppDeps = { config, db, queue: jobQueue.producer, sms: smsSenderFor(config), files, cardVault: cardVaultFor({ ...config, TOKEN_SECRET: secretsOf(config).tokenSecret }), processor, zip: zipLookupFor(config, db), clock, logger, devRoutes: devRoutesEnabled(config) };
  const handlers = buildHandlers({ db, sender: emailSenderFor(config), clock, config, processor, queue: deps.queue });

  const assets = serveStatic({
    root: resolve(root, 'public'),
    rewriteRequestPath: visiblePath,
    // Same caching as public/_headers gives Workers: vendored files carry their version in the name.
    onFound: (path, c) => c.header('Cache-Control', path.includes('/vendor/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600'),
  });
  const app = createApp(deps, { assets });
  const seeded = await seedDemo({ db, clock, queue: jobQueue.producer, config, files });

  const stopQueue = jobQueue.start(handlers, logger, 250);
  const stopScheduler = startNodeScheduler({ db, queue: jobQueue.producer, clock, logger, config });
  // Loopback by default: the local portal is not for the network (HOST=0.0.0.0 to share it).
  const hostname = env.HOST ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((ready, fail) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => ready(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: stop the other server or set PORT.`) : err),
    );
  });
  const url = tenantUrl(config, DEMO.slug);
  printBanner(url, config.BASE_DOMAIN, port, dbUrl.replace(/^file:/, '').replace(`${root}/`, ''), seeded !== null, deps.devRoutes);

  return {
    url,
    deps,
    async stop() {
      stopScheduler();
      await stopQueue();
      await new Promise<void>((done) => server.close(() => done()));
      db.$client.close();
    },
  };
}

function printBanner(url: string, base: string, port: number, database: string, fresh: boolean, dev: boolean) {
  const lines = [
    '',
    `  Lender portal running on Node (libSQL ${database})${fresh ? ', demo data created' : ''}`,
    '',
    `  Demo lender's portal:   ${url}`,
    `  Staff area:             ${url}admin`,
    dev ? `  Emails sent (outbox):   ${url}dev/outbox   (sign-in links and codes arrive here)` : '',
    `  Platform site:          http://${base}:${port}/`,
    '',
    `  Demo borrower:          ${DEMO.borrower.email} / ${DEMO.borrower.password}`,
    `  Demo owner (staff):     ${DEMO.owner.email} / ${DEMO.owner.password}`,
    '                          then "Email a code": read it in the outbox',
    '',
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startNode().then(
    (host) => {
      const shutdown = () => host.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
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
import { localClient } from './local-client';
import { drainableFetch } from './http-drain';
import { startNodeScheduler } from './node-scheduler';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Opens (creating if needed) the local libSQL file and applies migrations. */
export async function openLocalDb(url: string, opts: { busyTimeoutMs?: number } = {}): Promise<Db> {
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(root, url.slice('file:'.length))), { recursive: true });
  // WAL (so the poller, the scheduler and requests read while one writes), NORMAL sync and foreign
  // keys are set on every connection by localClient, which also waits for a lock (5 s by default).
  const db = createDb(localClient(url, opts));
  await migrateDb(db);
  return db;
}

export interface NodeHost {
  url: string;
  deps: AppDeps;
  /**
   * A clean stop (SIGTERM, SIGINT): stop accepting connections and answer the requests already
   * received; at the same time stop the scheduler and the job consumer, letting a running job
   * finish; only then close the database. Waits at most graceMs for each; calling again returns
   * the same stop.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Long enough for any page or job step; short enough for a supervisor's stop timeout (often 30 s). */
const STOP_GRACE_MS = 10_000;

/** The embedded default: the same app on Node over a local libSQL file, with the jobs-table queue and a timer scheduler. */
export async function startNode(env: Record<string, string | undefined> = process.env, clock: Clock = systemClock): Promise<NodeHost> {
  const port = Number(env.PORT ?? 8787);
  const config = parseConfig({ PUBLIC_SCHEME: 'http', PUBLIC_PORT: String(port), ...env });
  const logger = createLogger({ level: config.LOG_LEVEL, base: { host: 'node' } });
  const dbUrl = env.DATABASE_URL ?? `file:${resolve(root, '.data/portal.db')}`;
  const db = await openLocalDb(dbUrl);
  try {
    return await startOn(db, { env, port, config, logger, clock, dbUrl });
  } catch (err) {
    // A start that fails (a taken port) leaves nothing behind: no claimed job, no open database.
    db.$client.close();
    throw err;
  }
}

async function startOn(
  db: Db,
  { env, port, config, logger, clock, dbUrl }: { env: Record<string, string | undefined>; port: number; config: AppDeps['config']; logger: AppDeps['logger']; clock: Clock; dbUrl: string },
): Promise<NodeHost> {
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

  // The port first: a start that cannot bind must not have claimed jobs (they would stay locked
  // for the whole lease). Loopback by default: the local portal is not for the network (HOST=0.0.0.0 to share it).
  const hostname = env.HOST ?? '127.0.0.1';
  const http = drainableFetch(app.fetch);
  const server = await new Promise<ReturnType<typeof serve>>((ready, fail) => {
    const s = serve({ fetch: http.fetch, port, hostname }, () => ready(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: stop the other server or set PORT.`) : err),
    );
  });
  http.attach(server as Server);
  const stopScheduler = startNodeScheduler({ db, queue: jobQueue.producer, clock, logger, config });
  const stopQueue = jobQueue.start(handlers, logger, 250);

  const url = tenantUrl(config, DEMO.slug);
  printBanner(url, config.BASE_DOMAIN, port, dbUrl.replace(/^file:/, '').replace(`${root}/`, ''), seeded !== null, deps.devRoutes);

  let stopping: Promise<void> | undefined;
  return {
    url,
    deps,
    stop(graceMs = STOP_GRACE_MS) {
      stopping ??= (async () => {
        const [cut] = await Promise.all([http.drain(graceMs), stopScheduler(graceMs), stopQueue(graceMs)]);
        if (cut > 0) logger.warn('stopped with requests still running after the grace period', { requests: cut, graceMs });
        // Last: every request, scheduled run and job step above has ended with the database open.
        db.$client.close();
      })();
      return stopping;
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
      const shutdown = (signal: NodeJS.Signals) => {
        process.stdout.write(`\n  ${signal}: finishing the requests and the job under way (${signal} again to stop at once)\n`);
        // A second signal means "now": exit without waiting (the jobs' leases cover what was running).
        const force = () => process.exit(1);
        process.once('SIGINT', force);
        process.once('SIGTERM', force);
        host.stop().then(
          () => process.exit(0),
          (err) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

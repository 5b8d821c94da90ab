import { createClient } from '@libsql/client/web';
import { createApp, type App } from '../app';
import { createDb, type Db } from '../db/client';
import { devRoutesEnabled, parseConfig, secretsOf, type AppDeps, type Config } from '../env';
import { emailSenderFor } from '../integrations/email/select';
import { smsSenderFor } from '../integrations/sms/select';
import { cardVaultFor } from '../integrations/card-vault/select';
import { paymentProcessorFor } from '../integrations/payments/select';
import { zipLookupFor } from '../integrations/zip/select';
import { r2FileStore } from '../files/r2';
import { systemClock } from '../lib/clock';
import { createLogger, type Logger } from '../lib/logger';
import { dispatch, type Delivery, type Handlers } from '../queues/dispatch';
import { buildHandlers } from '../queues/handlers';
import { recordDeadLetter } from '../queues/job-table';
import type { QueueName, QueueProducer } from '../queues/messages';
import { runScheduled } from '../tasks/schedule';

export interface Env {
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  APP_ENV?: string;
  BASE_DOMAIN?: string;
  EMAIL_PROVIDER?: string;
  EMAIL_FROM_ADDRESS?: string;
  RESEND_API_KEY?: string;
  RESEND_BASE_URL?: string;
  SMS_PROVIDER?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  LOG_LEVEL?: string;
  CARD_VAULT?: string;
  PAYMENT_PROCESSOR?: string;
  MARQETA_BASE_URL?: string;
  /** offline (the zip_codes table: `npm run zips:load` fills it) or usps (then USPS_CLIENT_ID, and USPS_CLIENT_SECRET as a secret). */
  ZIP_LOOKUP?: string;
  USPS_CLIENT_ID?: string;
  USPS_BASE_URL?: string;
  /** Uploaded documents. */
  FILES: R2Bucket;
  /** Secrets (wrangler secret put). */
  TOKEN_SECRET?: string;
  DATA_ENCRYPTION_KEY?: string;
  USPS_CLIENT_SECRET?: string;
  EMAIL_QUEUE: Queue;
  PAYMENTS_QUEUE: Queue;
  SYNC_QUEUE: Queue;
}

/** Cloudflare queue names (wrangler.toml) ↔ the app's queues; *-dlq are the platform's dead-letter queues. */
export const cloudflareQueues: Record<string, QueueName> = { 'portal-email': 'email', 'portal-payments': 'payments', 'portal-sync': 'sync' };

interface WorkerDeps extends AppDeps {
  handlers: Handlers;
  app: App;
}

// Built once per isolate and env: the libSQL HTTP client holds configuration only, no open sockets.
const built = new WeakMap<Env, WorkerDeps>();

function depsFor(env: Env): WorkerDeps {
  const cached = built.get(env);
  if (cached) return cached;
  let config: Config;
  try {
    config = parseConfig({ ...env, PUBLIC_SCHEME: 'https' });
  } catch (err) {
    // Every request would fail the same way: say why in the logs, once per isolate.
    console.error(JSON.stringify({ level: 'error', msg: 'worker configuration is invalid', error: err instanceof Error ? err.message : String(err) }));
    throw err;
  }
  const logger: Logger = createLogger({ level: config.LOG_LEVEL, base: { host: 'worker' } });
  const db: Db = createDb(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }));
  const bindings: Record<QueueName, Queue> = { email: env.EMAIL_QUEUE, payments: env.PAYMENTS_QUEUE, sync: env.SYNC_QUEUE };
  const queue: QueueProducer = {
    async send(name, message, opts) {
      await bindings[name].send(message, { contentType: 'json', ...(opts?.delaySeconds ? { delaySeconds: opts.delaySeconds } : {}) });
    },
    async sendBatch(name, messages) {
      // Cloudflare Queues take at most 100 messages per sendBatch call.
      for (let i = 0; i < messages.length; i += 100) {
        await bindings[name].sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: 'json' as const })));
      }
    },
  };
  const clock = systemClock;
  const processor = paymentProcessorFor({ ...config, TOKEN_SECRET: secretsOf(config).tokenSecret }, clock);
  const deps: AppDeps = { config, db, queue, sms: smsSenderFor(config), files: r2FileStore(env.FILES), cardVault: cardVaultFor({ ...config, TOKEN_SECRET: secretsOf(config).tokenSecret }), processor, zip: zipLookupFor(config, db), clock, logger, devRoutes: devRoutesEnabled(config) };
  const handlers = buildHandlers({ db, sender: emailSenderFor(config), clock, config, processor, queue: deps.queue });
  const result = { ...deps, handlers, app: createApp(deps) };
  built.set(env, result);
  return result;
}

/** Turns a Cloudflare batch into deliveries for the shared dispatch; dead letters go to the jobs table. */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, handlers?: Handlers): Promise<void> {
  const deps = depsFor(env);
  const dlqOf = batch.queue.endsWith('-dlq') ? batch.queue.slice(0, -'-dlq'.length) : null;
  const queue = cloudflareQueues[dlqOf ?? batch.queue];
  if (!queue) {
    deps.logger.error('batch from an unknown queue; retrying', { queue: batch.queue });
    batch.retryAll();
    return;
  }
  if (dlqOf) {
    // The platform gave up (a consumer crashed or timed out past max_retries): keep it, visibly dead.
    for (const m of batch.messages) {
      await recordDeadLetter(deps.db, { id: m.id, queue, body: m.body, attempts: m.attempts, error: 'delivery attempts exhausted by the queue (consumer crashed or timed out)' }, deps.clock.now());
      m.ack();
    }
    return;
  }
  const deliveries: Delivery[] = batch.messages.map((m) => ({
    id: m.id,
    queue,
    body: m.body,
    attempt: m.attempts,
    ack: async () => m.ack(),
    retry: async (delaySeconds) => m.retry({ delaySeconds }),
    deadLetter: async (error) => {
      await recordDeadLetter(deps.db, { id: m.id, queue, body: m.body, attempts: m.attempts, error }, deps.clock.now());
      m.ack();
    },
  }));
  await dispatch(deliveries, handlers ?? deps.handlers, deps.logger);
}

export default {
  fetch(request, env, ctx) {
    return depsFor(env).app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    await handleQueueBatch(batch, env);
  },
  async scheduled(controller, env, _ctx) {
    const { db, queue, clock, logger, config } = depsFor(env);
    // Awaited, so a failed task marks the invocation failed in Cloudflare's cron log.
    await runScheduled(controller.cron, { db, queue, clock, logger, config });
  },
} satisfies ExportedHandler<Env>;

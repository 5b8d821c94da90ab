import { z } from 'zod';
import type { Db } from './db/client';
import type { Tenant } from './db/schema';
import type { TenantDb } from './db/tenant';
import type { SessionRow } from './db/repositories/auth';
import type { ThrottleStore } from './db/throttles';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/logger';
import type { QueueProducer } from './queues/messages';
import type { SmsSender } from './integrations/sms';
import type { FileStore } from './files';
import type { CardVault } from './integrations/card-vault';
import type { PaymentProcessor } from './integrations/payments';
import type { ZipLookup } from './integrations/zip';

/** Configuration shared by both hosts; each host reads it from its own environment and parses it here. */
export const configSchema = z.object({
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Tenants live at <slug>.<BASE_DOMAIN>; the bare domain is the platform's own site. */
  BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'a lower-case host name such as onlineaccess.io')
    .default('localhost'),
  /** Scheme used in links we send by email. */
  PUBLIC_SCHEME: z.enum(['http', 'https']).default('https'),
  /** Port shown in emailed links, when not the scheme's default (local development). */
  PUBLIC_PORT: z.coerce.number().int().positive().optional(),
  EMAIL_PROVIDER: z.enum(['outbox', 'resend']).default('outbox'),
  EMAIL_FROM_ADDRESS: z.email().default('no-reply@onlineaccess.io'),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  SMS_PROVIDER: z.enum(['outbox', 'twilio']).default('outbox'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  /** A sending number (E.164), or a Messaging Service instead. */
  TWILIO_FROM: z.string().optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().optional(),
  TWILIO_BASE_URL: z.url().optional(),
  /** Request bodies above this are refused with 413 (uploads have their own limit). */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** The largest document a person may upload. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10_485_760),
  /** Node host: where uploaded files are kept (Workers use the FILES R2 binding). */
  FILES_DIR: z.string().default('.data/files'),
  /** Who charges cards: the offline sandbox (test card numbers) or Stripe. */
  PAYMENT_PROCESSOR: z.enum(['sandbox', 'stripe']).default('sandbox'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Public: Stripe.js in the browser uses it to show Stripe's card form. */
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_/, 'a publishable key, pk_…').optional(),
  STRIPE_BASE_URL: z.url().optional(),
  /** Who holds card numbers: the offline sandbox, or Marqeta (issued cards' PANs via showpan). */
  CARD_VAULT: z.enum(['sandbox', 'marqeta']).default('sandbox'),
  MARQETA_BASE_URL: z.url().optional(),
  MARQETA_APPLICATION_TOKEN: z.string().optional(),
  MARQETA_ADMIN_ACCESS_TOKEN: z.string().optional(),
  /**
   * ZIP → city and state for address forms: the offline table (real USPS data; fine in production)
   * or USPS Addresses v3 for the ZIPs the table lacks (USPS_CLIENT_ID/SECRET of an app with the Addresses product).
   */
  ZIP_LOOKUP: z.enum(['offline', 'usps']).default('offline'),
  USPS_CLIENT_ID: z.string().optional(),
  USPS_CLIENT_SECRET: z.string().optional(),
  /** https://apis.usps.com unless set; https://apis-tem.usps.com is USPS's test environment. */
  USPS_BASE_URL: z.url().optional(),
  DEAD_JOB_RETENTION_DAYS: z.coerce.number().int().positive().default(14),
  /** Signs emailed links (reset, sign-up); at least 32 characters. Required in production. */
  TOKEN_SECRET: z.string().min(32).optional(),
  /** Base64 of 32 bytes: encrypts secrets and PII at rest. Required in production. */
  DATA_ENCRYPTION_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes in base64').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Local development and tests run without secrets configured; these fixed values are public, so
 * production refuses to start without its own (parseConfig).
 */
const developmentSecrets = {
  TOKEN_SECRET: 'development-only-token-secret-not-for-production-use',
  DATA_ENCRYPTION_KEY: 'ZGV2ZWxvcG1lbnQtb25seS1kYXRhLWtleS0zMmJ5dGU=',
};

export function secretsOf(config: Config): { tokenSecret: string; dataKey: string } {
  return { tokenSecret: config.TOKEN_SECRET ?? developmentSecrets.TOKEN_SECRET, dataKey: config.DATA_ENCRYPTION_KEY ?? developmentSecrets.DATA_ENCRYPTION_KEY };
}

export function parseConfig(source: Record<string, unknown>): Config {
  const result = configSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  if (result.data.EMAIL_PROVIDER === 'resend' && !result.data.RESEND_API_KEY) {
    throw new Error('Invalid configuration:\n  RESEND_API_KEY: required when EMAIL_PROVIDER is resend');
  }
  if (result.data.SMS_PROVIDER === 'twilio' && (!result.data.TWILIO_ACCOUNT_SID || !result.data.TWILIO_AUTH_TOKEN || !(result.data.TWILIO_FROM || result.data.TWILIO_MESSAGING_SERVICE_SID))) {
    throw new Error('Invalid configuration:\n  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID): required when SMS_PROVIDER is twilio');
  }
  if (result.data.CARD_VAULT === 'marqeta' && (!result.data.MARQETA_BASE_URL || !result.data.MARQETA_APPLICATION_TOKEN || !result.data.MARQETA_ADMIN_ACCESS_TOKEN)) {
    throw new Error('Invalid configuration:\n  MARQETA_BASE_URL, MARQETA_APPLICATION_TOKEN and MARQETA_ADMIN_ACCESS_TOKEN: required when CARD_VAULT is marqeta');
  }
  if (result.data.ZIP_LOOKUP === 'usps' && (!result.data.USPS_CLIENT_ID || !result.data.USPS_CLIENT_SECRET)) {
    throw new Error('Invalid configuration:\n  USPS_CLIENT_ID and USPS_CLIENT_SECRET: required when ZIP_LOOKUP is usps');
  }
  if (result.data.APP_ENV === 'production' && (!result.data.TOKEN_SECRET || !result.data.DATA_ENCRYPTION_KEY)) {
    throw new Error('Invalid configuration:\n  TOKEN_SECRET and DATA_ENCRYPTION_KEY: required in production (wrangler secret put)');
  }
  if (result.data.PAYMENT_PROCESSOR === 'stripe' && (!result.data.STRIPE_SECRET_KEY || !result.data.STRIPE_WEBHOOK_SECRET || !result.data.STRIPE_PUBLISHABLE_KEY)) {
    throw new Error('Invalid configuration:\n  STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PUBLISHABLE_KEY: required when PAYMENT_PROCESSOR is stripe');
  }
  if (result.data.APP_ENV === 'production' && result.data.PAYMENT_PROCESSOR === 'sandbox') {
    throw new Error('Invalid configuration:\n  PAYMENT_PROCESSOR: production needs a real processor (stripe); the sandbox charges nothing');
  }
  if (result.data.APP_ENV === 'production' && result.data.CARD_VAULT === 'sandbox') {
    throw new Error('Invalid configuration:\n  CARD_VAULT: production needs the real card processor (marqeta); the sandbox invents card numbers');
  }
  if (result.data.APP_ENV === 'production' && result.data.EMAIL_PROVIDER === 'outbox') {
    throw new Error('Invalid configuration:\n  EMAIL_PROVIDER: production needs a real provider (resend); the outbox only records');
  }
  return result.data;
}

/**
 * The developer pages (/dev/outbox) exist only where mail goes nowhere real and the environment
 * is not production: they list every email a tenant sent and can queue test emails.
 */
export function devRoutesEnabled(config: Config): boolean {
  return config.APP_ENV !== 'production' && config.EMAIL_PROVIDER === 'outbox';
}

/** What a host hands to createApp. */
export interface AppDeps {
  config: Config;
  db: Db;
  queue: QueueProducer;
  /** Text messages go out at once (a sign-in code is useless an hour later, so no queue). */
  sms: SmsSender;
  /** Uploaded documents: R2 on Workers, a folder on Node. */
  files: FileStore;
  /** Reveals card numbers from the processor's token; we never store them. */
  cardVault: CardVault;
  /** Charges cards by token (the number never reaches us). */
  processor: PaymentProcessor;
  /** ZIP → city and state for staff address forms (the zip_codes table, and USPS when configured). */
  zip: ZipLookup;
  clock: Clock;
  logger: Logger;
  /** Local-only developer pages (/dev/outbox); never true in production. */
  devRoutes: boolean;
}

/** What handlers may use: everything but the raw database (tenant rows come through `tdb`). */
export type RequestDeps = Omit<AppDeps, 'db'>;

export type AppEnv = {
  Variables: {
    deps: RequestDeps;
    requestId: string;
    logger: Logger;
    secureHeadersNonce?: string;
    /** Set by the tenant middleware on tenant hosts. */
    tenant: Tenant;
    tdb: TenantDb;
    /** Set by the session middleware when a signed-in person made the request. */
    session?: SessionRow | undefined;
    /** Set by the session middleware when a staff session ended on this request (idle too long): whose it was. */
    endedStaffId?: string | undefined;
    throttles: ThrottleStore;
  };
};


import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { devRoutesEnabled, parseConfig } from '../../src/env';
import { systemClock } from '../../src/lib/clock';
import { createLogger } from '../../src/lib/logger';
import { createJobQueue } from '../../src/queues/job-table';
import { memoryFileStore } from '../../src/files/memory';
import { sandboxCardVault } from '../../src/integrations/card-vault/sandbox';
import { sandboxProcessor } from '../../src/integrations/payments/sandbox';
import { offlineZipLookup } from '../../src/integrations/zip/offline';
import { outboxSmsSender } from '../../src/integrations/sms/outbox';
import { PROD_SECRETS, TEST_BASE_DOMAIN } from '../support/fixtures';
import { startNodeTestHost, tempDb } from '../support/node-host';

describe('errors and logs', () => {
  it('turns an unexpected failure (the database gone) into a generic 500 page or problem JSON, logged with the request id', async () => {
    const { db, cleanup } = await tempDb();
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    const app = createApp({ config: parseConfig({ APP_ENV: 'test', BASE_DOMAIN: TEST_BASE_DOMAIN }), db, queue: createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: 1000 }).producer, sms: outboxSmsSender, files: memoryFileStore(), cardVault: sandboxCardVault('test-secret'), processor: sandboxProcessor({ secret: 'test-secret', clock: systemClock }), zip: offlineZipLookup(db), clock: systemClock, logger, devRoutes: true });
    db.$client.close();
    try {
      const page = await app.request(`https://alpha.${TEST_BASE_DOMAIN}/`);
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('Something went wrong on our side');
      expect(html).toContain(page.headers.get('x-request-id')!);
      expect(html).not.toMatch(/Error:|at .*\(|\.ts:\d+|SQLITE|libsql/i);

      const api = await app.request(`https://alpha.${TEST_BASE_DOMAIN}/api/v1/anything`);
      expect(api.status).toBe(500);
      expect(await api.json()).toMatchObject({ status: 500, title: 'Something went wrong on our side' });

      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const error = logged.find((l) => l.msg === 'unhandled error' && l.requestId === page.headers.get('x-request-id'));
      expect(error).toMatchObject({ level: 'error', err: expect.objectContaining({ message: expect.any(String) }) });
      expect(logged.find((l) => l.msg === 'request' && l.status === 500)).toMatchObject({ method: 'GET', hostname: `alpha.${TEST_BASE_DOMAIN}` });
    } finally {
      cleanup();
    }
  });

  it('does not mount the developer outbox in production', async () => {
    const host = await startNodeTestHost({ poll: false });
    try {
      const prod = createApp({ ...host.deps, config: parseConfig({ APP_ENV: 'production', BASE_DOMAIN: TEST_BASE_DOMAIN, EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_x', ...PROD_SECRETS }), devRoutes: devRoutesEnabled(parseConfig({ APP_ENV: 'production', EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_x', ...PROD_SECRETS })) });
      const res = await prod.request(`https://alpha.${TEST_BASE_DOMAIN}/dev/outbox`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain(host.fixtures.alpha.emailSubject);
    } finally {
      await host.stop();
    }
  });

  it('refuses bad configuration with a message naming each problem', () => {
    expect(() => parseConfig({ BASE_DOMAIN: 'Not A Host', APP_ENV: 'staging' })).toThrow(/BASE_DOMAIN[\s\S]*APP_ENV|APP_ENV[\s\S]*BASE_DOMAIN/);
    expect(() => parseConfig({ EMAIL_PROVIDER: 'resend' })).toThrow(/RESEND_API_KEY: required/);
  });
});

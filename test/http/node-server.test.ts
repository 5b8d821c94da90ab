import { request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devRoutesEnabled, parseConfig } from '../../src/env';
import { startNode, type NodeHost } from '../../src/platform/node';
import { PROD_SECRETS } from '../support/fixtures';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** GET over a real socket with a chosen Host header (fetch may not set Host). */
function get(port: number, host: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `${host}:${port}` } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the Node host as `npm start` runs it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-node-'));
  let dev: NodeHost;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    dev = await startNode({ PORT: String(port), DATABASE_URL: `file:${join(dir, 'dev.db')}`, LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the seeded demo tenant, branded, on loopback', async () => {
    const res = await get(port, 'demo.localhost', '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('Welcome to Sunrise Online Access');
    expect(res.body).toContain('--brand-primary:#0b5394');
    expect(dev.url).toBe(`http://demo.localhost:${port}/`);
  });

  it('serves static files with caching, and vendored htmx as immutable', async () => {
    const css = await get(port, 'demo.localhost', '/css/app.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
    const htmx = await get(port, 'localhost', '/vendor/htmx-2.0.11.min.js');
    expect(htmx.status).toBe(200);
    expect(htmx.headers['cache-control']).toContain('immutable');
  });

  it('delivers the seeded "portal ready" email through the queue to the outbox', async () => {
    let body = '';
    for (let i = 0; i < 50 && !body.includes('is ready'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      body = (await get(port, 'demo.localhost', '/dev/outbox')).body;
    }
    expect(body).toContain('Sunrise Online Access is ready');
  });

  it('mounts the developer pages only in development with the outbox provider', async () => {
    expect(devRoutesEnabled(parseConfig({ APP_ENV: 'development', EMAIL_PROVIDER: 'outbox' }))).toBe(true);
    expect(devRoutesEnabled(parseConfig({ APP_ENV: 'development', EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_x' }))).toBe(false);
    expect(devRoutesEnabled(parseConfig({ APP_ENV: 'production', EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_x', ...PROD_SECRETS }))).toBe(false);
    expect(() => parseConfig({ APP_ENV: 'production', EMAIL_PROVIDER: 'outbox', ...PROD_SECRETS })).toThrow(/production needs a real provider/);

    const prodPort = await freePort();
    const prod = await startNode({
      PORT: String(prodPort), APP_ENV: 'production', EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_test', ...PROD_SECRETS, RESEND_BASE_URL: 'http://127.0.0.1:9',
      DATABASE_URL: `file:${join(dir, 'prod.db')}`, LOG_LEVEL: 'error',
    });
    try {
      expect((await get(prodPort, 'demo.localhost', '/')).status).toBe(200);
      expect((await get(prodPort, 'demo.localhost', '/dev/outbox')).status).toBe(404);
    } finally {
      await prod.stop();
    }
  });

  it('says clearly when the port is taken', async () => {
    await expect(startNode({ PORT: String(port), DATABASE_URL: `file:${join(dir, 'dev.db')}`, LOG_LEVEL: 'error' })).rejects.toThrow(`Port ${port} is already in use`);
  });
});

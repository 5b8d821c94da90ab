import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobs } from '../../src/db/schema';
import { devRoutesEnabled, parseConfig } from '../../src/env';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { openLocalDb, startNode, type NodeHost } from '../../src/platform/node';
import { startNodeScheduler } from '../../src/platform/node-scheduler';
import { createJobQueue } from '../../src/queues/job-table';
import { PROD_SECRETS, seedFixtures } from '../support/fixtures';

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

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Outcome {
  status?: number;
  error?: string;
  /** The request was on the wire (handed to the OS) before the signal was sent. */
  sentBeforeSignal: boolean;
  /** It went on a keep-alive connection the server had already answered on. */
  reusedConnection: boolean;
  answeredAfterSignal: boolean;
}

/**
 * `npm start`'s entry point as a child process over a database in dir (made on the first run), under 20 keep-alive clients
 * (half posting sign-ins, which write throttle rows; half reading /healthz, which answers 503 once
 * the database is closed), stopped by `signal` while they keep going.
 */
async function stopUnderLoad(dir: string, signal: NodeJS.Signals) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/platform/node.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'stop.db')}`, FILES_DIR: join(dir, 'files'), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, sig) => {
      exited = true;
      resolve({ code, signal: sig });
    }),
  );
  try {
    await waitFor(() => stdout.includes('Demo borrower') || exited, 30_000, 'the host to start');
    if (exited) throw new Error(`the host did not start: ${stderr}`);

    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const outcomes: Outcome[] = [];
    let signalledAt = Infinity;
    const send = (i: number) =>
      new Promise<void>((done) => {
        const write = i % 2 === 0;
        const body = write ? 'email=jordan.rivera%40example.com&password=not-the-password' : '';
        const headers = write
          ? { host: `demo.localhost:${port}`, origin: `http://demo.localhost:${port}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }
          : { host: `localhost:${port}` };
        const req = request({ host: '127.0.0.1', port, agent, method: write ? 'POST' : 'GET', path: write ? '/login' : '/healthz', headers });
        let sentAt = Infinity;
        req.once('finish', () => (sentAt = performance.now()));
        const record = (o: Partial<Outcome>) => {
          outcomes.push({ sentBeforeSignal: sentAt < signalledAt, reusedConnection: req.reusedSocket, answeredAfterSignal: performance.now() > signalledAt, ...o });
          done();
        };
        req.once('response', (res) => {
          res.resume();
          res.once('end', () => record({ status: res.statusCode }));
          res.once('error', (err: NodeJS.ErrnoException) => record({ error: err.code ?? err.message }));
        });
        req.once('error', (err: NodeJS.ErrnoException) => record({ error: err.code ?? err.message }));
        req.end(body);
      });
    const clients = Array.from({ length: 20 }, async (_, i) => {
      while (!exited) {
        const before = outcomes.length;
        await send(i);
        if (outcomes[before]?.error) await new Promise((r) => setTimeout(r, 5));
      }
    });
    await waitFor(() => outcomes.filter((o) => o.status).length >= 40, 20_000, 'the load to get going');
    signalledAt = performance.now();
    child.kill(signal);
    const timedOut = new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), 15_000).unref());
    const result = await Promise.race([exit, timedOut]);
    if (result === 'timed out') child.kill('SIGKILL');
    await exit;
    await Promise.all(clients);
    agent.destroy();
    return { result, outcomes, stdout, stderr };
  } finally {
    if (!exited) child.kill('SIGKILL');
  }
}

describe('the Node host under faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-faults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops cleanly on SIGTERM or SIGINT under load: no 5xx, requests already received are answered, exit 0', async () => {
    for (const [run, signal] of (['SIGTERM', 'SIGINT'] as const).entries()) {
      const { result, outcomes, stdout, stderr } = await stopUnderLoad(dir, signal);
      const context = `${signal} run ${run}: ${stderr}`;
      expect(result, context).toEqual({ code: 0, signal: null });
      expect(outcomes.filter((o) => o.status !== undefined && o.status >= 500), context).toEqual([]);
      // The database was open for everything it answered: nothing was logged as an error.
      expect(stdout, context).not.toContain('"level":"error"');
      // Failures are only at connection level: refused once the listener closed, or reset.
      const failed = outcomes.filter((o) => o.error !== undefined);
      expect(failed.filter((o) => !['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(o.error!)), context).toEqual([]);
      // A request already sent on a connection the host had accepted is answered, not dropped.
      expect(failed.filter((o) => o.sentBeforeSignal && o.reusedConnection), context).toEqual([]);
      // The signal did come while requests were in flight.
      expect(outcomes.some((o) => o.status !== undefined && o.sentBeforeSignal && o.answeredAfterSignal), context).toBe(true);
    }
  }, 120_000);

  it('claims no job when its port is taken, and a host on a free port runs the job at once', async () => {
    const dbUrl = `file:${join(dir, 'taken.db')}`;
    const db = await openLocalDb(dbUrl);
    const fixtures = await seedFixtures(db);
    await createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: 60_000 }).producer.send('email', {
      id: 'waiting-job',
      tenantId: fixtures.alpha.id,
      to: 'pat@alpha.example',
      template: 'test',
      data: { note: 'waiting' },
    });
    const blocker: Server = createServer();
    const taken = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      await expect(startNode({ PORT: String(taken), DATABASE_URL: dbUrl, LOG_LEVEL: 'error' })).rejects.toThrow(`Port ${taken} is already in use`);
      await new Promise((r) => setTimeout(r, 300)); // time enough for a consumer left running to poll
      const rows = await db.select().from(jobs);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((j) => ({ status: j.status, attempts: j.attempts, lockedBy: j.lockedBy, lockedUntil: j.lockedUntil }))).toEqual(
        rows.map(() => ({ status: 'pending', attempts: 0, lockedBy: null, lockedUntil: null })),
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }

    const host = await startNode({ PORT: String(await freePort()), DATABASE_URL: dbUrl, LOG_LEVEL: 'error' });
    try {
      const waiting = () => db.select().from(jobs).where(like(jobs.body, '%waiting-job%'));
      await waitFor(async () => (await waiting())[0]?.status === 'done', 3000, 'the job to run');
      expect((await waiting())[0]?.attempts).toBe(1);
    } finally {
      await host.stop();
      db.$client.close();
    }
  }, 30_000);

  it('stops the scheduler only once the run under way has ended', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-22T03:16:30Z'));
      let finish = () => {};
      const ran: string[] = [];
      const tasks = [{ name: 'nightly', cron: '17 3 * * *', run: () => (ran.push('started'), new Promise<Record<string, never>>((done) => (finish = () => done({})))) }];
      const stop = startNodeScheduler({ db: null as never, queue: null as never, clock: systemClock, logger: silentLogger, config: parseConfig({}) }, tasks);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(ran).toEqual(['started']);
      let stopped = false;
      const stopping = stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(stopped).toBe(false);
      finish();
      await stopping;
      expect(stopped).toBe(true);
      await vi.advanceTimersByTimeAsync(24 * 3_600_000); // and nothing runs after the stop
      expect(ran).toEqual(['started']);
    } finally {
      vi.useRealTimers();
    }
  });
});

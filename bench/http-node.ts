// Throughput and latency of the real Node HTTP path (@hono/node-server over loopback) for portal pages, against a bare Hono "ok" baseline.
import { forTenant } from '../src/db/tenant';
import { tenantsRepo } from '../src/db/platform';
import { signInSettingsOf, startSession } from '../src/services/sign-in';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { startNodeTestHost } from '../test/support/node-host';
import { FIXTURE_PASSWORD } from '../test/support/fixtures';
import { TEST_BASE_DOMAIN } from '../test/support/fixtures';
import { runLoad, type LoadTarget } from './load';
import { BenchFailure, fixed, type Benchmark, type Table } from './report';

const CONCURRENCY = 16;
const WARMUP_MS = 500;
/** Measured seconds per target; the brief's ~3 s is trimmed to 2 s by default so the whole benchmark stays near 10 s. */
const DURATION_MS = Number(process.env.BENCH_HTTP_SECONDS ?? 2) * 1000;

type Fetch = (req: Request) => Response | Promise<Response>;

async function listen(fetch: Fetch): Promise<{ port: number; close(): Promise<void> }> {
  let server: Server | undefined;
  const port = await new Promise<number>((done) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => done(info.port)) as Server;
  });
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        server!.closeAllConnections();
        server!.close(() => done());
      }),
  };
}

export const httpNode: Benchmark = {
  name: 'http',
  what: `Node HTTP server req/s and latency, ${CONCURRENCY} keep-alive connections, ${DURATION_MS / 1000} s per target after ${WARMUP_MS / 1000} s warm-up`,
  async run(): Promise<Table[]> {
    const baselineApp = new Hono();
    baselineApp.get('/', (c) => c.text('ok'));
    // No background queue polling: it would compete with requests for the database and the CPU.
    const host = await startNodeTestHost({ poll: false });
    // A signed-in borrower's session (the fixture borrower of tenant alpha): http, so the cookie is `session`.
    const login = await host.app.request(`http://${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: `http://${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'pat@alpha.example', password: FIXTURE_PASSWORD }).toString(),
    });
    const cookie = /(session=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
    // A member of staff past the second step, for the staff pages (search as you type, a customer, an account).
    const alphaDb = forTenant(host.db, host.fixtures.alpha.id);
    const agent = await alphaDb.agents.create({ email: 'bench-agent@alpha.example', name: 'Bench Agent', role: 'agent' }, new Date());
    const staffCookie = `session=${(await startSession(alphaDb, { type: 'agent', id: agent.id }, signInSettingsOf((await tenantsRepo(host.db).findById(host.fixtures.alpha.id))!), { userAgent: null, ip: null, mfaPassed: true }, new Date())).token}`;
    const borrower = (await alphaDb.customers.findByUsername('pat@alpha.example'))!;
    const baseline = await listen(baselineApp.fetch);
    const portal = await listen(host.app.fetch);
    try {
      const targets: Array<{ name: string } & LoadTarget> = [
        { name: 'baseline: bare Hono "ok"', port: baseline.port, host: `127.0.0.1:${baseline.port}`, path: '/', expectStatus: 200 },
        { name: 'tenant home (alpha)', port: portal.port, host: `${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}:${portal.port}`, path: '/', expectStatus: 200 },
        { name: 'platform page', port: portal.port, host: `${TEST_BASE_DOMAIN}:${portal.port}`, path: '/', expectStatus: 200 },
        { name: 'unknown tenant 404', port: portal.port, host: `nobody.${TEST_BASE_DOMAIN}:${portal.port}`, path: '/', expectStatus: 404 },
        { name: 'accounts page (signed in)', port: portal.port, host: `${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}:${portal.port}`, path: '/', expectStatus: 200, cookie },
        { name: 'account summary (signed in)', port: portal.port, host: `${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}:${portal.port}`, path: '/accounts/FX-1/summary', expectStatus: 200, cookie },
        { name: 'staff: customer search fragment', port: portal.port, host: `${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}:${portal.port}`, path: '/admin/customers/results?q=pat', expectStatus: 200, cookie: staffCookie },
        { name: 'staff: customer summary, links & access', port: portal.port, host: `${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}:${portal.port}`, path: `/admin/customers/${borrower.id}`, expectStatus: 200, cookie: staffCookie },
        { name: 'staff: account page (schedule, ledger)', port: portal.port, host: `${host.fixtures.alpha.slug}.${TEST_BASE_DOMAIN}:${portal.port}`, path: '/admin/accounts/FX-1', expectStatus: 200, cookie: staffCookie },
      ];
      const rows = [];
      const broken: string[] = [];
      for (const t of targets) {
        const r = await runLoad(t, { concurrency: CONCURRENCY, warmupMs: WARMUP_MS, durationMs: DURATION_MS });
        const other = [...r.unexpected].map(([status, n]) => `${status}×${n}`).join(' ') || '0';
        rows.push([t.name, `Host: ${t.host.replace(/:\d+$/, '')}`, r.requests, Math.round(r.perSecond), fixed(r.p50Ms), fixed(r.p99Ms), fixed(r.maxMs), t.expectStatus, r.expected, other, r.errors]);
        if (r.expected === 0) broken.push(`${t.name}: no ${t.expectStatus} answers (other: ${other}, errors: ${r.errors}${r.firstError ? `, first: ${r.firstError}` : ''})`);
      }
      const table: Table = {
        title: `Node HTTP (@hono/node-server on 127.0.0.1, ${CONCURRENCY} concurrent keep-alive, ${DURATION_MS / 1000} s each)`,
        columns: ['target', 'host header', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'expect', 'as expected', 'other status', 'errors'],
        rows,
        notes: ['Load generator runs in the same process as the servers, so figures are relative: compare each page with the baseline row.'],
      };
      if (broken.length) throw new BenchFailure(`HTTP targets answered nothing correct:\n  ${broken.join('\n  ')}`, [table]);
      return [table];
    } finally {
      await portal.close();
      await baseline.close();
      await host.stop();
    }
  },
};

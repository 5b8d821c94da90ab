// A tiny closed-loop HTTP load generator over node:http keep-alive sockets (node:http, unlike fetch, may set Host).
import { Agent, request } from 'node:http';
import { percentile } from './report';

export interface LoadTarget {
  port: number;
  /** Sent as the Host header; the connection always goes to 127.0.0.1:port. */
  host: string;
  path: string;
  /** The status a correct answer has (200, or 404 for the unknown-tenant page). */
  expectStatus: number;
  /** Sent as the Cookie header (a signed-in borrower's session). */
  cookie?: string;
}

export interface LoadOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  expected: number;
  /** Any other status, by status code. */
  unexpected: Map<number, number>;
  errors: number;
  firstError?: string;
}

function once(agent: Agent, t: LoadTarget): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ agent, host: '127.0.0.1', port: t.port, path: t.path, method: 'GET', headers: { Host: t.host, ...(t.cookie ? { Cookie: t.cookie } : {}) } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** Runs `concurrency` request loops for a warm-up (discarded), then for the measured duration. */
export async function runLoad(t: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const latencies: number[] = [];
  const unexpected = new Map<number, number>();
  let expected = 0;
  let errors = 0;
  let firstError: string | undefined;

  const phase = async (ms: number, record: boolean) => {
    const end = performance.now() + ms;
    const loop = async () => {
      while (performance.now() < end) {
        const start = process.hrtime.bigint();
        try {
          const status = await once(agent, t);
          if (!record) continue;
          latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
          if (status === t.expectStatus) expected++;
          else unexpected.set(status, (unexpected.get(status) ?? 0) + 1);
        } catch (err) {
          if (!record) continue;
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: o.concurrency }, loop));
    return (performance.now() - started) / 1000;
  };

  try {
    await phase(o.warmupMs, false);
    const seconds = await phase(o.durationMs, true);
    const sorted = Float64Array.from(latencies).sort();
    return {
      requests: latencies.length,
      seconds,
      perSecond: latencies.length / seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
      expected,
      unexpected,
      errors,
      firstError,
    };
  } finally {
    agent.destroy();
  }
}

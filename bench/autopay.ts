// The nightly AutoPay run at scale: N active AutoPays due today (default 100,000; BENCH_AUTOPAYS to change),
// each on a loan with its payment history, through the same runDueAutopays() the cron calls.
import { count, eq } from 'drizzle-orm';
import { autopays, jobs, paymentMethods, payments } from '../src/db/schema';
import { tenantsRepo } from '../src/db/platform';
import { localDate } from '../src/domain/dates';
import { systemClock } from '../src/lib/clock';
import { toHex } from '../src/lib/hash';
import { newId } from '../src/lib/ids';
import { createJobQueue } from '../src/queues/job-table';
import { fanOutDueAutopays } from '../src/services/autopay';
import { buildHandlers } from '../src/queues/handlers';
import { outboxEmailSender } from '../src/integrations/email/outbox';
import { sandboxProcessor } from '../src/integrations/payments/sandbox';
import { parseConfig } from '../src/env';
import { silentLogger } from '../src/lib/logger';
import { seedLoad } from '../src/services/seed';
import { tempDb } from '../test/support/node-host';
import { fixed, type Benchmark, type Table } from './report';

const N = Number(process.env.BENCH_AUTOPAYS ?? 100_000);

export const autopayRun: Benchmark = {
  name: 'autopay',
  what: `nightly AutoPay run: ${N.toLocaleString('en-US')} active AutoPays due today, each on a loan with history (set BENCH_AUTOPAYS to change)`,
  async run(): Promise<Table[]> {
    const { db, cleanup } = await tempDb();
    try {
      const now = systemClock.now();
      let t = performance.now();
      const [slug] = await seedLoad({ db, clock: systemClock }, { tenants: 1, borrowers: N, password: 'Bench-Password-1' });
      const tenant = (await tenantsRepo(db).findBySlug(slug!))!;
      const today = localDate(now, tenant.timeZone);
      // One card and one AutoPay per borrower, inserted in bulk.
      const customers = await db.query.customers.findMany({ where: (c, { eq: is }) => is(c.tenantId, tenant.id), columns: { id: true } });
      const links = await db.query.customerAccounts.findMany({ where: (l, { eq: is }) => is(l.tenantId, tenant.id), columns: { customerId: true, accountId: true } });
      const accountOf = new Map(links.map((l) => [l.customerId, l.accountId]));
      const CHUNK = 500;
      for (let i = 0; i < customers.length; i += CHUNK) {
        const slice = customers.slice(i, i + CHUNK);
        const methods = slice.map((c) => ({ tenantId: tenant.id, id: newId(), customerId: c.id, kind: 'card' as const, processor: 'sandbox', processorToken: `tok_sbx_ok_visa_4242_0430_${toHex(crypto.getRandomValues(new Uint8Array(12)))}`, cardBrand: 'Visa', expiryMonth: 4, expiryYear: 2030, last4: '4242', holderName: 'Bench Borrower', isDefault: true, createdAt: now, updatedAt: now }));
        await db.insert(paymentMethods).values(methods);
        await db.insert(autopays).values(
          slice.map((c, j) => ({
            tenantId: tenant.id, id: `ap_${newId()}`, customerId: c.id, accountId: accountOf.get(c.id)!, paymentMethodId: methods[j]!.id, frequency: 'monthly', startDate: today, amountType: 'amount_due',
            status: 'active' as const, consecutiveFailures: 0, nextRunDate: today, authorizationText: 'bench', authorizedAt: now, createdAt: now, updatedAt: now,
          })),
        );
      }
      const seedMs = performance.now() - t;

      // The cron's part: one message per due AutoPay.
      const queue = createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: 60_000, batchSize: 50 });
      t = performance.now();
      const fanOut = await fanOutDueAutopays({ db, queue: queue.producer }, now);
      const fanOutMs = performance.now() - t;
      // The consumers' part: each AutoPay's run (payment created, its own message queued), here in one Node process.
      const config = parseConfig({ APP_ENV: 'test' });
      const handlers = buildHandlers({ db, sender: outboxEmailSender, clock: systemClock, config, processor: sandboxProcessor({ secret: 'bench', clock: systemClock }), queue: queue.producer });
      const runsOnly = { payments: async (m: Parameters<NonNullable<typeof handlers.payments>>[0], ctx: Parameters<NonNullable<typeof handlers.payments>>[1]) => (m.kind === 'run-autopay' ? handlers.payments!(m, ctx) : undefined) };
      t = performance.now();
      await queue.drain(runsOnly, silentLogger, Math.ceil(N / 50) * 3 + 100);
      const runMs = performance.now() - t;
      const [made] = await db.select({ n: count() }).from(payments).where(eq(payments.tenantId, tenant.id));
      const [queued] = await db.select({ n: count() }).from(jobs).where(eq(jobs.queue, 'payments'));
      return [
        {
          title: `Nightly AutoPay run (libSQL file, 1 tenant, ${N.toLocaleString('en-US')} AutoPays due)`,
          columns: ['phase', 'AutoPays', 'total s', 'ms per AutoPay', 'AutoPays/s'],
          rows: [
            ['seed loans, cards and AutoPays', N, fixed(seedMs / 1000, 1), fixed(seedMs / N, 2), Math.round((N / seedMs) * 1000)],
            ['cron fan-out (one message per AutoPay)', fanOut.queued, fixed(fanOutMs / 1000, 1), fixed(fanOutMs / Math.max(1, fanOut.queued), 3), Math.round((fanOut.queued / fanOutMs) * 1000)],
            ['AutoPay runs (1 Node process, 1 libSQL file)', N, fixed(runMs / 1000, 1), fixed(runMs / N, 2), Math.round((N / runMs) * 1000)],
            ['whole nightly run on this machine', N, fixed((fanOutMs + runMs) / 1000, 1), fixed((fanOutMs + runMs) / N, 2), Math.round((N / (fanOutMs + runMs)) * 1000)],
          ],
          notes: [
            `payments made: ${made!.n} (the others owed nothing today); payment messages queued for charging: ${queued!.n - fanOut.queued}`,
            'On Workers the runs spread over parallel queue consumer invocations, each with its own CPU budget.',
          ],
        },
      ];
    } finally {
      cleanup();
    }
  },
};

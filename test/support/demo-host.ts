import { expect, afterAll, beforeAll } from 'vitest';
import { forTenant } from '../../src/db/tenant';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import type { Clock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { DEMO, seedDemo } from '../../src/services/seed';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { sessionTokenOf, tenantClient, tenantOrigin } from './http-client';
import { startNodeTestHost, type NodeTestHost } from './node-host';

export type Demo = NonNullable<Awaited<ReturnType<typeof seedDemo>>>;

/**
 * For a describe block: the Node test host (queue not polled) with the demo tenant seeded, and the
 * things its tests keep doing: a client for the demo host, its rows, delivering queued messages,
 * signing in the demo borrower or a member of staff, adding a card through the sandbox processor.
 */
export function useDemoHost(opts: { clock: Clock; config?: Record<string, string> }) {
  const ctx = {} as { host: NodeTestHost; demo: Demo };
  beforeAll(async () => {
    ctx.host = await startNodeTestHost({ clock: opts.clock, poll: false, ...(opts.config ? { config: opts.config } : {}) });
    const { host } = ctx;
    ctx.demo = (await seedDemo({ db: host.db, clock: opts.clock, queue: host.deps.queue, config: host.deps.config, files: host.deps.files }))!;
  });
  afterAll(() => ctx.host.stop());

  const client = () => tenantClient(ctx.host.app, 'demo');
  const tdb = () => forTenant(ctx.host.db, ctx.demo.tenant.id);
  return {
    get host() {
      return ctx.host;
    },
    get demo() {
      return ctx.demo;
    },
    client,
    tdb,
    /** Runs every queued message (emails, payments, AutoPay runs) to the end. */
    deliver: () => {
      const { host } = ctx;
      return host.jobQueue.drain(buildHandlers({ db: host.db, sender: outboxEmailSender, clock: opts.clock, config: host.deps.config, processor: host.deps.processor, queue: host.deps.queue }), silentLogger);
    },
    signInBorrower: async () => sessionTokenOf(await client()('/login', { form: { email: DEMO.borrower.email, password: DEMO.borrower.password } })),
    /** A staff session past its second step: the demo owner, or a new agent of the role. */
    staffSession: async (role: 'owner' | 'manager' | 'agent' | 'read_only') => {
      const agent = role === 'owner' ? ctx.demo.owner : await tdb().agents.create({ email: `${role}-${newId()}@sunrise-lending.example`, name: `A ${role}`, role }, opts.clock.now());
      return (await startSession(tdb(), { type: 'agent', id: agent.id }, signInSettingsOf(ctx.demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, opts.clock.now())).token;
    },
    /** Tokenizes a card as the sandbox's card page does, saves it as the borrower, returns the method id. */
    addSandboxCard: async (cookie: string, number: string) => {
      const origin = tenantOrigin('demo');
      const res = await ctx.host.app.request(`${origin}/payments/methods/card-frame/tokenize`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', cookie: `__Host-session=${cookie}` },
        body: JSON.stringify({ number, expiryMonth: 4, expiryYear: 2031, cvc: '123' }),
      });
      const { card } = (await res.json()) as { card: { token: string } };
      expect(card.token).not.toContain(number);
      expect((await client()('/payments/methods/cards', { cookie, form: { token: card.token } })).status).toBe(303);
      return (await tdb().paymentMethods.forCustomer(ctx.demo.borrower.id)).find((m) => m.processorToken === card.token)!.id;
    },
  };
}

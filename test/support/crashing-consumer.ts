/**
 * A consumer process that dies mid-job: it claims the email job with a short lease, performs the
 * side effect (the email is recorded), reports "handled", then hangs without acking until killed.
 * Usage: node --import tsx test/support/crashing-consumer.ts <dbPath> <leaseMs>
 */
import { parseConfig } from '../../src/env';
import { openLocalDb } from '../../src/platform/node';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { emailConsumer } from '../../src/queues/email-consumer';
import { createJobQueue } from '../../src/queues/job-table';

const [dbPath, leaseMs] = process.argv.slice(2);
const db = await openLocalDb(`file:${dbPath}`);
const queue = createJobQueue(db, { clock: systemClock, visibilityTimeoutMs: Number(leaseMs), workerId: 'doomed' });
const send = emailConsumer({ db, sender: outboxEmailSender, clock: systemClock, config: parseConfig({ APP_ENV: 'test' }) });
await queue.pollOnce(
  {
    email: async (message, ctx) => {
      await send(message, ctx);
      process.stdout.write('handled\n');
      await new Promise(() => {}); // never acks: the parent kills us here
    },
  },
  silentLogger,
);

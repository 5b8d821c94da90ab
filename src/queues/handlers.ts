import type { Db } from '../db/client';
import type { Config } from '../env';
import type { EmailSender } from '../integrations/email';
import type { Clock } from '../lib/clock';
import type { Handlers } from './dispatch';
import { emailConsumer } from './email-consumer';
import type { PaymentProcessor } from '../integrations/payments';
import type { QueueProducer } from './messages';
import { paymentsConsumer } from './payments-consumer';

/**
 * The consumers of this build. Sync messages have no consumer yet (their issue adds it); dispatch
 * dead-letters such messages with that reason instead of dropping them. Payments need the
 * processor and the queue (for receipts); a build without them leaves payments unconsumed.
 */
export function buildHandlers(deps: { db: Db; sender: EmailSender; clock: Clock; config: Config; processor?: PaymentProcessor; queue?: QueueProducer }): Handlers {
  return {
    email: emailConsumer({ db: deps.db, sender: deps.sender, clock: deps.clock, config: deps.config }),
    ...(deps.processor && deps.queue ? { payments: paymentsConsumer({ db: deps.db, processor: deps.processor, queue: deps.queue, clock: deps.clock, config: deps.config }) } : {}),
  };
}

import type { Db } from '../db/client';
import type { Config } from '../env';
import type { EmailSender } from '../integrations/email';
import type { Clock } from '../lib/clock';
import type { Handlers } from './dispatch';
import { emailConsumer } from './email-consumer';

/**
 * The consumers of this build. Payments and sync messages have no consumer yet (their issues add
 * them); dispatch dead-letters such messages with that reason instead of dropping them.
 */
export function buildHandlers(deps: { db: Db; sender: EmailSender; clock: Clock; config: Config }): Handlers {
  return {
    email: emailConsumer({ db: deps.db, sender: deps.sender, clock: deps.clock, config: deps.config }),
  };
}

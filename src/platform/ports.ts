/** What the app needs from a host, in one place (AppDeps); each host supplies its own implementations. */
export type { Clock } from '../lib/clock';
export type { Logger } from '../lib/logger';
export type { QueueProducer } from '../queues/messages';
export type { EmailSender } from '../integrations/email';
export type { AppDeps } from '../env';

import { PermanentError, TransientError } from '../lib/delivery-errors';
import { errorSummary, type Logger } from '../lib/logger';
import { messageSchemas, type QueueMessage, type QueueName } from './messages';

/** One delivery of one message, whichever host delivered it. */
export interface Delivery {
  id: string;
  queue: QueueName;
  body: unknown;
  /** 1 on first delivery. */
  attempt: number;
  ack(): Promise<void>;
  retry(delaySeconds: number, error: string): Promise<void>;
  /** Stop delivering; keep the message and its last error for people to inspect. */
  deadLetter(error: string): Promise<void>;
}

export type Handler<Q extends QueueName> = (message: QueueMessage<Q>, ctx: { attempt: number; logger: Logger }) => Promise<void>;
export type Handlers = { [Q in QueueName]?: Handler<Q> };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A handler still running after this is treated as failed (it may be hung on the network). */
  handlerTimeoutMs: number;
}

/** Retries span about an hour (30 s, 1, 2, 4, 8, 16, 32 min) before a message is dead-lettered. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelaySeconds: 30, maxDelaySeconds: 3600, handlerTimeoutMs: 60_000 };

/** Exponential backoff: base, 2×base, 4×base… capped. */
export function backoffSeconds(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempt - 1));
}

export type Outcome = 'acked' | 'retried' | 'dead';

/**
 * The one ack / retry / dead-letter policy for every queue on both hosts.
 * Invalid messages and PermanentErrors are dead-lettered at once; other failures retry with
 * backoff (or the provider's Retry-After) until maxAttempts, then are dead-lettered with the last error.
 */
export async function dispatch(
  deliveries: Delivery[],
  handlers: Handlers,
  logger: Logger,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const d of deliveries) outcomes.push(await dispatchOne(d, handlers, logger, policy));
  return outcomes;
}

async function dispatchOne(d: Delivery, handlers: Handlers, logger: Logger, policy: RetryPolicy): Promise<Outcome> {
  const log = logger.child({ queue: d.queue, messageId: d.id, attempt: d.attempt });
  const parsed = messageSchemas[d.queue].safeParse(d.body);
  if (!parsed.success) {
    const error = `invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
    log.error('queue message dead-lettered', { error });
    await d.deadLetter(error);
    return 'dead';
  }
  const handler = handlers[d.queue] as Handler<QueueName> | undefined;
  if (!handler) {
    const error = `no consumer is registered for the ${d.queue} queue`;
    log.error('queue message dead-lettered', { error });
    await d.deadLetter(error);
    return 'dead';
  }
  let failed: { err: unknown } | undefined;
  try {
    await withTimeout(handler(parsed.data, { attempt: d.attempt, logger: log }), policy.handlerTimeoutMs);
  } catch (err) {
    failed = { err };
  }
  if (!failed) {
    // Outside the handler's try: a failed ack is the queue's fault, not the message's, so it must
    // not count as a failed attempt (on the last one it would dead-letter a message that was
    // handled). It propagates to the poller; the message is redelivered when its lease ends.
    await d.ack();
    return 'acked';
  }
  const { err } = failed;
  const error = errorSummary(err);
  if (err instanceof PermanentError || d.attempt >= policy.maxAttempts) {
    log.error('queue message dead-lettered', { error });
    await d.deadLetter(error);
    return 'dead';
  }
  const delay =
    err instanceof TransientError && err.retryAfterSeconds !== undefined
      ? Math.min(policy.maxDelaySeconds, Math.max(1, Math.ceil(err.retryAfterSeconds)))
      : backoffSeconds(d.attempt, policy);
  log.warn('queue message will be retried', { error, delaySeconds: delay });
  await d.retry(delay, error);
  return 'retried';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransientError(`consumer did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

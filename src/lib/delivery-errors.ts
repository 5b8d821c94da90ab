/**
 * How a failed side effect (an email send, a charge) tells the queue what to do next.
 * Anything else thrown counts as transient and is retried with backoff.
 */
export class TransientError extends Error {
  override name = 'TransientError';
  constructor(message: string, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

/** Retrying cannot help (bad request, rejected credentials): dead-letter at once. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

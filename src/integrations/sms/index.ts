/** Sending one text message. Implementations: Twilio (real, fetch) and the local outbox (offline). */
export interface OutgoingSms {
  /**
   * The same key for every attempt at the same message. Twilio has no idempotency header, so
   * the caller records each sent message under this key and skips keys already sent.
   */
  idempotencyKey: string;
  /** E.164, e.g. +14155550123. */
  to: string;
  body: string;
}

export interface SmsSender {
  /** Recorded with each message: "twilio", "outbox". */
  readonly provider: string;
  /** Throws TransientError (retry, maybe after a delay) or PermanentError (give up). */
  send(sms: OutgoingSms): Promise<{ providerMessageId: string | null }>;
}

/** `+`, a country code not starting with 0, at most 15 digits in all (ITU-T E.164). */
export function isE164(value: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(value);
}

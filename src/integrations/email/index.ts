/** Sending one email. Implementations: Resend (real, fetch) and the local outbox (offline). */
export interface OutgoingEmail {
  /** The same key for every attempt at the same email, so a provider never sends it twice. */
  idempotencyKey: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface EmailSender {
  /** Recorded with each email: "resend", "outbox". */
  readonly provider: string;
  /** Throws TransientError (retry, maybe after a delay) or PermanentError (give up). */
  send(email: OutgoingEmail): Promise<{ providerMessageId: string | null }>;
}

/**
 * Revealing a borrower's full card number. We store only the processor's card token and the last
 * four; the PAN is fetched on demand after a fresh re-authentication, shown once, and never stored
 * or logged. Implementations: Marqeta (real, fetch) and the sandbox (offline, derived numbers).
 */
export { luhnComplete, luhnValid } from '../../domain/luhn';

export interface RevealedCard {
  /** 12–19 digits, Luhn-valid. Never log it, put it in an error or store it. */
  pan: string;
  /** 1–12. */
  expiryMonth: number;
  /** Four digits, e.g. 2029. */
  expiryYear: number;
  /** 3–4 digits, or null when the processor did not return one. Same rules as the PAN. */
  cvv: string | null;
}

export interface CardVault {
  /** "marqeta", "sandbox". */
  readonly provider: string;
  /**
   * Throws CardNotFoundError (no such card: show "not available", do not retry), TransientError
   * (try again later, maybe after retryAfterSeconds) or PermanentError (misconfiguration or a
   * response we cannot trust; an operator must look).
   */
  reveal(token: string): Promise<RevealedCard>;
}

/** The processor has no card under this token (closed, replaced, or never ours). */
export class CardNotFoundError extends Error {
  override name = 'CardNotFoundError';
  constructor(message = 'Card not found at the card processor') {
    super(message);
  }
}

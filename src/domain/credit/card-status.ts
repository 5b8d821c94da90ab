/**
 * Credit card statuses (as shown in the borrower portal) and the moves allowed between them.
 * The rules are data so they can be reviewed, shown and tested as a table.
 */
import { daysInMonth, fromParts, type IsoDate } from '../dates';

// Note the en dash (–) in the Active variants: these strings are displayed and stored as is.
export const cardStatuses = [
  'Active',
  'Active – Reissued',
  'Active – Virtual Only',
  'Inactive',
  'Blocked',
  'Stolen',
  'Lost',
  'Expired',
  'Cancelled',
  'Frozen',
  'Pending Activation',
  'Pending Emboss',
] as const;
export type CardStatus = (typeof cardStatuses)[number];

const USABLE: readonly CardStatus[] = ['Active', 'Active – Reissued', 'Active – Virtual Only'];
const TERMINAL: readonly CardStatus[] = ['Cancelled', 'Expired'];

export const cardTransitions: Record<CardStatus, readonly CardStatus[]> = {
  // Being manufactured: it ships to await activation, or is cancelled before it ships.
  'Pending Emboss': ['Pending Activation', 'Cancelled'],
  // In the borrower's hands (or the mail): activation picks Active, or Active – Reissued for a
  // replacement card, or Virtual Only for online use; it can also go missing or lapse unactivated.
  'Pending Activation': ['Active', 'Active – Reissued', 'Active – Virtual Only', 'Cancelled', 'Lost', 'Stolen', 'Expired'],
  // In use: the borrower can freeze it or report it; the lender can block, deactivate or close it.
  Active: ['Frozen', 'Blocked', 'Inactive', 'Lost', 'Stolen', 'Expired', 'Cancelled'],
  // A replacement card in use: same exits as Active.
  'Active – Reissued': ['Frozen', 'Blocked', 'Inactive', 'Lost', 'Stolen', 'Expired', 'Cancelled'],
  // Credentials usable online only; may be upgraded once plastic is activated, otherwise as Active.
  'Active – Virtual Only': ['Active', 'Active – Reissued', 'Frozen', 'Blocked', 'Inactive', 'Lost', 'Stolen', 'Expired', 'Cancelled'],
  // Borrower's temporary lock: unfreezing returns to the Active status held before (the caller keeps
  // which one); it can still be reported, blocked, lapse or be closed while frozen.
  Frozen: ['Active', 'Active – Reissued', 'Active – Virtual Only', 'Blocked', 'Lost', 'Stolen', 'Expired', 'Cancelled'],
  // Lender's hold (fraud review, delinquency): lifted back to an Active status, or ends the card.
  Blocked: ['Active', 'Active – Reissued', 'Active – Virtual Only', 'Lost', 'Stolen', 'Expired', 'Cancelled'],
  // Deactivated by the lender (e.g. dormant): may be reactivated, or ends the card.
  Inactive: ['Active', 'Active – Reissued', 'Active – Virtual Only', 'Expired', 'Cancelled'],
  // The number is compromised for good: only closing remains; the replacement is a new card
  // (new id and vault token) that starts at Pending Emboss.
  Lost: ['Cancelled'],
  Stolen: ['Cancelled'],
  // Final: a renewal or replacement is a new card.
  Expired: [],
  Cancelled: [],
};

export function canTransition(from: CardStatus, to: CardStatus): boolean {
  return cardTransitions[from].includes(to);
}

export class CardTransitionError extends Error {
  constructor(
    readonly from: CardStatus,
    readonly to: CardStatus,
  ) {
    const allowed = cardTransitions[from];
    super(`A card cannot go from "${from}" to "${to}"; allowed: ${allowed.length ? allowed.map((s) => `"${s}"`).join(', ') : 'none (final status)'}`);
    this.name = 'CardTransitionError';
  }
}

/** Returns the new status, or throws CardTransitionError when the move is not allowed. */
export function transition(from: CardStatus, to: CardStatus): CardStatus {
  if (!canTransition(from, to)) throw new CardTransitionError(from, to);
  return to;
}

/** Can authorize transactions (Virtual Only: card-not-present only). */
export function isUsable(status: CardStatus): boolean {
  return USABLE.includes(status);
}

export function isTerminal(status: CardStatus): boolean {
  return TERMINAL.includes(status);
}

/** The portal's "Activate Now" applies only to a card that has shipped and awaits activation. */
export function activationAllowed(status: CardStatus): boolean {
  return status === 'Pending Activation';
}

export interface Card {
  id: string;
  lineAccountId: string;
  /** Reference to the card number in the PCI vault; the full number is never stored here. */
  vaultToken: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  status: CardStatus;
  nameOnCard: string;
  /** Set on a replacement card: the card it replaces (its activation gives 'Active – Reissued'). */
  replacesCardId?: string;
}

/** The status activation moves a card to: a replacement becomes 'Active – Reissued'. */
export function activatedStatus(card: Pick<Card, 'replacesCardId'>): CardStatus {
  return card.replacesCardId ? 'Active – Reissued' : 'Active';
}

export function isLast4(value: string): boolean {
  return /^\d{4}$/.test(value);
}

/** "1234" → "•••• •••• •••• 1234" (the only form of the number this app can show). */
export function maskedNumber(last4: string): string {
  if (!isLast4(last4)) throw new RangeError('last4 must be exactly 4 digits');
  return `•••• •••• •••• ${last4}`;
}

/** A card is good through the last day of its expiry month. */
export function expiresOn(expiryMonth: number, expiryYear: number): IsoDate {
  if (!Number.isInteger(expiryMonth) || expiryMonth < 1 || expiryMonth > 12) throw new RangeError('expiryMonth must be 1–12');
  if (!Number.isInteger(expiryYear) || expiryYear < 2000 || expiryYear > 9999) throw new RangeError('expiryYear must be a 4-digit year');
  return fromParts(expiryYear, expiryMonth, daysInMonth(expiryYear, expiryMonth));
}

export function isPastExpiry(card: Pick<Card, 'expiryMonth' | 'expiryYear'>, asOf: IsoDate): boolean {
  return asOf > expiresOn(card.expiryMonth, card.expiryYear);
}

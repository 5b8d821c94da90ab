import type { IsoDate } from '../dates';
import type { Cents } from '../money';
import type { Split } from './allocation';

/**
 * The immutable ledger of an installment account. Nothing is edited: a returned payment (NSF) is
 * a new 'reversal' entry pointing at it, carrying the same split negated.
 */
export const entryKinds = ['payment', 'reversal', 'fee', 'fee_waiver'] as const;
export type EntryKind = (typeof entryKinds)[number];

export interface LedgerEntry extends Split {
  id: string;
  date: IsoDate;
  kind: EntryKind;
  /** Positive for payments and fees; a reversal mirrors its payment with negative parts. */
  amount: Cents;
  /** For reversals: the id of the payment reversed. */
  reverses?: string | undefined;
}

/** Entries effective on or before a date, in date order (stable for same-day entries). */
export function entriesUpTo(entries: readonly LedgerEntry[], asOf: IsoDate): LedgerEntry[] {
  return entries.filter((e) => e.date <= asOf).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Payments not reversed as of the date (a reversal takes effect from the original payment date). */
export function effectivePayments(entries: readonly LedgerEntry[], asOf: IsoDate): LedgerEntry[] {
  const upTo = entriesUpTo(entries, asOf);
  const reversed = new Set(upTo.filter((e) => e.kind === 'reversal' && e.reverses).map((e) => e.reverses!));
  return upTo.filter((e) => e.kind === 'payment' && !reversed.has(e.id));
}

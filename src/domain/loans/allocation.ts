import type { Cents } from '../money';

/** The parts of a payment. A reversal carries the same parts negated. */
export interface Split {
  fees: Cents;
  interest: Cents;
  principal: Cents;
}

export const components = ['fees', 'interest', 'principal'] as const;
export type Component = (typeof components)[number];

/** Fees, then interest, then principal, unless the tenant chooses another order. */
export const defaultAllocationOrder: readonly Component[] = ['fees', 'interest', 'principal'];

export interface Owed {
  fees: Cents;
  interest: Cents;
  /** The whole principal balance: what is left after fees and interest reduces it (overpayment). */
  principal: Cents;
}

export interface Allocation extends Split {
  /** More than the payoff: not applied to the loan (to be refunded or held). */
  excess: Cents;
}

export function isValidOrder(order: readonly string[]): order is readonly Component[] {
  return order.length === 3 && components.every((c) => order.includes(c));
}

/** Splits a payment over what is owed, in order; anything beyond the payoff is excess. */
export function allocate(amount: Cents, owed: Owed, order: readonly Component[] = defaultAllocationOrder): Allocation {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError('a payment must be a positive number of cents');
  if (!isValidOrder(order)) throw new RangeError('allocation order must name fees, interest and principal once each');
  const split: Allocation = { fees: 0, interest: 0, principal: 0, excess: 0 };
  let left = amount;
  for (const part of order) {
    const take = Math.min(left, Math.max(0, owed[part]));
    split[part] = take;
    left -= take;
  }
  split.excess = left;
  return split;
}

export function negate(split: Split): Split {
  return { fees: -split.fees, interest: -split.interest, principal: -split.principal };
}


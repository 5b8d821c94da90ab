import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activatedStatus,
  activationAllowed,
  canTransition,
  CardTransitionError,
  cardStatuses,
  cardTransitions,
  expiresOn,
  isLast4,
  isPastExpiry,
  isTerminal,
  isUsable,
  maskedNumber,
  transition,
  type CardStatus,
} from './card-status';

const status = fc.constantFrom(...cardStatuses);

describe('card status table', () => {
  it('lists the twelve portal statuses, with an en dash in the Active variants', () => {
    expect(cardStatuses).toHaveLength(12);
    expect(cardStatuses).toContain('Active – Reissued');
    expect(cardStatuses).toContain('Active – Virtual Only');
    expect(cardStatuses.join()).not.toContain(' - ');
  });

  it('has a row for every status and only known statuses as targets, without self-loops or duplicates', () => {
    expect(Object.keys(cardTransitions).sort()).toEqual([...cardStatuses].sort());
    for (const [from, targets] of Object.entries(cardTransitions)) {
      expect(new Set(targets).size).toBe(targets.length);
      for (const to of targets) {
        expect(cardStatuses).toContain(to);
        expect(to).not.toBe(from);
      }
    }
  });

  it('gives terminal statuses no exits, and every other status at least one', () => {
    for (const s of cardStatuses) expect(cardTransitions[s].length === 0).toBe(isTerminal(s));
    expect(cardStatuses.filter(isTerminal)).toEqual(['Expired', 'Cancelled']);
  });

  it('can reach every status from Pending Emboss, and a final status from every status', () => {
    const reach = (from: CardStatus): Set<CardStatus> => {
      const seen = new Set<CardStatus>([from]);
      const queue = [from];
      for (let s = queue.shift(); s; s = queue.shift()) {
        for (const to of cardTransitions[s]) if (!seen.has(to)) (seen.add(to), queue.push(to));
      }
      return seen;
    };
    expect(reach('Pending Emboss').size).toBe(cardStatuses.length);
    for (const s of cardStatuses) expect(reach(s).has('Cancelled') || isTerminal(s)).toBe(true);
  });

  it('follows the lifecycle rules', () => {
    expect(canTransition('Pending Emboss', 'Pending Activation')).toBe(true);
    expect(canTransition('Pending Emboss', 'Active')).toBe(false);
    expect(canTransition('Pending Activation', 'Active')).toBe(true);
    expect(canTransition('Pending Activation', 'Active – Reissued')).toBe(true);
    expect(canTransition('Active', 'Frozen')).toBe(true);
    expect(canTransition('Frozen', 'Active')).toBe(true);
    expect(canTransition('Lost', 'Active')).toBe(false);
    expect(cardTransitions.Lost).toEqual(['Cancelled']);
    expect(cardTransitions.Stolen).toEqual(['Cancelled']);
  });
});

describe('transition', () => {
  it('returns the new status when allowed', () => {
    expect(transition('Active', 'Frozen')).toBe('Frozen');
  });

  it('throws a clear error on a forbidden move', () => {
    expect(() => transition('Cancelled', 'Active')).toThrow(CardTransitionError);
    expect(() => transition('Cancelled', 'Active')).toThrow('A card cannot go from "Cancelled" to "Active"; allowed: none (final status)');
    expect(() => transition('Lost', 'Active')).toThrow('allowed: "Cancelled"');
  });

  it('agrees with canTransition for every pair', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (canTransition(from, to)) expect(transition(from, to)).toBe(to);
        else expect(() => transition(from, to)).toThrow(CardTransitionError);
      }),
    );
  });
});

describe('usability and activation', () => {
  it('only the Active statuses are usable', () => {
    expect(cardStatuses.filter(isUsable)).toEqual(['Active', 'Active – Reissued', 'Active – Virtual Only']);
  });

  it('activation applies to Pending Activation only, and leads to a status it may move to', () => {
    expect(cardStatuses.filter(activationAllowed)).toEqual(['Pending Activation']);
    expect(activatedStatus({})).toBe('Active');
    expect(activatedStatus({ replacesCardId: 'card_1' })).toBe('Active – Reissued');
    expect(canTransition('Pending Activation', activatedStatus({ replacesCardId: 'card_1' }))).toBe(true);
  });
});

describe('card number display and expiry', () => {
  it('masks all but the last four digits', () => {
    expect(maskedNumber('1234')).toBe('•••• •••• •••• 1234');
    expect(isLast4('0042')).toBe(true);
    for (const bad of ['123', '12345', '12a4', ' 1234']) expect(() => maskedNumber(bad)).toThrow(RangeError);
  });

  it('is good through the end of the expiry month', () => {
    expect(expiresOn(2, 2028)).toBe('2028-02-29');
    expect(isPastExpiry({ expiryMonth: 2, expiryYear: 2028 }, '2028-02-29')).toBe(false);
    expect(isPastExpiry({ expiryMonth: 2, expiryYear: 2028 }, '2028-03-01')).toBe(true);
    expect(() => expiresOn(13, 2028)).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, daysInMonth, fromDayNumber, dayNumber, parts } from '../dates';
import { dueDates } from './calendar';
import { frequencies } from './types';

describe('dueDates', () => {
  it('steps weekly and biweekly by 7 and 14 days, across month and year ends', () => {
    expect(dueDates('2024-12-24', 'weekly', 3)).toEqual(['2024-12-24', '2024-12-31', '2025-01-07']);
    expect(dueDates('2024-02-20', 'biweekly', 3)).toEqual(['2024-02-20', '2024-03-05', '2024-03-19']);
  });

  it('keeps the first due date’s day as the anchor for monthly dates (Jan 31 → Feb 29 → Mar 31)', () => {
    expect(dueDates('2024-01-31', 'monthly', 5)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']);
    expect(dueDates('2025-01-30', 'monthly', 3)).toEqual(['2025-01-30', '2025-02-28', '2025-03-30']);
  });

  it('steps quarterly, semiannually and annually by 3, 6 and 12 months from the same anchor', () => {
    expect(dueDates('2024-11-30', 'quarterly', 4)).toEqual(['2024-11-30', '2025-02-28', '2025-05-30', '2025-08-30']);
    expect(dueDates('2024-08-31', 'semiannually', 3)).toEqual(['2024-08-31', '2025-02-28', '2025-08-31']);
    expect(dueDates('2024-02-29', 'annually', 5)).toEqual(['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
  });

  it('puts semimonthly dates on d and d+15 when the first day is the 15th or earlier', () => {
    expect(dueDates('2024-12-01', 'semimonthly', 4)).toEqual(['2024-12-01', '2024-12-16', '2025-01-01', '2025-01-16']);
    // d + 15 = 30 does not exist in February: the month's last day instead.
    expect(dueDates('2025-01-15', 'semimonthly', 5)).toEqual(['2025-01-15', '2025-01-30', '2025-02-15', '2025-02-28', '2025-03-15']);
  });

  it('puts semimonthly dates on d and the next month’s d−15 when the first day is after the 15th', () => {
    expect(dueDates('2024-12-16', 'semimonthly', 4)).toEqual(['2024-12-16', '2025-01-01', '2025-01-16', '2025-02-01']);
    expect(dueDates('2024-01-31', 'semimonthly', 6)).toEqual(['2024-01-31', '2024-02-16', '2024-02-29', '2024-03-16', '2024-03-31', '2024-04-16']);
    expect(dueDates('2025-01-30', 'semimonthly', 4)).toEqual(['2025-01-30', '2025-02-15', '2025-02-28', '2025-03-15']);
  });

  it('accepts a count of 0 and rejects bad input', () => {
    expect(dueDates('2025-01-01', 'monthly', 0)).toEqual([]);
    expect(() => dueDates('2025-01-01', 'monthly', -1)).toThrow(RangeError);
    expect(() => dueDates('2025-01-01', 'monthly', 1.5)).toThrow(RangeError);
    expect(() => dueDates('2025-02-30', 'monthly', 1)).toThrow(RangeError);
  });

  const firstDate = fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2080-12-31') }).map(fromDayNumber);

  it('always gives strictly increasing dates, starting with the first due date', () => {
    fc.assert(
      fc.property(firstDate, fc.constantFrom(...frequencies), fc.integer({ min: 1, max: 120 }), (first, frequency, count) => {
        const dates = dueDates(first, frequency, count);
        expect(dates).toHaveLength(count);
        expect(dates[0]).toBe(first);
        for (let k = 1; k < dates.length; k++) expect(dates[k]! > dates[k - 1]!).toBe(true);
        if (frequency === 'weekly' || frequency === 'biweekly') {
          for (let k = 1; k < dates.length; k++) expect(daysBetween(dates[k - 1]!, dates[k]!)).toBe(frequency === 'weekly' ? 7 : 14);
        }
      }),
    );
  });

  it('keeps month-based dates on the anchor day or, in shorter months, the last day', () => {
    fc.assert(
      fc.property(firstDate, fc.constantFrom('monthly', 'quarterly', 'semiannually', 'annually' as const), fc.integer({ min: 1, max: 60 }), (first, frequency, count) => {
        const anchor = parts(first).d;
        for (const date of dueDates(first, frequency, count)) {
          const { y, m, d } = parts(date);
          expect(d).toBe(Math.min(anchor, daysInMonth(y, m)));
        }
      }),
    );
  });

  it('gives semimonthly dates two a month on the pair of days 15 apart', () => {
    fc.assert(
      fc.property(firstDate, fc.integer({ min: 2, max: 72 }), (first, count) => {
        const anchor = parts(first).d;
        const low = anchor <= 15 ? anchor : anchor - 15;
        const perMonth = new Map<string, number>();
        for (const date of dueDates(first, 'semimonthly', count)) {
          const { y, m, d } = parts(date);
          expect([low, Math.min(low + 15, daysInMonth(y, m))]).toContain(d);
          perMonth.set(date.slice(0, 7), (perMonth.get(date.slice(0, 7)) ?? 0) + 1);
        }
        for (const n of perMonth.values()) expect(n).toBeLessThanOrEqual(2);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber } from '../dates';
import { addBankingDays, dayOfWeek, federalReserveHolidays, isBankingDay, nextBankingDay } from './banking-days';

describe('banking days', () => {
  it('knows the Federal Reserve holidays of 2026 and 2027 as published', () => {
    expect([...federalReserveHolidays(2026)].sort()).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-04', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']);
    // 2027: Juneteenth and Christmas fall on Saturdays (not moved); Independence Day on a Sunday (observed Monday the 5th).
    expect([...federalReserveHolidays(2027)].sort()).toEqual(['2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-19', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-25']);
  });

  it('rolls weekends and holidays forward to the next day banks settle', () => {
    expect(nextBankingDay('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(nextBankingDay('2026-11-26')).toBe('2026-11-27'); // Thanksgiving → Friday
    expect(nextBankingDay('2026-11-28')).toBe('2026-11-30'); // Saturday → Monday
    expect(nextBankingDay('2026-12-25')).toBe('2026-12-28'); // Christmas, a Friday → Monday
    expect(nextBankingDay('2027-07-03')).toBe('2027-07-06'); // Saturday, Sunday, then the observed Monday holiday
    expect(nextBankingDay('2026-12-31')).toBe('2026-12-31');
    expect(nextBankingDay('2027-01-01')).toBe('2027-01-04'); // New Year's Day, a Friday → Monday
  });

  it('counts banking days after a date, skipping weekends and holidays', () => {
    expect(addBankingDays('2026-11-23', 1)).toBe('2026-11-24');
    expect(addBankingDays('2026-11-23', 2)).toBe('2026-11-25');
    expect(addBankingDays('2026-11-25', 2)).toBe('2026-11-30'); // Thanksgiving and the weekend
    expect(addBankingDays('2026-11-22', 1)).toBe('2026-11-23'); // from a Sunday
    expect(addBankingDays('2026-12-24', 1)).toBe('2026-12-28'); // Christmas Friday, weekend
  });

  it('always answers a weekday that is no holiday, within four days, and the date itself when it is one', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumberOf('2000-01-01'), max: dayNumberOf('2100-12-31') }), (n) => {
        const date = fromDayNumber(n);
        const next = nextBankingDay(date);
        expect(isBankingDay(next)).toBe(true);
        expect([0, 6]).not.toContain(dayOfWeek(next));
        expect(next >= date && next <= addDays(date, 4)).toBe(true);
        if (isBankingDay(date)) expect(next).toBe(date);
      }),
      { numRuns: 500 },
    );
  });
});

function dayNumberOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

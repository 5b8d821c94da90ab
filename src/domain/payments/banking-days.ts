import { addDays, dayNumber, fromParts, parts, type IsoDate } from '../dates';

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** The n-th given weekday of a month (n = -1: the last). */
function nthWeekday(y: number, m: number, weekday: number, n: number): IsoDate {
  if (n > 0) {
    const first = fromParts(y, m, 1);
    return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + 7 * (n - 1));
  }
  const last = addDays(fromParts(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1), -1);
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

const holidayCache = new Map<number, Set<IsoDate>>();

/**
 * The Federal Reserve's holidays in a year, as observed: one falling on a Sunday is observed the
 * Monday after; one falling on a Saturday is not moved (the Reserve Banks are open the Friday before).
 */
export function federalReserveHolidays(y: number): Set<IsoDate> {
  const known = holidayCache.get(y);
  if (known) return known;
  const fixed = [fromParts(y, 1, 1), fromParts(y, 6, 19), fromParts(y, 7, 4), fromParts(y, 11, 11), fromParts(y, 12, 25)].map((d) => (dayOfWeek(d) === 0 ? addDays(d, 1) : d));
  const floating = [
    nthWeekday(y, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(y, 2, 1, 3), // Washington's Birthday
    nthWeekday(y, 5, 1, -1), // Memorial Day
    nthWeekday(y, 9, 1, 1), // Labor Day
    nthWeekday(y, 10, 1, 2), // Columbus Day
    nthWeekday(y, 11, 4, 4), // Thanksgiving Day
  ];
  const set = new Set([...fixed, ...floating]);
  holidayCache.set(y, set);
  return set;
}

export function isBankingDay(date: IsoDate): boolean {
  const w = dayOfWeek(date);
  return w !== 0 && w !== 6 && !federalReserveHolidays(parts(date).y).has(date);
}

/** The date itself when banks settle on it, else the next day they do (an ACH entry's effective date). */
export function nextBankingDay(date: IsoDate): IsoDate {
  let d = date;
  while (!isBankingDay(d)) d = addDays(d, 1);
  return d;
}

/** The n-th banking day after `date` (n ≥ 1); the date itself counts for nothing, banking day or not. */
export function addBankingDays(date: IsoDate, n: number): IsoDate {
  let d = date;
  for (let left = n; left > 0; left--) d = nextBankingDay(addDays(d, 1));
  return d;
}

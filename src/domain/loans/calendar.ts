import { addDays, addMonths, daysInMonth, fromParts, parts, type IsoDate } from '../dates';
import type { Frequency } from './types';

const monthsPerPeriod: Partial<Record<Frequency, number>> = { monthly: 1, quarterly: 3, semiannually: 6, annually: 12 };

/**
 * The `count` due dates of a payment plan, starting with `firstDueDate`.
 *
 * - weekly / biweekly: every 7 / 14 days.
 * - monthly, quarterly, semiannually, annually: 1 / 3 / 6 / 12 months later, always on the first due
 *   date's day of month (the anchor), clamped to short months: Jan 31 → Feb 28/29 → Mar 31. Each date
 *   is computed from the first one, so a clamp never drags the later dates down.
 * - semimonthly: two dates a month, 15 days apart, from the first due day d:
 *     d ≤ 15: the d-th and the (d+15)-th of each month, the latter clamped to the month's last day
 *             (1 → 1st & 16th; 15 → 15th & 30th, Feb 28/29);
 *     d > 15: the d-th (clamped) and the (d−15)-th of the following month
 *             (16 → 16th, 1st, 16th…; 31 → 31st, 16th, 28th/29th/30th/31st, 16th…).
 *   So the pairs are always {1,16} … {15,30/last}, the usual semimonthly pay-day pairs.
 */
export function dueDates(firstDueDate: IsoDate, frequency: Frequency, count: number): IsoDate[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
  const first = parts(firstDueDate); // validates the date
  const dates: IsoDate[] = [];
  for (let k = 0; k < count; k++) {
    if (frequency === 'weekly' || frequency === 'biweekly') {
      dates.push(addDays(firstDueDate, k * (frequency === 'weekly' ? 7 : 14)));
    } else if (frequency === 'semimonthly') {
      dates.push(semimonthlyDate(first, k));
    } else {
      dates.push(addMonths(firstDueDate, k * monthsPerPeriod[frequency]!, first.d));
    }
  }
  return dates;
}

/** The k-th (0-based) semimonthly date from a first due date (see dueDates). */
function semimonthlyDate(first: { y: number; m: number; d: number }, k: number): IsoDate {
  const early = first.d <= 15;
  // Which month the k-th date falls in (counted from the first one's month) and which day it takes.
  const monthOffset = early ? Math.floor(k / 2) : Math.ceil(k / 2);
  const index = first.y * 12 + (first.m - 1) + monthOffset;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = daysInMonth(y, m);
  const day = early ? (k % 2 === 0 ? first.d : Math.min(first.d + 15, last)) : k % 2 === 0 ? Math.min(first.d, last) : first.d - 15;
  return fromParts(y, m, day);
}

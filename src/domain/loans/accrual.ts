import { days360, daysBetween, type IsoDate } from '../dates';
import { divRound, type Cents } from '../money';
import { MICROS, type RateMicros } from '../rates';
import { periodsPerYear, type DayCount, type Frequency } from './types';

/**
 * Interest on a balance from one date to another, exact in integers and rounded once:
 * actual/365 and 30/360 count days; 'periodic' charges rate/periods-per-year per full period,
 * prorated by actual days within a period of `periodDays` days.
 */
export function interestBetween(
  balance: Cents,
  rate: RateMicros,
  from: IsoDate,
  to: IsoDate,
  method: { dayCount: DayCount; frequency: Frequency; periodDays?: number },
): Cents {
  if (balance <= 0 || to <= from || rate === 0) return 0;
  const b = BigInt(balance) * BigInt(rate);
  switch (method.dayCount) {
    case 'actual/365':
      return Number(divRound(b * BigInt(daysBetween(from, to)), BigInt(MICROS) * 365n));
    case '30/360':
      return Number(divRound(b * BigInt(days360(from, to)), BigInt(MICROS) * 360n));
    case 'periodic': {
      const ppy = BigInt(periodsPerYear[method.frequency]);
      const days = daysBetween(from, to);
      const periodDays = method.periodDays ?? days;
      if (days >= periodDays) return Number(divRound(b, BigInt(MICROS) * ppy));
      return Number(divRound(b * BigInt(days), BigInt(MICROS) * ppy * BigInt(periodDays)));
    }
  }
}

/** One day's interest on the balance (actual/365), shown as the payoff per diem. */
export function perDiem(balance: Cents, rate: RateMicros): Cents {
  if (balance <= 0) return 0;
  return Number(divRound(BigInt(balance) * BigInt(rate), BigInt(MICROS) * 365n));
}

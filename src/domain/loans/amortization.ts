import { days360, daysBetween, isIsoDate, type IsoDate } from '../dates';
import { divRound, formatCents, sumCents, type Cents } from '../money';
import { MICROS, type RateMicros } from '../rates';
import { dueDates } from './calendar';
import { checkWhole } from './check';
import { periodsPerYear, type DayCount, type Frequency, type LoanTerms, type ScheduledPayment } from './types';

/**
 * The level payment P·r / (1 − (1+r)^−n), r = annualRate / periodsPerYear, rounded half up to the cent.
 *
 * Computed exactly on bigint rationals rather than in floating point: with r = R/D,
 * payment = P·R·(D+R)^n / (D·((D+R)^n − D^n)). The powers get long (a few thousand digits for
 * n = 400) but stay cheap, and the cent is then right even on a half-cent tie, on every platform.
 *
 * At 0% it is principal / n rounded UP, so n payments cover the principal; the last one is then
 * smaller (and with tiny principals the loan can be paid off in fewer than n payments).
 */
export function paymentAmount(principal: Cents, annualRate: RateMicros, frequency: Frequency, n: number): Cents {
  checkWhole(principal, 'principal', 0);
  checkWhole(annualRate, 'annual rate', 0);
  checkWhole(n, 'number of payments', 1);
  const P = BigInt(principal);
  const N = BigInt(n);
  if (annualRate === 0) return Number((P + N - 1n) / N);
  const R = BigInt(annualRate);
  const D = BigInt(MICROS * periodsPerYear[frequency]);
  const grown = (D + R) ** N;
  return Number(divRound(P * R * grown, D * (grown - D ** N)));
}

/**
 * The full schedule of an installment loan. Interest is exact integer arithmetic on the balance,
 * rounded to the cent once per period:
 * - periodic:   balance × rate / periodsPerYear;
 * - actual/365: balance × rate × actual days since the previous due date (the start date for the first) / 365;
 * - 30/360:     the same with 30/360 days / 360.
 * Each payment pays that interest and the rest goes to principal; the last one pays off whatever
 * balance is left (so principal parts add up exactly to the amount financed), and a payment that
 * would pay off more than is owed ends the schedule early.
 *
 * Throws a RangeError when a payment would not cover a period's interest (negative amortization).
 * That can only happen with an explicit `terms.payment`: the computed payment is raised, when needed,
 * to the largest single period's interest on the full principal. The annuity payment alone would not
 * do for day-count interest: a 31-day month (or a long first period) accrues more than the
 * average period that the annuity formula assumes, and with a high rate over a long term the annuity
 * payment is barely above the average interest (e.g. 14% over 30 years, actual/365).
 */
export function buildSchedule(terms: LoanTerms): ScheduledPayment[] {
  const { principal, annualRate, frequency, termPayments: n, startDate, firstDueDate, dayCount } = terms;
  checkWhole(principal, 'principal', 1);
  checkWhole(annualRate, 'annual rate', 0);
  checkWhole(n, 'number of payments', 1);
  if (!isIsoDate(startDate) || !isIsoDate(firstDueDate)) throw new RangeError(`dates must be ISO dates, got ${startDate} and ${firstDueDate}`);
  if (firstDueDate <= startDate) throw new RangeError(`the first due date (${firstDueDate}) must be after the start date (${startDate})`);
  if (terms.payment !== undefined) checkWhole(terms.payment, 'payment', 1);

  const dates = dueDates(firstDueDate, frequency, n);
  // Interest for period k on a balance B is divRound(B × factors[k], denominator).
  const { factors, denominator } = interestFactors(dates, startDate, annualRate, frequency, dayCount);
  const interestOn = (balance: bigint, k: number): bigint => divRound(balance * factors[k]!, denominator);

  let payment = BigInt(terms.payment ?? paymentAmount(principal, annualRate, frequency, n));
  if (terms.payment === undefined) {
    for (let k = 0; k < n; k++) {
      const interest = interestOn(BigInt(principal), k);
      if (interest > payment) payment = interest;
    }
  }

  const rows: ScheduledPayment[] = [];
  let balance = BigInt(principal);
  for (let k = 0; k < n && balance > 0n; k++) {
    const dueDate = dates[k]!;
    const interest = interestOn(balance, k);
    let principalPart: bigint;
    if (k === n - 1 || balance + interest <= payment) {
      principalPart = balance;
    } else {
      if (payment < interest) {
        throw new RangeError(
          `payment ${formatCents(Number(payment))} does not cover the interest ${formatCents(Number(interest))} due ${dueDate} (negative amortization)`,
        );
      }
      principalPart = payment - interest;
    }
    balance -= principalPart;
    rows.push({
      number: k + 1,
      dueDate,
      payment: Number(principalPart + interest),
      principal: Number(principalPart),
      interest: Number(interest),
      balance: Number(balance),
    });
  }
  return rows;
}

export function scheduleTotals(schedule: readonly ScheduledPayment[]): { payments: Cents; principal: Cents; interest: Cents } {
  return {
    payments: sumCents(schedule.map((row) => row.payment)),
    principal: sumCents(schedule.map((row) => row.principal)),
    interest: sumCents(schedule.map((row) => row.interest)),
  };
}

function interestFactors(
  dates: readonly IsoDate[],
  startDate: IsoDate,
  annualRate: RateMicros,
  frequency: Frequency,
  dayCount: DayCount,
): { factors: bigint[]; denominator: bigint } {
  const rate = BigInt(annualRate);
  if (dayCount === 'periodic') {
    return { factors: dates.map(() => rate), denominator: BigInt(MICROS * periodsPerYear[frequency]) };
  }
  const count = dayCount === 'actual/365' ? daysBetween : days360;
  const factors = dates.map((due, k) => rate * BigInt(count(k === 0 ? startDate : dates[k - 1]!, due)));
  return { factors, denominator: BigInt(MICROS * (dayCount === 'actual/365' ? 365 : 360)) };
}

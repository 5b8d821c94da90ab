import type { IsoDate } from '../dates';
import type { Cents } from '../money';
import type { RateMicros } from '../rates';

export const frequencies = ['weekly', 'biweekly', 'semimonthly', 'monthly', 'quarterly', 'semiannually', 'annually'] as const;
export type Frequency = (typeof frequencies)[number];

export const periodsPerYear: Record<Frequency, number> = {
  weekly: 52,
  biweekly: 26,
  semimonthly: 24,
  monthly: 12,
  quarterly: 4,
  semiannually: 2,
  annually: 1,
};

/**
 * How interest is counted:
 * - periodic: annual rate / periods per year each period (textbook amortization; US mortgages);
 * - actual/365: simple daily interest on the actual days elapsed;
 * - 30/360: simple interest on 30/360 days.
 */
export const dayCounts = ['periodic', 'actual/365', '30/360'] as const;
export type DayCount = (typeof dayCounts)[number];

/** Terms of an installment loan (or of a lease's financed amount). */
export interface LoanTerms {
  /** Amount financed, in cents. */
  principal: Cents;
  annualRate: RateMicros;
  frequency: Frequency;
  /** Number of scheduled payments. */
  termPayments: number;
  /** Interest starts accruing here (the contract or funding date). */
  startDate: IsoDate;
  firstDueDate: IsoDate;
  dayCount: DayCount;
  /** Fixed payment; computed from the terms when absent. */
  payment?: Cents;
}

export interface ScheduledPayment {
  /** 1-based. */
  number: number;
  dueDate: IsoDate;
  /** Total due on this date (principal + interest). */
  payment: Cents;
  principal: Cents;
  interest: Cents;
  /** Principal balance after this payment. */
  balance: Cents;
}

import type { IncomeFrequency } from '../db/schema';
import { assertCents, divRound, type Cents } from './money';

/** How many times a year income at each frequency is paid. */
export const paysPerYear: Record<IncomeFrequency, number> = { annually: 1, monthly: 12, 'semi-monthly': 24, biweekly: 26, weekly: 52 };

export const incomeFrequencyLabels: Record<IncomeFrequency, string> = {
  annually: 'Annually',
  monthly: 'Monthly',
  'semi-monthly': 'Semi-monthly (twice a month)',
  biweekly: 'Biweekly (every two weeks)',
  weekly: 'Weekly',
};

/**
 * Income at a frequency as a monthly amount: amount × pays a year ÷ 12, in integer cents, rounded
 * once to the nearest cent (half a cent away from zero). $1,000.00 weekly → $4,333.33 a month.
 */
export function monthlyEquivalent(amount: Cents, frequency: IncomeFrequency): Cents {
  assertCents(amount, 'income');
  return Number(divRound(BigInt(amount) * BigInt(paysPerYear[frequency]), 12n));
}

import type { IsoDate } from '../dates';
import { divRound, type Cents } from '../money';
import { MICROS, type RateMicros } from '../rates';
import { dueDates } from './calendar';
import { checkWhole } from './check';
import type { ScheduledPayment } from './types';

/**
 * A lease money factor as an integer number of ten-millionths (1e-7): 0.00125 → 12_500.
 * Money factors are quoted with 5–6 decimals, and APR / 2400 needs a few more to stay close,
 * so millionths (RateMicros) would be too coarse.
 */
export type MoneyFactorE7 = number;
export const MONEY_FACTOR_SCALE = 10_000_000;

/** US closed-end lease (Regulation M terms), all amounts in cents. */
export interface LeaseTerms {
  /** Adjusted capitalized cost: gross capitalized cost less capitalized cost reductions. */
  capitalizedCost: Cents;
  residualValue: Cents;
  termMonths: number;
  moneyFactorE7: MoneyFactorE7;
}

export interface LeasePayment {
  /** Monthly depreciation: (capitalized cost − residual) / term. */
  depreciation: Cents;
  /** Monthly rent charge (finance fee): (capitalized cost + residual) × money factor. */
  rentCharge: Cents;
  /** Base monthly payment, before taxes and fees. */
  basePayment: Cents;
  /** Base payment × term. */
  totalOfPayments: Cents;
}

/** Money factor from an APR: APR (as a percent) / 2400, i.e. the rate as a fraction / 24. 3% → 0.00125. */
export function moneyFactorFromApr(apr: RateMicros): MoneyFactorE7 {
  checkWhole(apr, 'APR', 0);
  return Number(divRound(BigInt(apr) * BigInt(MONEY_FACTOR_SCALE), BigInt(MICROS) * 24n));
}

export function leasePayment(terms: LeaseTerms): LeasePayment {
  const { capitalizedCost, residualValue, termMonths, moneyFactorE7 } = checkLease(terms);
  const depreciation = Number(divRound(BigInt(capitalizedCost - residualValue), BigInt(termMonths)));
  const rentCharge = Number(divRound(BigInt(capitalizedCost + residualValue) * BigInt(moneyFactorE7), BigInt(MONEY_FACTOR_SCALE)));
  const basePayment = depreciation + rentCharge;
  return { depreciation, rentCharge, basePayment, totalOfPayments: basePayment * termMonths };
}

/**
 * Monthly rows of a lease: the level base payment each month, `principal` = depreciation,
 * `interest` = rent charge, `balance` = the capitalized cost not yet depreciated, ending at the residual.
 *
 * The monthly depreciation is rounded, so the rows can't all carry exactly that figure: the last
 * row takes whatever depreciation is left (and no row takes the balance below the residual), and
 * each row's rent charge is the base payment less its depreciation, so the payment stays level.
 * The rent charges then add up to total of payments − (capitalized cost − residual), which is how
 * Regulation M (12 CFR 1013.4(f)) defines the total rent charge. Only when the monthly rent charge
 * is smaller than that rounding (a money factor of about 0) does the last payment change instead,
 * by at most half a cent per month of the term.
 */
export function leaseSchedule(terms: LeaseTerms, firstDueDate: IsoDate): ScheduledPayment[] {
  const { depreciation, basePayment } = leasePayment(terms);
  const dates = dueDates(firstDueDate, 'monthly', terms.termMonths);
  let balance = terms.capitalizedCost;
  return dates.map((dueDate, k) => {
    const last = k === dates.length - 1;
    // Never depreciate below the residual, even when rounding up the monthly figure would.
    const principal = last ? balance - terms.residualValue : Math.min(depreciation, balance - terms.residualValue);
    const interest = Math.max(0, basePayment - principal);
    balance -= principal;
    return { number: k + 1, dueDate, payment: principal + interest, principal, interest, balance };
  });
}

function checkLease(terms: LeaseTerms): LeaseTerms {
  checkWhole(terms.capitalizedCost, 'capitalized cost', 1);
  checkWhole(terms.residualValue, 'residual value', 0);
  checkWhole(terms.termMonths, 'term', 1);
  checkWhole(terms.moneyFactorE7, 'money factor', 0);
  if (terms.residualValue > terms.capitalizedCost) {
    throw new RangeError(`residual value (${terms.residualValue}) exceeds the capitalized cost (${terms.capitalizedCost})`);
  }
  return terms;
}

/** The APR a money factor stands for (money factor × 2400, as a percent): 0.00125 → 3%. */
export function aprFromMoneyFactor(moneyFactorE7: MoneyFactorE7): RateMicros {
  checkWhole(moneyFactorE7, 'money factor', 0);
  return Number(divRound(BigInt(moneyFactorE7) * 24n * BigInt(MICROS), BigInt(MONEY_FACTOR_SCALE)));
}

/** 12_500 → "0.00125": a money factor as lessors quote it. */
export function formatMoneyFactor(moneyFactorE7: MoneyFactorE7): string {
  checkWhole(moneyFactorE7, 'money factor', 0);
  const whole = Math.floor(moneyFactorE7 / MONEY_FACTOR_SCALE);
  const frac = String(moneyFactorE7 % MONEY_FACTOR_SCALE).padStart(7, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

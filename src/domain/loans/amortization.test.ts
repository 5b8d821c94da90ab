import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from '../dates';
import { buildSchedule, paymentAmount, scheduleTotals } from './amortization';
import { dayCounts, frequencies, periodsPerYear, type Frequency, type LoanTerms, type ScheduledPayment } from './types';

/** Payment, principal, interest, balance of each row, for compact comparisons. */
const rows = (schedule: ScheduledPayment[]) => schedule.map((r) => [r.payment, r.principal, r.interest, r.balance]);

const monthlyLoan = (principal: number, annualRate: number, termPayments: number, more: Partial<LoanTerms> = {}): LoanTerms => ({
  principal,
  annualRate,
  termPayments,
  frequency: 'monthly',
  startDate: '2025-01-01',
  firstDueDate: '2025-02-01',
  dayCount: 'periodic',
  ...more,
});

/**
 * The level payment in cents, to 10 decimals, by a different route from paymentAmount's exact
 * rationals: 40-digit fixed point, compounding one period at a time, then P·r·g / (g − 1).
 */
function fixedPointAnnuity(principal: number, rate: number, ppy: number, n: number): number {
  const SCALE = 10n ** 40n;
  const r = (SCALE * BigInt(rate)) / (1_000_000n * BigInt(ppy));
  let g = SCALE;
  for (let i = 0; i < n; i++) g = (g * (SCALE + r)) / SCALE;
  return Number((BigInt(principal) * r * g * 10n ** 10n) / ((g - SCALE) * SCALE)) / 1e10;
}

describe('paymentAmount — published figures', () => {
  it('$200,000 at 6.5% for 30 years is $1,264.14 a month', () => {
    // Standard 30-year mortgage payment tables: 6.5% → $6.3207 per $1,000 a month; every mortgage
    // calculator (e.g. the CFPB-linked ones) shows $1,264.14 for $200,000. Exact annuity: 126,414.05… ¢.
    expect(paymentAmount(20_000_000, 65_000, 'monthly', 360)).toBe(126_414);
  });

  it('$100,000 for 30 years is $599.55 at 6% and $665.30 at 7%', () => {
    // Standard monthly mortgage factor tables, 30 years: 6% → 5.9955, 7% → 6.6530 per $1,000.
    expect(paymentAmount(10_000_000, 60_000, 'monthly', 360)).toBe(59_955);
    expect(paymentAmount(10_000_000, 70_000, 'monthly', 360)).toBe(66_530);
  });

  it('$10,000 at 4% over 36 months is $295.24', () => {
    // Common car-loan example; confirmed here independently: the annuity is 29,523.985… ¢.
    expect(fixedPointAnnuity(1_000_000, 40_000, 12, 36)).toBeCloseTo(29_523.985, 3);
    expect(paymentAmount(1_000_000, 40_000, 'monthly', 36)).toBe(29_524);
  });

  it('$10,000 at 10% a year, 5 annual payments, is $2,637.97', () => {
    // Capital recovery factor (A/P, 10%, 5) = 0.26380 in the compound-interest tables of every
    // engineering-economics text; to the cent it is $2,637.97 (exact annuity 263,797.48… ¢, checked here).
    expect(fixedPointAnnuity(1_000_000, 100_000, 1, 5)).toBeCloseTo(263_797.481, 3);
    expect(paymentAmount(1_000_000, 100_000, 'annually', 5)).toBe(263_797);
  });

  it('$5,417.19 at 6% compounded semiannually is repaid by six payments of $1,000', () => {
    // Present value of an ordinary annuity: (P/A, 3%, 6) = 5.41719 in standard annuity tables, so
    // $1,000 every 6 months for 3 years at 6% is worth $5,417.19 (annuity 99,999.97… ¢ on that principal).
    expect(paymentAmount(541_719, 60_000, 'semiannually', 6)).toBe(100_000);
  });

  it('$20,000 at 5% biweekly over 5 years (130 payments) is $174.02', () => {
    // No published figure relied on: checked against the annuity formula by fixed-point arithmetic
    // (r = 5%/26, n = 130): 17,402.4486… ¢.
    const exact = fixedPointAnnuity(2_000_000, 50_000, 26, 130);
    expect(exact).toBeCloseTo(17_402.4486, 4);
    expect(paymentAmount(2_000_000, 50_000, 'biweekly', 130)).toBe(Math.round(exact));
  });

  it('at 0% divides the principal, rounding up so n payments cover it', () => {
    expect(paymentAmount(100_000, 0, 'monthly', 3)).toBe(33_334);
    expect(paymentAmount(90_000, 0, 'monthly', 3)).toBe(30_000);
  });

  it('rejects amounts, rates and counts that are not whole numbers', () => {
    expect(() => paymentAmount(100.5, 65_000, 'monthly', 12)).toThrow(RangeError);
    expect(() => paymentAmount(100_000, -1, 'monthly', 12)).toThrow(RangeError);
    expect(() => paymentAmount(100_000, 65_000, 'monthly', 0)).toThrow(RangeError);
  });
});

describe('buildSchedule — published and hand-computed schedules', () => {
  it('reproduces the first year of the published $30,000 / 5% / 60-month auto loan table', () => {
    // loan-f3c.pages.dev "auto-loan-payment/30000-at-5-0-for-5-years": payment $566.14, and the first
    // 12 rows (principal, interest, balance) below; first month $125.00 interest, $441.14 principal.
    const schedule = buildSchedule(monthlyLoan(3_000_000, 50_000, 60));
    expect(rows(schedule.slice(0, 12))).toEqual([
      [56_614, 44_114, 12_500, 2_955_886],
      [56_614, 44_298, 12_316, 2_911_588],
      [56_614, 44_482, 12_132, 2_867_106],
      [56_614, 44_668, 11_946, 2_822_438],
      [56_614, 44_854, 11_760, 2_777_584],
      [56_614, 45_041, 11_573, 2_732_543],
      [56_614, 45_228, 11_386, 2_687_315],
      [56_614, 45_417, 11_197, 2_641_898],
      [56_614, 45_606, 11_008, 2_596_292],
      [56_614, 45_796, 10_818, 2_550_496],
      [56_614, 45_987, 10_627, 2_504_509],
      [56_614, 46_179, 10_435, 2_458_330],
    ]);
    expect(schedule).toHaveLength(60);
    expect(schedule.at(-1)!.balance).toBe(0);
    expect(scheduleTotals(schedule).principal).toBe(3_000_000);
  });

  it('$1,000 at 2% a month for 6 months: the published $178.53 payment and first rows', () => {
    // Sapling, "How to Calculate Reducing Balance Interest Rate": $1,000 at 2% per month for 6 months,
    // payments of $178.53; month 1: $20 interest, $158.53 principal, balance $841.47; month 2: $16.83
    // interest, $161.70 principal. It gives total interest as $71.15; rounding each month's interest to
    // the cent, as here, gives $71.16 (20.00 + 16.83 + 13.60 + 10.30 + 6.93 + 3.50), with a last payment
    // of $178.51.
    const schedule = buildSchedule(monthlyLoan(100_000, 240_000, 6));
    expect(rows(schedule.slice(0, 2))).toEqual([
      [17_853, 15_853, 2_000, 84_147],
      [17_853, 16_170, 1_683, 67_977],
    ]);
    expect(schedule.map((r) => r.interest)).toEqual([2_000, 1_683, 1_360, 1_030, 693, 350]);
    expect(schedule.at(-1)!.payment).toBe(17_851);
    expect(scheduleTotals(schedule)).toEqual({ payments: 107_116, principal: 100_000, interest: 7_116 });
  });

  it('$10,000 at 10% over 5 years: the textbook annual schedule, last payment $2,638.00', () => {
    // Interest by hand: 10% of 10,000.00 = 1,000.00; of 8,362.03 = 836.20 (836.203); of 6,560.26 = 656.03
    // (656.026); of 4,578.32 = 457.83 (457.832); of 2,398.18 = 239.82 (239.818). The last payment is the
    // balance 2,398.18 + 239.82 = 2,638.00.
    const schedule = buildSchedule({ ...monthlyLoan(1_000_000, 100_000, 5), frequency: 'annually' });
    expect(rows(schedule)).toEqual([
      [263_797, 163_797, 100_000, 836_203],
      [263_797, 180_177, 83_620, 656_026],
      [263_797, 198_194, 65_603, 457_832],
      [263_797, 218_014, 45_783, 239_818],
      [263_800, 239_818, 23_982, 0],
    ]);
    expect(schedule.map((r) => r.dueDate)).toEqual(['2025-02-01', '2026-02-01', '2027-02-01', '2028-02-01', '2029-02-01']);
  });

  it('$1,000 at 12% over 3 months: the last payment absorbs the rounding ($340.03)', () => {
    // By hand, r = 1%: payment 1000 × 0.01 / (1 − 1.01^−3) = 340.022 → $340.02.
    // 1: interest 10.00, principal 330.02, balance 669.98; 2: interest 6.6998 → 6.70, principal 333.32,
    // balance 336.66; 3: interest 3.3666 → 3.37, pays 336.66 + 3.37 = 340.03.
    expect(rows(buildSchedule(monthlyLoan(100_000, 120_000, 3)))).toEqual([
      [34_002, 33_002, 1_000, 66_998],
      [34_002, 33_332, 670, 33_666],
      [34_003, 33_666, 337, 0],
    ]);
  });

  it('counts actual days over 365 from the start date', () => {
    // $1,000 at 12%, start Jan 15, due Feb 15 (31 days), Mar 15 (28), Apr 15 (31) 2025; payment $340.02.
    // 1: 1000.00 × 0.12 × 31/365 = 10.1918 → 10.19, principal 329.83, balance 670.17;
    // 2: 670.17 × 0.12 × 28/365 = 6.1692 → 6.17, principal 333.85, balance 336.32;
    // 3: 336.32 × 0.12 × 31/365 = 3.4277 → 3.43, pays 336.32 + 3.43 = 339.75.
    const terms = monthlyLoan(100_000, 120_000, 3, { dayCount: 'actual/365', startDate: '2025-01-15', firstDueDate: '2025-02-15' });
    expect(rows(buildSchedule(terms))).toEqual([
      [34_002, 32_983, 1_019, 67_017],
      [34_002, 33_385, 617, 33_632],
      [33_975, 33_632, 343, 0],
    ]);
  });

  it('counts 30/360 days over 360, including a short first period', () => {
    // $1,000 at 12%, start Dec 31 2024, due Jan 31, Feb 28, Mar 31 2025; payment $340.02.
    // 30/360 days: Dec 31 → Jan 31 = 30; Jan 31 → Feb 28 = 28; Feb 28 → Mar 31 = 33 (US rule: the 31st
    // only becomes the 30th when the earlier date is the 30th or 31st).
    // 1: 1000.00 × 0.12 × 30/360 = 10.00, principal 330.02, balance 669.98;
    // 2: 669.98 × 0.12 × 28/360 = 6.2531 → 6.25, principal 333.77, balance 336.21;
    // 3: 336.21 × 0.12 × 33/360 = 3.6983 → 3.70, pays 336.21 + 3.70 = 339.91.
    const terms = monthlyLoan(100_000, 120_000, 3, { dayCount: '30/360', startDate: '2024-12-31', firstDueDate: '2025-01-31' });
    expect(rows(buildSchedule(terms))).toEqual([
      [34_002, 33_002, 1_000, 66_998],
      [34_002, 33_377, 625, 33_621],
      [33_991, 33_621, 370, 0],
    ]);
  });

  it('charges a periodic loan a full period’s interest whatever the length of the first period', () => {
    const short = buildSchedule(monthlyLoan(100_000, 120_000, 3, { startDate: '2025-01-20' }));
    expect(rows(short)).toEqual(rows(buildSchedule(monthlyLoan(100_000, 120_000, 3))));
  });

  it('at 0% repays the principal in equal payments, the last one smaller', () => {
    expect(rows(buildSchedule(monthlyLoan(100_000, 0, 3)))).toEqual([
      [33_334, 33_334, 0, 66_666],
      [33_334, 33_334, 0, 33_332],
      [33_332, 33_332, 0, 0],
    ]);
    // Rounding up can finish a tiny loan early: 10¢ over 6 payments is 2¢ a payment, 5 payments.
    expect(buildSchedule(monthlyLoan(10, 0, 6)).map((r) => r.payment)).toEqual([2, 2, 2, 2, 2]);
  });

  it('stops as soon as the balance is paid when the payment is larger than needed', () => {
    // $1,000 at 12%, $600 a month: 10.00 interest, 590.00 principal, then 4.10 + 410.00 = 414.10.
    expect(rows(buildSchedule(monthlyLoan(100_000, 120_000, 12, { payment: 60_000 })))).toEqual([
      [60_000, 59_000, 1_000, 41_000],
      [41_410, 41_000, 410, 0],
    ]);
  });

  it('lets a small payment leave a balloon in the last payment, as long as it covers the interest', () => {
    const schedule = buildSchedule(monthlyLoan(100_000, 120_000, 3, { payment: 1_500 }));
    expect(rows(schedule)).toEqual([
      [1_500, 500, 1_000, 99_500],
      [1_500, 505, 995, 98_995],
      [99_985, 98_995, 990, 0],
    ]);
  });

  it('refuses a payment that does not cover the interest (negative amortization)', () => {
    expect(() => buildSchedule(monthlyLoan(100_000, 120_000, 3, { payment: 999 }))).toThrow(/negative amortization/);
    expect(() => buildSchedule(monthlyLoan(100_000, 120_000, 3, { payment: 999 }))).toThrow(RangeError);
  });

  it('raises the computed payment to cover a 31-day month when the annuity payment would not (actual/365)', () => {
    // $100,000 at 14% over 30 years: the annuity payment is $1,184.87 but 31 days of interest on the
    // full principal is 100,000 × 0.14 × 31/365 = 1,189.04. That payment pays the loan off in 344 months.
    const terms = monthlyLoan(10_000_000, 140_000, 360, { dayCount: 'actual/365' });
    expect(paymentAmount(10_000_000, 140_000, 'monthly', 360)).toBe(118_487);
    expect(() => buildSchedule({ ...terms, payment: 118_487 })).toThrow(/negative amortization/);
    const schedule = buildSchedule(terms);
    expect(schedule[0]).toMatchObject({ payment: 118_904, interest: 118_904, principal: 0 });
    expect(schedule).toHaveLength(344);
    expect(scheduleTotals(schedule).principal).toBe(10_000_000);
  });

  it('rejects bad terms', () => {
    expect(() => buildSchedule(monthlyLoan(0, 65_000, 12))).toThrow(RangeError);
    expect(() => buildSchedule(monthlyLoan(100_000, 65_000, 12, { firstDueDate: '2025-01-01' }))).toThrow(/after the start date/);
    expect(() => buildSchedule(monthlyLoan(100_000, 65_000, 12, { startDate: '2025-13-01' }))).toThrow(RangeError);
    expect(() => buildSchedule(monthlyLoan(100_000, 65_000, 12, { payment: 0 }))).toThrow(RangeError);
  });
});

describe('scheduleTotals', () => {
  it('adds up payments, principal and interest', () => {
    expect(scheduleTotals(buildSchedule(monthlyLoan(100_000, 120_000, 3)))).toEqual({ payments: 102_007, principal: 100_000, interest: 2_007 });
    expect(scheduleTotals([])).toEqual({ payments: 0, principal: 0, interest: 0 });
  });
});

describe('buildSchedule — properties', () => {
  /** Longest gap between two due dates, in days, so the first period is at most one period long. */
  const longestPeriod: Record<Frequency, number> = { weekly: 7, biweekly: 14, semimonthly: 16, monthly: 31, quarterly: 92, semiannually: 184, annually: 366 };

  const terms = fc
    .record({
      principal: fc.integer({ min: 1_000, max: 100_000_000 }),
      annualRate: fc.integer({ min: 0, max: 300_000 }),
      frequency: fc.constantFrom(...frequencies),
      termPayments: fc.integer({ min: 1, max: 400 }),
      dayCount: fc.constantFrom(...dayCounts),
      start: fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2060-12-31') }),
      firstPeriod: fc.integer({ min: 1, max: 366 }),
    })
    .map(({ start, firstPeriod, ...rest }): LoanTerms => {
      const startDate = fromDayNumber(start);
      const days = 1 + ((firstPeriod - 1) % longestPeriod[rest.frequency]);
      return { ...rest, startDate, firstDueDate: addDays(startDate, days) };
    });

  /** The broken invariants of a schedule (plain checks: expect() per row is too slow for 400-row schedules × hundreds of runs). */
  function problems(t: LoanTerms, schedule: ScheduledPayment[]): string[] {
    const found: string[] = [];
    const check = (ok: boolean, what: string) => ok || found.push(what);
    check(schedule.length > 0 && schedule.length <= t.termPayments, `${schedule.length} rows for ${t.termPayments} payments`);
    check(scheduleTotals(schedule).principal === t.principal, 'principal parts do not add up to the amount financed');
    check(schedule.at(-1)?.balance === 0, 'last balance is not 0');
    let previous = t.principal;
    for (const [k, row] of schedule.entries()) {
      const at = `row ${k + 1}`;
      check([row.payment, row.principal, row.interest, row.balance].every(Number.isSafeInteger), `${at}: not a safe integer`);
      check(row.number === k + 1, `${at}: numbered ${row.number}`);
      check(row.principal >= 0 && row.interest >= 0, `${at}: negative principal or interest`);
      check(row.payment === row.principal + row.interest, `${at}: payment ≠ principal + interest`);
      check(row.balance === previous - row.principal, `${at}: balance does not follow`);
      check(row.balance >= 0 && row.balance <= previous, `${at}: balance negative or rising`);
      // Every payment but the last is the level payment.
      check(k === schedule.length - 1 || row.payment === schedule[0]!.payment, `${at}: not the level payment`);
      previous = row.balance;
    }
    return found;
  }

  it('with the computed payment: never negative amortization, principal adds up exactly, balance ends at 0', () => {
    fc.assert(
      fc.property(terms, (t) => {
        expect(problems(t, buildSchedule(t))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with any payment override: either a valid schedule or a negative-amortization RangeError', () => {
    fc.assert(
      fc.property(terms, fc.integer({ min: 1, max: 200_000_000 }), (t, payment) => {
        let schedule: ScheduledPayment[];
        try {
          schedule = buildSchedule({ ...t, payment });
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          expect((error as Error).message).toMatch(/negative amortization/);
          return;
        }
        expect(problems(t, schedule)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('computes the level payment within half a cent of the annuity formula', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const payment = paymentAmount(t.principal, t.annualRate, t.frequency, t.termPayments);
        const r = t.annualRate / 1e6 / periodsPerYear[t.frequency];
        // 1 − (1 + r)^−n via expm1/log1p: the naive form cancels catastrophically for tiny rates.
        const annuity = r === 0 ? t.principal / t.termPayments : (t.principal * r) / -Math.expm1(-t.termPayments * Math.log1p(r));
        if (r === 0) expect(payment).toBe(Math.ceil(annuity));
        else expect(Math.abs(payment - annuity)).toBeLessThanOrEqual(0.5 + 1e-6);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, daysInMonth, fromDayNumber, dayNumber, parts, type IsoDate } from '../dates';
import {
  afterRun,
  autopayFrequencies,
  describePlan,
  finalPaymentWarning,
  lineAmountTypes,
  loanAmountTypes,
  nextRunDate,
  planProblems,
  runAmount,
  runDates,
  type AutopayFrequency,
  type AutopayPlan,
  type LineFigures,
  type LoanFigures,
} from './autopay';

const plan = (frequency: AutopayFrequency, startDate: IsoDate, extra: Partial<AutopayPlan> = {}): AutopayPlan => ({
  frequency,
  startDate,
  amountType: 'amount_due',
  ...extra,
});

describe('runDates: monthly', () => {
  it('runs a year from Jan 31 on each month’s last day when shorter, back to the 31st after (2025, not leap)', () => {
    expect(runDates(plan('monthly', '2025-01-31'), '2025-12-31')).toEqual([
      '2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30',
      '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31',
    ]);
  });

  it('falls on Feb 29 in a leap year from Jan 31', () => {
    const dates = runDates(plan('monthly', '2024-01-31'), '2024-12-31');
    expect(dates).toHaveLength(12);
    expect(dates.slice(0, 4)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('keeps the 30th after February (Jan 30 → Feb 28 → Mar 30)', () => {
    expect(runDates(plan('monthly', '2025-01-30'), '2025-12-31')).toEqual([
      '2025-01-30', '2025-02-28', '2025-03-30', '2025-04-30', '2025-05-30', '2025-06-30',
      '2025-07-30', '2025-08-30', '2025-09-30', '2025-10-30', '2025-11-30', '2025-12-30',
    ]);
  });

  it('keeps the 29th from a leap-year start, Feb 28 the next year', () => {
    const dates = runDates(plan('monthly', '2024-01-29'), '2025-03-31');
    expect(dates).toHaveLength(15);
    expect(dates.slice(0, 3)).toEqual(['2024-01-29', '2024-02-29', '2024-03-29']);
    expect(dates.slice(-3)).toEqual(['2025-01-29', '2025-02-28', '2025-03-29']);
    // Starting on Feb 29 anchors on the 29th, not on the month end.
    expect(runDates(plan('monthly', '2024-02-29'), '2025-03-31').slice(0, 3)).toEqual(['2024-02-29', '2024-03-29', '2024-04-29']);
  });

  it('includes `until` itself and nothing when `until` is before the start', () => {
    expect(runDates(plan('monthly', '2025-01-15'), '2025-03-15')).toEqual(['2025-01-15', '2025-02-15', '2025-03-15']);
    expect(runDates(plan('monthly', '2025-01-15'), '2025-01-14')).toEqual([]);
  });
});

describe('runDates: semimonthly', () => {
  it('defaults to the 1st and 15th, starting at the first one on or after the start date', () => {
    expect(runDates(plan('semimonthly', '2025-01-10'), '2025-03-01')).toEqual(['2025-01-15', '2025-02-01', '2025-02-15', '2025-03-01']);
  });

  it('runs a year on the 15th and the month’s last day (31)', () => {
    const dates = runDates(plan('semimonthly', '2024-01-01', { semimonthlyDays: [31, 15] }), '2024-12-31');
    expect(dates).toHaveLength(24);
    expect(dates.slice(0, 6)).toEqual(['2024-01-15', '2024-01-31', '2024-02-15', '2024-02-29', '2024-03-15', '2024-03-31']);
    for (const date of dates) {
      const { y, m, d } = parts(date);
      expect([15, daysInMonth(y, m)]).toContain(d);
    }
    expect(runDates(plan('semimonthly', '2025-02-01', { semimonthlyDays: [15, 31] }), '2025-04-30')).toEqual([
      '2025-02-15', '2025-02-28', '2025-03-15', '2025-03-31', '2025-04-15', '2025-04-30',
    ]);
  });

  it('runs once on the last day when both days fall past a short month’s end', () => {
    expect(runDates(plan('semimonthly', '2025-02-01', { semimonthlyDays: [30, 31] }), '2025-03-31')).toEqual(['2025-02-28', '2025-03-30', '2025-03-31']);
  });
});

describe('runDates: weekly and biweekly', () => {
  it('steps biweekly by 14 days across the year end (dates only, so DST changes nothing)', () => {
    // US DST ends 2024-11-03 and starts 2025-03-09: calendar dates are unaffected.
    const dates = runDates(plan('biweekly', '2024-10-25'), '2025-03-31');
    expect(dates.slice(0, 3)).toEqual(['2024-10-25', '2024-11-08', '2024-11-22']);
    expect(dates).toContain('2024-12-20');
    expect(dates).toContain('2025-01-03');
    expect(dates).toContain('2025-03-14');
    for (let i = 1; i < dates.length; i++) expect(daysBetween(dates[i - 1]!, dates[i]!)).toBe(14);
    expect(dates).toHaveLength(12);
    expect(dates.at(-1)).toBe('2025-03-28');
  });

  it('runs 52 or 53 weekly dates in a year', () => {
    // 2025 starts on a Wednesday: 53 Wednesdays; starting Jan 2 gives 52 Thursdays.
    expect(runDates(plan('weekly', '2025-01-01'), '2025-12-31')).toHaveLength(53);
    expect(runDates(plan('weekly', '2025-01-02'), '2025-12-31')).toHaveLength(52);
    // A leap year has 366 days: the first two weekdays occur 53 times.
    expect(runDates(plan('weekly', '2024-01-02'), '2024-12-31')).toHaveLength(53);
    expect(runDates(plan('weekly', '2024-01-03'), '2024-12-31')).toHaveLength(52);
    expect(runDates(plan('biweekly', '2025-01-01'), '2025-12-31')).toHaveLength(27);
  });
});

describe('runDates: account_schedule', () => {
  const due = ['2025-03-01', '2025-01-01', '2025-02-01', '2025-02-01', '2025-04-01'];

  it('passes the account’s due dates through, sorted and once each, from the start date to `until`', () => {
    expect(runDates(plan('account_schedule', '2025-01-15'), '2025-03-31', due)).toEqual(['2025-02-01', '2025-03-01']);
    expect(runDates(plan('account_schedule', '2025-01-01'), '2025-12-31', due)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01']);
  });

  it('needs the due dates', () => {
    expect(() => runDates(plan('account_schedule', '2025-01-01'), '2025-12-31')).toThrow(RangeError);
    expect(() => runDates(plan('account_schedule', '2025-01-01'), '2025-12-31', ['2025-02-30'])).toThrow(RangeError);
  });
});

describe('nextRunDate', () => {
  it('returns the first run strictly after the date, the start when before it', () => {
    const monthly = plan('monthly', '2025-01-31');
    expect(nextRunDate(monthly, '2024-12-01')).toBe('2025-01-31');
    expect(nextRunDate(monthly, '2025-01-31')).toBe('2025-02-28');
    expect(nextRunDate(monthly, '2025-02-28')).toBe('2025-03-31');
    expect(nextRunDate(monthly, '2027-02-10')).toBe('2027-02-28');
    expect(nextRunDate(plan('biweekly', '2024-12-27'), '2025-01-09')).toBe('2025-01-10');
    expect(nextRunDate(plan('biweekly', '2024-12-27'), '2025-01-10')).toBe('2025-01-24');
    expect(nextRunDate(plan('weekly', '2025-01-01'), '2025-01-01')).toBe('2025-01-08');
    expect(nextRunDate(plan('semimonthly', '2025-01-01', { semimonthlyDays: [15, 31] }), '2025-02-15')).toBe('2025-02-28');
    expect(nextRunDate(plan('semimonthly', '2025-01-01', { semimonthlyDays: [15, 31] }), '2025-02-28')).toBe('2025-03-15');
  });

  it('returns null when an account schedule has no more due dates', () => {
    const p = plan('account_schedule', '2025-01-01');
    expect(nextRunDate(p, '2025-01-15', ['2025-01-01', '2025-02-01'])).toBe('2025-02-01');
    expect(nextRunDate(p, '2025-02-01', ['2025-01-01', '2025-02-01'])).toBeNull();
  });
});

describe('runAmount', () => {
  const loan: LoanFigures = { kind: 'loan', amountDue: 45_000, nextDueAmount: 30_000, pastDueAmount: 15_000, payoff: 900_000 };
  const line: LineFigures = { kind: 'line', minimumDue: 3_500, statementBalance: 120_000, totalBalance: 150_000 };

  it('takes the loan figure the amount type names', () => {
    expect(runAmount({ amountType: 'amount_due' }, loan)).toEqual({ amount: 45_000, capped: false });
    expect(runAmount({ amountType: 'next_payment' }, loan)).toEqual({ amount: 30_000, capped: false });
    expect(runAmount({ amountType: 'past_due' }, loan)).toEqual({ amount: 15_000, capped: false });
    expect(runAmount({ amountType: 'fixed', fixedAmount: 50_000 }, loan)).toEqual({ amount: 50_000, capped: false });
  });

  it('takes the line figure the amount type names', () => {
    expect(runAmount({ amountType: 'minimum' }, line)).toEqual({ amount: 3_500, capped: false });
    expect(runAmount({ amountType: 'statement_balance' }, line)).toEqual({ amount: 120_000, capped: false });
    expect(runAmount({ amountType: 'total_balance' }, line)).toEqual({ amount: 150_000, capped: false });
    expect(runAmount({ amountType: 'fixed', fixedAmount: 10_000 }, line)).toEqual({ amount: 10_000, capped: false });
  });

  it('never debits more than the payoff or the total balance', () => {
    expect(runAmount({ amountType: 'fixed', fixedAmount: 50_000 }, { ...loan, payoff: 12_345 })).toEqual({ amount: 12_345, capped: true });
    expect(runAmount({ amountType: 'fixed', fixedAmount: 50_000 }, { ...line, totalBalance: 20_000 })).toEqual({ amount: 20_000, capped: true });
    // Payments since the statement: the statement balance is more than is now owed.
    expect(runAmount({ amountType: 'statement_balance' }, { ...line, totalBalance: 80_000 })).toEqual({ amount: 80_000, capped: true });
  });

  it('is 0 when nothing is owed (skip the run), a credit balance included', () => {
    expect(runAmount({ amountType: 'amount_due' }, { ...loan, amountDue: 0 })).toEqual({ amount: 0, capped: false });
    expect(runAmount({ amountType: 'past_due' }, { ...loan, pastDueAmount: 0 })).toEqual({ amount: 0, capped: false });
    expect(runAmount({ amountType: 'fixed', fixedAmount: 50_000 }, { kind: 'loan', amountDue: 0, nextDueAmount: 0, pastDueAmount: 0, payoff: 0 }).amount).toBe(0);
    expect(runAmount({ amountType: 'total_balance' }, { ...line, totalBalance: -2_500 })).toEqual({ amount: 0, capped: false });
    expect(runAmount({ amountType: 'fixed', fixedAmount: 5_000 }, { ...line, totalBalance: -2_500 }).amount).toBe(0);
  });

  it('refuses an amount type the account kind does not offer, and a fixed plan without an amount', () => {
    expect(() => runAmount({ amountType: 'minimum' }, loan)).toThrow(RangeError);
    expect(() => runAmount({ amountType: 'amount_due' }, line)).toThrow(RangeError);
    expect(() => runAmount({ amountType: 'fixed' }, loan)).toThrow(RangeError);
    expect(() => runAmount({ amountType: 'fixed', fixedAmount: 10.5 }, loan)).toThrow(RangeError);
    expect(() => runAmount({ amountType: 'fixed', fixedAmount: 0 }, loan)).toThrow(RangeError);
  });

  it('never exceeds the cap nor goes below 0 (property)', () => {
    const cents = fc.integer({ min: -1_000_000, max: 10_000_000 });
    fc.assert(
      fc.property(
        fc.constantFrom(...loanAmountTypes),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.record({ amountDue: cents, nextDueAmount: cents, pastDueAmount: cents, payoff: cents }),
        (amountType, fixedAmount, f) => {
          const { amount, capped } = runAmount({ amountType, fixedAmount }, { kind: 'loan', ...f });
          expect(amount).toBeGreaterThanOrEqual(0);
          expect(amount).toBeLessThanOrEqual(Math.max(0, f.payoff));
          expect(Number.isSafeInteger(amount)).toBe(true);
          if (!capped) expect(amount).toBe(Math.max(0, amountType === 'fixed' ? fixedAmount : amountType === 'amount_due' ? f.amountDue : amountType === 'next_payment' ? f.nextDueAmount : f.pastDueAmount));
        },
      ),
    );
  });
});

describe('afterRun', () => {
  const active = { consecutiveFailures: 0, status: 'active' as const };

  it('fail, succeed, fail → still active', () => {
    let s = afterRun(active, 'failed');
    expect(s).toEqual({ consecutiveFailures: 1, status: 'active', justStopped: false });
    s = afterRun(s, 'succeeded');
    expect(s).toEqual({ consecutiveFailures: 0, status: 'active', justStopped: false });
    s = afterRun(s, 'failed');
    expect(s).toEqual({ consecutiveFailures: 1, status: 'active', justStopped: false });
  });

  it('fail, fail → stopped, justStopped only on the run that stopped it', () => {
    const once = afterRun(active, 'failed');
    const twice = afterRun(once, 'failed');
    expect(twice).toEqual({ consecutiveFailures: 2, status: 'stopped', justStopped: true });
    const thrice = afterRun(twice, 'failed');
    expect(thrice).toEqual({ consecutiveFailures: 3, status: 'stopped', justStopped: false });
    // A later success (a run already in flight) resets the count but does not restart the plan.
    expect(afterRun(thrice, 'succeeded')).toEqual({ consecutiveFailures: 0, status: 'stopped', justStopped: false });
  });

  it('keeps a paused plan paused on success and stops it on a second failure', () => {
    expect(afterRun({ consecutiveFailures: 0, status: 'paused' }, 'succeeded').status).toBe('paused');
    expect(afterRun({ consecutiveFailures: 1, status: 'paused' }, 'failed')).toEqual({ consecutiveFailures: 2, status: 'stopped', justStopped: true });
  });
});

describe('finalPaymentWarning', () => {
  const finalDue = { dueDate: '2025-06-15', amount: 523_000 };
  const fixed = { amountType: 'fixed' as const, fixedAmount: 45_000 };

  it('warns within the 10 days before the final payment, through its due date, when a fixed amount falls short (a balloon)', () => {
    expect(finalPaymentWarning(fixed, finalDue, '2025-06-04')).toBeNull();
    const message = finalPaymentWarning(fixed, finalDue, '2025-06-05');
    expect(message).toBe(
      'Your final payment of $5,230.00 is due on June 15, 2025, but your AutoPay is set to $450.00. ' +
        'That leaves $4,780.00 unpaid: make a separate payment or raise your AutoPay amount before then.',
    );
    expect(finalPaymentWarning(fixed, finalDue, '2025-06-15')).toBe(message);
    expect(finalPaymentWarning(fixed, finalDue, '2025-06-16')).toBeNull();
  });

  it('takes another window', () => {
    expect(finalPaymentWarning(fixed, finalDue, '2025-05-16', 30)).not.toBeNull();
    expect(finalPaymentWarning(fixed, finalDue, '2025-05-15', 30)).toBeNull();
    expect(finalPaymentWarning(fixed, finalDue, '2025-06-14', 0)).toBeNull();
    expect(finalPaymentWarning(fixed, finalDue, '2025-06-15', 0)).not.toBeNull();
  });

  it('is silent when the fixed amount covers the final payment, or the plan pays what is owed', () => {
    expect(finalPaymentWarning({ amountType: 'fixed', fixedAmount: 523_000 }, finalDue, '2025-06-10')).toBeNull();
    expect(finalPaymentWarning({ amountType: 'fixed', fixedAmount: 600_000 }, finalDue, '2025-06-10')).toBeNull();
    for (const amountType of ['amount_due', 'next_payment', 'minimum', 'statement_balance', 'total_balance'] as const) {
      expect(finalPaymentWarning({ amountType }, finalDue, '2025-06-10')).toBeNull();
    }
    expect(finalPaymentWarning(fixed, { ...finalDue, amount: 0 }, '2025-06-10')).toBeNull();
  });

  it('warns a past-due-only plan that it will not pay the final payment on time', () => {
    const message = finalPaymentWarning({ amountType: 'past_due' }, { dueDate: '2025-06-15', amount: 31_250 }, '2025-06-10');
    expect(message).toContain('only past-due amounts');
    expect(message).toContain('$312.50 unpaid');
  });
});

describe('planProblems', () => {
  const today = '2025-03-10';
  const limits = { maxAheadDays: 60, minAmount: 1_000, maxAmount: 2_500_000 };
  const good = { kind: 'loan' as const, frequency: 'monthly' as const, startDate: '2025-03-15', amountType: 'amount_due' as const };

  it('accepts a sound plan, today and the last allowed day included', () => {
    expect(planProblems(good, today, limits)).toEqual({});
    expect(planProblems({ ...good, startDate: today }, today, limits)).toEqual({});
    expect(planProblems({ ...good, startDate: '2025-05-09' }, today, limits)).toEqual({});
    expect(planProblems({ kind: 'line', frequency: 'semimonthly', semimonthlyDays: [31, 15], startDate: today, amountType: 'fixed', fixedAmount: 2_500_000 }, today, limits)).toEqual({});
  });

  it('names each missing field', () => {
    expect(planProblems({ kind: 'loan' }, today, limits)).toEqual({
      frequency: 'Choose how often AutoPay should pay.',
      startDate: 'Choose the date of the first payment.',
      amountType: 'Choose how much AutoPay should pay.',
    });
  });

  it('checks the start date', () => {
    expect(planProblems({ ...good, startDate: '2025-03-09' }, today, limits)).toEqual({ startDate: 'The start date can’t be in the past.' });
    expect(planProblems({ ...good, startDate: '2025-05-10' }, today, limits)).toEqual({
      startDate: 'The start date must be within 60 days of today (on or before May 9, 2025).',
    });
    expect(planProblems({ ...good, startDate: '2025-02-30' }, today, limits)).toEqual({ startDate: 'Enter a valid date.' });
  });

  it('checks the amount type against the account kind', () => {
    expect(planProblems({ ...good, amountType: 'minimum' }, today, limits)).toEqual({ amountType: 'That amount isn’t available for a loan.' });
    expect(planProblems({ ...good, kind: 'line', amountType: 'past_due' }, today, limits)).toEqual({ amountType: 'That amount isn’t available for a line of credit.' });
    expect(planProblems({ ...good, frequency: 'fortnightly' as AutopayFrequency }, today, limits)).toEqual({ frequency: 'Choose one of the offered schedules.' });
  });

  it('checks a fixed amount', () => {
    const fixed = { ...good, amountType: 'fixed' as const };
    expect(planProblems(fixed, today, limits)).toEqual({ fixedAmount: 'Enter the amount to pay in dollars, such as 125.00.' });
    expect(planProblems({ ...fixed, fixedAmount: 12.5 }, today, limits)).toEqual({ fixedAmount: 'Enter an amount in dollars and cents.' });
    expect(planProblems({ ...fixed, fixedAmount: 0 }, today, limits)).toEqual({ fixedAmount: 'The amount must be more than $0.00.' });
    expect(planProblems({ ...fixed, fixedAmount: -500 }, today, limits)).toEqual({ fixedAmount: 'The amount must be more than $0.00.' });
    expect(planProblems({ ...fixed, fixedAmount: 999 }, today, limits)).toEqual({ fixedAmount: 'The amount must be at least $10.00.' });
    expect(planProblems({ ...fixed, fixedAmount: 2_500_001 }, today, limits)).toEqual({ fixedAmount: 'The amount can’t be more than $25,000.00.' });
    // Not a fixed plan: a stray amount is ignored.
    expect(planProblems({ ...good, fixedAmount: -1 }, today, limits)).toEqual({});
  });

  it('checks semimonthly days', () => {
    const semi = { ...good, frequency: 'semimonthly' as const };
    expect(planProblems({ ...semi, semimonthlyDays: [15, 15] }, today, limits)).toEqual({ semimonthlyDays: 'Choose two different days of the month.' });
    expect(planProblems({ ...semi, semimonthlyDays: [0, 15] }, today, limits)).toEqual({ semimonthlyDays: 'Choose two days of the month from 1 to 31.' });
    expect(planProblems({ ...semi, semimonthlyDays: [1, 32] }, today, limits)).toEqual({ semimonthlyDays: 'Choose two days of the month from 1 to 31.' });
    expect(planProblems({ ...semi, semimonthlyDays: [1.5, 15] }, today, limits)).toEqual({ semimonthlyDays: 'Choose two days of the month from 1 to 31.' });
    expect(planProblems(semi, today, limits)).toEqual({});
  });
});

describe('describePlan', () => {
  it('words each schedule and amount for the authorisation', () => {
    expect(describePlan(plan('monthly', '2025-01-31'))).toBe("Monthly on the 31st (or the month's last day), the amount due");
    expect(describePlan(plan('monthly', '2025-01-30', { amountType: 'next_payment' }))).toBe("Monthly on the 30th (or the month's last day), the next scheduled payment");
    expect(describePlan(plan('monthly', '2025-01-02', { amountType: 'minimum' }))).toBe('Monthly on the 2nd, the minimum payment due');
    expect(describePlan(plan('weekly', '2025-03-07', { amountType: 'fixed', fixedAmount: 12_500 }))).toBe('Weekly on Fridays, $125.00 (never more than you owe)');
    expect(describePlan(plan('biweekly', '2025-03-07', { amountType: 'statement_balance' }))).toBe('Every two weeks on Friday, starting March 7, 2025, the statement balance');
    expect(describePlan(plan('semimonthly', '2025-03-07', { amountType: 'total_balance' }))).toBe('Twice a month on the 1st and 15th, the full current balance');
    expect(describePlan(plan('semimonthly', '2025-03-07', { semimonthlyDays: [31, 15], amountType: 'past_due' }))).toBe(
      "Twice a month on the 15th and the month's last day, the past-due amount",
    );
    expect(describePlan(plan('account_schedule', '2025-03-07'))).toBe('On each payment due date, the amount due');
  });
});

describe('run date properties', () => {
  const dateArb = fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2099-12-31') }).map(fromDayNumber);
  const dayArb = fc.integer({ min: 1, max: 31 });
  const planArb = fc
    .record({
      frequency: fc.constantFrom(...autopayFrequencies),
      startDate: dateArb,
      days: fc.tuple(dayArb, dayArb).filter(([a, b]) => a !== b),
      amountType: fc.constantFrom(...loanAmountTypes, ...lineAmountTypes),
    })
    .map(({ days, ...p }): AutopayPlan => ({ ...p, semimonthlyDays: days }));
  const dueArb = fc.array(dateArb, { maxLength: 30 });

  it('are strictly increasing, from the start through `until`, and nextRunDate walks them', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: -30, max: 800 }), dueArb, (p, span, due) => {
        const until = addDays(p.startDate, span);
        const dates = runDates(p, until, due);
        for (let i = 0; i < dates.length; i++) {
          expect(dates[i]! >= p.startDate && dates[i]! <= until).toBe(true);
          if (i > 0) expect(dates[i - 1]! < dates[i]!).toBe(true);
        }
        // Each run's successor is the next run (checked on a few, to keep it quick).
        for (let i = 0; i + 1 < Math.min(dates.length, 6); i++) expect(nextRunDate(p, dates[i]!, due)).toBe(dates[i + 1]);
        if (dates.length > 0) expect(nextRunDate(p, addDays(p.startDate, -1), due)).toBe(dates[0]);
      }),
    );
  });

  it('monthly dates fall on min(anchor day, month length), one per month', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 1_500 }), (startDate, span) => {
        const anchor = parts(startDate).d;
        const dates = runDates(plan('monthly', startDate), addDays(startDate, span));
        let prev: { y: number; m: number } | null = null;
        for (const date of dates) {
          const { y, m, d } = parts(date);
          expect(d).toBe(Math.min(anchor, daysInMonth(y, m)));
          if (prev) expect(y * 12 + m - (prev.y * 12 + prev.m)).toBe(1);
          prev = { y, m };
        }
      }),
    );
  });

  it('weekly and biweekly dates are exactly 7 and 14 days apart', () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom('weekly' as const, 'biweekly' as const), fc.integer({ min: 0, max: 800 }), (startDate, frequency, span) => {
        const dates = runDates(plan(frequency, startDate), addDays(startDate, span));
        expect(dates[0]).toBe(startDate);
        for (let i = 1; i < dates.length; i++) expect(daysBetween(dates[i - 1]!, dates[i]!)).toBe(frequency === 'weekly' ? 7 : 14);
        expect(dates).toHaveLength(Math.floor(span / (frequency === 'weekly' ? 7 : 14)) + 1);
      }),
    );
  });
});

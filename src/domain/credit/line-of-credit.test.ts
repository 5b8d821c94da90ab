import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates';
import {
  billingCycles,
  buildStatement,
  lineBalance,
  statements,
  type Cycle,
  type LineTerms,
  type LineTransaction,
  type Statement,
} from './line-of-credit';

const terms: LineTerms = {
  creditLimit: 500_000, // $5,000
  annualRate: 180_000, // 18%
  openDate: '2024-01-10',
  statementDay: 15,
  paymentDueDays: 25,
  minimumPayment: { percentOfBalance: 10_000, floor: 2_500 }, // 1%, $25
  lateFee: 3_000, // $30
};

const tx = (id: string, date: string, kind: LineTransaction['kind'], amount: number, reverses?: string): LineTransaction =>
  reverses === undefined ? { id, date, kind, amount } : { id, date, kind, amount, reverses };

/*
 * Worked example: 30-day cycle 2024-04-16 … 2024-05-15 at 18%, opening $1,000.00,
 * a $500 draw on day 10 (04-25), a $200 payment on day 20 (05-05). End-of-day balances:
 *   days  1–9   (9 days)  $1,000.00 →   900,000 cent-days
 *   days 10–19 (10 days)  $1,500.00 → 1,500,000
 *   days 20–30 (11 days)  $1,300.00 → 1,430,000
 *   sum 3,830,000 cent-days; average daily balance 3,830,000 / 30 = $1,276.67
 *   interest = 3,830,000 × 0.18 / 365 = 1,888.767… → $18.89
 *   closing = 1,000 + 500 − 200 + 18.89 = $1,318.89
 *   minimum = max($25, 1% × 1,318.89 = 13.19 + interest 18.89 + fees 0) = $32.08
 *   due 05-15 + 25 days = 06-09; available = 5,000 − 1,318.89 = $3,681.11
 */
const aprilCycle: Cycle = ['2024-04-16', '2024-05-15'];
const aprilTxns = [tx('d1', '2024-04-25', 'draw', 50_000), tx('p1', '2024-05-05', 'payment', 20_000)];
const april = buildStatement(terms, 100_000, aprilCycle, aprilTxns);

describe('buildStatement: average daily balance', () => {
  it('matches the worked example', () => {
    expect(april).toEqual<Statement>({
      periodStart: '2024-04-16',
      periodEnd: '2024-05-15',
      openingBalance: 100_000,
      purchases: 50_000,
      payments: 20_000,
      credits: 0,
      fees: 0,
      lateFee: 0,
      interest: 1_889,
      averageDailyBalance: 127_667,
      closingBalance: 131_889,
      minimumPayment: 3_208,
      dueDate: '2024-06-09',
      creditLimit: 500_000,
      availableCredit: 368_111,
      pastDue: 0,
    });
  });

  it('counts a credit balance as zero for interest', () => {
    const s = buildStatement(terms, -50_000, aprilCycle, [tx('d', '2024-05-06', 'draw', 80_000)]);
    // Balance is −$500 until 05-06 (counts 0), then $300 for 10 days (05-06 … 05-15):
    // 30,000 × 10 = 300,000 cent-days × 0.18 / 365 = 147.95 → $1.48.
    expect(s.interest).toBe(148);
    expect(s.closingBalance).toBe(-50_000 + 80_000 + 148);
  });

  it('has no minimum payment on a credit balance', () => {
    const s = buildStatement(terms, -10_000, aprilCycle, []);
    expect(s).toMatchObject({ interest: 0, closingBalance: -10_000, minimumPayment: 0, availableCredit: 510_000 });
  });

  it('charges the whole balance when it is under the floor', () => {
    const s = buildStatement({ ...terms, annualRate: 0 }, 1_234, aprilCycle, []);
    expect(s.minimumPayment).toBe(1_234);
  });

  it('nets reversals into purchases and payments', () => {
    const s = buildStatement(terms, 100_000, aprilCycle, [
      ...aprilTxns,
      tx('r1', '2024-05-10', 'reversal', 20_000, 'p1'), // returned payment: debt back from 05-10
      tx('r2', '2024-05-15', 'reversal', 10_000, 'd1'), // part of the draw reversed on the last day
    ]);
    expect(s.payments).toBe(0);
    expect(s.purchases).toBe(40_000);
    // Daily sum: 900,000 + 1,500,000 (to 05-04) + 130,000×5 (05-05…05-09) + 150,000×5 (05-10…05-14) + 140,000 (05-15)
    // = 3,940,000 → × 0.18 / 365 = 1,943.01 → $19.43
    expect(s.interest).toBe(1_943);
    expect(s.closingBalance).toBe(100_000 + 40_000 + 1_943);
  });
});

describe('late fee and past due', () => {
  const mayCycle: Cycle = ['2024-05-16', '2024-06-15'];
  const may = (txns: LineTransaction[]) => buildStatement(terms, april.closingBalance, mayCycle, [...aprilTxns, ...txns], april);

  it('charges the late fee the day after the due date when the minimum was not paid', () => {
    /*
     * $20 paid 06-01 against a $32.08 minimum due 06-09 → $30 late fee dated 06-10.
     *   05-16 … 05-31 (16 days) 131,889; 06-01 … 06-09 (9) 129,889; 06-10 … 06-15 (6) 132,889
     *   sum 4,076,559 → × 0.18 / 365 = 2,010.36 → $20.10
     *   closing = 1,318.89 − 20 + 30 + 20.10 = $1,348.99; past due 32.08 − 20 = $12.08
     *   minimum = max(25, 13.49 + 20.10 + 30) + 12.08 = $75.67
     */
    const s = may([tx('p2', '2024-06-01', 'payment', 2_000)]);
    expect(s).toMatchObject({ fees: 3_000, lateFee: 3_000, interest: 2_010, closingBalance: 134_899, pastDue: 1_208, minimumPayment: 7_567 });
  });

  it('charges none when the minimum is paid on the due date', () => {
    const s = may([tx('p2', '2024-06-09', 'payment', 3_208)]);
    expect(s).toMatchObject({ fees: 0, lateFee: 0, pastDue: 0 });
  });

  it('charges it when the payment comes a day late, but then nothing is past due', () => {
    const s = may([tx('p2', '2024-06-10', 'payment', 3_208)]);
    expect(s).toMatchObject({ lateFee: 3_000, pastDue: 0 });
  });

  it('does not count a payment that was returned', () => {
    const s = may([tx('p2', '2024-06-01', 'payment', 3_208), tx('r2', '2024-06-12', 'reversal', 3_208, 'p2')]);
    expect(s).toMatchObject({ lateFee: 3_000, pastDue: 3_208, payments: 0 });
  });

  it('does not count payments made before the statement closed', () => {
    // The 05-05 payment lowered the April balance; it cannot pay the April minimum too.
    const s = may([]);
    expect(s).toMatchObject({ lateFee: 3_000, pastDue: 3_208 });
  });

  it('caps the fee at the minimum that was missed', () => {
    const tiny = buildStatement(terms, 1_000, aprilCycle, []); // minimum = whole balance ≈ $10
    const next = buildStatement(terms, tiny.closingBalance, mayCycle, [], tiny);
    expect(next.lateFee).toBe(tiny.minimumPayment);
  });

  it('rejects a previous statement that does not close the day before', () => {
    expect(() => buildStatement(terms, 0, ['2024-05-17', '2024-06-15'], [], april)).toThrow(RangeError);
  });
});

describe('billingCycles', () => {
  it('runs the first cycle from the open date to the next closing day, then month by month', () => {
    expect(billingCycles(terms, '2024-03-20')).toEqual([
      ['2024-01-10', '2024-01-15'],
      ['2024-01-16', '2024-02-15'],
      ['2024-02-16', '2024-03-15'],
    ]);
  });

  it('opening on the closing day gives a month-long first cycle', () => {
    expect(billingCycles({ ...terms, openDate: '2024-01-15' }, '2024-02-15')).toEqual([['2024-01-15', '2024-02-15']]);
  });

  it('includes a cycle that closes on asOf, and none before the first closing', () => {
    expect(billingCycles(terms, '2024-01-15')).toHaveLength(1);
    expect(billingCycles(terms, '2024-01-14')).toEqual([]);
    expect(billingCycles(terms, '2023-12-01')).toEqual([]);
  });

  it('handles day 28 through February in a leap year', () => {
    const cycles = billingCycles({ ...terms, openDate: '2024-01-31', statementDay: 28 }, '2024-04-30');
    expect(cycles).toEqual([
      ['2024-01-31', '2024-02-28'],
      ['2024-02-29', '2024-03-28'],
      ['2024-03-29', '2024-04-28'],
    ]);
  });
});

describe('statements', () => {
  const history = [
    tx('d1', '2024-01-10', 'draw', 100_000),
    tx('d2', '2024-02-01', 'draw', 25_000),
    tx('p1', '2024-02-20', 'payment', 5_000),
    tx('f1', '2024-02-21', 'fee', 1_500),
    tx('c1', '2024-03-02', 'credit', 4_000),
  ];

  it('chains: each opens at the previous closing, interest compounds through the balance', () => {
    const list = statements(terms, history, '2024-04-20');
    expect(list.map((s) => [s.periodStart, s.periodEnd])).toEqual([
      ['2024-01-10', '2024-01-15'],
      ['2024-01-16', '2024-02-15'],
      ['2024-02-16', '2024-03-15'],
      ['2024-03-16', '2024-04-15'],
    ]);
    expect(list[0]!.openingBalance).toBe(0);
    for (let i = 1; i < list.length; i++) expect(list[i]!.openingBalance).toBe(list[i - 1]!.closingBalance);
    // First cycle: $1,000 for 6 days → 600,000 × 0.18 / 365 = 295.89 → $2.96.
    expect(list[0]).toMatchObject({ purchases: 100_000, interest: 296, closingBalance: 100_296, dueDate: '2024-02-09' });
  });

  it('equals building each statement by hand', () => {
    const list = statements(terms, history, '2024-04-20');
    let previous: Statement | undefined;
    for (const s of list) {
      const again = buildStatement(terms, previous?.closingBalance ?? 0, [s.periodStart, s.periodEnd], history, previous);
      expect(again).toEqual(s);
      previous = s;
    }
  });

  it('ignores transactions after asOf', () => {
    expect(statements(terms, [...history, tx('late', '2024-04-18', 'draw', 9_999)], '2024-04-17')).toEqual(
      statements(terms, history, '2024-04-17'),
    );
  });
});

describe('lineBalance', () => {
  const opened: LineTerms = { ...terms, openDate: '2024-04-16' };
  // Same as the worked example with the $1,000 drawn at the end of day 1.
  const txns = [tx('d0', '2024-04-16', 'draw', 100_000), ...aprilTxns];

  it('includes billed interest, and accrues unbilled interest separately', () => {
    // 10 days at $1,318.89 after the 05-15 closing: 1,318,890 × 0.18 / 365 = 650.41 → $6.50.
    expect(lineBalance(opened, txns, '2024-05-25')).toEqual({ balance: 131_889, accruedInterest: 650, availableCredit: 368_111, overLimit: false });
    expect(lineBalance(opened, txns, '2024-05-15')).toMatchObject({ balance: 131_889, accruedInterest: 0 });
    expect(lineBalance(opened, txns, '2024-05-14').balance).toBe(130_000);
  });

  it('posts a late fee once its date has passed', () => {
    expect(lineBalance(opened, txns, '2024-06-09').balance).toBe(131_889);
    expect(lineBalance(opened, txns, '2024-06-10').balance).toBe(131_889 + 3_000);
  });

  it('reports over limit with no available credit', () => {
    const b = lineBalance({ ...opened, creditLimit: 100_000 }, [tx('d', '2024-04-20', 'draw', 120_000)], '2024-04-30');
    expect(b).toMatchObject({ balance: 120_000, availableCredit: 0, overLimit: true });
  });

  it('is zero before the line opens', () => {
    expect(lineBalance(opened, txns, '2024-01-01')).toEqual({ balance: 0, accruedInterest: 0, availableCredit: 500_000, overLimit: false });
  });
});

describe('input checks', () => {
  const bad: [string, () => unknown][] = [
    ['negative amount', () => statements(terms, [tx('a', '2024-02-01', 'draw', -5)], '2024-03-01')],
    ['zero amount', () => statements(terms, [tx('a', '2024-02-01', 'payment', 0)], '2024-03-01')],
    ['fractional cents', () => statements(terms, [tx('a', '2024-02-01', 'draw', 10.5)], '2024-03-01')],
    ['before open', () => statements(terms, [tx('a', '2024-01-09', 'draw', 5)], '2024-03-01')],
    ['statementDay 29', () => billingCycles({ ...terms, statementDay: 29 }, '2024-03-01')],
    ['statementDay 0', () => billingCycles({ ...terms, statementDay: 0 }, '2024-03-01')],
    ['due days 28', () => billingCycles({ ...terms, paymentDueDays: 28 }, '2024-03-01')],
    ['bad date', () => statements(terms, [tx('a', '2024-02-30', 'draw', 5)], '2024-03-01')],
    ['duplicate id', () => statements(terms, [tx('a', '2024-02-01', 'draw', 5), tx('a', '2024-02-02', 'draw', 5)], '2024-03-01')],
    ['reversal of unknown', () => statements(terms, [tx('r', '2024-02-01', 'reversal', 5, 'x')], '2024-03-01')],
    ['reversal of a fee', () => statements(terms, [tx('f', '2024-02-01', 'fee', 5), tx('r', '2024-02-02', 'reversal', 5, 'f')], '2024-03-01')],
    ['reversal too big', () => statements(terms, [tx('p', '2024-02-01', 'payment', 5), tx('r', '2024-02-02', 'reversal', 6, 'p')], '2024-03-01')],
    ['reversal before original', () => statements(terms, [tx('p', '2024-02-05', 'payment', 5), tx('r', '2024-02-02', 'reversal', 5, 'p')], '2024-03-01')],
    ['reversal without target', () => statements(terms, [tx('r', '2024-02-02', 'reversal', 5)], '2024-03-01')],
    ['negative limit', () => lineBalance({ ...terms, creditLimit: -1 }, [], '2024-03-01')],
    ['cycle before open', () => buildStatement(terms, 0, ['2024-01-01', '2024-01-15'], [])],
  ];
  it.each(bad)('rejects %s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- properties

const OPEN = '2024-01-10';
const dayOffset = fc.integer({ min: 0, max: 200 });
const amount = fc.integer({ min: 1, max: 300_000 });

const arbTerms = fc.record({
  creditLimit: fc.integer({ min: 0, max: 2_000_000 }),
  annualRate: fc.integer({ min: 0, max: 400_000 }),
  openDate: fc.constant(OPEN),
  statementDay: fc.integer({ min: 1, max: 28 }),
  paymentDueDays: fc.integer({ min: 1, max: 27 }),
  minimumPayment: fc.record({ percentOfBalance: fc.integer({ min: 0, max: 100_000 }), floor: fc.integer({ min: 0, max: 5_000 }) }),
  lateFee: fc.integer({ min: 0, max: 5_000 }),
});

/** Random histories, with some reversals of earlier payments and draws (never more than the original). */
const arbTxns = fc
  .array(fc.record({ kind: fc.constantFrom('draw', 'payment', 'fee', 'credit', 'draw', 'payment'), day: dayOffset, amount }), { maxLength: 25 })
  .chain((base) => {
    const txns: LineTransaction[] = base.map((b, i) => tx(`t${i}`, addDays(OPEN, b.day), b.kind as LineTransaction['kind'], b.amount));
    const reversible = txns.filter((t) => t.kind === 'payment' || t.kind === 'draw');
    return fc
      .subarray(reversible)
      .chain((targets) =>
        fc.tuple(...targets.map((target) => fc.record({ target: fc.constant(target), lag: fc.integer({ min: 0, max: 40 }), part: fc.integer({ min: 1, max: target.amount }) }))),
      )
      .map((extra) => [...txns, ...extra.map((e, i) => tx(`r${i}`, addDays(e.target.date, e.lag), 'reversal', e.part, e.target.id))]);
  });

const AS_OF = addDays(OPEN, 260);

describe('properties', () => {
  it('closing = opening + purchases + fees + interest − payments − credits, chained', () => {
    fc.assert(
      fc.property(arbTerms, arbTxns, (t, txns) => {
        const list = statements(t, txns, AS_OF);
        list.forEach((s, i) => {
          expect(s.closingBalance).toBe(s.openingBalance + s.purchases + s.fees + s.interest - s.payments - s.credits);
          expect(s.openingBalance).toBe(i === 0 ? 0 : list[i - 1]!.closingBalance);
        });
        // The balance at the last closing is the last statement's closing.
        const last = list.at(-1);
        if (last) expect(lineBalance(t, txns, last.periodEnd).balance).toBe(last.closingBalance);
      }),
    );
  });

  it('minimum payment is between 0 and closing balance + past due', () => {
    fc.assert(
      fc.property(arbTerms, arbTxns, (t, txns) => {
        for (const s of statements(t, txns, AS_OF)) {
          expect(s.minimumPayment).toBeGreaterThanOrEqual(0);
          expect(s.minimumPayment).toBeLessThanOrEqual(Math.max(0, s.closingBalance) + s.pastDue);
          expect(s.pastDue).toBeGreaterThanOrEqual(0);
          expect(s.availableCredit).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('available credit is never negative and over-limit agrees with the balance', () => {
    fc.assert(
      fc.property(arbTerms, arbTxns, fc.integer({ min: 0, max: 260 }), (t, txns, at) => {
        const b = lineBalance(t, txns, addDays(OPEN, at));
        expect(b.availableCredit).toBeGreaterThanOrEqual(0);
        expect(b.accruedInterest).toBeGreaterThanOrEqual(0);
        expect(b.overLimit).toBe(b.balance > t.creditLimit);
        expect(b.availableCredit).toBe(b.overLimit ? 0 : t.creditLimit - b.balance);
      }),
    );
  });

  /*
   * A payment then its reversal lowers the balance on the days in between, so it can only save
   * interest: closing(with) ≤ closing(without), and the difference is interest alone.
   * A draw then its reversal is the mirror image: ≥, again interest alone.
   */
  const pairs = [
    { original: 'payment', sign: -1 },
    { original: 'draw', sign: 1 },
  ] as const;

  it.each(pairs)('a $original then its reversal within one cycle changes the closing only by interest', ({ original, sign }) => {
    const cycle: Cycle = ['2024-04-16', '2024-05-15'];
    fc.assert(
      fc.property(
        arbTerms,
        fc.integer({ min: -50_000, max: 500_000 }),
        fc.array(fc.record({ kind: fc.constantFrom('draw', 'payment', 'fee', 'credit'), day: fc.integer({ min: 0, max: 29 }), amount }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 0, max: 29 }),
        amount,
        (t, opening, base, a, b, paid) => {
          const others = base.map((x, i) => tx(`t${i}`, addDays(cycle[0], x.day), x.kind as LineTransaction['kind'], x.amount));
          const [first, second] = a <= b ? [a, b] : [b, a];
          const pair = [tx('P', addDays(cycle[0], first), original, paid), tx('R', addDays(cycle[0], second), 'reversal', paid, 'P')];
          const without = buildStatement(t, opening, cycle, others);
          const withPair = buildStatement(t, opening, cycle, [...others, ...pair]);
          const diff = withPair.closingBalance - without.closingBalance;
          expect(diff).toBe(withPair.interest - without.interest);
          expect(sign * diff).toBeGreaterThanOrEqual(0);
          expect([withPair.payments, withPair.purchases, withPair.fees]).toEqual([without.payments, without.purchases, without.fees]);
        },
      ),
    );
  });

  it.each(pairs)('across statements (no late fee), a reversed $original differs only by the interest billed', ({ original, sign }) => {
    fc.assert(
      fc.property(arbTerms, arbTxns, dayOffset, fc.integer({ min: 0, max: 60 }), amount, (t0, txns, day, lag, paid) => {
        const t = { ...t0, lateFee: 0 };
        const pair = [tx('P', addDays(OPEN, day), original, paid), tx('R', addDays(OPEN, day + lag), 'reversal', paid, 'P')];
        const without = statements(t, txns, AS_OF);
        const withPair = statements(t, [...txns, ...pair], AS_OF);
        let extraInterest = 0;
        withPair.forEach((s, i) => {
          const w = without[i]!;
          extraInterest += s.interest - w.interest;
          const diff = s.closingBalance - w.closingBalance;
          expect(sign * diff).toBeGreaterThanOrEqual(0);
          // Once both have posted, only interest (compounded through later balances) remains.
          if (s.periodEnd >= pair[1]!.date) expect(diff).toBe(extraInterest);
        });
      }),
    );
  });
});

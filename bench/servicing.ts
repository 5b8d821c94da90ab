// Servicing maths speed: schedule generation and as-of-date figures, since every account page computes them.
import { lineBalance, statements, type LineTerms, type LineTransaction } from '../src/domain/credit/line-of-credit';
import { addDays, addMonths } from '../src/domain/dates';
import { buildSchedule } from '../src/domain/loans/amortization';
import type { LedgerEntry } from '../src/domain/loans/ledger';
import { allocatePayment, loanPosition } from '../src/domain/loans/position';
import type { LoanTerms } from '../src/domain/loans/types';
import type { Benchmark, Cell } from './report';

/** Runs `fn` repeatedly for about `ms` after a short warm-up; returns operations per second and µs per op. */
function measure(fn: () => unknown, ms = 1500): { ops: number; perOpUs: number; runs: number } {
  const warm = performance.now();
  while (performance.now() - warm < 200) fn();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while ((elapsed = performance.now() - start) < ms) {
    fn();
    runs++;
  }
  return { ops: (runs * 1000) / elapsed, perOpUs: (elapsed * 1000) / runs, runs };
}

const mortgage = (dayCount: LoanTerms['dayCount']): LoanTerms => ({
  principal: 35_000_000, annualRate: 65_000, frequency: 'monthly', termPayments: 360, startDate: '2021-01-01', firstDueDate: '2021-02-01', dayCount,
});

/** Five years of monthly payments, allocated as they would have been posted. */
function fiveYearHistory(terms: LoanTerms): LedgerEntry[] {
  const schedule = buildSchedule(terms);
  const entries: LedgerEntry[] = [];
  for (const row of schedule.slice(0, 60)) {
    const split = allocatePayment({ terms, schedule }, entries, row.dueDate, row.payment);
    entries.push({ id: `p${row.number}`, date: row.dueDate, kind: 'payment', amount: row.payment, ...split });
  }
  return entries;
}

export const servicing: Benchmark = {
  name: 'servicing',
  what: 'schedule generation and as-of-date figures for a 360-payment loan with a 5-year history, and a line of credit year',
  async run() {
    const rows: Cell[][] = [];
    for (const dayCount of ['periodic', 'actual/365'] as const) {
      const terms = mortgage(dayCount);
      const schedule = buildSchedule(terms);
      const history = fiveYearHistory(terms);
      const gen = measure(() => buildSchedule(terms));
      rows.push([`schedule, 360 payments (${dayCount})`, Math.round(gen.ops), gen.perOpUs.toFixed(0)]);
      const asOf = addDays(schedule[59]!.dueDate, 12);
      const pos = measure(() => loanPosition({ terms, schedule }, history, asOf));
      rows.push([`position as of a date, 60 payments posted (${dayCount})`, Math.round(pos.ops), pos.perOpUs.toFixed(0)]);
    }
    const line: LineTerms = { creditLimit: 1_000_000, annualRate: 179_900, openDate: '2025-01-03', statementDay: 25, paymentDueDays: 21, minimumPayment: { percentOfBalance: 20_000, floor: 2_500 }, lateFee: 2_900 };
    const txns: LineTransaction[] = [];
    for (let m = 0; m < 12; m++) {
      const base = addMonths('2025-01-05', m);
      txns.push({ id: `d${m}`, date: base, kind: 'draw', amount: 40_000 + m * 1_000 });
      txns.push({ id: `p${m}`, date: addDays(base, 20), kind: 'payment', amount: 30_000 });
    }
    const stm = measure(() => statements(line, txns, '2026-01-10'));
    rows.push(['line of credit: 12 statements from 24 transactions', Math.round(stm.ops), stm.perOpUs.toFixed(0)]);
    const bal = measure(() => lineBalance(line, txns, '2026-01-10'));
    rows.push(['line of credit: balance and available credit', Math.round(bal.ops), bal.perOpUs.toFixed(0)]);
    return [{ title: 'Servicing maths (single core, pure functions)', columns: ['operation', 'ops/s', 'µs/op'], rows }];
  },
};

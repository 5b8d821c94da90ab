import type { AccountBundle } from '../db/repositories/accounts';
import type { NewLedgerEntry } from '../db/repositories/ledger';
import { addDays, addMonths, type IsoDate } from '../domain/dates';
import { formatPercent } from '../domain/rates';
import { buildSchedule } from '../domain/loans/amortization';
import type { LedgerEntry } from '../domain/loans/ledger';
import { allocatePayment } from '../domain/loans/position';
import type { LoanTerms } from '../domain/loans/types';
import { newId } from '../lib/ids';

/** Small deterministic generator, so a load data set is the same every time it is made. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One borrower's installment loan with a realistic history up to `today`: most pay on time, some
 * a few days late, some stopped paying a few months ago. The ledger is allocated in memory with
 * the same domain rules as live payments, then written in bulk by the caller.
 */
export function loanWithHistory(index: number, customerId: string, today: IsoDate, now: Date): { bundle: AccountBundle; ledger: NewLedgerEntry[] } {
  const rnd = mulberry32(index + 1);
  const termPayments = [12, 24, 36, 48, 60, 72][Math.floor(rnd() * 6)]!;
  const monthsIn = 1 + Math.floor(rnd() * Math.min(termPayments, 60));
  const startDate = addMonths(today, -monthsIn);
  const terms: LoanTerms = {
    principal: 200_000 + Math.floor(rnd() * 48) * 100_000,
    annualRate: 39_900 + Math.floor(rnd() * 160) * 1_000,
    frequency: 'monthly',
    termPayments,
    startDate,
    firstDueDate: addMonths(startDate, 1),
    dayCount: rnd() < 0.7 ? 'periodic' : 'actual/365',
  };
  const schedule = buildSchedule(terms);
  const accountId = newId();
  const behaviour = rnd();
  const stopAfter = behaviour < 0.12 ? Math.max(0, monthsIn - 1 - Math.floor(rnd() * 4)) : Infinity;
  const entries: LedgerEntry[] = [];
  const ledger: NewLedgerEntry[] = [];
  for (const row of schedule) {
    if (row.dueDate > today || row.number > stopAfter) break;
    const date = behaviour < 0.3 ? addDays(row.dueDate, Math.floor(rnd() * 9)) : row.dueDate;
    if (date > today) break;
    const split = allocatePayment({ terms, schedule }, entries, date, row.payment);
    const amount = row.payment - split.excess;
    if (amount <= 0) break;
    const id = newId();
    entries.push({ id, date, kind: 'payment', amount, principal: split.principal, interest: split.interest, fees: split.fees });
    ledger.push({ id, accountId, kind: 'payment', effectiveDate: date, amount, principal: split.principal, interest: split.interest, fees: split.fees, description: 'Payment', reference: `LD-${index}-${row.number}`, postedAt: now });
  }
  const bundle: AccountBundle = {
    account: { id: accountId, displayId: `LD-${String(index + 1).padStart(7, '0')}`, type: 'installment', status: stopAfter < Infinity ? 'Past Due' : 'Active', productName: `Installment loan — ${termPayments} months`, openedOn: startDate },
    loanTerms: { principal: terms.principal, annualRate: formatPercent(terms.annualRate), frequency: 'monthly', termPayments, startDate, firstDueDate: terms.firstDueDate, dayCount: terms.dayCount, payment: schedule[0]!.payment },
    schedule: schedule.map((r) => ({ number: r.number, dueDate: r.dueDate, payment: r.payment, principal: r.principal, interest: r.interest, balance: r.balance })),
    links: [{ customerId, role: 'Primary', webAccess: true, emailAccess: true, smsAccess: false }],
  };
  return { bundle, ledger };
}

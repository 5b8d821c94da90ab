import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantsRepo } from '../../src/db/platform';
import type { Tenant } from '../../src/db/schema';
import { forTenant, type TenantDb } from '../../src/db/tenant';
import { ServiceError } from '../../src/services/errors';
import {
  chargeFee, issueCard, issueStatements, lineSummary, loanSummary, openLease, openLine, openLoan, postLineTransaction, postLoanPayment, reverseLoanPayment,
} from '../../src/services/servicing';
import { useSeededDb } from '../support/node-host';

const now = new Date('2026-11-22T12:00:00Z');

describe('servicing over libSQL', () => {
  const env = useSeededDb('all');
  let tenant: Tenant;
  let tdb: TenantDb;
  let customerId: string;
  beforeAll(async () => {
    tenant = (await tenantsRepo(env.db).findById(env.fixtures.alpha.id))!;
    tdb = forTenant(env.db, tenant.id);
    customerId = (await tdb.customers.list({ limit: 1 }))[0]!.id;
  });

  const mortgage = () => ({
    displayId: `LN-${Math.random().toString().slice(2, 8)}`, productName: '30-year fixed', principal: 20_000_000, annualRate: '6.5', frequency: 'monthly' as const,
    termPayments: 360, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic' as const, holders: [{ customerId, role: 'Primary' as const }],
  });

  it('opens a loan with its schedule: $200,000 at 6.5% for 360 months pays $1,264.14', async () => {
    const id = await openLoan(tdb, tenant, mortgage(), now);
    const schedule = await tdb.accounts.schedule(id);
    expect(schedule).toHaveLength(360);
    expect(schedule[0]).toMatchObject({ number: 1, dueDate: '2026-02-01', payment: 126_414, interest: 108_333, principal: 18_081 });
    expect(schedule.reduce((s, r) => s + r.principal, 0)).toBe(20_000_000);
    expect((await tdb.accounts.loanTerms(id))?.annualRate).toBe('6.5');
    const [link] = await tdb.accounts.links(id);
    expect(link).toMatchObject({ role: 'Primary', webAccess: true, emailAccess: true, smsAccess: false });
  });

  it('posts, summarises and reverses payments through the immutable ledger', async () => {
    const id = await openLoan(tdb, tenant, mortgage(), now);
    const payment = await postLoanPayment(tdb, tenant, { accountId: id, date: '2026-02-01', amount: 126_414, reference: 'PMT-1' }, now);
    expect(payment).toMatchObject({ kind: 'payment', interest: 108_333, principal: 18_081, fees: 0, reference: 'PMT-1' });
    const after = await loanSummary(tdb, id, '2026-02-15');
    expect(after).toMatchObject({ principalBalance: 20_000_000 - 18_081, status: 'current', nextDueDate: '2026-03-01', daysPastDue: 0 });

    await expect(env.db.$client.execute({ sql: 'update ledger_entries set amount = 1 where id = ?', args: [payment.id] })).rejects.toThrow(/immutable/);
    await expect(env.db.$client.execute({ sql: 'delete from ledger_entries where id = ?', args: [payment.id] })).rejects.toThrow(/immutable/);

    await reverseLoanPayment(tdb, tenant, { paymentId: payment.id, date: '2026-02-06', reason: 'NSF (R01)' }, now);
    const reversed = await loanSummary(tdb, id, '2026-03-10');
    expect(reversed).toMatchObject({ principalBalance: 20_000_000, status: 'past_due', daysPastDue: 37 });
    await expect(reverseLoanPayment(tdb, tenant, { paymentId: payment.id, date: '2026-02-07', reason: 'again' }, now)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('charges fees first from the next payment, and refuses more than the payoff', async () => {
    const id = await openLoan(tdb, tenant, { ...mortgage(), principal: 100_000, annualRate: '12', termPayments: 3 }, now);
    await chargeFee(tdb, tenant, { accountId: id, date: '2026-02-10', amount: 2_500, description: 'Late fee' }, now);
    const p = await postLoanPayment(tdb, tenant, { accountId: id, date: '2026-02-10', amount: 10_000 }, now);
    expect(p.fees).toBe(2_500);
    await expect(postLoanPayment(tdb, tenant, { accountId: id, date: '2026-02-11', amount: 10_000_000 }, now)).rejects.toThrow(/more than the payoff/);
    await expect(postLoanPayment(tdb, tenant, { accountId: id, date: '2026-02-11', amount: 0 }, now)).rejects.toBeInstanceOf(ServiceError);
  });

  it('keeps exactly one Primary per account', async () => {
    await expect(openLoan(tdb, tenant, { ...mortgage(), holders: [] }, now)).rejects.toThrow(/exactly one Primary/);
    const other = await tdb.customers.create({ firstName: 'Co', lastName: 'Borrower', email: `co${Date.now()}@example.com` }, now);
    await expect(openLoan(tdb, tenant, { ...mortgage(), holders: [{ customerId, role: 'Primary' }, { customerId: other.id, role: 'Primary' }] }, now)).rejects.toThrow(/exactly one Primary/);
    const id = await openLoan(tdb, tenant, { ...mortgage(), holders: [{ customerId, role: 'Primary' }, { customerId: other.id, role: 'Secondary', webAccess: false }] }, now);
    // The database refuses a second Primary even if a caller skipped the check.
    await expect(env.db.run(sql`update customer_accounts set role = 'Primary' where account_id = ${id} and customer_id = ${other.id}`)).rejects.toThrow();
    expect((await tdb.accounts.forCustomer(other.id)).map((r) => r.link.webAccess)).toEqual([false]);
  });

  it('opens a lease whose payments split into depreciation and rent charge', async () => {
    const id = await openLease(tdb, tenant, { displayId: `LS-${Date.now()}`, productName: '36-month lease', capitalizedCost: 3_000_000, residualValue: 1_800_000, termMonths: 36, moneyFactorE7: 12_500, startDate: '2026-01-15', firstDueDate: '2026-02-15', holders: [{ customerId, role: 'Primary' }] }, now);
    const [first] = await tdb.accounts.schedule(id);
    expect(first).toMatchObject({ payment: 39_333, principal: 33_333, interest: 6_000 });
    const summary = await loanSummary(tdb, id, '2026-02-20');
    expect(summary).toMatchObject({ pastDueAmount: 39_333, daysPastDue: 5, interestOutstanding: 6_000 });
  });

  it('runs a line of credit: draws within the limit, statements issued once', async () => {
    const id = await openLine(tdb, tenant, { type: 'line_of_credit', displayId: `LOC-${Date.now()}`, productName: 'Personal line', creditLimit: 500_000, annualRate: '18', openDate: '2026-01-05', statementDay: 25, paymentDueDays: 21, minimumPercent: '2', minimumFloor: 2_500, lateFee: 2_900, holders: [{ customerId, role: 'Primary' }] }, now);
    await postLineTransaction(tdb, tenant, { accountId: id, kind: 'draw', date: '2026-01-10', amount: 120_000, description: 'Draw' }, now);
    await expect(postLineTransaction(tdb, tenant, { accountId: id, kind: 'draw', date: '2026-01-11', amount: 400_000, description: 'Too much' }, now)).rejects.toThrow(/credit available/);
    await postLineTransaction(tdb, tenant, { accountId: id, kind: 'payment', date: '2026-02-10', amount: 20_000, description: 'Payment' }, now);
    expect(await issueStatements(tdb, id, '2026-03-01', now)).toBe(2);
    expect(await issueStatements(tdb, id, '2026-03-01', now)).toBe(0);
    const stored = await tdb.ledger.statements(id);
    const { statements, balance } = await lineSummary(tdb, id, '2026-03-01');
    expect(stored.map((s) => s.closingBalance)).toEqual(statements.map((s) => s.closingBalance));
    expect(stored[0]).toMatchObject({ periodStart: '2026-01-05', periodEnd: '2026-01-25', openingBalance: 0, purchases: 120_000 });
    expect(balance.availableCredit).toBe(500_000 - balance.balance);
  });

  it('issues cards only on card accounts, keeping just the vault token and last four', async () => {
    const line = await openLine(tdb, tenant, { type: 'credit_card', displayId: `CC-${Date.now()}`, productName: 'Visa Classic', creditLimit: 300_000, annualRate: '21.99', openDate: '2026-01-05', statementDay: 20, paymentDueDays: 25, minimumPercent: '1', minimumFloor: 3_500, lateFee: 3_000, holders: [{ customerId, role: 'Primary' }] }, now);
    const cardId = await issueCard(tdb, { accountId: line, vaultToken: 'tok_test_4242', last4: '4242', expiryMonth: 11, expiryYear: 2030, nameOnCard: 'PAT ALPHA', status: 'Pending Activation' }, now);
    expect(await tdb.cards.find(cardId)).toMatchObject({ last4: '4242', status: 'Pending Activation', vaultToken: 'tok_test_4242' });
    await expect(issueCard(tdb, { accountId: line, vaultToken: 't', last4: '42', expiryMonth: 1, expiryYear: 2030, nameOnCard: 'X' }, now)).rejects.toThrow(/four digits/);
  });

  it("cannot reach another tenant's accounts", async () => {
    const id = await openLoan(tdb, tenant, mortgage(), now);
    const bravo = forTenant(env.db, env.fixtures.bravo.id);
    const bravoTenant = (await tenantsRepo(env.db).findById(env.fixtures.bravo.id))!;
    expect(await bravo.accounts.find(id)).toBeUndefined();
    expect(await bravo.accounts.schedule(id)).toEqual([]);
    expect(await bravo.ledger.entries(id)).toEqual([]);
    await expect(loanSummary(bravo, id, '2026-03-01')).rejects.toMatchObject({ code: 'not_found' });
    await expect(postLoanPayment(bravo, bravoTenant, { accountId: id, date: '2026-02-01', amount: 100 }, now)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stores every money column as an integer: no float reaches the database', async () => {
    const money: Record<string, string[]> = {
      loan_terms: ['principal', 'payment', 'residual_value'], line_terms: ['credit_limit', 'minimum_floor', 'late_fee'],
      schedule_rows: ['payment', 'principal', 'interest', 'balance'], ledger_entries: ['amount', 'principal', 'interest', 'fees'],
      statements: ['opening_balance', 'purchases', 'payments', 'credits', 'fees', 'interest', 'closing_balance', 'minimum_payment', 'past_due', 'credit_limit', 'available_credit'],
      collateral: ['value'], cards: ['expiry_month'],
    };
    for (const [table, columns] of Object.entries(money)) {
      const info = await env.db.$client.execute(`pragma table_info(${table})`);
      for (const column of columns) {
        expect(String(info.rows.find((r) => r.name === column)?.type).toLowerCase(), `${table}.${column}`).toBe('integer');
        const bad = await env.db.$client.execute(`select count(*) as n from ${table} where typeof(${column}) not in ('integer', 'null')`);
        expect(Number(bad.rows[0]!.n), `${table}.${column}`).toBe(0);
      }
    }
  });
});

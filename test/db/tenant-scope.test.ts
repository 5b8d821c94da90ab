import { describe, expect, it } from 'vitest';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant } from '../../src/db/tenant';
import { addInsurancePolicy, addVehicle } from '../../src/services/collateral';
import { issueCard, issueStatements, openLine, openLoan, postLineTransaction, postLoanPayment, reverseLoanPayment } from '../../src/services/servicing';
import { useSeededDb } from '../support/node-host';

/** Every repository behind forTenant() filters reads and stamps writes with its tenant. */
describe('forTenant repositories', () => {
  const env = useSeededDb('all');

  it("cannot read another tenant's rows by id, email or listing", async () => {
    const alpha = forTenant(env.db, env.fixtures.alpha.id);
    const bravo = forTenant(env.db, env.fixtures.bravo.id);
    const [bravoCustomer] = await bravo.customers.list({ limit: 10 });
    const bravoAgent = await bravo.agents.findByEmail('owner@bravo.example');
    expect(bravoCustomer && bravoAgent).toBeTruthy();
    expect(await alpha.customers.find(bravoCustomer!.id)).toBeUndefined();
    expect(await alpha.agents.find(bravoAgent!.id)).toBeUndefined();
    expect(await alpha.agents.findByEmail('owner@bravo.example')).toBeUndefined();
    expect(await alpha.emails.find(env.fixtures.bravo.emailId)).toBeUndefined();
    expect(await alpha.emails.findByMessageId('seed-bravo')).toBeUndefined();
    expect((await alpha.customers.list({ limit: 100 })).every((c) => c.tenantId === env.fixtures.alpha.id)).toBe(true);
    expect((await alpha.emails.recent(100)).every((e) => e.tenantId === env.fixtures.alpha.id)).toBe(true);
    expect(await alpha.customers.count()).toBe(1);
  });

  it('stamps its own tenant on writes, and audit history is per tenant', async () => {
    const alpha = forTenant(env.db, env.fixtures.alpha.id);
    const bravo = forTenant(env.db, env.fixtures.bravo.id);
    const now = new Date('2026-11-22T12:00:00Z');
    const created = await alpha.customers.create({ firstName: 'Lee', lastName: 'Ng', email: 'LEE@Example.com' }, now);
    expect(created).toMatchObject({ tenantId: env.fixtures.alpha.id, email: 'lee@example.com', webUsername: 'lee@example.com' });
    await alpha.audit.record({ actorType: 'agent', actorId: 'a1', action: 'customer.updated', entityType: 'customer', entityId: created.id, before: { lastName: 'ng' }, after: { lastName: 'Ng' } }, now);
    expect(await alpha.audit.history('customer', created.id)).toEqual([
      expect.objectContaining({ tenantId: env.fixtures.alpha.id, action: 'customer.updated', before: { lastName: 'ng' }, after: { lastName: 'Ng' } }),
    ]);
    expect(await bravo.audit.history('customer', created.id)).toEqual([]);
  });

  it('keeps accounts, terms, schedules, ledgers, statements, collateral, insurance, cards and links per tenant', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const open = async (tenantId: string) => {
      const tenant = (await tenantsRepo(env.db).findById(tenantId))!;
      const tdb = forTenant(env.db, tenantId);
      const [customer] = await tdb.customers.list({ limit: 1 });
      const holders = [{ customerId: customer!.id, role: 'Primary' as const }];
      const loan = await openLoan(tdb, tenant, { displayId: 'SAME-1', productName: 'Loan', principal: 500_000, annualRate: '9', frequency: 'monthly', termPayments: 12, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders }, now);
      const payment = await postLoanPayment(tdb, tenant, { accountId: loan, date: '2026-02-01', amount: 10_000 }, now);
      const vehicle = await addVehicle(tdb, loan, { vin: '1HGCM82633A004352', year: 2003, make: 'Honda', model: 'Accord' }, now);
      await addInsurancePolicy(tdb, loan, vehicle, { carrier: 'Carrier', policyNumber: 'P-1', coverageStart: '2026-01-01', coverageEnd: '2027-01-01' }, now);
      const line = await openLine(tdb, tenant, { type: 'credit_card', displayId: 'SAME-2', productName: 'Card', creditLimit: 100_000, annualRate: '20', openDate: '2026-01-02', statementDay: 20, paymentDueDays: 20, minimumPercent: '1', minimumFloor: 2_500, lateFee: 2_500, holders }, now);
      await postLineTransaction(tdb, tenant, { accountId: line, kind: 'draw', date: '2026-01-05', amount: 5_000, description: 'Draw' }, now);
      await issueStatements(tdb, line, '2026-03-01', now);
      const card = await issueCard(tdb, { accountId: line, vaultToken: `tok-${tenantId}`, last4: '1111', expiryMonth: 1, expiryYear: 2030, nameOnCard: 'X' }, now);
      const [statement] = await tdb.ledger.statements(line);
      return { customerId: customer!.id, loan, line, payment: payment.id, card, statement: statement!.id };
    };
    // The same account numbers at two lenders: display ids are unique per tenant only.
    const a = await open(env.fixtures.alpha.id);
    const b = await open(env.fixtures.bravo.id);
    const alpha = forTenant(env.db, env.fixtures.alpha.id);
    expect(await alpha.accounts.find(b.loan)).toBeUndefined();
    expect((await alpha.accounts.findByDisplayId('SAME-1'))?.id).toBe(a.loan);
    expect(await alpha.accounts.loanTerms(b.loan)).toBeUndefined();
    expect(await alpha.accounts.lineTerms(b.line)).toBeUndefined();
    expect(await alpha.accounts.schedule(b.loan)).toEqual([]);
    expect(await alpha.accounts.links(b.loan)).toEqual([]);
    expect(await alpha.accounts.forCustomer(b.customerId)).toEqual([]);
    expect(await alpha.ledger.entries(b.loan)).toEqual([]);
    expect(await alpha.ledger.find(b.payment)).toBeUndefined();
    expect(await alpha.ledger.statements(b.line)).toEqual([]);
    expect(await alpha.ledger.findStatement(b.statement)).toBeUndefined();
    expect(await alpha.collateral.forAccount(b.loan)).toEqual([]);
    expect(await alpha.cards.forAccount(b.line)).toEqual([]);
    expect(await alpha.cards.find(b.card)).toBeUndefined();
    // Writes through alpha cannot land on bravo's rows.
    await alpha.cards.setStatus(b.card, 'Cancelled', null, now);
    expect((await forTenant(env.db, env.fixtures.bravo.id).cards.find(b.card))?.status).toBe('Pending Emboss');
    await expect(reverseLoanPayment(alpha, (await tenantsRepo(env.db).findById(env.fixtures.alpha.id))!, { paymentId: b.payment, date: '2026-02-02', reason: 'x' }, now)).rejects.toMatchObject({ code: 'not_found' });
    // And the database itself refuses a child row pointing at another tenant's account.
    await expect(
      env.db.$client.execute({ sql: "insert into schedule_rows (tenant_id, account_id, number, due_date, payment, principal, interest, balance) values (?, ?, 99, '2026-01-01', 1, 1, 0, 0)", args: [env.fixtures.alpha.id, b.loan] }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('lets two lenders have a borrower with the same email', async () => {
    const now = new Date();
    await forTenant(env.db, env.fixtures.alpha.id).customers.create({ firstName: 'Sam', lastName: 'Both', email: 'sam@example.com' }, now);
    await expect(forTenant(env.db, env.fixtures.bravo.id).customers.create({ firstName: 'Sam', lastName: 'Both', email: 'sam@example.com' }, now)).resolves.toMatchObject({ tenantId: env.fixtures.bravo.id });
  });
});

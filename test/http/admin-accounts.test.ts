import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { buildSchedule, paymentAmount } from '../../src/domain/loans/amortization';
import { formatCents } from '../../src/domain/money';
import { parsePercent } from '../../src/domain/rates';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { lineFigures, lineSummary, loanSummary } from '../../src/services/servicing';
import { formatDay } from '../../src/lib/format';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

const TODAY = '2026-11-22';

describe('staff accounts: open, schedule, ledger, payments', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let agent: string;
  let manager: string;
  let viewer: string;
  beforeAll(async () => {
    ({ host, demo } = env);
    [agent, manager, viewer] = [await env.staffSession('agent'), await env.staffSession('manager'), await env.staffSession('read_only')];
  });

  const audits = (action: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, action)));
  const loan = (over: Record<string, string> = {}) => ({
    type: 'installment', productName: 'Boat Loan — 48 months', displayId: 'BL-700001', status: 'Active', startDate: TODAY,
    principal: '12,500.00', annualRate: '7.25', termPayments: '48', frequency: 'monthly', dayCount: 'periodic', firstDueDate: '2026-12-22', payment: '',
    customer1: demo.borrower.id, role1: 'Primary', customer2: '', role2: 'Secondary', ...over,
  });
  const payoffToday = async (displayId: string) => (await loanSummary(tdb(), (await tdb().accounts.findByDisplayId(displayId))!, TODAY)).payoff;

  it('opens a loan with a linked customer: its schedule follows the amortization, and it is audited on the account and the customer', async () => {
    // The picker: a search by name as a fragment, and a "Link" that puts the customer in the first slot keeping what was typed.
    const fragment = await client()('/admin/accounts/new/customers?q=rivera', { cookie: agent, headers: { 'hx-request': 'true', 'hx-target': 'pick-results' } });
    const picks = await fragment.text();
    expect(picks).not.toContain('<html');
    expect(picks).toContain(`name="pick" value="${demo.borrower.id}"`);
    const picked = await (await client()(`/admin/accounts/new?q=rivera&productName=Boat+Loan&principal=12500&pick=${encodeURIComponent(demo.borrower.id)}`, { cookie: agent })).text();
    expect(picked).toMatch(new RegExp(`name="customer1"[^>]*value="${demo.borrower.id}"`));
    expect(picked).toContain('value="Boat Loan"');
    expect(picked).toContain('value="12500"');
    expect(picked).toContain('Jordan Rivera');

    const res = await client()('/admin/accounts/new', { cookie: agent, form: loan() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/accounts/BL-700001?saved=opened');
    const account = (await tdb().accounts.findByDisplayId('BL-700001'))!;
    expect(account).toMatchObject({ type: 'installment', status: 'Active', productName: 'Boat Loan — 48 months', openedOn: TODAY });
    expect(await tdb().accounts.links(account.id)).toMatchObject([{ customerId: demo.borrower.id, role: 'Primary', webAccess: true }]);
    const terms = (await tdb().accounts.loanTerms(account.id))!;
    expect(terms).toMatchObject({ principal: 1_250_000, annualRate: '7.25', termPayments: 48 });

    // The schedule: 48 rows, the level payment of the domain's amortization.
    const level = paymentAmount(1_250_000, parsePercent('7.25')!, 'monthly', 48);
    const expected = buildSchedule({ principal: 1_250_000, annualRate: parsePercent('7.25')!, frequency: 'monthly', termPayments: 48, startDate: TODAY, firstDueDate: '2026-12-22', dayCount: 'periodic' });
    expect(terms.payment).toBe(level);
    expect(expected[0]!.payment).toBe(level);
    const schedule = await (await client()('/admin/accounts/BL-700001?tab=schedule', { cookie: agent })).text();
    expect(schedule.match(/class="schedule-row"/g)).toHaveLength(48);
    // The schedule is drawn as well as listed, and the summary shows how much principal is paid.
    expect(schedule).toContain('aria-label="Principal balance falling and cumulative principal and interest paid, by payment date"');
    expect(await (await client()('/admin/accounts/BL-700001', { cookie: agent })).text()).toMatch(/role="img" aria-label="Paid \$0\.00 of \$[\d,]+\.\d\d principal"/);
    expect(schedule).toContain('Amortization schedule: 48 payments');
    expect(schedule).toContain(formatCents(level));
    expect(schedule).toContain(formatCents(expected[47]!.payment));

    const summary = await (await client()('/admin/accounts/BL-700001?saved=opened', { cookie: agent })).text();
    expect(summary).toContain('BL-700001 is open.');
    expect(summary).toContain(`href="/admin/customers/${demo.borrower.id}"`);
    expect(summary).toContain('$12,500.00');
    expect(summary).toContain('Days past due (DPD)');

    const [created] = await audits('account.created');
    expect(created).toMatchObject({ entityType: 'account', entityId: account.id, actorId: expect.any(String), after: { displayId: 'BL-700001', type: 'installment', principal: '$12,500.00', annualRate: '7.25%', termPayments: 48 } });
    const linked = (await audits('link.added')).filter((r) => r.after?.account === 'BL-700001');
    expect(linked).toMatchObject([{ entityType: 'customer', entityId: demo.borrower.id, after: { account: 'BL-700001', role: 'Primary' } }]);
    // The customer's links history shows it, and the customer's page lists the account.
    const history = (await (await client()(`/admin/customers/${demo.borrower.id}/history.json?tab=links`, { cookie: agent })).json()) as { history: { action: string }[] };
    expect(history.history.some((h) => h.action === 'link.added')).toBe(true);
    expect(await (await client()(`/admin/customers/${demo.borrower.id}`, { cookie: agent })).text()).toContain('BL-700001');

    // The list finds it by number and by the customer's name.
    expect(await (await client()('/admin/accounts?q=bl-7000', { cookie: agent })).text()).toContain('href="/admin/accounts/BL-700001"');
    const byName = await (await client()('/admin/accounts?q=rivera', { cookie: agent })).text();
    expect(byName).toContain('href="/admin/accounts/BL-700001"');
    expect(byName).toContain('href="/admin/accounts/AL-204817"');
    expect(await (await client()('/admin/accounts?q=nobody-like-this', { cookie: agent })).text()).toContain('No account matches');
  });

  it('opens a line of credit and a lease with a generated account number and two customers', async () => {
    const co = await tdb().customers.create({ firstName: 'Casey', lastName: 'Morgan', email: `casey-${newId()}@example.com` }, clock.now());
    const line = await client()('/admin/accounts/new', {
      cookie: agent,
      form: { type: 'line_of_credit', productName: 'Business Line', displayId: '', status: 'Active', startDate: TODAY, creditLimit: '7,500', lineRate: '15.5', statementDay: '25', paymentDueDays: '21', minimumPercent: '2', minimumFloor: '25.00', lateFee: '29.00', customer1: co.id, role1: 'Primary', customer2: demo.borrower.id, role2: 'Secondary' },
    });
    expect(line.status).toBe(303);
    const lineId = /^\/admin\/accounts\/(LC-\d{6})\?saved=opened$/.exec(line.headers.get('location') ?? '')?.[1];
    expect(lineId).toBeDefined();
    const lineAccount = (await tdb().accounts.findByDisplayId(lineId!))!;
    expect(await tdb().accounts.lineTerms(lineAccount.id)).toMatchObject({ creditLimit: 750_000, annualRate: '15.5', statementDay: 25, minimumFloor: 2_500, lateFee: 2_900 });
    expect(Object.fromEntries((await tdb().accounts.links(lineAccount.id)).map((l) => [l.customerId, l.role]))).toEqual({ [co.id]: 'Primary', [demo.borrower.id]: 'Secondary' });
    expect((await audits('link.added')).filter((r) => r.after?.account === lineId).map((r) => r.entityId).sort()).toEqual([co.id, demo.borrower.id].sort());

    const lease = await client()('/admin/accounts/new', {
      cookie: agent,
      form: { type: 'lease', productName: 'Vehicle Lease — 24 months', status: 'Active', startDate: TODAY, capitalizedCost: '30,000', residualValue: '18,000', moneyFactor: '0.00125', leaseTerm: '24', leaseFirstDueDate: '2026-12-22', customer1: co.id, role1: 'Primary' },
    });
    expect(lease.status).toBe(303);
    const leaseId = /^\/admin\/accounts\/(LS-\d{6})/.exec(lease.headers.get('location') ?? '')?.[1];
    const schedule = await (await client()(`/admin/accounts/${leaseId}?tab=schedule`, { cookie: agent })).text();
    expect(schedule.match(/class="schedule-row"/g)).toHaveLength(24);
    // (30,000 − 18,000) / 24 = 500.00 depreciation, (30,000 + 18,000) × 0.00125 = 60.00 rent charge.
    expect(schedule).toContain('$560.00');
  });

  it('refuses bad input with 422, a message by each field and every value kept; nothing is opened', async () => {
    const before = (await tdb().accounts.recent(1000)).length;
    const bad = await client()('/admin/accounts/new', { cookie: agent, form: loan({ displayId: 'BL-700002', productName: '', principal: 'lots', annualRate: '150', termPayments: '0', firstDueDate: '2026-11-01', customer1: 'no-such-customer' }) });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Enter the product name');
    expect(html).toContain('Enter the amount financed in dollars');
    expect(html).toContain('Enter the interest rate as a percent from 0 to 100');
    expect(html).toContain('Enter the number of payments, from 1 to 600.');
    expect(html).toContain('The first payment must fall due after the start date.');
    expect(html).toContain('There is no customer with this id');
    expect(html).toContain('value="lots"');
    expect(html).toContain('value="150"');
    expect(html).toContain('value="no-such-customer"');
    expect(html).toContain('aria-describedby="f-principal-error"');

    const noPrimary = await client()('/admin/accounts/new', { cookie: agent, form: loan({ displayId: 'BL-700003', role1: 'Secondary' }) });
    expect(noPrimary.status).toBe(422);
    expect(await noPrimary.text()).toContain('Exactly one linked customer must be Primary.');
    const nobody = await client()('/admin/accounts/new', { cookie: agent, form: loan({ displayId: 'BL-700004', customer1: '' }) });
    expect(nobody.status).toBe(422);
    expect(await nobody.text()).toContain('Link at least one customer');
    const taken = await client()('/admin/accounts/new', { cookie: agent, form: loan({ displayId: 'al-204817' }) });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Account number AL-204817 is already in use.');
    const badType = await client()('/admin/accounts/new', { cookie: agent, form: loan({ type: 'mortgage', status: 'Nonsense' }) });
    expect(badType.status).toBe(422);
    const badTypeHtml = await badType.text();
    expect(badTypeHtml).toContain('Choose the kind of account.');
    expect(badTypeHtml).toContain('Choose one of the account statuses.');
    expect((await tdb().accounts.recent(1000)).length).toBe(before);
  });

  it('lets read-only staff look at everything and change nothing', async () => {
    for (const tab of ['', '?tab=payments', '?tab=schedule', '?tab=ledger']) {
      const res = await client()(`/admin/accounts/PL-118342${tab}`, { cookie: viewer });
      expect(res.status, tab).toBe(200);
      const html = await res.text();
      expect(html, tab).not.toContain('method="post" action="/admin/accounts');
      expect(html, tab).not.toContain('Reverse this payment');
    }
    expect(await (await client()('/admin/accounts/PL-118342?tab=ledger', { cookie: viewer })).text()).toContain('Late fee');
    const list = await (await client()('/admin/accounts', { cookie: viewer })).text();
    expect(list).toContain('href="/admin/accounts/AL-204817"');
    expect(list).not.toContain('Open a new account');
    expect((await client()('/admin/accounts/new', { cookie: viewer })).status).toBe(403);
    expect((await client()('/admin/accounts/new/customers?q=rivera', { cookie: viewer })).status).toBe(403);
    const ledgerBefore = (await tdb().ledger.entries((await tdb().accounts.findByDisplayId('PL-118342'))!.id)).length;
    const payment = (await tdb().ledger.entries((await tdb().accounts.findByDisplayId('PL-118342'))!.id)).find((e) => e.kind === 'payment')!;
    expect((await client()('/admin/accounts/new', { cookie: viewer, form: loan({ displayId: 'BL-700009' }) })).status).toBe(403);
    expect((await client()('/admin/accounts/PL-118342/payments/log', { cookie: viewer, form: { amount: '10.00', date: TODAY, method: 'Cash' } })).status).toBe(403);
    expect((await client()('/admin/accounts/PL-118342/payments/process', { cookie: viewer, form: { amount: '10.00', method: 'x', key: newId() } })).status).toBe(403);
    expect((await client()(`/admin/accounts/PL-118342/payments/${payment.id}/reverse`, { cookie: viewer, form: { reason: 'NSF' } })).status).toBe(403);
    expect(await tdb().accounts.findByDisplayId('BL-700009')).toBeUndefined();
    expect((await tdb().ledger.entries((await tdb().accounts.findByDisplayId('PL-118342'))!.id)).length).toBe(ledgerBefore);
  });

  it('lets an agent log a payment received (not in the future, not above the payoff) but not reverse one', async () => {
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    const payments = await (await client()('/admin/accounts/PL-118342?tab=payments', { cookie: agent })).text();
    expect(payments).toContain('action="/admin/accounts/PL-118342/payments/log"');
    const future = await client()('/admin/accounts/PL-118342/payments/log', { cookie: agent, form: { amount: '120.00', date: '2026-11-23', method: 'Check', reference: 'CHK 1042', note: '' } });
    expect(future.status).toBe(422);
    const futureHtml = await future.text();
    expect(futureHtml).toContain('A payment received cannot be dated in the future.');
    expect(futureHtml).toContain('value="CHK 1042"');
    expect(futureHtml).toContain('value="120.00"');
    const payoff = await payoffToday('PL-118342');
    const tooMuch = await client()('/admin/accounts/PL-118342/payments/log', { cookie: agent, form: { amount: ((payoff + 1) / 100).toFixed(2), date: TODAY, method: 'Check' } });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.text()).toContain(`That is more than PL-118342 owed on ${formatDay(TODAY)} (${formatCents(payoff)}).`);
    const zero = await client()('/admin/accounts/PL-118342/payments/log', { cookie: agent, form: { amount: '0', date: TODAY, method: 'Check' } });
    expect(zero.status).toBe(422);
    expect(await zero.text()).toContain('Enter the amount in dollars');

    const res = await client()('/admin/accounts/PL-118342/payments/log', { cookie: agent, form: { amount: '120.00', date: TODAY, method: 'Check', reference: 'CHK 1042', note: 'Mailed in' } });
    expect(res.status).toBe(303);
    const entry = (await tdb().ledger.entries(account.id)).find((e) => e.reference === 'CHK 1042')!;
    expect(entry).toMatchObject({ kind: 'payment', amount: 12_000, effectiveDate: TODAY, description: 'Check payment — Mailed in' });
    expect(entry.principal + entry.interest + entry.fees).toBe(12_000);
    expect((await tdb().agents.find(entry.postedBy ?? ''))?.role).toBe('agent');
    expect(await payoffToday('PL-118342')).toBe(payoff - 12_000);
    const [logged] = (await audits('payment.logged')).filter((r) => r.entityId === account.id);
    expect(logged).toMatchObject({ entityType: 'account', actorType: 'agent', after: { ledgerId: entry.id, amount: '$120.00', date: TODAY, method: 'Check', reference: 'CHK 1042' } });
    expect(logged!.actorId).toBe(entry.postedBy);

    const ledger = await (await client()('/admin/accounts/PL-118342?tab=ledger&saved=logged', { cookie: agent })).text();
    expect(ledger).toContain('The payment is posted to the ledger.');
    expect(ledger).toContain('CHK 1042');
    expect(ledger).not.toContain('Reverse this payment');
    const refused = await client()(`/admin/accounts/PL-118342/payments/${entry.id}/reverse`, { cookie: agent, form: { reason: 'NSF' } });
    expect(refused.status).toBe(403);
    expect((await tdb().ledger.entries(account.id)).some((e) => e.reversesId === entry.id)).toBe(false);
  });

  it('lets a manager reverse a payment with a reason: the balance returns, a second reversal is refused', async () => {
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const before = await payoffToday('AL-204817');
    expect((await client()('/admin/accounts/AL-204817/payments/log', { cookie: manager, form: { amount: '300.00', date: TODAY, method: 'Money order', reference: 'MO-55' } })).status).toBe(303);
    expect(await payoffToday('AL-204817')).toBe(before - 30_000);
    const entry = (await tdb().ledger.entries(account.id)).find((e) => e.reference === 'MO-55')!;

    const page = await (await client()('/admin/accounts/AL-204817?tab=ledger', { cookie: manager })).text();
    expect(page).toContain(`action="/admin/accounts/AL-204817/payments/${entry.id}/reverse"`);
    const noReason = await client()(`/admin/accounts/AL-204817/payments/${entry.id}/reverse`, { cookie: manager, form: { reason: '', details: 'kept text' } });
    expect(noReason.status).toBe(422);
    const noReasonHtml = await noReason.text();
    expect(noReasonHtml).toContain('Choose the reason for the reversal.');
    expect(noReasonHtml).toContain('value="kept text"');
    const other = await client()(`/admin/accounts/AL-204817/payments/${entry.id}/reverse`, { cookie: manager, form: { reason: 'Other', details: '' } });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('Say why, when the reason is Other.');

    const res = await client()(`/admin/accounts/AL-204817/payments/${entry.id}/reverse`, { cookie: manager, form: { reason: 'NSF', details: 'Bank returned the money order' } });
    expect(res.status).toBe(303);
    const reversal = (await tdb().ledger.entries(account.id)).find((e) => e.reversesId === entry.id)!;
    expect(reversal).toMatchObject({ kind: 'reversal', amount: -30_000, description: 'Reversal: NSF: Bank returned the money order', effectiveDate: TODAY });
    expect([reversal.principal + entry.principal, reversal.interest + entry.interest, reversal.fees + entry.fees]).toEqual([0, 0, 0]);
    expect(await payoffToday('AL-204817')).toBe(before);
    const ledger = await (await client()('/admin/accounts/AL-204817?tab=ledger', { cookie: manager })).text();
    expect(ledger).toContain(`Reversed ${'Nov 22, 2026'}`);
    expect(ledger).not.toContain(`action="/admin/accounts/AL-204817/payments/${entry.id}/reverse"`);

    const again = await client()(`/admin/accounts/AL-204817/payments/${entry.id}/reverse`, { cookie: manager, form: { reason: 'NSF' } });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This payment has already been reversed.');
    expect((await tdb().ledger.entries(account.id)).filter((e) => e.reversesId === entry.id)).toHaveLength(1);
    // Only payments are reversed here: a reversal row, or a payment of another account, is not found.
    expect((await client()(`/admin/accounts/AL-204817/payments/${reversal.id}/reverse`, { cookie: manager, form: { reason: 'NSF' } })).status).toBe(404);
    const other1 = (await tdb().ledger.entries((await tdb().accounts.findByDisplayId('LS-330415'))!.id)).find((e) => e.kind === 'payment')!;
    expect((await client()(`/admin/accounts/AL-204817/payments/${other1.id}/reverse`, { cookie: manager, form: { reason: 'NSF' } })).status).toBe(404);

    const [row] = (await audits('payment.reversed')).filter((r) => r.entityId === account.id);
    expect(row).toMatchObject({ entityType: 'account', actorType: 'agent', before: { ledgerId: entry.id, amount: '$300.00' }, after: { reversalId: reversal.id, amount: '$300.00', reason: 'NSF: Bank returned the money order' } });
  });

  it('logs and reverses a payment on a line of credit: the balance falls and comes back', async () => {
    const account = (await tdb().accounts.findByDisplayId('LC-550921'))!;
    const balance = async () => (await lineSummary(tdb(), account, TODAY)).balance.balance;
    const before = await balance();
    expect(before).toBeGreaterThan(0);
    // The most it owed that day is its payoff, the interest accrued so far included (as the borrower's pay form says).
    const payoff = (await lineFigures(tdb(), account, TODAY)).payoff;
    expect(payoff).toBeGreaterThan(before);
    const tooMuch = await client()('/admin/accounts/LC-550921/payments/log', { cookie: agent, form: { amount: ((payoff + 1) / 100).toFixed(2), date: TODAY, method: 'Wire' } });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.text()).toContain(`That is more than LC-550921 owed on ${formatDay(TODAY)} (${formatCents(payoff)}).`);
    expect((await client()('/admin/accounts/LC-550921/payments/log', { cookie: agent, form: { amount: '20.00', date: TODAY, method: 'Wire', reference: 'WIRE-9' } })).status).toBe(303);
    expect(await balance()).toBe(before - 2_000);
    const entry = (await tdb().ledger.entries(account.id)).find((e) => e.reference === 'WIRE-9')!;
    expect(entry).toMatchObject({ kind: 'payment', amount: 2_000, description: 'Wire payment' });
    expect((await client()(`/admin/accounts/LC-550921/payments/${entry.id}/reverse`, { cookie: manager, form: { reason: 'Posted in error' } })).status).toBe(303);
    expect(await balance()).toBe(before);
    const statements = await (await client()('/admin/accounts/LC-550921?tab=schedule', { cookie: agent })).text();
    expect(statements).toContain('Statements, newest first');
  });

  it('processes a payment with the borrower’s saved card through the payment service: queued, charged, posted, once', async () => {
    const jordan = await env.signInBorrower();
    const methodId = await env.addSandboxCard(jordan, '4242424242424242');
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const page = await (await client()('/admin/accounts/AL-204817?tab=payments', { cookie: agent })).text();
    expect(page).toContain(`<option value="${methodId}"`);
    const key = /name="key" value="([^"]+)"/.exec(page)![1]!;

    const bad = await client()('/admin/accounts/AL-204817/payments/process', { cookie: agent, form: { key, method: methodId, amount: 'abc' } });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Enter the amount in dollars');
    expect(badHtml).toContain('value="abc"');
    expect(badHtml).toContain(`name="key" value="${key}"`);
    const notTheirs = await client()('/admin/accounts/AL-204817/payments/process', { cookie: agent, form: { key, method: 'someone-else', amount: '50.00' } });
    expect(notTheirs.status).toBe(422);
    expect(await notTheirs.text()).toContain('Choose one of the customer’s saved payment methods.');

    const res = await client()('/admin/accounts/AL-204817/payments/process', { cookie: agent, form: { key, method: methodId, amount: '50.00' } });
    expect(res.status).toBe(303);
    const reference = /saved=(P-[0-9A-Z]{8})/.exec(res.headers.get('location') ?? '')![1]!;
    const payment = (await tdb().payments.findByReference(reference))!;
    expect(payment).toMatchObject({ customerId: demo.borrower.id, accountId: account.id, amount: 5_000, status: 'pending', source: 'one_time', scheduledFor: TODAY });
    // The same form sent again is the same payment.
    const replay = await client()('/admin/accounts/AL-204817/payments/process', { cookie: agent, form: { key, method: methodId, amount: '50.00' } });
    expect(replay.headers.get('location')).toContain(reference);
    expect((await tdb().payments.history(demo.borrower.id, [account.id], {})).filter((p) => p.idempotencyKey.startsWith(`${key}:`))).toHaveLength(1);
    expect(await (await client()(`/admin/accounts/AL-204817?tab=payments&saved=${reference}`, { cookie: agent })).text()).toContain('status-pending">Pending');
    const panel = await client()('/admin/accounts/AL-204817/payments', { cookie: agent, headers: { 'hx-request': 'true', 'hx-target': 'account-payments' } });
    const panelHtml = await panel.text();
    expect(panelHtml).not.toContain('<html');
    expect(panelHtml).toContain('hx-trigger="every 2s"');

    await env.deliver();
    const done = (await tdb().payments.findByReference(reference))!;
    expect(done.status).toBe('completed');
    const posted = (await tdb().ledger.findByPayment(payment.id))!;
    expect(posted).toMatchObject({ amount: 5_000, reference });
    const after = await (await client()('/admin/accounts/AL-204817?tab=payments', { cookie: agent })).text();
    expect(after).toContain('Completed');
    const [submitted] = (await audits('payment.submitted')).filter((r) => (r.after?.references as string[] | undefined)?.includes(reference));
    expect(submitted).toMatchObject({ actorType: 'agent', entityType: 'payment', after: { accounts: ['AL-204817'], amounts: ['$50.00'], method: 'Visa •••• 4242' } });
    // The receipt went to the borrower, as for their own payments.
    expect((await tdb().emails.forCustomer(demo.borrower.id)).some((e) => e.subject === 'Payment received: $50.00' && e.text.includes(reference))).toBe(true);

    // Reversing it marks the payment reversed too, and refunds the card (once, keyed by the payment).
    expect((await client()(`/admin/accounts/AL-204817/payments/${posted.id}/reverse`, { cookie: manager, form: { reason: 'Customer dispute' } })).status).toBe(303);
    const reversed = (await tdb().payments.findByReference(reference))!;
    expect(reversed.status).toBe('reversed');
    const [reversal] = (await audits('payment.reversed')).filter((r) => r.entityId === account.id && r.before?.reference === reference);
    expect(reversal!.after?.refundId).toMatch(/^re_sbx_/);
    const again = await host.deps.processor.refund({ idempotencyKey: `refund-${reversed.id}`, processorPaymentId: reversed.processorPaymentId!, amount: reversed.amount + reversed.fee });
    expect(again.refundId).toBe(reversal!.after?.refundId);
  });

  it('will not reverse a bank debit still waiting for its ACH file: it would be collected anyway', async () => {
    const jordan = await env.signInBorrower();
    await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '081000032', account: '5566778899', confirmAccount: '5566778899', accountType: 'checking' } });
    const bank = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === '8899')!;
    const page = await (await client()('/admin/accounts/PL-118342?tab=payments', { cookie: agent })).text();
    const key = /name="key" value="([^"]+)"/.exec(page)![1]!;
    const res = await client()('/admin/accounts/PL-118342/payments/process', { cookie: agent, form: { key, method: bank.id, amount: '40.00', authorization: 'phone' } });
    expect(res.status).toBe(303);
    await env.deliver();
    const reference = /saved=(P-[0-9A-Z]{8})/.exec(res.headers.get('location') ?? '')![1]!;
    const payment = (await tdb().payments.findByReference(reference))!;
    const posted = (await tdb().ledger.findByPayment(payment.id))!;
    expect(posted).toBeDefined();
    const refused = await client()(`/admin/accounts/PL-118342/payments/${posted.id}/reverse`, { cookie: manager, form: { reason: 'Posted in error' } });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(`${reference} is a bank payment still to be collected in the ACH file for ${formatDay(TODAY)}`);
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    expect((await tdb().ledger.entries(account.id)).some((e) => e.reversesId === posted.id)).toBe(false);
    expect((await tdb().payments.find(payment.id))!.status).toBe('processing');
  });

  it('answers 404 to another tenant’s staff on every route with this tenant’s accounts', async () => {
    const alpha = tenantClient(host.app, 'alpha');
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Manager', role: 'manager' }, clock.now());
    const session = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const payment = (await tdb().ledger.entries(account.id)).find((e) => e.kind === 'payment')!;
    for (const id of ['AL-204817', 'PL-118342', 'LC-550921', 'LS-330415']) {
      for (const tab of ['', '?tab=payments', '?tab=schedule', '?tab=ledger']) expect((await alpha(`/admin/accounts/${id}${tab}`, { cookie: session })).status, `${id}${tab}`).toBe(404);
      expect((await alpha(`/admin/accounts/${id}/payments`, { cookie: session, headers: { 'hx-request': 'true', 'hx-target': 'account-payments' } })).status).toBe(404);
      expect((await alpha(`/admin/accounts/${id}/payments/log`, { cookie: session, form: { amount: '10.00', date: TODAY, method: 'Cash' } })).status).toBe(404);
      expect((await alpha(`/admin/accounts/${id}/payments/process`, { cookie: session, form: { amount: '10.00', method: 'x', key: newId() } })).status).toBe(404);
      expect((await alpha(`/admin/accounts/${id}/payments/${payment.id}/reverse`, { cookie: session, form: { reason: 'NSF' } })).status).toBe(404);
    }
    expect(await (await alpha('/admin/accounts?q=AL-204817', { cookie: session })).text()).toContain('No account matches');
    const alphaList = await (await alpha('/admin/accounts?q=rivera', { cookie: session })).text();
    expect(alphaList).toContain('No account matches');
    expect(alphaList).not.toContain('Jordan');
    // This tenant's customer cannot be linked to an account of another tenant.
    const linked = await alpha('/admin/accounts/new', { cookie: session, form: loan({ displayId: 'AX-100001' }) });
    expect(linked.status).toBe(422);
    expect(await linked.text()).toContain('There is no customer with this id');
    expect((await client()(`/admin/accounts/AL-204817`, { cookie: session })).status).toBe(303);
    expect((await tdb().ledger.entries(account.id)).some((e) => e.reversesId === payment.id)).toBe(false);
    // A borrower is sent to the staff sign-in.
    const jordan = await env.signInBorrower();
    expect((await client()('/admin/accounts/AL-204817', { cookie: jordan })).status).toBe(303);
  });
});

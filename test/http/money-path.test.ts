import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tenants as tenantsTable } from '../../src/db/schema';
import { fixedClock } from '../../src/lib/clock';
import { runAutopay, saveAutopay } from '../../src/services/autopay';
import { processPayment } from '../../src/services/payments';
import { loanSummary, postLoanPayment } from '../../src/services/servicing';
import { createApp } from '../../src/app';
import { tenantClient } from '../support/http-client';
import { useDemoHost } from '../support/demo-host';
import { outboxEmails } from '../support/outbox';

/**
 * Issue 11, the borrower's side of the money path: each test names the defect it guards against
 * and drives the demo portal through HTTP as the borrower would.
 */
describe('money you can trust: what is owed, what a payment does, what is said about it', () => {
  // 10:00 in Denver on the day the personal loan's third missed payment falls due.
  const clock = fixedClock('2026-12-07T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb, deliver } = env;
  let jordan: string;
  let card: string;
  beforeAll(async () => {
    jordan = await env.signInBorrower();
    card = await env.addSandboxCard(jordan, '4242424242424242');
  });

  const page = async (path: string, c = client()) => (await c(path, { cookie: jordan })).text();
  const account = async (displayId: string) => (await tdb().accounts.findByDisplayId(displayId))!;
  const mails = async () => (await outboxEmails(tdb(), 1000)).filter((m) => m.toAddress === env.demo.borrower.email);

  /** Pay form → review (by redirect) → pay; returns the review page, the payment page's address and the payment. */
  async function pay(displayId: string, form: Record<string, string>, extra: Record<string, string> = {}, c = client()) {
    const posted = await c(`/accounts/${displayId}/pay/review`, { cookie: jordan, form: { method: card, ...form } });
    expect(posted.status, await posted.clone().text()).toBe(303);
    const reviewUrl = posted.headers.get('location')!;
    const review = await (await c(reviewUrl, { cookie: jordan })).text();
    const draft = /name="draft" value="([^"]+)"/.exec(review)![1]!;
    const res = await c(`/accounts/${displayId}/pay`, { cookie: jordan, form: { draft, ...extra } });
    const location = res.headers.get('location');
    const reference = location ? decodeURIComponent(location.split('/').pop()!.split('?')[0]!) : null;
    await deliver();
    return { review, reviewUrl, res, reference, payment: reference ? await tdb().payments.findByReference(reference) : undefined, draft };
  }

  it('1. paying exactly the past-due figure brings the loan up to date; the page shows the past-due banner and what is due now', async () => {
    const before = await page('/accounts/PL-118342');
    // Two missed payments of $265.68 and the $25.00 late fee the waterfall takes first.
    expect(before).toContain('$556.36 is past due');
    expect(before).toContain('including $25.00 in fees');
    expect(before).toContain('$822.04 is due today.');
    expect(before).toContain('role="alert"');
    const form = await page('/accounts/PL-118342/pay');
    expect(form).toContain('Past due amount, including $25.00 in fees: <strong>$556.36</strong>');
    const { payment } = await pay('PL-118342', { choice: 'past' });
    expect(payment).toMatchObject({ amount: 55_636, status: 'completed' });
    const after = await page('/accounts/PL-118342');
    expect(after).not.toContain('is past due');
    expect(after).toContain('Status</dt><dd>Active');
    expect(after).toContain('<strong>$265.68</strong> is due today.');
    expect(await page('/')).not.toContain('is past due');
  });

  it('1b. each amount offered leads to the state it names: due today, the next payment, a line’s minimum, a lease’s payoff', async () => {
    // Due today on the personal loan: nothing left due today.
    await pay('PL-118342', { choice: 'due' });
    const pl = await page('/accounts/PL-118342');
    expect(pl).toContain('Amount due today</dt><dd>$0.00');
    expect(pl).toMatch(/Next payment: <strong>\$265\.68<\/strong> due Jan 7, 2027/);
    // The auto loan's next payment: the one after it is next.
    await pay('AL-204817', { choice: 'next' });
    expect(await page('/accounts/AL-204817')).toMatch(/Next payment: <strong>\$549\.66<\/strong> due Feb 7, 2027/);
    // The lease paid off: remaining payments and the residual; Paid Off everywhere.
    const lease = await page('/accounts/LS-330415/pay');
    expect(lease).toContain('Pay off the lease today (remaining payments and the purchase price): <strong>$32,088.42</strong>');
    await pay('LS-330415', { choice: 'payoff' });
    expect(await page('/accounts/LS-330415')).toContain('Paid in full.');
    expect(await page('/accounts/LS-330415')).toContain('Status</dt><dd>Paid Off');
    const home = await page('/');
    expect(home.split('Paid off and closed')[1]).toContain('LS-330415');
    expect((await account('LS-330415')).status).toBe('Paid Off');
    expect((await tdb().audit.history('account', (await account('LS-330415')).id)).at(-1)).toMatchObject({ action: 'account.status-followed', actorType: 'system', after: { status: 'Paid Off', because: 'paid off' } });
  });

  it('2. a declined card is an error with its reason and one email; a bank payment is "on its way", a scheduled one "scheduled"; neither is "received"', async () => {
    const declined = await env.addSandboxCard(jordan, '4000000000009995');
    const posted = await client()('/accounts/AL-204817/pay/review', { cookie: jordan, form: { method: declined, choice: 'custom', custom: '40.00' } });
    const review = await (await client()(posted.headers.get('location')!, { cookie: jordan })).text();
    const res = await client()('/accounts/AL-204817/pay', { cookie: jordan, form: { draft: /name="draft" value="([^"]+)"/.exec(review)![1]! } });
    const reference = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
    await deliver();
    const outcome = await page(`/payments/${reference}`);
    expect(outcome).toContain('<title>Payment not made');
    expect(outcome).toContain('role="alert"');
    expect(outcome).toContain('insufficient funds');
    expect(outcome).toContain('Use another card or bank account');
    expect(outcome).not.toMatch(/received|Thank you/);
    const about = (await mails()).filter((m) => m.text.includes(reference));
    expect(about.map((m) => m.subject)).toEqual(['Your payment of $40.00 did not go through']);

    await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '231380104', account: '000123456789', confirmAccount: '000123456789', accountType: 'checking' } });
    const bank = (await tdb().paymentMethods.forCustomer(env.demo.borrower.id)).find((m) => m.kind === 'bank')!.id;
    const byBank = await pay('AL-204817', { choice: 'custom', custom: '60.00', method: bank });
    // The review shows the debit authorisation being given.
    expect(byBank.review).toContain('Your authorisation');
    expect(byBank.review).toContain('to make one electronic debit of $60.00 from my Checking •••• 6789');
    expect(byBank.payment!.status).toBe('processing');
    expect(await page(`/payments/${byBank.reference}`)).toContain('<title>Payment on its way');
    const bankMail = (await mails()).filter((m) => m.text.includes(byBank.reference!));
    expect(bankMail.map((m) => m.subject)).toEqual(['Your payment of $60.00 is on its way']);

    const later = await pay('AL-204817', { choice: 'custom', custom: '70.00', later: 'on', date: '2026-12-20' });
    expect(later.payment!.status).toBe('pending');
    expect(await page(`/payments/${later.reference}`)).toContain('<title>Payment scheduled');
    expect((await mails()).filter((m) => m.text.includes(later.reference!)).map((m) => m.subject)).toEqual(['Payment scheduled for Dec 20, 2026: $70.00']);
    expect((await mails()).some((m) => m.subject.startsWith('Payment received') && (m.text.includes(later.reference!) || m.text.includes(byBank.reference!)))).toBe(false);
  });

  it('3. Back after paying shows the payment made, never a second one; a repeat within 24 hours needs "Pay again"', async () => {
    const first = await pay('AL-204817', { choice: 'custom', custom: '33.00' });
    expect(first.payment!.status).toBe('completed');
    // Back to the review (a GET): it says the payment was made and offers no form.
    const back = await client()(first.reviewUrl, { cookie: jordan });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/payments/${first.reference}?again=1`);
    expect(await page(`/payments/${first.reference}?again=1`)).toContain('You already made this payment');
    // Sending the old review form again is the same payment (its key), not a new one.
    const resent = await client()('/accounts/AL-204817/pay', { cookie: jordan, form: { draft: first.draft } });
    expect(resent.headers.get('location')).toBe(`/payments/${first.reference}`);
    // A new form for the same amount and method: warned, named, and refused without "Pay again".
    const second = await pay('AL-204817', { choice: 'custom', custom: '33.00' });
    expect(second.review).toContain('You may have paid this already.');
    expect(second.review).toContain(first.reference!);
    expect(second.res.status).toBe(409);
    expect(await second.res.text()).toContain('Tick “Pay again” only if you mean to pay a second time.');
    const ledgerBefore = (await tdb().ledger.entries((await account('AL-204817')).id)).length;
    const again = await client()('/accounts/AL-204817/pay', { cookie: jordan, form: { draft: second.draft, again: 'on' } });
    expect(again.status).toBe(303);
    await deliver();
    expect((await tdb().ledger.entries((await account('AL-204817')).id)).length).toBe(ledgerBefore + 1);
  });

  it('4. a typed amount is never ignored: beside another choice it is asked about, alone it is what is paid', async () => {
    const mismatch = await client()('/accounts/LC-550921/pay/review', { cookie: jordan, form: { method: card, choice: 'payoff', custom: '12.00' } });
    expect(mismatch.status).toBe(422);
    const html = await mismatch.text();
    expect(html).toContain('You typed $12.00 but chose');
    expect(html).toContain('value="12.00"');
    // No choice sent (the keyboard skipped the radios): the typed amount is the amount.
    const typed = await pay('AL-204817', { custom: '12.34' });
    expect(typed.payment).toMatchObject({ amount: 1_234 });
    const picked = await pay('AL-204817', { choice: 'custom', custom: '12.35' });
    expect(picked.payment).toMatchObject({ amount: 1_235 });
  });

  it('5. a line whose minimum is paid asks for nothing more: "Minimum paid" everywhere, no minimum offered, AutoPay takes nothing', async () => {
    const lc = await account('LC-550921');
    expect(await page('/')).toMatch(/Minimum payment<\/dt><dd>Paid/);
    const form = await page('/accounts/LC-550921/pay');
    expect(form).toContain('Minimum paid for your last statement.');
    expect(form).not.toContain('Minimum payment, due');
    const multi = await page('/pay-multiple');
    expect(multi).toMatch(/id="f-due-LC-550921">\s*Minimum paid/);
    expect(multi).toMatch(/name="amount-LC-550921"[^>]*value=""/);
    const deps = { queue: env.host.deps.queue, portalUrl: (p: string) => p };
    const saved = await saveAutopay(tdb(), env.demo.tenant, deps, { customerId: env.demo.borrower.id, account: lc, methodId: card, plan: { frequency: 'monthly', startDate: '2026-12-07', amountType: 'minimum' } }, clock.now());
    expect(saved.ok).toBe(true);
    const run = await runAutopay(tdb(), env.demo.tenant, deps, saved.ok ? saved.autopay.id : '', '2026-12-07', clock.now());
    expect(run).toBe('nothing-owed');
    expect((await tdb().payments.forSubmission(env.demo.borrower.id, `autopay-${saved.ok ? saved.autopay.id : ''}-2026-12-07`))).toHaveLength(0);
  });

  it('6. figures agree: line transactions list the interest and fees its statements charge; history lists every posted payment; the lease states its rent and keeps it on an early payment; a fee row shows its amount', async () => {
    const lc = await account('LC-550921');
    const statements = await tdb().ledger.statements(lc.id);
    const fees = await page('/accounts/LC-550921/transactions?kind=fee');
    expect(fees).toContain('Late fee: minimum payment not received by its due date');
    const interest = await page('/accounts/LC-550921/transactions?kind=interest');
    const listed = [...interest.matchAll(/<td data-label="Amount">\$([\d,.]+)<\/td>/g)].map((m) => Math.round(Number(m[1]!.replace(/,/g, '')) * 100));
    expect(listed.reduce((s, v) => s + v, 0)).toBe(statements.reduce((s, st) => s + st.interest, 0));

    const history = await page('/payments?method=other');
    expect((history.match(/<td data-label="Method">Received by your lender<\/td>/g) ?? []).length).toBeGreaterThanOrEqual(30);

    const leaseSummary = await page('/accounts/LS-330415/summary');
    expect(leaseSummary).toContain('Money factor</dt><dd>0.00125 <span class="muted">(the same as 3% APR)');
    expect(leaseSummary).toContain('$67.50 rent charge');
    expect(leaseSummary).not.toContain('Interest rate');

    const pl = await page('/accounts/PL-118342/transactions?kind=fee');
    expect(pl).toMatch(/<td data-label="Amount">\$25\.00<\/td><td class="muted" data-label="To principal">—<\/td>/);
  });

  it('6b. an early lease payment keeps its rent charge', async () => {
    // A second lease-like check on the auto lease is paid off above; use the domain through a new lease.
    const { openLease } = await import('../../src/services/servicing');
    const id = await openLease(tdb(), env.demo.tenant, { displayId: 'LS-900001', productName: 'Lease', capitalizedCost: 3_450_000, residualValue: 1_950_000, termMonths: 36, moneyFactorE7: 12_500, startDate: '2026-12-01', firstDueDate: '2027-01-01', holders: [{ customerId: env.demo.borrower.id, role: 'Primary' }] }, clock.now());
    const entry = await postLoanPayment(tdb(), env.demo.tenant, { accountId: id, date: '2026-12-07', amount: 48_417 }, clock.now());
    expect(entry).toMatchObject({ interest: 6_750, principal: 41_667, fees: 0 });
  });

  it('7. Pay multiple: one charge, one fee, a review whose button states the total, readable terms', async () => {
    await env.host.db.update(tenantsTable).set({ settings: { ...env.demo.tenant.settings, payments: { convenienceFees: { card: 295, bank: 0 } } } }).where(eq(tenantsTable.id, env.demo.tenant.id));
    const app = createApp(env.host.deps);
    const c = tenantClient(app, 'demo');
    const charge = vi.spyOn(env.host.deps.processor, 'charge');
    try {
      const chosen = await c('/pay-multiple', { cookie: jordan, form: { method: card, 'pay-AL-204817': 'on', 'amount-AL-204817': '20.00', 'pay-PL-118342': 'on', 'amount-PL-118342': '30.00' } });
      expect(chosen.status).toBe(303);
      const review = await (await c(chosen.headers.get('location')!, { cookie: jordan })).text();
      expect(review).toContain('Convenience fee (one for this payment)');
      expect((review.match(/\$2\.95/g) ?? []).length).toBe(1);
      expect(review).toContain('Pay $52.95');
      expect(review).toContain('href="/payments/terms"');
      const draft = /name="draft" value="([^"]+)"/.exec(review)![1]!;
      const res = await c('/pay-multiple/confirm', { cookie: jordan, form: { draft, terms: 'on' } });
      expect(res.status).toBe(303);
      await deliver();
      expect(charge).toHaveBeenCalledTimes(1);
      expect(charge.mock.calls[0]![0]).toMatchObject({ amount: 5_295 });
      const reference = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
      const group = await tdb().payments.forGroup((await tdb().payments.findByReference(reference))!.groupId!);
      expect(group.map((p) => p.fee).sort()).toEqual([0, 295]);
      expect(group.every((p) => p.status === 'completed')).toBe(true);
      const receipt = (await mails()).find((m) => m.text.includes(reference))!;
      expect(receipt.subject).toBe('Payment received: $52.95');
      expect((receipt.text.match(/Convenience fee/g) ?? []).length).toBe(1);
      const terms = await page('/payments/terms', c);
      expect(terms).toContain('A convenience fee is added once to each payment you make: $2.95 by card');
      expect(terms).toContain('Cancelling');
    } finally {
      charge.mockRestore();
      await env.host.db.update(tenantsTable).set({ settings: env.demo.tenant.settings }).where(eq(tenantsTable.id, env.demo.tenant.id));
    }
  });

  it('8. receipts read as people do (dates in words, the new balance, how to reach the lender); cancelling and switching AutoPay off are confirmed by email', async () => {
    const paid = await pay('AL-204817', { choice: 'custom', custom: '44.00' });
    const receipt = (await mails()).find((m) => m.text.includes(paid.reference!))!;
    expect(receipt.text).toContain('Payment date: Dec 7, 2026');
    expect(receipt.text).not.toMatch(/\b2026-12-07\b/);
    const principal = (await loanSummary(tdb(), await account('AL-204817'), '2026-12-07')).principalBalance;
    expect(receipt.text).toContain(`AL-204817 principal balance now: $${(principal / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(receipt.text).toContain('Questions?');

    const later = await pay('AL-204817', { choice: 'custom', custom: '45.00', later: 'on', date: '2026-12-21' });
    expect((await client()(`/payments/${later.reference}/cancel`, { cookie: jordan, method: 'POST' })).status).toBe(303);
    await deliver();
    expect((await mails()).some((m) => m.subject === 'Payment cancelled: $45.00 on AL-204817' && m.text.includes('Dec 21, 2026'))).toBe(true);
    expect((await tdb().audit.history('payment', later.payment!.id)).map((a) => a.action)).toContain('payment.cancelled');

    const al = await account('AL-204817');
    const ap = await saveAutopay(tdb(), env.demo.tenant, { queue: env.host.deps.queue, portalUrl: (p) => p }, { customerId: env.demo.borrower.id, account: al, methodId: card, plan: { frequency: 'account_schedule', startDate: '2026-12-08', amountType: 'next_payment' } }, clock.now());
    const autopayId = ap.ok ? ap.autopay.id : '';
    expect((await client()(`/accounts/AL-204817/autopay/${autopayId}/switch`, { cookie: jordan, form: { on: '' } })).status).toBe(200);
    await deliver();
    expect((await mails()).some((m) => m.subject === 'AutoPay is off for AL-204817')).toBe(true);
  });

  it('24. a payment delivered again after it was posted, before its status moved, completes without being charged again', async () => {
    const lease = await tdb().accounts.findByDisplayId('LS-900001');
    const payoff = (await loanSummary(tdb(), lease!, '2026-12-07')).payoff;
    const submitted = await pay('LS-900001', { choice: 'payoff' });
    // The posting happened (a delivery that stopped before moving the status, as in a crash): rebuild that state.
    expect(submitted.payment).toMatchObject({ amount: payoff, status: 'completed' });
    await env.host.db.$client.execute({ sql: "update payments set status = 'processing', ledger_entry_id = null where id = ?", args: [submitted.payment!.id] });
    const charge = vi.spyOn(env.host.deps.processor, 'charge');
    try {
      const status = await processPayment(tdb(), env.demo.tenant, { processor: env.host.deps.processor, queue: env.host.deps.queue, portalUrl: (p) => p }, submitted.payment!.id, clock.now());
      expect(status).toBe('completed');
      expect(charge).not.toHaveBeenCalled();
    } finally {
      charge.mockRestore();
    }
    const after = (await tdb().payments.find(submitted.payment!.id))!;
    expect(after.ledgerEntryId).not.toBeNull();
    expect((await tdb().ledger.entries(lease!.id)).filter((e) => e.paymentId === submitted.payment!.id)).toHaveLength(1);
  });
});

describe('18. an owner who hides every tab but the summary leaves every account page working', () => {
  const clock = fixedClock('2026-12-07T17:00:00Z');
  const env = useDemoHost({ clock });
  it('lines and cards open on their summary; card activation still answers', async () => {
    await env.host.db
      .update(tenantsTable)
      .set({ settings: { ...env.demo.tenant.settings, portal: { sections: { transactions: false, statements: false, documents: false, collateral: false } } } })
      .where(eq(tenantsTable.id, env.demo.tenant.id));
    const c = tenantClient(createApp(env.host.deps), 'demo');
    const jordan = await env.signInBorrower();
    for (const id of ['LC-550921', 'CC-907355', 'AL-204817']) {
      const res = await c(`/accounts/${id}`, { cookie: jordan });
      expect(res.status, id).toBe(200);
      expect(await res.text()).toContain('aria-label="Summary"');
    }
    const cardRow = (await env.tdb().cards.forAccount((await env.tdb().accounts.findByDisplayId('CC-907355'))!.id))[0]!;
    const activate = await c(`/accounts/CC-907355/cards/${cardRow.id}/activate`, { cookie: jordan, form: { ssn: '123-45-6780' } });
    expect(activate.status).toBe(422);
    expect(await activate.text()).toContain('does not match');
  });
});

describe('statements are issued as cycles close, so the Statements tab agrees with the Summary', () => {
  const clock = fixedClock('2026-12-07T17:00:00Z');
  const env = useDemoHost({ clock });
  it('the hourly payments run issues a line’s statement once its cycle has closed, and only once', async () => {
    const { runPaymentJobs } = await import('../../src/services/payment-jobs');
    const lc = (await env.tdb().accounts.findByDisplayId('LC-550921'))!;
    const cc = (await env.tdb().accounts.findByDisplayId('CC-907355'))!;
    const before = { lc: (await env.tdb().ledger.statements(lc.id)).length, cc: (await env.tdb().ledger.statements(cc.id)).length };
    expect(before.cc).toBeGreaterThan(0); // the card's closed cycle is issued too
    clock.set('2026-12-21T17:00:00Z'); // the card closes on the 20th
    expect((await runPaymentJobs({ db: env.host.db, queue: env.host.deps.queue }, clock.now())).statements).toBe(1);
    expect((await env.tdb().ledger.statements(cc.id)).length).toBe(before.cc + 1);
    expect((await env.tdb().ledger.statements(lc.id)).length).toBe(before.lc);
    clock.set('2026-12-26T17:00:00Z'); // the line closes on the 25th
    expect((await runPaymentJobs({ db: env.host.db, queue: env.host.deps.queue }, clock.now())).statements).toBe(1);
    expect((await runPaymentJobs({ db: env.host.db, queue: env.host.deps.queue }, clock.now())).statements).toBe(0);
    const summary = await (await env.client()('/accounts/LC-550921/summary', { cookie: await env.signInBorrower() })).text();
    const last = (await env.tdb().ledger.statements(lc.id)).at(-1)!;
    expect(last.periodEnd).toBe('2026-12-25');
    expect(summary).toContain('Last statement</dt><dd>Dec 25, 2026');
  });
});

describe('under retries and races, money is charged once and posted as charged', () => {
  const clock = fixedClock('2026-12-07T17:00:00Z');
  const env = useDemoHost({ clock });
  let jordan: string;
  let card: string;
  beforeAll(async () => {
    jordan = await env.signInBorrower();
    card = await env.addSandboxCard(jordan, '4242424242424242');
  });
  const deps = () => ({ processor: env.host.deps.processor, queue: env.host.deps.queue, portalUrl: (p: string) => p });

  async function submitMulti(items: Record<string, string>) {
    const chosen = await env.client()('/pay-multiple', { cookie: jordan, form: { method: card, ...Object.fromEntries(Object.entries(items).flatMap(([id, amount]) => [[`pay-${id}`, 'on'], [`amount-${id}`, amount]])) } });
    const review = await (await env.client()(chosen.headers.get('location')!, { cookie: jordan })).text();
    const res = await env.client()('/pay-multiple/confirm', { cookie: jordan, form: { draft: /name="draft" value="([^"]+)"/.exec(review)![1]!, terms: 'on' } });
    const first = (await env.tdb().payments.findByReference(decodeURIComponent(res.headers.get('location')!.split('/').pop()!)))!;
    return env.tdb().payments.forGroup(first.groupId!);
  }

  it('a delivery that charged the group and posted one part, then stopped: the retry charges the same amount and posts the rest', async () => {
    const group = await submitMulti({ 'AL-204817': '20.00', 'PL-118342': '30.00' });
    const charge = vi.spyOn(env.host.deps.processor, 'charge');
    const post = await import('../../src/services/servicing');
    // The first delivery: charged, posted AL-204817's part, and died before PL-118342's.
    const realPost = post.postLoanPayment;
    let posts = 0;
    const spy = vi.spyOn(post, 'postLoanPayment').mockImplementation(async (...args) => {
      if (++posts === 2) throw new Error('the worker was stopped');
      return realPost(...args);
    });
    await expect(processPayment(env.tdb(), env.demo.tenant, deps(), group[0]!.id, clock.now())).rejects.toThrow(/stopped/);
    spy.mockRestore();
    const after = await env.tdb().payments.forGroup(group[0]!.groupId!);
    expect(after.map((p) => p.status).sort()).toEqual(['completed', 'processing']);
    // The retry: the same key and the same amount (the processor refuses a key reused with another), the rest posted.
    expect(await processPayment(env.tdb(), env.demo.tenant, deps(), group[0]!.id, clock.now())).toBe('completed');
    expect(charge.mock.calls.map((c) => c[0].amount)).toEqual([5_000, 5_000]);
    charge.mockRestore();
    const done = await env.tdb().payments.forGroup(group[0]!.groupId!);
    expect(done.every((p) => p.status === 'completed' && p.ledgerEntryId)).toBe(true);
  });

  it('a part that can no longer be applied after the charge is refunded, with the fee when nothing stands; the page and email say so', async () => {
    await env.host.db.update(tenantsTable).set({ settings: { ...env.demo.tenant.settings, payments: { convenienceFees: { card: 295, bank: 0 } } } }).where(eq(tenantsTable.id, env.demo.tenant.id));
    const tenant = (await env.host.deps.db.query.tenants.findFirst({ where: (t, { eq: is }) => is(t.id, env.demo.tenant.id) }))!;
    try {
      const account = (await env.tdb().accounts.findByDisplayId('AL-204817'))!;
      const { submitPayments } = await import('../../src/services/payments');
      const submitted = await submitPayments(env.tdb(), tenant, deps(), { customerId: env.demo.borrower.id, key: 'race-key-0000000001', methodId: card, date: '2026-12-07', items: [{ account, amount: 10_000 }], source: 'one_time', actor: { type: 'customer', id: env.demo.borrower.id }, repeatConfirmed: true }, clock.now());
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
      const refund = vi.spyOn(env.host.deps.processor, 'refund');
      // Between the check and the posting, the account is paid off another way (the charge "races" it).
      const charge = vi.spyOn(env.host.deps.processor, 'charge');
      const realCharge = charge.getMockImplementation();
      charge.mockImplementationOnce(async (req) => {
        const owed = (await loanSummary(env.tdb(), account, '2026-12-07')).payoff;
        await postLoanPayment(env.tdb(), tenant, { accountId: account.id, date: '2026-12-07', amount: owed, description: 'Paid at the branch' }, clock.now());
        charge.mockRestore();
        return (realCharge ?? env.host.deps.processor.charge.bind(env.host.deps.processor))(req);
      });
      expect(await processPayment(env.tdb(), tenant, deps(), submitted.payments[0]!.id, clock.now())).toBe('failed');
      expect(refund.mock.calls.map((c) => c[0].amount).sort((a, b) => a - b)).toEqual([295, 10_000]);
      refund.mockRestore();
      await env.deliver();
      const page = await (await env.client()(`/payments/${submitted.payments[0]!.reference}`, { cookie: jordan })).text();
      expect(page).toContain('<title>Payment not made');
      expect(page).toContain('so that part of the charge was refunded');
    } finally {
      await env.host.db.update(tenantsTable).set({ settings: env.demo.tenant.settings }).where(eq(tenantsTable.id, env.demo.tenant.id));
    }
  });

  it('a pending charge that settles after the account was paid another way is refunded and failed, not left hanging', async () => {
    const account = (await env.tdb().accounts.findByDisplayId('LS-330415'))!;
    const payoff = (await loanSummary(env.tdb(), account, '2026-12-07')).payoff;
    const charge = vi.spyOn(env.host.deps.processor, 'charge').mockResolvedValue({ status: 'pending', processorPaymentId: 'pi_pending_1' });
    const { submitPayments, settleCardPayment } = await import('../../src/services/payments');
    const submitted = await submitPayments(env.tdb(), env.demo.tenant, deps(), { customerId: env.demo.borrower.id, key: 'pending-key-00000001', methodId: card, date: '2026-12-07', items: [{ account, amount: payoff }], source: 'one_time', actor: { type: 'customer', id: env.demo.borrower.id }, repeatConfirmed: true }, clock.now());
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
    expect(await processPayment(env.tdb(), env.demo.tenant, deps(), submitted.payments[0]!.id, clock.now())).toBe('processing');
    charge.mockRestore();
    // Staff take the payoff at the branch meanwhile.
    await postLoanPayment(env.tdb(), env.demo.tenant, { accountId: account.id, date: '2026-12-07', amount: payoff, description: 'Paid at the branch' }, clock.now());
    const refund = vi.spyOn(env.host.deps.processor, 'refund').mockResolvedValue({ refundId: 're_1' });
    await settleCardPayment(env.tdb(), env.demo.tenant, deps(), 'pi_pending_1', { succeeded: true }, clock.now());
    expect(refund).toHaveBeenCalledWith(expect.objectContaining({ processorPaymentId: 'pi_pending_1', amount: payoff }));
    refund.mockRestore();
    const after = (await env.tdb().payments.find(submitted.payments[0]!.id))!;
    expect(after.status).toBe('failed');
    expect(after.ledgerEntryId).toBeNull();
  });

  it('a listed amount is worked out for the day the payment is made: a bank payoff after the cut-off pays the loan off tomorrow', async () => {
    clock.set('2026-12-08T01:30:00Z'); // 18:30 in Denver, after the 17:00 cut-off
    try {
      const borrower = await env.signInBorrower();
      await env.client()('/payments/methods/bank', { cookie: borrower, form: { holderName: 'Jordan Rivera', routing: '231380104', account: '000123456789', confirmAccount: '000123456789', accountType: 'checking' } });
      const bank = (await env.tdb().paymentMethods.forCustomer(env.demo.borrower.id)).find((m) => m.kind === 'bank')!.id;
      const pl = (await env.tdb().accounts.findByDisplayId('PL-118342'))!;
      const today = (await loanSummary(env.tdb(), pl, '2026-12-07')).payoff;
      const tomorrow = (await loanSummary(env.tdb(), pl, '2026-12-08')).payoff;
      expect(tomorrow).toBeGreaterThan(today);
      const posted = await env.client()('/accounts/PL-118342/pay/review', { cookie: borrower, form: { method: bank, choice: 'payoff' } });
      const review = await (await env.client()(posted.headers.get('location')!, { cookie: borrower })).text();
      expect(review).toContain('<dd>Dec 8, 2026</dd>');
      expect(review).toContain(`Pay $${(tomorrow / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      expect(review).toContain('The amount is worked out for Dec 8, 2026');
    } finally {
      clock.set('2026-12-07T17:00:00Z');
    }
  });

  it('two postings to one account at once: the one split against an older ledger is worked out again, so fees are paid once', async () => {
    const pl = (await env.tdb().accounts.findByDisplayId('PL-118342'))!;
    await chargeFeeOn(pl.id, 1_500);
    await Promise.all([
      postLoanPayment(env.tdb(), env.demo.tenant, { accountId: pl.id, date: '2026-12-07', amount: 2_000, description: 'One' }, clock.now()),
      postLoanPayment(env.tdb(), env.demo.tenant, { accountId: pl.id, date: '2026-12-07', amount: 2_000, description: 'Two' }, clock.now()),
    ]);
    const entries = (await env.tdb().ledger.entries(pl.id)).filter((e) => e.description === 'One' || e.description === 'Two');
    expect(entries).toHaveLength(2);
    // Together they paid the $15.00 fee once, not twice.
    expect(entries.reduce((s, e) => s + e.fees, 0)).toBe(1_500);
  });

  async function chargeFeeOn(accountId: string, amount: number) {
    const { chargeFee } = await import('../../src/services/servicing');
    await chargeFee(env.tdb(), env.demo.tenant, { accountId, date: '2026-12-07', amount, description: 'Returned payment fee' }, clock.now());
  }
});

describe('payments already on their way are counted in what is offered', () => {
  const clock = fixedClock('2026-12-07T17:00:00Z');
  const env = useDemoHost({ clock });
  it('a scheduled installment takes that installment off the form; a scheduled payoff leaves nothing more to pay; payoff is never pre-chosen', async () => {
    const jordan = await env.signInBorrower();
    const card = await env.addSandboxCard(jordan, '4242424242424242');
    const form = await (await env.client()('/accounts/LS-330415/pay', { cookie: jordan })).text();
    expect(form).toMatch(/id="f-choice-next" name="choice" value="next" checked=""/);
    const schedule = async (choice: string) => {
      const posted = await env.client()('/accounts/LS-330415/pay/review', { cookie: jordan, form: { method: card, choice, date: '2026-12-20' } });
      const review = await (await env.client()(posted.headers.get('location')!, { cookie: jordan })).text();
      return env.client()('/accounts/LS-330415/pay', { cookie: jordan, form: { draft: /name="draft" value="([^"]+)"/.exec(review)![1]!, again: 'on' } });
    };
    expect((await schedule('next')).status).toBe(303);
    const after = await (await env.client()('/accounts/LS-330415/pay', { cookie: jordan })).text();
    expect(after).toContain('On its way already: $484.17 on Dec 20, 2026');
    expect(after).not.toContain('value="next"');
    // Only the payoff is left, less what is on its way; it is not chosen for the borrower.
    expect(after).toMatch(/id="f-choice-payoff" name="choice" value="payoff"(?! checked)/);
    expect(after).toMatch(/id="f-choice-custom" name="choice" value="custom" checked=""/);
    expect((await schedule('payoff')).status).toBe(303);
    const none = await (await env.client()('/accounts/LS-330415/pay', { cookie: jordan })).text();
    expect(none).toContain('<title>Nothing more to pay');
    expect(none).toContain('The payments already on their way cover everything LS-330415 owes');
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails as emailMessages, ledgerEntries, paymentMethods, payments as paymentsTable } from '../../src/db/schema';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { buildHandlers } from '../../src/queues/handlers';
import { outboxEmailSender } from '../../src/integrations/email/outbox';
import { loanSummary } from '../../src/services/servicing';
import { DEMO } from '../../src/services/seed';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/env';
import { UnknownCardError, type PaymentProcessor } from '../../src/integrations/payments';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { startNodeTestHost, type NodeTestHost } from '../support/node-host';

describe('borrower payments', () => {
  // 10:00 in Denver: before the 17:00 cut-off, so payments are dated today.
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb, deliver } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let jordan: string;
  beforeAll(async () => {
    ({ host, demo } = env);
    jordan = await env.signInBorrower();
  });

  const addCard = (number: string) => env.addSandboxCard(jordan, number);

  /** Posts a pay form; when it is accepted, follows the redirect to its review page (post/redirect/get). */
  async function review(displayId: string, form: Record<string, string>, c = client()) {
    const posted = await c(`/accounts/${displayId}/pay/review`, { cookie: jordan, form });
    if (posted.status !== 303) return { res: posted, html: await posted.text(), hidden: {} as Record<string, string> };
    const res = await c(posted.headers.get('location')!, { cookie: jordan });
    const html = await res.text();
    const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    return { res, html, hidden };
  }

  const ledgerFor = async (paymentId: string) => host.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, paymentId));

  it('checks and saves a bank account: routing check digit, numbers confirmed, only the last four shown, the number encrypted', async () => {
    const bad = await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '123456789', account: '000123456789', confirmAccount: '000123456780', accountType: 'checking' } });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('That routing number is not valid');
    expect(badHtml).toContain('value="Jordan Rivera"');
    expect(badHtml).not.toContain('000123456789');
    const good = await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '231380104', account: '000123456789', confirmAccount: '000123456789', accountType: 'checking' } });
    expect(good.status).toBe(303);
    const page = await (await client()('/payments/methods?added=1', { cookie: jordan })).text();
    expect(page).toContain('Checking •••• 6789');
    expect(page).not.toContain('000123456789');
    const [row] = await host.db.select().from(paymentMethods).where(eq(paymentMethods.last4, '6789'));
    expect(row!.accountNumberEncrypted).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('000123456789');
  });

  it('pays an account by card: review with the totals, one payment for two identical confirms sent at once, posted once, receipt emailed', async () => {
    const card = await addCard('4242424242424242');
    const before = await loanSummary(tdb(), (await tdb().accounts.findByDisplayId('AL-204817'))!, '2026-11-22');
    const form = await (await client()('/accounts/AL-204817/pay', { cookie: jordan })).text();
    expect(form).toContain('Pay off the loan today');
    const { res, html, hidden } = await review('AL-204817', { choice: 'custom', custom: '250.00', method: card });
    expect(res.status).toBe(200);
    expect(html).toContain('Review your payment');
    expect(html).toContain('$250.00');
    expect(html).toContain('Pay $250.00');
    expect(html).toContain('Visa •••• 4242');
    // A double click: the same confirmation twice, in parallel.
    const [a, b] = await Promise.all([0, 1].map(() => client()('/accounts/AL-204817/pay', { cookie: jordan, form: hidden })));
    expect(a!.status).toBe(303);
    expect(b!.status).toBe(303);
    expect(a!.headers.get('location')).toBe(b!.headers.get('location'));
    const reference = decodeURIComponent(a!.headers.get('location')!.split('/').pop()!);
    const rows = await host.db.select().from(paymentsTable).where(eq(paymentsTable.reference, reference));
    expect(rows).toHaveLength(1);
    const payment = rows[0]!;
    expect(payment).toMatchObject({ amount: 25_000, status: 'pending', methodKind: 'card', scheduledFor: '2026-11-22' });

    // The same message delivered twice, and both deliveries running at once: one charge, one ledger entry.
    const handlers = buildHandlers({ db: host.db, sender: outboxEmailSender, clock, config: host.deps.config, processor: host.deps.processor, queue: host.deps.queue });
    const message = { id: `pay:${payment.id}`, tenantId: demo.tenant.id, kind: 'process-payment' as const, paymentId: payment.id, idempotencyKey: payment.idempotencyKey };
    await Promise.all([0, 1].map(() => handlers.payments!(message, { attempt: 1, logger: silentLogger })));
    await deliver();
    expect((await tdb().payments.find(payment.id))!.status).toBe('completed');
    const entries = await ledgerFor(payment.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'payment', amount: 25_000, reference: reference });
    const after = await loanSummary(tdb(), (await tdb().accounts.findByDisplayId('AL-204817'))!, '2026-11-22');
    expect(after.payoff).toBe(before.payoff - 25_000);

    const status = await (await client()(`/payments/${reference}`, { cookie: jordan })).text();
    expect(status).toContain('Completed');
    expect(status).toContain(reference);
    const emails = await host.db.select().from(emailMessages).where(eq(emailMessages.toAddress, DEMO.borrower.email));
    expect(emails.filter((e) => e.subject === 'Payment received: $250.00' && e.text.includes(reference))).toHaveLength(1);
  });

  it('refuses a review page whose draft was tampered with, or signed for someone else', async () => {
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.kind === 'card')!.id;
    const { hidden } = await review('PL-118342', { choice: 'custom', custom: '50.00', method: card });
    const [head, body, sig] = hidden.draft!.split('.');
    const forged = [head, Buffer.from(Buffer.from(body!, 'base64url').toString().replace('5000', '6000')).toString('base64url'), sig].join('.');
    const changed = await client()('/accounts/PL-118342/pay', { cookie: jordan, form: { draft: forged } });
    expect(changed.status).toBe(422);
    expect(await changed.text()).toContain('expired');
    expect(await tdb().payments.forSubmission(demo.borrower.id, 'x')).toHaveLength(0);
  });

  it('leaves balances untouched when a card is declined and says why', async () => {
    const card = await addCard('4000000000009995');
    const account = (await tdb().accounts.findByDisplayId('LC-550921'))!;
    const before = (await tdb().ledger.entries(account.id)).length;
    const { hidden } = await review('LC-550921', { choice: 'custom', custom: '40.00', method: card });
    const res = await client()('/accounts/LC-550921/pay', { cookie: jordan, form: hidden });
    const reference = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
    await deliver();
    const page = await (await client()(`/payments/${reference}`, { cookie: jordan })).text();
    expect(page).toContain('<title>Payment not made');
    expect(page).toContain('Failed');
    expect(page).toContain('insufficient funds');
    expect(page).not.toContain('Payment received');
    expect(page).not.toContain('receipt is on its way');
    expect((await tdb().ledger.entries(account.id)).length).toBe(before);
    // One email, the true one.
    const emails = (await host.db.select().from(emailMessages).where(eq(emailMessages.toAddress, DEMO.borrower.email))).filter((e) => e.text.includes(reference));
    expect(emails.map((e) => e.subject)).toEqual(['Your payment of $40.00 did not go through']);
  });

  it('explains bad amounts, dates and methods in the form, keeping what was typed', async () => {
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.kind === 'card')!.id;
    const tooMuch = await review('AL-204817', { choice: 'custom', custom: '45000.00', method: card });
    expect(tooMuch.res.status).toBe(422);
    expect(tooMuch.html).toContain('That is more than AL-204817 owes');
    expect(tooMuch.html).toContain('value="45000.00"');
    const words = await review('AL-204817', { choice: 'custom', custom: 'lots', method: card });
    expect(words.html).toContain('“lots” is not an amount: use dollars and cents, such as 125.00.');
    const past = await review('AL-204817', { choice: 'custom', custom: '10.00', method: card, later: 'on', date: '2026-11-01' });
    expect(past.html).toContain('Choose today or a later date.');
    const far = await review('AL-204817', { choice: 'custom', custom: '10.00', method: card, later: 'on', date: '2027-06-01' });
    expect(far.html).toContain('up to 60 days ahead');
    const noMethod = await review('AL-204817', { choice: 'custom', custom: '10.00', method: 'nope' });
    expect(noMethod.html).toContain('Choose how to pay.');
    // A paid-off account has nothing to pay.
    expect(await (await client()('/accounts/PL-100577/pay', { cookie: jordan })).text()).toContain('paid in full');
  });

  it('pays two accounts at once with one method, each with its own ledger entry, and refuses a paid-in-full account', async () => {
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.kind === 'card' && m.last4 === '4242')!.id;
    const page = await (await client()('/pay-multiple', { cookie: jordan })).text();
    expect(page).toMatch(/id="f-pay-PL-100577"[^>]*disabled/);
    const paidOff = await client()('/pay-multiple', { cookie: jordan, form: { method: card, 'pay-PL-100577': 'on', 'amount-PL-100577': '10.00' } });
    expect(await paidOff.text()).toContain('PL-100577 is paid in full');
    const chosen = await client()('/pay-multiple', { cookie: jordan, form: { method: card, 'pay-AL-204817': 'on', 'amount-AL-204817': '100.00', 'pay-PL-118342': 'on', 'amount-PL-118342': '75.50' } });
    expect(chosen.status).toBe(303);
    const reviewPage = await (await client()(chosen.headers.get('location')!, { cookie: jordan })).text();
    expect(reviewPage).toContain('Pay $175.50');
    const draft = /name="draft" value="([^"]+)"/.exec(reviewPage)![1]!;
    const noTerms = await client()('/pay-multiple/confirm', { cookie: jordan, form: { draft } });
    expect(noTerms.status).toBe(422);
    expect(await noTerms.text()).toContain('accept the payment terms');
    const res = await client()('/pay-multiple/confirm', { cookie: jordan, form: { draft, terms: 'on' } });
    expect(res.status).toBe(303);
    await deliver();
    const reference = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
    const first = await tdb().payments.findByReference(reference);
    const group = await tdb().payments.forGroup(first!.groupId!);
    expect(group.map((p) => [p.amount, p.status, p.source]).sort()).toEqual([[10_000, 'completed', 'multi'], [7_550, 'completed', 'multi']].sort());
    for (const p of group) expect(await ledgerFor(p.id)).toHaveLength(1);
    const status = await (await client()(`/payments/${reference}`, { cookie: jordan })).text();
    expect(status).toContain('AL-204817');
    expect(status).toContain('PL-118342');
  });

  it('schedules a payment for later, lists it, and cancels it before it runs', async () => {
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === '4242')!.id;
    const { hidden } = await review('AL-204817', { choice: 'custom', custom: '20.00', method: card, later: 'on', date: '2026-12-05' });
    const res = await client()('/accounts/AL-204817/pay', { cookie: jordan, form: hidden });
    const reference = decodeURIComponent(res.headers.get('location')!.split('/').pop()!);
    await deliver();
    expect((await tdb().payments.findByReference(reference))!.status).toBe('pending');
    const history = await (await client()('/payments?status=pending', { cookie: jordan })).text();
    expect(history).toContain(reference);
    expect(history).toContain('Scheduled');
    const cancel = await client()(`/payments/${reference}/cancel`, { cookie: jordan, method: 'POST' });
    expect(cancel.status).toBe(303);
    expect((await tdb().payments.findByReference(reference))!.status).toBe('cancelled');
    const again = await client()(`/payments/${reference}/cancel`, { cookie: jordan, method: 'POST' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('can no longer be cancelled');
  });

  it('dates a bank payment made after the cut-off the next day; a card payment still today', async () => {
    clock.set('2026-11-23T01:30:00Z'); // 18:30 in Denver, after the 17:00 cut-off
    const signIn = async () => (jordan = await env.signInBorrower());
    await signIn();
    try {
      const bank = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.kind === 'bank')!.id;
      const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === '4242')!.id;
      const byBank = await review('AL-204817', { choice: 'custom', custom: '15.00', method: bank });
      expect(byBank.html).toContain('<dd>Nov 23, 2026</dd>');
      const byCard = await review('AL-204817', { choice: 'custom', custom: '15.00', method: card });
      expect(byCard.html).toContain('<dd>Nov 22, 2026</dd>');
      // Today, as the form shows it, is the earliest the method allows: the next day for a bank payment now.
      const today = await review('AL-204817', { choice: 'custom', custom: '15.00', method: bank, date: '2026-11-22' });
      expect(today.html).toContain('<dd>Nov 23, 2026</dd>');
      // A date typed without ticking anything is the date used.
      const typed = await review('AL-204817', { choice: 'custom', custom: '15.00', method: card, date: '2026-12-01' });
      expect(typed.html).toContain('<dd>Dec 1, 2026</dd>');
      const tooEarly = await review('AL-204817', { choice: 'custom', custom: '15.00', method: bank, date: '2026-11-21' });
      expect(tooEarly.html).toContain('cut-off time has passed');
    } finally {
      clock.set('2026-11-22T17:00:00Z');
      await signIn();
    }
  });

  it('filters the history by account, method, type and status', async () => {
    const byAccount = await (await client()('/payments?account=PL-118342', { cookie: jordan })).text();
    expect(byAccount).toContain('PL-118342');
    expect(byAccount).not.toMatch(/<td data-label="Account">AL-204817<\/td>/);
    const failed = await (await client()('/payments?status=failed', { cookie: jordan })).text();
    expect(failed).toContain('LC-550921');
    expect(failed).not.toMatch(/<td data-label="Account">AL-204817<\/td>/);
    const multi = await (await client()('/payments?type=multi', { cookie: jordan })).text();
    expect((multi.match(/<td data-label="Type">Pay multiple<\/td>/g) ?? []).length).toBe(2);
    // Payments the lender posted (the demo's history) are there too, not only the portal's.
    const posted = await (await client()('/payments?type=posted&account=AL-204817', { cookie: jordan })).text();
    expect((posted.match(/<td data-label="Type">Posted by your lender<\/td>/g) ?? []).length).toBe(14);
    expect((await (await client()('/payments?method=other', { cookie: jordan })).text()).match(/<td data-label="Method">Received by your lender<\/td>/g)!.length).toBeGreaterThan(30);
    const bad = await client()('/payments?from=someday', { cookie: jordan });
    expect(bad.status).toBe(422);
  });

  it("keeps another borrower's and another tenant's payments and methods out of reach", async () => {
    const mine = (await host.db.select().from(paymentsTable).where(eq(paymentsTable.tenantId, demo.tenant.id)))[0]!;
    const method = (await tdb().paymentMethods.forCustomer(demo.borrower.id))[0]!;
    const alpha = tenantClient(host.app, 'alpha');
    const pat = sessionTokenOf(await alpha('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD } }));
    expect((await alpha(`/payments/${mine.reference}`, { cookie: pat })).status).toBe(404);
    expect((await alpha(`/payments/${mine.reference}/cancel`, { cookie: pat, method: 'POST' })).status).toBe(404);
    expect((await alpha(`/payments/methods/${method.id}/remove`, { cookie: pat, method: 'POST' })).status).toBe(404);
    expect(await (await alpha('/payments', { cookie: pat })).text()).not.toContain(mine.reference);
    expect((await alpha('/accounts/AL-204817/pay', { cookie: pat })).status).toBe(404);
    const review = await alpha('/accounts/FX-1/pay/review', { cookie: pat, form: { choice: 'custom', custom: '10.00', method: method.id } });
    expect(await review.text()).toContain('Choose how to pay.');
    // A review draft signed for the demo borrower opens nothing for another person or tenant.
    const { hidden } = await (async () => {
      const posted = await client()('/accounts/AL-204817/pay/review', { cookie: jordan, form: { choice: 'custom', custom: '10.00', method: method.id } });
      const html = await (await client()(posted.headers.get('location')!, { cookie: jordan })).text();
      return { hidden: { draft: /name="draft" value="([^"]+)"/.exec(html)![1]! } };
    })();
    expect((await alpha(`/accounts/FX-1/pay/review?draft=${hidden.draft}`, { cookie: pat })).status).toBe(422);
    expect((await alpha('/pay-multiple/review?draft=' + hidden.draft, { cookie: pat })).status).toBe(422);
  });

  it("applies the lender's restrictions: methods allowed, smallest and largest amounts, convenience fee", async () => {
    const { tenants } = await import('../../src/db/schema');
    await host.db.update(tenants).set({ settings: { ...demo.tenant.settings, payments: { methods: ['card'], minAmount: 2_000, maxAmount: 100_000, convenienceFees: { card: 295, bank: 0 } } } }).where(eq(tenants.id, demo.tenant.id));
    // A fresh app: the tenant directory caches settings for a few seconds.
    const app = createApp(host.deps);
    const c = tenantClient(app, 'demo');
    const methods = await tdb().paymentMethods.forCustomer(demo.borrower.id);
    const bank = methods.find((m) => m.kind === 'bank')!.id;
    const card = methods.find((m) => m.last4 === '4242')!.id;
    const form = await (await c('/accounts/AL-204817/pay', { cookie: jordan })).text();
    expect(form).not.toContain('Checking •••• 6789'); // bank accounts are not offered
    const byBank = await (await c('/accounts/AL-204817/pay/review', { cookie: jordan, form: { choice: 'custom', custom: '50.00', method: bank } })).text();
    expect(byBank).toContain('does not take bank payments online');
    expect(await (await c('/accounts/AL-204817/pay/review', { cookie: jordan, form: { choice: 'custom', custom: '10.00', method: card } })).text()).toContain('The smallest payment is $20.00.');
    expect(await (await c('/accounts/AL-204817/pay/review', { cookie: jordan, form: { choice: 'custom', custom: '1500.00', method: card } })).text()).toContain('The largest payment online is $1,000.00: please call us to pay more.');
    const { html, hidden } = await review('AL-204817', { choice: 'custom', custom: '50.00', method: card }, c);
    expect(html).toContain('Convenience fee');
    expect(html).toContain('Pay $52.95');
    const res = await c('/accounts/AL-204817/pay', { cookie: jordan, form: hidden });
    await deliver();
    const payment = (await tdb().payments.findByReference(decodeURIComponent(res.headers.get('location')!.split('/').pop()!)))!;
    expect(payment).toMatchObject({ amount: 5_000, fee: 295, status: 'completed' });
    // The account is credited the amount; the fee is the lender's, not a payment on the loan.
    expect((await ledgerFor(payment.id))[0]!.amount).toBe(5_000);
    await host.db.update(tenants).set({ settings: demo.tenant.settings }).where(eq(tenants.id, demo.tenant.id));
  });

  it('never lets two payments together pay more than owed: a charge that can no longer be applied is refunded', async () => {
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === '4242')!.id;
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    const payoff = (await loanSummary(tdb(), account, '2026-11-22')).payoff;
    const dollars = (cents: number) => (cents / 100).toFixed(2);
    // A payoff scheduled for tomorrow is on its way: today, only what is left can be paid.
    const { hidden } = await review('PL-118342', { choice: 'custom', custom: dollars(payoff - 10_000), method: card, later: 'on', date: '2026-11-23' });
    expect((await client()('/accounts/PL-118342/pay', { cookie: jordan, form: hidden })).status).toBe(303);
    const tooMuch = await review('PL-118342', { choice: 'custom', custom: dollars(20_000), method: card });
    expect(tooMuch.res.status).toBe(422);
    expect(tooMuch.html).toContain('after the payments already on their way');

    // And if a payment still gets past that (here: accepted, then the account paid off another way before it runs), nothing sticks.
    const { hidden: small } = await review('PL-118342', { choice: 'custom', custom: '50.00', method: card });
    const res = await client()('/accounts/PL-118342/pay', { cookie: jordan, form: small });
    const late = (await tdb().payments.findByReference(decodeURIComponent(res.headers.get('location')!.split('/').pop()!)))!;
    const { postLoanPayment } = await import('../../src/services/servicing');
    const owed = (await loanSummary(tdb(), account, '2026-11-22')).payoff;
    await postLoanPayment(tdb(), demo.tenant, { accountId: account.id, date: '2026-11-22', amount: owed, description: 'Paid at the branch' }, clock.now());
    await deliver();
    const after = (await tdb().payments.find(late.id))!;
    expect(after.status).toBe('failed');
    expect(after.failureReason).toContain('more than PL-118342 owes now');
    expect(await ledgerFor(late.id)).toHaveLength(0);
  });

  it('makes a method the default and removes one', async () => {
    const methods = await tdb().paymentMethods.forCustomer(demo.borrower.id);
    const bank = methods.find((m) => m.kind === 'bank')!;
    const res = await client()(`/payments/methods/${bank.id}/default`, { cookie: jordan, method: 'POST' });
    expect(await res.text()).toContain('Checking •••• 6789 is now your default.');
    const after = await tdb().paymentMethods.forCustomer(demo.borrower.id);
    expect(after.filter((m) => m.isDefault).map((m) => m.id)).toEqual([bank.id]);
    const declined = after.find((m) => m.last4 === '9995')!;
    expect(await (await client()(`/payments/methods/${declined.id}/remove`, { cookie: jordan, method: 'POST' })).text()).toContain('is removed');
    expect((await tdb().paymentMethods.forCustomer(demo.borrower.id)).some((m) => m.id === declined.id)).toBe(false);
  });
});

describe('adding a card with Stripe (Payment Element)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  let host: NodeTestHost;

  beforeAll(async () => {
    host = await startNodeTestHost({ clock, poll: false });
  });
  afterAll(() => host.stop());

  it('shows Stripe’s form with a SetupIntent for the borrower’s Stripe customer, allows Stripe in the CSP, and saves the card from Stripe’s own details', async () => {
    const calls: string[] = [];
    // Stands in for the Stripe adapter (tested against a Stripe-speaking server in test/contracts): records what the route asks for.
    const stripeLike: PaymentProcessor = {
      provider: 'stripe',
      charge: async () => ({ status: 'succeeded', processorPaymentId: 'pi_1' }),
      refund: async () => ({ refundId: 're_1' }),
      parseWebhook: async () => ({ id: 'evt', type: 'other', processorPaymentId: null }),
      createCustomer: async (req) => (calls.push(`customer ${req.idempotencyKey}`), { customerId: 'cus_123' }),
      createCardSetup: async (req) => (calls.push(`setup ${req.customerId}`), { clientSecret: 'seti_1_secret_abc', setupId: 'seti_1' }),
      deleteCustomer: async (id) => void calls.push(`delete ${id}`),
      describeCard: async (token) => {
        if (token === 'pm_SomeoneElses1') return { token, brand: 'visa', last4: '1111', expiryMonth: 1, expiryYear: 2030, customerId: 'cus_other' };
        if (token !== 'pm_1AbCdEfGhIjK') throw new UnknownCardError('no such card');
        return { token, brand: 'mastercard', last4: '4444', expiryMonth: 9, expiryYear: 2031, customerId: 'cus_123' };
      },
    };
    const config = parseConfig({ APP_ENV: 'test', BASE_DOMAIN: 'portal.test', PAYMENT_PROCESSOR: 'stripe', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' });
    const app = createApp({ ...host.deps, config, processor: stripeLike });
    const c = tenantClient(app, 'alpha');
    const pat = sessionTokenOf(await c('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD } }));
    const page = await c('/payments/methods', { cookie: pat });
    const html = await page.text();
    expect(html).toContain('data-publishable-key="pk_test_abc"');
    expect(html).toContain('data-client-secret="seti_1_secret_abc"');
    expect(html).toContain('src="https://js.stripe.com/v3/"');
    expect(html).not.toContain('data-card-frame');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain('https://js.stripe.com');
    expect(csp).toContain("frame-ancestors 'none'");
    await c('/payments/methods', { cookie: pat });
    // One Stripe customer per borrower, however often the page is opened.
    expect(calls.filter((x) => x.startsWith('customer'))).toHaveLength(1);
    expect(calls.filter((x) => x === 'setup cus_123')).toHaveLength(2);

    // The page's claims are ignored: brand and last four come from Stripe.
    expect((await c('/payments/methods/cards', { cookie: pat, form: { token: 'pm_1AbCdEfGhIjK', last4: '0000', brand: 'visa' } })).status).toBe(303);
    expect(await (await c('/payments/methods', { cookie: pat })).text()).toContain('Mastercard •••• 4444');
    const unknown = await c('/payments/methods/cards', { cookie: pat, form: { token: 'pm_NotAKnownCard1' } });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('does not know this card');
    // Another Stripe customer's card cannot be saved here.
    expect((await c('/payments/methods/cards', { cookie: pat, form: { token: 'pm_SomeoneElses1' } })).status).toBe(422);
    // The sandbox's card page does not exist with a real processor.
    expect((await c('/payments/methods/card-frame', { cookie: pat })).status).toBe(404);
  });
});

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emails, ledgerEntries, payments as paymentsTable } from '../../src/db/schema';
import { addDays, localDate } from '../../src/domain/dates';

const localDateOf = (d: Date) => localDate(d, 'America/Denver');
import { fixedClock } from '../../src/lib/clock';
import { runPaymentJobs } from '../../src/services/payment-jobs';
import { postLineTransaction } from '../../src/services/servicing';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';

describe('AutoPay', () => {
  // 10:00 in Denver on 2026-11-22.
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

  /** The form, the review with the authorisation text, and acceptance. */
  async function setUp(displayId: string, fields: Record<string, string>) {
    const review = await client()(`/accounts/${displayId}/autopay/review`, { cookie: jordan, form: fields });
    const html = await review.text();
    return { review, html, accept: (accept = true) => client()(`/accounts/${displayId}/autopay`, { cookie: jordan, form: { ...fields, ...(accept ? { accept: 'on' } : {}) } }) };
  }

  it('sets up an AutoPay on the account’s own schedule: the authorisation is shown, must be accepted, is stored and emailed', async () => {
    const card = await addCard('4242424242424242');
    const page = await (await client()('/accounts/AL-204817/autopay', { cookie: jordan })).text();
    expect(page).toContain('Set up AutoPay');
    expect(page).toContain('On each payment due date');
    const { review, html, accept } = await setUp('AL-204817', { method: card, frequency: 'account_schedule', amountType: 'next_payment', startDate: '2026-11-23' });
    expect(review.status).toBe(200);
    expect(html).toContain('I, Jordan Rivera, authorise Sunrise Lending to take payments for account AL-204817');
    expect(html).toContain('Visa •••• 4242');
    const unaccepted = await accept(false);
    expect(unaccepted.status).toBe(422);
    expect(await unaccepted.text()).toContain('Tick the box to accept the authorisation.');
    const saved = await accept();
    expect(saved.status).toBe(303);
    const [row] = await tdb().autopays.forAccount((await tdb().accounts.findByDisplayId('AL-204817'))!.id);
    expect(row).toMatchObject({ status: 'active', frequency: 'account_schedule', amountType: 'next_payment', consecutiveFailures: 0 });
    expect(row!.authorizationText).toContain('authorise Sunrise Lending');
    expect(row!.nextRunDate! > '2026-11-22').toBe(true);
    await deliver();
    const mail = await host.db.select().from(emails).where(eq(emails.subject, 'Your AutoPay for AL-204817 is set up'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(row!.authorizationText);
    // The page lists it, on, with its next date in the lender's time zone.
    const listed = await (await client()('/accounts/AL-204817/autopay?saved=1', { cookie: jordan })).text();
    expect(listed).toContain('On each payment due date');
    expect(listed).toContain('Mountain Standard Time');
    // A method that pays an AutoPay cannot be removed.
    const remove = await client()(`/payments/methods/${card}/remove`, { cookie: jordan, method: 'POST' });
    expect(remove.status).toBe(409);
    expect(await remove.text()).toContain('pays the AutoPay on');
  });

  it('explains a bad plan in the form and keeps the choices', async () => {
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id))[0]!.id;
    const bad = await client()('/accounts/LC-550921/autopay/review', { cookie: jordan, form: { method: card, frequency: 'semimonthly', day1: '15', day2: '15', amountType: 'fixed', fixedAmount: 'ten', startDate: '2026-01-01' } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/start date/i);
    expect(html).toMatch(/fixed amount|amount/i);
    expect(html).toContain('value="ten"');
    expect(html).toMatch(/id="f-ap-freq-semimonthly"[^>]*checked/);
    // Lines of credit have no schedule of their own to follow.
    const noSchedule = await client()('/accounts/LC-550921/autopay/review', { cookie: jordan, form: { method: card, frequency: 'account_schedule', amountType: 'minimum', startDate: '2026-11-23' } });
    expect(noSchedule.status).toBe(422);
  });

  it('switches off and on; a switched-off AutoPay makes no payment', async () => {
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const [row] = await tdb().autopays.forAccount(account.id);
    const off = await client()(`/accounts/AL-204817/autopay/${row!.id}/switch`, { cookie: jordan, form: { on: 'off' } });
    expect(await off.text()).toContain('AutoPay is off');
    expect((await tdb().autopays.find(row!.id))!.status).toBe('paused');
    const on = await client()(`/accounts/AL-204817/autopay/${row!.id}/switch`, { cookie: jordan, form: { on: 'on' } });
    expect(await on.text()).toContain('AutoPay is on.');
  });

  it('runs a year of monthly AutoPays on the 31st through month ends, paying once per run, and stops after two failures in a row', async () => {
    // A fixed $150 on the line of credit, monthly on the 31st.
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === '4242')!.id;
    const { accept } = await setUp('LC-550921', { method: card, frequency: 'monthly', amountType: 'fixed', fixedAmount: '150.00', startDate: '2026-12-31' });
    expect((await accept()).status).toBe(303);
    const line = (await tdb().accounts.findByDisplayId('LC-550921'))!;
    const [autopay] = await tdb().autopays.forAccount(line.id);
    // The auto loan's AutoPay is switched off for this year so the run dates are the line's alone.
    const [loanAutopay] = await tdb().autopays.forAccount((await tdb().accounts.findByDisplayId('AL-204817'))!.id);
    await tdb().autopays.update(loanAutopay!.id, { status: 'paused' }, clock.now());

    const runDays: string[] = [];
    const jobs = () => runPaymentJobs({ db: host.db, queue: host.deps.queue }, clock.now());
    const madeBy = async () => (await host.db.select().from(paymentsTable).where(eq(paymentsTable.autopayId, autopay!.id))).length;
    for (let day = '2026-12-01'; day <= '2027-11-30'; day = addDays(day, 1)) {
      // 09:07 UTC is 02:07 in Denver: the hourly job's morning run.
      clock.set(`${day}T09:07:00Z`);
      const before = await madeBy();
      await jobs();
      await deliver();
      if ((await madeBy()) > before) runDays.push(day);
      // The job again the same hour (or its message delivered twice) makes nothing new.
      await jobs();
      await deliver();
      expect(await madeBy()).toBe(before + (runDays.at(-1) === day ? 1 : 0));
    }
    expect(runDays).toEqual(['2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31', '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30'].filter((d) => runDays.includes(d)));
    expect(runDays.slice(0, 4)).toEqual(['2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31']);
    const made = await host.db.select().from(paymentsTable).where(eq(paymentsTable.autopayId, autopay!.id));
    expect(made.length).toBe(runDays.length);
    for (const p of made) {
      expect(p.status).toBe('completed');
      expect(await host.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, p.id))).toHaveLength(1);
      expect(p.amount).toBeLessThanOrEqual(15_000);
    }

    // Now the card starts declining: the next two runs fail and the AutoPay stops, with an email.
    jordan = await env.signInBorrower();
    // (A new draw, so there is something to pay.)
    await postLineTransaction(tdb(), demo.tenant, { accountId: line.id, kind: 'draw', date: '2027-12-01', amount: 50_000, description: 'Draw' }, clock.now());
    await tdb().autopays.update(autopay!.id, { paymentMethodId: await addCard('4000000000000002'), status: 'active', nextRunDate: '2027-12-31' }, clock.now());
    for (const day of ['2027-12-31', '2028-01-31', '2028-02-29']) {
      clock.set(`${day}T09:07:00Z`);
      await runPaymentJobs({ db: host.db, queue: host.deps.queue }, clock.now());
      await deliver();
    }
    const after = (await tdb().autopays.find(autopay!.id))!;
    expect(after.status).toBe('stopped');
    expect(after.consecutiveFailures).toBe(2);
    const failed = (await host.db.select().from(paymentsTable).where(eq(paymentsTable.autopayId, autopay!.id))).filter((p) => p.status === 'failed');
    expect(failed).toHaveLength(2); // the third date found it stopped
    const stopped = await host.db.select().from(emails).where(eq(emails.subject, 'Your AutoPay for LC-550921 has stopped'));
    expect(stopped).toHaveLength(1);
    // A stopped AutoPay cannot simply be switched back on.
    jordan = await env.signInBorrower();
    const again = await client()(`/accounts/LC-550921/autopay/${autopay!.id}/switch`, { cookie: jordan, form: { on: 'on' } });
    expect(again.status).toBe(409);
  }, 120_000);

  it('restarts a stopped AutoPay only through a change and a new authorisation', async () => {
    const line = (await tdb().accounts.findByDisplayId('LC-550921'))!;
    const [stopped] = await tdb().autopays.forAccount(line.id);
    expect(stopped!.status).toBe('stopped');
    const page = await (await client()('/accounts/LC-550921/autopay', { cookie: jordan })).text();
    expect(page).toContain('Change and authorise again');
    expect(page).not.toContain('Set up AutoPay</h2>'); // one AutoPay per account: no second form
    const edit = await (await client()(`/accounts/LC-550921/autopay/${stopped!.id}/edit`, { cookie: jordan })).text();
    expect(edit).toContain('Change AutoPay');
    expect(edit).toContain('value="150.00"');
    const card = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === '4242')!.id;
    const today = localDateOf(clock.now());
    const fields = { method: card, frequency: 'monthly', amountType: 'minimum', startDate: addDays(today, 1) };
    const review = await client()(`/accounts/LC-550921/autopay/${stopped!.id}/review`, { cookie: jordan, form: fields });
    expect(await review.text()).toContain(`action="/accounts/LC-550921/autopay/${stopped!.id}"`);
    const bad = await client()(`/accounts/LC-550921/autopay/${stopped!.id}/review`, { cookie: jordan, form: { ...fields, startDate: '2020-01-01' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Change AutoPay'); // the change form again, not a new AutoPay
    expect((await client()(`/accounts/LC-550921/autopay/${stopped!.id}`, { cookie: jordan, form: { ...fields, accept: 'on' } })).status).toBe(303);
    const after = (await tdb().autopays.find(stopped!.id))!;
    expect(after).toMatchObject({ status: 'active', consecutiveFailures: 0, amountType: 'minimum', fixedAmount: null });
    expect(after.authorizedAt.getTime()).toBe(clock.now().getTime());
    expect(after.authorizationText).toContain('the minimum payment');
    expect((await tdb().autopays.forAccount(line.id)).length).toBe(1);
  });

  it('finishes a run that made its payment but stopped before moving on, even when the amount due has changed since', async () => {
    const { runAutopay } = await import('../../src/services/autopay');
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const [row] = await tdb().autopays.forAccount(account.id);
    const day = localDateOf(clock.now());
    await tdb().autopays.update(row!.id, { status: 'active', nextRunDate: day, amountType: 'fixed', fixedAmount: 1_000, consecutiveFailures: 0 }, clock.now());
    const deps = { queue: host.deps.queue, portalUrl: (p: string) => p };
    expect(await runAutopay(tdb(), demo.tenant, deps, row!.id, day, clock.now())).toBe('paid');
    // As if the first run crashed before saving its next date, and the plan's amount changed meanwhile.
    await tdb().autopays.update(row!.id, { nextRunDate: day, fixedAmount: 2_000 }, clock.now());
    expect(await runAutopay(tdb(), demo.tenant, deps, row!.id, day, clock.now())).toBe('paid');
    const made = (await host.db.select().from(paymentsTable).where(eq(paymentsTable.autopayId, row!.id))).filter((p) => p.scheduledFor === day);
    expect(made.map((p) => p.amount)).toEqual([1_000]);
    expect((await tdb().autopays.find(row!.id))!.nextRunDate! > day).toBe(true);
    // And a message for a date already run is a no-op.
    expect(await runAutopay(tdb(), demo.tenant, deps, row!.id, day, clock.now())).toBe('not-due');
  });

  it('keeps AutoPays to their own borrower and tenant', async () => {
    const [row] = await tdb().autopays.forAccount((await tdb().accounts.findByDisplayId('AL-204817'))!.id);
    const before = row!.status;
    const alpha = tenantClient(host.app, 'alpha');
    const pat = sessionTokenOf(await alpha('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD } }));
    expect((await alpha(`/accounts/FX-1/autopay/${row!.id}/edit`, { cookie: pat })).status).toBe(404);
    expect((await alpha(`/accounts/FX-1/autopay/${row!.id}/switch`, { cookie: pat, form: { on: 'off' } })).status).toBe(404);
    expect((await alpha('/accounts/AL-204817/autopay', { cookie: pat })).status).toBe(404);
    expect((await tdb().autopays.find(row!.id))!.status).toBe(before);
  });
});

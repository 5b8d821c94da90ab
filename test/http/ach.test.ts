import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { emails, ledgerEntries, type PaymentRow } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { checkNachaFile } from '../../src/domain/payments/nacha-check';
import { parseConfig } from '../../src/env';
import { isSandboxProcessor } from '../../src/integrations/payments/sandbox';
import { fixedClock } from '../../src/lib/clock';
import { sha256Hex } from '../../src/lib/hash';
import { newId } from '../../src/lib/ids';
import { encryptString, importDataKey } from '../../src/lib/secrets';
import { PLACEHOLDER_REFUSAL } from '../../src/services/ach';
import { runPaymentJobs } from '../../src/services/payment-jobs';
import { completeSettledBankPayments, newPaymentReference } from '../../src/services/payments';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { useDemoHost, type Demo } from '../support/demo-host';
import { PROD_SECRETS, TEST_BASE_DOMAIN } from '../support/fixtures';
import { tenantClient } from '../support/http-client';
import { type NodeTestHost } from '../support/node-host';

const lines = (text: string) => text.split('\r\n').filter((l) => l !== '');
const batchHeaders = (text: string) => lines(text).filter((l) => l.startsWith('5'));
const entryRecords = (text: string) => lines(text).filter((l) => l.startsWith('6'));

/** A bank payment already posted, as a late delivery or an older row leaves it (the file only needs it posted). */
function postedBankPayment(demo: Demo, accountId: string, methodId: string, day: string, amount: number): Omit<PaymentRow, 'tenantId' | 'createdAt' | 'updatedAt'> {
  return {
    id: newId(), reference: newPaymentReference(), customerId: demo.borrower.id, accountId, paymentMethodId: methodId, methodKind: 'bank', amount, fee: 0, scheduledFor: day, status: 'processing', source: 'one_time',
    groupId: null, autopayId: null, idempotencyKey: `${newId()}:x`, requestHash: 'x', processorPaymentId: null, failureReason: null, returnCode: null, ledgerEntryId: `posted-${newId()}`, processedAt: null, secCode: 'WEB', authorization: null,
  };
}

describe('bank payments: NACHA files as sent, SEC codes by channel, returns, settlement; card webhooks', () => {
  // 10:00 in Denver on Sunday 2026-11-22.
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb, deliver, staffSession } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let jordan: string;
  let owner: string;
  const at = async (instant: string) => {
    clock.set(instant);
    owner = await staffSession('owner');
    jordan = await env.signInBorrower();
  };
  beforeAll(async () => {
    ({ host, demo } = env);
    jordan = await env.signInBorrower();
    owner = await staffSession('owner');
  });

  const bankMethod = async (last4: string) => (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === last4)!;
  async function payByBank(displayId: string, amount: string, bankLast4: string) {
    const method = await bankMethod(bankLast4);
    const posted = await client()(`/accounts/${displayId}/pay/review`, { cookie: jordan, form: { choice: 'custom', custom: amount, method: method.id } });
    const review = await (await client()(posted.headers.get('location')!, { cookie: jordan })).text();
    const hidden = Object.fromEntries([...review.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await client()(`/accounts/${displayId}/pay`, { cookie: jordan, form: hidden });
    expect(res.status).toBe(303);
    await deliver();
    return (await tdb().payments.findByReference(decodeURIComponent(res.headers.get('location')!.split('/').pop()!)))!;
  }
  /** Builds a day's file as the owner; returns the recorded file and its download. */
  async function build(day: string) {
    const res = await client()('/admin/ach/files', { cookie: owner, form: { day } });
    expect(res.status, await res.clone().text()).toBe(303);
    const id = /built=([A-Za-z0-9_-]{22})/.exec(res.headers.get('location') ?? '')![1]!;
    return { id, location: res.headers.get('location')!, file: (await tdb().ach.find(id))! };
  }
  const download = (id: string, cookie = owner) => client()(`/admin/ach/files/${id}.ach`, { cookie });

  let firstFile: { id: string; text: string };

  it('builds a day’s file after its cut-off, records it as sent, and every download is the same bytes', async () => {
    await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '081000032', account: '4433221100', confirmAccount: '4433221100', accountType: 'savings' } });
    const payment = await payByBank('AL-204817', '300.00', '1100');
    expect(payment).toMatchObject({ status: 'processing', secCode: 'WEB', authorization: null });
    expect(await host.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, payment.id))).toHaveLength(1);

    const page = await (await client()('/admin/ach', { cookie: owner })).text();
    expect(page).toContain('Build the file for Nov 22, 2026 (1 payment)');
    // Development has no bank details: files carry the placeholders, and the page says so.
    expect(page).toContain('Test values');
    expect(page).toContain('href="/admin/settings#ach"');
    // Before the day's cut-off more payments may come: no file yet.
    const early = await client()('/admin/ach/files', { cookie: owner, form: { day: '2026-11-22' } });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('after the 17:00 cut-off');
    expect(await tdb().ach.forDay('2026-11-22')).toEqual([]);

    await at('2026-11-23T01:00:00Z'); // 18:00 in Denver, still Sunday
    // Read-only staff never build or get the account numbers.
    const viewer = await staffSession('read_only');
    expect((await client()('/admin/ach/files', { cookie: viewer, form: { day: '2026-11-22' } })).status).toBe(403);
    const { id, location, file } = await build('2026-11-22');
    expect(file).toMatchObject({ day: '2026-11-22', seq: 1, creationDate: '2026-11-22', creationTime: '1800', fileIdModifier: 'A', effectiveDate: '2026-11-23', entries: 1, batches: 1, totalDebits: 30_000, testValues: true, createdBy: demo.owner.id });
    expect(file.contentEncrypted).not.toContain('4433221100');
    const sent = await (await client()(location, { cookie: owner })).text();
    expect(sent).toContain('is built and recorded as sent');
    expect(sent).toContain(`href="/admin/ach/files/${id}.ach"`);
    expect(sent).toContain(`by ${demo.owner.name}`);
    expect(sent).toContain(file.sha256.slice(0, 16));
    expect(sent).toContain('None: all sent');

    expect((await download(id, viewer)).status).toBe(403);
    expect((await download(id, jordan)).status).toBe(303); // borrowers are sent to the staff sign-in
    const res = await download(id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ach-demo-2026-11-22.ach"');
    const text = await res.text();
    expect(await sha256Hex(text)).toBe(file.sha256);
    expect(checkNachaFile(text)).toEqual({ ok: true, batches: 1, entries: 1, totalDebits: 30_000, totalCredits: 0 });
    const [header] = lines(text);
    expect(header!.slice(3, 13)).toBe(' 231380104'); // the placeholder destination…
    expect(header!.slice(86, 94)).toBe('TEST    '); // …and the file says it is a test
    expect(header!.slice(23, 33)).toBe('2611221800'); // created Nov 22, 18:00
    expect(header!.slice(33, 34)).toBe('A');
    const entry = entryRecords(text)[0]!;
    expect(entry.slice(1, 3)).toBe('37'); // savings debit
    expect(entry.slice(3, 12)).toBe('081000032');
    expect(entry.slice(12, 29).trim()).toBe('4433221100');
    expect(entry.slice(39, 54).trim()).toBe(payment.reference);
    expect(entry.slice(76, 78)).toBe('S '); // a single WEB payment
    // Built on Sunday the 22nd after its cut-off: it settles on Monday the 23rd.
    expect(batchHeaders(text).map((b) => [b.slice(50, 53), b.slice(69, 75)])).toEqual([['WEB', '261123']]);
    const [audit] = (await tdb().audit.history('ach_file', id)).filter((a) => a.action === 'ach.file-sent');
    expect(audit).toMatchObject({ actorType: 'agent', actorId: demo.owner.id, after: { day: '2026-11-22', sha256: file.sha256, entries: 1, total: '$300.00', testValues: true } });

    // Two hours on, the download is the very same file: same creation time, file ID and bytes.
    await at('2026-11-23T03:00:00Z');
    const again = await (await download(id)).text();
    expect(again).toBe(text);
    // Building the day again makes nothing new: everything is in the file already.
    const twice = await client()('/admin/ach/files', { cookie: owner, form: { day: '2026-11-22' } });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Every bank payment dated Nov 22, 2026 is already in a file sent to the bank');
    expect(await tdb().ach.forDay('2026-11-22')).toHaveLength(1);

    // A payment of that day posted afterwards goes in a second file, never into the first.
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const late = postedBankPayment(demo, account.id, payment.paymentMethodId, '2026-11-22', 1_234);
    await tdb().payments.insertAll([late], clock.now());
    expect(await (await client()('/admin/ach', { cookie: owner })).text()).toContain('Build the file for Nov 22, 2026 (1 payment)');
    const second = await build('2026-11-22');
    expect(second.file).toMatchObject({ seq: 2, fileIdModifier: 'B', creationDate: '2026-11-22', creationTime: '2000', entries: 1, totalDebits: 1_234 });
    const secondRes = await download(second.id);
    expect(secondRes.headers.get('content-disposition')).toBe('attachment; filename="ach-demo-2026-11-22-2.ach"');
    const secondText = await secondRes.text();
    expect(entryRecords(secondText).map((e) => e.slice(39, 54).trim())).toEqual([late.reference]);
    expect(checkNachaFile(secondText)).toMatchObject({ ok: true, entries: 1, totalDebits: 1_234 });
    expect(await (await download(id)).text()).toBe(text);
    firstFile = { id, text };
  });

  it('counts a bank payment as completed once its return window has passed', async () => {
    const [first] = await tdb().payments.history(demo.borrower.id, [(await tdb().accounts.findByDisplayId('AL-204817'))!.id], { methodKind: 'bank', from: '2026-11-22', to: '2026-11-22' });
    const payment = (await tdb().payments.history(demo.borrower.id, [first!.accountId], { methodKind: 'bank' })).find((p) => p.amount === 30_000)!;
    expect(payment.status).toBe('processing');
    // Its file settled on the 23rd: the return window (3 days) runs from then, not from its payment day.
    await completeSettledBankPayments(tdb(), demo.tenant, new Date('2026-11-25T17:00:00Z'));
    expect((await tdb().payments.find(payment.id))!.status).toBe('processing'); // 2 days after settling: it can still come back
    // A bank payment never put in a sent file was never collected: it is not counted as completed.
    const unsent = postedBankPayment(demo, first!.accountId, payment.paymentMethodId, '2026-11-20', 1_000);
    await tdb().payments.insertAll([unsent], clock.now());
    expect(await completeSettledBankPayments(tdb(), demo.tenant, new Date('2026-11-26T17:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect((await tdb().payments.find(payment.id))!.status).toBe('completed');
    expect((await tdb().payments.find(unsent.id))!.status).toBe('processing');
  });

  it('refuses to build a file when a routing number is wrong, and says which payment', async () => {
    const id = newId();
    await tdb().paymentMethods.add({ id, customerId: demo.borrower.id, kind: 'bank', routingNumber: '123456789', accountNumberEncrypted: 'v1.x.y', accountType: 'checking', last4: '0000', holderName: 'Jordan Rivera' }, clock.now());
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    const bad = postedBankPayment(demo, account.id, id, '2026-11-21', 1_000);
    await tdb().payments.insertAll([bad], clock.now());
    const res = await client()('/admin/ach/files', { cookie: owner, form: { day: '2026-11-21' } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`The file was not built: Payment ${bad.reference}: the routing number on file is not valid.`);
    expect(await tdb().ach.forDay('2026-11-21')).toEqual([]);
  });

  const refs: Record<'autopay' | 'portal' | 'phone' | 'written', string> = { autopay: '', portal: '', phone: '', written: '' };

  it('gives each channel its SEC code (portal and AutoPay WEB, staff by phone TEL, in writing PPD), one batch each', async () => {
    const bank = await bankMethod('1100');
    // An AutoPay from the bank account, its first run on Monday the 23rd.
    const fields = { method: bank.id, frequency: 'monthly', amountType: 'fixed', fixedAmount: '25.00', startDate: '2026-11-23' };
    await client()('/accounts/AL-204817/autopay/review', { cookie: jordan, form: fields });
    expect((await client()('/accounts/AL-204817/autopay', { cookie: jordan, form: { ...fields, accept: 'on' } })).status).toBe(303);
    await at('2026-11-23T09:07:00Z'); // 02:07 in Denver: the morning run
    await runPaymentJobs({ db: host.db, queue: host.deps.queue }, clock.now());
    await deliver();
    const autopay = (await tdb().payments.history(demo.borrower.id, [(await tdb().accounts.findByDisplayId('AL-204817'))!.id], { source: 'autopay' }))[0]!;
    expect(autopay).toMatchObject({ scheduledFor: '2026-11-23', status: 'processing', secCode: 'WEB', authorization: null });
    refs.autopay = autopay.reference;

    await at('2026-11-23T17:00:00Z'); // Monday 10:00
    refs.portal = (await payByBank('PL-118342', '30.00', '1100')).reference;

    // Staff taking a payment from the saved bank account must say how the borrower authorised it.
    const agent = await staffSession('agent');
    const take = async (displayId: string, amount: string, authorization?: string) => {
      const page = await (await client()(`/admin/accounts/${displayId}?tab=payments`, { cookie: agent })).text();
      const key = /name="key" value="([^"]+)"/.exec(page)![1]!;
      return client()(`/admin/accounts/${displayId}/payments/process`, { cookie: agent, form: { key, method: bank.id, amount, ...(authorization ? { authorization } : {}) } });
    };
    const form = await (await client()('/admin/accounts/AL-204817?tab=payments', { cookie: agent })).text();
    expect(form).toContain('For a bank account: how did the borrower authorise this payment?');
    const missing = await take('AL-204817', '40.00');
    expect(missing.status).toBe(422);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('Say how the borrower authorised this bank payment: on this phone call, or in writing.');
    expect(missingHtml).toContain('value="40.00"');
    expect((await tdb().payments.history(demo.borrower.id, [(await tdb().accounts.findByDisplayId('AL-204817'))!.id], { from: '2026-11-23', methodKind: 'bank' })).filter((p) => p.amount === 4_000)).toEqual([]);

    const byPhone = await take('AL-204817', '40.00', 'phone');
    expect(byPhone.status).toBe(303);
    refs.phone = /saved=(P-[0-9A-Z]{8})/.exec(byPhone.headers.get('location') ?? '')![1]!;
    const phone = (await tdb().payments.findByReference(refs.phone))!;
    expect(phone.secCode).toBe('TEL');
    expect(phone.authorization).toMatchObject({ how: 'phone', at: clock.now().toISOString() });
    const [submitted] = await tdb().audit.history('payment', phone.id, ['payment.submitted']);
    expect(submitted).toMatchObject({ actorType: 'agent', actorId: phone.authorization!.agentId, after: { references: [refs.phone], authorization: 'authorised by phone (TEL)', authorizedAt: clock.now().toISOString() } });

    const inWriting = await take('PL-118342', '50.00', 'written');
    expect(inWriting.status).toBe(303);
    refs.written = /saved=(P-[0-9A-Z]{8})/.exec(inWriting.headers.get('location') ?? '')![1]!;
    expect((await tdb().payments.findByReference(refs.written))!).toMatchObject({ secCode: 'PPD', authorization: { how: 'written' } });
    await deliver();
    expect(await (await client()('/admin/accounts/AL-204817?tab=payments', { cookie: agent })).text()).toContain('ACH TEL');

    await at('2026-11-24T01:00:00Z'); // Monday 18:00, after the cut-off
    const { id, file } = await build('2026-11-23');
    const text = await (await download(id)).text();
    expect(checkNachaFile(text)).toEqual({ ok: true, batches: 3, entries: 4, totalDebits: 2_500 + 3_000 + 4_000 + 5_000, totalCredits: 0 });
    expect(file).toMatchObject({ batches: 3, entries: 4, effectiveDate: '2026-11-24' });
    // One SEC code per batch (Nacha), numbered in order; a Monday file settles on Tuesday.
    expect(batchHeaders(text).map((b) => [b.slice(50, 53), b.slice(69, 75), b.slice(87, 94)])).toEqual([
      ['WEB', '261124', '0000001'],
      ['TEL', '261124', '0000002'],
      ['PPD', '261124', '0000003'],
    ]);
    const byRef = Object.fromEntries(entryRecords(text).map((e) => [e.slice(39, 54).trim(), e]));
    expect(byRef[refs.autopay]!.slice(76, 78)).toBe('R '); // recurring
    expect(byRef[refs.portal]!.slice(76, 78)).toBe('S ');
    expect(byRef[refs.phone]!.slice(76, 78)).toBe('S ');
    expect(byRef[refs.written]!.slice(76, 78)).toBe('  ');
    const records = lines(text);
    const batchOf = (reference: string) => batchHeaders(text).indexOf(records.slice(0, records.indexOf(byRef[reference]!)).filter((l) => l.startsWith('5')).at(-1)!);
    expect([batchOf(refs.autopay), batchOf(refs.portal), batchOf(refs.phone), batchOf(refs.written)]).toEqual([0, 0, 1, 2]);
  });

  it('records a return only with a Nacha code, a date between settlement and today, and within the code’s time limit', async () => {
    const portal = (await tdb().payments.findByReference(refs.portal))!;
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    const returnsMail = async () => (await host.db.select().from(emails).where(eq(emails.subject, 'Your bank returned your payment on PL-118342'))).length;
    const reversals = async () => (await tdb().ledger.entries(account.id)).filter((e) => e.kind === 'reversal' && e.reversesId === portal.ledgerEntryId);
    const post = (form: Record<string, string>, cookie = owner) => client()('/admin/ach/returns', { cookie, form });
    const refused = async (form: Record<string, string>, message: string, field: 'code' | 'date') => {
      const res = await post(form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain(`id="f-${field}-error"`);
      expect(html).toContain(`value="${form.reference}"`);
      expect((await tdb().payments.find(portal.id))!.status).toBe('processing');
      expect(await reversals()).toEqual([]);
    };
    await at('2026-11-25T17:00:00Z'); // Wednesday; the file settled on Tuesday the 24th
    const page = await (await client()('/admin/ach', { cookie: owner })).text();
    expect(page).toContain('<option value="R01">R01 Insufficient funds</option>');
    expect(page).toContain('<option value="R10">R10 Customer advises originator is not known to receiver and/or not authorized to debit</option>');
    expect(page).not.toContain('value="R99"');

    expect((await post({ reference: portal.reference, code: 'R01', date: '2026-11-25' }, await staffSession('read_only'))).status).toBe(403);
    const unknown = await post({ reference: 'P-NOSUCH00', code: 'R01', date: '2026-11-24' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('value="P-NOSUCH00"');
    await refused({ reference: portal.reference, code: 'R99', date: '2026-11-25' }, 'R99 is not a Nacha return code.', 'code');
    // The code typed stays chosen.
    expect(await (await post({ reference: portal.reference, code: 'R99', date: '2026-11-25' })).text()).toContain('<option value="R99" selected');
    await refused({ reference: portal.reference, code: 'R80', date: '2026-11-25' }, 'R80 (IAT entry coding error) cannot come back on this payment', 'code');
    await refused({ reference: portal.reference, code: 'R01', date: '2027-01-01' }, 'A return cannot be dated in the future: today is Nov 25, 2026.', 'date');
    await refused({ reference: portal.reference, code: 'R01', date: '2026-11-23' }, `${portal.reference} settled on Nov 24, 2026: a return cannot be dated before that.`, 'date');

    // Thursday the 26th is Thanksgiving: R01's 2 banking days after Tuesday end on Friday the 27th.
    await at('2026-11-30T17:00:00Z');
    await refused({ reference: portal.reference, code: 'R01', date: '2026-11-30' }, 'R01 must come back within 2 banking days of settlement (by Nov 27, 2026', 'code');
    await deliver();
    expect(await returnsMail()).toBe(0);

    // R10 (not authorised) has 60 days.
    const ok = await post({ reference: portal.reference.toLowerCase(), code: 'R10', date: '2026-11-30' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`Payment ${portal.reference} is recorded as returned (R10) and reversed on the account.`);
    expect((await tdb().payments.find(portal.id))!).toMatchObject({ status: 'reversed', returnCode: 'R10' });
    const [reversal] = await reversals();
    expect(reversal).toMatchObject({ amount: -3_000, effectiveDate: '2026-11-30' });
    expect(reversal!.description).toContain('R10');
    const sent = (await tdb().ach.sentWith(portal.id))!;
    const [returned] = (await tdb().audit.history('payment', portal.id)).filter((a) => a.action === 'payment.returned');
    expect(returned).toMatchObject({ actorType: 'agent', after: { returnCode: 'R10', returnDate: '2026-11-30', settled: '2026-11-24', traceNumber: sent.traceNumber } });
    expect((await post({ reference: portal.reference, code: 'R10', date: '2026-11-30' })).status).toBe(409);
    await deliver();
    expect(await returnsMail()).toBe(1);

    // The TEL payment, revoked 47 days after settlement: R07 is within its 60 days.
    await at('2027-01-10T17:00:00Z');
    expect((await post({ reference: refs.phone, code: 'R07', date: '2027-01-10' })).status).toBe(200);
    expect((await tdb().payments.findByReference(refs.phone))!.returnCode).toBe('R07');

    // A bank payment not yet in a sent file cannot have come back.
    const unsent = await payByBank('PL-118342', '20.00', '1100');
    const early = await post({ reference: unsent.reference, code: 'R01', date: '2027-01-10' });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain(`${unsent.reference} has not gone to the bank in a sent file yet`);
    expect((await tdb().payments.find(unsent.id))!.status).toBe('processing');
    // Nor can staff reverse it on the account while it waits for a file, even once its day has passed: it would still be collected.
    await at('2027-01-12T17:00:00Z');
    const manager = await staffSession('manager');
    const posted = (await tdb().ledger.findByPayment(unsent.id))!;
    const reverse = await client()(`/admin/accounts/PL-118342/payments/${posted.id}/reverse`, { cookie: manager, form: { reason: 'Posted in error' } });
    expect(reverse.status).toBe(409);
    expect(await reverse.text()).toContain(`${unsent.reference} is a bank payment still to be collected in the ACH file for Jan 10, 2027`);
    expect((await tdb().payments.find(unsent.id))!.status).toBe('processing');
  });

  it('answers 404 to another tenant’s staff for this tenant’s files and payments', async () => {
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaOwner = await alphaTdb.agents.create({ email: `o-${newId()}@alpha.example`, name: 'Alpha Owner', role: 'owner' }, clock.now());
    const session = (await startSession(alphaTdb, { type: 'agent', id: alphaOwner.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    const file = await alpha(`/admin/ach/files/${firstFile.id}.ach`, { cookie: session });
    expect(file.status).toBe(404);
    expect(await file.text()).not.toContain('4433221100');
    const written = (await tdb().payments.findByReference(refs.written))!;
    expect((await alpha('/admin/ach/returns', { cookie: session, form: { reference: written.reference, code: 'R01', date: '2027-01-10' } })).status).toBe(404);
    expect((await tdb().payments.find(written.id))!.status).not.toBe('reversed');
    expect(await (await alpha('/admin/ach', { cookie: session })).text()).not.toContain('Nov 22, 2026');
  });

  it('completes a pending card payment from a signed processor webhook, and refuses an unsigned one', async () => {
    const processor = host.deps.processor;
    if (!isSandboxProcessor(processor)) throw new Error('the test host uses the sandbox processor');
    const card = (await host.db.query.paymentMethods.findMany()).find((m) => m.kind === 'bank')!; // any method row will do for a pending card payment record
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const id = newId();
    await tdb().payments.insertAll([{ id, reference: newPaymentReference(), customerId: demo.borrower.id, accountId: account.id, paymentMethodId: card.id, methodKind: 'card', amount: 5_000, fee: 0, scheduledFor: '2026-11-22', status: 'processing', source: 'one_time', idempotencyKey: `${newId()}:y`, requestHash: 'y', processorPaymentId: 'pi_sbx_000000000000000000000001' }], clock.now());
    const body = JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { id: 'pi_sbx_000000000000000000000001', status: 'succeeded' } } });
    const post = (signature: string) => host.app.request('https://portal.test/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
    expect((await post('t=1,v1=00')).status).toBe(400);
    expect((await tdb().payments.find(id))!.status).toBe('processing');
    const ok = await post(await processor.signWebhook(body, clock.now()));
    expect(ok.status).toBe(200);
    expect((await tdb().payments.find(id))!.status).toBe('completed');
    expect(await host.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, id))).toHaveLength(1);
    // Delivered again: still one ledger entry.
    expect((await post(await processor.signWebhook(body, clock.now()))).status).toBe(200);
    expect(await host.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, id))).toHaveLength(1);
    // For a payment not recorded yet (the webhook beat our write), 404 asks the processor to retry.
    const early = JSON.stringify({ id: 'evt_2', type: 'payment_intent.succeeded', data: { object: { id: 'pi_sbx_00000000000000000000000f', status: 'succeeded' } } });
    const res = await host.app.request('https://portal.test/webhooks/payments', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': await processor.signWebhook(early, clock.now()) }, body: early });
    expect(res.status).toBe(404);
  });
});

describe('ACH origination details: set by owners, validated; production refuses the placeholders', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb, staffSession } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let owner: string;
  let prod: ReturnType<typeof tenantClient>;
  const valid = {
    immediateDestination: '081000032', immediateDestinationName: 'First Bank of Denver', immediateOrigin: '1841234567', immediateOriginName: 'Sunrise Lending LLC',
    companyName: 'Sunrise Lending', companyId: '1841234567', odfiRouting: '102000021', companyEntryDescription: 'Loan pmt',
  };
  beforeAll(async () => {
    ({ host, demo } = env);
    owner = await staffSession('owner');
    const config = parseConfig({ APP_ENV: 'production', BASE_DOMAIN: TEST_BASE_DOMAIN, EMAIL_PROVIDER: 'resend', RESEND_API_KEY: 're_x', ...PROD_SECRETS });
    prod = tenantClient(createApp({ ...host.deps, config, devRoutes: false }), 'demo');
  });

  /** A posted bank payment whose account number is encrypted under the given deployment's key. */
  async function bankPaymentOn(day: string, dataKey: string) {
    const keys = await importDataKey(dataKey);
    const id = newId();
    await tdb().paymentMethods.add({ id, customerId: demo.borrower.id, kind: 'bank', routingNumber: '081000032', accountNumberEncrypted: await encryptString(keys, '987654321', `${demo.tenant.id}:payment_method:${id}:account_number`), accountType: 'checking', last4: '4321', holderName: 'Jordan Rivera' }, clock.now());
    const account = (await tdb().accounts.findByDisplayId('AL-204817'))!;
    const row = postedBankPayment(demo, account.id, id, day, 7_500);
    await tdb().payments.insertAll([row], clock.now());
    return row;
  }

  it('refuses to build or download a file with the placeholder details in production, telling the owner what to set', async () => {
    await bankPaymentOn('2026-11-20', PROD_SECRETS.DATA_ENCRYPTION_KEY);
    const page = await prod('/admin/ach', { cookie: owner });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Bank files cannot be built yet');
    expect(html).toContain('href="/admin/settings#ach"');
    const res = await prod('/admin/ach/files', { cookie: owner, form: { day: '2026-11-20' } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(PLACEHOLDER_REFUSAL);
    expect(await tdb().ach.forDay('2026-11-20')).toEqual([]);
    // Staff other than owners are told to ask one.
    expect(await (await prod('/admin/ach', { cookie: await staffSession('manager') })).text()).toContain('Ask an owner of the portal to enter them in Settings.');

    // A file built with placeholders outside production is never handed out by production.
    const jordan = await env.signInBorrower();
    await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '081000032', account: '1122334455', confirmAccount: '1122334455', accountType: 'checking' } });
    const devMethod = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((x) => x.last4 === '4455')!;
    await tdb().payments.insertAll([postedBankPayment(demo, (await tdb().accounts.findByDisplayId('AL-204817'))!.id, devMethod.id, '2026-11-19', 1_500)], clock.now());
    const built = await client()('/admin/ach/files', { cookie: owner, form: { day: '2026-11-19' } });
    expect(built.status).toBe(303);
    const testFile = (await tdb().ach.forDay('2026-11-19'))[0]!;
    expect(testFile.testValues).toBe(true);
    const refusedDownload = await prod(`/admin/ach/files/${testFile.id}.ach`, { cookie: owner });
    expect(refusedDownload.status).toBe(409);
    expect(refusedDownload.headers.get('content-disposition')).toBeNull();
    expect(await refusedDownload.text()).toContain('placeholder origination details (test values)');
  });

  it('shows each invalid field’s message, keeps what was typed and saves nothing', async () => {
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('Bank file (ACH) origination');
    expect(page).toContain('None have been entered yet');
    const cases: [Record<string, string>, string, string][] = [
      [{ immediateDestination: '081000033' }, 'immediateDestination', 'That is not a valid routing number'],
      [{ immediateDestinationName: 'The First National Bank of Denver' }, 'immediateDestinationName', 'Keep the immediate destination name to 23 characters (it has 33).'],
      [{ immediateOrigin: '12345' }, 'immediateOrigin', 'Enter the immediate origin your bank gave you'],
      [{ immediateOriginName: 'Sunrise Lending Société' }, 'immediateOriginName', 'not in the ACH character set'],
      [{ companyName: 'Sunrise Lending Group' }, 'companyName', 'Keep the company name to 16 characters (it has 21).'],
      [{ companyId: '841234567' }, 'companyId', 'The company ID has exactly 10 characters (this has 9)'],
      [{ odfiRouting: '123456789' }, 'odfiRouting', 'That is not a valid routing number'],
      [{ companyEntryDescription: 'PURCHASE' }, 'companyEntryDescription', 'PURCHASE has a set meaning in the Nacha rules'],
      [{ companyEntryDescription: 'LOAN PAYMENT' }, 'companyEntryDescription', 'Keep the entry description to 10 characters (it has 12).'],
    ];
    for (const [patch, field, message] of cases) {
      const res = await client()('/admin/settings/ach', { cookie: owner, form: { ...valid, ...patch } });
      expect(res.status, field).toBe(422);
      const html = await res.text();
      expect(html, field).toContain(message);
      expect(html, field).toContain(`id="f-${field}-error"`);
      // What was typed stays, in the bad field and the others.
      expect(html, field).toContain(`value="${Object.values(patch)[0]}"`);
      expect(html, field).toContain(field === 'odfiRouting' ? `value="${valid.immediateDestination}"` : `value="${valid.odfiRouting}"`);
    }
    expect((await host.deps.db.query.tenants.findFirst({ where: (t, { eq: is }) => is(t.id, demo.tenant.id) }))!.settings.achOrigination).toBeUndefined();
    // Only owners change them.
    expect((await client()('/admin/settings/ach', { cookie: await staffSession('manager'), form: valid })).status).toBe(403);
  });

  it('saves valid details, audited; production then builds files that carry them', async () => {
    // The placeholders typed in (they pass every check) are still the placeholders: production still refuses.
    expect((await prod('/admin/settings/ach', { cookie: owner, form: { ...valid, companyId: '1234567890' } })).status).toBe(303);
    expect((await prod('/admin/ach/files', { cookie: owner, form: { day: '2026-11-20' } })).status).toBe(409);
    const res = await prod('/admin/settings/ach', { cookie: owner, form: valid });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/settings?saved=ach#ach');
    const tenant = (await host.deps.db.query.tenants.findFirst({ where: (t, { eq: is }) => is(t.id, demo.tenant.id) }))!;
    expect(tenant.settings.achOrigination).toEqual({ ...valid, immediateDestinationName: 'FIRST BANK OF DENVER', immediateOriginName: 'SUNRISE LENDING LLC', companyName: 'SUNRISE LENDING', companyEntryDescription: 'LOAN PMT' });
    const audit = (await tdb().audit.history('tenant', demo.tenant.id)).filter((a) => a.action === 'tenant.ach-origination-changed').at(-1);
    expect(audit).toMatchObject({ actorType: 'agent', actorId: demo.owner.id, before: { achOrigination: { companyId: '1234567890' } }, after: { achOrigination: { companyId: '1841234567', odfiRouting: '102000021' } } });
    const page = await (await prod('/admin/settings?saved=ach', { cookie: owner })).text();
    expect(page).toContain('Bank file origination details saved.');
    expect(page).toContain('value="1841234567"');
    expect(await (await prod('/admin/ach', { cookie: owner })).text()).not.toContain('Bank files cannot be built yet');

    const built = await prod('/admin/ach/files', { cookie: owner, form: { day: '2026-11-20' } });
    expect(built.status, await built.clone().text()).toBe(303);
    const [file] = await tdb().ach.forDay('2026-11-20');
    expect(file).toMatchObject({ testValues: false, entries: 1 });
    const download = await prod(`/admin/ach/files/${file!.id}.ach`, { cookie: owner });
    expect(download.status).toBe(200);
    const text = await download.text();
    expect(checkNachaFile(text)).toMatchObject({ ok: true, batches: 1, entries: 1, totalDebits: 7_500 });
    const [header, batch] = lines(text);
    expect(header!.slice(3, 13)).toBe(' 081000032');
    expect(header!.slice(13, 23)).toBe('1841234567');
    expect(header!.slice(40, 63)).toBe('FIRST BANK OF DENVER   ');
    expect(header!.slice(63, 86)).toBe('SUNRISE LENDING LLC    ');
    expect(header!.slice(86, 94)).toBe('        '); // not a test file
    expect(batch!.slice(4, 20)).toBe('SUNRISE LENDING ');
    expect(batch!.slice(40, 50)).toBe('1841234567');
    expect(batch!.slice(53, 63)).toBe('LOAN PMT  ');
    expect(batch!.slice(79, 87)).toBe('10200002');
    expect(entryRecords(text)[0]!.slice(79, 87)).toBe('10200002'); // trace numbers start with the ODFI
    expect(entryRecords(text)[0]!.slice(12, 29).trim()).toBe('987654321');
    // The payments of that day are in the file; nothing else changed for the tenant's other rows.
    expect(await host.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.tenantId, demo.tenant.id), eq(ledgerEntries.kind, 'reversal')))).toEqual([]);
  });
});

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { emails, ledgerEntries } from '../../src/db/schema';
import { checkNachaFile } from '../../src/domain/payments/nacha-check';
import { isSandboxProcessor } from '../../src/integrations/payments/sandbox';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { completeSettledBankPayments, newPaymentReference } from '../../src/services/payments';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';

describe('bank payments: NACHA files, returns, settlement; card webhooks', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb, deliver, staffSession } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let jordan: string;
  let owner: string;
  beforeAll(async () => {
    ({ host, demo } = env);
    jordan = await env.signInBorrower();
    owner = await staffSession('owner');
  });

  async function payByBank(displayId: string, amount: string, bankLast4: string) {
    const method = (await tdb().paymentMethods.forCustomer(demo.borrower.id)).find((m) => m.last4 === bankLast4)!;
    const posted = await client()(`/accounts/${displayId}/pay/review`, { cookie: jordan, form: { choice: 'custom', custom: amount, method: method.id } });
    const review = await (await client()(posted.headers.get('location')!, { cookie: jordan })).text();
    const hidden = Object.fromEntries([...review.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await client()(`/accounts/${displayId}/pay`, { cookie: jordan, form: hidden });
    expect(res.status).toBe(303);
    await deliver();
    return (await tdb().payments.findByReference(decodeURIComponent(res.headers.get('location')!.split('/').pop()!)))!;
  }

  it('posts a bank payment at once, puts it in the day’s NACHA file, which passes the checker', async () => {
    await client()('/payments/methods/bank', { cookie: jordan, form: { holderName: 'Jordan Rivera', routing: '081000032', account: '4433221100', confirmAccount: '4433221100', accountType: 'savings' } });
    const payment = await payByBank('AL-204817', '300.00', '1100');
    expect(payment.status).toBe('processing');
    expect(await host.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, payment.id))).toHaveLength(1);

    const page = await (await client()('/admin/ach', { cookie: owner })).text();
    expect(page).toContain('Download the NACHA file for Nov 22, 2026');
    expect(page).toContain('<td data-label="Settles">Nov 23, 2026</td>'); // a Sunday's debits settle on Monday
    // Before the day's cut-off more payments may come: no file yet.
    const early = await client()('/admin/ach/2026-11-22.ach', { cookie: owner });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('after the 17:00 cut-off');
    clock.set('2026-11-23T01:00:00Z'); // 18:00 in Denver
    owner = await staffSession('owner');
    // Read-only staff never get the account numbers.
    expect((await client()('/admin/ach/2026-11-22.ach', { cookie: await staffSession('read_only') })).status).toBe(403);
    const file = await client()('/admin/ach/2026-11-22.ach', { cookie: owner });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="ach-demo-2026-11-22.ach"');
    const text = await file.text();
    const check = checkNachaFile(text);
    expect(check).toEqual({ ok: true, batches: 1, entries: 1, totalDebits: 30_000, totalCredits: 0 });
    const entry = text.split('\r\n').find((l) => l.startsWith('6'))!;
    expect(entry.slice(1, 3)).toBe('37'); // savings debit
    expect(entry.slice(3, 12)).toBe('081000032');
    expect(entry.slice(12, 29).trim()).toBe('4433221100');
    expect(entry.slice(39, 54).trim()).toBe(payment.reference);
    // 2026-11-22 is a Sunday: the batch settles on Monday the 23rd (effective entry date, YYMMDD).
    const batch = text.split('\r\n').find((l) => l.startsWith('5'))!;
    expect(batch.slice(69, 75)).toBe('261123');
    // Borrowers never reach it.
    expect((await client()('/admin/ach/2026-11-22.ach', { cookie: jordan })).status).toBe(303);
    clock.set('2026-11-22T17:00:00Z');
    owner = await staffSession('owner');
    jordan = await env.signInBorrower();
  });

  it('refuses to build a file when a routing number is wrong, and says which payment', async () => {
    const id = newId();
    await tdb().paymentMethods.add({ id, customerId: demo.borrower.id, kind: 'bank', routingNumber: '123456789', accountNumberEncrypted: 'v1.x.y', accountType: 'checking', last4: '0000', holderName: 'Jordan Rivera' }, clock.now());
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    await tdb().payments.insertAll([{ id: newId(), reference: newPaymentReference(), customerId: demo.borrower.id, accountId: account.id, paymentMethodId: id, methodKind: 'bank', amount: 1_000, fee: 0, scheduledFor: '2026-11-21', status: 'processing', source: 'one_time', idempotencyKey: `${newId()}:x`, requestHash: 'x', ledgerEntryId: 'posted' }], clock.now());
    // The stored account number cannot even be read here; the routing number is checked first in any case.
    const reference = (await tdb().payments.bankOn('2026-11-21'))[0]!.reference;
    const res = await client()('/admin/ach/2026-11-21.ach', { cookie: owner });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(await res.text()).toContain(`The file was not built: Payment ${reference}: the routing number on file is not valid.`);
  });

  it('records a return: the payment is reversed on the account and the borrower told; read-only staff cannot', async () => {
    const payment = await payByBank('PL-118342', '80.00', '1100');
    const account = (await tdb().accounts.findByDisplayId('PL-118342'))!;
    const viewer = await staffSession('read_only');
    expect((await client()('/admin/ach/returns', { cookie: viewer, form: { reference: payment.reference, code: 'R01', date: '2026-11-24' } })).status).toBe(403);
    const bad = await client()('/admin/ach/returns', { cookie: owner, form: { reference: 'P-NOSUCH00', code: 'R01', date: '2026-11-24' } });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('value="P-NOSUCH00"');
    const res = await client()('/admin/ach/returns', { cookie: owner, form: { reference: payment.reference, code: 'R01', date: '2026-11-24' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Payment ${payment.reference} is recorded as returned (R01)`);
    expect((await tdb().payments.find(payment.id))!).toMatchObject({ status: 'reversed', returnCode: 'R01' });
    const reversal = (await tdb().ledger.entries(account.id)).find((e) => e.kind === 'reversal' && e.reversesId === payment.ledgerEntryId);
    expect(reversal).toMatchObject({ amount: -8_000, effectiveDate: '2026-11-24' });
    expect(reversal!.description).toContain('R01');
    const twice = await client()('/admin/ach/returns', { cookie: owner, form: { reference: payment.reference, code: 'R01', date: '2026-11-24' } });
    expect(twice.status).toBe(409);
    await deliver();
    const mail = await host.db.select().from(emails).where(eq(emails.subject, 'Your bank returned your payment on PL-118342'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('Insufficient funds'.toLowerCase());
  });

  it('counts a bank payment as completed once its return window has passed', async () => {
    const [first] = (await tdb().payments.history(demo.borrower.id, [(await tdb().accounts.findByDisplayId('AL-204817'))!.id], { methodKind: 'bank' }));
    expect(first!.status).toBe('processing');
    await completeSettledBankPayments(tdb(), demo.tenant, new Date('2026-11-24T17:00:00Z'));
    expect((await tdb().payments.find(first!.id))!.status).toBe('processing'); // 2 days: it can still come back
    expect(await completeSettledBankPayments(tdb(), demo.tenant, new Date('2026-11-25T17:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect((await tdb().payments.find(first!.id))!.status).toBe('completed');
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

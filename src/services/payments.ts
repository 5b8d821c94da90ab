import type { Account, AutopayRow, Customer, PaymentMethodRow, PaymentRow, StaffAuthorization, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { addDays, isIsoDate, localDate, type IsoDate } from '../domain/dates';
import { afterRun } from '../domain/payments/autopay';
import { secCodeFor } from '../domain/payments/sec-codes';
import { formatCents, type Cents } from '../domain/money';
import type { PaymentProcessor } from '../integrations/payments';
import { sha256Hex } from '../lib/hash';
import { newId } from '../lib/ids';
import type { QueueProducer } from '../queues/messages';
import { ServiceError } from './errors';
import { amountChoices, type AmountChoices } from './payment-amounts';
import { earliestPaymentDate, latestPaymentDate, paymentSettingsOf } from './payment-settings';
import { postLineTransaction, postLoanPayment } from './servicing';

export interface PaymentItem {
  account: Account;
  amount: Cents;
}

export interface Submission {
  customerId: string;
  /** One per form shown: a double click or a retry sends the same key. */
  key: string;
  methodId: string;
  date: IsoDate;
  items: PaymentItem[];
  source: PaymentRow['source'];
  autopayId?: string;
  /** A bank payment staff take: how the borrower authorised it (its SEC code: TEL, PPD); online ones are WEB. */
  authorization?: StaffAuthorization;
}

export type SubmitResult = { ok: true; payments: PaymentRow[]; replayed: boolean } | { ok: false; errors: Record<string, string> };

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U

/** "P-7K3M9Q2X": short enough to read out on the phone, random so it reveals nothing. */
export function newPaymentReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `P-${Array.from(bytes, (b) => REFERENCE_ALPHABET[b % 32]).join('')}`;
}

export const methodLabel = (m: Pick<PaymentMethodRow, 'kind' | 'cardBrand' | 'accountType' | 'last4'>) =>
  m.kind === 'card' ? `${m.cardBrand ?? 'Card'} •••• ${m.last4}` : `${m.accountType === 'savings' ? 'Savings' : 'Checking'} •••• ${m.last4}`;

/** The fee the tenant adds for a method, once per payment. */
export function convenienceFee(tenant: Tenant, kind: 'card' | 'bank'): Cents {
  return paymentSettingsOf(tenant).convenienceFees[kind];
}

/**
 * Checks a borrower's payment (one account or several) against the tenant's rules and what each
 * account owes; returns a message per field. `amount-<displayId>` keys name one account's amount.
 */
export async function checkSubmission(tdb: TenantDb, tenant: Tenant, s: Omit<Submission, 'key' | 'source'>, now: Date, known: Map<string, AmountChoices> = new Map()): Promise<{ errors: Record<string, string>; method: PaymentMethodRow | null }> {
  const settings = paymentSettingsOf(tenant);
  const errors: Record<string, string> = {};
  const method = (await tdb.paymentMethods.find(s.methodId)) ?? null;
  if (!method || method.customerId !== s.customerId || method.removedAt) errors.method = 'Choose how to pay.';
  else if (!settings.methods.includes(method.kind)) errors.method = method.kind === 'card' ? 'This lender does not take card payments online.' : 'This lender does not take bank payments online.';
  const earliest = earliestPaymentDate(settings, now, tenant.timeZone, method?.kind ?? 'card');
  const latest = latestPaymentDate(settings, now, tenant.timeZone);
  if (!isIsoDate(s.date)) errors.date = 'Choose the payment date.';
  else if (s.date < earliest) errors.date = earliest === localDate(now, tenant.timeZone) ? 'Choose today or a later date.' : `Today’s cut-off time has passed: choose ${earliest} or later.`;
  else if (s.date > latest) errors.date = `Payments can be scheduled up to ${settings.maxDaysAhead} days ahead (until ${latest}).`;
  if (s.items.length === 0) errors._form = 'Choose at least one account to pay.';
  for (const item of s.items) {
    const key = s.items.length === 1 ? 'amount' : `amount-${item.account.displayId}`;
    const choices = known.get(item.account.id) ?? (await amountChoices(tdb, item.account, localDate(now, tenant.timeZone)));
    if (choices.paidInFull) errors[key] = `${item.account.displayId} is paid in full.`;
    else if (!Number.isSafeInteger(item.amount) || item.amount <= 0) errors[key] = 'Enter an amount, such as 125.00.';
    else if (item.amount < Math.min(settings.minAmount, choices.max)) errors[key] = `The smallest payment is ${formatCents(settings.minAmount)}.`;
    else if (item.amount > settings.maxAmount) errors[key] = `The largest payment online is ${formatCents(settings.maxAmount)}.`;
    else if (item.amount > choices.max) errors[key] = `That is more than ${item.account.displayId} owes (${formatCents(choices.max)}${choices.inFlight > 0 ? ', after the payments already on their way' : ''}).`;
  }
  return { errors, method };
}

/**
 * Records a submission's payments, once: the same key with the same request returns the payments
 * already made (a double click, a retry), the same key with another request is refused. Payments
 * due today go to the payments queue; later ones wait for their day (the nightly run).
 */
export async function submitPayments(tdb: TenantDb, tenant: Tenant, deps: { queue: QueueProducer }, s: Submission, now: Date, known?: Map<string, AmountChoices>): Promise<SubmitResult> {
  if (s.key.includes(':')) throw new ServiceError('invalid', 'A payment key cannot contain ":".');
  const requestHash = await sha256Hex(JSON.stringify({ m: s.methodId, d: s.date, i: s.items.map((i) => [i.account.id, i.amount]).sort() }));
  const earlier = await tdb.payments.forSubmission(s.customerId, s.key);
  if (earlier.length > 0) return replay(earlier, requestHash);

  const { errors, method } = await checkSubmission(tdb, tenant, s, now, known);
  if (Object.keys(errors).length > 0 || !method) return { ok: false, errors };
  const fee = convenienceFee(tenant, method.kind);
  const groupId = s.items.length > 1 ? newId() : null;
  const rows = s.items.map((item) => ({
    id: newId(), reference: newPaymentReference(), customerId: s.customerId, accountId: item.account.id, paymentMethodId: method.id, methodKind: method.kind,
    amount: item.amount, fee, scheduledFor: s.date, status: 'pending' as const, source: s.source, groupId, autopayId: s.autopayId ?? null,
    idempotencyKey: `${s.key}:${item.account.id}`, requestHash,
    secCode: method.kind === 'bank' ? secCodeFor(s.authorization?.how) : null, authorization: s.authorization ?? null,
  }));
  try {
    await tdb.payments.insertAll(rows, now);
  } catch (error) {
    // A parallel request with the same key won the insert: answer as it did.
    const winner = await tdb.payments.forSubmission(s.customerId, s.key);
    if (winner.length > 0) return replay(winner, requestHash);
    throw error;
  }
  const today = localDate(now, tenant.timeZone);
  for (const row of rows) if (row.scheduledFor <= today) await enqueuePayment(deps.queue, tdb.tenantId, row);
  const saved = rows.map((r) => ({ ...r, tenantId: tdb.tenantId, processorPaymentId: null, failureReason: null, returnCode: null, ledgerEntryId: null, processedAt: null, createdAt: now, updatedAt: now }));
  return { ok: true, payments: saved, replayed: false };
}

function replay(earlier: PaymentRow[], requestHash: string): SubmitResult {
  if (earlier.some((p) => p.requestHash !== requestHash)) throw new ServiceError('conflict', 'This payment form was already sent with different details. Start a new payment.');
  return { ok: true, payments: earlier, replayed: true };
}

export function enqueuePayment(queue: QueueProducer, tenantId: string, p: Pick<PaymentRow, 'id' | 'idempotencyKey'>) {
  // The message id is the payment's: a second send of the same payment is the same message.
  return queue.send('payments', { id: `pay:${p.id}`, tenantId, kind: 'process-payment', paymentId: p.id, idempotencyKey: p.idempotencyKey });
}

export interface ProcessDeps {
  processor: PaymentProcessor;
  queue: QueueProducer;
  portalUrl: (path: string) => string;
}

/**
 * Moves one payment on (the payments queue consumer). Safe to run twice, or twice at once: the
 * card charge carries the payment's id as its idempotency key, the ledger takes one entry per
 * payment, and status changes only move forward from the statuses expected.
 */
export async function processPayment(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, paymentId: string, now: Date): Promise<PaymentRow['status']> {
  const payment = await tdb.payments.find(paymentId);
  if (!payment) throw new ServiceError('not_found', `No payment ${paymentId}.`);
  if (payment.status !== 'pending' && payment.status !== 'processing') return payment.status;
  if (payment.ledgerEntryId) return payment.status; // posted already; what remains is settlement
  const today = localDate(now, tenant.timeZone);
  if (payment.scheduledFor > today) return payment.status; // its day has not come: the nightly run sends it then
  const account = await tdb.accounts.find(payment.accountId);
  const method = await tdb.paymentMethods.find(payment.paymentMethodId);
  if (!account || !method) throw new ServiceError('not_found', `Payment ${payment.reference} lost its account or method.`);
  // Moved on only from pending: if the borrower cancelled it a moment ago, it stays cancelled.
  if (payment.status === 'pending' && !(await tdb.payments.transition(payment.id, ['pending'], { status: 'processing' }, now))) {
    return (await tdb.payments.find(payment.id))!.status;
  }
  if (method.removedAt) return fail(tdb, tenant, deps, payment, account, 'The card or bank account for this payment was removed, so nothing was taken.', now);
  // Checked before any money moves: other payments may have posted since this one was accepted.
  if (payment.amount > (await owedOn(tdb, account, payment.scheduledFor))) {
    return fail(tdb, tenant, deps, payment, account, `It is more than ${account.displayId} owes now (other payments have reached it), so nothing was taken.`, now);
  }

  if (method.kind === 'card') {
    if (!method.processorToken) return fail(tdb, tenant, deps, payment, account, 'This card can no longer be charged. Add it again.', now);
    const owner = await tdb.customers.find(payment.customerId);
    const outcome = await deps.processor.charge({
      idempotencyKey: payment.id, amount: payment.amount + payment.fee, currency: 'usd', paymentMethodToken: method.processorToken,
      ...(owner?.processorCustomerId ? { customerId: owner.processorCustomerId } : {}),
      description: `${tenant.name} payment ${payment.reference} on ${account.displayId}`, metadata: { tenant: tenant.id, payment: payment.id, reference: payment.reference },
    });
    if (outcome.status === 'declined') return fail(tdb, tenant, deps, payment, account, outcome.message, now);
    await tdb.payments.transition(payment.id, ['processing'], { processorPaymentId: outcome.processorPaymentId }, now);
    if (outcome.status === 'pending') return 'processing'; // the processor's webhook finishes it
    try {
      return await postAndComplete(tdb, tenant, deps, payment, account, 'completed', now);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      // Charged but it cannot be posted (a payment that raced it paid the account off): give the money back.
      await deps.processor.refund({ idempotencyKey: `refund-${payment.id}`, processorPaymentId: outcome.processorPaymentId, amount: payment.amount + payment.fee });
      return fail(tdb, tenant, deps, payment, account, `It could not be applied to ${account.displayId} (${error.message}), so the charge was refunded.`, now);
    }
  }
  // A bank debit goes out in the day's NACHA file once posted; a return reverses it.
  try {
    return await postAndComplete(tdb, tenant, deps, payment, account, 'processing', now);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return fail(tdb, tenant, deps, payment, account, `It could not be applied to ${account.displayId} (${error.message}), so nothing will be taken.`, now);
  }
}

/** What the account owes on a day: the payoff of a loan, the balance of a line. */
async function owedOn(tdb: TenantDb, account: Account, day: IsoDate): Promise<Cents> {
  const choices = await amountChoices(tdb, account, day);
  return choices.kind === 'loan' ? choices.payoff : choices.totalBalance;
}

async function postAndComplete(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, payment: PaymentRow, account: Account, status: 'completed' | 'processing', now: Date): Promise<PaymentRow['status']> {
  const entryId = await post(tdb, tenant, payment, account, now);
  if (await tdb.payments.transition(payment.id, ['processing'], { status, ledgerEntryId: entryId, processedAt: now }, now)) {
    if (payment.autopayId && status === 'completed') await recordAutopayOutcome(tdb, tenant, deps, payment.autopayId, 'succeeded', now);
  }
  return status;
}

async function post(tdb: TenantDb, tenant: Tenant, payment: PaymentRow, account: Account, now: Date): Promise<string> {
  const description = `Online payment ${payment.reference}`;
  try {
    if (account.type === 'installment' || account.type === 'lease') {
      return (await postLoanPayment(tdb, tenant, { accountId: account.id, date: payment.scheduledFor, amount: payment.amount, reference: payment.reference, description, paymentId: payment.id }, now)).id;
    }
    return await postLineTransaction(tdb, { accountId: account.id, kind: 'payment', date: payment.scheduledFor, amount: payment.amount, description, reference: payment.reference, paymentId: payment.id }, now);
  } catch (error) {
    // Posted by a delivery that ran at the same time: the ledger allows one entry per payment.
    const existing = await tdb.ledger.findByPayment(payment.id);
    if (existing) return existing.id;
    throw error;
  }
}

async function fail(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, payment: PaymentRow, account: Account, reason: string, now: Date): Promise<'failed'> {
  if (await tdb.payments.transition(payment.id, ['pending', 'processing'], { status: 'failed', failureReason: reason, processedAt: now }, now)) {
    if (payment.autopayId) await recordAutopayOutcome(tdb, tenant, deps, payment.autopayId, 'failed', now);
    await notify(tdb, tenant, deps, payment.customerId, `failed:${payment.id}`, {
      subject: `Your payment on ${account.displayId} did not go through`,
      paragraphs: [`We could not take your payment of ${formatCents(payment.amount)} on ${account.displayId}: ${reason}`, 'Nothing was charged. You can pay again with another card or bank account.'],
      facts: [['Reference', payment.reference], ['Account', account.displayId], ['Amount', formatCents(payment.amount)]],
      link: deps.portalUrl('/payments'),
    });
  }
  return 'failed';
}

/** A processor's word on a charge that was pending (webhook). */
export async function settleCardPayment(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, processorPaymentId: string, outcome: { succeeded: true } | { succeeded: false; message: string }, now: Date): Promise<void> {
  const payment = await tdb.payments.findByProcessorId(processorPaymentId);
  if (!payment || payment.status !== 'processing') return;
  const account = (await tdb.accounts.find(payment.accountId))!;
  if (!outcome.succeeded) {
    await fail(tdb, tenant, deps, payment, account, outcome.message, now);
    return;
  }
  const entryId = payment.ledgerEntryId ?? (await post(tdb, tenant, payment, account, now));
  if ((await tdb.payments.transition(payment.id, ['processing'], { status: 'completed', ledgerEntryId: entryId, processedAt: now }, now)) && payment.autopayId) {
    await recordAutopayOutcome(tdb, tenant, deps, payment.autopayId, 'succeeded', now);
  }
}

/** Bank debits past their return window count as completed. */
export async function completeSettledBankPayments(tdb: TenantDb, tenant: Tenant, now: Date): Promise<number> {
  const cutoff = addDays(localDate(now, tenant.timeZone), -paymentSettingsOf(tenant).returnWindowDays);
  let done = 0;
  for (const p of await tdb.payments.bankProcessingBefore(cutoff)) {
    if (p.ledgerEntryId && (await tdb.payments.transition(p.id, ['processing'], { status: 'completed' }, now))) done++;
  }
  return done;
}

/** Cancels a scheduled payment before it runs. */
export async function cancelPayment(tdb: TenantDb, customerId: string, reference: string, now: Date): Promise<PaymentRow> {
  const payment = await tdb.payments.findByReference(reference);
  if (!payment || payment.customerId !== customerId) throw new ServiceError('not_found', 'There is no such payment among yours.');
  if (payment.status !== 'pending' || !(await tdb.payments.transition(payment.id, ['pending'], { status: 'cancelled' }, now))) {
    throw new ServiceError('conflict', 'This payment is already on its way and can no longer be cancelled.');
  }
  await tdb.audit.record({ actorType: 'customer', actorId: customerId, action: 'payment.cancelled', entityType: 'payment', entityId: payment.id, before: { status: 'pending' }, after: { status: 'cancelled' } }, now);
  return (await tdb.payments.find(payment.id))!;
}

/** The receipt for a submission: one email, whatever the number of accounts. */
export async function sendReceipt(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue' | 'portalUrl'>, paid: PaymentRow[], accounts: Map<string, Account>, method: PaymentMethodRow): Promise<void> {
  const first = paid[0];
  if (!first) return;
  const total = paid.reduce((s, p) => s + p.amount + p.fee, 0);
  const fees = paid.reduce((s, p) => s + p.fee, 0);
  await notify(tdb, tenant, deps, first.customerId, `receipt:${first.groupId ?? first.id}`, {
    subject: `Payment received: ${formatCents(total)}`,
    paragraphs: [first.scheduledFor > localDate(new Date(first.createdAt), tenant.timeZone) ? `Your payment is scheduled for ${first.scheduledFor}. You can cancel it in Payments until then.` : 'Thank you. Your payment is on its way to your account.'],
    facts: [
      ...paid.map((p): [string, string] => [`${accounts.get(p.accountId)?.displayId ?? 'Account'} (${p.reference})`, formatCents(p.amount)]),
      ...(fees > 0 ? [['Convenience fee', formatCents(fees)] as [string, string]] : []),
      ['Total', formatCents(total)],
      ['Paid with', methodLabel(method)],
      ['Date', first.scheduledFor],
    ],
    link: deps.portalUrl('/payments'),
  });
}

export interface Notice {
  subject: string;
  paragraphs: string[];
  facts: [string, string][];
  link: string;
}

/** A payment email to the customer, through the email queue; `key` makes a resend the same message. */
export async function notify(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue'>, customerId: string, key: string, notice: Notice): Promise<void> {
  const customer: Customer | undefined = await tdb.customers.find(customerId);
  if (!customer?.email) return;
  await deps.queue.send('email', { id: `${tenant.id}:${key}`, tenantId: tenant.id, to: customer.email, customerId, template: 'payment-notice', data: { name: customer.firstName, ...notice } });
}

/** A payment an AutoPay made has ended: count the failure (two in a row stop it) or clear the count. */
export async function recordAutopayOutcome(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue' | 'portalUrl'>, autopayId: string, outcome: 'succeeded' | 'failed', now: Date): Promise<void> {
  const row = await tdb.autopays.find(autopayId);
  if (!row) return;
  const next = afterRun({ consecutiveFailures: row.consecutiveFailures, status: row.status }, outcome);
  await tdb.autopays.update(row.id, { consecutiveFailures: next.consecutiveFailures, status: next.status }, now);
  if (!next.justStopped) return;
  const account = await tdb.accounts.find(row.accountId);
  const displayId = account?.displayId ?? '';
  await tdb.audit.record({ actorType: 'system', action: 'autopay.stopped', entityType: 'autopay', entityId: row.id, before: { status: row.status }, after: { status: 'stopped', consecutiveFailures: next.consecutiveFailures } }, now);
  await notify(tdb, tenant, deps, row.customerId, `autopay-stopped:${row.id}:${now.getTime()}`, {
    subject: `Your AutoPay for ${displayId} has stopped`,
    paragraphs: ['Two AutoPay payments in a row did not go through, so AutoPay has stopped. No more payments will be taken until you set it up again.', 'Please check your payment method, then change the AutoPay and authorise it again.'],
    facts: [['Account', displayId]],
    link: deps.portalUrl(`/accounts/${encodeURIComponent(displayId)}/autopay`),
  });
}

/**
 * What stops a saved card or bank account from being removed: an AutoPay (active or paused) that
 * pays with it, or a payment still to run with it. The same rule applies whoever removes it.
 */
export async function removalBlockers(tdb: TenantDb, methodId: string): Promise<{ autopays: AutopayRow[]; waiting: PaymentRow[] }> {
  const [autopays, waiting] = await Promise.all([tdb.autopays.usingMethod(methodId), tdb.payments.waitingOn(methodId)]);
  return { autopays, waiting };
}

/** Why a saved method cannot be removed now (an AutoPay or a payment still to run uses it), or null. */
export async function methodRemovalRefusal(tdb: TenantDb, method: PaymentMethodRow): Promise<string | null> {
  const label = methodLabel(method);
  const { autopays, waiting } = await removalBlockers(tdb, method.id);
  if (autopays.length > 0) {
    const accounts = await Promise.all(autopays.map(async (a) => (await tdb.accounts.find(a.accountId))?.displayId ?? a.accountId));
    return `${label} pays the AutoPay on ${accounts.join(', ')}. Change that AutoPay to another method (or stop it) first.`;
  }
  if (waiting.length > 0) return `${label} pays ${waiting.map((p) => p.reference).join(', ')}, still to run. Cancel ${waiting.length === 1 ? 'that payment' : 'those payments'} first, or wait until ${waiting.length === 1 ? 'it has' : 'they have'} run.`;
  return null;
}

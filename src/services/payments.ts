import type { Account, AutopayRow, Customer, PaymentMethodRow, PaymentRow, StaffAuthorization, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { staleWriteOf } from '../db/client';
import { addDays, isIsoDate, localDate, type IsoDate } from '../domain/dates';
import { afterRun } from '../domain/payments/autopay';
import { secCodeFor, secCodeNames } from '../domain/payments/sec-codes';
import { formatCents, type Cents } from '../domain/money';
import type { PaymentProcessor } from '../integrations/payments';
import { sha256Hex } from '../lib/hash';
import { newId } from '../lib/ids';
import type { QueueProducer } from '../queues/messages';
import { ServiceError } from './errors';
import { queueAccountNotice } from './notifications';
import { amountChoices, type AmountChoices } from './payment-amounts';
import { earliestPaymentDate, latestPaymentDate, paymentSettingsOf } from './payment-settings';
import { postLineTransaction, postLoanPayment } from './servicing';
import { formatDay } from '../lib/format';

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
  /** Who submits it, for the audit row: the borrower, a staff member, or the system (AutoPay). */
  actor: { type: 'customer' | 'agent' | 'system'; id: string | null };
  /** The borrower saw the warning about a payment just like it and chose to pay again. */
  repeatConfirmed?: boolean;
  /** The convenience fee the borrower was shown: refused (errors.fee) when the lender's fee is another now. */
  expectedFee?: Cents;
  /** The authorisation text the borrower accepted (a one-time bank debit online), kept with the audit row. */
  authorizationText?: string;
  /** A bank payment staff take: how the borrower authorised it (its SEC code: TEL, PPD); online ones are WEB. */
  authorization?: StaffAuthorization;
}

export type SubmitResult =
  | { ok: true; payments: PaymentRow[]; replayed: boolean }
  | { ok: false; errors: Record<string, string>; repeats?: PaymentRow[] };

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U

/** "P-7K3M9Q2X": short enough to read out on the phone, random so it reveals nothing. */
export function newPaymentReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `P-${Array.from(bytes, (b) => REFERENCE_ALPHABET[b % 32]).join('')}`;
}

export const methodLabel = (m: Pick<PaymentMethodRow, 'kind' | 'cardBrand' | 'accountType' | 'last4'>) =>
  m.kind === 'card' ? `${m.cardBrand ?? 'Card'} •••• ${m.last4}` : `${m.accountType === 'savings' ? 'Savings' : 'Checking'} •••• ${m.last4}`;

/** The fee the tenant adds for a method, once per payment submitted (one charge), whatever the number of accounts. */
export function convenienceFee(tenant: Tenant, kind: 'card' | 'bank'): Cents {
  return paymentSettingsOf(tenant).convenienceFees[kind];
}

/**
 * Checks a borrower's payment (one account or several) against the tenant's rules and what each
 * account owes; returns a message per field. `amount-<displayId>` keys name one account's amount.
 */
export async function checkSubmission(tdb: TenantDb, tenant: Tenant, s: Omit<Submission, 'key' | 'source' | 'actor'>, now: Date, known: Map<string, AmountChoices> = new Map()): Promise<{ errors: Record<string, string>; method: PaymentMethodRow | null }> {
  const settings = paymentSettingsOf(tenant);
  const errors: Record<string, string> = {};
  const method = (await tdb.paymentMethods.find(s.methodId)) ?? null;
  if (!method || method.customerId !== s.customerId || method.removedAt) errors.method = 'Choose how to pay.';
  else if (!settings.methods.includes(method.kind)) errors.method = method.kind === 'card' ? 'This lender does not take card payments online.' : 'This lender does not take bank payments online.';
  const earliest = earliestPaymentDate(settings, now, tenant.timeZone, method?.kind ?? 'card');
  const latest = latestPaymentDate(settings, now, tenant.timeZone);
  if (!isIsoDate(s.date)) errors.date = 'Choose the payment date.';
  else if (s.date < earliest) errors.date = earliest === localDate(now, tenant.timeZone) ? 'Choose today or a later date.' : `Today’s cut-off time has passed: choose ${formatDay(earliest)} or later.`;
  else if (s.date > latest) errors.date = `Payments can be scheduled up to ${settings.maxDaysAhead} days ahead (until ${formatDay(latest)}).`;
  if (s.items.length === 0) errors._form = 'Choose at least one account to pay.';
  for (const item of s.items) {
    const key = s.items.length === 1 ? 'amount' : `amount-${item.account.displayId}`;
    // What it owes on the payment's own day (interest runs on to a later one).
    const today = localDate(now, tenant.timeZone);
    const choices = known.get(item.account.id) ?? (await amountChoices(tdb, tenant, item.account, isIsoDate(s.date) && s.date > today ? s.date : today));
    if (choices.paidInFull) errors[key] = choices.kind === 'loan' ? `${item.account.displayId} is paid in full.` : `Nothing is owed on ${item.account.displayId}.`;
    else if (!Number.isSafeInteger(item.amount) || item.amount <= 0) errors[key] = 'Enter an amount, such as 125.00.';
    else if (item.amount < Math.min(settings.minAmount, choices.max)) errors[key] = `The smallest payment is ${formatCents(settings.minAmount)}.`;
    else if (item.amount > choices.max) errors[key] = `That is more than ${item.account.displayId} owes (${formatCents(choices.max)}${choices.inFlight > 0 ? ', after the payments already on their way' : ''}).`;
    else if (item.amount > settings.maxAmount) errors[key] = `The largest payment online is ${formatCents(settings.maxAmount)}: please call us to pay more.`;
  }
  return { errors, method };
}

/**
 * The words a borrower accepts before a one-time bank debit (WEB): who debits which account, each
 * debit's amount (one per account, the fee with the first, as the bank file carries them), when,
 * and how it can be stopped. Shown on the review and kept in the audit.
 */
export function oneTimeDebitAuthorization(tenant: Tenant, method: PaymentMethodRow, items: readonly PaymentItem[], date: IsoDate, fee: Cents, today: IsoDate): string {
  const total = items.reduce((s, i) => s + i.amount, 0) + fee;
  const phone = tenant.settings.supportPhone;
  const feeNote = fee > 0 ? ` (including the ${formatCents(fee)} convenience fee)` : '';
  const debits =
    items.length === 1
      ? `one electronic debit of ${formatCents(total)}${feeNote} from my ${methodLabel(method)} (${method.holderName}) on or after ${formatDay(date)}, for ${items[0]!.account.displayId}`
      : `${items.length} electronic debits from my ${methodLabel(method)} (${method.holderName}) on or after ${formatDay(date)}: ${items.map((i, k) => `${formatCents(i.amount + (k === 0 ? fee : 0))} for ${i.account.displayId}${k === 0 ? feeNote : ''}`).join(', ')}; ${formatCents(total)} in all`;
  const stopping =
    date > today
      ? `I can cancel it in Payments any day before ${formatDay(date)}${phone ? `, or by calling ${phone}` : ''}.`
      : `A payment for today goes out at once and cannot be cancelled online; to stop it I must call ${phone ?? tenant.name} before ${paymentSettingsOf(tenant).cutoffTime} today.`;
  return [
    `By selecting Pay, I authorise ${tenant.name} to make ${debits}.`,
    `This is a one-time payment, not a recurring one. ${stopping}`,
    'If my bank returns a debit, that payment will be taken off my account and my bank may charge me a fee.',
  ].join(' ');
}

/** How long a payment like one just made counts as a probable repeat. */
export const REPEAT_WINDOW_MS = 24 * 60 * 60_000;

/**
 * Payments of the last 24 hours with the same account and amount as one of these items, whatever
 * the method, still standing (not failed or cancelled): a second one is more likely a Back button
 * or a second card than intent.
 */
export async function recentRepeats(tdb: TenantDb, customerId: string, items: readonly PaymentItem[], now: Date): Promise<PaymentRow[]> {
  const recent = await tdb.payments.createdSince(customerId, new Date(now.getTime() - REPEAT_WINDOW_MS));
  return recent.filter((p) => p.status !== 'failed' && p.status !== 'cancelled' && items.some((i) => i.account.id === p.accountId && i.amount === p.amount));
}

/**
 * Records a submission's payments, once: the same key with the same request returns the payments
 * already made (a double click, a retry), the same key with another request is refused. A payment
 * like one made in the last 24 hours is refused until the borrower confirms it (`repeatConfirmed`).
 * The rows and the audit row are written together; one convenience fee covers the submission.
 * Payments due today go to the payments queue; later ones wait for their day and are announced.
 */
export async function submitPayments(tdb: TenantDb, tenant: Tenant, deps: { queue: QueueProducer; portalUrl: (path: string) => string }, s: Submission, now: Date, known?: Map<string, AmountChoices>): Promise<SubmitResult> {
  if (s.key.includes(':')) throw new ServiceError('invalid', 'A payment key cannot contain ":".');
  const requestHash = await sha256Hex(JSON.stringify({ m: s.methodId, d: s.date, i: s.items.map((i) => [i.account.id, i.amount]).sort() }));
  const earlier = await tdb.payments.forSubmission(s.customerId, s.key);
  if (earlier.length > 0) return replay(earlier, requestHash);

  const { errors, method } = await checkSubmission(tdb, tenant, s, now, known);
  if (Object.keys(errors).length > 0 || !method) return { ok: false, errors };
  if (!s.repeatConfirmed && s.source !== 'autopay') {
    const repeats = await recentRepeats(tdb, s.customerId, s.items, now);
    if (repeats.length > 0) return { ok: false, errors: { repeat: repeatMessage(repeats, tenant.timeZone) }, repeats };
  }
  const fee = convenienceFee(tenant, method.kind);
  if (s.expectedFee !== undefined && s.expectedFee !== fee) return { ok: false, errors: { fee: `The convenience fee is now ${formatCents(fee)}, not the ${formatCents(s.expectedFee)} you were shown. Please look at the payment again.` } };
  const groupId = s.items.length > 1 ? newId() : null;
  const rows = s.items.map((item, i) => ({
    id: newId(), reference: newPaymentReference(), customerId: s.customerId, accountId: item.account.id, paymentMethodId: method.id, methodKind: method.kind,
    amount: item.amount, fee: i === 0 ? fee : 0, scheduledFor: s.date, status: 'pending' as const, source: s.source, groupId, autopayId: s.autopayId ?? null,
    idempotencyKey: `${s.key}:${item.account.id}`, requestHash,
    secCode: method.kind === 'bank' ? secCodeFor(s.authorization?.how) : null, authorization: s.authorization ?? null,
  }));
  const audit = tdb.audit.entry({
    actorType: s.actor.type, actorId: s.actor.id, action: 'payment.submitted', entityType: 'payment', entityId: groupId ?? rows[0]!.id,
    after: { references: rows.map((r) => r.reference), accounts: s.items.map((i) => i.account.displayId), amounts: rows.map((r) => formatCents(r.amount)), fee: formatCents(fee), date: s.date, method: methodLabel(method), source: s.source, ...(method.kind === 'bank' ? { authorization: secCodeNames[secCodeFor(s.authorization?.how)] } : {}), ...(s.authorization ? { authorizedAt: s.authorization.at } : {}), ...(s.authorizationText ? { authorizationText: s.authorizationText } : {}) },
  }, now);
  try {
    await tdb.batch([tdb.payments.insertStatement(rows, now), audit]);
  } catch (error) {
    // A parallel request with the same key won the insert: answer as it did.
    const winner = await tdb.payments.forSubmission(s.customerId, s.key);
    if (winner.length > 0) return replay(winner, requestHash);
    throw error;
  }
  const saved: PaymentRow[] = rows.map((r) => ({ ...r, tenantId: tdb.tenantId, processorPaymentId: null, failureReason: null, returnCode: null, ledgerEntryId: null, processedAt: null, createdAt: now, updatedAt: now }));
  const today = localDate(now, tenant.timeZone);
  if (s.date <= today) await enqueuePayment(deps.queue, tdb.tenantId, saved[0]!);
  else await sendScheduledNotice(tdb, tenant, deps, saved, method, s.items);
  return { ok: true, payments: saved, replayed: false };
}

/** "You paid $549.66 on AL-204817 at 3:04 PM today (P-7K3M9Q2X)." */
function repeatMessage(repeats: PaymentRow[], timeZone: string): string {
  const p = repeats[0]!;
  const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(p.createdAt);
  return `You already made a payment of ${formatCents(p.amount)} on this account on ${when} (${p.reference}${repeats.length > 1 ? ` and ${repeats.length - 1} more` : ''}). Tick “Pay again” only if you mean to pay a second time.`;
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

/** The payments submitted together with this one (Pay multiple), or just it: as stored now. */
async function submissionOf(tdb: TenantDb, payment: PaymentRow): Promise<PaymentRow[]> {
  if (payment.groupId) return tdb.payments.forGroup(payment.groupId);
  const fresh = await tdb.payments.find(payment.id);
  return fresh ? [fresh] : [];
}

/**
 * Moves a submission on (the payments queue consumer): every payment submitted with this one.
 * A card is charged once for the whole submission (the amounts and one convenience fee); each
 * account then gets its ledger entry in the same transaction as its payment's status. Safe to run
 * twice, or twice at once: the charge carries the submission's idempotency key and always the same
 * amount (the submission's, fixed before any money moves), the ledger takes one entry per payment,
 * and statuses only move forward from the ones expected. One email tells the outcome.
 */
export async function processPayment(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, paymentId: string, now: Date): Promise<PaymentRow['status']> {
  const payment = await tdb.payments.find(paymentId);
  if (!payment) throw new ServiceError('not_found', `No payment ${paymentId}.`);
  const today = localDate(now, tenant.timeZone);
  if (payment.scheduledFor > today) return payment.status; // its day has not come: the nightly run sends it then
  let group = await submissionOf(tdb, payment);
  const open = group.filter((p) => (p.status === 'pending' || p.status === 'processing') && !p.ledgerEntryId);
  if (open.length === 0) return payment.status;
  const accounts = await accountsOf(tdb, group);
  const method = await tdb.paymentMethods.find(payment.paymentMethodId);
  if (!method) throw new ServiceError('not_found', `Payment ${payment.reference} lost its method.`);

  for (const p of open) {
    // Posted by an earlier delivery that stopped before its status moved: finish it, never re-check it.
    const posted = await tdb.ledger.findByPayment(p.id);
    if (posted) await tdb.payments.transition(p.id, ['pending', 'processing'], { status: p.methodKind === 'card' ? 'completed' : 'processing', ledgerEntryId: posted.id, processedAt: now }, now);
    // Moved on only from pending: if the borrower cancelled it a moment ago, it stays cancelled.
    else if (p.status === 'pending') await tdb.payments.transition(p.id, ['pending'], { status: 'processing' }, now);
  }
  group = await submissionOf(tdb, payment);
  const live = group.filter((p) => p.status === 'processing' && !p.ledgerEntryId);
  const charged = group.some((p) => p.processorPaymentId);

  // Before any money moves, the whole submission is checked: if any part cannot go, none goes.
  if (!charged && live.length > 0) {
    let refusal: string | null = null;
    if (method.removedAt) refusal = 'The card or bank account for this payment was removed, so nothing was taken.';
    else if (method.kind === 'card' && !method.processorToken) refusal = 'This card can no longer be charged. Add it again, so nothing was taken.';
    for (const p of live) {
      if (refusal) break;
      const account = accounts.get(p.accountId)!;
      // Other payments may have posted since this one was accepted.
      if (p.amount > (await owedOn(tdb, tenant, account, p.scheduledFor))) refusal = `It is more than ${account.displayId} owes now (other payments have reached it), so nothing was taken.`;
    }
    if (refusal) {
      for (const p of live) await fail(tdb, tenant, deps, p, refusal, now);
      await sendOutcomeNotice(tdb, tenant, deps, payment, now);
      return 'failed';
    }
  }

  if (method.kind === 'card' && live.length > 0) {
    const owner = await tdb.customers.find(payment.customerId);
    // The charge is every part that was not cancelled before processing began, and the one fee:
    // the same on every delivery, so a repeat under the same key is the same request.
    const parts = group.filter((p) => p.status !== 'cancelled' && p.status !== 'pending');
    const outcome = await deps.processor.charge({
      idempotencyKey: payment.groupId ? `group-${payment.groupId}` : payment.id, amount: chargeTotal(group), currency: 'usd', paymentMethodToken: method.processorToken!,
      ...(owner?.processorCustomerId ? { customerId: owner.processorCustomerId } : {}),
      description: `${tenant.name} payment ${parts.map((p) => p.reference).join(', ')} on ${parts.map((p) => accounts.get(p.accountId)!.displayId).join(', ')}`,
      metadata: { tenant: tenant.id, payment: parts[0]!.id, reference: parts.map((p) => p.reference).join(',') },
    });
    if (outcome.status === 'declined') {
      for (const p of live) await fail(tdb, tenant, deps, p, outcome.message, now);
    } else {
      for (const p of live) if (!p.processorPaymentId) await tdb.payments.transition(p.id, ['processing'], { processorPaymentId: outcome.processorPaymentId }, now);
      if (outcome.status === 'pending') return 'processing'; // the processor's webhook finishes it
      await postCharged(tdb, tenant, deps, live, accounts, outcome.processorPaymentId, now);
    }
  } else {
    // A bank debit goes out in the day's NACHA file once posted; a return reverses it.
    for (const p of live) {
      try {
        await postPayment(tdb, tenant, p, accounts.get(p.accountId)!, 'processing', now);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        await fail(tdb, tenant, deps, p, `It could not be applied to ${accounts.get(p.accountId)!.displayId} (${error.message}), so nothing will be taken.`, now);
      }
    }
  }
  await sendOutcomeNotice(tdb, tenant, deps, payment, now);
  return (await tdb.payments.find(payment.id))!.status;
}

/** What a submission's card charge is: its parts that went on to processing, and its one fee. */
function chargeTotal(group: readonly PaymentRow[]): Cents {
  const parts = group.filter((p) => p.status !== 'cancelled' && p.status !== 'pending');
  return parts.reduce((s, p) => s + p.amount, 0) + submissionFee(group);
}

/**
 * Posts the parts of a charge that succeeded. A part that can no longer be applied (a payment
 * that raced it paid the account off) is refunded; when no part stands, the fee goes back too,
 * so "nothing was charged" is true.
 */
async function postCharged(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, parts: readonly PaymentRow[], accounts: Map<string, Account>, processorPaymentId: string, now: Date): Promise<void> {
  if (parts.length === 0) return;
  for (const p of parts) {
    try {
      await postPayment(tdb, tenant, p, accounts.get(p.accountId)!, 'completed', now);
      if (p.autopayId) await recordAutopayOutcome(tdb, tenant, deps, p.autopayId, 'succeeded', now);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      await deps.processor.refund({ idempotencyKey: `refund-${p.id}`, processorPaymentId, amount: p.amount });
      await fail(tdb, tenant, deps, p, `It could not be applied to ${accounts.get(p.accountId)!.displayId} (${error.message}), so that part of the charge was refunded.`, now);
    }
  }
  const group = await submissionOf(tdb, parts[0]!);
  const fee = submissionFee(group);
  if (fee > 0 && !group.some((p) => p.status === 'completed' || p.status === 'processing' || p.status === 'pending')) {
    await deps.processor.refund({ idempotencyKey: `refund-fee-${parts[0]!.groupId ?? parts[0]!.id}`, processorPaymentId, amount: fee });
  }
}

/** The convenience fee of a submission (carried on its first row). */
export const submissionFee = (group: readonly PaymentRow[]): Cents => group.reduce((sum, p) => sum + p.fee, 0);

/** What the account owes on a day: the payoff of a loan or a line. */
async function owedOn(tdb: TenantDb, tenant: Tenant, account: Account, day: IsoDate): Promise<Cents> {
  return (await amountChoices(tdb, tenant, account, day)).payoff;
}

async function accountsOf(tdb: TenantDb, group: readonly PaymentRow[]): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  for (const p of group) {
    const a = await tdb.accounts.find(p.accountId);
    if (!a) throw new ServiceError('not_found', `Payment ${p.reference} lost its account.`);
    accounts.set(a.id, a);
  }
  return accounts;
}

/**
 * The payment's ledger entry and its new status, in one transaction: no delivery can ever find it
 * posted with its status unmoved. A delivery racing this one meets the ledger's one-entry-per-payment
 * index, and finishes with the entry that won.
 */
async function postPayment(tdb: TenantDb, tenant: Tenant, payment: PaymentRow, account: Account, status: 'completed' | 'processing', now: Date): Promise<void> {
  const description = `Online payment ${payment.reference}`;
  // The entry is written only with the payment's move from processing: if it moved meanwhile (failed, posted by another delivery), neither is.
  const moved = (entryId: string) => [tdb.payments.transitionOrAbort(payment.id, ['processing'], { status, ledgerEntryId: entryId, processedAt: now }, now)];
  try {
    if (account.type === 'installment' || account.type === 'lease') {
      await postLoanPayment(tdb, tenant, { accountId: account.id, date: payment.scheduledFor, amount: payment.amount, reference: payment.reference, description, paymentId: payment.id }, now, moved);
    } else {
      await postLineTransaction(tdb, tenant, { accountId: account.id, kind: 'payment', date: payment.scheduledFor, amount: payment.amount, description, reference: payment.reference, paymentId: payment.id }, now, moved);
    }
  } catch (error) {
    const existing = await tdb.ledger.findByPayment(payment.id);
    if (existing) {
      await tdb.payments.transition(payment.id, ['processing'], { status, ledgerEntryId: existing.id, processedAt: now }, now);
      return;
    }
    // Moved on by someone else (failed, cancelled): nothing to post.
    if (staleWriteOf(error) === 'payment') return;
    throw error;
  }
}

async function fail(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, payment: PaymentRow, reason: string, now: Date): Promise<void> {
  if (await tdb.payments.transition(payment.id, ['pending', 'processing'], { status: 'failed', failureReason: reason, processedAt: now }, now)) {
    if (payment.autopayId) await recordAutopayOutcome(tdb, tenant, deps, payment.autopayId, 'failed', now);
  }
}

/** A processor's word on a charge that was pending (webhook): every payment it covers. */
export async function settleCardPayment(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, processorPaymentId: string, outcome: { succeeded: true } | { succeeded: false; message: string }, now: Date): Promise<void> {
  const covered = (await tdb.payments.allByProcessorId(processorPaymentId)).filter((p) => p.status === 'processing');
  if (covered.length === 0) return;
  const accounts = await accountsOf(tdb, covered);
  if (!outcome.succeeded) {
    for (const p of covered) await fail(tdb, tenant, deps, p, outcome.message, now);
  } else {
    for (const p of covered) if (p.ledgerEntryId) await tdb.payments.transition(p.id, ['processing'], { status: 'completed', processedAt: now }, now);
    // A part that cannot be applied any more (the account was paid off another way meanwhile) is refunded, not left hanging.
    await postCharged(tdb, tenant, deps, covered.filter((p) => !p.ledgerEntryId), accounts, processorPaymentId, now);
  }
  await sendOutcomeNotice(tdb, tenant, deps, covered[0]!, now);
}

/** Bank debits sent in a file and past their return window since they settled count as completed. */
export async function completeSettledBankPayments(tdb: TenantDb, tenant: Tenant, now: Date): Promise<number> {
  const cutoff = addDays(localDate(now, tenant.timeZone), -paymentSettingsOf(tenant).returnWindowDays);
  let done = 0;
  for (const p of await tdb.payments.bankProcessingBefore(cutoff)) {
    // Only a debit that went out in a sent file can have been collected, counted from the day it settled.
    const sent = p.ledgerEntryId ? await tdb.ach.sentWith(p.id) : undefined;
    if (!sent || sent.file.effectiveDate > cutoff) continue;
    if (await tdb.payments.transition(p.id, ['processing'], { status: 'completed' }, now)) done++;
  }
  return done;
}

/** Cancels a scheduled payment before it runs, and tells the borrower. */
export async function cancelPayment(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue' | 'portalUrl'>, customerId: string, reference: string, now: Date): Promise<PaymentRow> {
  const payment = await tdb.payments.findByReference(reference);
  if (!payment || payment.customerId !== customerId) throw new ServiceError('not_found', 'There is no such payment among yours.');
  // A payment for today is on its way already (the queue takes it at once): only a later one waits.
  if (payment.scheduledFor <= localDate(now, tenant.timeZone)) throw new ServiceError('conflict', 'This payment is already on its way and can no longer be cancelled.');
  // The audit row is written only if the payment is still waiting, in the same transaction as the change.
  const [, moved] = (await tdb.batch([
    tdb.audit.entryWhen({ actorType: 'customer', actorId: customerId, action: 'payment.cancelled', entityType: 'payment', entityId: payment.id, before: { status: 'pending' }, after: { status: 'cancelled', reference: payment.reference } }, now, tdb.payments.inStatus(payment.id, ['pending'])),
    tdb.payments.transitionStatement(payment.id, ['pending'], { status: 'cancelled' }, now),
  ])) as [unknown, { id: string }[]];
  if (moved.length === 0) throw new ServiceError('conflict', 'This payment is already on its way and can no longer be cancelled.');
  const account = await tdb.accounts.find(payment.accountId);
  await notify(tdb, tenant, deps, customerId, [payment.accountId], `cancelled:${payment.id}`, {
    subject: `Payment cancelled: ${formatCents(payment.amount)} on ${account?.displayId ?? 'your account'}`,
    paragraphs: [`As you asked, your payment of ${formatCents(payment.amount)} scheduled for ${formatDay(payment.scheduledFor)} is cancelled. Nothing will be taken for it.`, 'If a payment is still due, please make it before its due date.'],
    facts: [['Reference', payment.reference], ['Account', account?.displayId ?? ''], ['Was scheduled for', formatDay(payment.scheduledFor)]],
    link: deps.portalUrl('/payments'),
  });
  return (await tdb.payments.find(payment.id))!;
}

/** "Questions? Call (303) 555-0100 (Mon–Fri 8–6) or email help@…": the lender's contact on every notice. */
export function lenderContact(tenant: Tenant): string {
  const { supportPhone, supportHours, supportEmail } = tenant.settings;
  const ways = [supportPhone ? `call ${supportPhone}${supportHours ? ` (${supportHours})` : ''}` : null, supportEmail ? `email ${supportEmail}` : null].filter(Boolean);
  const text = ways.join(' or ');
  return ways.length > 0 ? `Questions? ${text.charAt(0).toUpperCase()}${text.slice(1)} — ${tenant.name}.` : `Questions? Contact ${tenant.name} through ${tenant.branding.portalName}.`;
}

/** The account's balance after a payment, as its pages show it. */
async function balanceNow(tdb: TenantDb, tenant: Tenant, account: Account, today: IsoDate): Promise<[string, string]> {
  const choices = await amountChoices(tdb, tenant, account, today);
  if (choices.kind === 'line') return [`${account.displayId} balance now`, formatCents(choices.totalBalance)];
  if (account.type === 'lease') return [`${account.displayId} payoff now`, formatCents(choices.payoff)];
  return [`${account.displayId} principal balance now`, formatCents(choices.principalBalance)];
}

/**
 * The one email that tells how a submission ended, sent when none of its payments is still on
 * its way: received (a card charge succeeded), on its way (a bank debit in the day's file), or not
 * made (with the reason and what to do). A redelivery sends the same message (its key), not another.
 */
async function sendOutcomeNotice(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue' | 'portalUrl'>, anyOf: PaymentRow, now: Date): Promise<void> {
  const group = await submissionOf(tdb, (await tdb.payments.find(anyOf.id))!);
  const waiting = group.some((p) => p.status === 'pending' || (p.status === 'processing' && p.methodKind === 'card'));
  if (waiting) return;
  const method = await tdb.paymentMethods.find(anyOf.paymentMethodId);
  const accounts = await accountsOf(tdb, group);
  const today = localDate(now, tenant.timeZone);
  const ok = group.filter((p) => p.status === 'completed' || p.status === 'processing');
  const failed = group.filter((p) => p.status === 'failed');
  const label = (p: PaymentRow) => accounts.get(p.accountId)!.displayId;
  const charged = ok.reduce((s, p) => s + p.amount, 0) + (ok.length > 0 ? submissionFee(group) : 0);
  const bank = anyOf.methodKind === 'bank';
  const day = formatDay(anyOf.scheduledFor);
  let subject: string;
  const paragraphs: string[] = [];
  if (failed.length === group.length) {
    subject = `Your payment of ${formatCents(group.reduce((s, p) => s + p.amount, 0))} did not go through`;
    paragraphs.push(`We could not take your payment. ${failed[0]!.failureReason ?? 'It was declined.'}`, 'Nothing was charged. You can pay again with another card or bank account, or call us.');
  } else if (bank) {
    subject = `Your payment of ${formatCents(charged)} is on its way`;
    paragraphs.push(`We will draw ${formatCents(charged)} from your ${method ? methodLabel(method) : 'bank account'} on ${day}. Bank payments take a few banking days to clear; if your bank returns it, we will tell you.`);
  } else {
    subject = `Payment received: ${formatCents(charged)}`;
    paragraphs.push(`Thank you. We received your payment of ${formatCents(charged)} on ${day}.`);
  }
  if (failed.length > 0 && failed.length < group.length) paragraphs.push(`Part of it did not go through: ${failed.map((p) => `${label(p)} (${formatCents(p.amount)}): ${p.failureReason ?? 'declined'}`).join('; ')}. Nothing was taken for that part.`);
  const facts: [string, string][] = [
    ...group.map((p): [string, string] => [`${label(p)} (${p.reference})`, `${formatCents(p.amount)}${p.status === 'failed' ? ' — not made' : ''}`]),
    ...(ok.length > 0 && submissionFee(group) > 0 ? [['Convenience fee', formatCents(submissionFee(group))] as [string, string]] : []),
    ...(ok.length > 0 ? [[bank ? 'Total to be drawn' : 'Total charged', formatCents(charged)] as [string, string]] : []),
    ['Paid with', method ? methodLabel(method) : ''],
    ['Payment date', day],
  ];
  for (const p of ok) facts.push(await balanceNow(tdb, tenant, accounts.get(p.accountId)!, today));
  await notify(tdb, tenant, deps, anyOf.customerId, group.map((p) => p.accountId), `outcome:${anyOf.groupId ?? anyOf.id}`, { subject, paragraphs, facts, link: deps.portalUrl(`/payments/${encodeURIComponent(group[0]!.reference)}`) });
}

/** A payment scheduled for a later day: what will be taken, when, and how to cancel it. */
async function sendScheduledNotice(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue' | 'portalUrl'>, rows: PaymentRow[], method: PaymentMethodRow, items: readonly PaymentItem[]): Promise<void> {
  const first = rows[0]!;
  const byId = new Map(items.map((i) => [i.account.id, i.account]));
  const total = rows.reduce((s, p) => s + p.amount, 0) + submissionFee(rows);
  await notify(tdb, tenant, deps, first.customerId, rows.map((p) => p.accountId), `scheduled:${first.groupId ?? first.id}`, {
    subject: `Payment scheduled for ${formatDay(first.scheduledFor)}: ${formatCents(total)}`,
    paragraphs: [`Your payment is scheduled. We will take ${formatCents(total)} from your ${methodLabel(method)} on ${formatDay(first.scheduledFor)} and email you when it has gone through.`, 'You can cancel it in Payments any day before then.'],
    facts: [
      ...rows.map((p): [string, string] => [`${byId.get(p.accountId)?.displayId ?? 'Account'} (${p.reference})`, formatCents(p.amount)]),
      ...(submissionFee(rows) > 0 ? [['Convenience fee', formatCents(submissionFee(rows))] as [string, string]] : []),
      ['Total', formatCents(total)],
      ['Paid with', methodLabel(method)],
      ['Payment date', formatDay(first.scheduledFor)],
    ],
    link: deps.portalUrl(`/payments/${encodeURIComponent(first.reference)}`),
  });
}

export interface Notice {
  subject: string;
  paragraphs: string[];
  facts: [string, string][];
  link: string;
}

/**
 * A payment email to the customer about these accounts, through the one notification module
 * (sent only while Email access is on for each); `key` makes a resend the same message.
 */
export async function notify(tdb: TenantDb, tenant: Tenant, deps: Pick<ProcessDeps, 'queue'>, customerId: string, accountIds: string[], key: string, notice: Notice): Promise<void> {
  await queueAccountNotice(tdb, deps, tenant, { customerId, accountIds, key, notice: { ...notice, contact: lenderContact(tenant) } });
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
  await notify(tdb, tenant, deps, row.customerId, [row.accountId], `autopay-stopped:${row.id}:${now.getTime()}`, {
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

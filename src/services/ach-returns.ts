import type { PaymentRow, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { localDate, type IsoDate } from '../domain/dates';
import { negate } from '../domain/loans/allocation';
import { formatCents } from '../domain/money';
import { checkAchReturn } from '../domain/payments/return-codes';
import { formatDay } from '../lib/format';
import { newId } from '../lib/ids';
import { ServiceError } from './errors';
import { notify, recordAutopayOutcome, type ProcessDeps } from './payments';
import { followStatus } from './servicing';

export type ReturnResult = { ok: true; payment: PaymentRow } | { ok: false; errors: { reference?: string; code?: string; date?: string } };

/**
 * A debit the bank returned (R01 insufficient funds, R10 not authorised…), as the bank's notice
 * gives it. Only a payment that went out in a sent file can come back, with a real Nacha code
 * that can apply to it, dated between its settlement and today and within the code's time limit;
 * otherwise nothing changes and no one is told. Then, in one batch, the payment is marked
 * returned, its posting reversed from the return date and the change audited; the borrower is told.
 */
export async function recordAchReturn(tdb: TenantDb, tenant: Tenant, deps: ProcessDeps, input: { reference: string; code: string; date: IsoDate; actorId: string }, now: Date): Promise<ReturnResult> {
  const reference = input.reference.trim().toUpperCase();
  const payment = await tdb.payments.findByReference(reference);
  if (!payment || payment.methodKind !== 'bank') throw new ServiceError('not_found', 'There is no bank payment with that reference.');
  if (payment.status === 'reversed') throw new ServiceError('conflict', `${reference} has already been returned or reversed.`);
  const sent = await tdb.ach.sentWith(payment.id);
  if (!payment.ledgerEntryId || (payment.status !== 'processing' && payment.status !== 'completed') || !sent) {
    throw new ServiceError('conflict', `${reference} has not gone to the bank in a sent file yet, so the bank cannot have returned it.`);
  }
  const check = checkAchReturn({ code: input.code, date: input.date, settlement: sent.file.effectiveDate, today: localDate(now, tenant.timeZone), reference }, formatDay);
  if (!check.ok) return { ok: false, errors: check.errors };
  const { code } = check;

  const posted = await tdb.ledger.find(payment.ledgerEntryId);
  if (!posted || posted.kind !== 'payment') throw new ServiceError('not_found', `${reference} has no posting on the account to reverse.`);
  const reason = `${code.code} ${code.name}`;
  const recorded = await tdb.ach
    .recordReturn(
      { id: payment.id, from: ['processing', 'completed'], returnCode: code.code, failureReason: `${code.code}: ${code.name}` },
      { id: newId(), accountId: posted.accountId, effectiveDate: input.date, amount: -posted.amount, ...negate(posted), reversesId: posted.id, description: `Reversal: ${reason}`, postedAt: now, postedBy: input.actorId },
      {
        actorType: 'agent', actorId: input.actorId, action: 'payment.returned', entityType: 'payment', entityId: payment.id,
        before: { status: payment.status }, after: { status: 'reversed', returnCode: code.code, reason: code.name, returnDate: input.date, settled: sent.file.effectiveDate, traceNumber: sent.traceNumber, amount: formatCents(payment.amount) },
      },
      now,
    )
    .catch(async (error: unknown) => {
      // The ledger takes one reversal per payment: a return recorded at the same moment won.
      if ((await tdb.ledger.entries(posted.accountId)).some((e) => e.reversesId === posted.id)) return false;
      throw error;
    });
  if (!recorded) throw new ServiceError('conflict', `${reference} has already been returned or reversed.`);
  // A returned payoff puts the account back in payment: its status follows.
  await followStatus(tdb, tenant, posted.accountId, now, { type: 'agent', id: input.actorId });

  if (payment.autopayId) await recordAutopayOutcome(tdb, tenant, deps, payment.autopayId, 'failed', now);
  const account = (await tdb.accounts.find(payment.accountId))!;
  await notify(tdb, tenant, deps, payment.customerId, [payment.accountId], `returned:${payment.id}`, {
    subject: `Your bank returned your payment on ${account.displayId}`,
    paragraphs: [`Your bank returned your payment of ${formatCents(payment.amount)} (${code.name.toLowerCase()}), so it has been taken off your account.`, 'Please make the payment again, with another account if you need to.'],
    facts: [['Reference', payment.reference], ['Account', account.displayId], ['Return code', code.code]],
    link: deps.portalUrl('/payments'),
  });
  return { ok: true, payment: (await tdb.payments.find(payment.id))! };
}

import type { Account, Customer, DeletionRequest } from '../db/schema';
import type { IsoDate } from '../domain/dates';
import { formatCents, type Cents } from '../domain/money';
import { newId } from '../lib/ids';
import { lineFigures, loanSummary } from './servicing';
import type { TenantDb } from '../db/tenant';
import type { FileStore } from '../files';
import type { PaymentProcessor } from '../integrations/payments';
import { TransientError } from '../lib/delivery-errors';
import type { Logger } from '../lib/logger';
import { ServiceError } from './errors';

export const ANONYMISED_REFUSAL = 'This customer’s personal data was deleted on request; the record cannot be edited.';

/**
 * Refuses a change to a customer whose personal data was deleted (409): editing the record would
 * bring personal data back onto it. Call it in every write to the record (its edit forms, web access).
 */
export function assertNotAnonymised(customer: Pick<Customer, 'anonymisedAt'>): void {
  if (customer.anonymisedAt) throw new ServiceError('conflict', ANONYMISED_REFUSAL);
}

/**
 * The word staff type to confirm a deletion: the customer's last name. Unlike a fixed word such as
 * DELETE it ties the confirmation to this customer, so a form left open in another tab, or a
 * mix-up between two records, cannot delete the wrong person.
 */
export const confirmationWordOf = (customer: Pick<Customer, 'lastName'>) => customer.lastName;

const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/g, ' ').trim();

/** Case and spacing do not matter ("o'neil-rivera" confirms "O'Neil-Rivera"). */
export function confirmsDeletion(customer: Pick<Customer, 'lastName'>, typed: string): boolean {
  return fold(typed) !== '' && fold(typed) === fold(confirmationWordOf(customer));
}

/**
 * The reason is kept after the deletion (in the audit row), so it must not carry the personal data
 * being deleted: the customer's names, email or phone numbers.
 */
export function reasonProblem(customer: Pick<Customer, 'firstName' | 'middleName' | 'lastName' | 'email' | 'companyName'>, phones: string[], reason: string): string | undefined {
  const text = fold(reason);
  const words = [customer.firstName, customer.middleName, customer.lastName, customer.companyName].filter((w): w is string => !!w && w.trim().length >= 2).map(fold);
  const named = words.some((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(text));
  const email = customer.email ? text.includes(fold(customer.email)) : false;
  const digits = reason.replace(/\D/g, '');
  const phone = phones.some((p) => {
    const local = p.replace(/\D/g, '').slice(-10);
    return local.length >= 7 && digits.includes(local.slice(-7));
  });
  return named || email || phone ? 'Leave the customer’s name, email and phone numbers out of the reason: it is kept after the deletion.' : undefined;
}

/**
 * Why the law lets the lender keep the data while the customer still owes it money, in words staff
 * can give the customer (a refusal must say why): CCPA § 1798.105(d)(1) and PIPEDA Schedule 1,
 * principle 4.5. The lender's counsel may add their own wording; these are the grounds.
 */
export const BALANCE_EXEMPTION =
  'The lender keeps it as the law allows: under the CCPA, § 1798.105(d)(1), personal information needed to complete the transaction it was collected for and to perform the contract with the customer is exempt from deletion; under PIPEDA (Schedule 1, principle 4.5), it is kept only as long as necessary to fulfil that purpose, which lasts while the account is owed. Tell the customer so, and delete once every account is paid off or closed at zero.';

export interface OwedAccount {
  displayId: string;
  owed: Cents;
}

/** What a line owes on a day (its payoff), or, as a negative amount, what it owes the customer (a credit balance). */
async function lineOwed(tdb: TenantDb, account: Account, asOf: IsoDate): Promise<Cents> {
  const p = await lineFigures(tdb, account, asOf);
  return p.payoff > 0 ? p.payoff : Math.min(0, p.balance);
}

/**
 * The customer's accounts that still have a balance on `asOf`: a loan's or lease's payoff, a line's
 * or card's balance, as servicing computes them (whatever their role on the account).
 */
export async function accountsOwed(tdb: TenantDb, customerId: string, asOf: IsoDate): Promise<OwedAccount[]> {
  const links = await tdb.accounts.forCustomer(customerId);
  const owed = await Promise.all(
    links.map(async ({ account }) => ({
      displayId: account.displayId,
      // A line's payoff counts the interest accrued so far; a credit balance is owed to the customer and also keeps the record.
      owed: account.type === 'installment' || account.type === 'lease' ? (await loanSummary(tdb, account, asOf)).payoff : await lineOwed(tdb, account, asOf),
    })),
  );
  return owed.filter((a) => a.owed !== 0);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What stops a deletion now, in words for staff, or null: a balance on any account (the legal
 * exemption named), a payment on its way, an AutoPay that is on.
 */
export async function deletionRefusal(tdb: TenantDb, customerId: string, asOf: IsoDate): Promise<string | null> {
  const [owed, blockers] = await Promise.all([accountsOwed(tdb, customerId, asOf), tdb.privacy.blockers(customerId)]);
  if (owed.length > 0) {
    const list = owed.map((a) => `${a.displayId} (${a.owed < 0 ? `${formatCents(-a.owed)} owed to the customer` : formatCents(a.owed)})`).join(', ');
    return `The personal data cannot be deleted while ${owed.length === 1 ? 'an account has' : 'accounts have'} a balance: ${list}. ${BALANCE_EXEMPTION}`;
  }
  if (blockers.paymentReferences.length > 0 || blockers.autopayAccountIds.length > 0) {
    const accounts = await Promise.all(blockers.autopayAccountIds.map((id) => tdb.accounts.find(id)));
    const parts = [
      blockers.paymentReferences.length > 0 ? `${plural(blockers.paymentReferences.length, 'payment is', 'payments are')} still on the way (${blockers.paymentReferences.join(', ')}): let ${blockers.paymentReferences.length === 1 ? 'it' : 'them'} finish or cancel ${blockers.paymentReferences.length === 1 ? 'it' : 'them'}` : '',
      blockers.autopayAccountIds.length > 0 ? `AutoPay is on for ${accounts.map((a, i) => a?.displayId ?? blockers.autopayAccountIds[i]).join(', ')}: stop it` : '',
    ].filter(Boolean);
    return `The personal data cannot be deleted yet. ${parts.join('; ')}. Then delete again.`;
  }
  return null;
}

export type RequestOutcome =
  | { kind: 'requested'; request: DeletionRequest }
  | { kind: 'pending'; request: DeletionRequest }
  | { kind: 'already'; at: Date }
  | { kind: 'blocked'; message: string };

/**
 * The first of the two people: a manager or owner asks for the deletion, with the reason. Nothing is
 * deleted yet; a different manager or owner approves it (approveDeletion). Refused, saying why,
 * while the deletion could not be carried out (a balance, money moving).
 */
export async function requestDeletion(tdb: TenantDb, input: { customer: Customer; reason: string; agentId: string; requestId?: string | undefined }, asOf: IsoDate, now: Date): Promise<RequestOutcome> {
  const { customer } = input;
  if (customer.anonymisedAt) return { kind: 'already', at: customer.anonymisedAt };
  const open = await tdb.privacy.requests.pending(customer.id);
  if (open) return { kind: 'pending', request: open };
  const refusal = await deletionRefusal(tdb, customer.id, asOf);
  if (refusal) return { kind: 'blocked', message: refusal };
  const id = newId();
  const opened = await tdb.privacy.requests.open(
    { id, customerId: customer.id, requestedBy: input.agentId, reason: input.reason },
    { actorType: 'agent', actorId: input.agentId, action: 'privacy.deletion-requested', after: { deletionRequest: id, reason: input.reason, requestedBy: input.agentId }, requestId: input.requestId ?? null },
    now,
  );
  const request = await tdb.privacy.requests.pending(customer.id);
  if (!request) throw new ServiceError('conflict', 'The deletion request could not be recorded: try again.');
  return opened ? { kind: 'requested', request } : { kind: 'pending', request };
}

/** Withdraws a waiting request (its asker changing their mind, or another manager or owner declining it), audited. */
export async function withdrawDeletion(tdb: TenantDb, input: { customer: Customer; deletionId: string; agentId: string; requestId?: string | undefined }, now: Date): Promise<'withdrawn' | 'not_pending'> {
  const request = await tdb.privacy.requests.find(input.deletionId);
  if (!request || request.customerId !== input.customer.id) throw new ServiceError('not_found', 'There is no such deletion request for this customer.');
  const done = await tdb.privacy.requests.decide(request.id, 'withdrawn', input.agentId, { actorType: 'agent', actorId: input.agentId, action: 'privacy.deletion-withdrawn', after: { deletionRequest: request.id, requestedBy: request.requestedBy, withdrawnBy: input.agentId }, requestId: input.requestId ?? null }, now);
  return done ? 'withdrawn' : 'not_pending';
}

/** Every deletion waiting for approval in the tenant, for the staff home of those who may approve. */
export async function pendingDeletions(tdb: TenantDb, agentId: string): Promise<{ customerId: string; customerName: string; requestedBy: string; mine: boolean }[]> {
  const requests = await tdb.privacy.requests.allPending();
  if (requests.length === 0) return [];
  const [customers, agents] = await Promise.all([tdb.customers.findMany(requests.map((r) => r.customerId)), tdb.agents.list()]);
  const names = new Map(customers.map((c) => [c.id, `${c.firstName} ${c.lastName}`]));
  const staff = new Map(agents.map((a) => [a.id, a.name]));
  return requests.map((r) => ({ customerId: r.customerId, customerName: names.get(r.customerId) ?? 'A customer', requestedBy: staff.get(r.requestedBy) ?? 'a former staff member', mine: r.requestedBy === agentId }));
}

export type DeletionOutcome =
  /**
   * `filesLeft`: stored files whose removal failed after the rows were gone (logged; nothing points at them any more).
   * `processorCustomer`: what became of the card processor's record of the customer: `deleted`; `left` when the
   * processor could not delete it (logged; its id stays in the deletion's audit row for staff to delete it by hand);
   * `none` when the customer had none.
   */
  | { kind: 'deleted'; removed: Record<string, number>; filesLeft: number; processorCustomer: 'deleted' | 'left' | 'none' }
  | { kind: 'already'; at: Date }
  | { kind: 'blocked'; message: string }
  /** The request is no longer waiting (withdrawn, or approved by someone else meanwhile). */
  | { kind: 'not_pending' }
  /** The approver is the one who asked: a second person must approve. */
  | { kind: 'same_person' };

/**
 * A privacy deletion (CCPA / PIPEDA), carried out when a second manager or owner approves the
 * request of a first: the customer's personal data is removed or anonymised, while the accounts,
 * their ledgers and the payments stay as the lender's records. Refused while the customer owes a
 * balance (the legal exemption is named) or money is still moving for them (a payment on its way, an
 * AutoPay that is on). Doing it twice is harmless: the second time answers that it was already done.
 * The deletion's audit row names who asked and who approved, and the reason.
 *
 * The card processor's own record of the customer (Stripe: a customer with the name and email given
 * when a card was saved, and the cards attached to it) is deleted too, once the rows are gone. If
 * the processor cannot do it, the deletion still stands: the failure is logged and the processor's
 * customer id stays in the deletion's audit row (`processorCustomerToDelete`) for staff to delete it
 * in the processor's dashboard; when it is deleted, a `privacy.processor-customer-deleted` row
 * (`processorCustomerDeleted: true`) follows.
 */
export async function deleteCustomerData(
  tdb: TenantDb,
  deps: { files: FileStore; logger: Logger; processor: PaymentProcessor },
  input: { customer: Customer; deletionId: string; approverId: string; requestId?: string | undefined },
  asOf: IsoDate,
  now: Date,
): Promise<DeletionOutcome> {
  const { customer } = input;
  if (customer.anonymisedAt) return { kind: 'already', at: customer.anonymisedAt };
  const request = await tdb.privacy.requests.find(input.deletionId);
  if (!request || request.customerId !== customer.id) throw new ServiceError('not_found', 'There is no such deletion request for this customer.');
  if (request.status !== 'pending') return { kind: 'not_pending' };
  if (request.requestedBy === input.approverId) return { kind: 'same_person' };

  const refusal = await deletionRefusal(tdb, customer.id, asOf);
  if (refusal) return { kind: 'blocked', message: refusal };

  // The approval first: a withdrawal or a second approval racing this one finds it decided.
  if (!(await tdb.privacy.requests.decide(request.id, 'approved', input.approverId, null, now))) return { kind: 'not_pending' };
  const actorId = input.approverId;
  let found: Awaited<ReturnType<typeof tdb.privacy.inventory>>;
  let removed: Record<string, number>;
  let won: boolean;
  try {
    found = await tdb.privacy.inventory(customer.id);
    removed = {
      phones: found.phones,
      addresses: found.addresses,
      employer: found.employer,
      references: found.references,
      notes: found.notes,
      uploadedDocuments: found.documents.filter((d) => d.uploadedByType === 'customer').length,
      staffDocuments: found.documents.filter((d) => d.uploadedByType === 'agent').length,
      photo: customer.photoKey ? 1 : 0,
      paymentMethods: found.paymentMethods,
      autopaysStopped: found.pausedAutopays,
      emailsEmptied: found.emails,
      textsEmptied: found.texts,
      mailAddressesRemoved: found.mailPieces,
      accessSwitchedOff: found.links,
      sessions: found.sessions,
      passkeys: found.passkeys,
      authenticatorApp: found.authenticatorApp,
      recoveryCodes: found.recoveryCodes,
      signInTokens: found.signInTokens,
    };
    // The rows first, in one batch: if the database fails, every file is still there for the rows that still point at them.
    won = await tdb.privacy.erase(
      customer.id,
      {
        documentIds: found.documents.map((d) => d.id),
        // The processor's customer (Stripe cus_…) holds the name and email given when a card was saved. It is deleted after
        // this batch; its id is written here first so that, should that fail (or this process stop before it), the row still
        // says what is left to delete by hand. Our link to it (customers.processor_customer_id) goes in this batch.
        audit: {
          actorType: 'agent',
          actorId,
          action: 'privacy.deleted',
          after: {
            reason: request.reason, requestedBy: request.requestedBy, requestedAt: request.requestedAt.toISOString(), approvedBy: actorId, deletionRequest: request.id, removed,
            ...(customer.processorCustomerId ? { processorCustomerToDelete: customer.processorCustomerId } : {}),
          },
          requestId: input.requestId ?? null,
        },
      },
      now,
    );
  } catch (error) {
    // Nothing was deleted: the request waits again, to be approved once the database is back.
    await tdb.privacy.requests.reopen(request.id).catch(() => undefined);
    throw error;
  }
  // Then the bytes of what the batch removed (even when a racing deletion won: its batch and ours removed the same rows).
  // A file that cannot be removed now is logged for an operator, not fatal: no row points at it any more.
  const keys = [...found.documents.map((d) => d.storageKey), ...(customer.photoKey ? [customer.photoKey] : [])];
  let filesLeft = 0;
  for (const key of keys) {
    try {
      await deps.files.delete(key);
    } catch (err) {
      filesLeft += 1;
      deps.logger.error('privacy deletion: a stored file could not be removed; remove it by hand', { customer: customer.id, storageKey: key, error: err instanceof Error ? err.message : String(err) });
    }
  }
  // A racing deletion that won wrote the audit row and deletes the processor's customer itself.
  if (!won) return { kind: 'already', at: (await tdb.customers.find(customer.id))?.anonymisedAt ?? now };
  const processorCustomer = customer.processorCustomerId ? await deleteProcessorCustomer(tdb, deps, customer.id, customer.processorCustomerId, { actorId, requestId: input.requestId }, now) : 'none';
  return { kind: 'deleted', removed, filesLeft, processorCustomer };
}

/**
 * Deletes the processor's record of a customer whose rows are already gone. A failure is logged
 * (ids and the error only: no personal data) and answered as `left`: the deletion's audit row
 * already holds the id for staff to delete by hand. Success is recorded in a row of its own.
 */
async function deleteProcessorCustomer(
  tdb: TenantDb,
  deps: { logger: Logger; processor: PaymentProcessor },
  customerId: string,
  processorCustomerId: string,
  input: { actorId: string; requestId?: string | undefined },
  now: Date,
): Promise<'deleted' | 'left'> {
  try {
    await deps.processor.deleteCustomer(processorCustomerId);
  } catch (err) {
    deps.logger.error('privacy deletion: the card processor’s customer could not be deleted; delete it in the processor’s dashboard (its id is in the privacy.deleted audit row)', {
      customer: customerId,
      provider: deps.processor.provider,
      processorCustomer: processorCustomerId,
      transient: err instanceof TransientError,
      error: err instanceof Error ? err.message : String(err),
    });
    return 'left';
  }
  try {
    await tdb.audit.record({ actorType: 'agent', actorId: input.actorId, action: 'privacy.processor-customer-deleted', entityType: 'customer', entityId: customerId, before: null, after: { processorCustomerDeleted: true, provider: deps.processor.provider }, requestId: input.requestId ?? null }, now);
  } catch (err) {
    // The deletion is done either way; deleting it again by hand from the audit row's id is harmless.
    deps.logger.error('privacy deletion: the card processor’s customer was deleted, but recording that failed', { customer: customerId, processorCustomer: processorCustomerId, error: err instanceof Error ? err.message : String(err) });
  }
  return 'deleted';
}

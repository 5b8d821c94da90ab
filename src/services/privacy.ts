import type { Customer } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { FileStore } from '../files';

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

export type DeletionOutcome =
  | { kind: 'deleted'; removed: Record<string, number> }
  | { kind: 'already'; at: Date }
  | { kind: 'blocked'; message: string }
  | { kind: 'files-unavailable' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A privacy deletion (CCPA / PIPEDA): the customer's personal data is removed or anonymised, while
 * the accounts, their ledgers and the payments stay as the lender's records. Refused while money is
 * still moving for the customer (a payment on its way, an AutoPay that is on): the lender stops
 * those first. Doing it twice is harmless: the second time answers that it was already done.
 */
export async function deleteCustomerData(
  tdb: TenantDb,
  files: FileStore,
  input: { customer: Customer; reason: string; actorId: string; requestId?: string | undefined },
  now: Date,
): Promise<DeletionOutcome> {
  const { customer } = input;
  if (customer.anonymisedAt) return { kind: 'already', at: customer.anonymisedAt };

  const blockers = await tdb.privacy.blockers(customer.id);
  if (blockers.paymentReferences.length > 0 || blockers.autopayAccountIds.length > 0) {
    const accounts = await Promise.all(blockers.autopayAccountIds.map((id) => tdb.accounts.find(id)));
    const parts = [
      blockers.paymentReferences.length > 0 ? `${plural(blockers.paymentReferences.length, 'payment is', 'payments are')} still on the way (${blockers.paymentReferences.join(', ')}): let ${blockers.paymentReferences.length === 1 ? 'it' : 'them'} finish or cancel ${blockers.paymentReferences.length === 1 ? 'it' : 'them'}` : '',
      blockers.autopayAccountIds.length > 0 ? `AutoPay is on for ${accounts.map((a, i) => a?.displayId ?? blockers.autopayAccountIds[i]).join(', ')}: stop it` : '',
    ].filter(Boolean);
    return { kind: 'blocked', message: `The personal data cannot be deleted yet. ${parts.join('; ')}. Then delete again.` };
  }

  const found = await tdb.privacy.inventory(customer.id);
  // The bytes go first: if the file store fails, nothing is changed and the request can simply be repeated.
  try {
    for (const doc of found.uploadedDocuments) await files.delete(doc.storageKey);
    if (customer.photoKey) await files.delete(customer.photoKey);
  } catch {
    return { kind: 'files-unavailable' };
  }

  const removed = {
    phones: found.phones,
    addresses: found.addresses,
    employer: found.employer,
    references: found.references,
    uploadedDocuments: found.uploadedDocuments.length,
    photo: customer.photoKey ? 1 : 0,
    paymentMethods: found.paymentMethods,
    accessSwitchedOff: found.links,
    sessions: found.sessions,
    passkeys: found.passkeys,
    authenticatorApp: found.authenticatorApp,
    recoveryCodes: found.recoveryCodes,
    signInTokens: found.signInTokens,
  };
  const won = await tdb.privacy.erase(
    customer.id,
    {
      documentIds: found.uploadedDocuments.map((d) => d.id),
      audit: { actorType: 'agent', actorId: input.actorId, action: 'privacy.deleted', after: { reason: input.reason, removed }, requestId: input.requestId ?? null },
    },
    now,
  );
  if (!won) return { kind: 'already', at: (await tdb.customers.find(customer.id))?.anonymisedAt ?? now };
  return { kind: 'deleted', removed };
}

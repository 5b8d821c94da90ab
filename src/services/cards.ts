import type { Account, CardRow } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { activatedStatus, activationAllowed, isUsable, transition, type CardStatus } from '../domain/credit/card-status';
import { normalizeTaxId, ssnProblem } from '../domain/tax-id';
import type { CardVault } from '../integrations/card-vault';
import { encryptString, keyedHash, type DataKeys } from '../lib/secrets';
import { ServiceError } from './errors';

/** Wrong numbers allowed before online activation locks (an agent can then activate by phone). */
export const MAX_ACTIVATION_ATTEMPTS = 3;

/** Records a customer's SSN: encrypted, with a keyed hash for exact matches and the last four to show. */
export async function setCustomerSsn(tdb: TenantDb, keys: DataKeys, customerId: string, ssn: string, now: Date): Promise<void> {
  const problem = ssnProblem(ssn);
  if (problem) throw new ServiceError('invalid', problem);
  const digits = normalizeTaxId(ssn);
  const encrypted = await encryptString(keys, digits, `${tdb.tenantId}:customer:${customerId}:tax_id`);
  await tdb.customers.setTaxId(customerId, { encrypted, hash: await keyedHash(keys, `ssn:${digits}`), last4: digits.slice(-4) }, now);
}

/** The cards a borrower sees on an account: current ones first, finished ones (cancelled, expired) left out unless there is nothing else. */
export async function cardsToShow(tdb: TenantDb, account: Account): Promise<CardRow[]> {
  const all = (await tdb.cards.forAccount(account.id)).reverse();
  const live = all.filter((c) => c.status !== 'Cancelled' && c.status !== 'Expired');
  return live.length > 0 ? live : all.slice(0, 1);
}

async function cardOn(tdb: TenantDb, account: Account, cardId: string): Promise<CardRow> {
  const card = await tdb.cards.find(cardId);
  if (!card || card.accountId !== account.id) throw new ServiceError('not_found', 'There is no such card on this account.');
  return card;
}

export type ActivationResult = { outcome: 'activated'; status: CardStatus } | { outcome: 'mismatch'; attemptsLeft: number } | { outcome: 'locked' } | { outcome: 'invalid'; problem: string } | { outcome: 'no_ssn_on_file' };

/**
 * "Activate now": the SSN the borrower types must match the one on file. Each attempt is counted
 * before it is checked, so parallel guesses cannot get past the limit; a match resets the count.
 */
export async function activateCard(tdb: TenantDb, keys: DataKeys, input: { account: Account; cardId: string; customerId: string; ssn: string }, now: Date): Promise<ActivationResult> {
  const card = await cardOn(tdb, input.account, input.cardId);
  if (!activationAllowed(card.status as CardStatus)) throw new ServiceError('conflict', 'This card is not waiting to be activated.');
  if (card.activationFailures >= MAX_ACTIVATION_ATTEMPTS) return { outcome: 'locked' };
  const problem = ssnProblem(input.ssn);
  if (problem) return { outcome: 'invalid', problem };
  const customer = await tdb.customers.find(input.customerId);
  if (!customer?.taxIdHash) return { outcome: 'no_ssn_on_file' };
  const attempts = await tdb.cards.countActivationAttempt(card.id, now);
  if (attempts > MAX_ACTIVATION_ATTEMPTS) return { outcome: 'locked' };
  const hash = await keyedHash(keys, `ssn:${normalizeTaxId(input.ssn)}`);
  if (customer.taxIdHash !== hash) {
    await tdb.audit.record({ actorType: 'customer', actorId: input.customerId, action: 'card.activation-failed', entityType: 'card', entityId: card.id, after: { attempts } }, now);
    return attempts >= MAX_ACTIVATION_ATTEMPTS ? { outcome: 'locked' } : { outcome: 'mismatch', attemptsLeft: MAX_ACTIVATION_ATTEMPTS - attempts };
  }
  const status = transition(card.status as CardStatus, activatedStatus({ ...(card.replacesCardId ? { replacesCardId: card.replacesCardId } : {}) }));
  await tdb.cards.activate(card.id, status, now);
  await tdb.audit.record({ actorType: 'customer', actorId: input.customerId, action: 'card.activated', entityType: 'card', entityId: card.id, before: { status: card.status }, after: { status } }, now);
  return { outcome: 'activated', status };
}

/** The full number of a usable card, from the vault; audited, never stored. The caller re-authenticated the person. */
export async function revealCard(tdb: TenantDb, vault: CardVault, input: { account: Account; cardId: string; customerId: string }, now: Date) {
  const card = await cardOn(tdb, input.account, input.cardId);
  if (!isUsable(card.status as CardStatus)) throw new ServiceError('conflict', 'Only an active card’s number can be shown.');
  const revealed = await vault.reveal(card.vaultToken);
  await tdb.audit.record({ actorType: 'customer', actorId: input.customerId, action: 'card.number-revealed', entityType: 'card', entityId: card.id }, now);
  return { card, revealed };
}

import type { AuditInput } from '../db/repositories/audit';
import type { Account, Customer, CustomerAccountLink, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { linkRoles, type LinkRole } from '../domain/link-roles';
import { ServiceError } from './errors';
import { accountStatusesOf } from './servicing';

/**
 * Servicing an account after it is open: its status (from the lender's list), the customers on it
 * and their roles. Each change is one batch with its audit rows, on the account (its History tab)
 * and on each customer it touches (their "links" history). An account always has exactly one
 * Primary: making someone Primary makes the Primary before them Secondary, and the Primary can only
 * leave once someone else is Primary.
 */

export type Errors = Record<string, string>;
export type Outcome = { ok: true; notice: string } | { ok: false; errors: Errors };

const nameOf = (c: Pick<Customer, 'firstName' | 'lastName' | 'companyName' | 'customerType'>) => (c.customerType !== 'individual' && c.companyName ? c.companyName : `${c.firstName} ${c.lastName}`);

const onAccount = (account: Account, actorId: string, action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditInput => ({ actorType: 'agent', actorId, action, entityType: 'account', entityId: account.id, before, after });
const onCustomer = (customerId: string, actorId: string, action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditInput => ({ actorType: 'agent', actorId, action, entityType: 'customer', entityId: customerId, before, after });

/** A new status from the tenant's list of account statuses. */
export async function changeAccountStatus(tdb: TenantDb, tenant: Tenant, account: Account, status: string, actorId: string, now: Date): Promise<Outcome> {
  const wanted = status.trim();
  if (!accountStatusesOf(tenant).includes(wanted)) return { ok: false, errors: { status: 'Choose one of the account statuses in the list.' } };
  if (wanted === account.status) return { ok: true, notice: `${account.displayId} is already ${wanted}: nothing was changed.` };
  await tdb.accounts.applyChange(account.id, { status: wanted }, [onAccount(account, actorId, 'account.status-changed', { status: account.status }, { status: wanted })], now);
  return { ok: true, notice: `${account.displayId} is now ${wanted}.` };
}

/** The rows a Primary moving to `to` writes: the one who was Primary becomes Secondary, both recorded. */
function primaryHandOver(account: Account, links: CustomerAccountLink[], to: string, actorId: string) {
  const was = links.find((l) => l.role === 'Primary' && l.customerId !== to);
  if (!was) return { roles: [], audits: [] };
  return {
    roles: [{ customerId: was.customerId, role: 'Secondary' as const }],
    audits: [
      onCustomer(was.customerId, actorId, 'link.role-changed', { account: account.displayId, role: 'Primary' }, { account: account.displayId, role: 'Secondary' }),
      onAccount(account, actorId, 'account.role-changed', { customer: was.customerId, role: 'Primary' }, { customer: was.customerId, role: 'Secondary' }),
    ],
  };
}

const readRole = (text: string | undefined): LinkRole | undefined => linkRoles.find((r) => r === text);

/**
 * Adds a customer of this tenant to the account with a role and access switches (Email and Web on,
 * SMS off unless chosen). Adding someone as Primary makes the current Primary Secondary.
 */
export async function addAccountCustomer(
  tdb: TenantDb,
  account: Account,
  input: { customerId: string; role: string; emailAccess: boolean; webAccess: boolean; smsAccess: boolean },
  actorId: string,
  now: Date,
): Promise<Outcome> {
  const errors: Errors = {};
  const role = readRole(input.role);
  if (!role) errors.role = 'Choose the customer’s role on the account.';
  const customer = input.customerId ? await tdb.customers.find(input.customerId) : undefined;
  if (!customer) errors.customer = 'Find the customer by name, email or phone, and choose them in the list.';
  else if (customer.anonymisedAt) errors.customer = 'This customer’s personal data was deleted on request: they cannot be added to an account.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const links = await tdb.accounts.links(account.id);
  if (links.some((l) => l.customerId === customer!.id)) return { ok: false, errors: { customer: `${nameOf(customer!)} is already on ${account.displayId}: change their role in the list above.` } };
  const handOver = role === 'Primary' ? primaryHandOver(account, links, customer!.id, actorId) : { roles: [], audits: [] };
  const access = { emailAccess: input.emailAccess, webAccess: input.webAccess, smsAccess: input.smsAccess };
  try {
    await tdb.accounts.applyChange(
      account.id,
      { add: { customerId: customer!.id, role: role!, ...access }, roles: handOver.roles },
      [
        onAccount(account, actorId, 'account.customer-added', null, { customer: customer!.id, role, ...access }),
        onCustomer(customer!.id, actorId, 'link.added', null, { account: account.displayId, role, ...access }),
        ...handOver.audits,
      ],
      now,
    );
  } catch (error) {
    // Added by someone else meanwhile (the link's key), or a second Primary raced in (the partial unique index).
    const after = await tdb.accounts.links(account.id);
    if (after.some((l) => l.customerId === customer!.id)) return { ok: false, errors: { customer: `${nameOf(customer!)} is already on ${account.displayId}.` } };
    throw error;
  }
  return { ok: true, notice: `${nameOf(customer!)} is added to ${account.displayId} as ${role}.` };
}

/** A customer's role on the account. The Primary cannot step down: make someone else Primary instead. */
export async function changeAccountRole(tdb: TenantDb, account: Account, customerId: string, roleText: string, actor: { type: 'agent' | 'customer'; id: string }, now: Date): Promise<Outcome> {
  const role = readRole(roleText);
  if (!role) return { ok: false, errors: { role: 'Choose a role from the list.' } };
  const links = await tdb.accounts.links(account.id);
  const link = links.find((l) => l.customerId === customerId);
  if (!link) throw new ServiceError('not_found', 'This customer is not on that account.');
  if (link.role === role) return { ok: true, notice: 'Nothing was changed.' };
  if (link.role === 'Primary') throw new ServiceError('conflict', `Every account needs a Primary: make someone else Primary on ${account.displayId} first.`);
  const handOver = role === 'Primary' ? primaryHandOver(account, links, customerId, actor.id) : { roles: [], audits: [] };
  const by = (a: AuditInput): AuditInput => ({ ...a, actorType: actor.type });
  await tdb.accounts.applyChange(
    account.id,
    { roles: [...handOver.roles, { customerId, role }] },
    [
      onCustomer(customerId, actor.id, 'link.role-changed', { account: account.displayId, role: link.role }, { account: account.displayId, role }),
      onAccount(account, actor.id, 'account.role-changed', { customer: customerId, role: link.role }, { customer: customerId, role }),
      ...handOver.audits,
    ].map(by),
    now,
  );
  return { ok: true, notice: `The role is now ${role}.` };
}

/**
 * Takes a customer off the account. Refused for the Primary (someone else becomes Primary first),
 * and while money is moving for that customer on this account: a payment on its way, or an AutoPay
 * that is on (it would keep drawing from someone no longer on the account).
 */
export async function removeAccountCustomer(tdb: TenantDb, account: Account, customerId: string, actorId: string, now: Date): Promise<Outcome> {
  const links = await tdb.accounts.links(account.id);
  const link = links.find((l) => l.customerId === customerId);
  if (!link) throw new ServiceError('not_found', 'This customer is not on that account.');
  const customer = await tdb.customers.find(customerId);
  const name = customer ? nameOf(customer) : 'This customer';
  if (link.role === 'Primary') throw new ServiceError('conflict', `${name} is the Primary on ${account.displayId}: make someone else Primary first, then remove them.`);
  const [autopays, payments] = await Promise.all([tdb.autopays.forAccount(account.id), tdb.payments.history(customerId, [account.id], {})]);
  const moving = payments.filter((p) => p.status === 'pending' || p.status === 'processing');
  if (moving.length > 0) throw new ServiceError('conflict', `${name} has ${moving.length === 1 ? 'a payment' : 'payments'} on the way on ${account.displayId} (${moving.map((p) => p.reference).join(', ')}): let ${moving.length === 1 ? 'it' : 'them'} finish or cancel ${moving.length === 1 ? 'it' : 'them'} first.`);
  if (autopays.some((a) => a.customerId === customerId && a.status === 'active')) throw new ServiceError('conflict', `${name} has AutoPay on for ${account.displayId}: stop it first.`);
  const was = { role: link.role, emailAccess: link.emailAccess, webAccess: link.webAccess, smsAccess: link.smsAccess };
  await tdb.accounts.applyChange(
    account.id,
    { remove: customerId },
    [onAccount(account, actorId, 'account.customer-removed', { customer: customerId, ...was }, null), onCustomer(customerId, actorId, 'link.removed', { account: account.displayId, ...was }, null)],
    now,
  );
  return { ok: true, notice: `${name} is no longer on ${account.displayId}.` };
}

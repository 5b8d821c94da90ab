import type { Account, CustomerAccountLink, PortalSettings, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { statusFor } from '../domain/account-status';
import { amountChoices, type AmountChoices } from './payment-amounts';

/** One line of a borrower's accounts list: the figures people look for first. */
export interface AccountOverview {
  account: Account;
  role: CustomerAccountLink['role'];
  kind: 'loan' | 'line';
  /** The status as it reads now (Active, Past Due and Paid Off follow the money). */
  status: string;
  /** What is owed and the amounts offered to pay it: the same figures as the pay form. */
  choices: AmountChoices;
  /** Loans: principal balance (a lease: its remaining payments); lines: the balance owed. */
  balance: Cents;
  payoff: Cents | null;
  availableCredit: Cents | null;
  nextDueDate: IsoDate | null;
  nextDueAmount: Cents | null;
  remainingPayments: number | null;
  pastDueAmount: Cents;
  daysPastDue: number;
  /** Paid off or closed accounts are listed apart. */
  settled: boolean;
}

/**
 * The accounts a borrower sees: only links with Web access on (the per-link switch hides the
 * others), each with its figures as of the tenant's today.
 */
export async function borrowerAccounts(tdb: TenantDb, tenant: Tenant, customerId: string, asOf: IsoDate): Promise<AccountOverview[]> {
  const links = (await tdb.accounts.forCustomer(customerId)).filter((l) => l.link.webAccess);
  return Promise.all(links.map(({ account, link }) => accountOverview(tdb, tenant, account, link, asOf)));
}

/** The same accounts without their figures (one query), for pages that only list or filter them. */
export async function visibleAccounts(tdb: TenantDb, customerId: string): Promise<Account[]> {
  return (await tdb.accounts.forCustomer(customerId)).filter((l) => l.link.webAccess).map((l) => l.account);
}

/** Every account a customer is on, whatever its access switches (the staff view). */
export async function customerAccounts(tdb: TenantDb, tenant: Tenant, customerId: string, asOf: IsoDate): Promise<(AccountOverview & { link: CustomerAccountLink })[]> {
  const links = await tdb.accounts.forCustomer(customerId);
  return Promise.all(links.map(async ({ account, link }) => ({ ...(await accountOverview(tdb, tenant, account, link, asOf)), link })));
}

/** One account's figures as of the tenant's today, from its position (the same as its pages and pay form). */
export async function accountOverview(tdb: TenantDb, tenant: Tenant, account: Account, link: CustomerAccountLink, asOf: IsoDate): Promise<AccountOverview> {
  const c = await amountChoices(tdb, tenant, account, asOf);
  if (c.kind === 'loan') {
    const p = c.position;
    return {
      account, role: link.role, kind: 'loan', status: statusFor(account.status, p.status, 'loan'), choices: c,
      balance: account.type === 'lease' ? p.scheduledRemaining : p.principalBalance, payoff: p.payoff, availableCredit: null,
      nextDueDate: p.nextDueDate, nextDueAmount: p.nextDueDate ? p.nextDueAmount : null, remainingPayments: p.remainingPayments,
      pastDueAmount: p.pastDueAmount, daysPastDue: p.daysPastDue, settled: p.status === 'paid_off' || account.closedOn !== null,
    };
  }
  const p = c.position;
  return {
    account, role: link.role, kind: 'line', status: statusFor(account.status, p.status, 'line'), choices: c, balance: p.balance, payoff: p.payoff, availableCredit: p.availableCredit,
    nextDueDate: c.minimum > 0 ? c.minimumDueDate : null, nextDueAmount: c.minimum > 0 ? c.minimum : null, remainingPayments: null,
    pastDueAmount: c.minimumPastDue ? c.minimum : 0, daysPastDue: 0, settled: account.closedOn !== null,
  };
}

/** One of the borrower's accounts by its number, only if they may see it online; otherwise null. */
export async function borrowerAccount(tdb: TenantDb, customerId: string, displayId: string): Promise<{ account: Account; link: CustomerAccountLink } | null> {
  const found = (await tdb.accounts.forCustomer(customerId)).find((l) => l.account.displayId === displayId && l.link.webAccess);
  return found ?? null;
}

export const defaultPortal: PortalSettings = {
  sections: { transactions: true, statements: true, documents: true, collateral: true },
  summaryFields: { interestRate: true, principalBalance: true, payoff: true, amountDue: true, daysPastDue: true, remainingPayments: true, projectedPayoff: true, creditAvailable: true },
};

/** The lender's choice of what borrowers see, filled in with the defaults. */
export function portalSettingsOf(tenant: Tenant): PortalSettings {
  const p = tenant.settings.portal;
  return { sections: { ...defaultPortal.sections, ...p?.sections }, summaryFields: { ...defaultPortal.summaryFields, ...p?.summaryFields } };
}

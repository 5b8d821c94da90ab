import type { Account, CustomerAccountLink, PortalSettings, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { IsoDate } from '../domain/dates';
import type { Cents } from '../domain/money';
import { lineSummary, loanSummary } from './servicing';

/** One line of a borrower's accounts list: the figures people look for first. */
export interface AccountOverview {
  account: Account;
  role: CustomerAccountLink['role'];
  kind: 'loan' | 'line';
  /** Loans: principal balance; lines: the balance owed. */
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
export async function borrowerAccounts(tdb: TenantDb, customerId: string, asOf: IsoDate): Promise<AccountOverview[]> {
  const links = (await tdb.accounts.forCustomer(customerId)).filter((l) => l.link.webAccess);
  return Promise.all(links.map(({ account, link }) => accountOverview(tdb, account, link, asOf)));
}

/** The same accounts without their figures (one query), for pages that only list or filter them. */
export async function visibleAccounts(tdb: TenantDb, customerId: string): Promise<Account[]> {
  return (await tdb.accounts.forCustomer(customerId)).filter((l) => l.link.webAccess).map((l) => l.account);
}

/** Every account a customer is on, whatever its access switches (the staff view). */
export async function customerAccounts(tdb: TenantDb, customerId: string, asOf: IsoDate): Promise<(AccountOverview & { link: CustomerAccountLink })[]> {
  const links = await tdb.accounts.forCustomer(customerId);
  return Promise.all(links.map(async ({ account, link }) => ({ ...(await accountOverview(tdb, account, link, asOf)), link })));
}

/** One account's figures as of the tenant's today. */
export async function accountOverview(tdb: TenantDb, account: Account, link: CustomerAccountLink, asOf: IsoDate): Promise<AccountOverview> {
  if (account.type === 'installment' || account.type === 'lease') {
    const p = await loanSummary(tdb, account, asOf);
    return {
      account, role: link.role, kind: 'loan', balance: p.principalBalance, payoff: p.payoff, availableCredit: null,
      nextDueDate: p.nextDueDate, nextDueAmount: p.nextDueDate ? p.nextDueAmount : null, remainingPayments: p.remainingPayments,
      pastDueAmount: p.pastDueAmount, daysPastDue: p.daysPastDue, settled: p.status === 'paid_off' || account.closedOn !== null,
    };
  }
  const { balance, statements } = await lineSummary(tdb, account, asOf);
  const last = statements.at(-1);
  const due = last && last.dueDate >= asOf && last.minimumPayment > 0 ? last : undefined;
  return {
    account, role: link.role, kind: 'line', balance: balance.balance, payoff: null, availableCredit: balance.availableCredit,
    nextDueDate: due?.dueDate ?? null, nextDueAmount: due?.minimumPayment ?? null, remainingPayments: null,
    pastDueAmount: last?.pastDue ?? 0, daysPastDue: 0, settled: account.closedOn !== null,
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

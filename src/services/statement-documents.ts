import type { Account, StatementRow, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { levelRepayment, lineCharges, minimumOnlyRepayment, statements as lineStatements } from '../domain/credit/line-of-credit';
import { daysBetween } from '../domain/dates';
import { formatPercent } from '../domain/rates';
import { statementPdf, type StatementActivity } from '../documents/statement-pdf';
import { lenderContact } from './payments';
import { loadLine } from './servicing';

/**
 * The PDF of an issued statement, with everything it itemises rebuilt from the ledger and the
 * terms: the same statement chain the pages use, so the PDF and the Transactions tab agree.
 */
export async function statementDocument(tdb: TenantDb, tenant: Tenant, account: Account, statement: StatementRow, holderName: string): Promise<Uint8Array> {
  const line = await loadLine(tdb, account);
  const chain = lineStatements(line.terms, line.transactions, statement.periodEnd);
  const computed = chain.find((s) => s.periodEnd === statement.periodEnd);
  const inPeriod = (date: string) => date >= statement.periodStart && date <= statement.periodEnd;
  const originals = new Map(line.rows.map((r) => [r.id, r]));
  const activity: StatementActivity[] = [
    ...line.rows.filter((r) => inPeriod(r.effectiveDate)).map((r) => {
      const amount = Math.abs(r.amount);
      const sign = r.kind === 'payment' || r.kind === 'credit' ? -1 : r.kind === 'reversal' ? (originals.get(r.reversesId ?? '')?.kind === 'payment' ? 1 : -1) : 1;
      return { date: r.effectiveDate, description: r.description, amount: sign * amount };
    }),
    ...lineCharges(line.terms, line.transactions, statement.periodEnd)
      .filter((c) => inPeriod(c.date))
      .map((c) => ({ date: c.date, description: c.kind === 'interest' ? 'Interest charged' : 'Late fee: minimum payment not received by its due date', amount: c.amount })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const year = statement.periodEnd.slice(0, 4);
  const thisYear = chain.filter((s) => s.periodEnd.startsWith(year));
  return statementPdf({
    portalName: tenant.branding.portalName, lenderName: tenant.name, brandColor: tenant.branding.primaryColor, accountName: account.productName, displayId: account.displayId, holderName, statement,
    apr: formatPercent(line.terms.annualRate), lateFee: line.terms.lateFee, averageDailyBalance: computed?.averageDailyBalance ?? 0, daysInCycle: daysBetween(statement.periodStart, statement.periodEnd) + 1,
    activity, yearToDate: { year, fees: thisYear.reduce((s, st) => s + st.fees, 0), interest: thisYear.reduce((s, st) => s + st.interest, 0) },
    minimumOnly: minimumOnlyRepayment(line.terms, statement.closingBalance), threeYears: levelRepayment(line.terms, statement.closingBalance, 36), contact: lenderContact(tenant),
  });
}

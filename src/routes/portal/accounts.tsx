import { Hono, type Context } from 'hono';
import type { Account, LedgerRow } from '../../db/schema';
import { isIsoDate, localDate } from '../../domain/dates';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { isFragmentRequest } from '../../http/htmx';
import { requireBorrower } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { borrowerAccount, portalSettingsOf } from '../../services/borrower-accounts';
import { loanSummary } from '../../services/servicing';
import { statementPdf } from '../../documents/statement-pdf';
import { ACCOUNT_TAB_ID, AccountPage, CollateralTab, StatementsTab, SummaryTab, Tabbed, tabsFor, TransactionsTab, type AccountTab } from '../../../templates/pages/portal/account';

/** The account, if it is this borrower's and visible online; anything else is "not found". */
async function accountOf(c: Context<AppEnv>): Promise<Account> {
  const found = await borrowerAccount(c.get('tdb'), c.get('session')!.subjectId, c.req.param('displayId') ?? '');
  if (!found) throw new AppError('not_found', 'There is no such account among yours.');
  return found.account;
}

interface TxFilter {
  from?: string;
  to?: string;
  kind?: string;
}

function readFilter(c: Context<AppEnv>): TxFilter {
  const from = c.req.query('from') || undefined;
  const to = c.req.query('to') || undefined;
  const kind = c.req.query('kind') || undefined;
  if ((from && !isIsoDate(from)) || (to && !isIsoDate(to))) throw new AppError('validation', 'Enter dates as year-month-day, for example 2026-11-01.');
  if (kind && !['payment', 'reversal', 'fee', 'fee_waiver', 'draw', 'credit'].includes(kind)) throw new AppError('validation', 'Choose a transaction type from the list.');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(kind ? { kind } : {}) };
}

async function transactions(c: Context<AppEnv>, account: Account, filter: TxFilter): Promise<LedgerRow[]> {
  const rows = await c.get('tdb').ledger.entries(account.id);
  return rows
    .filter((r) => (!filter.from || r.effectiveDate >= filter.from) && (!filter.to || r.effectiveDate <= filter.to) && (!filter.kind || r.kind === filter.kind))
    .reverse();
}

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
const decimal = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** A borrower's account pages: tabs as pages and as htmx fragments. */
export function accountRoutes() {
  const app = new Hono<AppEnv>();
  app.use(requireBorrower());

  /** A section the lender hides does not exist for borrowers: its addresses answer 404. */
  const requireSection = (c: Context<AppEnv>, section: 'transactions' | 'statements') => {
    if (!portalSettingsOf(c.get('tenant')).sections[section]) throw new AppError('not_found', 'This account has no such section.');
  };

  app.get('/:displayId/transactions.csv', async (c) => {
    requireSection(c, 'transactions');
    const account = await accountOf(c);
    const rows = await transactions(c, account, readFilter(c));
    const lines = [['date', 'type', 'description', 'amount', 'principal', 'interest', 'fees', 'reference'].join(',')];
    for (const r of rows) lines.push([r.effectiveDate, r.kind, r.description, decimal(r.amount), decimal(r.principal), decimal(r.interest), decimal(r.fees), r.reference ?? ''].map(csvField).join(','));
    return c.body(lines.join('\r\n') + '\r\n', 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${account.displayId.replace(/[^A-Za-z0-9-]/g, '')}-transactions.csv"`,
    });
  });

  // Each download checks, on its own request, that the statement belongs to one of the person's visible accounts.
  app.get('/:displayId/statements/:file', async (c) => {
    requireSection(c, 'statements');
    const account = await accountOf(c);
    const id = /^(.+)\.pdf$/.exec(c.req.param('file'))?.[1];
    const statement = id ? await c.get('tdb').ledger.findStatement(id) : undefined;
    if (!statement || statement.accountId !== account.id) throw new AppError('not_found', 'There is no such statement on this account.');
    const tenant = c.get('tenant');
    const customer = await c.get('tdb').customers.find(c.get('session')!.subjectId);
    const bytes = await statementPdf({
      portalName: tenant.branding.portalName, lenderName: tenant.name, brandColor: tenant.branding.primaryColor, accountName: account.productName,
      displayId: account.displayId, holderName: customer ? `${customer.firstName} ${customer.lastName}` : '', statement,
    });
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${account.displayId.replace(/[^A-Za-z0-9-]/g, '')}-statement-${statement.periodEnd}.pdf"`,
      'x-content-type-options': 'nosniff',
    });
  });

  const show = async (c: Context<AppEnv>, tab: AccountTab | undefined) => {
    const account = await accountOf(c);
    const portal = portalSettingsOf(c.get('tenant'));
    const tabs = tabsFor(account, portal);
    const active = tab ?? tabs[0]!.id;
    if (!tabs.some((t) => t.id === active)) throw new AppError('not_found', 'This account has no such section.');
    const tdb = c.get('tdb');
    let panel;
    if (active === 'summary') {
      const today = localDate(c.get('deps').clock.now(), c.get('tenant').timeZone);
      const [position, schedule, terms] = await Promise.all([loanSummary(tdb, account, today), tdb.accounts.schedule(account.id), tdb.accounts.loanTerms(account.id)]);
      panel = <SummaryTab position={position} schedule={schedule} annualRate={terms?.annualRate ?? '0'} show={portal.summaryFields} />;
    } else if (active === 'statements') {
      panel = <StatementsTab account={account} statements={await tdb.ledger.statements(account.id)} />;
    } else if (active === 'transactions') {
      const filter = readFilter(c);
      panel = <TransactionsTab account={account} rows={await transactions(c, account, filter)} filter={filter} />;
    } else {
      panel = <CollateralTab items={await tdb.collateral.forAccount(account.id)} />;
    }
    if (isFragmentRequest(c) && c.req.header('hx-target') === ACCOUNT_TAB_ID) {
      return c.html(<Tabbed account={account} portal={portal} active={active}>{panel}</Tabbed>);
    }
    return renderPage(c, `${account.productName} ${account.displayId}`, <AccountPage account={account} portal={portal} active={active}>{panel}</AccountPage>);
  };

  app.get('/:displayId', (c) => show(c, undefined));
  app.get('/:displayId/:tab', (c) => show(c, c.req.param('tab') as AccountTab));
  return app;
}

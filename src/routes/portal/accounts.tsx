import { centsToDecimal } from '../../domain/money';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Account, PortalSettings } from '../../db/schema';
import type { TenantDb } from '../../db/tenant';
import { CardNotFoundError } from '../../integrations/card-vault';
import { emailField, parseForm } from '../../http/validate';
import { activateCard, cardsToShow, MAX_ACTIVATION_ATTEMPTS, revealCard } from '../../services/cards';
import { addInsurancePolicy } from '../../services/collateral';
import { dataKeysOf } from '../../services/data-keys';
import { documentCategoriesOf, storeDocument } from '../../services/documents';
import { ServiceError } from '../../services/errors';
import { recheckPassword } from '../../services/sign-in';
import { amountChoices } from '../../services/payment-amounts';
import { paymentSettingsOf } from '../../services/payment-settings';
import { CARD_PANEL_ID, CardPanel, type CardPanelState } from '../../../templates/pages/portal/card-panel';
import { DocumentsTab, type UploadForm } from '../../../templates/pages/portal/documents-tab';
import { isIsoDate, localDate } from '../../domain/dates';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { documentDownload } from '../../http/document-download';
import { uploadedFile, uploadProblem } from '../../http/upload';
import { isFragmentRequest } from '../../http/htmx';
import { requireBorrower } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { borrowerAccount, portalSettingsOf } from '../../services/borrower-accounts';
import { allocationOrderOf, loadLine, loadLoan, type LoanAccount } from '../../services/servicing';
import { accountActivity, type TxFilter } from '../../services/account-activity';
import { linePosition } from '../../domain/credit/line-of-credit';
import { aprFromMoneyFactor, formatMoneyFactor, leasePayment } from '../../domain/loans/lease';
import { installmentStates, loanPosition } from '../../domain/loans/position';
import { formatPercent } from '../../domain/rates';
import { statementDocument } from '../../services/statement-documents';
import { ACCOUNT_TAB_ID, AccountPage, CollateralTab, DueBar, LineSummaryTab, StatementsTab, SummaryTab, Tabbed, tabsFor, TransactionsTab, type AccountTab, type InsuranceFormState, type LoanSummaryTerms } from '../../../templates/pages/portal/account';

/** The account, if it is this borrower's and visible online; anything else is "not found". */
async function accountOf(c: Context<AppEnv>): Promise<Account> {
  const found = await borrowerAccount(c.get('tdb'), c.get('session')!.subjectId, c.req.param('displayId') ?? '');
  if (!found) throw new AppError('not_found', 'There is no such account among yours.');
  return found.account;
}

function readFilter(c: Context<AppEnv>): TxFilter {
  const from = c.req.query('from') || undefined;
  const to = c.req.query('to') || undefined;
  const kind = c.req.query('kind') || undefined;
  if ((from && !isIsoDate(from)) || (to && !isIsoDate(to))) throw new AppError('validation', 'Enter dates as year-month-day, for example 2026-11-01.');
  if (kind && !['payment', 'reversal', 'fee', 'fee_waiver', 'draw', 'credit', 'interest'].includes(kind)) throw new AppError('validation', 'Choose a transaction type from the list.');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(kind ? { kind } : {}) };
}

const todayOf = (c: Context<AppEnv>) => localDate(c.get('deps').clock.now(), c.get('tenant').timeZone);
const activity = (c: Context<AppEnv>, account: Account, filter: TxFilter) => accountActivity(c.get('tdb'), c.get('tenant'), account, todayOf(c), filter);

/** A loan's rate, or a lease's money factor, APR equivalent, rent charge and residual, as the summary states them. */
async function loanSummaryTerms(tdb: TenantDb, account: Account, loan: LoanAccount): Promise<LoanSummaryTerms> {
  const annualRate = formatPercent(loan.accrual.terms.annualRate);
  if (account.type !== 'lease') return { annualRate };
  const t = await tdb.accounts.loanTerms(account.id);
  const moneyFactorE7 = t?.moneyFactorE7 ?? 0;
  const residual = t?.residualValue ?? 0;
  const capitalizedCost = loan.accrual.terms.principal + residual;
  const pay = leasePayment({ capitalizedCost, residualValue: residual, termMonths: loan.accrual.terms.termPayments, moneyFactorE7 });
  return { annualRate, lease: { moneyFactor: formatMoneyFactor(moneyFactorE7), apr: formatPercent(aprFromMoneyFactor(moneyFactorE7)), rentCharge: pay.rentCharge, depreciation: pay.depreciation, residual, payment: pay.basePayment } };
}

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

interface PanelForms {
  upload?: UploadForm;
  insurance?: InsuranceFormState;
  card?: CardPanelState;
}

const revealForm = z.object({ password: z.string().max(256).default('') });
const activateForm = z.object({ ssn: z.string().max(20).default('') });
const uploadForm = z.object({
  category: z.string().trim().min(1, 'Choose a category.').max(80),
  name: z.string().trim().max(120, 'Keep the name under 120 characters.').default(''),
  description: z.string().trim().max(500, 'Keep the description under 500 characters.').default(''),
});
const isoDate = (label: string) => z.string().trim().refine(isIsoDate, `Enter the date ${label} as year-month-day.`);
const insuranceForm = z
  .object({
    carrier: z.string().trim().min(1, 'Enter the insurance company.').max(120),
    policyNumber: z.string().trim().min(1, 'Enter the policy number.').max(60),
    coverageStart: isoDate('coverage starts'),
    coverageEnd: isoDate('coverage ends'),
    agentName: z.string().trim().max(120).default(''),
    agentPhone: z.string().trim().max(40).refine((v) => v === '' || /^[+()\d\s.-]{7,}$/.test(v), 'Enter the agent’s phone number, for example (303) 555-0177.').default(''),
    agentEmail: emailField({ optional: true }),
  })
  .refine((v) => v.coverageEnd > v.coverageStart, { path: ['coverageEnd'], message: 'Coverage must end after it starts.' });

async function isProofOfInsurance(c: Context<AppEnv>, account: Account, documentId: string): Promise<boolean> {
  const items = await c.get('tdb').collateral.forAccount(account.id);
  return items.some((i) => i.policies.some((p) => p.proofDocumentId === documentId));
}

/** A borrower's account pages: tabs as pages and as htmx fragments. */
export function accountRoutes() {
  const app = new Hono<AppEnv>();
  app.use(requireBorrower());

  /** A section the lender hides does not exist for borrowers: its addresses answer 404. */
  const requireSection = (c: Context<AppEnv>, section: keyof PortalSettings['sections']) => {
    if (!portalSettingsOf(c.get('tenant')).sections[section]) throw new AppError('not_found', 'This account has no such section.');
  };

  app.get('/:displayId/transactions.csv', async (c) => {
    requireSection(c, 'transactions');
    const account = await accountOf(c);
    const { rows } = await activity(c, account, readFilter(c));
    const lines = [['date', 'type', 'description', 'amount', 'principal', 'interest', 'fees', 'reference'].join(',')];
    const part = (v: number | undefined) => (v === undefined ? '' : centsToDecimal(v));
    for (const r of rows) lines.push([r.date, r.kind, r.description, centsToDecimal(r.amount), part(r.split?.principal), part(r.split?.interest), part(r.split?.fees), r.reference ?? ''].map(csvField).join(','));
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
    const customer = await c.get('tdb').customers.find(c.get('session')!.subjectId);
    const bytes = await statementDocument(c.get('tdb'), c.get('tenant'), account, statement, customer ? `${customer.firstName} ${customer.lastName}` : '');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${account.displayId.replace(/[^A-Za-z0-9-]/g, '')}-statement-${statement.periodEnd}.pdf"`,
      'x-content-type-options': 'nosniff',
    });
  });

  /** The open tab's panel (with a form's state, after a post). */
  const panelFor = async (c: Context<AppEnv>, account: Account, active: AccountTab, forms: PanelForms = {}, loan?: LoanAccount) => {
    const tdb = c.get('tdb');
    const portal = portalSettingsOf(c.get('tenant'));
    if (active === 'summary') {
      const today = todayOf(c);
      if (account.type === 'line_of_credit' || account.type === 'credit_card') {
        const line = await loadLine(tdb, account);
        return <LineSummaryTab account={account} position={linePosition(line.terms, line.transactions, today)} apr={formatPercent(line.terms.annualRate)} show={portal.summaryFields} />;
      }
      const l = loan ?? (await loadLoan(tdb, account));
      const position = loanPosition(l.accrual, l.entries, today, allocationOrderOf(c.get('tenant')));
      return <SummaryTab account={account} position={position} schedule={l.accrual.schedule} states={installmentStates(l.accrual, l.entries, today, position.status === 'paid_off')} terms={await loanSummaryTerms(tdb, account, l)} show={portal.summaryFields} />;
    }
    if (active === 'statements') return <StatementsTab account={account} statements={await tdb.ledger.statements(account.id)} />;
    if (active === 'transactions') {
      const filter = readFilter(c);
      const { rows, upcoming } = await activity(c, account, filter);
      return <TransactionsTab account={account} rows={rows} filter={filter} upcoming={upcoming} />;
    }
    if (active === 'documents') {
      const docs = await tdb.documents.forBorrowerAccount(account.id, c.get('session')!.subjectId);
      return <DocumentsTab account={account} documents={docs} categories={documentCategoriesOf(c.get('tenant'))} maxBytes={c.get('deps').config.MAX_UPLOAD_BYTES} timeZone={c.get('tenant').timeZone} form={forms.upload} />;
    }
    return <CollateralTab account={account} items={await tdb.collateral.forAccount(account.id)} form={forms.insurance} />;
  };

  /** A tab as an htmx fragment (tab links and panel) or as the whole account page. */
  const respond = async (c: Context<AppEnv>, account: Account, active: AccountTab, forms: PanelForms = {}, status: 200 | 422 = 200) => {
    const portal = portalSettingsOf(c.get('tenant'));
    if (!tabsFor(account, portal).some((t) => t.id === active)) throw new AppError('not_found', 'This account has no such section.');
    const fragment = isFragmentRequest(c) && c.req.header('hx-target') === ACCOUNT_TAB_ID;
    // A loan is read once for the page: the summary and the next-payment bar share it.
    const isLoan = account.type === 'installment' || account.type === 'lease';
    const loan = isLoan && (!fragment || active === 'summary') ? await loadLoan(c.get('tdb'), account) : undefined;
    const panel = await panelFor(c, account, active, forms, loan);
    if (fragment) return c.html(<Tabbed account={account} portal={portal} active={active}>{panel}</Tabbed>, status);
    const settings = paymentSettingsOf(c.get('tenant'));
    const choices = await amountChoices(c.get('tdb'), c.get('tenant'), account, todayOf(c), loan);
    const above = (
      <>
        <DueBar account={account} choices={choices} pay={{ payments: settings.enabled, autopay: settings.enabled && settings.autopay }} />
        {account.type === 'credit_card' ? await cardPanel(c, account, forms.card) : null}
      </>
    );
    return renderPage(c, `${account.productName} ${account.displayId}`, <AccountPage account={account} portal={portal} active={active} above={above}>{panel}</AccountPage>, status);
  };

  const cardPanel = async (c: Context<AppEnv>, account: Account, state?: CardPanelState) => (
    <CardPanel account={account} cards={await cardsToShow(c.get('tdb'), account)} issuer={c.get('tenant').branding.portalName} state={state} maxActivationAttempts={MAX_ACTIVATION_ATTEMPTS} />
  );

  /** After a card action: the card panel alone for htmx, else the account page with it. */
  const respondCard = async (c: Context<AppEnv>, account: Account, state: CardPanelState, status: 200 | 422 = 200) => {
    if (isFragmentRequest(c) && c.req.header('hx-target') === CARD_PANEL_ID) return c.html(await cardPanel(c, account, state), status);
    const portal = portalSettingsOf(c.get('tenant'));
    return respond(c, account, tabsFor(account, portal)[0]!.id, { card: state }, status);
  };

  const cardAccountOf = async (c: Context<AppEnv>) => {
    const account = await accountOf(c);
    if (account.type !== 'credit_card') throw new AppError('not_found', 'This account has no cards.');
    return account;
  };

  app.post('/:displayId/cards/:cardId/reveal', async (c) => {
    const account = await cardAccountOf(c);
    const cardId = c.req.param('cardId');
    const form = await parseForm(c, revealForm);
    const now = c.get('deps').clock.now();
    const subject = { type: 'customer' as const, id: c.get('session')!.subjectId };
    const check = await recheckPassword({ tdb: c.get('tdb'), throttles: c.get('throttles') }, subject, form.values.password ?? '', now);
    if (check !== 'ok') {
      const error = check === 'wrong' ? 'That is not your password.' : `Too many wrong passwords. Try again in ${Math.ceil(check.lockedSeconds / 60)} minutes.`;
      return respondCard(c, account, { messages: { [cardId]: { error } } }, 422);
    }
    try {
      const { revealed } = await revealCard(c.get('tdb'), c.get('deps').cardVault, { account, cardId, customerId: subject.id }, now);
      const expiry = `${String(revealed.expiryMonth).padStart(2, '0')}/${String(revealed.expiryYear).slice(-2)}`;
      return respondCard(c, account, { revealed: { cardId, pan: revealed.pan, expiry } });
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      // The vault is down or does not know the card: say so, keep the page.
      c.get('logger').warn('card reveal failed', { provider: c.get('deps').cardVault.provider, kind: error instanceof Error ? error.name : 'unknown' });
      const message = error instanceof CardNotFoundError ? 'The card processor has no number for this card. Please call us.' : 'The card processor did not answer. Please try again in a few minutes.';
      return respondCard(c, account, { messages: { [cardId]: { error: message } } }, 422);
    }
  });

  app.post('/:displayId/cards/:cardId/activate', async (c) => {
    const account = await cardAccountOf(c);
    const cardId = c.req.param('cardId');
    const form = await parseForm(c, activateForm);
    const keys = await dataKeysOf(c.get('deps').config);
    const result = await activateCard(c.get('tdb'), keys, { account, cardId, customerId: c.get('session')!.subjectId, ssn: form.values.ssn ?? '' }, c.get('deps').clock.now());
    const message = (m: { error?: string; notice?: string }) => ({ messages: { [cardId]: m } });
    switch (result.outcome) {
      case 'activated':
        return respondCard(c, account, message({ notice: `Your card is active${result.status === 'Active' ? '' : ` (${result.status})`}. You can use it now.` }));
      case 'invalid':
        return respondCard(c, account, message({ error: result.problem }), 422);
      case 'mismatch':
        return respondCard(c, account, message({ error: `That number does not match the one we have. ${result.attemptsLeft === 1 ? 'One try' : `${result.attemptsLeft} tries`} left.` }), 422);
      case 'no_ssn_on_file':
        return respondCard(c, account, message({ error: 'We do not have your Social Security number on file, so the card cannot be activated online. Please call us.' }), 422);
      case 'locked':
        return respondCard(c, account, {}, 422);
    }
  });

  app.post('/:displayId/documents', async (c) => {
    requireSection(c, 'documents');
    const account = await accountOf(c);
    const form = await parseForm(c, uploadForm);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    const categories = documentCategoriesOf(c.get('tenant'));
    if (!errors.category && !categories.includes(form.values.category ?? '')) errors.category = 'Choose a category from the list.';
    const file = await uploadedFile(c, 'file');
    const fileProblem = file ? uploadProblem(file, c.get('deps').config.MAX_UPLOAD_BYTES) : 'Choose a file to upload.';
    if (fileProblem) errors.file = fileProblem;
    if (Object.keys(errors).length > 0 || !file || !form.ok) return respond(c, account, 'documents', { upload: { values: form.values, errors } }, 422);
    const now = c.get('deps').clock.now();
    const customerId = c.get('session')!.subjectId;
    try {
      const doc = await storeDocument(
        c.get('tdb'), c.get('deps').files,
        { customerId, accountId: account.id, category: form.data.category, name: form.data.name || file.name.replace(/\.[^.]*$/, ''), description: form.data.description, fileName: file.name, bytes: file.bytes, uploadedBy: { type: 'customer', id: customerId }, sharedWithBorrower: false },
        { maxBytes: c.get('deps').config.MAX_UPLOAD_BYTES }, now,
      );
      await c.get('tdb').audit.record({ actorType: 'customer', actorId: customerId, action: 'document.uploaded', entityType: 'customer', entityId: customerId, after: { document: doc.id, accountId: account.id, category: doc.category, name: doc.name, size: doc.size, contentType: doc.contentType } }, now);
      return respond(c, account, 'documents', { upload: { notice: `Uploaded “${doc.name}”. Your lender can see it now.` } });
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'invalid') return respond(c, account, 'documents', { upload: { values: form.values, errors: { file: error.message } } }, 422);
      throw error;
    }
  });

  // Served as an attachment with the type found in the content, never rendered in our origin.
  app.get('/:displayId/documents/:documentId', async (c) => {
    const account = await accountOf(c);
    const customerId = c.get('session')!.subjectId;
    const doc = await c.get('tdb').documents.find(c.req.param('documentId'));
    const visible = doc && doc.accountId === account.id && doc.active && (doc.sharedWithBorrower || (doc.uploadedByType === 'customer' && doc.uploadedById === customerId));
    if (!doc || !visible) throw new AppError('not_found', 'There is no such document on this account.');
    // Proof of insurance is reachable from the collateral tab even when the documents tab is hidden.
    if (!portalSettingsOf(c.get('tenant')).sections.documents && !(await isProofOfInsurance(c, account, doc.id))) throw new AppError('not_found', 'This account has no such section.');
    return documentDownload(c, doc);
  });

  app.post('/:displayId/collateral/:collateralId/insurance', async (c) => {
    requireSection(c, 'collateral');
    const account = await accountOf(c);
    if (account.type !== 'installment' && account.type !== 'lease') throw new AppError('not_found', 'This account has no collateral.');
    const collateralId = c.req.param('collateralId');
    const items = await c.get('tdb').collateral.forAccount(account.id);
    if (!items.some((i) => i.item.id === collateralId)) throw new AppError('not_found', 'There is no such collateral on this account.');
    const form = await parseForm(c, insuranceForm);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    const proof = await uploadedFile(c, 'proof');
    const proofProblem = proof ? uploadProblem(proof, c.get('deps').config.MAX_UPLOAD_BYTES) : undefined;
    if (proofProblem) errors.proof = proofProblem;
    const again = (errs: Record<string, string>) => respond(c, account, 'collateral', { insurance: { collateralId, values: form.values, errors: errs } }, 422);
    if (!form.ok || Object.keys(errors).length > 0) return again(errors);
    const now = c.get('deps').clock.now();
    const customerId = c.get('session')!.subjectId;
    let proofDocumentId: string | undefined;
    if (proof) {
      try {
        const doc = await storeDocument(
          c.get('tdb'), c.get('deps').files,
          { customerId, accountId: account.id, category: 'Proof of insurance', name: `Proof of insurance — ${form.data.carrier} ${form.data.policyNumber}`, description: '', fileName: proof.name, bytes: proof.bytes, uploadedBy: { type: 'customer', id: customerId }, sharedWithBorrower: false },
          { maxBytes: c.get('deps').config.MAX_UPLOAD_BYTES }, now,
        );
        proofDocumentId = doc.id;
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'invalid') return again({ proof: error.message });
        throw error;
      }
    }
    const d = form.data;
    const policyId = await addInsurancePolicy(
      c.get('tdb'), account.id, collateralId,
      { carrier: d.carrier, policyNumber: d.policyNumber, coverageStart: d.coverageStart, coverageEnd: d.coverageEnd, ...(d.agentName ? { agentName: d.agentName } : {}), ...(d.agentPhone ? { agentPhone: d.agentPhone } : {}), ...(d.agentEmail ? { agentEmail: d.agentEmail } : {}), ...(proofDocumentId ? { proofDocumentId } : {}), recordedBy: { type: 'customer', id: customerId } },
      now,
    );
    await c.get('tdb').audit.record({ actorType: 'customer', actorId: customerId, action: 'insurance.recorded', entityType: 'collateral', entityId: collateralId, after: { policyId, carrier: d.carrier, policyNumber: d.policyNumber, coverageStart: d.coverageStart, coverageEnd: d.coverageEnd, proofDocumentId: proofDocumentId ?? null } }, now);
    return respond(c, account, 'collateral', { insurance: { collateralId, notice: 'Thank you: your insurance is saved and your lender can see it.' } });
  });

  const show = async (c: Context<AppEnv>, tab: AccountTab | undefined) => {
    const account = await accountOf(c);
    return respond(c, account, tab ?? tabsFor(account, portalSettingsOf(c.get('tenant')))[0]!.id);
  };

  app.get('/:displayId', (c) => show(c, undefined));
  app.get('/:displayId/:tab', (c) => show(c, c.req.param('tab') as AccountTab));
  return app;
}

import type { Child } from 'hono/jsx';
import type { Account, CollateralRow, InsurancePolicyRow, LedgerRow, PortalSettings, StatementRow } from '../../../src/db/schema';
import type { LoanPosition } from '../../../src/domain/loans/position';
import type { ScheduledPayment } from '../../../src/domain/loans/types';
import { formatCents } from '../../../src/domain/money';
import { PrincipalPaidPie, ScheduleLines, ScheduleTable } from '../../components/loan-charts';
import { Field } from '../../components/field';
import { formatDay as day } from '../../../src/lib/format';

export const ACCOUNT_TAB_ID = 'account-tab';
export type AccountTab = 'summary' | 'transactions' | 'statements' | 'documents' | 'collateral';

/** The tabs an account has, less the sections the lender hides. */
export function tabsFor(account: Account, portal: PortalSettings): { id: AccountTab; label: string }[] {
  const all: { id: AccountTab; label: string }[] =
    account.type === 'installment' || account.type === 'lease'
      ? [{ id: 'summary', label: 'Summary' }, { id: 'transactions', label: 'Transactions' }, { id: 'documents', label: 'Documents' }, { id: 'collateral', label: 'Collateral' }]
      : [{ id: 'transactions', label: 'Transactions' }, { id: 'statements', label: 'Statements' }, { id: 'documents', label: 'Documents' }];
  return all.filter((t) => t.id === 'summary' || portal.sections[t.id]);
}


/** The account page: tabs are plain links that htmx turns into fragment swaps. */
export function AccountPage({ account, portal, active, above, children }: { account: Account; portal: PortalSettings; active: AccountTab; above?: Child; children?: Child }) {
  return (
    <>
      <p>
        <a href="/">All accounts</a>
      </p>
      <h1>
        {account.productName} <span class="muted">{account.displayId}</span>
      </h1>
      {above}
      <Tabbed account={account} portal={portal} active={active}>
        {children}
      </Tabbed>
    </>
  );
}

/** Above the tabs: the next payment, with the ways to pay it. */
export function NextPaymentBar({ account, due, pay }: { account: Account; due: { amount: number; date: string | null; paidInFull: boolean }; pay: { payments: boolean; autopay: boolean } }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}`;
  return (
    <div class="next-payment">
      <p>
        {due.paidInFull ? 'Paid in full.' : due.date && due.amount > 0 ? (
          <>
            Next payment: <strong>{formatCents(due.amount)}</strong> due {day(due.date)}
          </>
        ) : (
          'Nothing is due right now.'
        )}
      </p>
      {pay.payments && !due.paidInFull ? (
        <p class="actions">
          <a class="button" href={`${base}/pay`}>
            Make a payment
          </a>
          {pay.autopay ? <a href={`${base}/autopay`}>AutoPay</a> : null}
        </p>
      ) : null}
    </div>
  );
}

/** The tab links and the open tab: swapped together, so the current tab stays marked. */
export function Tabbed({ account, portal, active, children }: { account: Account; portal: PortalSettings; active: AccountTab; children?: Child }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}`;
  return (
    <div id={ACCOUNT_TAB_ID}>
      <nav class="tabs" aria-label="Account sections">
        {tabsFor(account, portal).map((t) => (
          <a href={`${base}/${t.id}`} hx-get={`${base}/${t.id}`} hx-target={`#${ACCOUNT_TAB_ID}`} hx-swap="outerHTML" hx-push-url="true" aria-current={t.id === active ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {children}
    </div>
  );
}

export function TabPanel({ label, children }: { label: string; children?: Child }) {
  return (
    <section aria-label={label}>
      {children}
    </section>
  );
}

export function SummaryTab({ position, schedule, annualRate, show }: { position: LoanPosition; schedule: readonly ScheduledPayment[]; annualRate: string; show: PortalSettings['summaryFields'] }) {
  return (
    <TabPanel label="Summary">
      <div class="summary-grid">
        <PrincipalPaidPie paid={position.paid.principal} schedule={schedule} />
        <dl class="facts">
          {show.interestRate ? <Fact label="Interest rate">{annualRate}%</Fact> : null}
          {show.principalBalance ? <Fact label="Principal balance">{formatCents(position.principalBalance)}</Fact> : null}
          {show.payoff ? (
            <Fact label="Payoff today">
              {formatCents(position.payoff)} <span class="muted">(+{formatCents(position.perDiem)} a day)</span>
            </Fact>
          ) : null}
          {show.amountDue ? <Fact label="Amount due">{formatCents(position.amountDue)}</Fact> : null}
          {show.daysPastDue && position.daysPastDue > 0 ? <Fact label="Days past due">{String(position.daysPastDue)}</Fact> : null}
          {show.remainingPayments ? <Fact label="Payments left">{String(position.remainingPayments)}</Fact> : null}
          {show.projectedPayoff ? <Fact label="Projected payoff">{position.projectedPayoffDate ? day(position.projectedPayoffDate) : '—'}</Fact> : null}
          <dt>Paid so far</dt>
          <dd>
            {formatCents(position.paid.principal)} principal, {formatCents(position.paid.interest)} interest, {formatCents(position.paid.fees)} fees
          </dd>
        </dl>
      </div>
      <h2>Schedule</h2>
      <ScheduleLines schedule={schedule} />
      <details>
        <summary>See breakdown</summary>
        <ScheduleTable schedule={schedule} caption="The schedule, payment by payment" />
      </details>
    </TabPanel>
  );
}

const kindNames: Record<string, string> = { payment: 'Payment', reversal: 'Returned payment', fee: 'Fee', fee_waiver: 'Fee waived', draw: 'Draw', credit: 'Credit' };

export function TransactionsTab({ account, rows, filter }: { account: Account; rows: LedgerRow[]; filter: { from?: string; to?: string; kind?: string } }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}/transactions`;
  const loan = account.type === 'installment' || account.type === 'lease';
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return (
    <TabPanel label="Transactions">
      <form method="get" action={base} hx-get={base} hx-target={`#${ACCOUNT_TAB_ID}`} hx-swap="outerHTML" class="filters">
        <div class="field">
          <label for="f-from">From</label>
          <input id="f-from" name="from" type="date" value={filter.from ?? ''} />
        </div>
        <div class="field">
          <label for="f-to">To</label>
          <input id="f-to" name="to" type="date" value={filter.to ?? ''} />
        </div>
        <div class="field">
          <label for="f-kind">Type</label>
          <select id="f-kind" name="kind">
            <option value="">All</option>
            {Object.entries(kindNames).map(([k, v]) => (
              <option value={k} selected={filter.kind === k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <p>
        <a href={`${base}.csv${query ? `?${query}` : ''}`} download>
          Download as CSV
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="muted">No transactions match.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Transactions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Type</th>
              <th scope="col">Amount</th>
              {loan ? (
                <>
                  <th scope="col">Principal</th>
                  <th scope="col">Interest</th>
                  <th scope="col">Fees</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td data-label="Date">{day(r.effectiveDate)}</td>
                <td data-label="Type">{kindNames[r.kind] ?? r.kind}</td>
                <td data-label="Amount">{formatCents(r.amount)}</td>
                {loan ? (
                  <>
                    <td data-label="Principal">{formatCents(r.principal)}</td>
                    <td data-label="Interest">{formatCents(r.interest)}</td>
                    <td data-label="Fees">{formatCents(r.fees)}</td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </TabPanel>
  );
}

export interface InsuranceFormState {
  collateralId: string;
  values?: Record<string, string> | undefined;
  errors?: Record<string, string> | undefined;
  notice?: string | undefined;
}

/** Collateral on a loan or lease, each with its insurance and a form to add or update the policy. */
export function CollateralTab({ account, items, form }: { account: Account; items: { item: CollateralRow; policies: InsurancePolicyRow[] }[]; form?: InsuranceFormState | undefined }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}`;
  return (
    <TabPanel label="Collateral">
      {items.length === 0 ? <p class="muted">No collateral is recorded on this account.</p> : null}
      {items.map(({ item, policies }) => {
        const current = policies.at(-1);
        const mine = form?.collateralId === item.id ? form : undefined;
        return (
          <article class="card">
            <h2>{item.kind === 'vehicle' ? `${item.year} ${item.make} ${item.model}${item.trim ? ` ${item.trim}` : ''}` : item.description}</h2>
            <dl class="facts">
              {item.vin ? (
                <Fact label="VIN">
                  <code>{item.vin}</code>
                </Fact>
              ) : null}
              {item.color ? <Fact label="Color">{item.color}</Fact> : null}
              {item.mileage !== null ? <Fact label="Mileage">{item.mileage.toLocaleString('en-US')} miles</Fact> : null}
            </dl>
            <h3>Insurance</h3>
            {mine?.notice ? (
              <p class="alert alert-success" role="status">
                {mine.notice}
              </p>
            ) : null}
            {current ? (
              <dl class="facts">
                <Fact label="Company">{current.carrier}</Fact>
                <Fact label="Policy">{current.policyNumber}</Fact>
                <Fact label="Coverage">
                  {day(current.coverageStart)} to {day(current.coverageEnd)}
                </Fact>
                {current.agentName || current.agentPhone || current.agentEmail ? (
                  <Fact label="Agent">{[current.agentName, current.agentPhone, current.agentEmail].filter(Boolean).join(', ')}</Fact>
                ) : null}
                {current.proofDocumentId ? (
                  <Fact label="Proof">
                    <a href={`${base}/documents/${encodeURIComponent(current.proofDocumentId)}`} download>
                      Download proof of insurance
                    </a>
                  </Fact>
                ) : null}
              </dl>
            ) : (
              <p>No insurance is on file. Add your policy below.</p>
            )}
            <InsuranceForm action={`${base}/collateral/${encodeURIComponent(item.id)}/insurance`} idPrefix={`ins-${item.id}`} current={current} state={mine} />
          </article>
        );
      })}
    </TabPanel>
  );
}

function InsuranceForm({ action, idPrefix, current, state }: { action: string; idPrefix: string; current: InsurancePolicyRow | undefined; state: InsuranceFormState | undefined }) {
  const errors = state?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  // Start from the policy on file, so an update only needs what changed.
  const v: Record<string, string> = state?.values ?? {
    carrier: current?.carrier ?? '', policyNumber: current?.policyNumber ?? '', coverageStart: current?.coverageStart ?? '', coverageEnd: current?.coverageEnd ?? '',
    agentName: current?.agentName ?? '', agentPhone: current?.agentPhone ?? '', agentEmail: current?.agentEmail ?? '',
  };
  const f = (name: string) => `${idPrefix}-${name}`;
  return (
    <details open={hasErrors || undefined}>
      <summary>{current ? 'Update insurance' : 'Add insurance'}</summary>
      <form method="post" action={action} enctype="multipart/form-data" hx-post={action} hx-encoding="multipart/form-data" hx-target={`#${ACCOUNT_TAB_ID}`} hx-swap="outerHTML" novalidate data-max-bytes="10485760">
        {hasErrors ? (
          <p class="alert alert-error" role="alert">
            Please check the form: {Object.values(errors).join(' ')}
          </p>
        ) : null}
        <Field id={f('carrier')} name="carrier" label="Insurance company" value={v.carrier} error={errors.carrier} required maxlength={120} />
        <Field id={f('policyNumber')} name="policyNumber" label="Policy number" value={v.policyNumber} error={errors.policyNumber} required maxlength={60} />
        <Field id={f('coverageStart')} name="coverageStart" label="Coverage starts" type="date" value={v.coverageStart} error={errors.coverageStart} required />
        <Field id={f('coverageEnd')} name="coverageEnd" label="Coverage ends" type="date" value={v.coverageEnd} error={errors.coverageEnd} required />
        <Field id={f('agentName')} name="agentName" label="Agent name (optional)" value={v.agentName} error={errors.agentName} maxlength={120} autocomplete="off" />
        <Field id={f('agentPhone')} name="agentPhone" label="Agent phone (optional)" type="tel" value={v.agentPhone} error={errors.agentPhone} maxlength={40} inputmode="tel" autocomplete="off" />
        <Field id={f('agentEmail')} name="agentEmail" label="Agent email (optional)" type="email" value={v.agentEmail} error={errors.agentEmail} maxlength={320} inputmode="email" autocomplete="off" />
        <div class={`field drop-zone${errors.proof ? ' field-invalid' : ''}`} data-drop-zone>
          <label for={f('proof')}>Proof of insurance (optional)</label>
          <p class="hint" id={`${f('proof')}-hint`}>
            Your insurance card or declarations page: PDF or a photo, up to 10 MB.{hasErrors ? ' Choose the file again.' : ''}
          </p>
          <input id={f('proof')} name="proof" type="file" accept=".pdf,.png,.jpg,.jpeg,.heic,.heif,.webp,.tif,.tiff,application/pdf,image/*" aria-describedby={`${f('proof')}-hint${errors.proof ? ` ${f('proof')}-error` : ''}`} aria-invalid={errors.proof ? 'true' : undefined} />
          <p class="drop-status muted" data-drop-status aria-live="polite"></p>
          {errors.proof ? (
            <p class="field-error" id={`${f('proof')}-error`}>
              {errors.proof}
            </p>
          ) : null}
        </div>
        <button type="submit">Save insurance</button>
      </form>
    </details>
  );
}

export function StatementsTab({ account, statements }: { account: Account; statements: StatementRow[] }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}/statements`;
  return (
    <TabPanel label="Statements">
      {statements.length === 0 ? (
        <p class="muted">No statements yet. The first one comes at the end of the first billing cycle.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Statements, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Closing balance</th>
              <th scope="col">Minimum payment</th>
              <th scope="col">Due</th>
              <th scope="col">PDF</th>
            </tr>
          </thead>
          <tbody>
            {[...statements].reverse().map((s) => (
              <tr>
                <td data-label="Period">
                  {day(s.periodStart)} to {day(s.periodEnd)}
                </td>
                <td data-label="Closing balance">{formatCents(s.closingBalance)}</td>
                <td data-label="Minimum payment">{formatCents(s.minimumPayment)}</td>
                <td data-label="Due">{day(s.dueDate)}</td>
                <td data-label="PDF">
                  <a href={`${base}/${encodeURIComponent(s.id)}.pdf`} download aria-label={`Download the statement for ${day(s.periodStart)} to ${day(s.periodEnd)} as PDF`}>
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </TabPanel>
  );
}

function Fact({ label, children }: { label: string; children?: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

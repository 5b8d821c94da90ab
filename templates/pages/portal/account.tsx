import type { Child } from 'hono/jsx';
import type { Account, CollateralRow, InsurancePolicyRow, PortalSettings, StatementRow } from '../../../src/db/schema';
import type { installmentStates, LoanPosition } from '../../../src/domain/loans/position';
import type { LinePosition } from '../../../src/domain/credit/line-of-credit';
import { statusFor } from '../../../src/domain/account-status';
import type { AmountChoices } from '../../../src/services/payment-amounts';
import type { TxRow, UpcomingInstallment } from '../../../src/services/account-activity';
import { PieChart } from '../../components/charts';
import type { ScheduledPayment } from '../../../src/domain/loans/types';
import { formatCents } from '../../../src/domain/money';
import { LeasePaidPie, PrincipalPaidPie, ScheduleLines, ScheduleTable } from '../../components/loan-charts';
import { Field } from '../../components/field';
import { formatDay as day } from '../../../src/lib/format';

export const ACCOUNT_TAB_ID = 'account-tab';
export type AccountTab = 'summary' | 'transactions' | 'statements' | 'documents' | 'collateral';

/** The tabs an account has, less the sections the lender hides. */
export function tabsFor(account: Account, portal: PortalSettings): { id: AccountTab; label: string }[] {
  const all: { id: AccountTab; label: string }[] =
    account.type === 'installment' || account.type === 'lease'
      ? [{ id: 'summary', label: 'Summary' }, { id: 'transactions', label: 'Transactions' }, { id: 'documents', label: 'Documents' }, { id: 'collateral', label: 'Collateral' }]
      : [{ id: 'summary', label: 'Summary' }, { id: 'transactions', label: 'Transactions' }, { id: 'statements', label: 'Statements' }, { id: 'documents', label: 'Documents' }];
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

/**
 * Above the tabs: what is owed now, in the figures the pay form offers (past due with its fees,
 * due today, the next payment; a line's minimum, or that it is paid), with the ways to pay it.
 */
export function DueBar({ account, choices, pay }: { account: Account; choices: AmountChoices; pay: { payments: boolean; autopay: boolean } }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}`;
  const urgent = choices.kind === 'loan' ? choices.pastDue > 0 : choices.minimumPastDue;
  let text: Child;
  if (choices.paidInFull) text = choices.kind === 'loan' ? 'Paid in full.' : 'Nothing is owed on this account.';
  else if (choices.kind === 'loan') {
    text =
      choices.pastDue > 0 ? (
        <>
          <strong>{formatCents(choices.pastDue)} is past due</strong> ({choices.daysPastDue} days{choices.pastDueFees > 0 ? `, including ${formatCents(choices.pastDueFees)} in fees` : ''}).
          {choices.amountDue > choices.pastDue ? <> {formatCents(choices.amountDue)} is due today.</> : null}
          {choices.nextDueDate && choices.nextDueDate > (choices.position.asOf) ? <> Next payment: {formatCents(choices.nextDue)} due {day(choices.nextDueDate)}.</> : null}
        </>
      ) : choices.amountDue > 0 ? (
        <>
          <strong>{formatCents(choices.amountDue)}</strong> is due today.
        </>
      ) : choices.nextDueDate ? (
        <>
          Next payment: <strong>{formatCents(choices.throughNextDue)}</strong> due {day(choices.nextDueDate)}
        </>
      ) : (
        'Nothing is due right now.'
      );
  } else {
    text = choices.minimumPaid ? (
      <>Minimum paid for your last statement. Nothing more is due until the next one.</>
    ) : choices.minimum > 0 && choices.minimumDueDate ? (
      <>
        {choices.minimumPastDue ? <strong>The minimum payment of {formatCents(choices.minimum)} is past due.</strong> : <>Minimum payment: <strong>{formatCents(choices.minimum)}</strong> due {day(choices.minimumDueDate)}</>}
      </>
    ) : (
      'Nothing is due right now.'
    );
  }
  return (
    <div class={`next-payment${urgent ? ' next-payment-urgent' : ''}`} role={urgent ? 'alert' : undefined}>
      <p>{text}</p>
      {pay.payments && !choices.paidInFull ? (
        <p class="actions">
          <a class="button" href={`${base}/pay`}>
            {urgent ? 'Pay now' : 'Make a payment'}
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

/** A loan's or lease's terms as the summary states them. */
export interface LoanSummaryTerms {
  annualRate: string;
  /** Leases: the money factor, its APR, the monthly rent charge and the residual (the purchase price at the end). */
  lease?: { moneyFactor: string; apr: string; rentCharge: number; depreciation: number; residual: number; payment: number };
}

export function SummaryTab({ account, position, schedule, states, terms, show }: { account: Account; position: LoanPosition; schedule: readonly ScheduledPayment[]; states: ReturnType<typeof installmentStates>; terms: LoanSummaryTerms; show: PortalSettings['summaryFields'] }) {
  const lease = terms.lease;
  return (
    <TabPanel label="Summary">
      <div class="summary-grid">
        {lease ? <LeasePaidPie paid={position.paid.principal + position.paid.interest} schedule={schedule} /> : <PrincipalPaidPie paid={position.paid.principal} schedule={schedule} />}
        <dl class="facts">
          <Fact label="Status">{statusFor(account.status, position.status, 'loan')}</Fact>
          {lease ? (
            <>
              {show.interestRate ? (
                <Fact label="Money factor">
                  {lease.moneyFactor} <span class="muted">(the same as {lease.apr}% APR)</span>
                </Fact>
              ) : null}
              <Fact label="Monthly payment">
                {formatCents(lease.payment)} <span class="muted">({formatCents(lease.depreciation)} depreciation + {formatCents(lease.rentCharge)} rent charge)</span>
              </Fact>
              <Fact label="Remaining payments">{formatCents(position.scheduledRemaining)}</Fact>
              <Fact label="Residual value (purchase price at lease end)">{formatCents(lease.residual)}</Fact>
              {show.payoff ? (
                <Fact label="Payoff today">
                  {formatCents(position.payoff)} <span class="muted">(remaining payments + residual{position.feesOutstanding > 0 ? ' + fees' : ''})</span>
                </Fact>
              ) : null}
            </>
          ) : (
            <>
              {show.interestRate ? <Fact label="Interest rate">{terms.annualRate}%</Fact> : null}
              {show.principalBalance ? <Fact label="Principal balance">{formatCents(position.principalBalance)}</Fact> : null}
              {show.payoff ? (
                <Fact label="Payoff today">
                  {formatCents(position.payoff)} {position.perDiem > 0 ? <span class="muted">(+{formatCents(position.perDiem)} a day)</span> : null}
                </Fact>
              ) : null}
            </>
          )}
          {show.amountDue ? <Fact label="Amount due today">{formatCents(position.amountDue)}</Fact> : null}
          {position.pastDueAmount > 0 ? <Fact label="Past due">{formatCents(position.pastDueAmount)}{position.pastDueFees > 0 ? ` (including ${formatCents(position.pastDueFees)} in fees)` : ''}</Fact> : null}
          {position.feesOutstanding > 0 ? <Fact label="Fees owed">{formatCents(position.feesOutstanding)}</Fact> : null}
          {show.daysPastDue && position.daysPastDue > 0 ? <Fact label="Days past due">{String(position.daysPastDue)}</Fact> : null}
          {show.remainingPayments ? <Fact label="Payments left">{String(position.remainingPayments)}</Fact> : null}
          {show.projectedPayoff ? <Fact label={lease ? 'Lease ends' : 'Projected payoff'}>{position.projectedPayoffDate ? day(position.projectedPayoffDate) : '—'}</Fact> : null}
          <dt>Paid so far</dt>
          <dd>{lease ? leasePaid(position, schedule) : `${formatCents(position.paid.principal)} principal, ${formatCents(position.paid.interest)} interest, ${formatCents(position.paid.fees)} fees`}</dd>
        </dl>
      </div>
      <h2>Schedule</h2>
      <ScheduleLines schedule={schedule} lease={!!lease} />
      <details open={states.some((s) => s.state === 'missed') || undefined}>
        <summary>See the schedule, payment by payment</summary>
        <p class="hint">The amounts are the payments as agreed; what each payment you made actually paid to interest and principal is on the Transactions tab.</p>
        <ScheduleTable schedule={schedule} caption="The agreed schedule, payment by payment: paid, missed and upcoming" states={states} lease={!!lease} />
      </details>
    </TabPanel>
  );
}

/** A lease's payments so far in its own words: depreciation, rent charge, the purchase price once paid, fees. */
function leasePaid(position: LoanPosition, schedule: readonly ScheduledPayment[]): string {
  const depreciation = schedule.reduce((s, r) => s + r.principal, 0);
  const purchase = Math.max(0, position.paid.principal - depreciation);
  return [`${formatCents(position.paid.principal - purchase)} depreciation`, `${formatCents(position.paid.interest)} rent charge`, ...(purchase > 0 ? [`${formatCents(purchase)} toward the purchase price`] : []), `${formatCents(position.paid.fees)} fees`].join(', ');
}

/** A line of credit's summary: balance and credit, the last statement and what it asks for, the payoff. */
export function LineSummaryTab({ account, position, apr, show }: { account: Account; position: LinePosition; apr: string; show: PortalSettings['summaryFields'] }) {
  const used = Math.max(0, Math.min(position.balance, position.creditLimit));
  const st = position.statement;
  return (
    <TabPanel label="Summary">
      <div class="summary-grid">
        <figure>
          <PieChart
            label={`${formatCents(used)} of the ${formatCents(position.creditLimit)} credit limit used`}
            parts={[
              { name: 'Credit used', value: used, color: 'var(--brand-accent, #c2410c)' },
              { name: 'Credit available', value: position.availableCredit, color: 'var(--brand-primary, #1f4e79)' },
            ]}
          />
          <figcaption>
            {formatCents(position.availableCredit)} available of {formatCents(position.creditLimit)}
          </figcaption>
        </figure>
        <dl class="facts">
          <Fact label="Status">{statusFor(account.status, position.status, 'line')}</Fact>
          <Fact label="Balance">{formatCents(position.balance)}</Fact>
          {position.accruedInterest > 0 ? <Fact label="Interest so far this cycle">{formatCents(position.accruedInterest)} <span class="muted">(billed on the next statement)</span></Fact> : null}
          {show.creditAvailable ? <Fact label="Available credit">{formatCents(position.availableCredit)}</Fact> : null}
          <Fact label="Credit limit">{formatCents(position.creditLimit)}</Fact>
          {show.interestRate ? <Fact label="Annual percentage rate">{apr}%</Fact> : null}
          {st ? (
            <>
              <Fact label="Last statement">
                {day(st.periodEnd)}: {formatCents(st.closingBalance)}
              </Fact>
              <Fact label="Minimum payment">
                {st.minimumPayment === 0 ? 'None' : position.minimumPaid ? `Paid (${formatCents(st.minimumPayment)}, due ${day(st.dueDate)})` : `${formatCents(position.minimumDue)} due ${day(st.dueDate)}${position.status === 'past_due' ? ' — past due' : ''}`}
              </Fact>
              {position.paidSinceStatement > 0 ? <Fact label="Paid since the statement">{formatCents(position.paidSinceStatement)}</Fact> : null}
            </>
          ) : (
            <Fact label="Statements">The first one comes at the end of the first billing cycle.</Fact>
          )}
          {show.payoff ? <Fact label="Payoff today">{formatCents(position.payoff)} <span class="muted">(with interest to date)</span></Fact> : null}
        </dl>
      </div>
    </TabPanel>
  );
}

const kindNames: Record<string, string> = { payment: 'Payment', reversal: 'Returned payment', fee: 'Fee', fee_waiver: 'Fee waived', draw: 'Draw', credit: 'Credit', interest: 'Interest charged' };

/** The kinds a Transactions filter offers for an account type. */
export const txKinds = (loan: boolean) => (loan ? ['payment', 'reversal', 'fee', 'fee_waiver'] : ['draw', 'payment', 'reversal', 'fee', 'interest', 'credit']);

export function TransactionsTab({ account, rows, filter, upcoming }: { account: Account; rows: TxRow[]; filter: { from?: string; to?: string; kind?: string }; upcoming: UpcomingInstallment[] }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}/transactions`;
  const loan = account.type === 'installment' || account.type === 'lease';
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  const lease = account.type === 'lease';
  return (
    <TabPanel label="Transactions">
      {upcoming.length > 0 ? (
        <section aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">Coming up</h2>
          <table class="table">
            <caption class="visually-hidden">Upcoming and missed payments</caption>
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((u) => (
                <tr class={`schedule-${u.state}`}>
                  <td data-label="Due">{day(u.dueDate)}</td>
                  <td data-label="Amount">{formatCents(u.amount)}</td>
                  <td data-label="Status">{u.state === 'missed' ? 'Missed' : u.state === 'due' ? 'Due today' : 'Upcoming'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <h2>History</h2>
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
            {txKinds(loan).map((k) => (
              <option value={k} selected={filter.kind === k}>
                {kindNames[k]}
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
              <th scope="col">Description</th>
              <th scope="col">Amount</th>
              {loan ? (
                <>
                  <th scope="col">To {lease ? 'depreciation' : 'principal'}</th>
                  <th scope="col">To {lease ? 'rent charge' : 'interest'}</th>
                  <th scope="col">To fees</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td data-label="Date">{day(r.date)}</td>
                <td data-label="Type">{kindNames[r.kind] ?? r.kind}</td>
                <td data-label="Description">
                  {r.description}
                  {/* Shown once: some descriptions carry their reference already ("Online payment P-…"). */}
                  {r.reference && !r.description.includes(r.reference) ? <span class="muted"> {r.reference}</span> : null}
                </td>
                <td data-label="Amount">{formatCents(r.amount)}</td>
                {loan ? (
                  r.split ? (
                    <>
                      <td data-label={`To ${lease ? 'depreciation' : 'principal'}`}>{formatCents(r.split.principal)}</td>
                      <td data-label={`To ${lease ? 'rent charge' : 'interest'}`}>{formatCents(r.split.interest)}</td>
                      <td data-label="To fees">{formatCents(r.split.fees)}</td>
                    </>
                  ) : (
                    <>
                      <td class="muted" data-label={`To ${lease ? 'depreciation' : 'principal'}`}>—</td>
                      <td class="muted" data-label={`To ${lease ? 'rent charge' : 'interest'}`}>—</td>
                      <td class="muted" data-label="To fees">—</td>
                    </>
                  )
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

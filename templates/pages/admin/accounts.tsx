import { PrincipalPaidPie, ScheduleLines, ScheduleTable } from '../../components/loan-charts';
import type { Child } from 'hono/jsx';
import type { Customer, PaymentRow } from '../../../src/db/schema';
import { linkRoles } from '../../../src/domain/link-roles';
import { dayCounts, frequencies } from '../../../src/domain/loans/types';
import { formatCents } from '../../../src/domain/money';
import { formatDay as day, formatInstant } from '../../../src/lib/format';
import { accountTypeLabels, HOLDER_SLOTS, newAccountTypes, outsideMethods, reversalReasons, type AccountListRow, type AccountView, type Errors, type LedgerLine, type Values } from '../../../src/services/account-admin';
import type { CustomerHit } from '../../../src/services/customer-admin';
import { methodLabel } from '../../../src/services/payments';
import { ErrorSummary } from '../../components/error-summary';
import { Field, SelectField } from '../../components/field';
import { Notices } from '../../components/notices';
import { HistorySection } from '../../components/history';
import type { HistoryView } from '../../../src/services/customer-history';
import { AccountCustomers, StatusForm, type ServicingForms } from './account-servicing';

const customerName = (c: Customer) => (c.customerType !== 'individual' && c.companyName ? c.companyName : `${c.firstName} ${c.lastName}`);
const accountHref = (displayId: string, rest = '') => `/admin/accounts/${encodeURIComponent(displayId)}${rest}`;

// ---- the list ----

export function AccountListPage({ query, rows, canCreate, notice }: { query: string; rows: AccountListRow[]; canCreate: boolean; notice?: string | undefined }) {
  return (
    <>
      <p>
        <a href="/admin">Staff area</a>
      </p>
      <h1>Accounts</h1>
      <Notices notice={notice} />
      {canCreate ? (
        <p class="actions">
          <a href="/admin/accounts/new">Open a new account</a>
        </p>
      ) : null}
      <form method="get" action="/admin/accounts" role="search" class="filters">
        <div class="field">
          <label for="f-q">Find an account</label>
          <input id="f-q" name="q" type="search" value={query} autocomplete="off" aria-describedby="f-q-hint" maxlength={100} />
          <p class="hint" id="f-q-hint">
            Account number (or part of it), or a customer’s name.
          </p>
        </div>
        <button type="submit">Search</button>
      </form>
      {rows.length === 0 ? (
        <p class="muted">{query.trim() ? `No account matches “${query}”.` : 'No accounts yet.'}</p>
      ) : (
        <table class="table">
          <caption>{query.trim() ? `Accounts matching “${query}”` : 'Most recently opened accounts'}</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Type</th>
              <th scope="col">Product</th>
              <th scope="col">Status</th>
              <th scope="col">Primary customer</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row" data-label="Account">
                  <a href={accountHref(r.account.displayId)}>{r.account.displayId}</a>
                </th>
                <td data-label="Type">{accountTypeLabels[r.account.type]}</td>
                <td data-label="Product">{r.account.productName}</td>
                <td data-label="Status">{r.account.status}</td>
                <td data-label="Primary customer">
                  {r.primary ? <a href={`/admin/customers/${encodeURIComponent(r.primary.id)}`}>{customerName(r.primary)}</a> : '—'}
                  {r.others > 0 ? <span class="muted"> and {r.others} more</span> : null}
                </td>
                <td data-label="Opened">{day(r.account.openedOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// ---- a new account ----

/** Customers found by the picker's search, each with a button that puts them in the form's first free slot. */
export function CustomerPicks({ query, hits }: { query: string; hits: CustomerHit[] }) {
  return (
    <div id="pick-results" aria-live="polite">
      {query.trim().length < 2 ? null : hits.length === 0 ? (
        <p class="muted">No customer matches “{query}”.</p>
      ) : (
        <table class="table">
          <caption>Customers matching “{query}”</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Customer id</th>
              <th scope="col">Accounts</th>
              <th scope="col">
                <span class="visually-hidden">Pick</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr>
                <th scope="row" data-label="Name">{customerName(h.customer)}</th>
                <td data-label="Email">{h.customer.email ?? '—'}</td>
                <td data-label="Customer id">
                  <code>{h.customer.id}</code>
                </td>
                <td data-label="Accounts">{h.accounts.join(', ') || '—'}</td>
                <td data-label="">
                  <button type="submit" class="button-secondary" name="pick" value={h.customer.id} form="new-account" formmethod="get" formaction="/admin/accounts/new">
                    Link<span class="visually-hidden"> {customerName(h.customer)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function NewAccountPage({ values, errors = {}, statuses, query, hits, known }: { values: Values; errors?: Errors; statuses: string[]; query: string; hits: CustomerHit[]; known: Map<string, Customer> }) {
  const v = values;
  const slots = Array.from({ length: HOLDER_SLOTS }, (_, i) => i + 1);
  return (
    <>
      <p>
        <a href="/admin/accounts">Accounts</a>
      </p>
      <h1>Open a new account</h1>
      <form id="new-account" method="post" action="/admin/accounts/new" novalidate>
        <ErrorSummary errors={errors} />
        <fieldset>
          <legend>Customers</legend>
          <p class="hint">Find each customer by name, email, phone or account number and link them; exactly one is Primary.</p>
          <div class="field">
            <label for="f-pick-q">Find a customer</label>
            <input id="f-pick-q" name="q" type="search" value={query} autocomplete="off" maxlength={100} hx-get="/admin/accounts/new/customers" hx-trigger="input changed delay:250ms, search" hx-target="#pick-results" hx-swap="outerHTML" />
          </div>
          <button type="submit" class="button-secondary" formmethod="get" formaction="/admin/accounts/new">
            Search customers
          </button>
          <CustomerPicks query={query} hits={hits} />
          {errors.customers ? (
            <p class="field-error" id="f-customers-error">
              {errors.customers}
            </p>
          ) : null}
          <table class="table">
            <caption>Customers to link</caption>
            <thead>
              <tr>
                <th scope="col">Slot</th>
                <th scope="col">Customer id</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {slots.map((i) => {
                const id = (v[`customer${i}`] ?? '').trim();
                const found = known.get(id);
                return (
                  <tr>
                    <th scope="row" data-label="Slot">
                      Customer {i}
                      {found ? <div>{customerName(found)}</div> : null}
                    </th>
                    <td data-label="Customer id">
                      <Field name={`customer${i}`} label={`Customer ${i} id`} value={v[`customer${i}`]} error={errors[`customer${i}`]} maxlength={64} autocomplete="off" />
                    </td>
                    <td data-label="Role">
                      <SelectField name={`role${i}`} label={`Customer ${i} role`} value={v[`role${i}`]} options={linkRoles.map((r) => [r, r] as const)} error={errors[`role${i}`]} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>

        <fieldset>
          <legend>Account</legend>
          <fieldset class={errors.type ? 'field-invalid' : undefined} aria-describedby={errors.type ? 'f-type-error' : undefined}>
            <legend>Kind of account</legend>
            {newAccountTypes.map((t) => (
              <div class="choice">
                <input type="radio" id={`f-type-${t}`} name="type" value={t} checked={v.type === t} />
                <label for={`f-type-${t}`}>{accountTypeLabels[t]}</label>
              </div>
            ))}
            {errors.type ? (
              <p class="field-error" id="f-type-error">
                {errors.type}
              </p>
            ) : null}
          </fieldset>
          <Field name="productName" label="Product name" value={v.productName} error={errors.productName} maxlength={80} required autocomplete="off" />
          <Field name="displayId" label="Account number (optional)" value={v.displayId} error={errors.displayId} maxlength={24} autocomplete="off" hint="Leave empty to have one made, such as LN-482913." />
          <SelectField name="status" label="Status" value={v.status} options={statuses.map((s) => [s, s] as const)} error={errors.status} />
          <Field name="startDate" label="Start date (funding or open date)" type="date" value={v.startDate} error={errors.startDate} required />
        </fieldset>

        <fieldset>
          <legend>Installment loan terms</legend>
          <p class="hint">Only for an installment loan.</p>
          <Field name="principal" label="Amount financed ($)" value={v.principal} error={errors.principal} inputmode="text" maxlength={20} autocomplete="off" />
          <Field name="annualRate" label="Annual interest rate (%)" value={v.annualRate} error={errors.annualRate} maxlength={10} autocomplete="off" hint="Such as 6.5 or 11.99." />
          <Field name="termPayments" label="Number of payments" value={v.termPayments} error={errors.termPayments} inputmode="numeric" maxlength={4} autocomplete="off" />
          <SelectField name="frequency" label="Payments due" value={v.frequency} options={frequencies.map((f) => [f, f[0]!.toUpperCase() + f.slice(1)] as const)} error={errors.frequency} />
          <SelectField name="dayCount" label="Interest counted" value={v.dayCount} options={dayCounts.map((d) => [d, d === 'periodic' ? 'Per period (rate ÷ periods a year)' : d === 'actual/365' ? 'Daily, actual/365' : 'Daily, 30/360'] as const)} error={errors.dayCount} />
          <Field name="firstDueDate" label="First due date" type="date" value={v.firstDueDate} error={errors.firstDueDate} />
          <Field name="payment" label="Payment ($, optional)" value={v.payment} error={errors.payment} maxlength={20} autocomplete="off" hint="Leave empty to compute the level payment from the terms." />
        </fieldset>

        <fieldset>
          <legend>Lease terms</legend>
          <p class="hint">Only for a lease.</p>
          <Field name="capitalizedCost" label="Adjusted capitalized cost ($)" value={v.capitalizedCost} error={errors.capitalizedCost} maxlength={20} autocomplete="off" />
          <Field name="residualValue" label="Residual value ($)" value={v.residualValue} error={errors.residualValue} maxlength={20} autocomplete="off" />
          <Field name="moneyFactor" label="Money factor" value={v.moneyFactor} error={errors.moneyFactor} maxlength={12} autocomplete="off" hint="Such as 0.00125 (an APR of 3% ÷ 2400)." />
          <Field name="leaseTerm" label="Term (months)" value={v.leaseTerm} error={errors.leaseTerm} inputmode="numeric" maxlength={3} autocomplete="off" />
          <Field name="leaseFirstDueDate" label="First due date" id="f-leaseFirstDueDate" type="date" value={v.leaseFirstDueDate} error={errors.leaseFirstDueDate} />
        </fieldset>

        <fieldset>
          <legend>Line of credit terms</legend>
          <p class="hint">Only for a line of credit.</p>
          <Field name="creditLimit" label="Credit limit ($)" value={v.creditLimit} error={errors.creditLimit} maxlength={20} autocomplete="off" />
          <Field name="lineRate" label="Annual interest rate (%)" value={v.lineRate} error={errors.lineRate} maxlength={10} autocomplete="off" />
          <Field name="statementDay" label="Statement day of the month (1–28)" value={v.statementDay} error={errors.statementDay} inputmode="numeric" maxlength={2} autocomplete="off" />
          <Field name="paymentDueDays" label="Days from statement to due date (1–27)" value={v.paymentDueDays} error={errors.paymentDueDays} inputmode="numeric" maxlength={2} autocomplete="off" />
          <Field name="minimumPercent" label="Minimum payment (% of balance)" value={v.minimumPercent} error={errors.minimumPercent} maxlength={10} autocomplete="off" />
          <Field name="minimumFloor" label="Smallest minimum payment ($)" value={v.minimumFloor} error={errors.minimumFloor} maxlength={20} autocomplete="off" />
          <Field name="lateFee" label="Late fee ($)" value={v.lateFee} error={errors.lateFee} maxlength={20} autocomplete="off" />
        </fieldset>
        <button type="submit">Open the account</button>
      </form>
    </>
  );
}

// ---- one account ----

export const accountTabs = [
  ['summary', 'Summary'],
  ['payments', 'Payments'],
  ['schedule', 'Schedule'],
  ['ledger', 'Ledger'],
  ['history', 'History'],
] as const;
export type AccountTab = (typeof accountTabs)[number][0];
export const isAccountTab = (v: string | undefined): v is AccountTab => accountTabs.some(([t]) => t === v);

export interface FormState {
  values: Values;
  errors: Errors;
}

export interface AccountPageProps {
  view: AccountView;
  tab: AccountTab;
  timeZone: string;
  can: { log: boolean; process: boolean; reverse: boolean; service: boolean };
  /** The lender's account statuses (for the status form). */
  statuses: string[];
  /** The servicing forms' state after a refused change, and the add-a-customer search. */
  servicing?: ServicingForms | undefined;
  find?: { query: string; hits: CustomerHit[] } | undefined;
  /** The History tab's page of changes. */
  history?: HistoryView | undefined;
  /** The idempotency key of the "process a payment" form shown. */
  processKey: string;
  log?: FormState | undefined;
  process?: FormState | undefined;
  reverse?: (FormState & { ledgerId: string }) | undefined;
  notice?: string | undefined;
  error?: string | undefined;
}

function Fact({ label, children }: { label: string; children?: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function AccountPage(props: AccountPageProps) {
  const { view, tab } = props;
  const a = view.account;
  return (
    <>
      <p>
        <a href="/admin/accounts">Accounts</a>
      </p>
      <h1>
        {a.displayId} <span class="muted">· {a.productName}</span>
      </h1>
      <nav class="tabs" aria-label={`Sections of ${a.displayId}`}>
        {accountTabs.map(([t, label]) => (
          <a href={accountHref(a.displayId, t === 'summary' ? '' : `?tab=${t}`)} aria-current={t === tab ? 'page' : undefined}>
            {a.type === 'line_of_credit' || a.type === 'credit_card' ? (t === 'schedule' ? 'Statements' : label) : label}
          </a>
        ))}
      </nav>
      <Notices notice={props.notice} error={props.error} />
      {tab === 'summary' ? <SummaryTab {...props} /> : null}
      {tab === 'payments' ? <PaymentsTab {...props} /> : null}
      {tab === 'schedule' ? <ScheduleTab view={view} /> : null}
      {tab === 'ledger' ? <LedgerTab {...props} /> : null}
      {tab === 'history' && props.history ? <HistorySection view={props.history} id="account-history" title={`History of ${a.displayId}`} /> : null}
    </>
  );
}

function SummaryTab(props: AccountPageProps) {
  const { view } = props;
  const a = view.account;
  const p = view.loan?.position;
  const lt = view.loan?.terms;
  const line = view.line;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Summary as of {day(view.asOf)}</h2>
      {p && view.loan ? <PrincipalPaidPie paid={p.paid.principal} schedule={view.loan.schedule} /> : null}
      <dl class="facts">
        <Fact label="Type">{accountTypeLabels[a.type]}</Fact>
        <Fact label="Status">
          {props.can.service ? <StatusForm action={accountHref(a.displayId, '/status')} status={a.status} statuses={props.statuses} form={props.servicing?.status} /> : a.status}
        </Fact>
        <Fact label="Opened">{day(a.openedOn)}</Fact>
        {p ? (
          <>
            <Fact label="Principal balance">{formatCents(p.principalBalance)}</Fact>
            <Fact label="Interest outstanding">{formatCents(p.interestOutstanding)}</Fact>
            <Fact label="Fees outstanding">{formatCents(p.feesOutstanding)}</Fact>
            <Fact label="Payoff today">{`${formatCents(p.payoff)} (+${formatCents(p.perDiem)} a day)`}</Fact>
            <Fact label="Amount due">{formatCents(p.amountDue)}</Fact>
            <Fact label="Next due">{p.nextDueDate ? `${formatCents(p.nextDueAmount)} on ${day(p.nextDueDate)}` : '—'}</Fact>
            <Fact label="Days past due (DPD)">{String(p.daysPastDue)}</Fact>
            <Fact label="Amount past due (APD)">{formatCents(p.pastDueAmount)}</Fact>
            <Fact label="Payments left">{String(p.remainingPayments)}</Fact>
            <Fact label="Projected payoff">{p.projectedPayoffDate ? day(p.projectedPayoffDate) : '—'}</Fact>
            <Fact label="Paid so far">{`${formatCents(p.paid.principal)} principal, ${formatCents(p.paid.interest)} interest, ${formatCents(p.paid.fees)} fees`}</Fact>
          </>
        ) : null}
        {line ? (
          <>
            <Fact label="Balance">{formatCents(line.balance.balance)}</Fact>
            <Fact label="Interest accrued since the last statement">{formatCents(line.balance.accruedInterest)}</Fact>
            <Fact label="Available credit">{formatCents(line.balance.availableCredit)}</Fact>
            <Fact label="Next due">{line.nextDueDate ? `${formatCents(line.nextDueAmount ?? 0)} minimum on ${day(line.nextDueDate)}` : '—'}</Fact>
            <Fact label="Amount past due (APD)">{formatCents(line.pastDue)}</Fact>
          </>
        ) : null}
      </dl>
      <h2>Terms</h2>
      <dl class="facts">
        {lt && a.type === 'lease' ? (
          <>
            <Fact label="Adjusted capitalized cost">{formatCents(lt.principal + (lt.residualValue ?? 0))}</Fact>
            <Fact label="Residual value">{formatCents(lt.residualValue ?? 0)}</Fact>
            <Fact label="Money factor">{((lt.moneyFactorE7 ?? 0) / 10_000_000).toFixed(7).replace(/0+$/, '')}</Fact>
            <Fact label="Term">{`${lt.termPayments} months`}</Fact>
            <Fact label="Monthly payment">{formatCents(lt.payment)}</Fact>
            <Fact label="First due">{day(lt.firstDueDate)}</Fact>
          </>
        ) : null}
        {lt && a.type !== 'lease' ? (
          <>
            <Fact label="Amount financed">{formatCents(lt.principal)}</Fact>
            <Fact label="Annual rate">{`${lt.annualRate}%`}</Fact>
            <Fact label="Payments">{`${lt.termPayments}, ${lt.frequency}, interest ${lt.dayCount}`}</Fact>
            <Fact label="Payment">{formatCents(lt.payment)}</Fact>
            <Fact label="First due">{day(lt.firstDueDate)}</Fact>
          </>
        ) : null}
        {line ? (
          <>
            <Fact label="Credit limit">{formatCents(line.terms.creditLimit)}</Fact>
            <Fact label="Annual rate">{`${line.terms.annualRate}%`}</Fact>
            <Fact label="Statement">{`Closes on day ${line.terms.statementDay}; due ${line.terms.paymentDueDays} days later`}</Fact>
            <Fact label="Minimum payment">{`${line.terms.minimumPercent}% of the balance, at least ${formatCents(line.terms.minimumFloor)}`}</Fact>
            <Fact label="Late fee">{formatCents(line.terms.lateFee)}</Fact>
          </>
        ) : null}
      </dl>
      <AccountCustomers displayId={a.displayId} holders={view.holders} canService={props.can.service} forms={props.servicing ?? {}} find={props.find ?? { query: '', hits: [] }} />
    </section>
  );
}

function ScheduleTab({ view }: { view: AccountView }) {
  if (view.loan) {
    const s = view.loan.schedule;
    return (
      <>
        <ScheduleLines schedule={s} />
        <ScheduleTable schedule={s} caption={`Amortization schedule: ${s.length} payments${view.account.type === 'lease' ? ' (principal is depreciation, interest is the rent charge)' : ''}`} />
      </>
    );
  }
  const statements = view.line?.statements ?? [];
  if (statements.length === 0) return <p class="muted">No statement has closed yet.</p>;
  return (
    <table class="table">
      <caption>Statements, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">Opening</th>
          <th scope="col">Draws</th>
          <th scope="col">Payments</th>
          <th scope="col">Interest and fees</th>
          <th scope="col">Closing balance</th>
          <th scope="col">Minimum due</th>
        </tr>
      </thead>
      <tbody>
        {[...statements].reverse().map((st) => (
          <tr>
            <th scope="row" data-label="Period">
              {day(st.periodStart)} – {day(st.periodEnd)}
            </th>
            <td data-label="Opening">{formatCents(st.openingBalance)}</td>
            <td data-label="Draws">{formatCents(st.purchases)}</td>
            <td data-label="Payments">{formatCents(st.payments)}</td>
            <td data-label="Interest and fees">{formatCents(st.interest + st.fees)}</td>
            <td data-label="Closing balance">{formatCents(st.closingBalance)}</td>
            <td data-label="Minimum due">{st.minimumPayment > 0 ? `${formatCents(st.minimumPayment)} by ${day(st.dueDate)}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const kindNames: Record<string, string> = { payment: 'Payment', reversal: 'Reversal', fee: 'Fee', fee_waiver: 'Fee waived', draw: 'Draw', credit: 'Credit' };

function LedgerTab(props: AccountPageProps) {
  const { view } = props;
  const lines = [...view.ledger].reverse();
  if (lines.length === 0) return <p class="muted">Nothing has been posted yet.</p>;
  return (
    <table class="table">
      <caption>Ledger of {view.account.displayId}, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Kind</th>
          <th scope="col">Amount</th>
          <th scope="col">Principal</th>
          <th scope="col">Interest</th>
          <th scope="col">Fees</th>
          <th scope="col">Description</th>
          <th scope="col">Reference</th>
          <th scope="col">Posted</th>
          <th scope="col">Reversal</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <LedgerRowView line={l} {...props} />
        ))}
      </tbody>
    </table>
  );
}

function LedgerRowView(props: AccountPageProps & { line: LedgerLine }) {
  const { row, reversedBy, reverses, postedBy } = props.line;
  const reversible = row.kind === 'payment' && !reversedBy;
  const state = props.reverse?.ledgerId === row.id ? props.reverse : undefined;
  return (
    <tr id={`ledger-${row.id}`}>
      <th scope="row" data-label="Date">{day(row.effectiveDate)}</th>
      <td data-label="Kind">{kindNames[row.kind] ?? row.kind}</td>
      <td data-label="Amount">{formatCents(row.amount)}</td>
      <td data-label="Principal">{formatCents(row.principal)}</td>
      <td data-label="Interest">{formatCents(row.interest)}</td>
      <td data-label="Fees">{formatCents(row.fees)}</td>
      <td data-label="Description">{row.description}</td>
      <td data-label="Reference">{row.reference ?? '—'}</td>
      <td data-label="Posted">
        {formatInstant(row.postedAt, props.timeZone)}
        {postedBy ? <div class="muted">by {postedBy}</div> : null}
      </td>
      <td data-label="Reversal">
        {reversedBy ? <span class="status-badge status-failed">Reversed {day(reversedBy.effectiveDate)}</span> : null}
        {reverses ? <span class="muted">Reverses the {formatCents(reverses.amount)} payment of {day(reverses.effectiveDate)}</span> : null}
        {reversible && props.can.reverse ? (
          <details open={state ? true : undefined}>
            <summary>
              Reverse<span class="visually-hidden"> the {formatCents(row.amount)} payment of {day(row.effectiveDate)}</span>
            </summary>
            <form method="post" action={accountHref(props.view.account.displayId, `/payments/${encodeURIComponent(row.id)}/reverse`)} class="reverse-form" novalidate>
              <SelectField name="reason" id={`f-reason-${row.id}`} label="Reason" value={state?.values.reason} options={reversalReasons.map((r) => [r, r] as const)} placeholder="Choose…" error={state?.errors.reason} />
              <Field name="details" id={`f-details-${row.id}`} label="Details (required for Other)" value={state?.values.details} error={state?.errors.details} maxlength={200} autocomplete="off" />
              <button type="submit">Reverse this payment</button>
            </form>
          </details>
        ) : null}
        {!reversedBy && !reverses && !(reversible && props.can.reverse) ? '—' : null}
      </td>
    </tr>
  );
}

const paymentStatusNames: Record<PaymentRow['status'], string> = { pending: 'Pending', processing: 'Processing', completed: 'Completed', failed: 'Failed', reversed: 'Reversed', cancelled: 'Cancelled' };

/** The payments taken through the payment service; refreshed while one is on its way. */
export function PaymentsPanel({ view }: { view: AccountView }) {
  const moving = view.payments.some((p) => (p.status === 'pending' && p.scheduledFor <= view.asOf) || (p.status === 'processing' && p.methodKind === 'card'));
  const href = accountHref(view.account.displayId, '/payments');
  return (
    <div id="account-payments" {...(moving ? { 'hx-get': href, 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML', 'hx-target': 'this' } : {})}>
      {view.payments.length === 0 ? (
        <p class="muted">No payment has been taken through the portal or by staff with a saved method.</p>
      ) : (
        <table class="table">
          <caption>Payments with saved methods (portal, AutoPay and staff), newest first</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Date</th>
              <th scope="col">Amount</th>
              <th scope="col">Method</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {view.payments.map((p) => {
              const m = view.paymentMethods.get(p.paymentMethodId);
              return (
                <tr>
                  <th scope="row" data-label="Reference">{p.reference}</th>
                  <td data-label="Date">{day(p.scheduledFor)}</td>
                  <td data-label="Amount">{formatCents(p.amount)}</td>
                  <td data-label="Method">{m ? methodLabel(m) : p.methodKind === 'card' ? 'Card' : 'Bank account'}</td>
                  <td data-label="Source">
                    {p.authorization ? (p.authorization.how === 'phone' ? 'Staff, by phone' : 'Staff, in writing') : p.source === 'autopay' ? 'AutoPay' : p.source === 'multi' ? 'Several accounts' : 'One-time'}
                    {p.secCode ? <div class="muted">ACH {p.secCode}</div> : null}
                  </td>
                  <td data-label="Status">
                    <span class={`status-badge status-${p.status}`}>{paymentStatusNames[p.status]}</span>
                    {p.failureReason ? <div class="muted">{p.failureReason}</div> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * How the borrower authorised a bank debit staff take: it decides the NACHA SEC code (TEL for a
 * phone authorisation, PPD for a signed one) and is kept on the payment with who took it and when.
 */
function BankAuthorization({ value, error }: { value: string | undefined; error: string | undefined }) {
  const choices = [
    { value: 'phone', label: 'By phone, on this call', hint: 'Read back the amount, the date and the account, and get a clear yes. The borrower’s receipt confirms it in writing. (TEL)' },
    { value: 'written', label: 'In writing', hint: 'A signed debit authorisation is on file. (PPD)' },
  ];
  return (
    <fieldset class={error ? 'field-invalid' : undefined} aria-describedby={`f-process-authorization-hint${error ? ' f-process-authorization-error' : ''}`}>
      <legend>For a bank account: how did the borrower authorise this payment?</legend>
      <p class="hint" id="f-process-authorization-hint">
        Required for a bank account; not asked for a card.
      </p>
      {choices.map((c) => (
        <div class="choice">
          <input type="radio" id={`f-process-authorization-${c.value}`} name="authorization" value={c.value} checked={value === c.value} aria-describedby={`f-process-authorization-${c.value}-hint`} />
          <div>
            <label for={`f-process-authorization-${c.value}`}>{c.label}</label>
            <p class="hint" id={`f-process-authorization-${c.value}-hint`}>
              {c.hint}
            </p>
          </div>
        </div>
      ))}
      {error ? (
        <p class="field-error" id="f-process-authorization-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function PaymentsTab(props: AccountPageProps) {
  const { view, can } = props;
  const a = view.account;
  const log = props.log ?? { values: { date: view.asOf, method: 'Check' }, errors: {} };
  const take = props.process ?? { values: {}, errors: {} };
  return (
    <>
      <p>
        {view.loan ? 'Payoff' : 'Balance'} today: <strong>{formatCents(view.owed)}</strong>. A payment cannot be more than that.
      </p>
      {can.log ? (
        <section aria-labelledby="log-title">
          <h2 id="log-title">Log a payment received</h2>
          <p class="hint">Cash, a check, a money order or a wire received outside the portal: it is posted to the ledger now, in your name.</p>
          <form method="post" action={accountHref(a.displayId, '/payments/log')} novalidate>
            <ErrorSummary errors={log.errors} />
            <Field name="amount" id="f-log-amount" label="Amount ($)" value={log.values.amount} error={log.errors.amount} maxlength={20} autocomplete="off" required />
            <Field name="date" id="f-log-date" label="Date received" type="date" value={log.values.date} error={log.errors.date} required hint="Today or earlier." />
            <SelectField name="method" id="f-log-method" label="Paid by" value={log.values.method} options={outsideMethods.map((m) => [m, m] as const)} error={log.errors.method} />
            <Field name="reference" id="f-log-reference" label="Reference (optional)" value={log.values.reference} error={log.errors.reference} maxlength={40} autocomplete="off" hint="The check number, the wire reference…" />
            <Field name="note" id="f-log-note" label="Note (optional)" value={log.values.note} error={log.errors.note} maxlength={200} autocomplete="off" />
            <button type="submit">Post the payment</button>
          </form>
        </section>
      ) : null}
      {can.process ? (
        <section aria-labelledby="process-title">
          <h2 id="process-title">Process a payment</h2>
          {view.methods.length === 0 ? (
            <p class="muted">{view.primary ? `${customerName(view.primary)} has no saved card or bank account this lender takes. They can add one in the portal.` : 'This account has no Primary customer.'}</p>
          ) : (
            <form method="post" action={accountHref(a.displayId, '/payments/process')} novalidate>
              <p class="hint">Charged to {view.primary ? customerName(view.primary) : 'the Primary customer'}’s saved method, as their own online payment would be; they get the receipt by email. Cards are charged today; a bank payment after the cut-off time is drawn the next day.</p>
              <ErrorSummary errors={take.errors} />
              <input type="hidden" name="key" value={props.processKey} />
              <SelectField name="method" id="f-process-method" label="Saved method" value={take.values.method ?? view.methods.find((m) => m.isDefault)?.id} options={view.methods.map((m) => [m.id, methodLabel(m)] as const)} error={take.errors.method} />
              <Field name="amount" id="f-process-amount" label="Amount ($)" value={take.values.amount} error={take.errors.amount} maxlength={20} autocomplete="off" required />
              {view.methods.some((m) => m.kind === 'bank') ? <BankAuthorization value={take.values.authorization} error={take.errors.authorization} /> : null}
              <button type="submit">Take the payment</button>
            </form>
          )}
        </section>
      ) : null}
      <section aria-labelledby="payments-title">
        <h2 id="payments-title">Payments taken with saved methods</h2>
        <PaymentsPanel view={view} />
        <p class="hint">
          Payments received another way are in the <a href={accountHref(a.displayId, '?tab=ledger')}>ledger</a>.
        </p>
      </section>
    </>
  );
}

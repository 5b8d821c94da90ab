import type { Child } from 'hono/jsx';
import type { Account, CollateralRow, InsurancePolicyRow, LedgerRow, PortalSettings, ScheduleRow, StatementRow } from '../../../src/db/schema';
import type { LoanPosition } from '../../../src/domain/loans/position';
import { formatCents } from '../../../src/domain/money';
import { LineChart, PieChart } from '../../components/charts';
import { formatDay as day } from '../../components/format';

export const ACCOUNT_TAB_ID = 'account-tab';
export type AccountTab = 'summary' | 'transactions' | 'statements' | 'collateral';

/** The tabs an account has, less the sections the lender hides. */
export function tabsFor(account: Account, portal: PortalSettings): { id: AccountTab; label: string }[] {
  const all: { id: AccountTab; label: string }[] =
    account.type === 'installment' || account.type === 'lease'
      ? [{ id: 'summary', label: 'Summary' }, { id: 'transactions', label: 'Transactions' }, { id: 'collateral', label: 'Collateral' }]
      : [{ id: 'transactions', label: 'Transactions' }, { id: 'statements', label: 'Statements' }];
  return all.filter((t) => t.id === 'summary' || portal.sections[t.id]);
}


/** The account page: tabs are plain links that htmx turns into fragment swaps. */
export function AccountPage({ account, portal, active, children }: { account: Account; portal: PortalSettings; active: AccountTab; children?: Child }) {
  return (
    <>
      <p>
        <a href="/">All accounts</a>
      </p>
      <h1>
        {account.productName} <span class="muted">{account.displayId}</span>
      </h1>
      <Tabbed account={account} portal={portal} active={active}>
        {children}
      </Tabbed>
    </>
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

export function SummaryTab({ position, schedule, annualRate, show }: { position: LoanPosition; schedule: ScheduleRow[]; annualRate: string; show: PortalSettings['summaryFields'] }) {
  const principalTotal = schedule.reduce((s, r) => s + r.principal, 0);
  const paidPrincipal = position.paid.principal;
  // Balance as scheduled, and cumulative principal and interest, payment by payment.
  let cumP = 0;
  let cumI = 0;
  const points = schedule.map((r) => {
    cumP += r.principal;
    cumI += r.interest;
    return { x: r.dueDate, balance: r.balance, principal: cumP, interest: cumI };
  });
  return (
    <TabPanel label="Summary">
      <div class="summary-grid">
        <figure>
          <PieChart
            label={`Paid ${formatCents(paidPrincipal)} of ${formatCents(principalTotal)} principal`}
            parts={[
              { name: 'Principal paid', value: paidPrincipal, color: 'var(--brand-primary, #1f4e79)' },
              { name: 'Principal left', value: position.principalBalance, color: 'var(--brand-accent, #c2410c)' },
            ]}
          />
          <figcaption>
            {formatCents(paidPrincipal)} paid of {formatCents(principalTotal)}
          </figcaption>
        </figure>
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
      <LineChart
        label="Principal balance falling and cumulative principal and interest paid, by payment date"
        series={[
          { name: 'Balance', color: 'var(--brand-primary, #1f4e79)', points: points.map((p) => ({ x: p.x, y: p.balance })) },
          { name: 'Principal paid', color: 'var(--brand-accent, #c2410c)', points: points.map((p) => ({ x: p.x, y: p.principal })) },
          { name: 'Interest paid', color: '#6b7280', points: points.map((p) => ({ x: p.x, y: p.interest })) },
        ]}
      />
      <details>
        <summary>See breakdown</summary>
        <table class="table">
          <caption>The schedule, payment by payment</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Due</th>
              <th scope="col">Payment</th>
              <th scope="col">Principal</th>
              <th scope="col">Interest</th>
              <th scope="col">Balance</th>
            </tr>
          </thead>
          <tbody>
            {schedule.map((r) => (
              <tr>
                <td>{r.number}</td>
                <td>{day(r.dueDate)}</td>
                <td>{formatCents(r.payment)}</td>
                <td>{formatCents(r.principal)}</td>
                <td>{formatCents(r.interest)}</td>
                <td>{formatCents(r.balance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
                <td>{day(r.effectiveDate)}</td>
                <td>{kindNames[r.kind] ?? r.kind}</td>
                <td>{formatCents(r.amount)}</td>
                {loan ? (
                  <>
                    <td>{formatCents(r.principal)}</td>
                    <td>{formatCents(r.interest)}</td>
                    <td>{formatCents(r.fees)}</td>
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

export function CollateralTab({ items }: { items: { item: CollateralRow; policies: InsurancePolicyRow[] }[] }) {
  return (
    <TabPanel label="Collateral">
      {items.length === 0 ? <p class="muted">No collateral is recorded on this account.</p> : null}
      {items.map(({ item, policies }) => (
        <article class="card">
          <h2>{item.kind === 'vehicle' ? `${item.year} ${item.make} ${item.model}${item.trim ? ` ${item.trim}` : ''}` : item.description}</h2>
          <dl class="facts">
            {item.vin ? (
              <>
                <dt>VIN</dt>
                <dd>
                  <code>{item.vin}</code>
                </dd>
              </>
            ) : null}
            {item.color ? (
              <>
                <dt>Color</dt>
                <dd>{item.color}</dd>
              </>
            ) : null}
          </dl>
          <h3>Insurance</h3>
          {policies.length === 0 ? (
            <p>No insurance is on file. Please send your lender proof of insurance.</p>
          ) : (
            policies.map((p) => (
              <dl class="facts">
                <dt>Company</dt>
                <dd>{p.carrier}</dd>
                <dt>Policy</dt>
                <dd>{p.policyNumber}</dd>
                <dt>Coverage</dt>
                <dd>
                  {day(p.coverageStart)} to {day(p.coverageEnd)}
                </dd>
                {p.agentName ? (
                  <>
                    <dt>Agent</dt>
                    <dd>
                      {p.agentName}
                      {p.agentPhone ? `, ${p.agentPhone}` : ''}
                    </dd>
                  </>
                ) : null}
              </dl>
            ))
          )}
        </article>
      ))}
    </TabPanel>
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
                <td>
                  {day(s.periodStart)} to {day(s.periodEnd)}
                </td>
                <td>{formatCents(s.closingBalance)}</td>
                <td>{formatCents(s.minimumPayment)}</td>
                <td>{day(s.dueDate)}</td>
                <td>
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

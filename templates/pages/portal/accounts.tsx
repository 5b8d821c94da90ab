import type { PortalSettings } from '../../../src/db/schema';
import type { AccountOverview } from '../../../src/services/borrower-accounts';
import { formatCents } from '../../../src/domain/money';
import { formatDay as day } from '../../../src/lib/format';

const typeNames = { installment: 'Loan', lease: 'Lease', line_of_credit: 'Line of credit', credit_card: 'Credit card' } as const;


function AccountCard({ a, show, pay }: { a: AccountOverview; show: PortalSettings['summaryFields']; pay: { payments: boolean; autopay: boolean } }) {
  const base = `/accounts/${encodeURIComponent(a.account.displayId)}`;
  const titleId = `acct-${a.account.id}`;
  return (
    <article class="card account" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <a href={`/accounts/${encodeURIComponent(a.account.displayId)}`}>{a.account.productName}</a> <span class="muted">· {typeNames[a.account.type]} {a.account.displayId}</span>
      </h3>
      {a.choices.kind === 'loan' && a.choices.pastDue > 0 ? (
        <p class="alert alert-error" role="status">
          {formatCents(a.choices.pastDue)} is past due{show.daysPastDue ? ` (${a.daysPastDue} days)` : ''}{a.choices.pastDueFees > 0 ? `, including ${formatCents(a.choices.pastDueFees)} in fees` : ''}.
        </p>
      ) : null}
      {a.choices.kind === 'line' && a.choices.minimumPastDue ? (
        <p class="alert alert-error" role="status">
          The minimum payment of {formatCents(a.choices.minimum)} is past due.
        </p>
      ) : null}
      <dl class="facts">
        {a.kind === 'line' || show.principalBalance ? (
          <>
            <dt>{a.kind === 'line' ? 'Balance' : a.account.type === 'lease' ? 'Remaining payments' : 'Principal balance'}</dt>
            <dd>{formatCents(a.balance)}</dd>
          </>
        ) : null}
        {a.availableCredit !== null && show.creditAvailable ? (
          <>
            <dt>Available credit</dt>
            <dd>{formatCents(a.availableCredit)}</dd>
          </>
        ) : null}
        {a.settled ? null : a.choices.kind === 'loan' ? (
          a.choices.amountDue > 0 ? (
            <>
              <dt>Due today</dt>
              <dd>{formatCents(a.choices.amountDue)}</dd>
            </>
          ) : a.choices.nextDueDate ? (
            <>
              <dt>Next payment</dt>
              <dd>
                {formatCents(a.choices.throughNextDue)} due {day(a.choices.nextDueDate)}
              </dd>
            </>
          ) : null
        ) : a.choices.minimumPaid ? (
          <>
            <dt>Minimum payment</dt>
            <dd>Paid</dd>
          </>
        ) : a.choices.minimum > 0 && a.choices.minimumDueDate ? (
          <>
            <dt>Minimum payment</dt>
            <dd>
              {formatCents(a.choices.minimum)} due {day(a.choices.minimumDueDate)}
            </dd>
          </>
        ) : null}
        {a.remainingPayments !== null && !a.settled && show.remainingPayments ? (
          <>
            <dt>Payments left</dt>
            <dd>{a.remainingPayments}</dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>{a.status}</dd>
        {a.role !== 'Primary' ? (
          <>
            <dt>Your role</dt>
            <dd>{a.role}</dd>
          </>
        ) : null}
      </dl>
      {pay.payments && !a.settled ? (
        <p class="actions">
          {/* Nothing owed (a line at zero): no Pay button, which would only say so. */}
          {a.choices.paidInFull ? null : (
            <a class="button" href={`${base}/pay`} aria-label={`Pay ${a.account.displayId}`}>
              Pay
            </a>
          )}
          {pay.autopay ? <a href={`${base}/autopay`}>AutoPay</a> : null}
        </p>
      ) : null}
    </article>
  );
}

/** Every account the borrower may see online; paid-off and closed ones apart. */
export function AccountsPage({ name, accounts, show, pay }: { name: string; accounts: AccountOverview[]; show: PortalSettings['summaryFields']; pay: { payments: boolean; autopay: boolean } }) {
  const open = accounts.filter((a) => !a.settled);
  const settled = accounts.filter((a) => a.settled);
  return (
    <>
      <h1>Welcome back, {name}</h1>
      <section aria-labelledby="open-title">
        <div class="section-head">
          <h2 id="open-title">Your accounts</h2>
          {pay.payments && open.length > 1 ? (
            <a class="button" href="/pay-multiple">
              Pay multiple
            </a>
          ) : null}
        </div>
        {open.length === 0 ? <p class="muted">You have no open accounts to see online.</p> : open.map((a) => <AccountCard a={a} show={show} pay={pay} />)}
      </section>
      {settled.length > 0 ? (
        <section aria-labelledby="settled-title">
          <h2 id="settled-title">Paid off and closed</h2>
          {settled.map((a) => (
            <AccountCard a={a} show={show} pay={pay} />
          ))}
        </section>
      ) : null}
      <p>
        <a href="/security">Devices, sessions and password</a>
      </p>
    </>
  );
}

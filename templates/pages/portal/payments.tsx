import type { Child } from 'hono/jsx';
import type { Account, PaymentMethodRow, PaymentRow, PaymentSettings, Tenant } from '../../../src/db/schema';
import { formatCents, centsToDecimal } from '../../../src/domain/money';
import { payOptions, type AmountChoices } from '../../../src/services/payment-amounts';
import type { HistoryRow } from '../../../src/services/payment-history';
import { methodLabel } from '../../../src/services/payments';
import { ErrorSummary } from '../../components/error-summary';
import { Field } from '../../components/field';
import { formatDay as day } from '../../../src/lib/format';
import { Notices } from '../../components/notices';

export const statusNames: Record<PaymentRow['status'], string> = {
  pending: 'Scheduled',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  reversed: 'Returned',
  cancelled: 'Cancelled',
};
const sourceNames: Record<PaymentRow['source'] | 'posted', string> = { one_time: 'One-time', multi: 'Pay multiple', autopay: 'AutoPay', posted: 'Posted by your lender' };

export function PaymentsNav({ active }: { active: 'history' | 'methods' }) {
  return (
    <nav class="tabs" aria-label="Payments">
      <a href="/payments" aria-current={active === 'history' ? 'page' : undefined}>
        Payment history
      </a>
      <a href="/payments/methods" aria-current={active === 'methods' ? 'page' : undefined}>
        Payment methods
      </a>
    </nav>
  );
}

function MethodSelect({ methods, value, error, fees }: { methods: PaymentMethodRow[]; value?: string | undefined; error?: string | undefined; fees?: { card: number; bank: number } }) {
  const chosen = value ?? methods.find((m) => m.isDefault)?.id ?? methods[0]?.id;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for="f-method">Pay with</label>
      {methods.length === 0 ? (
        <p class="hint" id="f-method-hint">
          You have no saved card or bank account yet. <a href="/payments/methods">Add one</a>, then come back.
        </p>
      ) : null}
      <select id="f-method" name="method" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-method-error' : undefined}>
        {methods.map((m) => (
          <option value={m.id} selected={m.id === chosen} data-fee={fees ? String(fees[m.kind]) : undefined}>
            {methodLabel(m)}
            {m.isDefault ? ' (default)' : ''}
          </option>
        ))}
      </select>
      {error ? (
        <p class="field-error" id="f-method-error">
          {error}
        </p>
      ) : null}
      <p class="hint">
        <a href="/payments/methods">Add or manage payment methods</a>
      </p>
    </div>
  );
}


/** One account's payment: which amount, how, and when. */
export function PayForm({ account, choices, methods, values = {}, errors = {}, earliest, latest, cutoff }: { account: Account; choices: AmountChoices; methods: PaymentMethodRow[]; values?: Record<string, string>; errors?: Record<string, string>; earliest: string; latest: string; cutoff: string }) {
  const options = payOptions(choices, account);
  // Paying off is never chosen for the borrower: it must be picked.
  const first = options[0]?.id;
  const picked = values.choice ?? (values.custom || !first || first === 'payoff' ? 'custom' : first);
  const base = `/accounts/${encodeURIComponent(account.displayId)}/pay`;
  return (
    <section class="narrow" aria-labelledby="pay-title">
      <p>
        <a href={`/accounts/${encodeURIComponent(account.displayId)}`}>Back to {account.displayId}</a>
      </p>
      <h1 id="pay-title">
        Pay {account.productName} <span class="muted">{account.displayId}</span>
      </h1>
      <DueSummary choices={choices} />
      <OnTheWayNote choices={choices} />
      <form method="post" action={`${base}/review`} novalidate data-pay-form>
        <ErrorSummary errors={errors} />
        <fieldset class={errors.amount ? 'field-invalid' : undefined}>
          <legend>Amount</legend>
          {options.map((o) => (
            <div class="choice">
              <input type="radio" id={`f-choice-${o.id}`} name="choice" value={o.id} checked={picked === o.id} aria-describedby={`f-choice-${o.id}-what`} />
              <label for={`f-choice-${o.id}`}>
                {o.label}: <strong>{formatCents(o.amount)}</strong>
              </label>
              <p class="hint" id={`f-choice-${o.id}-what`}>
                {o.promise}
              </p>
            </div>
          ))}
          <div class="choice">
            <input type="radio" id="f-choice-custom" name="choice" value="custom" checked={picked === 'custom'} />
            <label for="f-choice-custom">Another amount</label>
          </div>
          <Field name="custom" label="Amount in dollars" value={values.custom} error={errors.amount} inputmode="decimal" maxlength={14} hint={`Typing an amount chooses “Another amount”. Up to ${formatCents(choices.max)}.`} />
        </fieldset>
        <MethodSelect methods={methods} value={values.method} error={errors.method} />
        <div class={`field${errors.date ? ' field-invalid' : ''}`}>
          <label for="f-date">Payment date</label>
          <p class="hint" id="f-date-hint">
            {day(earliest)} unless you choose a later day, until {day(latest)}. Bank payments made after {cutoff} are drawn the next day.
          </p>
          <input id="f-date" name="date" type="date" min={earliest} max={latest} value={values.date ?? earliest} aria-describedby={`f-date-hint${errors.date ? ' f-date-error' : ''}`} aria-invalid={errors.date ? 'true' : undefined} />
          {errors.date ? (
            <p class="field-error" id="f-date-error">
              {errors.date}
            </p>
          ) : null}
        </div>
        <button type="submit">Review payment</button>
      </form>
    </section>
  );
}

/** The payments on their way to an account, which the amounts offered already leave out. */
export function OnTheWayNote({ choices }: { choices: AmountChoices }) {
  if (choices.onTheWay.length === 0) return null;
  return (
    <p class="alert alert-info" role="status">
      On its way already: {choices.onTheWay.map((p) => `${formatCents(p.amount)} on ${day(p.scheduledFor)} (${p.reference})`).join(', ')}. The amounts below leave {choices.onTheWay.length === 1 ? 'it' : 'them'} out.
    </p>
  );
}

/** What is owed, in a sentence, above a pay form. */
export function DueSummary({ choices }: { choices: AmountChoices }) {
  if (choices.kind === 'loan') {
    if (choices.pastDue > 0) {
      return (
        <p class="alert alert-error" role="status">
          {formatCents(choices.pastDue)} is past due ({choices.daysPastDue} days){choices.pastDueFees > 0 ? `, including ${formatCents(choices.pastDueFees)} in fees` : ''}. {choices.amountDue > choices.pastDue ? `${formatCents(choices.amountDue)} is due today.` : ''}
        </p>
      );
    }
    return choices.amountDue > 0 ? <p>{formatCents(choices.amountDue)} is due today.</p> : null;
  }
  if (choices.minimumPaid) return <p class="alert alert-success" role="status">Minimum paid for your last statement. Nothing more is due until your next statement.</p>;
  if (choices.minimumPastDue) return <p class="alert alert-error" role="status">The minimum payment of {formatCents(choices.minimum)} is past due.</p>;
  return null;
}

/** A line for lists (Pay multiple): what is due on the account now. */
export function dueNote(c: AmountChoices): string {
  if (c.paidInFull) return c.kind === 'loan' ? 'Paid in full' : 'Nothing owed';
  if (c.kind === 'loan') {
    if (c.pastDue > 0) return `${formatCents(c.pastDue)} past due${c.pastDueFees > 0 ? ` (with ${formatCents(c.pastDueFees)} in fees)` : ''}`;
    if (c.amountDue > 0) return `${formatCents(c.amountDue)} due today`;
    return c.nextDueDate ? `${formatCents(c.throughNextDue)} due ${day(c.nextDueDate)}` : 'Nothing due now';
  }
  if (c.minimumPaid) return 'Minimum paid';
  if (c.minimum > 0) return `Minimum ${formatCents(c.minimum)}${c.minimumDueDate ? ` due ${day(c.minimumDueDate)}` : ''}`;
  return 'No minimum due';
}

export function NothingToPay({ account, onTheWay }: { account: Account; onTheWay?: AmountChoices | undefined }) {
  const loan = account.type === 'installment' || account.type === 'lease';
  return (
    <section aria-labelledby="paid-title">
      <h1 id="paid-title">{onTheWay ? 'Nothing more to pay' : loan ? 'Paid in full' : 'Nothing owed'}</h1>
      {onTheWay ? (
        <>
          <p class="alert alert-success" role="status">
            The payments already on their way cover everything {account.displayId} owes: there is nothing more to pay.
          </p>
          <OnTheWayNote choices={onTheWay} />
          <p>
            <a href="/payments">See them in your payments</a>, where a scheduled one can be cancelled.
          </p>
        </>
      ) : (
        <p class="alert alert-success" role="status">
          {loan ? `${account.displayId} is paid in full: there is nothing to pay.` : `Nothing is owed on ${account.displayId} right now: there is nothing to pay.`}
        </p>
      )}
      <p>
        <a href="/">Back to your accounts</a>
      </p>
    </section>
  );
}

/**
 * The last look before paying: amounts, the one fee, method, date, and the total on the button. A
 * bank debit shows the authorisation being given; a payment like one made in the last day needs
 * "Pay again" ticked; several accounts at once need the payment terms accepted.
 */
export function ReviewPage(props: {
  title: string; action: string; back: string; lines: { label: string; amount: number }[]; fee: number; method: PaymentMethodRow; date: string; hidden: Record<string, string>;
  terms?: boolean; error?: string | undefined; authorization: string | null; repeats: PaymentRow[]; timeZone: string; note?: string | undefined;
}) {
  const { title, action, back, lines, fee, method, date, hidden, terms, error, authorization, repeats, timeZone, note } = props;
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const total = subtotal + fee;
  return (
    <section class="narrow" aria-labelledby="review-title">
      <h1 id="review-title">{title}</h1>
      <form method="post" action={action} novalidate data-submit-once>
        {error ? (
          <p class="alert alert-error" role="alert" id="review-error">
            {error}
          </p>
        ) : null}
        <table class="table">
          <caption class="visually-hidden">What you are paying</caption>
          <tbody>
            {lines.map((l) => (
              <tr>
                <th scope="row">{l.label}</th>
                <td>{formatCents(l.amount)}</td>
              </tr>
            ))}
            {fee > 0 ? (
              <tr>
                <th scope="row">Convenience fee (one for this payment)</th>
                <td>{formatCents(fee)}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">{method.kind === 'bank' ? 'Total to be drawn' : 'Total charged to your card'}</th>
              <td>
                <strong>{formatCents(total)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
        <dl class="facts">
          <dt>Paid with</dt>
          <dd>{methodLabel(method)}</dd>
          <dt>Date</dt>
          <dd>{day(date)}</dd>
        </dl>
        {note ? <p class="hint">{note}</p> : null}
        {Object.entries(hidden).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        {repeats.length > 0 ? (
          <div class="alert alert-warning" role="status">
            <p>
              <strong>You may have paid this already.</strong>
            </p>
            <ul>
              {repeats.map((p) => (
                <li>
                  <a href={`/payments/${encodeURIComponent(p.reference)}`}>{p.reference}</a>: {formatCents(p.amount)} on this account, made {new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(p.createdAt)} ({statusNames[p.status].toLowerCase()})
                </li>
              ))}
            </ul>
            <div class="choice">
              <input type="checkbox" id="f-again" name="again" aria-describedby={error ? 'review-error' : undefined} />
              <label for="f-again">Pay again: I mean to make a second payment.</label>
            </div>
          </div>
        ) : null}
        {authorization ? (
          <div class="authorization">
            <h2>Your authorisation</h2>
            <p id="f-authorization">{authorization}</p>
          </div>
        ) : null}
        {!terms ? (
          <p class="hint">
            By paying you accept the <a href="/payments/terms">payment terms</a>.
          </p>
        ) : null}
        {terms ? (
          <div class="choice">
            <input type="checkbox" id="f-terms" name="terms" required />
            <label for="f-terms">
              I authorise these payments and accept the <a href="/payments/terms" target="_blank" rel="noopener">payment terms</a>.
            </label>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit">Pay {formatCents(total)}</button>
          <a href={back}>Change</a>
        </div>
      </form>
    </section>
  );
}

/**
 * What a submission's page says, from its payments' real statuses. Cancelled parts are left out of
 * what is said and of the totals; the title follows the parts that still stand.
 */
export function outcomeOf(payments: PaymentRow[], today: string): { title: string; tone: 'success' | 'error' | 'info'; message: string; moving: boolean } {
  const moving = payments.some((p) => (p.status === 'pending' && p.scheduledFor <= today) || (p.status === 'processing' && p.methodKind === 'card'));
  if (moving) return { title: 'Processing your payment', tone: 'info', message: 'Your payment is on its way to us. This page updates by itself in a moment.', moving };
  const standing = payments.filter((p) => p.status !== 'cancelled');
  if (standing.length === 0) return { title: 'Payment cancelled', tone: 'info', message: 'This payment was cancelled. Nothing was taken for it.', moving };
  const fee = payments.reduce((s, p) => s + p.fee, 0);
  const total = (rows: PaymentRow[]) => rows.reduce((s, p) => s + p.amount, 0) + fee;
  const every = (...st: PaymentRow['status'][]) => standing.every((p) => st.includes(p.status));
  const some = (st: PaymentRow['status']) => standing.some((p) => p.status === st);
  if (every('failed')) return { title: 'Payment not made', tone: 'error', message: 'Your payment did not go through and nothing was charged. See why below, then try again with another card or bank account, or call us.', moving };
  if (every('reversed')) return { title: 'Payment returned', tone: 'error', message: 'Your bank returned this payment, so it was taken off your account. Please pay again.', moving };
  if (some('failed')) return { title: 'Part of your payment was not made', tone: 'error', message: 'Some of this payment went through and some did not: each account is below. Nothing was taken for the part that failed.', moving };
  if (some('reversed')) return { title: 'Part of your payment was returned', tone: 'error', message: 'Your bank returned part of this payment, so that part was taken off your account: each account is below.', moving };
  if (every('pending')) return { title: 'Payment scheduled', tone: 'success', message: `Your payment of ${formatCents(total(standing))} is scheduled for ${day(standing[0]!.scheduledFor)}. We will email you when it has gone through; you can cancel it here any day before then.`, moving };
  if (some('processing') || some('pending')) return { title: 'Payment on its way', tone: 'success', message: `${formatCents(total(standing))} will be drawn from your bank account on ${day(standing[0]!.scheduledFor)}. It can take a few banking days to clear; we will tell you if your bank returns it.`, moving };
  return { title: 'Payment received', tone: 'success', message: `Thank you. We received your payment of ${formatCents(total(standing))}. A receipt is on its way by email.`, moving };
}

/** A submission's outcome: heading, what happened, each account; refreshed while it is on its way. */
export function PaymentOutcome({ payments, accounts, method, timeZone, today, again, standing = new Map() }: { payments: PaymentRow[]; accounts: Map<string, Account>; method: PaymentMethodRow | undefined; timeZone: string; today: string; again?: boolean; standing?: Map<string, string> }) {
  const outcome = outcomeOf(payments, today);
  const first = payments[0]!;
  const fee = payments.reduce((s, p) => s + p.fee, 0);
  return (
    <div id="payment-status" {...(outcome.moving ? { 'hx-get': `/payments/${encodeURIComponent(first.reference)}/status`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML', 'hx-target': 'this' } : {})}>
      <h1 id="confirm-title">{outcome.title}</h1>
      {again ? (
        <p class="alert alert-info" role="status">
          You already made this payment: here it is. Nothing was paid a second time.
        </p>
      ) : null}
      <p class={`alert alert-${outcome.tone}`} role={outcome.tone === 'error' ? 'alert' : 'status'}>
        {outcome.message}
      </p>
      {payments.map((p) => (
        <article class="card">
          <h2>
            {accounts.get(p.accountId)?.displayId ?? 'Account'}: {formatCents(p.amount)}
          </h2>
          <dl class="facts">
            <dt>Reference</dt>
            <dd>
              <strong>{p.reference}</strong>
            </dd>
            <dt>Status</dt>
            <dd>
              <span class={`status-badge status-${p.status}`}>{statusWord(p, today)}</span>
              {p.status === 'processing' && p.methodKind === 'card' ? <span class="muted"> Waiting for the card processor…</span> : null}
              {p.status === 'processing' && p.methodKind === 'bank' ? <span class="muted"> Drawn from your bank on {day(p.scheduledFor)}; it can take a few days to clear.</span> : null}
            </dd>
            {p.failureReason ? (
              <>
                <dt>Why</dt>
                <dd>{p.failureReason}</dd>
              </>
            ) : null}
            <dt>Date</dt>
            <dd>{day(p.scheduledFor)}</dd>
            {method ? (
              <>
                <dt>Paid with</dt>
                <dd>{methodLabel(method)}</dd>
              </>
            ) : null}
            <dt>Submitted</dt>
            <dd>{new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(p.createdAt)}</dd>
            {standing.has(p.accountId) ? (
              <>
                <dt>{accounts.get(p.accountId)?.displayId} now</dt>
                <dd>{standing.get(p.accountId)}</dd>
              </>
            ) : null}
          </dl>
          {p.status === 'failed' ? (
            <p>
              <a class="button" href={`/accounts/${encodeURIComponent(accounts.get(p.accountId)?.displayId ?? '')}/pay`}>
                Try again
              </a>{' '}
              <a href="/payments/methods">Use another card or bank account</a>
            </p>
          ) : null}
          {cancellable(p, today) ? <CancelButton reference={p.reference} /> : null}
        </article>
      ))}
      {fee > 0 ? (
        <p>
          Convenience fee for this payment: <strong>{formatCents(fee)}</strong>
          {payments.every((p) => p.status === 'failed' || p.status === 'cancelled') ? ' (not charged)' : ''}.
        </p>
      ) : null}
    </div>
  );
}

/** A payment's status in words: one due today and not yet taken is on its way, not "scheduled". */
export const statusWord = (p: Pick<PaymentRow, 'status' | 'scheduledFor'>, today: string) => (p.status === 'pending' && p.scheduledFor <= today ? 'On its way' : statusNames[p.status]);

/** Only a payment still waiting for a later day can be cancelled online. */
export const cancellable = (p: Pick<PaymentRow, 'status' | 'scheduledFor'>, today: string) => p.status === 'pending' && p.scheduledFor > today;

function CancelButton({ reference }: { reference: string }) {
  return (
    <form class="inline-form" method="post" action={`/payments/${encodeURIComponent(reference)}/cancel`}>
      <button type="submit" class="button-secondary">
        Cancel this payment
      </button>
    </form>
  );
}

export function ConfirmationPage({ children }: { children?: Child }) {
  return (
    <section aria-labelledby="confirm-title">
      {/* The live region stays put while its contents refresh, so changes are announced. */}
      <div aria-live="polite">{children}</div>
      <p>
        <a href="/">Back to your accounts</a> · <a href="/payments">Payment history</a>
      </p>
    </section>
  );
}

/** The rules a borrower accepts when paying online, in plain words from the lender's settings. */
export function PaymentTermsPage({ tenant, settings }: { tenant: Tenant; settings: PaymentSettings }) {
  const contact = [tenant.settings.supportPhone ? `call ${tenant.settings.supportPhone}${tenant.settings.supportHours ? ` (${tenant.settings.supportHours})` : ''}` : null, tenant.settings.supportEmail ? `email ${tenant.settings.supportEmail}` : null].filter(Boolean).join(' or ');
  return (
    <section class="narrow" aria-labelledby="terms-title">
      <h1 id="terms-title">Payment terms</h1>
      <p>These terms apply to payments you make online to {tenant.name}, one account or several at once.</p>
      <h2>What you authorise</h2>
      <p>When you select Pay, you authorise {tenant.name} to charge the card, or debit the bank account, you chose for the total shown, once, on the date shown. A payment to several accounts is one charge, split between them as shown.</p>
      <h2>Fees</h2>
      <p>
        {settings.convenienceFees.card > 0 || settings.convenienceFees.bank > 0
          ? `A convenience fee is added once to each payment you make: ${formatCents(settings.convenienceFees.card)} by card, ${formatCents(settings.convenienceFees.bank)} by bank account. It is shown before you pay and is not applied to your account.`
          : 'There is no fee for paying online.'}
      </p>
      <h2>When payments are taken</h2>
      <p>Card payments are charged at once. Bank payments made after {settings.cutoffTime} are drawn the next banking day. You can schedule a payment up to {settings.maxDaysAhead} days ahead.</p>
      <h2>Cancelling</h2>
      <p>You can cancel a scheduled payment in Payments until its date. A payment already on its way cannot be cancelled online{contact ? `: ${contact}` : ''}.</p>
      <h2>Returned and declined payments</h2>
      <p>If your card is declined, nothing is charged and we tell you why. If your bank returns a debit, the payment is taken off your account, and your bank may charge you a fee.</p>
      <h2>How payments are applied</h2>
      <p>Each payment goes first to fees, interest and principal in the order your agreement sets, and never more than the account owes.</p>
      {contact ? <p>Questions? Please {contact}.</p> : null}
    </section>
  );
}

export interface HistoryFilter {
  account?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  method?: string | undefined;
  type?: string | undefined;
  status?: string | undefined;
}

/** Payment history across the borrower's accounts, with filters: every payment, however it was made. */
export function HistoryPage({ rows, accounts, filter, today, notice, error }: { rows: HistoryRow[]; accounts: Account[]; filter: HistoryFilter; today: string; notice?: string | undefined; error?: string | undefined }) {
  const select = (id: string, name: keyof HistoryFilter, label: string, options: [string, string][]) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">All</option>
        {options.map(([v, t]) => (
          <option value={v} selected={filter[name] === v}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <h1>Payments</h1>
      <PaymentsNav active="history" />
      <Notices notice={notice} error={error} />
      <p class="actions">
        <a class="button" href="/pay-multiple">
          Pay multiple accounts
        </a>
      </p>
      <form method="get" action="/payments" hx-get="/payments" hx-target="#payment-history" hx-select="#payment-history" hx-swap="outerHTML" hx-push-url="true" class="filters">
        {select('f-account', 'account', 'Account', accounts.map((a) => [a.displayId, `${a.displayId} ${a.productName}`]))}
        <div class="field">
          <label for="f-from">From</label>
          <input id="f-from" name="from" type="date" value={filter.from ?? ''} />
        </div>
        <div class="field">
          <label for="f-to">To</label>
          <input id="f-to" name="to" type="date" value={filter.to ?? ''} />
        </div>
        {select('f-pmethod', 'method', 'Method', [['card', 'Card'], ['bank', 'Bank account'], ['other', 'Received by the lender']])}
        {select('f-type', 'type', 'Type', Object.entries(sourceNames))}
        {select('f-status', 'status', 'Status', Object.entries(statusNames))}
        <button type="submit">Show</button>
      </form>
      <div id="payment-history">
        {rows.length === 0 ? (
          <p class="muted">No payments match.</p>
        ) : (
          <table class="table">
            <caption class="visually-hidden">Payments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Account</th>
                <th scope="col">Amount</th>
                <th scope="col">Method</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td data-label="Date">{day(r.date)}</td>
                  <td data-label="Account">{r.account.displayId}</td>
                  <td data-label="Amount">{formatCents(r.amount)}</td>
                  <td data-label="Method">{r.methodText}</td>
                  <td data-label="Type">{sourceNames[r.source]}</td>
                  <td data-label="Status">
                    <span class={`status-badge status-${r.status}`}>{r.payment ? statusWord(r.payment, today) : statusNames[r.status]}</span>
                    {r.note ? <div class="muted">{r.note}</div> : null}
                  </td>
                  <td data-label="Reference">
                    {r.payment ? <a href={`/payments/${encodeURIComponent(r.payment.reference)}`}>{r.payment.reference}</a> : (r.reference ?? '—')}
                    {r.payment && cancellable(r.payment, today) ? (
                      <div>
                        <CancelButton reference={r.payment.reference} />
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

/** How a card is added: the sandbox processor's page in a frame, or Stripe's Payment Element. */
export type CardCapture = { kind: 'frame'; src: string } | { kind: 'stripe'; publishableKey: string; clientSecret: string; nonce: string } | { kind: 'link'; href: string };

/** Saved cards and bank accounts; add a card (the processor's own form) or a bank account. */
export function MethodsPage({ methods, allowed, capture, bank = {}, notice, error }: { methods: PaymentMethodRow[]; allowed: ('card' | 'bank')[]; capture: CardCapture | null; bank?: { values?: Record<string, string>; errors?: Record<string, string> }; notice?: string | undefined; error?: string | undefined }) {
  const v = bank.values ?? {};
  const e = bank.errors ?? {};
  return (
    <>
      <h1>Payments</h1>
      <PaymentsNav active="methods" />
      <Notices notice={notice} error={error} />
      <h2>Your payment methods</h2>
      {methods.length === 0 ? <p class="muted">None yet. Add a card or a bank account below.</p> : null}
      <ul class="method-list">
        {methods.map((m) => (
          <li class="card">
            <strong>{methodLabel(m)}</strong>
            {m.kind === 'card' && m.expiryMonth ? <span class="muted"> · expires {String(m.expiryMonth).padStart(2, '0')}/{String(m.expiryYear).slice(-2)}</span> : null}
            <span class="muted"> · {m.holderName}</span>{' '}
            {m.isDefault ? <span class="status-badge">Default</span> : null}
            <div class="actions">
              {!m.isDefault ? (
                <form class="inline-form" method="post" action={`/payments/methods/${encodeURIComponent(m.id)}/default`}>
                  <button type="submit" class="button-secondary">
                    Make default
                  </button>
                </form>
              ) : null}
              <form class="inline-form" method="post" action={`/payments/methods/${encodeURIComponent(m.id)}/remove`}>
                <button type="submit" class="button-secondary" aria-label={`Remove ${methodLabel(m)}`}>
                  Remove
                </button>
              </form>
            </div>
          </li>
        ))}
      </ul>
      {allowed.includes('card') && capture ? (
        <section aria-labelledby="add-card-title">
          <h2 id="add-card-title">Add a card</h2>
          <p class="muted">Your card details go straight to our card processor; we only keep its reference and the last four digits.</p>
          {capture.kind === 'link' ? (
            <p>
              <a href={capture.href}>Add a card</a>
            </p>
          ) : capture.kind === 'frame' ? (
            <iframe class="card-frame" src={capture.src} title="Card details (secure form)" data-card-frame></iframe>
          ) : (
            <div data-stripe-card data-publishable-key={capture.publishableKey} data-client-secret={capture.clientSecret}>
              <div id="stripe-payment-element" class="card-frame"></div>
              <button type="button" data-stripe-save>
                Save card
              </button>
              <script nonce={capture.nonce} src="https://js.stripe.com/v3/"></script>
              <script nonce={capture.nonce} src="/js/stripe-card.js" defer></script>
            </div>
          )}
          <form method="post" action="/payments/methods/cards" data-card-token-form hidden>
            <input type="hidden" name="token" />
          </form>
          <p class="muted" data-card-status role="status" aria-live="polite"></p>
        </section>
      ) : null}
      {allowed.includes('bank') ? (
        <section aria-labelledby="add-bank-title">
          <h2 id="add-bank-title">Add a bank account</h2>
          <form method="post" action="/payments/methods/bank" novalidate autocomplete="off">
            <ErrorSummary errors={e} />
            <Field name="holderName" label="Name on the account" value={v.holderName} error={e.holderName} required maxlength={22} autocomplete="name" />
            <Field name="routing" label="Routing number" value={v.routing} error={e.routing} required inputmode="numeric" maxlength={9} hint="The 9 digits at the bottom left of a check." />
            <Field name="account" label="Account number" value={v.account} error={e.account} required inputmode="numeric" maxlength={17} />
            <Field name="confirmAccount" label="Account number again" value={v.confirmAccount} error={e.confirmAccount} required inputmode="numeric" maxlength={17} />
            <fieldset>
              <legend>Account type</legend>
              <div class="choice">
                <input type="radio" id="f-type-checking" name="accountType" value="checking" checked={v.accountType !== 'savings'} />
                <label for="f-type-checking">Checking</label>
              </div>
              <div class="choice">
                <input type="radio" id="f-type-savings" name="accountType" value="savings" checked={v.accountType === 'savings'} />
                <label for="f-type-savings">Savings</label>
              </div>
            </fieldset>
            <button type="submit">Add bank account</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

export interface MultiLine {
  account: Account;
  suggested: number;
  max: number;
  paidInFull: boolean;
  /** What is due on it now, in words ("$556.36 past due", "Minimum paid"). */
  note: string;
}

/**
 * Several accounts in one payment: a box and an amount for each, the count and total kept up to
 * date. The next step is the review, where the one fee, the total and the terms are shown.
 */
export function PayMultiplePage({ lines, methods, values = {}, errors = {}, fee }: { lines: MultiLine[]; methods: PaymentMethodRow[]; values?: Record<string, string>; errors?: Record<string, string>; fee: { card: number; bank: number } }) {
  const submitted = Object.keys(values).length > 0;
  return (
    <section aria-labelledby="multi-title">
      <h1 id="multi-title">Pay multiple accounts</h1>
      <form method="post" action="/pay-multiple" novalidate data-pay-multiple data-submit-once>
        <ErrorSummary errors={errors} />
        <table class="table">
          <caption>Choose the accounts and the amount for each</caption>
          <thead>
            <tr>
              <th scope="col">Pay</th>
              <th scope="col">Account</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const id = l.account.displayId;
              const checked = submitted ? values[`pay-${id}`] === 'on' : false;
              const err = errors[`amount-${id}`];
              return (
                <tr>
                  <td data-label="Pay">
                    <input type="checkbox" id={`f-pay-${id}`} name={`pay-${id}`} checked={checked && !l.paidInFull} disabled={l.paidInFull} aria-describedby={`f-due-${id}`} />
                  </td>
                  <td data-label="Account">
                    <label for={`f-pay-${id}`}>
                      {l.account.productName} <span class="muted">{id}</span>
                    </label>
                    <p class="hint" id={`f-due-${id}`}>
                      {l.note}
                    </p>
                  </td>
                  <td data-label="Amount" class={err ? 'field-invalid' : undefined}>
                    <label class="visually-hidden" for={`f-amount-${id}`}>
                      Amount for {id} in dollars
                    </label>
                    <input id={`f-amount-${id}`} name={`amount-${id}`} inputmode="decimal" maxlength={14} value={values[`amount-${id}`] ?? (l.suggested > 0 ? centsToDecimal(l.suggested) : '')} disabled={l.paidInFull} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `f-amount-${id}-error` : undefined} />
                    {err ? (
                      <p class="field-error" id={`f-amount-${id}-error`}>
                        {err}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <aside class="card" aria-labelledby="multi-summary-title">
          <h2 id="multi-summary-title">Your payment</h2>
          <p data-multi-summary aria-live="polite">
            Choose accounts above.
          </p>
          <MethodSelect methods={methods} value={values.method} error={errors.method} fees={fee} />
          {fee.card > 0 || fee.bank > 0 ? <p class="hint">One convenience fee for the whole payment: {formatCents(fee.card)} by card, {formatCents(fee.bank)} by bank.</p> : null}
          <p class="hint">
            You will see the total and the <a href="/payments/terms">payment terms</a> before you pay.
          </p>
          <button type="submit">Review payment</button>
        </aside>
      </form>
    </section>
  );
}

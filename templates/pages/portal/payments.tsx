import type { Child } from 'hono/jsx';
import type { Account, PaymentMethodRow, PaymentRow } from '../../../src/db/schema';
import { formatCents, centsToDecimal } from '../../../src/domain/money';
import type { AmountChoices } from '../../../src/services/payment-amounts';
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
const sourceNames: Record<PaymentRow['source'], string> = { one_time: 'One-time', multi: 'Pay multiple', autopay: 'AutoPay' };

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
  const options: { id: string; label: string; amount: number }[] =
    choices.kind === 'loan'
      ? [
          ...(choices.nextDue > 0 ? [{ id: 'next', label: `Next payment${choices.nextDueDate ? `, due ${day(choices.nextDueDate)}` : ''}`, amount: choices.nextDue }] : []),
          ...(choices.pastDue > 0 ? [{ id: 'past', label: 'Past due amount', amount: choices.pastDue }] : []),
          ...(choices.amountDue > 0 && choices.amountDue !== choices.pastDue ? [{ id: 'due', label: 'Everything due now', amount: choices.amountDue }] : []),
          { id: 'payoff', label: 'Pay off the loan today', amount: choices.payoff },
        ]
      : [
          ...(choices.minimum > 0 ? [{ id: 'minimum', label: `Minimum payment${choices.minimumDueDate ? `, due ${day(choices.minimumDueDate)}` : ''}`, amount: choices.minimum }] : []),
          ...(choices.statementBalance > 0 ? [{ id: 'statement', label: 'Statement balance', amount: choices.statementBalance }] : []),
          { id: 'balance', label: 'Total balance', amount: choices.totalBalance },
        ];
  const picked = values.choice ?? options[0]?.id ?? 'custom';
  const later = values.later === 'on';
  const base = `/accounts/${encodeURIComponent(account.displayId)}/pay`;
  return (
    <section class="narrow" aria-labelledby="pay-title">
      <p>
        <a href={`/accounts/${encodeURIComponent(account.displayId)}`}>Back to {account.displayId}</a>
      </p>
      <h1 id="pay-title">
        Pay {account.productName} <span class="muted">{account.displayId}</span>
      </h1>
      <form method="post" action={`${base}/review`} novalidate>
        <ErrorSummary errors={errors} />
        <fieldset class={errors.amount ? 'field-invalid' : undefined}>
          <legend>Amount</legend>
          {options.map((o) => (
            <div class="choice">
              <input type="radio" id={`f-choice-${o.id}`} name="choice" value={o.id} checked={picked === o.id} />
              <label for={`f-choice-${o.id}`}>
                {o.label}: <strong>{formatCents(o.amount)}</strong>
              </label>
              <input type="hidden" name={`amount-${o.id}`} value={centsToDecimal(o.amount)} />
            </div>
          ))}
          <div class="choice">
            <input type="radio" id="f-choice-custom" name="choice" value="custom" checked={picked === 'custom'} />
            <label for="f-choice-custom">Another amount</label>
          </div>
          <Field name="custom" label="Amount in dollars" value={values.custom} error={errors.amount} inputmode="numeric" maxlength={14} hint={`Up to ${formatCents(choices.max)}.`} />
        </fieldset>
        <MethodSelect methods={methods} value={values.method} error={errors.method} />
        <div class="choice">
          <input type="checkbox" id="f-later" name="later" checked={later} />
          <label for="f-later">Schedule for a later date</label>
        </div>
        <div class={`field${errors.date ? ' field-invalid' : ''}`}>
          <label for="f-date">Payment date</label>
          <p class="hint" id="f-date-hint">
            Leave as is to pay {day(earliest)}. Any day until {day(latest)}. Bank payments made after {cutoff} are drawn the next day.
          </p>
          <input id="f-date" name="date" type="date" min={earliest} max={latest} value={values.date ?? earliest} aria-describedby={`f-date-hint${errors.date ? ' f-date-error' : ''}`} aria-invalid={errors.date ? 'true' : undefined} />
          {errors.date ? (
            <p class="field-error" id="f-date-error">
              {errors.date}
            </p>
          ) : null}
        </div>
        <button type="submit">Continue</button>
      </form>
    </section>
  );
}

/** The last look before paying: amounts, fee, method, date; the form carries the idempotency key. */
export function ReviewPage({ title, action, back, lines, fee, method, date, hidden, terms, error }: { title: string; action: string; back: string; lines: { label: string; amount: number }[]; fee: number; method: PaymentMethodRow; date: string; hidden: Record<string, string>; terms?: boolean; error?: string | undefined }) {
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const fees = fee * lines.length;
  return (
    <section class="narrow" aria-labelledby="review-title">
      <h1 id="review-title">{title}</h1>
      <form method="post" action={action} novalidate data-submit-once>
        {error ? (
          <p class="alert alert-error" role="alert">
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
            {fees > 0 ? (
              <tr>
                <th scope="row">Convenience fee</th>
                <td>{formatCents(fees)}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">Total</th>
              <td>
                <strong>{formatCents(subtotal + fees)}</strong>
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
        {Object.entries(hidden).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        {terms ? (
          <div class="choice">
            <input type="checkbox" id="f-terms" name="terms" required />
            <label for="f-terms">I authorise this payment and accept the payment terms.</label>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit">Pay {formatCents(subtotal + fees)}</button>
          <a href={back}>Change</a>
        </div>
      </form>
    </section>
  );
}

/** A payment's status, refreshed while it is on its way. */
export function PaymentStatus({ payments, accounts, method, timeZone, today }: { payments: PaymentRow[]; accounts: Map<string, Account>; method: PaymentMethodRow | undefined; timeZone: string; today: string }) {
  // Refreshed while a payment of today is still on its way (queued, or waiting for the card processor).
  const moving = payments.some((p) => (p.status === 'pending' && p.scheduledFor <= today) || (p.status === 'processing' && p.methodKind === 'card'));
  const first = payments[0]!;
  return (
    <div id="payment-status" {...(moving ? { 'hx-get': `/payments/${encodeURIComponent(first.reference)}/status`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML', 'hx-target': 'this' } : {})}>
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
              <span class={`status-badge status-${p.status}`}>{statusNames[p.status]}</span>
              {p.status === 'processing' && p.methodKind === 'card' ? <span class="muted"> Waiting for the card processor…</span> : null}
              {p.status === 'pending' && p.scheduledFor <= today ? <span class="muted"> On its way…</span> : null}
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
            {p.fee > 0 ? (
              <>
                <dt>Convenience fee</dt>
                <dd>{formatCents(p.fee)}</dd>
              </>
            ) : null}
            {method ? (
              <>
                <dt>Paid with</dt>
                <dd>{methodLabel(method)}</dd>
              </>
            ) : null}
            <dt>Submitted</dt>
            <dd>{new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(p.createdAt)}</dd>
          </dl>
          {p.status === 'failed' ? (
            <p>
              <a class="button" href={`/accounts/${encodeURIComponent(accounts.get(p.accountId)?.displayId ?? '')}/pay`}>
                Try again
              </a>
            </p>
          ) : null}
          {p.status === 'pending' ? <CancelButton reference={p.reference} /> : null}
        </article>
      ))}
    </div>
  );
}

function CancelButton({ reference }: { reference: string }) {
  return (
    <form class="inline-form" method="post" action={`/payments/${encodeURIComponent(reference)}/cancel`}>
      <button type="submit" class="button-secondary">
        Cancel this payment
      </button>
    </form>
  );
}

export function ConfirmationPage({ notice, children }: { notice: string; children?: Child }) {
  return (
    <section aria-labelledby="confirm-title">
      <h1 id="confirm-title">Payment submitted</h1>
      <p class="alert alert-success" role="status">
        {notice}
      </p>
      {/* The live region stays put while its contents refresh, so changes are announced. */}
      <div aria-live="polite">{children}</div>
      <p>
        <a href="/">Back to your accounts</a> · <a href="/payments">Payment history</a>
      </p>
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

/** Payment history across the borrower's accounts, with filters. */
export function HistoryPage({ rows, accounts, filter, notice, error }: { rows: PaymentRow[]; accounts: Account[]; filter: HistoryFilter; notice?: string | undefined; error?: string | undefined }) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
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
        {select('f-pmethod', 'method', 'Method', [['card', 'Card'], ['bank', 'Bank account']])}
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
              {rows.map((p) => (
                <tr>
                  <td data-label="Date">{day(p.scheduledFor)}</td>
                  <td data-label="Account">{byId.get(p.accountId)?.displayId}</td>
                  <td data-label="Amount">{formatCents(p.amount)}</td>
                  <td data-label="Method">{p.methodKind === 'card' ? 'Card' : 'Bank'}</td>
                  <td data-label="Type">{sourceNames[p.source]}</td>
                  <td data-label="Status">
                    <span class={`status-badge status-${p.status}`}>{statusNames[p.status]}</span>
                    {p.failureReason ? <div class="muted">{p.failureReason}</div> : null}
                  </td>
                  <td data-label="Reference">
                    <a href={`/payments/${encodeURIComponent(p.reference)}`}>{p.reference}</a>
                    {p.status === 'pending' ? (
                      <div>
                        <CancelButton reference={p.reference} />
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
            <span class="muted"> · {m.holderName}</span>
            {m.isDefault ? <span class="status-badge"> Default</span> : null}
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
}

/** Several accounts in one payment: a box and an amount for each, the count and total kept up to date. */
export function PayMultiplePage({ lines, methods, values = {}, errors = {}, formKey, fee }: { lines: MultiLine[]; methods: PaymentMethodRow[]; values?: Record<string, string>; errors?: Record<string, string>; formKey: string; fee: { card: number; bank: number } }) {
  const submitted = Object.keys(values).length > 0;
  return (
    <section aria-labelledby="multi-title">
      <h1 id="multi-title">Pay multiple accounts</h1>
      <form method="post" action="/pay-multiple" novalidate data-pay-multiple data-submit-once>
        <ErrorSummary errors={errors} />
        <input type="hidden" name="key" value={formKey} />
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
                    <input type="checkbox" id={`f-pay-${id}`} name={`pay-${id}`} checked={checked && !l.paidInFull} disabled={l.paidInFull} aria-describedby={l.paidInFull ? `f-paid-${id}` : undefined} />
                  </td>
                  <td data-label="Account">
                    <label for={`f-pay-${id}`}>
                      {l.account.productName} <span class="muted">{id}</span>
                    </label>
                    {l.paidInFull ? (
                      <p class="hint" id={`f-paid-${id}`}>
                        Paid in full
                      </p>
                    ) : null}
                  </td>
                  <td data-label="Amount" class={err ? 'field-invalid' : undefined}>
                    <label class="visually-hidden" for={`f-amount-${id}`}>
                      Amount for {id} in dollars
                    </label>
                    <input id={`f-amount-${id}`} name={`amount-${id}`} inputmode="numeric" maxlength={14} value={values[`amount-${id}`] ?? (l.suggested > 0 ? centsToDecimal(l.suggested) : '')} disabled={l.paidInFull} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `f-amount-${id}-error` : undefined} />
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
          <h2 id="multi-summary-title">Confirm payment</h2>
          <p data-multi-summary aria-live="polite">
            Choose accounts above.
          </p>
          <MethodSelect methods={methods} value={values.method} error={errors.method} fees={fee} />
          {fee.card > 0 || fee.bank > 0 ? <p class="hint">A convenience fee applies per account: {formatCents(fee.card)} by card, {formatCents(fee.bank)} by bank.</p> : null}
          <div class={`choice${errors.terms ? ' field-invalid' : ''}`}>
            <input type="checkbox" id="f-terms" name="terms" checked={values.terms === 'on'} aria-describedby={errors.terms ? 'f-terms-error' : undefined} />
            <label for="f-terms">I authorise these payments and accept the payment terms.</label>
            {errors.terms ? (
              <p class="field-error" id="f-terms-error">
                {errors.terms}
              </p>
            ) : null}
          </div>
          <button type="submit">Pay</button>
        </aside>
      </form>
    </section>
  );
}

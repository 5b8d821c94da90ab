import type { Account, AutopayRow, PaymentMethodRow } from '../../../src/db/schema';
import { describePlan, lineAmountTypes, loanAmountTypes } from '../../../src/domain/payments/autopay';
import { formatCents } from '../../../src/domain/money';
import { formatDay as day } from '../../../src/lib/format';
import { planOf } from '../../../src/services/autopay';
import { methodLabel } from '../../../src/services/payments';
import { ErrorSummary } from '../../components/error-summary';
import { Field } from '../../components/field';
import { Notices } from '../../components/notices';

const statusText = { active: 'On', paused: 'Off', stopped: 'Stopped: needs a new authorisation' } as const;
const frequencyNames: Record<string, string> = { account_schedule: 'On each payment due date', monthly: 'Monthly', semimonthly: 'Twice a month', biweekly: 'Every two weeks', weekly: 'Weekly' };
const amountNames: Record<string, string> = {
  amount_due: 'The amount due',
  next_payment: 'The next scheduled payment',
  past_due: 'The past due amount',
  minimum: 'The minimum payment',
  statement_balance: 'The statement balance',
  total_balance: 'The total balance',
  fixed: 'A fixed amount',
};

export interface AutopayView {
  row: AutopayRow;
  method: PaymentMethodRow | undefined;
  warning: string | null;
}

/** An account's AutoPays (switch on or off, change) and the form for a new one. */
export function AutopayPage({ account, autopays, timeZoneName, notice, error, children }: { account: Account; autopays: AutopayView[]; timeZoneName: string; notice?: string | undefined; error?: string | undefined; children?: unknown }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}/autopay`;
  return (
    <>
      <p>
        <a href={`/accounts/${encodeURIComponent(account.displayId)}`}>Back to {account.displayId}</a>
      </p>
      <h1>
        AutoPay <span class="muted">{account.displayId}</span>
      </h1>
      <Notices notice={notice} error={error} />
      {autopays.map(({ row, method, warning }) => (
        <article class="card" aria-labelledby={`ap-${row.id}`}>
          <h2 id={`ap-${row.id}`}>{describePlan(planOf(row))}</h2>
          {warning ? (
            <p class="alert alert-error" role="alert">
              {warning}
            </p>
          ) : null}
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <span class={`status-badge status-${row.status === 'active' ? 'completed' : row.status === 'stopped' ? 'failed' : 'cancelled'}`}>{statusText[row.status]}</span>
            </dd>
            <dt>Paid with</dt>
            <dd>{method ? methodLabel(method) : 'A removed method'}</dd>
            {row.status === 'active' && row.nextRunDate ? (
              <>
                <dt>Next payment</dt>
                <dd>
                  {day(row.nextRunDate)} <span class="muted">(early morning, {timeZoneName})</span>
                </dd>
              </>
            ) : null}
            {row.lastRunDate ? (
              <>
                <dt>Last run</dt>
                <dd>{day(row.lastRunDate)}</dd>
              </>
            ) : null}
          </dl>
          <details>
            <summary>The authorisation you accepted</summary>
            <p>{row.authorizationText}</p>
          </details>
          <div class="actions">
            {row.status !== 'stopped' ? (
              <form class="inline-form" method="post" action={`${base}/${encodeURIComponent(row.id)}/switch`}>
                <input type="hidden" name="on" value={row.status === 'active' ? 'off' : 'on'} />
                <button type="submit" class="button-secondary">
                  {row.status === 'active' ? 'Switch off' : 'Switch on'}
                </button>
              </form>
            ) : null}
            <a href={`${base}/${encodeURIComponent(row.id)}/edit`}>{row.status === 'stopped' ? 'Change and authorise again' : 'Change'}</a>
          </div>
        </article>
      ))}
      {children as never}
    </>
  );
}

/** The AutoPay form: how much, how often, from when, with what. */
export function AutopayForm({ account, methods, action, values = {}, errors = {}, earliest, heading }: { account: Account; methods: PaymentMethodRow[]; action: string; values?: Record<string, string>; errors?: Record<string, string>; earliest: string; heading: string }) {
  const loan = account.type === 'installment' || account.type === 'lease';
  const amounts = loan ? loanAmountTypes : lineAmountTypes;
  const frequencies = loan ? ['account_schedule', 'monthly', 'semimonthly', 'biweekly', 'weekly'] : ['monthly', 'semimonthly', 'biweekly', 'weekly'];
  const freq = values.frequency ?? frequencies[0]!;
  const amountType = values.amountType ?? amounts[0]!;
  return (
    <section aria-labelledby="ap-form-title">
      <h2 id="ap-form-title">{heading}</h2>
      <form method="post" action={action} novalidate>
        <ErrorSummary errors={errors} />
        <div class={`field${errors.method ? ' field-invalid' : ''}`}>
          <label for="f-ap-method">Pay with</label>
          {methods.length === 0 ? (
            <p class="hint">
              <a href="/payments/methods">Add a card or bank account</a> first.
            </p>
          ) : null}
          <select id="f-ap-method" name="method" aria-invalid={errors.method ? 'true' : undefined} aria-describedby={errors.method ? 'f-ap-method-error' : undefined}>
            {methods.map((m) => (
              <option value={m.id} selected={m.id === (values.method ?? methods.find((x) => x.isDefault)?.id)}>
                {methodLabel(m)}
              </option>
            ))}
          </select>
          {errors.method ? (
            <p class="field-error" id="f-ap-method-error">
              {errors.method}
            </p>
          ) : null}
        </div>
        <fieldset class={errors.frequency ? 'field-invalid' : undefined}>
          <legend>How often</legend>
          {frequencies.map((f) => (
            <div class="choice">
              <input type="radio" id={`f-ap-freq-${f}`} name="frequency" value={f} checked={freq === f} />
              <label for={`f-ap-freq-${f}`}>{frequencyNames[f]}</label>
            </div>
          ))}
          {errors.frequency ? (
            <p class="field-error" id="f-ap-frequency-error" role="alert">
              {errors.frequency}
            </p>
          ) : null}
        </fieldset>
        <div class="field">
          <label for="f-ap-days">Days of the month (twice a month only)</label>
          <p class="hint" id="f-ap-days-hint">
            Two days, such as 1 and 15; 31 means the month's last day.
          </p>
          <div class="actions">
            <input id="f-ap-days" name="day1" inputmode="numeric" maxlength={2} value={values.day1 ?? '1'} aria-describedby={`f-ap-days-hint${errors.semimonthlyDays ? ' f-ap-days-error' : ''}`} aria-invalid={errors.semimonthlyDays ? 'true' : undefined} class="short-input" />
            <label class="visually-hidden" for="f-ap-day2">
              Second day of the month
            </label>
            <input id="f-ap-day2" name="day2" inputmode="numeric" maxlength={2} value={values.day2 ?? '15'} aria-describedby={errors.semimonthlyDays ? 'f-ap-days-error' : undefined} aria-invalid={errors.semimonthlyDays ? 'true' : undefined} class="short-input" />
          </div>
          {errors.semimonthlyDays ? (
            <p class="field-error" id="f-ap-days-error">
              {errors.semimonthlyDays}
            </p>
          ) : null}
        </div>
        <fieldset class={errors.amountType ? 'field-invalid' : undefined}>
          <legend>How much</legend>
          {amounts.map((a) => (
            <div class="choice">
              <input type="radio" id={`f-ap-amount-${a}`} name="amountType" value={a} checked={amountType === a} />
              <label for={`f-ap-amount-${a}`}>{amountNames[a]}</label>
            </div>
          ))}
          {errors.amountType ? (
            <p class="field-error" role="alert">
              {errors.amountType}
            </p>
          ) : null}
        </fieldset>
        <Field name="fixedAmount" id="f-ap-fixed" label="Fixed amount in dollars (for a fixed amount)" value={values.fixedAmount} error={errors.fixedAmount} inputmode="decimal" hint="In dollars and cents, such as 125.00." maxlength={14} />
        <Field name="startDate" id="f-ap-start" label="Start date" type="date" value={values.startDate ?? earliest} error={errors.startDate} required />
        <button type="submit">Continue</button>
      </form>
    </section>
  );
}

/** The authorisation, exactly as it will be stored, to accept. */
export function AutopayReview({ account, text, action, back, hidden, firstRun, amountNote, error }: { account: Account; text: string; action: string; back: string; hidden: Record<string, string>; firstRun: string | null; amountNote: string; error?: string | undefined }) {
  return (
    <section class="narrow" aria-labelledby="ap-review-title">
      <h1 id="ap-review-title">Authorise AutoPay for {account.displayId}</h1>
      <form method="post" action={action} novalidate>
        {error ? (
          <p class="alert alert-error" role="alert" id="f-accept-error">
            {error}
          </p>
        ) : null}
        <dl class="facts">
          <dt>First payment</dt>
          <dd>{firstRun ? day(firstRun) : '—'}</dd>
          <dt>Amount</dt>
          <dd>{amountNote}</dd>
        </dl>
        <h2>Authorisation</h2>
        <p class="authorization">{text}</p>
        {Object.entries(hidden).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <div class={`choice${error ? ' field-invalid' : ''}`}>
          <input type="checkbox" id="f-accept" name="accept" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-accept-error' : undefined} autofocus={error ? true : undefined} />
          <label for="f-accept">I have read and accept this authorisation. A copy will be emailed to me.</label>
        </div>
        <div class="actions">
          <button type="submit">Set up AutoPay</button>
          <a href={back}>Change</a>
        </div>
      </form>
    </section>
  );
}

export const amountNote = (plan: { amountType: string; fixedAmount?: number }) => (plan.amountType === 'fixed' && plan.fixedAmount ? `${formatCents(plan.fixedAmount)}, never more than you owe` : `${amountNames[plan.amountType] ?? ''} on each date, never more than you owe`);

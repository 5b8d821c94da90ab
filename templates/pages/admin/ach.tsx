import { nextBankingDay } from '../../../src/domain/payments/banking-days';
import { formatCents } from '../../../src/domain/money';
import { achReturnReasons } from '../../../src/services/payments';
import { formatDay as day } from '../../../src/lib/format';
import { Field } from '../../components/field';
import { Notices } from '../../components/notices';

/** Bank payments by settlement day, each day's NACHA file, and returns to record. */
export function AchPage({ days, canWrite, values = {}, errors = {}, notice, error }: { days: { day: string; count: number; total: number }[]; canWrite: boolean; values?: Record<string, string>; errors?: Record<string, string>; notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      <p>
        <a href="/admin">Staff area</a>
      </p>
      <h1>Bank payments (ACH)</h1>
      <Notices notice={notice} error={error} />
      <h2>NACHA files by settlement date</h2>
      {days.length === 0 ? (
        <p class="muted">No bank payments yet.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Settlement days, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Payment date</th>
              <th scope="col">Settles</th>
              <th scope="col">Payments</th>
              <th scope="col">Total</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr>
                <td data-label="Payment date">{day(d.day)}</td>
                <td data-label="Settles">{nextBankingDay(d.day) === d.day ? 'Same day' : day(nextBankingDay(d.day))}</td>
                <td data-label="Payments">{d.count}</td>
                <td data-label="Total">{formatCents(d.total)}</td>
                <td data-label="File">
                  <a href={`/admin/ach/${d.day}.ach`} aria-label={`Download the NACHA file for ${day(d.day)}`}>
                    Download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <section aria-labelledby="return-title">
          <h2 id="return-title">Record a return</h2>
          <p class="muted">When the bank returns a debit, record it here: the payment is taken off the account and the borrower is told.</p>
          <form method="post" action="/admin/ach/returns" novalidate data-submit-once>
            <Field name="reference" label="Payment reference" value={values.reference} error={errors.reference} required maxlength={12} hint="As on the NACHA entry (individual ID), e.g. P-7K3M9Q2X." />
            <div class={`field${errors.code ? ' field-invalid' : ''}`}>
              <label for="f-code">Return code</label>
              <select id="f-code" name="code">
                {Object.entries(achReturnReasons).map(([code, reason]) => (
                  <option value={code} selected={values.code === code}>
                    {code} {reason}
                  </option>
                ))}
              </select>
            </div>
            <Field name="date" label="Return date" type="date" value={values.date} error={errors.date} required />
            <button type="submit">Record return</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

import { formatCents } from '../../../src/domain/money';
import { returnCodesForOurDebits } from '../../../src/domain/payments/return-codes';
import { formatDay as day, formatInstant } from '../../../src/lib/format';
import type { AchPageData } from '../../../src/services/ach';
import { ErrorSummary } from '../../components/error-summary';
import { Field, SelectField } from '../../components/field';
import { Notices } from '../../components/notices';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function OriginationNotice({ placeholders, production, canSetOrigination }: { placeholders: boolean; production: boolean; canSetOrigination: boolean }) {
  if (!placeholders) return null;
  const where = canSetOrigination ? (
    <>
      {' '}
      <a href="/admin/settings#ach">Enter the origination details</a>.
    </>
  ) : (
    ' Ask an owner of the portal to enter them in Settings.'
  );
  if (production) {
    return (
      <div class="alert alert-error" role="alert">
        <p class="alert-title">Bank files cannot be built yet</p>
        <p>
          The portal still has placeholder origination details. Before any file goes to the bank, an owner must enter the values your bank (the ODFI) gave you: the immediate destination and its name, the immediate origin and its name, the company name
          and company ID, your bank’s routing number and the entry description.{where}
        </p>
      </div>
    );
  }
  return (
    <div class="alert alert-warning" role="status">
      <p class="alert-title">Test values</p>
      <p>
        No bank origination details have been entered, so files built here carry the portal’s placeholders (company ID 1234567890, routing number 231380104) and are marked TEST in their header. They are for trying the portal only; production refuses to
        build them.{where}
      </p>
    </div>
  );
}

/** Bank payments by payment day, the NACHA files sent for them, and returns to record. */
export function AchPage({
  data, canWrite, canSetOrigination, production, timeZone, values = {}, errors = {}, notice, error, built,
}: {
  data: AchPageData; canWrite: boolean; canSetOrigination: boolean; production: boolean; timeZone: string;
  values?: Record<string, string>; errors?: Record<string, string>; notice?: string | undefined; error?: string | undefined; built?: string | undefined;
}) {
  return (
    <>
      <p>
        <a href="/admin">Staff area</a>
      </p>
      <h1>Bank payments (ACH)</h1>
      <Notices notice={notice} error={error} />
      {built && canWrite ? (
        <p>
          <a href={`/admin/ach/files/${built}.ach`}>Download the file just built</a>
        </p>
      ) : null}
      <OriginationNotice placeholders={data.placeholders} production={production} canSetOrigination={canSetOrigination} />

      <section aria-labelledby="days-title">
        <h2 id="days-title">Payment days</h2>
        <p class="hint">
          A day’s file can be built after that day’s cut-off. Building it records it as sent to the bank; a payment posted for the day afterwards goes in a new file. A file built now asks to settle on {day(data.settlesIfBuiltNow)}.
        </p>
        {data.days.length === 0 ? (
          <p class="muted">No bank payments yet.</p>
        ) : (
          <table class="table">
            <caption class="visually-hidden">Payment days, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Payment date</th>
                <th scope="col">Payments</th>
                <th scope="col">Total</th>
                <th scope="col">Not yet in a file</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((d) => (
                <tr>
                  <th scope="row" data-label="Payment date">{day(d.day)}</th>
                  <td data-label="Payments">{d.count}</td>
                  <td data-label="Total">{formatCents(d.total)}</td>
                  <td data-label="Not yet in a file">{d.unfiled === 0 ? 'None: all sent' : d.unfiled}</td>
                  <td>
                    {d.unfiled > 0 && canWrite ? (
                      <form class="inline-form" method="post" action="/admin/ach/files">
                        <input type="hidden" name="day" value={d.day} />
                        <button type="submit" aria-label={`Build the file for ${day(d.day)} (${plural(d.unfiled, 'payment', 'payments')})`}>
                          Build the file
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="files-title">
        <h2 id="files-title">Files sent</h2>
        {data.files.length === 0 ? (
          <p class="muted">No file has been built yet.</p>
        ) : (
          <table class="table">
            <caption class="visually-hidden">NACHA files recorded as sent, newest payment day first</caption>
            <thead>
              <tr>
                <th scope="col">Payments of</th>
                <th scope="col">Sent</th>
                <th scope="col">File ID</th>
                <th scope="col">Settles</th>
                <th scope="col">Entries</th>
                <th scope="col">Total</th>
                <th scope="col">SHA-256</th>
                <th scope="col">
                  <span class="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.files.map((f) => (
                <tr id={`file-${f.id}`}>
                  <th scope="row" data-label="Payments of">
                    {day(f.day)}
                    {f.seq > 1 ? ` (file ${f.seq})` : ''}
                    {f.testValues ? (
                      <>
                        {' '}
                        <span class="status-badge status-pending">Test values</span>
                      </>
                    ) : null}
                  </th>
                  <td data-label="Sent">
                    {formatInstant(f.createdAt, timeZone)}, by {f.builtBy}
                  </td>
                  <td data-label="File ID">
                    {day(f.creationDate)} {f.creationTime.slice(0, 2)}:{f.creationTime.slice(2)}, modifier {f.fileIdModifier}
                  </td>
                  <td data-label="Settles">{day(f.effectiveDate)}</td>
                  <td data-label="Entries">
                    {f.entries} in {plural(f.batches, 'batch', 'batches')}
                  </td>
                  <td data-label="Total">{formatCents(f.totalDebits)}</td>
                  <td data-label="SHA-256">
                    <code title={f.sha256}>{f.sha256.slice(0, 16)}…</code>
                  </td>
                  <td>
                    {canWrite ? (
                      <a href={`/admin/ach/files/${f.id}.ach`} aria-label={`Download the NACHA file for ${day(f.day)}${f.seq > 1 ? ` (file ${f.seq})` : ''}`}>
                        Download
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {canWrite ? (
        <section aria-labelledby="return-title">
          <h2 id="return-title">Record a return</h2>
          <p class="muted">When the bank returns a debit, record it here as its return notice gives it: the payment is taken off the account from the return date and the borrower is told.</p>
          <form method="post" action="/admin/ach/returns#return-title" novalidate data-submit-once>
            <ErrorSummary errors={errors} />
            <Field name="reference" label="Payment reference" value={values.reference} error={errors.reference} required maxlength={12} hint="As on the return (the entry’s individual ID), e.g. P-7K3M9Q2X." />
            <SelectField
              name="code"
              label="Return code"
              placeholder="Choose the code on the notice"
              options={returnCodesForOurDebits.map((r) => [r.code, `${r.code} ${r.name}`] as const)}
              value={values.code}
              error={errors.code}
              hint="Most codes come back within 2 banking days of settlement; R07, R10 and R11 (authorisation revoked, not authorised, not as authorised) within 60 days."
              required
              keepValue
            />
            <Field name="date" label="Return date" type="date" value={values.date} error={errors.date} required hint="The date on the bank’s notice: between the payment’s settlement date and today." />
            <button type="submit">Record return</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

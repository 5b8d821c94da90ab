import type { Account, Customer, CustomerNote, CustomerReference, CustomField, DocumentRow, Employer } from '../../../src/db/schema';
import { incomeFrequencies } from '../../../src/domain/record-choices';
import { localDate } from '../../../src/domain/dates';
import { incomeFrequencyLabels, monthlyEquivalent, paysPerYear } from '../../../src/domain/income';
import { formatCents, centsToDecimal } from '../../../src/domain/money';
import { formatDay, formatInstant, formatFileSize } from '../../../src/lib/format';
import type { HistoryView } from '../../../src/services/customer-history';
import { NOTE_MAX_CHARS, type PaymentProfile } from '../../../src/services/customer-tabs';
import { CustomFieldInputs } from '../../components/custom-fields';
import { AddressFields } from '../../components/address-fields';
import { ErrorSummary } from '../../components/error-summary';
import { CheckField, Field, SelectField } from '../../components/field';
import { CustomerShell } from './customer-shell';

type History = HistoryView;
type Values = Record<string, string | undefined>;
type Errors = Record<string, string>;

interface Common {
  customer: Customer;
  canWrite: boolean;
  notice?: string | undefined;
  error?: string | undefined;
  history: History;
}

const base = (customer: Customer) => `/admin/customers/${encodeURIComponent(customer.id)}`;

/** "+13035550142" → "(303) 555-0142"; other countries as stored. */
export const phoneText = (e164: string | null) => (!e164 ? '' : /^\+1(\d{3})(\d{3})(\d{4})$/.test(e164) ? e164.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3') : e164);

/** Cents as a plain amount for an input: 425000 → "4250.00". */

const addressText = (a: { line1: string; line2: string; city: string; state: string; zip: string }) =>
  a.line1 ? [a.line1, a.line2, `${a.city}, ${a.state} ${a.zip}`].filter(Boolean).join(', ') : '';


/** A removal behind a disclosure, so one stray click deletes nothing (works without JavaScript). */
function RemoveButton({ action, what, label = 'Delete' }: { action: string; what: string; label?: string }) {
  return (
    <details class="confirm">
      <summary>
        {label}
        <span class="visually-hidden"> {what}</span>
      </summary>
      <form method="post" action={action} class="inline-form">
        <button type="submit" class="button-secondary">
          Yes, {label.toLowerCase()} {what}
        </button>
      </form>
    </details>
  );
}

const optionalAddress = 'Optional. When given: street, city, state and ZIP (or Canadian postal code).';

const frequencyOptions = incomeFrequencies.map((f) => [f, incomeFrequencyLabels[f]] as const);

// ---------------------------------------------------------------------------------------------
// Employer

/** The form values for a stored employer (an empty form when there is none). */
export function employerFormValues(e: Employer | undefined): Values {
  if (!e) return {};
  return {
    name: e.name, jobTitle: e.jobTitle, phone: phoneText(e.phone), hireDate: e.hireDate ?? '', income: e.income === null ? '' : centsToDecimal(e.income), incomeFrequency: e.incomeFrequency ?? '', nextPayDate: e.nextPayDate ?? '', payFrequency: e.payFrequency ?? '',
    employerLine1: e.line1, employerLine2: e.line2, employerCity: e.city, employerState: e.state, employerZip: e.zip,
  };
}

function EmployerFacts({ employer, fields }: { employer: Employer; fields: CustomField[] }) {
  const income = employer.income !== null && employer.incomeFrequency ? { amount: employer.income, frequency: employer.incomeFrequency } : null;
  return (
    <dl class="facts">
      <dt>Employer</dt>
      <dd>{employer.name}</dd>
      <dt>Job title</dt>
      <dd>{employer.jobTitle || '—'}</dd>
      <dt>Phone</dt>
      <dd>{phoneText(employer.phone) || '—'}</dd>
      <dt>Hire date</dt>
      <dd>{employer.hireDate ? formatDay(employer.hireDate) : '—'}</dd>
      <dt>Income</dt>
      <dd>{income ? `${formatCents(income.amount)} ${incomeFrequencyLabels[income.frequency].toLowerCase()}` : employer.income !== null ? formatCents(employer.income) : '—'}</dd>
      <dt>Monthly equivalent</dt>
      <dd data-monthly-income>
        {income ? (
          <>
            {formatCents(monthlyEquivalent(income.amount, income.frequency))} a month
            <span class="muted">
              {' '}
              ({formatCents(income.amount)} × {paysPerYear[income.frequency]} pays a year ÷ 12, rounded to the nearest cent)
            </span>
          </>
        ) : (
          '—'
        )}
      </dd>
      <dt>Next pay date</dt>
      <dd>{employer.nextPayDate ? `${formatDay(employer.nextPayDate)}${employer.payFrequency ? `, then ${incomeFrequencyLabels[employer.payFrequency].toLowerCase()}` : ''}` : employer.payFrequency ? incomeFrequencyLabels[employer.payFrequency] : '—'}</dd>
      <dt>Address</dt>
      <dd>{addressText(employer) || '—'}</dd>
      {fields.map((f) => (
        <>
          <dt>{f.label}</dt>
          <dd>{employer.customFields[f.id] ?? '—'}</dd>
        </>
      ))}
    </dl>
  );
}

export function EmployerPage(props: Common & { employer: Employer | undefined; values: Values; errors?: Errors | undefined; customFields: CustomField[]; nonce: string }) {
  const { customer, employer, values, canWrite } = props;
  const errors = props.errors ?? {};
  const action = `${base(customer)}/employer`;
  return (
    <CustomerShell customer={customer} active="/employer" title="Employer" notice={props.notice} error={props.error} history={props.history}>
      {employer ? <EmployerFacts employer={employer} fields={props.customFields} /> : <p class="muted">No employer on file.</p>}
      {canWrite ? (
        <>
          <h2>{employer ? 'Edit the employer' : 'Add the employer'}</h2>
          <form method="post" action={action} novalidate>
            <ErrorSummary errors={errors} />
            <fieldset>
              <legend>General information</legend>
              <Field name="name" label="Employer name" value={values.name} error={errors.name} required maxlength={120} autocomplete="off" />
              <Field name="jobTitle" label="Job title (optional)" value={values.jobTitle} error={errors.jobTitle} maxlength={120} autocomplete="off" />
              <Field name="hireDate" label="Hire date (optional)" type="date" value={values.hireDate} error={errors.hireDate} />
              <Field name="income" label="Income in dollars (optional)" inputmode="text" value={values.income} error={errors.income} maxlength={20} hint="The amount paid at the income frequency below, e.g. 2,150.00 every two weeks." autocomplete="off" />
              <SelectField keepValue name="incomeFrequency" label="Income frequency" options={frequencyOptions} value={values.incomeFrequency} error={errors.incomeFrequency} placeholder="—" />
              <Field name="nextPayDate" label="Next pay date (optional)" type="date" value={values.nextPayDate} error={errors.nextPayDate} hint="With the pay frequency, this shows which days suit AutoPay." />
              <SelectField keepValue name="payFrequency" label="Pay frequency" options={frequencyOptions} value={values.payFrequency} error={errors.payFrequency} placeholder="—" />
            </fieldset>
            <fieldset>
              <legend>Contact information</legend>
              <Field name="phone" label="Phone (optional)" type="tel" inputmode="tel" value={values.phone} error={errors.phone} maxlength={40} autocomplete="off" />
            </fieldset>
            <AddressFields prefix="employer" legend="Employer address" values={values} errors={errors} hint={optionalAddress} />
            <CustomFieldInputs fields={props.customFields} values={values} errors={errors} />
            <button type="submit">Save the employer</button>
          </form>
          {employer ? <RemoveButton action={`${action}/remove`} what="the employer" label="Remove" /> : null}
        </>
      ) : null}
    </CustomerShell>
  );
}

// ---------------------------------------------------------------------------------------------
// References

export function referenceFormValues(r: CustomerReference): Values {
  return { name: r.name, relationship: r.relationship, phone: phoneText(r.phone), altPhone: phoneText(r.altPhone), referenceLine1: r.line1, referenceLine2: r.line2, referenceCity: r.city, referenceState: r.state, referenceZip: r.zip };
}

function ReferenceFields({ values, errors }: { values: Values; errors: Errors }) {
  return (
    <>
      <Field name="name" label="Name" value={values.name} error={errors.name} required maxlength={120} autocomplete="off" />
      <Field name="relationship" label="Relationship" value={values.relationship} error={errors.relationship} required maxlength={60} autocomplete="off" hint="For example: Sister, Coworker, Landlord." />
      <Field name="phone" label="Phone (optional)" type="tel" inputmode="tel" value={values.phone} error={errors.phone} maxlength={40} autocomplete="off" />
      <Field name="altPhone" label="Alternate phone (optional)" type="tel" inputmode="tel" value={values.altPhone} error={errors.altPhone} maxlength={40} autocomplete="off" />
      <AddressFields prefix="reference" legend="Address" values={values} errors={errors} hint={optionalAddress} />
    </>
  );
}

export function ReferencesPage(props: Common & { references: CustomerReference[]; values: Values; errors?: Errors | undefined; nonce: string }) {
  const { customer, references, canWrite } = props;
  const errors = props.errors ?? {};
  const action = `${base(customer)}/references`;
  return (
    <CustomerShell customer={customer} active="/references" title="References" notice={props.notice} error={props.error} history={props.history}>
      {references.length === 0 ? (
        <p class="muted">No references on file.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">References, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Relationship</th>
              <th scope="col">Phones</th>
              <th scope="col">Address</th>
              {canWrite ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {references.map((r) => (
              <tr>
                <td data-label="Name">{r.name}</td>
                <td data-label="Relationship">{r.relationship}</td>
                <td data-label="Phones">{[phoneText(r.phone), r.altPhone ? `${phoneText(r.altPhone)} (alternate)` : ''].filter(Boolean).join('; ') || '—'}</td>
                <td data-label="Address">{addressText(r) || '—'}</td>
                {canWrite ? (
                  <td data-label="Actions">
                    <a href={`${action}/${encodeURIComponent(r.id)}/edit`}>
                      Edit<span class="visually-hidden"> {r.name}</span>
                    </a>
                    <RemoveButton action={`${action}/${encodeURIComponent(r.id)}/remove`} what={r.name} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <details open={Object.keys(errors).length > 0 || references.length === 0 || undefined}>
          <summary>Add a reference</summary>
          <form method="post" action={action} novalidate>
            <ErrorSummary errors={errors} />
            <ReferenceFields values={props.values} errors={errors} />
            <button type="submit">Add the reference</button>
          </form>
        </details>
      ) : null}
    </CustomerShell>
  );
}

export function ReferenceEditPage(props: { customer: Customer; reference: CustomerReference; values: Values; errors?: Errors | undefined; nonce: string; history: History }) {
  const errors = props.errors ?? {};
  const list = `${base(props.customer)}/references`;
  return (
    <CustomerShell customer={props.customer} active="/references" title={`Edit reference ${props.reference.name}`} history={props.history}>
      <p>
        <a href={list}>Back to the references</a>
      </p>
      <form method="post" action={`${list}/${encodeURIComponent(props.reference.id)}/edit`} novalidate>
        <ErrorSummary errors={errors} />
        <ReferenceFields values={props.values} errors={errors} />
        <button type="submit">Save the reference</button>
      </form>
    </CustomerShell>
  );
}

// ---------------------------------------------------------------------------------------------
// Notes

export const NOTES_LIST_ID = 'notes-list';

export function NotesList({ customer, notes, authors, timeZone, canWrite, filter }: { customer: Customer; notes: CustomerNote[]; authors: Map<string, string>; timeZone: string; canWrite: boolean; filter: string }) {
  const action = `${base(customer)}/notes`;
  return (
    <div id={NOTES_LIST_ID} aria-live="polite">
      {notes.length === 0 ? (
        <p class="muted">{filter ? `No notes filed under “${filter}”.` : 'No notes yet.'}</p>
      ) : (
        notes.map((n) => (
          <article class="card note" aria-labelledby={`note-${n.id}`}>
            <h3 id={`note-${n.id}`}>{n.title}</h3>
            <p class="muted">
              {n.category} · {authors.get(n.authorAgentId) ?? 'A former staff member'} · <time datetime={n.createdAt.toISOString()}>{formatInstant(n.createdAt, timeZone)}</time>
              {n.updatedAt.getTime() !== n.createdAt.getTime() ? ` · edited ${formatInstant(n.updatedAt, timeZone)}` : ''}
            </p>
            {n.body.split(/\r?\n/).map((line) => (
              <p>{line}</p>
            ))}
            {canWrite ? (
              <div class="actions">
                <a href={`${action}/${encodeURIComponent(n.id)}/edit`}>
                  Edit<span class="visually-hidden"> {n.title}</span>
                </a>
                <RemoveButton action={`${action}/${encodeURIComponent(n.id)}/remove`} what={`the note “${n.title}”`} />
              </div>
            ) : null}
          </article>
        ))
      )}
    </div>
  );
}

function NoteFields({ values, errors, categories }: { values: Values; errors: Errors; categories: string[] }) {
  return (
    <>
      <Field name="title" label="Title" value={values.title} error={errors.title} required maxlength={120} autocomplete="off" />
      <SelectField keepValue name="category" label="Category" options={categories.map((c) => [c, c] as const)} value={values.category} error={errors.category} placeholder="Choose a category" required />
      <Field name="body" label={`Note (up to ${NOTE_MAX_CHARS.toLocaleString('en-US')} characters)`} value={values.body} error={errors.body} required maxlength={NOTE_MAX_CHARS} multiline />
    </>
  );
}

export function NotesPage(props: Common & { notes: CustomerNote[]; authors: Map<string, string>; categories: string[]; filter: string; timeZone: string; values: Values; errors?: Errors | undefined }) {
  const { customer, canWrite } = props;
  const errors = props.errors ?? {};
  const action = `${base(customer)}/notes`;
  const filterOptions = [...new Set([...props.categories, ...props.notes.map((n) => n.category)])];
  return (
    <CustomerShell customer={customer} active="/notes" title="Notes" notice={props.notice} error={props.error} history={props.history}>
      {canWrite ? (
        <details open={Object.keys(errors).length > 0 || undefined}>
          <summary>Add a note</summary>
          <form method="post" action={action} novalidate>
            <ErrorSummary errors={errors} />
            <NoteFields values={props.values} errors={errors} categories={props.categories} />
            <button type="submit">Add the note</button>
          </form>
        </details>
      ) : null}
      <h2>Notes, newest first</h2>
      <form method="get" action={action} class="filters" hx-get={action} hx-target={`#${NOTES_LIST_ID}`} hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <SelectField keepValue name="category" id="f-filter-category" label="Show category" options={filterOptions.map((c) => [c, c] as const)} value={props.filter} placeholder="All categories" />
        <button type="submit" class="button-secondary">
          Show
        </button>
      </form>
      <NotesList customer={customer} notes={props.filter ? props.notes.filter((n) => n.category === props.filter) : props.notes} authors={props.authors} timeZone={props.timeZone} canWrite={canWrite} filter={props.filter} />
    </CustomerShell>
  );
}

export function NoteEditPage(props: { customer: Customer; note: CustomerNote; values: Values; errors?: Errors | undefined; categories: string[]; history: History }) {
  const errors = props.errors ?? {};
  const list = `${base(props.customer)}/notes`;
  return (
    <CustomerShell customer={props.customer} active="/notes" title="Edit note" history={props.history}>
      <p>
        <a href={list}>Back to the notes</a>
      </p>
      <form method="post" action={`${list}/${encodeURIComponent(props.note.id)}/edit`} novalidate>
        <ErrorSummary errors={errors} />
        <NoteFields values={props.values} errors={errors} categories={props.categories} />
        <button type="submit">Save the note</button>
      </form>
    </CustomerShell>
  );
}

// ---------------------------------------------------------------------------------------------
// Documents

export const documentStatusFilters = [
  ['', 'Active and inactive'],
  ['active', 'Active only'],
  ['inactive', 'Inactive only'],
] as const;

export function DocumentsPage(props: Common & { documents: DocumentRow[]; accounts: Account[]; categories: string[]; uploaders: Map<string, string>; maxBytes: number; status: string; timeZone: string; values: Values; errors?: Errors | undefined }) {
  const { customer, canWrite } = props;
  const errors = props.errors ?? {};
  const action = `${base(customer)}/documents`;
  const accountOf = new Map(props.accounts.map((a) => [a.id, a.displayId]));
  const shown = props.documents.filter((d) => (props.status === 'active' ? d.active : props.status === 'inactive' ? !d.active : true));
  return (
    <CustomerShell customer={customer} active="/documents" title="Documents" notice={props.notice} error={props.error} history={props.history}>
      <form method="get" action={action} class="filters">
        <SelectField keepValue name="status" id="f-filter-status" label="Show" options={documentStatusFilters} value={props.status} />
        <button type="submit" class="button-secondary">
          Show
        </button>
      </form>
      {shown.length === 0 ? (
        <p class="muted">No documents{props.status ? ` (${props.status})` : ''}.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Documents, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Section</th>
              <th scope="col">Account</th>
              <th scope="col">From</th>
              <th scope="col">Added</th>
              <th scope="col">Borrower sees it</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => {
              const at = `${action}/${encodeURIComponent(d.id)}`;
              return (
                <tr>
                  <td data-label="Name">
                    {d.name}
                    {d.description ? <div class="muted">{d.description}</div> : null}
                  </td>
                  <td data-label="Section">{d.category}</td>
                  <td data-label="Account">{d.accountId ? (accountOf.get(d.accountId) ?? '—') : 'None'}</td>
                  <td data-label="From">{d.uploadedByType === 'customer' ? 'The borrower' : (props.uploaders.get(d.uploadedById) ?? 'Staff')}</td>
                  <td data-label="Added">{formatDay(localDate(d.createdAt, props.timeZone))}</td>
                  <td data-label="Borrower sees it">{d.uploadedByType === 'customer' ? 'Yes (their upload)' : d.sharedWithBorrower ? 'Yes' : 'No'}</td>
                  <td data-label="Status">{d.active ? 'Active' : 'Inactive'}</td>
                  <td data-label="Actions">
                    <a href={`${at}/download`} download aria-label={`Download ${d.name} (${formatFileSize(d.size)})`}>
                      Download
                    </a>{' '}
                    <span class="muted">{formatFileSize(d.size)}</span>
                    {canWrite && d.active ? (
                      <>
                        {' '}
                        <a href={`${at}/edit`}>
                          Edit<span class="visually-hidden"> {d.name}</span>
                        </a>
                      </>
                    ) : null}
                    {canWrite ? (
                      <form method="post" action={`${at}/${d.active ? 'deactivate' : 'activate'}`} class="inline-form">
                        <button type="submit" class="button-secondary">
                          {d.active ? 'Make inactive' : 'Make active'}
                          <span class="visually-hidden"> {d.name}</span>
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="muted">Inactive documents are kept and can be downloaded, but not edited until they are made active again.</p>
      {canWrite ? <UploadForm {...props} action={action} errors={errors} /> : null}
    </CustomerShell>
  );
}

function UploadForm({ action, values, errors, categories, accounts, maxBytes }: { action: string; values: Values; errors: Errors; categories: string[]; accounts: Account[]; maxBytes: number }) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <details open={hasErrors || undefined}>
      <summary>Upload a document</summary>
      <form method="post" action={action} enctype="multipart/form-data" novalidate data-upload-form data-max-bytes={String(maxBytes)}>
        <ErrorSummary errors={errors} />
        <div class={`field drop-zone${errors.file ? ' field-invalid' : ''}`} data-drop-zone>
          <label for="f-file">File</label>
          <p class="hint" id="f-file-hint">
            Drag a file here or choose one. PDF, PNG, JPEG, HEIC, WebP or TIFF, up to {formatFileSize(maxBytes)}.{hasErrors ? ' Choose the file again.' : ''}
          </p>
          <input id="f-file" name="file" type="file" required accept=".pdf,.png,.jpg,.jpeg,.heic,.heif,.webp,.tif,.tiff,application/pdf,image/*" aria-describedby={`f-file-hint${errors.file ? ' f-file-error' : ''}`} aria-invalid={errors.file ? 'true' : undefined} />
          <p class="drop-status muted" data-drop-status aria-live="polite"></p>
          {errors.file ? (
            <p class="field-error" id="f-file-error">
              {errors.file}
            </p>
          ) : null}
        </div>
        <Field name="name" label="Name" value={values.name} error={errors.name} maxlength={120} hint="Leave empty to use the file’s name." autocomplete="off" />
        <SelectField keepValue name="category" label="Section" options={categories.map((c) => [c, c] as const)} value={values.category} error={errors.category} placeholder="Choose a section" required />
        <Field name="description" label="Description (optional)" value={values.description} error={errors.description} maxlength={500} multiline />
        <SelectField keepValue name="accountId" label="Account (optional)" options={accounts.map((a) => [a.id, `${a.displayId} · ${a.productName}`] as const)} value={values.accountId} error={errors.accountId} placeholder="No account: about the customer" />
        <CheckField name="sharedWithBorrower" label="Share with the borrower" checked={values.sharedWithBorrower === 'on'} error={errors.sharedWithBorrower} hint="They see it on that account’s Documents tab in the portal." />
        <button type="submit">Upload</button>
      </form>
    </details>
  );
}

export function documentFormValues(d: DocumentRow): Values {
  return { name: d.name, category: d.category, description: d.description, sharedWithBorrower: d.sharedWithBorrower ? 'on' : '' };
}

export function DocumentEditPage(props: { customer: Customer; doc: DocumentRow; account: string | null; values: Values; errors?: Errors | undefined; categories: string[]; history: History }) {
  const { doc } = props;
  const errors = props.errors ?? {};
  const list = `${base(props.customer)}/documents`;
  return (
    <CustomerShell customer={props.customer} active="/documents" title={`Edit ${doc.name}`} history={props.history}>
      <p>
        <a href={list}>Back to the documents</a>
      </p>
      <p>
        {doc.fileName} · {formatFileSize(doc.size)} · {props.account ? `on ${props.account}` : 'on no account'}. The file itself cannot be changed: upload a new document and make this one inactive.
      </p>
      <form method="post" action={`${list}/${encodeURIComponent(doc.id)}/edit`} novalidate>
        <ErrorSummary errors={errors} />
        <Field name="name" label="Name" value={props.values.name} error={errors.name} required maxlength={120} autocomplete="off" />
        <SelectField keepValue name="category" label="Section" options={props.categories.map((c) => [c, c] as const)} value={props.values.category} error={errors.category} placeholder="Choose a section" required />
        <Field name="description" label="Description (optional)" value={props.values.description} error={errors.description} maxlength={500} multiline />
        {doc.uploadedByType === 'agent' ? (
          <CheckField name="sharedWithBorrower" label="Share with the borrower" checked={props.values.sharedWithBorrower === 'on'} error={errors.sharedWithBorrower} hint="They see it on the account’s Documents tab in the portal." />
        ) : (
          <p class="muted">The borrower uploaded this document: they always see it while it is active.</p>
        )}
        <button type="submit">Save the document</button>
      </form>
    </CustomerShell>
  );
}

// ---------------------------------------------------------------------------------------------
// Payment profiles

const expiry = (m: PaymentProfile['method']) => (m.kind === 'card' && m.expiryMonth && m.expiryYear ? `${String(m.expiryMonth).padStart(2, '0')}/${m.expiryYear}` : '—');

export function PaymentProfilesPage(props: Common & { profiles: PaymentProfile[]; timeZone: string }) {
  const { customer, profiles, canWrite } = props;
  const action = `${base(customer)}/payment-profiles`;
  return (
    <CustomerShell customer={customer} active="/payment-profiles" title="Payment profiles" notice={props.notice} error={props.error} history={props.history}>
      <p class="alert alert-info">
        Cards and bank accounts are added by the borrower in the portal, under Payments › Payment methods. Card numbers are typed into the card processor’s secure frame and never reach us, so staff cannot enter them here.
      </p>
      {profiles.length === 0 ? (
        <p class="muted">No saved cards or bank accounts.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Saved cards and bank accounts, the default first</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Expires</th>
              <th scope="col">Holder</th>
              <th scope="col">Default</th>
              <th scope="col">Added</th>
              <th scope="col">Used by</th>
              {canWrite ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => {
              const uses = [...p.autopays.map((a) => `AutoPay on ${a.account} (${a.autopay.status})`), ...p.waiting.map((w) => `Payment ${w.reference}, still to run`)];
              return (
                <tr>
                  <td data-label="Method">
                    {p.label}
                    <div class="muted">{p.method.kind === 'card' ? 'Card' : 'Bank account'}</div>
                  </td>
                  <td data-label="Expires">{expiry(p.method)}</td>
                  <td data-label="Holder">{p.method.holderName}</td>
                  <td data-label="Default">{p.method.isDefault ? 'Default' : '—'}</td>
                  <td data-label="Added">{formatDay(localDate(p.method.createdAt, props.timeZone))}</td>
                  <td data-label="Used by">{uses.length === 0 ? 'Nothing' : uses.join('; ')}</td>
                  {canWrite ? (
                    <td data-label="Actions">
                      {uses.length === 0 ? (
                        <RemoveButton action={`${action}/${encodeURIComponent(p.method.id)}/remove`} what={p.label} label="Remove" />
                      ) : (
                        <span class="muted">In use: cannot be removed</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </CustomerShell>
  );
}

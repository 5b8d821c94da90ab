import { readPostalAddress } from '../../domain/customer-record';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { Account, Customer } from '../../db/schema';
import { incomeFrequencies, type IncomeFrequency } from '../../domain/record-choices';
import { readCustomFields, customFieldFormValues } from '../../domain/custom-fields';
import { isIsoDate, localDate } from '../../domain/dates';
import { parseCents } from '../../domain/money';
import { toE164 } from '../../domain/phone';
import { can } from '../../domain/staff-roles';
import type { AppEnv } from '../../env';
import { documentDownload } from '../../http/document-download';
import { uploadedFile, uploadProblem } from '../../http/upload';
import { isFragmentRequest } from '../../http/htmx';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { customerHistoryView, pageNumber, type HistoryTab } from '../../services/customer-history';
import {
  addNote, addReference, customerDocument, customerNote, customerReference, inactiveRefusal, NOTE_MAX_CHARS, paymentProfiles, removeCustomerPaymentMethod,
  removeEmployer, removeNote, removeReference, saveEmployer, setDocumentActive, updateCustomerDocument, updateNote, updateReference, uploadCustomerDocument,
} from '../../services/customer-tabs';
import { documentCategoriesOf } from '../../services/documents';
import { ServiceError } from '../../services/errors';
import { customFieldsOf, noteCategoriesOf } from '../../services/tenant-lists';
import {
  DocumentEditPage, documentFormValues, DocumentsPage, EmployerPage, employerFormValues, NOTES_LIST_ID, NoteEditPage, NotesList, NotesPage, PaymentProfilesPage, ReferenceEditPage,
  referenceFormValues, ReferencesPage,
} from '../../../templates/pages/admin/customer-tabs';
import { requireAgent } from './index';
import { assertNotAnonymised } from '../../services/privacy';
import { agentWho, currentAgent, customerOf } from './staff-access';

type Ctx = Context<AppEnv>;
type Errors = Record<string, string>;

// Form fields. Required text says what to type when it is missing altogether, not only when empty.
const required = (message: string, max: number, label: string) => z.string({ error: message }).trim().min(1, message).max(max, `Keep ${label} under ${max} characters.`);
const optional = (max: number, label: string) => z.string().trim().max(max, `Keep ${label} under ${max} characters.`).default('');
const phoneField = (label: string) =>
  z.string().trim().max(40, `Keep ${label} under 40 characters.`).refine((v) => v === '' || toE164(v) !== null, `Enter ${label} with its area code, such as (303) 555-0142, or with + and the country code.`).default('');
const optionalDate = (label: string) => z.string().trim().refine((v) => v === '' || isIsoDate(v), `Enter ${label} as a date, for example 2024-03-15.`).default('');
const frequencyField = z.string().trim().refine((v) => v === '' || (incomeFrequencies as readonly string[]).includes(v), 'Choose a frequency from the list.').default('');

const employerForm = z.object({
  name: required('Enter the employer’s name.', 120, 'the name'),
  jobTitle: optional(120, 'the job title'),
  phone: phoneField('the employer’s phone'),
  hireDate: optionalDate('the hire date'),
  income: z.string().trim().max(20, 'Enter the income in dollars, such as 4,250.00.').refine((v) => v === '' || (parseCents(v) ?? -1) >= 0, 'Enter the income in dollars and cents, such as 4,250.00 (no negative amounts).').default(''),
  incomeFrequency: frequencyField,
  nextPayDate: optionalDate('the next pay date'),
  payFrequency: frequencyField,
});

const referenceForm = z.object({
  name: required('Enter the reference’s name.', 120, 'the name'),
  relationship: required('Enter how they know the customer, such as Sister or Coworker.', 60, 'the relationship'),
  phone: phoneField('the phone number'),
  altPhone: phoneField('the alternate phone number'),
});

const noteForm = z.object({
  title: required('Enter a title for the note.', 120, 'the title'),
  category: z.string({ error: 'Choose a category.' }).trim().min(1, 'Choose a category.').max(80),
  // Line breaks count once, as the textarea counts them.
  body: z
    .string({ error: 'Write the note.' })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, 'Write the note.').max(NOTE_MAX_CHARS, `Keep the note to ${NOTE_MAX_CHARS.toLocaleString('en-US')} characters or fewer.`)),
});

const documentFields = {
  name: optional(120, 'the name'),
  category: z.string({ error: 'Choose a section.' }).trim().min(1, 'Choose a section.').max(80),
  description: optional(500, 'the description'),
  sharedWithBorrower: z.string().optional(),
};
const uploadForm = z.object({ ...documentFields, accountId: z.string().trim().max(64).default('') });
const documentEditForm = z.object({ ...documentFields, name: required('Enter a name for the document.', 120, 'the name') });

/** Outcome notices by the key in ?saved= (never the query text itself). */
const notices: Record<string, string> = {
  employer: 'The employer is saved.',
  'employer-removed': 'The employer is removed.',
  'reference-added': 'The reference is added.',
  'reference-updated': 'The reference is saved.',
  'reference-removed': 'The reference is deleted.',
  'note-added': 'The note is added.',
  'note-updated': 'The note is saved.',
  'note-removed': 'The note is deleted.',
  'document-uploaded': 'The document is uploaded.',
  'document-updated': 'The document is saved.',
  'document-deactivated': 'The document is inactive now: it can be downloaded but not edited.',
  'document-activated': 'The document is active again.',
  'payment-method-removed': 'The payment method is removed.',
  unchanged: 'Nothing was changed.',
};

const hasErrors = (errors: Errors) => Object.keys(errors).length > 0;

/** A customer's employer, references, notes, documents and payment profiles. */
export function customerTabRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/customers/*', requireAgent());

  const now = (c: Ctx) => c.get('deps').clock.now();
  const timeZone = (c: Ctx) => c.get('tenant').timeZone;
  const nonce = (c: Ctx) => c.get('secureHeadersNonce') ?? '';
  const history = (c: Ctx, customerId: string, tab: HistoryTab) => customerHistoryView(c.get('tdb'), customerId, tab, pageNumber(c.req.query('history')), timeZone(c));
  const base = (customer: Customer) => `/admin/customers/${encodeURIComponent(customer.id)}`;
  const done = (c: Ctx, customer: Customer, path: string, saved: string) => c.redirect(`${base(customer)}${path}?saved=${saved}`, 303);
  const outcome = (c: Ctx) => ({ notice: notices[c.req.query('saved') ?? ''] });
  /** Who may look (any staff), with whether they may change. */
  const viewer = async (c: Ctx) => {
    const customer = await customerOf(c);
    const agent = await currentAgent(c);
    return { customer, agent, canWrite: can(agent.role, 'customers.write') };
  };
  /** A change: the customer of this tenant first (404), then the role (403). */
  const writer = async (c: Ctx) => {
    const customer = await customerOf(c);
    const agent = await agentWho(c, 'customers.write', 'Read-only staff cannot change customers.');
    // Personal data deleted on request stays deleted: nothing is added back to the record.
    assertNotAnonymised(customer);
    return { customer, agent };
  };
  const phoneOrNull = (v: string) => (v ? toE164(v) : null);

  // ---------------------------------------------------------------- Employer
  const showEmployer = async (c: Ctx, customer: Customer, canWrite: boolean, form: { values?: Record<string, string | undefined>; errors?: Errors } = {}, status: ContentfulStatusCode = 200) => {
    const employer = await c.get('tdb').profile.employer(customer.id);
    const fields = customFieldsOf(c.get('tenant'), 'employer');
    const values = form.values ?? { ...employerFormValues(employer), ...customFieldFormValues(fields, employer?.customFields ?? {}) };
    return renderPage(
      c, 'Employer',
      <EmployerPage customer={customer} employer={employer} values={values} errors={form.errors} canWrite={canWrite} customFields={fields} nonce={nonce(c)} history={await history(c, customer.id, 'employer')} {...(status === 200 ? outcome(c) : {})} />,
      status,
    );
  };

  app.get('/customers/:id/employer', async (c) => {
    const { customer, canWrite } = await viewer(c);
    return showEmployer(c, customer, canWrite);
  });

  app.post('/customers/:id/employer', async (c) => {
    const { customer, agent } = await writer(c);
    const form = await parseForm(c, employerForm);
    const v = form.values;
    const fields = customFieldsOf(c.get('tenant'), 'employer');
    const address = readPostalAddress(v, 'employer');
    const custom = readCustomFields(fields, v);
    const errors: Errors = { ...(form.ok ? {} : form.errors), ...address.errors, ...custom.errors };
    if (!errors.income && !errors.incomeFrequency && (v.income ?? '').trim() !== '' && !(v.incomeFrequency ?? '')) errors.incomeFrequency = 'Choose how often this income is paid.';
    if (!errors.hireDate && (v.hireDate ?? '') > localDate(now(c), timeZone(c))) errors.hireDate = 'The hire date cannot be in the future.';
    if (!form.ok || hasErrors(errors)) return showEmployer(c, customer, true, { values: v, errors }, 422);
    const d = form.data;
    const changed = await saveEmployer(
      c.get('tdb'), customer.id,
      {
        name: d.name, jobTitle: d.jobTitle, phone: phoneOrNull(d.phone), hireDate: d.hireDate || null, income: d.income ? parseCents(d.income) : null,
        incomeFrequency: (d.incomeFrequency || null) as IncomeFrequency | null, nextPayDate: d.nextPayDate || null, payFrequency: (d.payFrequency || null) as IncomeFrequency | null,
        address: address.address, customFields: custom.values,
      },
      fields, agent.id, now(c),
    );
    return done(c, customer, '/employer', changed.length > 0 ? 'employer' : 'unchanged');
  });

  app.post('/customers/:id/employer/remove', async (c) => {
    const { customer, agent } = await writer(c);
    await removeEmployer(c.get('tdb'), customer.id, agent.id, now(c));
    return done(c, customer, '/employer', 'employer-removed');
  });

  // ---------------------------------------------------------------- References
  const showReferences = async (c: Ctx, customer: Customer, canWrite: boolean, form: { values?: Record<string, string>; errors?: Errors } = {}, status: ContentfulStatusCode = 200) =>
    renderPage(
      c, 'References',
      <ReferencesPage customer={customer} references={await c.get('tdb').profile.references(customer.id)} values={form.values ?? {}} errors={form.errors} canWrite={canWrite} nonce={nonce(c)} history={await history(c, customer.id, 'references')} {...(status === 200 ? outcome(c) : {})} />,
      status,
    );

  /** The reference form read whole: the fields, the address, and every problem at once. */
  const readReference = async (c: Ctx) => {
    const form = await parseForm(c, referenceForm);
    const address = readPostalAddress(form.values, 'reference');
    const errors: Errors = { ...(form.ok ? {} : form.errors), ...address.errors };
    if (!form.ok || hasErrors(errors)) return { ok: false as const, values: form.values, errors };
    const d = form.data;
    return { ok: true as const, input: { name: d.name, relationship: d.relationship, phone: phoneOrNull(d.phone), altPhone: phoneOrNull(d.altPhone), address: address.address } };
  };

  app.get('/customers/:id/references', async (c) => {
    const { customer, canWrite } = await viewer(c);
    return showReferences(c, customer, canWrite);
  });

  app.post('/customers/:id/references', async (c) => {
    const { customer, agent } = await writer(c);
    const read = await readReference(c);
    if (!read.ok) return showReferences(c, customer, true, read, 422);
    await addReference(c.get('tdb'), customer.id, read.input, agent.id, now(c));
    return done(c, customer, '/references', 'reference-added');
  });

  const showReferenceEdit = async (c: Ctx, customer: Customer, refId: string, form: { values?: Record<string, string>; errors?: Errors } = {}, status: ContentfulStatusCode = 200) => {
    const reference = await customerReference(c.get('tdb'), customer.id, refId);
    return renderPage(c, 'Edit reference', <ReferenceEditPage customer={customer} reference={reference} values={form.values ?? referenceFormValues(reference)} errors={form.errors} nonce={nonce(c)} history={await history(c, customer.id, 'references')} />, status);
  };

  app.get('/customers/:id/references/:refId/edit', async (c) => {
    const { customer } = await writer(c);
    return showReferenceEdit(c, customer, c.req.param('refId'));
  });

  app.post('/customers/:id/references/:refId/edit', async (c) => {
    const { customer, agent } = await writer(c);
    const refId = c.req.param('refId');
    await customerReference(c.get('tdb'), customer.id, refId);
    const read = await readReference(c);
    if (!read.ok) return showReferenceEdit(c, customer, refId, read, 422);
    const changed = await updateReference(c.get('tdb'), customer.id, refId, read.input, agent.id, now(c));
    return done(c, customer, '/references', changed.length > 0 ? 'reference-updated' : 'unchanged');
  });

  app.post('/customers/:id/references/:refId/remove', async (c) => {
    const { customer, agent } = await writer(c);
    await removeReference(c.get('tdb'), customer.id, c.req.param('refId'), agent.id, now(c));
    return done(c, customer, '/references', 'reference-removed');
  });

  // ---------------------------------------------------------------- Notes
  const authorsOf = async (c: Ctx) => new Map((await c.get('tdb').agents.list()).map((a) => [a.id, a.name]));

  const showNotes = async (c: Ctx, customer: Customer, canWrite: boolean, form: { values?: Record<string, string>; errors?: Errors } = {}, status: ContentfulStatusCode = 200) => {
    const filter = (c.req.query('category') ?? '').slice(0, 80);
    const [notes, authors] = await Promise.all([c.get('tdb').profile.notes(customer.id), authorsOf(c)]);
    if (status === 200 && isFragmentRequest(c) && c.req.header('hx-target') === NOTES_LIST_ID) {
      return c.html(<NotesList customer={customer} notes={filter ? notes.filter((n) => n.category === filter) : notes} authors={authors} timeZone={timeZone(c)} canWrite={canWrite} filter={filter} />);
    }
    return renderPage(
      c, 'Notes',
      <NotesPage customer={customer} notes={notes} authors={authors} categories={noteCategoriesOf(c.get('tenant'))} filter={filter} timeZone={timeZone(c)} values={form.values ?? {}} errors={form.errors} canWrite={canWrite} history={await history(c, customer.id, 'notes')} {...(status === 200 ? outcome(c) : {})} />,
      status,
    );
  };

  /** The note form; a category must be on the tenant's list, or be the one the note already has. */
  const readNote = async (c: Ctx, current?: string) => {
    const form = await parseForm(c, noteForm);
    const errors: Errors = form.ok ? {} : { ...form.errors };
    const category = (form.values.category ?? '').trim();
    if (!errors.category && !noteCategoriesOf(c.get('tenant')).includes(category) && category !== current) errors.category = 'Choose a category from the list.';
    if (!form.ok || hasErrors(errors)) return { ok: false as const, values: form.values, errors };
    return { ok: true as const, input: form.data };
  };

  app.get('/customers/:id/notes', async (c) => {
    const { customer, canWrite } = await viewer(c);
    return showNotes(c, customer, canWrite);
  });

  app.post('/customers/:id/notes', async (c) => {
    const { customer, agent } = await writer(c);
    const read = await readNote(c);
    if (!read.ok) return showNotes(c, customer, true, read, 422);
    await addNote(c.get('tdb'), customer.id, read.input, agent.id, now(c));
    return done(c, customer, '/notes', 'note-added');
  });

  const showNoteEdit = async (c: Ctx, customer: Customer, noteId: string, form: { values?: Record<string, string>; errors?: Errors } = {}, status: ContentfulStatusCode = 200) => {
    const note = await customerNote(c.get('tdb'), customer.id, noteId);
    return renderPage(c, 'Edit note', <NoteEditPage customer={customer} note={note} values={form.values ?? { title: note.title, category: note.category, body: note.body }} errors={form.errors} categories={noteCategoriesOf(c.get('tenant'))} history={await history(c, customer.id, 'notes')} />, status);
  };

  app.get('/customers/:id/notes/:noteId/edit', async (c) => {
    const { customer } = await writer(c);
    return showNoteEdit(c, customer, c.req.param('noteId'));
  });

  app.post('/customers/:id/notes/:noteId/edit', async (c) => {
    const { customer, agent } = await writer(c);
    const noteId = c.req.param('noteId');
    const note = await customerNote(c.get('tdb'), customer.id, noteId);
    const read = await readNote(c, note.category);
    if (!read.ok) return showNoteEdit(c, customer, noteId, read, 422);
    const changed = await updateNote(c.get('tdb'), customer.id, noteId, read.input, agent.id, now(c));
    return done(c, customer, '/notes', changed.length > 0 ? 'note-updated' : 'unchanged');
  });

  app.post('/customers/:id/notes/:noteId/remove', async (c) => {
    const { customer, agent } = await writer(c);
    await removeNote(c.get('tdb'), customer.id, c.req.param('noteId'), agent.id, now(c));
    return done(c, customer, '/notes', 'note-removed');
  });

  // ---------------------------------------------------------------- Documents
  const accountsOf = async (c: Ctx, customer: Customer): Promise<Account[]> => (await c.get('tdb').accounts.forCustomer(customer.id)).map((l) => l.account);

  const showDocuments = async (c: Ctx, customer: Customer, canWrite: boolean, form: { values?: Record<string, string>; errors?: Errors; error?: string } = {}, status: ContentfulStatusCode = 200) => {
    const statusFilter = ['active', 'inactive'].includes(c.req.query('status') ?? '') ? c.req.query('status')! : '';
    const [documents, accounts, uploaders] = await Promise.all([c.get('tdb').documents.forCustomer(customer.id), accountsOf(c, customer), authorsOf(c)]);
    return renderPage(
      c, 'Documents',
      <DocumentsPage
        customer={customer} documents={documents} accounts={accounts} categories={documentCategoriesOf(c.get('tenant'))} uploaders={uploaders} maxBytes={c.get('deps').config.MAX_UPLOAD_BYTES}
        status={statusFilter} timeZone={timeZone(c)} values={form.values ?? {}} errors={form.errors} canWrite={canWrite} history={await history(c, customer.id, 'documents')}
        error={form.error} {...(status === 200 ? outcome(c) : {})}
      />,
      status,
    );
  };

  app.get('/customers/:id/documents', async (c) => {
    const { customer, canWrite } = await viewer(c);
    return showDocuments(c, customer, canWrite);
  });

  app.post('/customers/:id/documents', async (c) => {
    const { customer, agent } = await writer(c);
    const form = await parseForm(c, uploadForm);
    const v = form.values;
    const errors: Errors = form.ok ? {} : { ...form.errors };
    if (!errors.category && !documentCategoriesOf(c.get('tenant')).includes((v.category ?? '').trim())) errors.category = 'Choose a section from the list.';
    const accounts = await accountsOf(c, customer);
    const account = v.accountId ? accounts.find((a) => a.id === v.accountId) : null;
    if (account === undefined) errors.accountId = 'Choose one of this customer’s accounts, or none.';
    if (v.sharedWithBorrower === 'on' && !v.accountId && !errors.accountId) errors.sharedWithBorrower = 'Borrowers see documents on an account’s page: choose an account to share it on, or leave it unshared.';
    const file = await uploadedFile(c, 'file');
    const fileProblem = file ? uploadProblem(file, c.get('deps').config.MAX_UPLOAD_BYTES) : 'Choose a file to upload.';
    if (fileProblem) errors.file = fileProblem;
    if (!form.ok || !file || account === undefined || hasErrors(errors)) return showDocuments(c, customer, true, { values: v, errors }, 422);
    const d = form.data;
    try {
      await uploadCustomerDocument(
        c.get('tdb'), c.get('deps').files,
        { customerId: customer.id, account, category: d.category, name: d.name || file.name.replace(/\.[^.]*$/, '') || 'Document', description: d.description, fileName: file.name, bytes: file.bytes, sharedWithBorrower: d.sharedWithBorrower === 'on' },
        { maxBytes: c.get('deps').config.MAX_UPLOAD_BYTES }, agent.id, now(c),
      );
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'invalid') return showDocuments(c, customer, true, { values: v, errors: { file: error.message } }, 422);
      throw error;
    }
    return done(c, customer, '/documents', 'document-uploaded');
  });

  // Served as an attachment with the type found in the content, never rendered in our origin.
  app.get('/customers/:id/documents/:docId/download', async (c) => {
    const customer = await customerOf(c);
    await currentAgent(c);
    const doc = await customerDocument(c.get('tdb'), customer.id, c.req.param('docId'));
    return documentDownload(c, doc);
  });

  const showDocumentEdit = async (c: Ctx, customer: Customer, docId: string, form: { values?: Record<string, string>; errors?: Errors } = {}, status: ContentfulStatusCode = 200) => {
    const doc = await customerDocument(c.get('tdb'), customer.id, docId);
    // An inactive document is not edited: the list says why, with the way back (make it active).
    if (!doc.active) return showDocuments(c, customer, true, { error: inactiveRefusal(doc) }, 409);
    const account = doc.accountId ? ((await c.get('tdb').accounts.find(doc.accountId))?.displayId ?? null) : null;
    return renderPage(c, 'Edit document', <DocumentEditPage customer={customer} doc={doc} account={account} values={form.values ?? documentFormValues(doc)} errors={form.errors} categories={documentCategoriesOf(c.get('tenant'))} history={await history(c, customer.id, 'documents')} />, status);
  };

  app.get('/customers/:id/documents/:docId/edit', async (c) => {
    const { customer } = await writer(c);
    return showDocumentEdit(c, customer, c.req.param('docId'));
  });

  app.post('/customers/:id/documents/:docId/edit', async (c) => {
    const { customer, agent } = await writer(c);
    const docId = c.req.param('docId');
    const doc = await customerDocument(c.get('tdb'), customer.id, docId);
    if (!doc.active) return showDocuments(c, customer, true, { error: inactiveRefusal(doc) }, 409);
    const form = await parseForm(c, documentEditForm);
    const errors: Errors = form.ok ? {} : { ...form.errors };
    const category = (form.values.category ?? '').trim();
    if (!errors.category && !documentCategoriesOf(c.get('tenant')).includes(category) && category !== doc.category) errors.category = 'Choose a section from the list.';
    if (!form.ok || hasErrors(errors)) return showDocumentEdit(c, customer, docId, { values: form.values, errors }, 422);
    // A borrower's own upload is always theirs to see: sharing applies to staff documents only.
    const shared = doc.uploadedByType === 'agent' ? form.data.sharedWithBorrower === 'on' : doc.sharedWithBorrower;
    const result = await updateCustomerDocument(c.get('tdb'), customer.id, docId, { name: form.data.name, category: form.data.category, description: form.data.description, sharedWithBorrower: shared }, agent.id, now(c));
    if (!result.ok) return showDocumentEdit(c, customer, docId, { values: form.values, errors: result.errors }, 422);
    return done(c, customer, '/documents', result.changed.length > 0 ? 'document-updated' : 'unchanged');
  });

  for (const [path, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/customers/:id/documents/:docId/${path}`, async (c) => {
      const { customer, agent } = await writer(c);
      const { changed } = await setDocumentActive(c.get('tdb'), customer.id, c.req.param('docId'), active, agent.id, now(c));
      return done(c, customer, '/documents', changed ? (active ? 'document-activated' : 'document-deactivated') : 'unchanged');
    });
  }

  // ---------------------------------------------------------------- Payment profiles
  const showProfiles = async (c: Ctx, customer: Customer, canWrite: boolean, extra: { error?: string } = {}, status: ContentfulStatusCode = 200) =>
    renderPage(
      c, 'Payment profiles',
      <PaymentProfilesPage customer={customer} profiles={await paymentProfiles(c.get('tdb'), customer.id)} canWrite={canWrite} timeZone={timeZone(c)} history={await history(c, customer.id, 'payment-profiles')} error={extra.error} {...(status === 200 ? outcome(c) : {})} />,
      status,
    );

  app.get('/customers/:id/payment-profiles', async (c) => {
    const { customer, canWrite } = await viewer(c);
    return showProfiles(c, customer, canWrite);
  });

  app.post('/customers/:id/payment-profiles/:methodId/remove', async (c) => {
    const { customer, agent } = await writer(c);
    try {
      await removeCustomerPaymentMethod(c.get('tdb'), customer.id, c.req.param('methodId'), agent.id, now(c));
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showProfiles(c, customer, true, { error: error.message }, 409);
      throw error;
    }
    return done(c, customer, '/payment-profiles', 'payment-method-removed');
  });

  return app;
}

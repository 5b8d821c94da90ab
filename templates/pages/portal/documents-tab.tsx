import type { Account, DocumentRow } from '../../../src/db/schema';
import { Field } from '../../components/field';
import { localDate } from '../../../src/domain/dates';
import { formatDay as day, formatFileSize } from '../../../src/lib/format';
import { ACCOUNT_TAB_ID, TabPanel } from './account';

export interface UploadForm {
  values?: Record<string, string> | undefined;
  errors?: Record<string, string> | undefined;
  notice?: string | undefined;
}


/** Documents on an account: what the lender shared, the borrower's own, and the upload form. */
export function DocumentsTab({ account, documents, categories, maxBytes, timeZone, form = {} }: { account: Account; documents: DocumentRow[]; categories: string[]; maxBytes: number; timeZone: string; form?: UploadForm }) {
  const base = `/accounts/${encodeURIComponent(account.displayId)}/documents`;
  const v = form.values ?? {};
  const e = form.errors ?? {};
  const hasErrors = Object.keys(e).length > 0;
  return (
    <TabPanel label="Documents">
      {form.notice ? (
        <p class="alert alert-success" role="status">
          {form.notice}
        </p>
      ) : null}
      {documents.length === 0 ? (
        <p class="muted">No documents on this account yet.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Documents, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Category</th>
              <th scope="col">From</th>
              <th scope="col">Added</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr>
                <td data-label="Name">
                  {d.name}
                  {d.description ? <div class="muted">{d.description}</div> : null}
                </td>
                <td data-label="Category">{d.category}</td>
                <td data-label="From">{d.uploadedByType === 'agent' ? 'Your lender' : 'You'}</td>
                <td data-label="Added">{day(localDate(d.createdAt, timeZone))}</td>
                <td data-label="File">
                  <a href={`${base}/${encodeURIComponent(d.id)}`} download aria-label={`Download ${d.name} (${formatFileSize(d.size)})`}>
                    Download
                  </a>{' '}
                  <span class="muted">{formatFileSize(d.size)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details open={hasErrors || undefined}>
        <summary>Upload a document</summary>
        <form method="post" action={base} enctype="multipart/form-data" hx-post={base} hx-encoding="multipart/form-data" hx-target={`#${ACCOUNT_TAB_ID}`} hx-swap="outerHTML" novalidate data-upload-form data-max-bytes={String(maxBytes)}>
          {hasErrors ? (
            <p class="alert alert-error" role="alert">
              Please check the form: {Object.values(e).join(' ')}
            </p>
          ) : null}
          <div class={`field drop-zone${e.file ? ' field-invalid' : ''}`} data-drop-zone>
            <label for="f-file">File</label>
            <p class="hint" id="f-file-hint">
              Drag a file here or choose one. PDF, PNG, JPEG, HEIC, WebP or TIFF, up to {formatFileSize(maxBytes)}.
              {hasErrors ? ' For your security, choose the file again.' : ''}
            </p>
            <input id="f-file" name="file" type="file" required accept=".pdf,.png,.jpg,.jpeg,.heic,.heif,.webp,.tif,.tiff,application/pdf,image/*" aria-describedby={`f-file-hint${e.file ? ' f-file-error' : ''}`} aria-invalid={e.file ? 'true' : undefined} />
            <p class="drop-status muted" data-drop-status aria-live="polite"></p>
            {e.file ? (
              <p class="field-error" id="f-file-error">
                {e.file}
              </p>
            ) : null}
          </div>
          <div class={`field${e.category ? ' field-invalid' : ''}`}>
            <label for="f-category">Category</label>
            <select id="f-category" name="category" required aria-invalid={e.category ? 'true' : undefined} aria-describedby={e.category ? 'f-category-error' : undefined}>
              <option value="">Choose a category</option>
              {categories.map((cat) => (
                <option value={cat} selected={v.category === cat}>
                  {cat}
                </option>
              ))}
            </select>
            {e.category ? (
              <p class="field-error" id="f-category-error">
                {e.category}
              </p>
            ) : null}
          </div>
          <Field name="name" label="Name" value={v.name} error={e.name} required maxlength={120} hint="For example: March pay stub" />
          <Field name="description" label="Description (optional)" value={v.description} error={e.description} maxlength={500} multiline />
          <button type="submit">Upload</button>
          <p class="htmx-indicator muted" role="status">
            Uploading…
          </p>
        </form>
      </details>
    </TabPanel>
  );
}

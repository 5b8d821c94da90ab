import { beforeAll, describe, expect, it } from 'vitest';
import { secretsOf } from '../../src/env';
import { fixedClock } from '../../src/lib/clock';
import { createPasswordLink } from '../../src/services/sign-in';
import { useDemoHost } from '../support/demo-host';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const NOT_A_PDF = new TextEncoder().encode('just text, not a PDF');

function multipart(fields: Record<string, string>, file?: { field: string; name: string; bytes: Uint8Array }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(file.field, new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: 'application/octet-stream' }));
  return form;
}

/** A form sent back lists every problem at once: the file's with the other fields', not one after another. */
describe('forms list every error at once', () => {
  const clock = fixedClock('2026-11-22T15:00:00Z');
  const env = useDemoHost({ clock });
  let jordan: string;
  beforeAll(async () => {
    jordan = await env.signInBorrower();
  });

  it('a borrower’s upload: a missing category and a file that is not what it says, together', async () => {
    const res = await env.client()('/accounts/AL-204817/documents', { cookie: jordan, multipart: multipart({ category: '', name: 'Pay stub' }, { field: 'file', name: 'stub.pdf', bytes: NOT_A_PDF }) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="f-category-error">Choose a category.</p>');
    expect(html).toContain('its content is not a PDF');
    expect(html).toContain('value="Pay stub"');
  });

  it('a borrower’s insurance: a missing policy number and a bad proof document, together', async () => {
    const page = await (await env.client()('/accounts/AL-204817/collateral', { cookie: jordan })).text();
    const action = /action="(\/accounts\/AL-204817\/collateral\/[^"]+\/insurance)"/.exec(page)![1]!;
    const res = await env.client()(action, { cookie: jordan, multipart: multipart({ carrier: 'Typed Carrier', policyNumber: '', coverageStart: '2026-01-01', coverageEnd: '2027-01-01' }, { field: 'proof', name: 'proof.pdf', bytes: NOT_A_PDF }) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter the policy number.');
    expect(html).toContain('its content is not a PDF');
    expect(html).toContain('value="Typed Carrier"');
  });

  it('a borrower’s new password: a wrong current one, a weak new one and a confirmation that differs, together', async () => {
    const res = await env.client()('/security/password', { cookie: jordan, form: { current: 'not-my-password', password: 'short', confirm: 'shorter' } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="f-current-error">That is not your current password.</p>');
    expect(html).toMatch(/<p class="field-error" id="f-password-error">[^<]+<\/p>/);
    expect(html).toContain('The two passwords are not the same.');
    // Listed together above the form too.
    expect(html).toMatch(/<div class="alert alert-error" role="alert"><p class="alert-title">Please check the form<\/p><p>That is not your current password\.<\/p><p>[^<]+<\/p><p>The two passwords are not the same\.<\/p><\/div>/);
  });

  it('choosing a password from a link: a weak one and a confirmation that differs, together', async () => {
    const token = await createPasswordLink(env.tdb(), secretsOf(env.host.deps.config).tokenSecret, { type: 'customer', id: env.demo.borrower.id }, 'password-reset', clock.now(), 30);
    const res = await env.client()('/reset', { form: { token, password: 'password', confirm: 'passwort' } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('That password is too common');
    expect(html).toContain('<p class="field-error" id="f-confirm-error">The two passwords are not the same.</p>');
  });

  it('staff uploading for a customer: a missing section and a file of a kind not kept, together', async () => {
    const agent = await env.staffSession('agent');
    const res = await env.client()(`/admin/customers/${env.demo.borrower.id}/documents`, { cookie: agent, multipart: multipart({ name: 'Program', category: '', accountId: '' }, { field: 'file', name: 'run.exe', bytes: PDF }) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Choose a section');
    expect(html).toContain('Only PDF, PNG, JPEG, HEIC, WebP and TIFF files can be uploaded.');
  });
});

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, tenants as tenantsTable } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { secretsOf } from '../../src/env';
import { sandboxCardDetails, sandboxCardToken } from '../../src/integrations/card-vault/sandbox';
import { fixedClock } from '../../src/lib/clock';
import { storeDocument } from '../../src/services/documents';
import { issueCard } from '../../src/services/servicing';
import { DEMO } from '../../src/services/seed';
import { FIXTURE_PASSWORD } from '../support/fixtures';
import { sessionTokenOf, tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>');

function upload(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type?: string }, field = 'file'): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(field, new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
  return form;
}

describe('documents, insurance and cards in the borrower portal', () => {
  const clock = fixedClock('2026-11-22T15:00:00Z');
  // A small upload limit, so the size check is reachable with small test files.
  const env = useDemoHost({ clock, config: { MAX_UPLOAD_BYTES: '4096' } });
  const demoClient = env.client;
  let host: NodeTestHost;
  let demo: Demo;
  let jordan: string;
  const htmx = (target: string) => ({ 'hx-request': 'true', 'hx-target': target });

  beforeAll(async () => {
    ({ host, demo } = env);
    jordan = await env.signInBorrower();
  });

  const audits = async (action: string) => (await host.db.select().from(auditLog).where(eq(auditLog.action, action))).filter((a) => a.tenantId === demo.tenant.id);

  describe('documents', () => {
    it('lists what the lender shared and serves it as an attachment, never inline', async () => {
      const res = await demoClient()('/accounts/AL-204817/documents', { cookie: jordan });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Welcome to Sunrise Lending');
      expect(html).toContain('Your lender');
      expect(html).toContain('>Documents</a>');
      const link = /href="(\/accounts\/AL-204817\/documents\/[^"]+)"/.exec(html)![1]!;
      const file = await demoClient()(link, { cookie: jordan });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="Welcome to Sunrise Lending\.pdf"; filename\*=UTF-8''Welcome%20to%20Sunrise%20Lending\.pdf$/);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-security-policy')).toContain('sandbox');
      expect(new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
      // Lines of credit and cards have the tab too.
      expect(await (await demoClient()('/accounts/LC-550921/documents', { cookie: jordan })).text()).toContain('Your line of credit agreement summary');
      expect((await demoClient()('/accounts/CC-907355/documents', { cookie: jordan })).status).toBe(200);
    });

    it('uploads a file by its real type, lists it and gives the same bytes back', async () => {
      const res = await demoClient()('/accounts/PL-118342/documents', {
        cookie: jordan,
        headers: htmx('account-tab'),
        multipart: upload({ category: 'Proof of income', name: 'October pay stub', description: 'From Acme Corp' }, { name: 'stub.pdf', bytes: PDF, type: 'text/html' }),
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('<html');
      expect(html).toContain('Uploaded “October pay stub”');
      expect(html).toContain('From Acme Corp');
      const link = /href="(\/accounts\/PL-118342\/documents\/[^"]+)"/.exec(html)![1]!;
      const file = await demoClient()(link, { cookie: jordan });
      // The browser said text/html; the content says PDF, and PDF is what is served.
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
      const [entry] = await audits('document.uploaded');
      expect(entry).toMatchObject({ actorType: 'customer', entityType: 'customer' });
      // The upload belongs to its account: through another account's address it is not found.
      expect((await demoClient()(link.replace('PL-118342', 'AL-204817'), { cookie: jordan })).status).toBe(404);
    });

    it('refuses bad uploads with the reason in the form, keeping what was typed', async () => {
      const post = (form: FormData) => demoClient()('/accounts/PL-118342/documents', { cookie: jordan, headers: htmx('account-tab'), multipart: form });
      const fields = { category: 'Bank statement', name: 'My statement', description: 'Keep me' };

      const disguised = await post(upload(fields, { name: 'statement.pdf', bytes: PNG }));
      expect(disguised.status).toBe(422);
      const html = await disguised.text();
      expect(html).toContain('name says .pdf but its content is not a PDF');
      expect(html).toContain('value="My statement"');
      expect(html).toContain('Keep me</textarea>');
      expect(html).toMatch(/<option value="Bank statement" selected/);

      const script = await post(upload(fields, { name: 'page.html', bytes: HTML }));
      expect(script.status).toBe(422);
      expect(await script.text()).toContain('Only PDF, PNG, JPEG, HEIC, WebP and TIFF files can be uploaded');

      const big = new Uint8Array(5000);
      big.set(PDF);
      const tooBig = await post(upload(fields, { name: 'big.pdf', bytes: big }));
      expect(tooBig.status).toBe(422);
      expect(await tooBig.text()).toMatch(/the limit is/);

      const noFile = await post(upload(fields));
      expect(noFile.status).toBe(422);
      expect(await noFile.text()).toContain('Choose a file to upload.');

      const noCategory = await post(upload({ ...fields, category: '' }, { name: 'a.pdf', bytes: PDF }));
      expect(await noCategory.text()).toContain('Choose a category.');
      const otherCategory = await post(upload({ ...fields, category: 'Tax secrets' }, { name: 'a.pdf', bytes: PDF }));
      expect(otherCategory.status).toBe(422);
      expect(await otherCategory.text()).toContain('Choose a category from the list.');
      // Nothing refused was stored.
      const tdb = forTenant(host.db, demo.tenant.id);
      const pl = (await tdb.accounts.findByDisplayId('PL-118342'))!;
      const names = (await tdb.documents.forBorrowerAccount(pl.id, demo.borrower.id)).map((d) => d.name);
      expect(names).not.toContain('My statement');
    });

    it('answers a body far over the upload limit with 413', async () => {
      const huge = new Uint8Array(4096 + 80_000);
      huge.set(PDF);
      const res = await demoClient()('/accounts/PL-118342/documents', { cookie: jordan, multipart: upload({ category: 'Other', name: 'x' }, { name: 'huge.pdf', bytes: huge }) });
      expect(res.status).toBe(413);
    });

    it("keeps a co-borrower's and another tenant's documents out of reach", async () => {
      const tdb = forTenant(host.db, demo.tenant.id);
      const auto = (await tdb.accounts.findByDisplayId('AL-204817'))!;
      // A private staff document on Jordan's own account is not shown until shared.
      const staffOnly = await storeDocument(tdb, host.deps.files, { customerId: demo.borrower.id, accountId: auto.id, category: 'Other', name: 'Underwriting notes', description: '', fileName: 'notes.pdf', bytes: PDF, uploadedBy: { type: 'agent', id: demo.owner.id }, sharedWithBorrower: false }, { maxBytes: 10_000 }, clock.now());
      expect(await (await demoClient()('/accounts/AL-204817/documents', { cookie: jordan })).text()).not.toContain('Underwriting notes');
      expect((await demoClient()(`/accounts/AL-204817/documents/${staffOnly.id}`, { cookie: jordan })).status).toBe(404);

      // Tenant bravo's document, asked for through alpha's account of the same number.
      const bravo = forTenant(host.db, host.fixtures.bravo.id);
      const bravoLoan = (await bravo.accounts.findByDisplayId('FX-1'))!;
      const bravoPat = (await bravo.accounts.links(bravoLoan.id))[0]!;
      const bravoDoc = await storeDocument(bravo, host.deps.files, { customerId: bravoPat.customerId, accountId: bravoLoan.id, category: 'Other', name: 'Bravo private', description: '', fileName: 'b.pdf', bytes: PDF, uploadedBy: { type: 'agent', id: 'x' }, sharedWithBorrower: true }, { maxBytes: 10_000 }, clock.now());
      const alphaPat = sessionTokenOf(await tenantClient(host.app, 'alpha')('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD } }));
      const alpha = tenantClient(host.app, 'alpha');
      expect((await alpha(`/accounts/FX-1/documents/${bravoDoc.id}`, { cookie: alphaPat })).status).toBe(404);
      expect(await (await alpha('/accounts/FX-1/documents', { cookie: alphaPat })).text()).not.toContain('Bravo private');
      // And Jordan's session opens nothing on alpha's host.
      expect((await alpha('/accounts/AL-204817/documents', { cookie: jordan })).status).toBe(303);
    });
  });

  describe('insurance', () => {
    it('updates the policy with a proof document, shown on the collateral tab', async () => {
      const page = await (await demoClient()('/accounts/AL-204817/collateral', { cookie: jordan })).text();
      const action = /action="(\/accounts\/AL-204817\/collateral\/[^"]+\/insurance)"/.exec(page)![1]!;
      expect(page).toContain('Update insurance');
      expect(page).toContain('value="Granite State Mutual"'); // the form starts from the policy on file
      const res = await demoClient()(action, {
        cookie: jordan,
        headers: htmx('account-tab'),
        multipart: upload(
          { carrier: 'Front Range Auto Insurance', policyNumber: 'FR-99-1234', coverageStart: '2026-11-01', coverageEnd: '2027-05-01', agentName: 'Sam Lee', agentPhone: '(720) 555-0199', agentEmail: 'sam@frontrange.example' },
          { name: 'id-card.png', bytes: PNG },
          'proof',
        ),
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('your insurance is saved');
      expect(html).toContain('Front Range Auto Insurance');
      expect(html).toContain('FR-99-1234');
      expect(html).toContain('Sam Lee, (720) 555-0199, sam@frontrange.example');
      const proof = /href="(\/accounts\/AL-204817\/documents\/[^"]+)"[^>]*>\s*Download proof of insurance/.exec(html)![1]!;
      const file = await demoClient()(proof, { cookie: jordan });
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
      expect(await audits('insurance.recorded')).toHaveLength(1);
    });

    it('keeps the form and explains what is wrong', async () => {
      const page = await (await demoClient()('/accounts/AL-204817/collateral', { cookie: jordan })).text();
      const action = /action="(\/accounts\/AL-204817\/collateral\/[^"]+\/insurance)"/.exec(page)![1]!;
      const res = await demoClient()(action, {
        cookie: jordan,
        headers: htmx('account-tab'),
        multipart: upload({ carrier: 'Typed Carrier', policyNumber: '', coverageStart: '2027-01-01', coverageEnd: '2026-01-01', agentEmail: 'not-an-email' }),
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('Enter the policy number.');
      expect(html).toContain('Coverage must end after it starts.');
      expect(html).toContain('Enter an email address such as name@example.com.');
      expect(html).toContain('value="Typed Carrier"');
      const bad = await demoClient()(action, { cookie: jordan, multipart: upload({ carrier: 'C', policyNumber: 'P', coverageStart: '2026-01-01', coverageEnd: '2027-01-01' }, { name: 'x.pdf', bytes: HTML }, 'proof') });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('content is not a PDF');
      // Collateral of another account, or none at all, is not found.
      expect((await demoClient()('/accounts/PL-118342/collateral/x/insurance', { cookie: jordan, multipart: upload({ carrier: 'C' }) })).status).toBe(404);
      expect((await demoClient()('/accounts/LC-550921/collateral/x/insurance', { cookie: jordan, multipart: upload({ carrier: 'C' }) })).status).toBe(404);
    });
  });

  describe('cards', () => {
    const cardPage = async () => (await demoClient()('/accounts/CC-907355', { cookie: jordan })).text();
    const cardIdOf = (html: string, action: 'activate' | 'reveal') => new RegExp(`/accounts/CC-907355/cards/([^/"]+)/${action}`).exec(html)?.[1];

    it('shows the pending card masked with "Activate now", activates with the SSN on file, then reveals the number after the password', async () => {
      const page = await cardPage();
      expect(page).toContain('Pending Activation');
      expect(page).toContain('Activate now');
      expect(page).toMatch(/•••• •••• •••• \d{4}/);
      expect(cardIdOf(page, 'reveal')).toBeUndefined(); // an inactive card has no number to show
      const cardId = cardIdOf(page, 'activate')!;
      const post = (what: 'activate' | 'reveal', form: Record<string, string>) => demoClient()(`/accounts/CC-907355/cards/${cardId}/${what}`, { cookie: jordan, form, headers: htmx('card-panel') });

      const invalid = await post('activate', { ssn: '12-34' });
      expect(invalid.status).toBe(422);
      expect(await invalid.text()).toContain('Enter the nine digits');
      const wrong = await post('activate', { ssn: '234-56-7890' });
      expect(wrong.status).toBe(422);
      const wrongHtml = await wrong.text();
      expect(wrongHtml).not.toContain('<html');
      expect(wrongHtml).toContain('does not match the one we have. 2 tries left.');
      const right = await post('activate', { ssn: DEMO.borrower.ssn });
      expect(right.status).toBe(200);
      const active = await right.text();
      expect(active).toContain('Your card is active');
      expect(active).toContain('>Active</span>');
      expect(active).not.toContain('Activate now');

      const tdb = forTenant(host.db, demo.tenant.id);
      const card = (await tdb.cards.find(cardId))!;
      expect(card).toMatchObject({ status: 'Active', activationFailures: 0 });
      const expected = await sandboxCardDetails(secretsOf(host.deps.config).tokenSecret, card.vaultToken);

      const badPassword = await post('reveal', { password: 'not-it' });
      expect(badPassword.status).toBe(422);
      const badHtml = await badPassword.text();
      expect(badHtml).toContain('That is not your password.');
      expect(badHtml).not.toContain(expected.pan.slice(0, 6) + ' ');
      const shown = await post('reveal', { password: DEMO.borrower.password });
      expect(shown.status).toBe(200);
      const shownHtml = await shown.text();
      expect(shownHtml).toContain(expected.pan.replace(/(\d{4})(?=\d)/g, '$1 '));
      expect(shown.headers.get('cache-control')).toBe('no-store');
      expect(await audits('card.number-revealed')).toHaveLength(1);
      expect(await audits('card.activated')).toHaveLength(1);
      // Neither the number nor the SSN is written anywhere we keep.
      const everything = JSON.stringify(await host.db.select().from(auditLog));
      expect(everything).not.toContain(expected.pan);
      expect(everything).not.toContain('123456789');
    });

    it('locks online activation after three numbers that do not match', async () => {
      const tdb = forTenant(host.db, demo.tenant.id);
      const account = (await tdb.accounts.findByDisplayId('CC-907355'))!;
      const token = sandboxCardToken();
      const details = await sandboxCardDetails(secretsOf(host.deps.config).tokenSecret, token);
      const cardId = await issueCard(tdb, { accountId: account.id, vaultToken: token, last4: details.last4, expiryMonth: details.expiryMonth, expiryYear: details.expiryYear, nameOnCard: 'JORDAN RIVERA', status: 'Pending Activation' }, clock.now());
      const post = (ssn: string) => demoClient()(`/accounts/CC-907355/cards/${cardId}/activate`, { cookie: jordan, form: { ssn } });
      expect(await (await post('111-22-3333')).text()).toContain('2 tries left');
      expect(await (await post('111-22-3334')).text()).toContain('One try left');
      expect(await (await post('111-22-3335')).text()).toContain('Online activation is locked');
      // Locked: even the right number no longer activates it online.
      const after = await post(DEMO.borrower.ssn);
      expect(after.status).toBe(422);
      expect(await after.text()).toContain('Online activation is locked');
      expect((await tdb.cards.find(cardId))!.status).toBe('Pending Activation');
    });

    it('answers 404 for cards that are not on this account and for accounts without cards', async () => {
      const page = await cardPage();
      const cardId = cardIdOf(page, 'reveal')!;
      expect((await demoClient()(`/accounts/LC-550921/cards/${cardId}/reveal`, { cookie: jordan, form: { password: DEMO.borrower.password } })).status).toBe(404);
      expect((await demoClient()('/accounts/CC-907355/cards/not-a-card/reveal', { cookie: jordan, form: { password: DEMO.borrower.password } })).status).toBe(404);
      const alphaPat = sessionTokenOf(await tenantClient(host.app, 'alpha')('/login', { form: { email: 'pat@alpha.example', password: FIXTURE_PASSWORD } }));
      expect((await tenantClient(host.app, 'alpha')(`/accounts/FX-1/cards/${cardId}/reveal`, { cookie: alphaPat, form: { password: FIXTURE_PASSWORD } })).status).toBe(404);
    });
  });

  describe('when the lender hides documents', () => {
    it('drops the tab, and its addresses answer 404', async () => {
      await host.db.update(tenantsTable).set({ settings: { ...demo.tenant.settings, portal: { sections: { documents: false } } } }).where(eq(tenantsTable.id, demo.tenant.id));
      // The tenant directory caches tenants for a few seconds; a fresh app sees the change at once.
      const { createApp } = await import('../../src/app');
      const app = createApp(host.deps);
      const get = (path: string) => tenantClient(app, 'demo')(path, { cookie: jordan });
      expect(await (await get('/accounts/AL-204817/summary')).text()).not.toContain('>Documents</a>');
      expect((await get('/accounts/AL-204817/documents')).status).toBe(404);
      const res = await tenantClient(app, 'demo')('/accounts/AL-204817/documents', { cookie: jordan, multipart: upload({ category: 'Other', name: 'x' }, { name: 'a.pdf', bytes: PDF }) });
      expect(res.status).toBe(404);
    });
  });
});

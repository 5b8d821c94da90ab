import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { auditLog, tenants, type CustomField } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { storeDocument } from '../../src/services/documents';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

const PDF = new TextEncoder().encode('%PDF-1.4\n% a small test document\n%%EOF\n');
const employerFields: CustomField[] = [
  { id: 'union', label: 'Union member', type: 'yes-no', appliesTo: 'employer' },
  { id: 'badge', label: 'Badge number', type: 'number', appliesTo: 'employer' },
];

type HistoryRow = { action: string; actor: { type: string; id: string }; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

describe("a customer's employer, references, notes, documents and payment profiles (staff)", () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  // A small upload limit, so the size refusal is reachable with small files.
  const env = useDemoHost({ clock, config: { MAX_UPLOAD_BYTES: '4096' } });
  let host: NodeTestHost;
  let demo: Demo;
  let client: ReturnType<typeof tenantClient>;
  const sessions = {} as Record<'owner' | 'manager' | 'agent' | 'read_only', string>;
  let customerPath: string;
  // Rows of the demo customer that the access tests aim at.
  const own = {} as { reference: string; note: string; document: string; method: string };
  // Rows of other customers: another customer of the demo tenant, and a customer of tenant alpha.
  const sams = {} as { customer: string; reference: string; note: string; document: string; method: string };
  const alphas = {} as { reference: string; note: string; document: string; method: string; session: string };

  const audits = async (action: string) =>
    (await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, action)))).filter((a) => a.entityId === demo.borrower.id);
  const historyOf = async (tab: string): Promise<HistoryRow[]> => {
    const res = await client(`${customerPath}/history.json?tab=${tab}`, { cookie: sessions.agent });
    expect(res.status).toBe(200);
    return ((await res.json()) as { history: HistoryRow[] }).history;
  };
  const multipart = (fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
    return form;
  };

  beforeAll(async () => {
    ({ host, demo } = env);
    // The tenant's own employer custom fields; a fresh app, as the tenant directory caches settings.
    await host.db.update(tenants).set({ settings: { ...demo.tenant.settings, customFields: employerFields } }).where(eq(tenants.id, demo.tenant.id));
    client = tenantClient(createApp(host.deps), 'demo');
    for (const role of ['owner', 'manager', 'agent', 'read_only'] as const) sessions[role] = await env.staffSession(role);
    customerPath = `/admin/customers/${demo.borrower.id}`;
    const now = clock.now();
    const tdb = env.tdb();
    const auto = (await tdb.accounts.findByDisplayId('AL-204817'))!;

    own.reference = (await tdb.profile.addReference(demo.borrower.id, { name: 'Casey Rivera', relationship: 'Sister', phone: '+13035550111' }, now)).id;
    own.note = (await tdb.profile.addNote(demo.borrower.id, { title: 'Called about due date', category: 'General', body: 'Asked to move the due date.', authorAgentId: demo.owner.id }, now)).id;
    own.document = (await storeDocument(tdb, host.deps.files, { customerId: demo.borrower.id, accountId: auto.id, category: 'Other', name: 'Title copy', description: '', fileName: 'title.pdf', bytes: PDF, uploadedBy: { type: 'agent', id: demo.owner.id }, sharedWithBorrower: false }, { maxBytes: 4096 }, now)).id;
    own.method = newId();
    await tdb.paymentMethods.add({ id: own.method, customerId: demo.borrower.id, kind: 'card', processor: 'sandbox', processorToken: `tok_${newId()}`, cardBrand: 'Visa', expiryMonth: 4, expiryYear: 2031, last4: '4242', holderName: 'Jordan Rivera', isDefault: true }, now);

    // Another customer of the same lender, with rows of their own.
    const sam = await tdb.customers.create({ firstName: 'Sam', lastName: 'Other', email: `sam-${newId()}@example.com` }, now);
    sams.customer = sam.id;
    sams.reference = (await tdb.profile.addReference(sam.id, { name: 'Sam ref', relationship: 'Friend' }, now)).id;
    sams.note = (await tdb.profile.addNote(sam.id, { title: 'Sam note', category: 'General', body: 'x', authorAgentId: demo.owner.id }, now)).id;
    sams.document = (await storeDocument(tdb, host.deps.files, { customerId: sam.id, accountId: null, category: 'Other', name: 'Sam doc', description: '', fileName: 'sam.pdf', bytes: PDF, uploadedBy: { type: 'agent', id: demo.owner.id }, sharedWithBorrower: false }, { maxBytes: 4096 }, now)).id;
    sams.method = newId();
    await tdb.paymentMethods.add({ id: sams.method, customerId: sam.id, kind: 'card', processor: 'sandbox', processorToken: `tok_${newId()}`, cardBrand: 'Visa', expiryMonth: 1, expiryYear: 2030, last4: '1111', holderName: 'Sam Other', isDefault: true }, now);

    // Tenant alpha: its customer's rows, and one of its agents.
    const alpha = forTenant(host.db, host.fixtures.alpha.id);
    const fx = (await alpha.accounts.findByDisplayId('FX-1'))!;
    const pat = (await alpha.accounts.links(fx.id))[0]!.customerId;
    alphas.reference = (await alpha.profile.addReference(pat, { name: 'Alpha ref', relationship: 'Friend' }, now)).id;
    alphas.note = (await alpha.profile.addNote(pat, { title: 'Alpha note', category: 'General', body: 'x', authorAgentId: 'x' }, now)).id;
    alphas.document = (await storeDocument(alpha, host.deps.files, { customerId: pat, accountId: fx.id, category: 'Other', name: 'Alpha doc', description: '', fileName: 'a.pdf', bytes: PDF, uploadedBy: { type: 'agent', id: 'x' }, sharedWithBorrower: false }, { maxBytes: 4096 }, now)).id;
    alphas.method = newId();
    await alpha.paymentMethods.add({ id: alphas.method, customerId: pat, kind: 'card', processor: 'sandbox', processorToken: `tok_${newId()}`, cardBrand: 'Visa', expiryMonth: 1, expiryYear: 2030, last4: '9999', holderName: 'Pat', isDefault: true }, now);
    const alphaAgent = await alpha.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'agent' }, now);
    alphas.session = (await startSession(alpha, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, now)).token;
  });

  /** Every route, as [method, path] with the given customer and row ids. */
  const routes = (customer: string, ids: { reference: string; note: string; document: string; method: string }) => {
    const c = `/admin/customers/${customer}`;
    return {
      gets: [`${c}/employer`, `${c}/references`, `${c}/references/${ids.reference}/edit`, `${c}/notes`, `${c}/notes/${ids.note}/edit`, `${c}/documents`, `${c}/documents/${ids.document}/download`, `${c}/documents/${ids.document}/edit`, `${c}/payment-profiles`],
      posts: [
        `${c}/employer`, `${c}/employer/remove`, `${c}/references`, `${c}/references/${ids.reference}/edit`, `${c}/references/${ids.reference}/remove`, `${c}/notes`, `${c}/notes/${ids.note}/edit`, `${c}/notes/${ids.note}/remove`,
        `${c}/documents`, `${c}/documents/${ids.document}/edit`, `${c}/documents/${ids.document}/deactivate`, `${c}/documents/${ids.document}/activate`, `${c}/payment-profiles/${ids.method}/remove`,
      ],
    };
  };
  /** A page without its History section (which names what changed). */
  const section = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('id="tab-history"'));
  const writeForm = { name: 'X', relationship: 'Y', title: 'T', category: 'General', body: 'B' };
  // Any staff form but "View as borrower", which only reads.
  const postForm = /<form[^>]*method="post"[^>]*action="\/admin\/customers\/[^"]*(?<!\/view-as)"/;

  it('shows every page to every role, inside the customer sections with the tab marked and its history', async () => {
    const tabs = [['employer', 'Employer'], ['references', 'References'], ['notes', 'Notes'], ['documents', 'Documents'], ['payment-profiles', 'Payment profiles']] as const;
    for (const role of ['owner', 'manager', 'agent', 'read_only'] as const) {
      for (const [path, label] of tabs) {
        const res = await client(`${customerPath}/${path}`, { cookie: sessions[role] });
        expect(res.status, `${role} ${path}`).toBe(200);
        const html = await res.text();
        expect(html).toContain(`<a href="${customerPath}/${path}" aria-current="page">${label}</a>`);
        expect(html).toContain(`history.json?tab=${path}`);
        if (role === 'read_only') {
          expect(html, path).not.toMatch(postForm);
          expect(html, path).not.toMatch(/\/(references|notes|documents)\/[^/"]+\/edit"/);
        } else {
          expect(html, `${role} ${path}`).toMatch(path === 'payment-profiles' ? /action="[^"]*\/payment-profiles\/[^"]+\/remove"/ : postForm);
        }
      }
    }
    // The seeded data shows through: the reference, the note with its author, the document, the card.
    const agent = sessions.agent;
    expect(await (await client(`${customerPath}/references`, { cookie: agent })).text()).toContain('(303) 555-0111');
    const notes = await (await client(`${customerPath}/notes`, { cookie: agent })).text();
    expect(notes).toContain('Called about due date');
    expect(notes).toContain(demo.owner.name);
    expect(await (await client(`${customerPath}/documents`, { cookie: agent })).text()).toContain('Title copy');
    const profiles = await (await client(`${customerPath}/payment-profiles`, { cookie: agent })).text();
    expect(profiles).toContain('Visa •••• 4242');
    expect(profiles).toContain('04/2031');
    expect(profiles).toContain('processor’s secure frame');
  });

  it('refuses every change to read-only staff (403), and gives them no edit pages', async () => {
    const { gets, posts } = routes(demo.borrower.id, own);
    for (const path of posts) expect((await client(path, { cookie: sessions.read_only, form: writeForm })).status, path).toBe(403);
    for (const path of gets.filter((p) => p.endsWith('/edit'))) expect((await client(path, { cookie: sessions.read_only })).status, path).toBe(403);
    // Reading stays open to them, downloads included.
    expect((await client(`${customerPath}/documents/${own.document}/download`, { cookie: sessions.read_only })).status).toBe(200);
    expect(await env.tdb().profile.reference(demo.borrower.id, own.reference)).toBeDefined();
  });

  it("answers 404 to another tenant's agent on every route, and to this tenant's agent for other customers' rows", async () => {
    const alpha = tenantClient(host.app, 'alpha');
    const { gets, posts } = routes(demo.borrower.id, own);
    for (const path of gets) expect((await alpha(path, { cookie: alphas.session })).status, path).toBe(404);
    for (const path of posts) expect((await alpha(path, { cookie: alphas.session, form: writeForm })).status, path).toBe(404);
    // The demo agent, on the demo customer, with ids of alpha's rows and of another demo customer's rows.
    for (const foreign of [alphas, sams]) {
      const { gets: fg, posts: fp } = routes(demo.borrower.id, foreign);
      const rowRoutes = (list: string[]) => list.filter((p) => /\/(references|notes|documents|payment-profiles)\/[^/]+\//.test(p));
      for (const path of rowRoutes(fg)) expect((await client(path, { cookie: sessions.agent })).status, path).toBe(404);
      for (const path of rowRoutes(fp)) expect((await client(path, { cookie: sessions.agent, form: writeForm })).status, path).toBe(404);
    }
    // Nothing of theirs changed.
    expect(await forTenant(host.db, host.fixtures.alpha.id).documents.find(alphas.document)).toMatchObject({ active: true, name: 'Alpha doc' });
    expect(await env.tdb().profile.reference(sams.customer, sams.reference)).toBeDefined();
    expect((await env.tdb().paymentMethods.find(sams.method))!.removedAt).toBeNull();
    // And a borrower's session is not staff.
    const jordan = await env.signInBorrower();
    expect((await client(`${customerPath}/employer`, { cookie: jordan })).status).toBe(303);
  });

  describe('employer', () => {
    it('renders the form with the ZIP fill hooks, the custom fields and the script', async () => {
      const html = await (await client(`${customerPath}/employer`, { cookie: sessions.agent })).text();
      expect(html).toContain('No employer on file.');
      expect(html).toMatch(/<input id="f-employerZip" name="employerZip"[^>]*data-zip-fill="employer"/);
      expect(html).toContain('id="f-employerCity"');
      expect(html).toContain('id="f-employerState"');
      expect(html).toMatch(/<script nonce="[^"]+" src="\/js\/zip-fill.js" defer/);
      expect(html).toContain('Union member');
      expect(html).toContain('name="cf-badge"');
      for (const f of ['annually', 'monthly', 'semi-monthly', 'biweekly', 'weekly']) expect(html).toContain(`<option value="${f}"`);
    });

    it('sends bad input back with a message by each field and everything typed kept', async () => {
      const res = await client(`${customerPath}/employer`, {
        cookie: sessions.agent,
        form: { name: '', jobTitle: 'Welder', phone: '555-01', hireDate: '2027-01-05', income: '-12.5', incomeFrequency: 'hourly', nextPayDate: '2026-13-40', employerZip: '8020', employerCity: 'Denver', 'cf-badge': 'abc' },
      });
      expect(res.status).toBe(422);
      const html = await res.text();
      for (const message of ['Enter the employer’s name.', 'Enter the employer’s phone with its area code', 'Enter the income in dollars and cents', 'Choose a frequency from the list.', 'Enter the next pay date as a date', 'Enter the street address, or clear the whole address.', 'Enter the state or province.', 'Enter the ZIP code: five digits, or ZIP+4', 'Badge number: enter a number']) {
        expect(html).toContain(message);
      }
      for (const kept of ['value="Welder"', 'value="555-01"', 'value="-12.5"', 'value="8020"', 'value="Denver"', 'value="abc"']) expect(html).toContain(kept);
      expect(html).toContain('aria-describedby="f-phone-error"');
      // The rules that look at two fields, or at today.
      const again = await (await client(`${customerPath}/employer`, { cookie: sessions.agent, form: { name: 'Acme', income: '1000', hireDate: '2026-12-01' } })).text();
      expect(again).toContain('Choose how often this income is paid.');
      expect(again).toContain('The hire date cannot be in the future.');
      expect(await env.tdb().profile.employer(demo.borrower.id)).toBeUndefined();
    });

    it('saves in cents with the monthly equivalent, one audit row per changed field, and the history as JSON', async () => {
      const form = {
        name: 'Front Range Builders', jobTitle: 'Site foreman', phone: '(720) 555-0190', hireDate: '2019-04-01', income: '2,150.00', incomeFrequency: 'biweekly', nextPayDate: '2026-11-27', payFrequency: 'biweekly',
        employerLine1: '1200 Larimer St', employerLine2: '', employerZip: '80202', employerCity: 'Denver', employerState: 'co', 'cf-union': 'on', 'cf-badge': '42',
      };
      const res = await client(`${customerPath}/employer`, { cookie: sessions.agent, form });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${customerPath}/employer?saved=employer`);
      const saved = (await env.tdb().profile.employer(demo.borrower.id))!;
      expect(saved).toMatchObject({ name: 'Front Range Builders', phone: '+17205550190', income: 215_000, incomeFrequency: 'biweekly', state: 'CO', zip: '80202', customFields: { union: 'yes', badge: '42' } });
      const page = await (await client(`${customerPath}/employer?saved=employer`, { cookie: sessions.agent })).text();
      expect(page).toContain('The employer is saved.');
      // 2,150.00 × 26 ÷ 12 = 4,658.333… → $4,658.33
      expect(page).toMatch(/data-monthly-income[^>]*>\$4,658.33 a month/);
      expect(page).toContain('value="2150.00"');
      expect(page).toContain('value="(720) 555-0190"');

      const added = await audits('employer.updated');
      const keys = added.map((a) => Object.keys(a.after!)[0]);
      expect(keys.sort()).toEqual(['Badge number', 'Union member', 'city', 'hireDate', 'income', 'incomeFrequency', 'jobTitle', 'line1', 'name', 'nextPayDate', 'payFrequency', 'phone', 'state', 'zip'].sort());
      expect(added.find((a) => 'income' in a.after!)).toMatchObject({ actorType: 'agent', before: { income: null }, after: { income: 215_000 } });

      // An edit of two fields: two rows, each with that field only.
      expect((await client(`${customerPath}/employer`, { cookie: sessions.agent, form: { ...form, income: '2,300', jobTitle: 'Superintendent' } })).status).toBe(303);
      const history = await historyOf('employer');
      const updates = history.filter((h) => h.action === 'employer.updated');
      expect(updates).toHaveLength(16);
      expect(updates.slice(-2)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ before: { jobTitle: 'Site foreman' }, after: { jobTitle: 'Superintendent' } }),
          expect.objectContaining({ before: { income: 215_000 }, after: { income: 230_000 } }),
        ]),
      );
      expect(updates.every((h) => h.actor.type === 'agent')).toBe(true);
      // The employer's changes are the employer tab's, not the record's.
      expect((await historyOf('record')).some((h) => h.action.startsWith('employer.'))).toBe(false);
      // Saving the same again changes nothing and records nothing.
      const same = await client(`${customerPath}/employer`, { cookie: sessions.agent, form: { ...form, income: '2,300', jobTitle: 'Superintendent' } });
      expect(same.headers.get('location')).toContain('saved=unchanged');
      expect(await audits('employer.updated')).toHaveLength(16);
    });

    it('removes the employer, recorded', async () => {
      expect((await client(`${customerPath}/employer/remove`, { cookie: sessions.agent, form: {} })).status).toBe(303);
      expect(await env.tdb().profile.employer(demo.borrower.id)).toBeUndefined();
      const [removed] = await audits('employer.removed');
      expect(removed!.before).toMatchObject({ name: 'Front Range Builders', income: 230_000 });
      expect((await historyOf('employer')).at(-1)!.action).toBe('employer.removed');
      // Nothing left to remove.
      expect((await client(`${customerPath}/employer/remove`, { cookie: sessions.agent, form: {} })).status).toBe(404);
    });
  });

  describe('references', () => {
    it('adds, edits and deletes references, each audited, with bad input sent back kept', async () => {
      const list = await (await client(`${customerPath}/references`, { cookie: sessions.agent })).text();
      expect(list).toMatch(/data-zip-fill="reference"/);
      expect(list).toContain('/js/zip-fill.js');
      const bad = await client(`${customerPath}/references`, { cookie: sessions.agent, form: { name: '', relationship: 'Coworker', phone: '12', altPhone: '', referenceZip: '80202' } });
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      for (const m of ['Enter the reference’s name.', 'Enter the phone number with its area code', 'Enter the street address, or clear the whole address.', 'Enter the city.']) expect(badHtml).toContain(m);
      for (const kept of ['value="Coworker"', 'value="12"', 'value="80202"']) expect(badHtml).toContain(kept);

      const add = await client(`${customerPath}/references`, { cookie: sessions.agent, form: { name: 'Morgan Lee', relationship: 'Coworker', phone: '303-555-0122', altPhone: '', referenceLine1: '9 Elm St', referenceZip: 'k1a0b1', referenceCity: 'Ottawa', referenceState: 'on' } });
      expect(add.status).toBe(303);
      const morgan = (await env.tdb().profile.references(demo.borrower.id)).find((r) => r.name === 'Morgan Lee')!;
      expect(morgan).toMatchObject({ phone: '+13035550122', zip: 'K1A 0B1', state: 'ON' });
      const listed = await (await client(`${customerPath}/references?saved=reference-added`, { cookie: sessions.agent })).text();
      expect(listed).toContain('The reference is added.');
      expect(listed).toContain('9 Elm St, Ottawa, ON K1A 0B1');

      const editPage = await (await client(`${customerPath}/references/${morgan.id}/edit`, { cookie: sessions.agent })).text();
      expect(editPage).toContain('value="(303) 555-0122"');
      const badEdit = await client(`${customerPath}/references/${morgan.id}/edit`, { cookie: sessions.agent, form: { name: 'Morgan Lee', relationship: '', phone: '303-555-0122' } });
      expect(badEdit.status).toBe(422);
      expect(await badEdit.text()).toContain('Enter how they know the customer');
      expect((await client(`${customerPath}/references/${morgan.id}/edit`, { cookie: sessions.agent, form: { name: 'Morgan Lee', relationship: 'Manager', phone: '303-555-0122', referenceLine1: '9 Elm St', referenceZip: 'K1A 0B1', referenceCity: 'Ottawa', referenceState: 'ON' } })).status).toBe(303);
      const updated = await audits('reference.updated');
      expect(updated).toHaveLength(1);
      expect(updated[0]).toMatchObject({ before: { reference: morgan.id, relationship: 'Coworker' }, after: { reference: morgan.id, relationship: 'Manager' } });

      expect((await client(`${customerPath}/references/${morgan.id}/remove`, { cookie: sessions.agent, form: {} })).status).toBe(303);
      expect(await env.tdb().profile.reference(demo.borrower.id, morgan.id)).toBeUndefined();
      const actions = (await historyOf('references')).map((h) => h.action);
      expect(actions).toEqual(['reference.added', 'reference.updated', 'reference.removed']);
      expect((await audits('reference.removed'))[0]!.before).toMatchObject({ name: 'Morgan Lee', relationship: 'Manager' });
    });
  });

  describe('notes', () => {
    it('adds notes newest first with author and time in the tenant zone, filters by category, edits and deletes', async () => {
      const bad = await client(`${customerPath}/notes`, { cookie: sessions.agent, form: { title: '', category: 'Gossip', body: 'x'.repeat(5001) } });
      expect(bad.status).toBe(422);
      const badHtml = await bad.text();
      for (const m of ['Enter a title for the note.', 'Keep the note to 5,000 characters or fewer.']) expect(badHtml).toContain(m);
      expect(badHtml).toContain('x'.repeat(5001));
      const badCategory = await (await client(`${customerPath}/notes`, { cookie: sessions.agent, form: { title: 'Hi', category: 'Gossip', body: 'ok' } })).text();
      expect(badCategory).toContain('Choose a category from the list.');
      // 5,000 characters with Windows line breaks still fit: a break counts once.
      const long = `${'y'.repeat(2_499)}\r\n${'z'.repeat(2_500)}`;
      expect((await client(`${customerPath}/notes`, { cookie: sessions.manager, form: { title: 'Long one', category: 'Verification', body: long } })).status).toBe(303);

      clock.advance(60_000);
      expect((await client(`${customerPath}/notes`, { cookie: sessions.agent, form: { title: 'Promise to pay', category: 'Payment arrangement', body: 'Will pay $200 on Friday.\nConfirmed by phone.' } })).status).toBe(303);
      const page = section(await (await client(`${customerPath}/notes`, { cookie: sessions.agent })).text());
      // Newest first.
      expect(page.indexOf('Promise to pay')).toBeGreaterThan(0);
      expect(page.indexOf('Promise to pay')).toBeLessThan(page.indexOf('Long one'));
      expect(page.indexOf('Long one')).toBeLessThan(page.indexOf('Called about due date'));
      expect(page).toContain('A agent');
      expect(page).toContain('A manager');
      // The time of the note in the demo tenant's zone.
      const zone = demo.tenant.timeZone;
      const local = new Intl.DateTimeFormat('en-US', { timeStyle: 'long', timeZone: zone }).format(clock.now());
      expect(page).toContain(local);
      const filtered = section(await (await client(`${customerPath}/notes?category=${encodeURIComponent('Payment arrangement')}`, { cookie: sessions.agent })).text());
      expect(filtered).toContain('Promise to pay');
      expect(filtered).not.toContain('Long one');
      expect(filtered).not.toContain('Called about due date');
      const fragment = await client(`${customerPath}/notes?category=Verification`, { cookie: sessions.agent, headers: { 'hx-request': 'true', 'hx-target': 'notes-list' } });
      const fragmentHtml = await fragment.text();
      expect(fragmentHtml).not.toContain('<html');
      expect(fragmentHtml).toContain('Long one');
      expect(fragmentHtml).not.toContain('Promise to pay');

      const note = (await env.tdb().profile.notes(demo.borrower.id)).find((n) => n.title === 'Promise to pay')!;
      expect(note.authorAgentId).not.toBe(demo.owner.id);
      const edit = await client(`${customerPath}/notes/${note.id}/edit`, { cookie: sessions.agent, form: { title: '', category: 'Collections', body: 'Will pay $250 on Friday.' } });
      expect(edit.status).toBe(422);
      const editHtml = await edit.text();
      expect(editHtml).toContain('Enter a title for the note.');
      expect(editHtml).toContain('Will pay $250 on Friday.');
      expect((await client(`${customerPath}/notes/${note.id}/edit`, { cookie: sessions.agent, form: { title: 'Promise to pay', category: 'Collections', body: 'Will pay $250 on Friday.' } })).status).toBe(303);
      const updates = await audits('note.updated');
      expect(updates.map((u) => Object.keys(u.after!).filter((k) => k !== 'note')[0]).sort()).toEqual(['body', 'category']);
      expect(updates.find((u) => 'category' in u.after!)).toMatchObject({ before: { note: note.id, category: 'Payment arrangement' }, after: { note: note.id, category: 'Collections' } });
      expect((await client(`${customerPath}/notes/${note.id}/remove`, { cookie: sessions.agent, form: {} })).status).toBe(303);
      expect(await env.tdb().profile.note(demo.borrower.id, note.id)).toBeUndefined();
      const actions = (await historyOf('notes')).map((h) => h.action);
      expect(actions).toEqual(['note.added', 'note.added', 'note.updated', 'note.updated', 'note.removed']);
    });
  });

  describe('documents', () => {
    const upload = (fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) => client(`${customerPath}/documents`, { cookie: sessions.agent, multipart: multipart(fields, file) });
    let accountId: string;
    beforeAll(async () => {
      accountId = (await env.tdb().accounts.findByDisplayId('PL-118342'))!.id;
    });

    it('refuses a file of the wrong type, too large, or missing, and a form without a section, keeping what was typed', async () => {
      const fake = await upload({ name: 'Pay stub', category: 'Proof of income', description: 'November', accountId: '' }, { name: 'stub.pdf', bytes: new TextEncoder().encode('just text, not a PDF') });
      expect(fake.status).toBe(422);
      const fakeHtml = await fake.text();
      expect(fakeHtml).toContain('its content is not a PDF');
      expect(fakeHtml).toContain('value="Pay stub"');
      expect(fakeHtml).toContain('November');
      const exe = await (await upload({ category: 'Other' }, { name: 'run.exe', bytes: PDF })).text();
      expect(exe).toContain('Only PDF, PNG, JPEG, HEIC, WebP and TIFF files can be uploaded.');
      const big = new Uint8Array(5000);
      big.set(PDF);
      expect(await (await upload({ category: 'Other' }, { name: 'big.pdf', bytes: big })).text()).toContain('the limit is 4 KB');
      const none = await upload({ name: 'Nothing', category: '' });
      expect(none.status).toBe(422);
      const noneHtml = await none.text();
      expect(noneHtml).toContain('Choose a file to upload.');
      expect(noneHtml).toContain('Choose a section.');
      const shareless = await (await upload({ category: 'Other', sharedWithBorrower: 'on' }, { name: 'a.pdf', bytes: PDF })).text();
      expect(shareless).toContain('choose an account to share it on');
      const otherAccount = await (await upload({ category: 'Other', accountId: 'not-an-account' }, { name: 'a.pdf', bytes: PDF })).text();
      expect(otherAccount).toContain('Choose one of this customer’s accounts, or none.');
      expect((await env.tdb().documents.forCustomer(demo.borrower.id)).some((d) => d.name === 'Pay stub')).toBe(false);
    });

    it('uploads a shared document the borrower then sees, serves it as an attachment, edits it, and keeps inactive ones from edits', async () => {
      const res = await upload({ name: 'Payoff letter', category: 'Correspondence', description: 'Requested by phone', accountId, sharedWithBorrower: 'on' }, { name: 'payoff.pdf', bytes: PDF });
      expect(res.status).toBe(303);
      const doc = (await env.tdb().documents.forCustomer(demo.borrower.id)).find((d) => d.name === 'Payoff letter')!;
      expect(doc).toMatchObject({ accountId, category: 'Correspondence', uploadedByType: 'agent', sharedWithBorrower: true, active: true, contentType: 'application/pdf' });
      const jordan = await env.signInBorrower();
      expect(await (await client('/accounts/PL-118342/documents', { cookie: jordan })).text()).toContain('Payoff letter');

      const list = await (await client(`${customerPath}/documents`, { cookie: sessions.agent })).text();
      expect(list).toContain('Payoff letter');
      expect(list).toContain('PL-118342');
      const download = await client(`${customerPath}/documents/${doc.id}/download`, { cookie: sessions.read_only });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toContain('attachment');
      expect(download.headers.get('content-security-policy')).toContain('sandbox');
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);

      const badEdit = await client(`${customerPath}/documents/${doc.id}/edit`, { cookie: sessions.agent, form: { name: '', category: 'Correspondence', description: 'Kept text', sharedWithBorrower: 'on' } });
      expect(badEdit.status).toBe(422);
      const badHtml = await badEdit.text();
      expect(badHtml).toContain('Enter a name for the document.');
      expect(badHtml).toContain('Kept text');
      expect((await client(`${customerPath}/documents/${doc.id}/edit`, { cookie: sessions.agent, form: { name: 'Payoff letter (Nov)', category: 'Correspondence', description: 'Requested by phone' } })).status).toBe(303);
      const updates = await audits('document.updated');
      expect(updates.map((u) => Object.keys(u.after!).filter((k) => k !== 'document')[0]).sort()).toEqual(['name', 'sharedWithBorrower']);
      expect(updates.find((u) => 'name' in u.after!)).toMatchObject({ before: { document: doc.id, name: 'Payoff letter' }, after: { document: doc.id, name: 'Payoff letter (Nov)' } });
      // No longer shared: the borrower no longer sees it.
      expect(await (await client('/accounts/PL-118342/documents', { cookie: jordan })).text()).not.toContain('Payoff letter');

      expect((await client(`${customerPath}/documents/${doc.id}/deactivate`, { cookie: sessions.agent, form: {} })).status).toBe(303);
      const refused = await client(`${customerPath}/documents/${doc.id}/edit`, { cookie: sessions.agent, form: { name: 'Changed', category: 'Other', description: '' } });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain('is inactive, so it cannot be edited. Make it active again first');
      expect((await client(`${customerPath}/documents/${doc.id}/edit`, { cookie: sessions.agent })).status).toBe(409);
      expect((await env.tdb().documents.find(doc.id))!.name).toBe('Payoff letter (Nov)');
      // Still downloadable, listed as inactive, and filtered by status.
      expect((await client(`${customerPath}/documents/${doc.id}/download`, { cookie: sessions.agent })).status).toBe(200);
      expect(section(await (await client(`${customerPath}/documents?status=active`, { cookie: sessions.agent })).text())).not.toContain('Payoff letter (Nov)');
      const inactive = section(await (await client(`${customerPath}/documents?status=inactive`, { cookie: sessions.agent })).text());
      expect(inactive).toContain('Payoff letter (Nov)');
      expect(inactive).toContain('Make active');

      expect((await client(`${customerPath}/documents/${doc.id}/activate`, { cookie: sessions.agent, form: {} })).status).toBe(303);
      expect((await client(`${customerPath}/documents/${doc.id}/edit`, { cookie: sessions.agent, form: { name: 'Payoff letter (Nov)', category: 'Other', description: 'Requested by phone' } })).status).toBe(303);
      const actions = (await historyOf('documents')).map((h) => h.action);
      expect(actions).toEqual(['document.uploaded', 'document.updated', 'document.updated', 'document.deactivated', 'document.activated', 'document.updated']);
      expect((await audits('document.uploaded'))[0]!.after).toMatchObject({ document: doc.id, name: 'Payoff letter', account: 'PL-118342', sharedWithBorrower: true });
    });
  });

  describe('payment profiles', () => {
    it('lists what uses each method and refuses to remove one an AutoPay or a waiting payment uses', async () => {
      const tdb = env.tdb();
      const now = clock.now();
      const auto = (await tdb.accounts.findByDisplayId('AL-204817'))!;
      const bank = newId();
      await tdb.paymentMethods.add({ id: bank, customerId: demo.borrower.id, kind: 'bank', routingNumber: '021000021', accountNumberEncrypted: 'sealed', accountType: 'checking', last4: '6789', holderName: 'Jordan Rivera', isDefault: false }, now);
      const spare = newId();
      await tdb.paymentMethods.add({ id: spare, customerId: demo.borrower.id, kind: 'card', processor: 'sandbox', processorToken: `tok_${newId()}`, cardBrand: 'Mastercard', expiryMonth: 9, expiryYear: 2029, last4: '4444', holderName: 'Jordan Rivera', isDefault: false }, now);
      await tdb.autopays.add({ id: `ap_${newId()}`, customerId: demo.borrower.id, accountId: auto.id, paymentMethodId: own.method, frequency: 'monthly', startDate: '2026-12-01', amountType: 'amount_due', status: 'active', nextRunDate: '2026-12-01', authorizationText: 'I authorise…', authorizedAt: now }, now);
      await tdb.payments.insertAll([{ id: newId(), reference: 'P-WAITING1', customerId: demo.borrower.id, accountId: auto.id, paymentMethodId: bank, methodKind: 'bank', amount: 10_000, scheduledFor: '2026-11-25', status: 'pending', source: 'one_time', idempotencyKey: newId(), requestHash: 'x' }], now);

      const page = await (await client(`${customerPath}/payment-profiles`, { cookie: sessions.agent })).text();
      expect(page).toContain('AutoPay on AL-204817 (active)');
      expect(page).toContain('Payment P-WAITING1, still to run');
      expect(page).toContain('Checking •••• 6789');
      expect(page).toContain(`/payment-profiles/${spare}/remove`);
      expect(page).not.toContain(`/payment-profiles/${own.method}/remove`);

      const byAutopay = await client(`${customerPath}/payment-profiles/${own.method}/remove`, { cookie: sessions.agent, form: {} });
      expect(byAutopay.status).toBe(409);
      expect(await byAutopay.text()).toContain('Visa •••• 4242 pays the AutoPay on AL-204817');
      const byPayment = await client(`${customerPath}/payment-profiles/${bank}/remove`, { cookie: sessions.agent, form: {} });
      expect(byPayment.status).toBe(409);
      expect(await byPayment.text()).toContain('Checking •••• 6789 pays P-WAITING1, still to run');
      expect((await tdb.paymentMethods.find(own.method))!.removedAt).toBeNull();
      expect((await tdb.paymentMethods.find(bank))!.removedAt).toBeNull();

      const ok = await client(`${customerPath}/payment-profiles/${spare}/remove`, { cookie: sessions.agent, form: {} });
      expect(ok.status).toBe(303);
      expect((await tdb.paymentMethods.find(spare))!.removedAt).not.toBeNull();
      const after = await (await client(`${customerPath}/payment-profiles?saved=payment-method-removed`, { cookie: sessions.agent })).text();
      expect(after).toContain('The payment method is removed.');
      expect(section(after)).not.toContain('Mastercard •••• 4444');
      // Removed once: a second try finds nothing.
      expect((await client(`${customerPath}/payment-profiles/${spare}/remove`, { cookie: sessions.agent, form: {} })).status).toBe(404);
      const history = await historyOf('payment-profiles');
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ action: 'payment-method.removed', before: { method: spare, kind: 'card', label: 'Mastercard •••• 4444' } });
    });
  });
});

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { passwordRules } from '../../auth/password-policy';
import type { Customer } from '../../db/schema';
import { customFieldFormValues } from '../../domain/custom-fields';
import { linkRoles } from '../../domain/link-roles';
import { localDate } from '../../domain/dates';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { isFragmentRequest } from '../../http/htmx';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { customerAccounts } from '../../services/borrower-accounts';
import { changeLink, exportCustomerData, searchCustomers } from '../../services/customer-admin';
import {
  addPhone, addressValues, createCustomer, generalValues, removePhone, removePhoto, saveCustomFields, saveGeneral, saveMailing, savePhoto, savePrimaryAddress,
  saveWebAccess, suggestedUsername, updatePhone, type PhoneInput,
} from '../../services/customer-record';
import { dataKeysOf } from '../../services/data-keys';
import { ServiceError } from '../../services/errors';
import { CustomerPage, CustomerSearchPage, SearchResults } from '../../../templates/pages/admin/customers';
import { CustomerRecordEditPage, CustomerRecordView, NewCustomerPage, RecordRegionView, type EditForms, type RecordEditProps, type RecordRegion } from '../../../templates/pages/admin/customer-record';
import { CustomerHeading, customerName } from '../../../templates/pages/admin/customer-shell';
import { requireAgent } from './index';
import { customerStatusesOf, customFieldsOf } from '../../services/tenant-lists';
import { agentWho, currentAgent, customerOf } from './staff-access';
import { assertNotAnonymised } from '../../services/privacy';
import { customerHistory, customerHistoryView, historyJson, HISTORY_SECTION_ID, isHistoryTab, pageNumber, type HistoryTab } from '../../services/customer-history';
import { HistorySection } from '../../../templates/components/history';
import { can } from '../../domain/staff-roles';

const linkForm = z.record(z.string(), z.string());
const anyForm = z.record(z.string(), z.string());

/** Where each section's save lands on the edit page, and what it says. */
const savedNotices = {
  general: 'General information saved.',
  phones: 'Phones saved.',
  'phone-removed': 'Phone removed.',
  address: 'Primary address saved.',
  mailing: 'Mailing information saved.',
  'web-access': 'Web access saved.',
  photo: 'Photo saved.',
  'photo-removed': 'Photo removed.',
  additional: 'Additional information saved.',
} as const;
type SavedSection = keyof typeof savedNotices;
/** The part of the page each save belongs to (and is swapped in place by htmx). */
const regionOf: Record<SavedSection, RecordRegion> = { general: 'general', phones: 'phones', 'phone-removed': 'phones', address: 'primary-address', mailing: 'mailing', 'web-access': 'web-access', photo: 'photo', 'photo-removed': 'photo', additional: 'additional' };

const phoneInput = (v: Record<string, string>): PhoneInput => ({ type: v.type ?? '', number: v.number ?? '', isPrimary: v.isPrimary === 'on', doNotCall: v.doNotCall === 'on' });

/** A use case's "no such thing" (a phone id of another customer, say) as the 404 page. */
async function asNotFound<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'not_found') throw new AppError('not_found', error.message);
    throw error;
  }
}

/** A customer tab's history at the page asked for (?history=n on the tab's own page). */
const historyOf = (c: Context<AppEnv>, customerId: string, tab: HistoryTab, page = c.req.query('history')) => customerHistoryView(c.get('tdb'), customerId, tab, pageNumber(page), c.get('tenant').timeZone);

/** Staff: the customer manager (search as you type) and a customer's links and access. */
export function customerRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/customers', requireAgent());
  app.use('/customers/*', requireAgent());
  const search = async (c: Context<AppEnv>) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    return { q, result: await searchCustomers(c.get('tdb'), await dataKeysOf(c.get('deps').config), q, { page: pageNumber(c.req.query('page')) }) };
  };

  const creates = async (c: Context<AppEnv>) => can((await currentAgent(c)).role, 'customers.write');
  app.get('/customers', async (c) => {
    const { q, result } = await search(c);
    return renderPage(c, 'Customers', <CustomerSearchPage query={q} result={result} canCreate={await creates(c)} />);
  });
  app.get('/customers/results', async (c) => {
    const { q, result } = await search(c);
    if (isFragmentRequest(c)) return c.html(<SearchResults query={q} result={result} />);
    return renderPage(c, 'Customers', <CustomerSearchPage query={q} result={result} canCreate={await creates(c)} />);
  });

  const showCustomer = async (c: Context<AppEnv>, extra: { notice?: string; error?: string; savedAccount?: string } = {}, status: 200 | 409 = 200) => {
    const customer = await customerOf(c);
    const agent = await currentAgent(c);
    const tdb = c.get('tdb');
    const [phones, addresses, accounts, history] = await Promise.all([tdb.customers.phones(customer.id), tdb.profile.addresses(customer.id), customerAccounts(tdb, c.get('tenant'), customer.id, localDate(c.get('deps').clock.now(), c.get('tenant').timeZone)), historyOf(c, customer.id, 'links')]);
    // Only an account of this customer can be named in the saved notice (the query string is anyone's to write).
    const { savedAccount, ...shown } = extra;
    if (savedAccount && accounts.some((a) => a.account.displayId === savedAccount)) shown.notice = `Links and access for ${savedAccount} saved.`;
    extra = shown;
    return renderPage(c, customerName(customer), <CustomerPage customer={customer} phones={phones} addresses={addresses} customFields={customFieldsOf(c.get('tenant'), 'customer')} accounts={accounts} canWrite={can(agent.role, 'customers.write')} history={history} {...extra} />, status);
  };

  // ---- The record, section by section (/edit), and a new customer (/new) ----------------------

  // The customer first: another tenant's id is 404 whatever the role.
  const editable = async (c: Context<AppEnv>) => {
    const customer = await customerOf(c);
    const agent = await agentWho(c, 'customers.write', 'Read-only staff cannot edit customers.');
    assertNotAnonymised(customer);
    return { agent, customer };
  };
  const who = (c: Context<AppEnv>, agentId: string) => ({ actorId: agentId, now: c.get('deps').clock.now() });
  const statusesOf = (c: Context<AppEnv>) => customerStatusesOf(c.get('tenant'));

  /** What the edit page shows: the record's values, or what was typed into the section sent back. */
  const editProps = async (c: Context<AppEnv>, customer: Customer, forms: EditForms = {}, saved?: SavedSection): Promise<RecordEditProps> => {
    const tdb = c.get('tdb');
    const fields = customFieldsOf(c.get('tenant'), 'customer');
    const [phones, addresses, history] = await Promise.all([tdb.customers.phones(customer.id), tdb.profile.addresses(customer.id), historyOf(c, customer.id, 'record')]);
    const primary = addresses.find((a) => a.kind === 'primary');
    const mailing = addresses.find((a) => a.kind === 'mailing');
    const values = {
      general: generalValues(customer),
      address: addressValues('primary', primary),
      mailing: { ...addressValues('mailing', mailing), mailingSameAsPrimary: customer.mailingSameAsPrimary ? 'on' : '' },
      web: { username: suggestedUsername(customer), password: '' },
      additional: customFieldFormValues(fields, customer.customFields ?? {}),
    };
    return {
      customer, phones, statuses: statusesOf(c), customFields: fields, values, forms, passwordRules: passwordRules(forms.web?.values.password ?? '', customer.email),
      notice: saved ? savedNotices[saved] : undefined, saved: saved ? { region: regionOf[saved], text: savedNotices[saved] } : undefined, nonce: c.get('secureHeadersNonce'), history,
    };
  };

  /** An htmx request for just one region of the edit page (hx-target names it). */
  const regionAsked = (c: Context<AppEnv>, region: RecordRegion) => isFragmentRequest(c) && c.req.header('hx-target') === region;

  /**
   * A section's save refused: htmx gets the section alone (the rest of the page, and what is typed
   * there, stays); without htmx the whole page, with the section's problems focused.
   */
  const showEdit = async (c: Context<AppEnv>, customer: Customer, forms: EditForms = {}, status: 200 | 422 = 200, notice?: SavedSection, region?: RecordRegion) => {
    const props = await editProps(c, customer, forms, notice);
    if (region && regionAsked(c, region)) return c.html(<RecordRegionView region={region} p={props} />, status);
    return renderPage(c, `Edit ${customerName(customer)}`, <CustomerRecordEditPage {...props} />, status);
  };

  /**
   * A section saved: htmx gets the section again with "saved" in it, the history and the heading
   * brought up to date out of band; without htmx, back to the page at that section (post/redirect/get).
   */
  const savedTo = async (c: Context<AppEnv>, customer: Customer, section: SavedSection) => {
    const region = regionOf[section];
    if (!regionAsked(c, region)) return c.redirect(`/admin/customers/${encodeURIComponent(customer.id)}/edit?saved=${section}#${region}`, 303);
    const fresh = (await c.get('tdb').customers.find(customer.id)) ?? customer;
    const props = await editProps(c, fresh, {}, section);
    return c.html(
      <>
        <RecordRegionView region={region} p={props} />
        <CustomerHeading customer={fresh} title="Contact & personal" oob />
        <HistorySection view={props.history} id={HISTORY_SECTION_ID} oob />
      </>,
    );
  };

  app.get('/customers/new', async (c) => {
    await agentWho(c, 'customers.write', 'Read-only staff cannot create customers.');
    const statuses = statusesOf(c);
    return renderPage(c, 'New customer', <NewCustomerPage values={{ customerType: 'individual', status: statuses[0] ?? 'Active', phoneType: 'mobile', primaryCountry: 'US' }} errors={{}} statuses={statuses} nonce={c.get('secureHeadersNonce')} />);
  });

  app.post('/customers/new', async (c) => {
    const agent = await agentWho(c, 'customers.write', 'Read-only staff cannot create customers.');
    const form = await parseForm(c, anyForm);
    const v = form.values;
    const text = (k: string) => v[k] ?? '';
    const result = await createCustomer(c.get('tdb'), { customerType: text('customerType'), companyName: text('companyName'), firstName: text('firstName'), lastName: text('lastName'), email: text('email'), username: text('username'), phoneType: text('phoneType') || 'mobile', phone: text('phone'), status: text('status'), address: v }, { ...who(c, agent.id), statuses: statusesOf(c) });
    if (!result.ok) return renderPage(c, 'New customer', <NewCustomerPage values={v} errors={result.errors} statuses={statusesOf(c)} nonce={c.get('secureHeadersNonce')} />, 422);
    return c.redirect(`/admin/customers/${encodeURIComponent(result.customer.id)}?saved=created`, 303);
  });

  app.get('/customers/:id/edit', async (c) => {
    const agent = await currentAgent(c);
    const customer = await customerOf(c);
    if (!can(agent.role, 'customers.write')) {
      const tdb = c.get('tdb');
      const [phones, addresses, history] = await Promise.all([tdb.customers.phones(customer.id), tdb.profile.addresses(customer.id), historyOf(c, customer.id, 'record')]);
      return renderPage(c, customerName(customer), <CustomerRecordView customer={customer} phones={phones} addresses={addresses} customFields={customFieldsOf(c.get('tenant'), 'customer')} history={history} />);
    }
    const saved = c.req.query('saved');
    return showEdit(c, customer, {}, 200, saved && Object.hasOwn(savedNotices, saved) ? (saved as SavedSection) : undefined);
  });

  // General information. Fields a client leaves out keep their value (checkboxes: absent is unticked).
  app.post('/customers/:id/edit', async (c) => {
    const { agent, customer } = await editable(c);
    const form = await parseForm(c, anyForm);
    const v = { ...generalValues(customer), ...form.values };
    const on = (k: string) => form.values[k] === 'on';
    const today = localDate(c.get('deps').clock.now(), c.get('tenant').timeZone);
    const result = await saveGeneral(c.get('tdb'), await dataKeysOf(c.get('deps').config), customer, { customerType: v.customerType!, companyName: v.companyName!, contactName: v.contactName!, taxIdKind: v.taxIdKind!, taxId: v.taxId!, removeTaxId: on('removeTaxId'), firstName: v.firstName!, middleName: v.middleName!, lastName: v.lastName!, doNotCaseFormat: on('doNotCaseFormat'), generationCode: v.generationCode!, email: v.email!, driversLicense: v.driversLicense!, driversLicenseState: v.driversLicenseState!, removeDriversLicense: on('removeDriversLicense'), dateOfBirth: v.dateOfBirth!, gender: v.gender!, status: v.status!, doNotSell: on('doNotSell') }, { ...who(c, agent.id), today, statuses: statusesOf(c) });
    // Secrets typed are never sent back in the page.
    if (!result.ok) return showEdit(c, customer, { general: { values: { ...v, taxId: '', driversLicense: '' }, errors: result.errors } }, 422, undefined, 'general');
    return savedTo(c, customer, 'general');
  });

  app.post('/customers/:id/edit/phones', async (c) => {
    const { agent, customer } = await editable(c);
    const { values } = await parseForm(c, anyForm);
    const result = await addPhone(c.get('tdb'), customer, phoneInput(values), who(c, agent.id));
    if (!result.ok) return showEdit(c, customer, { newPhone: { values, errors: result.errors } }, 422, undefined, 'phones');
    return savedTo(c, customer, 'phones');
  });

  app.post('/customers/:id/edit/phones/:phoneId', async (c) => {
    const { agent, customer } = await editable(c);
    const { values } = await parseForm(c, anyForm);
    const result = await asNotFound(() => updatePhone(c.get('tdb'), customer, c.req.param('phoneId'), phoneInput(values), who(c, agent.id)));
    if (!result.ok) return showEdit(c, customer, { phone: { id: c.req.param('phoneId'), values, errors: result.errors } }, 422, undefined, 'phones');
    return savedTo(c, customer, 'phones');
  });

  app.post('/customers/:id/edit/phones/:phoneId/remove', async (c) => {
    const { agent, customer } = await editable(c);
    await asNotFound(() => removePhone(c.get('tdb'), customer, c.req.param('phoneId'), who(c, agent.id)));
    return savedTo(c, customer, 'phone-removed');
  });

  app.post('/customers/:id/edit/address', async (c) => {
    const { agent, customer } = await editable(c);
    const { values } = await parseForm(c, anyForm);
    const result = await savePrimaryAddress(c.get('tdb'), customer, values, who(c, agent.id));
    if (!result.ok) return showEdit(c, customer, { address: { values, errors: result.errors } }, 422, undefined, 'primary-address');
    return savedTo(c, customer, 'address');
  });

  app.post('/customers/:id/edit/mailing', async (c) => {
    const { agent, customer } = await editable(c);
    const { values } = await parseForm(c, anyForm);
    const result = await saveMailing(c.get('tdb'), customer, values, who(c, agent.id));
    if (!result.ok) return showEdit(c, customer, { mailing: { values, errors: result.errors } }, 422, undefined, 'mailing');
    return savedTo(c, customer, 'mailing');
  });

  app.post('/customers/:id/edit/web-access', async (c) => {
    const { agent, customer } = await editable(c);
    const { values } = await parseForm(c, anyForm);
    const result = await saveWebAccess(c.get('tdb'), customer, { username: values.username ?? '', password: values.password ?? '' }, who(c, agent.id));
    // The password typed is not sent back; the rules beside it show why it was refused.
    if (!result.ok) return showEdit(c, customer, { web: { values: { username: values.username ?? '', password: '' }, errors: result.errors } }, 422, undefined, 'web-access');
    return savedTo(c, customer, 'web-access');
  });

  app.post('/customers/:id/edit/photo', async (c) => {
    const { agent, customer } = await editable(c);
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody();
    } catch {
      throw new AppError('bad_request', 'The form could not be read. Reload the page and send it again.');
    }
    const photo = body.photo;
    if (!(photo instanceof File) || photo.size === 0) return showEdit(c, customer, { photo: { values: {}, errors: { photo: 'Choose an image to upload.' } } }, 422, undefined, 'photo');
    const result = await savePhoto(c.get('tdb'), c.get('deps').files, customer, { name: photo.name, bytes: new Uint8Array(await photo.arrayBuffer()) }, who(c, agent.id));
    if (!result.ok) return showEdit(c, customer, { photo: { values: {}, errors: result.errors } }, 422, undefined, 'photo');
    return savedTo(c, customer, 'photo');
  });

  app.post('/customers/:id/edit/photo/remove', async (c) => {
    const { agent, customer } = await editable(c);
    await removePhoto(c.get('tdb'), c.get('deps').files, customer, who(c, agent.id));
    return savedTo(c, customer, 'photo-removed');
  });

  app.post('/customers/:id/edit/additional', async (c) => {
    const { agent, customer } = await editable(c);
    const { values } = await parseForm(c, anyForm);
    const result = await saveCustomFields(c.get('tdb'), customer, customFieldsOf(c.get('tenant'), 'customer'), values, who(c, agent.id));
    if (!result.ok) return showEdit(c, customer, { additional: { values, errors: result.errors } }, 422, undefined, 'additional');
    return savedTo(c, customer, 'additional');
  });

  // The photo, to staff only (every staff role; borrowers and other tenants never reach it).
  app.get('/customers/:id/photo', async (c) => {
    await currentAgent(c);
    const customer = await customerOf(c);
    const stored = customer.photoKey ? await c.get('deps').files.get(customer.photoKey) : null;
    if (!stored) throw new AppError('not_found', 'This customer has no photo.');
    return c.body(stored.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': stored.contentType, 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store', 'content-disposition': 'inline' });
  });

  // A privacy access request: the customer's data as JSON; each export is itself recorded.
  app.get('/customers/:id/export.json', async (c) => {
    const customer = await customerOf(c);
    const agent = await agentWho(c, 'personal-data.export', 'Read-only staff cannot export personal data.');
    const now = c.get('deps').clock.now();
    const data = await exportCustomerData(c.get('tdb'), customer.id, now);
    await c.get('tdb').audit.record({ actorType: 'agent', actorId: agent.id, action: 'customer.data-exported', entityType: 'customer', entityId: data.customer.id }, now);
    return c.body(JSON.stringify(data, null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="customer-${data.customer.id}-personal-data.json"` });
  });

  // Every recorded change to the customer, or one tab's (?tab=employer…), as a JSON download.
  app.get('/customers/:id/history.json', async (c) => {
    const customer = await customerOf(c);
    const asked = c.req.query('tab');
    if (asked !== undefined && !isHistoryTab(asked)) throw new AppError('not_found', 'There is no such history.');
    const rows = await customerHistory(c.get('tdb'), customer.id, asked);
    return c.body(JSON.stringify(await historyJson(c.get('tdb'), customer.id, asked, rows), null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="customer-${customer.id}-${asked ? `${asked}-` : ''}history.json"` });
  });

  // A page of a tab's history: the section alone for htmx, else the tab's page at that page of history.
  app.get('/customers/:id/history', async (c) => {
    await currentAgent(c);
    const customer = await customerOf(c);
    const tab = c.req.query('tab');
    if (!isHistoryTab(tab)) throw new AppError('not_found', 'There is no such history.');
    const view = await historyOf(c, customer.id, tab, c.req.query('page'));
    if (isFragmentRequest(c) && c.req.header('hx-target') === HISTORY_SECTION_ID) return c.html(<HistorySection view={view} id={HISTORY_SECTION_ID} />);
    return c.redirect(view.pageHref(view.page), 303);
  });

  app.get('/customers/:id', (c) => {
    const saved = c.req.query('saved');
    return showCustomer(c, saved === 'created' ? { notice: 'Customer created. Add the rest of the record under “Contact & personal”.' } : saved ? { savedAccount: saved } : {});
  });

  app.post('/customers/:id/links/:displayId', async (c) => {
    const customer = await customerOf(c);
    const customerId = customer.id;
    const account = await c.get('tdb').accounts.findByDisplayId(c.req.param('displayId'));
    if (!account) throw new AppError('not_found', 'There is no such account.');
    const agent = await agentWho(c, 'customers.write', 'Read-only staff cannot change access.');
    assertNotAnonymised(customer);
    const form = await parseForm(c, linkForm);
    const v = form.values;
    const role = linkRoles.find((r) => r === v.role);
    if (!role) throw new AppError('validation', 'Choose a role from the list.');
    const now = c.get('deps').clock.now();
    try {
      // The role first: when it is refused (the only Primary stepping down), nothing else is saved either.
      await changeLink(c.get('tdb'), { customerId, account, change: { kind: 'role', role }, actor: { type: 'agent', id: agent.id } }, now);
      for (const channel of ['emailAccess', 'webAccess', 'smsAccess'] as const) await changeLink(c.get('tdb'), { customerId, account, change: { kind: 'access', channel, on: v[channel] === 'on' }, actor: { type: 'agent', id: agent.id } }, now);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showCustomer(c, { error: error.message }, 409);
      throw error;
    }
    return c.redirect(`/admin/customers/${encodeURIComponent(customerId)}?saved=${encodeURIComponent(account.displayId)}`, 303);
  });
  return app;
}

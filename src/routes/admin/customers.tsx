import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { linkRoles } from '../../domain/link-roles';
import { localDate } from '../../domain/dates';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { isFragmentRequest } from '../../http/htmx';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { customerAccounts } from '../../services/borrower-accounts';
import { changeLink, exportCustomerData, searchCustomers, updateCustomerRecord } from '../../services/customer-admin';
import { dataKeysOf } from '../../services/data-keys';
import { ServiceError } from '../../services/errors';
import { CustomerEditPage, CustomerPage, CustomerSearchPage, SearchResults } from '../../../templates/pages/admin/customers';
import { requireAgent } from './index';
import { customerStatusesOf } from '../../services/tenant-lists';
import { agentWho, currentAgent, customerOf } from './staff-access';
import { customerHistory, historyJson, isHistoryTab } from '../../services/customer-history';
import { can } from '../../domain/staff-roles';

const linkForm = z.record(z.string(), z.string());

/** Staff: the customer manager (search as you type) and a customer's links and access. */
export function customerRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/customers', requireAgent());
  app.use('/customers/*', requireAgent());
  const search = async (c: Context<AppEnv>) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    return { q, hits: await searchCustomers(c.get('tdb'), await dataKeysOf(c.get('deps').config), q) };
  };

  app.get('/customers', async (c) => {
    const { q, hits } = await search(c);
    return renderPage(c, 'Customers', <CustomerSearchPage query={q} hits={hits} />);
  });
  app.get('/customers/results', async (c) => {
    const { q, hits } = await search(c);
    if (isFragmentRequest(c)) return c.html(<SearchResults query={q} hits={hits} />);
    return renderPage(c, 'Customers', <CustomerSearchPage query={q} hits={hits} />);
  });

  const showCustomer = async (c: Context<AppEnv>, extra: { notice?: string; error?: string } = {}, status: 200 | 409 = 200) => {
    const customer = await customerOf(c);
    const agent = await currentAgent(c);
    const [phones, accounts, history] = await Promise.all([c.get('tdb').customers.phones(customer.id), customerAccounts(c.get('tdb'), customer.id, localDate(c.get('deps').clock.now(), c.get('tenant').timeZone)), customerHistory(c.get('tdb'), customer.id, 'links')]);
    return renderPage(c, `${customer.firstName} ${customer.lastName}`, <CustomerPage customer={customer} phones={phones} accounts={accounts} canWrite={can(agent.role, 'customers.write')} history={{ tab: 'links', entries: history, timeZone: c.get('tenant').timeZone }} {...extra} />, status);
  };

  const recordForm = z.object({
    firstName: z.string().trim().min(1, 'Enter the first name.').max(60),
    middleName: z.string().trim().max(60).default(''),
    lastName: z.string().trim().min(1, 'Enter the last name.').max(80),
    email: z.string().trim().max(320).refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email such as name@example.com, or leave it empty.').default(''),
    status: z.string().trim().min(1).max(40).default('Active'),
    doNotCaseFormat: z.string().optional(),
  });
  const editable = async (c: Context<AppEnv>) => {
    const agent = await agentWho(c, 'customers.write', 'Read-only staff cannot edit customers.');
    return { agent, customer: await customerOf(c) };
  };

  app.get('/customers/:id/edit', async (c) => {
    const { customer } = await editable(c);
    const values = { firstName: customer.firstName, middleName: customer.middleName ?? '', lastName: customer.lastName, email: customer.email ?? '', status: customer.status, doNotCaseFormat: customer.doNotCaseFormat ? 'on' : '' };
    return renderPage(c, 'Edit customer', <CustomerEditPage customer={customer} values={values} statuses={customerStatusesOf(c.get('tenant'))} />);
  });

  app.post('/customers/:id/edit', async (c) => {
    const { agent, customer } = await editable(c);
    const form = await parseForm(c, recordForm);
    const again = (errors: Record<string, string>) => renderPage(c, 'Edit customer', <CustomerEditPage customer={customer} values={form.values} errors={errors} statuses={customerStatusesOf(c.get('tenant'))} />, 422);
    if (!form.ok) return again(form.errors);
    const result = await updateCustomerRecord(c.get('tdb'), customer, { ...form.data, doNotCaseFormat: form.data.doNotCaseFormat === 'on' }, agent.id, c.get('deps').clock.now());
    if (!result.ok) return again(result.errors);
    return c.redirect(`/admin/customers/${encodeURIComponent(customer.id)}?saved=${encodeURIComponent('the record')}`, 303);
  });

  // A privacy access request: the customer's data as JSON; each export is itself recorded.
  app.get('/customers/:id/export.json', async (c) => {
    const agent = await agentWho(c, 'personal-data.export', 'Read-only staff cannot export personal data.');
    const now = c.get('deps').clock.now();
    const data = await exportCustomerData(c.get('tdb'), c.req.param('id'), now);
    await c.get('tdb').audit.record({ actorType: 'agent', actorId: agent.id, action: 'customer.data-exported', entityType: 'customer', entityId: data.customer.id }, now);
    return c.body(JSON.stringify(data, null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="customer-${data.customer.id}-personal-data.json"` });
  });

  // Every recorded change to the customer, or one tab's (?tab=employer…), as a JSON download.
  app.get('/customers/:id/history.json', async (c) => {
    const customer = await customerOf(c);
    const asked = c.req.query('tab');
    if (asked !== undefined && !isHistoryTab(asked)) throw new AppError('not_found', 'There is no such history.');
    const rows = await customerHistory(c.get('tdb'), customer.id, asked);
    return c.body(JSON.stringify(historyJson(customer.id, asked, rows), null, 2), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="customer-${customer.id}-${asked ? `${asked}-` : ''}history.json"` });
  });

  app.get('/customers/:id', (c) => {
    const saved = c.req.query('saved');
    return showCustomer(c, saved ? { notice: saved === 'the record' ? 'Changes to the record saved.' : `Links and access for ${saved} saved.` } : {});
  });

  app.post('/customers/:id/links/:displayId', async (c) => {
    const agent = await agentWho(c, 'customers.write', 'Read-only staff cannot change access.');
    const customerId = c.req.param('id');
    const account = await c.get('tdb').accounts.findByDisplayId(c.req.param('displayId'));
    if (!account || !(await c.get('tdb').customers.find(customerId))) throw new AppError('not_found', 'There is no such customer or account.');
    const form = await parseForm(c, linkForm);
    const v = form.values;
    const role = linkRoles.find((r) => r === v.role);
    if (!role) throw new AppError('validation', 'Choose a role from the list.');
    const now = c.get('deps').clock.now();
    try {
      for (const channel of ['emailAccess', 'webAccess', 'smsAccess'] as const) await changeLink(c.get('tdb'), { customerId, account, change: { kind: 'access', channel, on: v[channel] === 'on' }, actorId: agent.id }, now);
      await changeLink(c.get('tdb'), { customerId, account, change: { kind: 'role', role }, actorId: agent.id }, now);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showCustomer(c, { error: error.message }, 409);
      throw error;
    }
    return c.redirect(`/admin/customers/${encodeURIComponent(customerId)}?saved=${encodeURIComponent(account.displayId)}`, 303);
  });
  return app;
}

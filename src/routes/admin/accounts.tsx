import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Account } from '../../db/schema';
import { localDate } from '../../domain/dates';
import { can } from '../../domain/staff-roles';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { isFragmentRequest } from '../../http/htmx';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { newId } from '../../lib/ids';
import {
  accountView,
  createAccount,
  listAccounts,
  logOutsidePayment,
  newAccountDefaults,
  pickCustomer,
  readNewAccount,
  reversePayment,
  slotCustomers,
  takePayment,
  type Errors,
  type Values,
} from '../../services/account-admin';
import { searchCustomers } from '../../services/customer-admin';
import { addAccountCustomer, changeAccountRole, changeAccountStatus, removeAccountCustomer } from '../../services/account-servicing';
import { accountHistoryView, historyRowsJson, pageNumber } from '../../services/customer-history';
import { CustomerPicks as AccountCustomerPicks } from '../../../templates/pages/admin/account-servicing';
import { dataKeysOf } from '../../services/data-keys';
import { ServiceError } from '../../services/errors';
import { accountStatusesOf } from '../../services/servicing';
import { tenantUrl } from '../../services/tenant-url';
import { AccountListPage, AccountPage, CustomerPicks, isAccountTab, NewAccountPage, PaymentsPanel, type AccountPageProps, type AccountTab } from '../../../templates/pages/admin/accounts';
import { requireAgent } from './index';
import { agentWho, currentAgent } from './staff-access';

/** Every field is read as typed; the service checks them (a message per field, the values kept). */
const anyForm = z.record(z.string(), z.string());

/** Staff account pages: the list, opening an account, its summary, schedule and ledger, and its payments. */
export function accountAdminRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/accounts', requireAgent());
  app.use('/accounts/*', requireAgent());

  const now = (c: Context<AppEnv>) => c.get('deps').clock.now();
  const today = (c: Context<AppEnv>) => localDate(now(c), c.get('tenant').timeZone);

  /** The account named by :displayId in this tenant, or 404 (another tenant's numbers included). */
  const accountOf = async (c: Context<AppEnv>): Promise<Account> => {
    const account = await c.get('tdb').accounts.findByDisplayId(c.req.param('displayId') ?? '');
    if (!account) throw new AppError('not_found', 'There is no such account.');
    return account;
  };

  // ---- the list ----

  app.get('/accounts', async (c) => {
    const agent = await currentAgent(c);
    const q = (c.req.query('q') ?? '').slice(0, 100);
    return renderPage(c, 'Accounts', <AccountListPage query={q} rows={await listAccounts(c.get('tdb'), q)} canCreate={can(agent.role, 'accounts.write')} />);
  });

  // ---- a new account ----

  const opener = (c: Context<AppEnv>) => agentWho(c, 'accounts.write', 'Read-only staff cannot open accounts.');
  const picks = async (c: Context<AppEnv>, q: string) => (q.trim().length >= 2 ? (await searchCustomers(c.get('tdb'), await dataKeysOf(c.get('deps').config), q, { pageSize: 10 })).hits : []);
  const showNew = async (c: Context<AppEnv>, values: Values, errors: Errors = {}) => {
    const q = (values.q ?? '').slice(0, 100);
    const [hits, known] = await Promise.all([picks(c, q), slotCustomers(c.get('tdb'), values)]);
    return renderPage(c, 'Open a new account', <NewAccountPage values={values} errors={errors} statuses={accountStatusesOf(c.get('tenant'))} query={q} hits={hits} known={known} />, Object.keys(errors).length > 0 ? 422 : 200);
  };

  // The picker's search and "Link" buttons send the whole form by GET, so what was typed stays.
  app.get('/accounts/new', async (c) => {
    await opener(c);
    const query = c.req.query();
    let values: Values = { ...newAccountDefaults(c.get('tenant'), today(c)), ...query };
    if (query.pick) values = pickCustomer(values, query.pick);
    else if (query.customer) values = pickCustomer(values, query.customer);
    return showNew(c, values);
  });

  app.get('/accounts/new/customers', async (c) => {
    await opener(c);
    const q = (c.req.query('q') ?? '').slice(0, 100);
    if (isFragmentRequest(c)) return c.html(<CustomerPicks query={q} hits={await picks(c, q)} />);
    return c.redirect(`/admin/accounts/new?q=${encodeURIComponent(q)}`, 303);
  });

  app.post('/accounts/new', async (c) => {
    const agent = await opener(c);
    const { values } = await parseForm(c, anyForm);
    const read = await readNewAccount(c.get('tdb'), c.get('tenant'), values);
    if (!read.ok) return showNew(c, values, read.errors);
    const created = await createAccount(c.get('tdb'), c.get('tenant'), read.data, agent.id, now(c));
    if (!created.ok) return showNew(c, values, created.errors);
    return c.redirect(`/admin/accounts/${encodeURIComponent(created.data.displayId)}?saved=opened`, 303);
  });

  // ---- one account ----

  const showAccount = async (c: Context<AppEnv>, account: Account, tab: AccountTab, extra: Partial<AccountPageProps> = {}, status: 200 | 409 | 422 = 200) => {
    const agent = await currentAgent(c);
    const timeZone = c.get('tenant').timeZone;
    const query = extra.find?.query ?? '';
    const [view, history, hits] = await Promise.all([
      accountView(c.get('tdb'), c.get('tenant'), account, today(c)),
      tab === 'history' ? accountHistoryView(c.get('tdb'), account, pageNumber(c.req.query('history')), timeZone) : undefined,
      extra.find ? picks(c, query) : [],
    ]);
    const props: AccountPageProps = {
      view,
      tab,
      timeZone,
      can: { log: can(agent.role, 'payments.take'), process: can(agent.role, 'payments.take'), reverse: can(agent.role, 'payments.reverse'), service: can(agent.role, 'accounts.write') },
      statuses: accountStatusesOf(c.get('tenant')),
      history,
      processKey: extra.process?.values.key && /^[A-Za-z0-9_-]{16,64}$/.test(extra.process.values.key) ? extra.process.values.key : newId(),
      ...extra,
      find: { query, hits },
    };
    return renderPage(c, `${account.displayId} · ${account.productName}`, <AccountPage {...props} />, status);
  };

  const savedNotice = (account: Account, saved: string | undefined): string | undefined => {
    if (saved === 'opened') return `${account.displayId} is open.`;
    if (saved === 'logged') return 'The payment is posted to the ledger.';
    if (saved === 'reversed') return 'The payment is reversed.';
    if (saved && /^P-[0-9A-Z]{8}$/.test(saved)) return `Payment ${saved} is on its way: its status is below.`;
    if (saved === 'status') return `${account.displayId} is now ${account.status}.`;
    if (saved === 'customer-added') return 'The customer is added to the account.';
    if (saved === 'role') return 'The role is saved.';
    if (saved === 'customer-removed') return 'The customer is no longer on the account.';
    return undefined;
  };

  app.get('/accounts/:displayId', async (c) => {
    const account = await accountOf(c);
    const asked = c.req.query('tab');
    if (asked !== undefined && !isAccountTab(asked)) throw new AppError('not_found', 'There is no such section.');
    // The add-a-customer form's search (sent by GET without JavaScript) keeps what was chosen in it.
    const q = c.req.query('q');
    const find = q !== undefined ? { find: { query: q.slice(0, 100), hits: [] }, servicing: { add: { values: c.req.query(), errors: {} } } } : {};
    return showAccount(c, account, asked ?? 'summary', { notice: savedNotice(account, c.req.query('saved')), ...find });
  });

  // ---- servicing: status, the customers on the account and their roles ----

  const servicer = async (c: Context<AppEnv>) => {
    const account = await accountOf(c);
    const agent = await agentWho(c, 'accounts.write', 'Read-only staff cannot change accounts.');
    return { account, agent };
  };
  const servicedTo = (c: Context<AppEnv>, account: Account, saved: string, anchor: string) => c.redirect(`/admin/accounts/${encodeURIComponent(account.displayId)}?saved=${saved}#${anchor}`, 303);
  /** A refused change (the only Primary stepping down, AutoPay on…): the summary with the reason, 409. */
  const refused = async <T,>(c: Context<AppEnv>, account: Account, run: () => Promise<T>): Promise<T | Response> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showAccount(c, account, 'summary', { error: error.message }, 409);
      if (error instanceof ServiceError && error.code === 'not_found') throw new AppError('not_found', error.message);
      throw error;
    }
  };

  // The customers found for "Add a customer": the choices alone for htmx, else the summary with them.
  app.get('/accounts/:displayId/customers', async (c) => {
    const account = await accountOf(c);
    await currentAgent(c);
    const q = (c.req.query('q') ?? '').slice(0, 100);
    if (!isFragmentRequest(c)) return c.redirect(`/admin/accounts/${encodeURIComponent(account.displayId)}?q=${encodeURIComponent(q)}#add-customer`, 303);
    const holders = await c.get('tdb').accounts.links(account.id);
    return c.html(<AccountCustomerPicks query={q} hits={await picks(c, q)} onAccount={new Set(holders.map((h) => h.customerId))} />);
  });

  app.post('/accounts/:displayId/status', async (c) => {
    const { account, agent } = await servicer(c);
    const { values } = await parseForm(c, anyForm);
    const result = await changeAccountStatus(c.get('tdb'), c.get('tenant'), account, values.status ?? '', agent.id, now(c));
    if (!result.ok) return showAccount(c, account, 'summary', { servicing: { status: { values, errors: result.errors } } }, 422);
    return servicedTo(c, account, 'status', 'account-status');
  });

  app.post('/accounts/:displayId/customers', async (c) => {
    const { account, agent } = await servicer(c);
    const { values } = await parseForm(c, anyForm);
    const on = (k: string) => values[k] === 'on';
    const result = await refused(c, account, () =>
      addAccountCustomer(c.get('tdb'), account, { customerId: (values.customer ?? '').trim(), role: values.role ?? '', emailAccess: on('emailAccess'), webAccess: on('webAccess'), smsAccess: on('smsAccess') }, agent.id, now(c)),
    );
    if (result instanceof Response) return result;
    if (!result.ok) return showAccount(c, account, 'summary', { servicing: { add: { values, errors: result.errors } }, find: { query: (values.q ?? '').slice(0, 100), hits: [] } }, 422);
    return servicedTo(c, account, 'customer-added', 'account-customers');
  });

  app.post('/accounts/:displayId/customers/:customerId/role', async (c) => {
    const { account, agent } = await servicer(c);
    const customerId = c.req.param('customerId');
    const { values } = await parseForm(c, anyForm);
    const result = await refused(c, account, () => changeAccountRole(c.get('tdb'), account, customerId, values.role ?? '', { type: 'agent', id: agent.id }, now(c)));
    if (result instanceof Response) return result;
    if (!result.ok) return showAccount(c, account, 'summary', { servicing: { role: { customerId, values, errors: result.errors } } }, 422);
    return servicedTo(c, account, 'role', 'account-customers');
  });

  app.post('/accounts/:displayId/customers/:customerId/remove', async (c) => {
    const { account, agent } = await servicer(c);
    const result = await refused(c, account, () => removeAccountCustomer(c.get('tdb'), account, c.req.param('customerId'), agent.id, now(c)));
    if (result instanceof Response) return result;
    return servicedTo(c, account, 'customer-removed', 'account-customers');
  });

  // Every recorded change to the account, as a JSON download.
  app.get('/accounts/:displayId/history.json', async (c) => {
    const account = await accountOf(c);
    await currentAgent(c);
    const rows = await c.get('tdb').audit.history('account', account.id);
    return c.body(JSON.stringify({ account: account.displayId, history: await historyRowsJson(c.get('tdb'), rows) }, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="account-${account.displayId}-history.json"`,
    });
  });

  // The payments panel, refreshed while a payment is on its way.
  app.get('/accounts/:displayId/payments', async (c) => {
    const account = await accountOf(c);
    if (!isFragmentRequest(c)) return c.redirect(`/admin/accounts/${encodeURIComponent(account.displayId)}?tab=payments`, 303);
    await currentAgent(c);
    return c.html(<PaymentsPanel view={await accountView(c.get('tdb'), c.get('tenant'), account, today(c))} />);
  });

  app.post('/accounts/:displayId/payments/log', async (c) => {
    const account = await accountOf(c);
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot post payments.');
    const { values } = await parseForm(c, anyForm);
    const result = await logOutsidePayment(c.get('tdb'), c.get('tenant'), account, values, agent.id, now(c));
    if (!result.ok) return showAccount(c, account, 'payments', { log: { values, errors: result.errors } }, 422);
    return c.redirect(`/admin/accounts/${encodeURIComponent(account.displayId)}?tab=ledger&saved=logged`, 303);
  });

  app.post('/accounts/:displayId/payments/process', async (c) => {
    const account = await accountOf(c);
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot take payments.');
    const { values } = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const deps = { queue: c.get('deps').queue, portalUrl: (path: string) => tenantUrl(c.get('deps').config, tenant.slug, path) };
    const result = await takePayment(c.get('tdb'), tenant, deps, account, values, agent.id, now(c));
    if (!result.ok) return showAccount(c, account, 'payments', { process: { values, errors: result.errors } }, 422);
    return c.redirect(`/admin/accounts/${encodeURIComponent(account.displayId)}?tab=payments&saved=${encodeURIComponent(result.data.reference)}`, 303);
  });

  app.post('/accounts/:displayId/payments/:ledgerId/reverse', async (c) => {
    const account = await accountOf(c);
    const agent = await agentWho(c, 'payments.reverse', 'Only managers and owners can reverse payments.');
    const ledgerId = c.req.param('ledgerId');
    const { values } = await parseForm(c, anyForm);
    try {
      const result = await reversePayment(c.get('tdb'), c.get('tenant'), c.get('deps').processor, account, ledgerId, values, agent.id, now(c));
      if (!result.ok) return showAccount(c, account, 'ledger', { reverse: { ledgerId, values, errors: result.errors } }, 422);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'conflict') return showAccount(c, account, 'ledger', { error: error.message }, 409);
      throw error;
    }
    return c.redirect(`/admin/accounts/${encodeURIComponent(account.displayId)}?tab=ledger&saved=reversed`, 303);
  });

  return app;
}

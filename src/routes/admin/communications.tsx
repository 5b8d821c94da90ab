import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { excerpt } from '../../domain/plain-text';
import { staffSafeEmail, staffSafeSms } from '../../domain/sensitive-messages';
import { can } from '../../domain/staff-roles';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { holdStaffToken } from '../../http/middleware/view-as';
import { clientIp, sessionCookieName, setSessionCookie } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { customerHistoryView, pageNumber, staffDirectory } from '../../services/customer-history';
import { localDate } from '../../domain/dates';
import { confirmationWordOf, confirmsDeletion, deleteCustomerData, reasonProblem, requestDeletion, withdrawDeletion } from '../../services/privacy';
import { signInSettingsOf, startSession } from '../../services/sign-in';
import { CommunicationsPage, EmailTextPage } from '../../../templates/pages/admin/communications';
import { PrivacyPage } from '../../../templates/pages/admin/privacy';
import { customerName } from '../../../templates/pages/admin/customer-shell';
import { requireAgent } from './index';
import { agentWho, currentAgent, customerOf } from './staff-access';

const deleteForm = z.object({
  confirm: z.string().trim().max(120).default(''),
  reason: z.string().trim().min(1, 'Say why the data is deleted (for example, the customer’s request and its date).').max(500, 'Keep the reason under 500 characters.').default(''),
});

const approveForm = z.object({ confirm: z.string().trim().max(120).default('') });

const deletedNotices: Record<string, string> = {
  '1': 'The personal data is deleted. The accounts, their ledgers and payments are kept.',
  already: 'The personal data had already been deleted: nothing more was done.',
  'processor-left':
    'The personal data is deleted. The accounts, their ledgers and payments are kept. The card processor could not delete its own record of the customer: delete it in the processor’s dashboard, using the id under “Card processor’s customer to delete by hand” in the “Personal data deleted” entry of the history below.',
};
const requestNotices: Record<string, string> = {
  requested: 'The deletion is asked for. Nothing is deleted until another manager or owner approves it here.',
  withdrawn: 'The deletion request is withdrawn: nothing was deleted.',
  'not-pending': 'That deletion request is no longer waiting: it was withdrawn or approved meanwhile.',
};

/** A customer's communication history, privacy tools and view-as-borrower. */
export function communicationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/customers/*', requireAgent());

  app.get('/customers/:id/communications', async (c) => {
    await currentAgent(c);
    const customer = await customerOf(c);
    const tdb = c.get('tdb');
    const [emails, sms, mail, links] = await Promise.all([tdb.emails.forCustomer(customer.id), tdb.sms.forCustomer(customer.id), tdb.profile.mail(customer.id), tdb.accounts.forCustomer(customer.id)]);
    const accountNames: Record<string, string> = Object.fromEntries(links.map((l) => [l.account.id, l.account.displayId]));
    for (const id of new Set(mail.map((m) => m.accountId).filter((id): id is string => !!id && !accountNames[id]))) {
      const account = await tdb.accounts.find(id);
      if (account) accountNames[id] = account.displayId;
    }
    // Sign-in links and codes are hidden from staff (the message is kept whole: see domain/sensitive-messages).
    const items = emails.map((email) => {
      const safe = staffSafeEmail(email);
      const cut = excerpt(safe.text, 500);
      return { email: { ...email, subject: safe.subject }, excerpt: cut.text, truncated: cut.truncated, hidden: safe.hidden };
    });
    const thread = sms.map((m) => {
      const safe = staffSafeSms(m.body);
      return { ...m, body: safe.body, hidden: safe.hidden };
    });
    return renderPage(c, `${customerName(customer)} · Communication history`, <CommunicationsPage customer={customer} emails={items} sms={thread} mail={mail} accountNames={accountNames} timeZone={c.get('tenant').timeZone} />);
  });

  app.get('/customers/:id/communications/emails/:emailId', async (c) => {
    await currentAgent(c);
    const customer = await customerOf(c);
    const email = await c.get('tdb').emails.find(c.req.param('emailId'));
    if (!email || email.customerId !== customer.id) throw new AppError('not_found', 'There is no such email for this customer.');
    const safe = staffSafeEmail(email);
    return renderPage(c, `${safe.subject} · ${customerName(customer)}`, <EmailTextPage customer={customer} email={{ ...email, subject: safe.subject }} text={safe.text} hidden={safe.hidden} timeZone={c.get('tenant').timeZone} />);
  });

  const showPrivacy = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: Record<string, string>; approve?: { values: Record<string, string>; errors: Record<string, string> }; notice?: string | undefined; error?: string; deletionError?: string } = {}, status: 200 | 403 | 409 | 422 = 200) => {
    const agent = await currentAgent(c);
    const customer = await customerOf(c);
    const tdb = c.get('tdb');
    const timeZone = c.get('tenant').timeZone;
    const [history, request, staff] = await Promise.all([customerHistoryView(tdb, customer.id, 'privacy', pageNumber(c.req.query('history')), timeZone), tdb.privacy.requests.pending(customer.id), staffDirectory(tdb)]);
    const pending = request ? { id: request.id, reason: request.reason, requestedAt: request.requestedAt, requestedBy: staff.label(request.requestedBy, request.requestedAt), mine: request.requestedBy === agent.id } : undefined;
    return renderPage(
      c,
      `${customerName(customer)} · Privacy`,
      <PrivacyPage customer={customer} canExport={can(agent.role, 'personal-data.export')} canDelete={can(agent.role, 'personal-data.delete')} confirmWord={confirmationWordOf(customer)} timeZone={timeZone} history={history} pending={pending} {...extra} />,
      status,
    );
  };

  app.get('/customers/:id/privacy', (c) => {
    const q = c.req.query();
    const notice = deletedNotices[q.deleted ?? ''] ?? requestNotices[q.request ?? ''] ?? (q.viewed ? 'You are back in the staff area.' : undefined);
    return showPrivacy(c, { notice });
  });

  const privacyBase = (customerId: string) => `/admin/customers/${encodeURIComponent(customerId)}/privacy`;
  const today = (c: Context<AppEnv>) => localDate(c.get('deps').clock.now(), c.get('tenant').timeZone);

  // The first of two people: a manager or owner asks, with the reason. Nothing is deleted yet.
  app.post('/customers/:id/privacy/delete', async (c) => {
    const customer = await customerOf(c);
    const agent = await agentWho(c, 'personal-data.delete', 'Only managers and owners can delete personal data.');
    const base = privacyBase(customer.id);
    if (customer.anonymisedAt) return c.redirect(`${base}?deleted=already`, 303);
    const form = await parseForm(c, deleteForm);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    if (!errors.confirm && !confirmsDeletion(customer, form.values.confirm ?? '')) {
      errors.confirm = `Type the customer’s last name, “${confirmationWordOf(customer)}”, to confirm the deletion.`;
    }
    if (!errors.reason && form.ok) {
      const phones = (await c.get('tdb').customers.phones(customer.id)).map((p) => p.number);
      const problem = reasonProblem(customer, [...phones, ...(customer.mfaPhone ? [customer.mfaPhone] : [])], form.data.reason);
      if (problem) errors.reason = problem;
    }
    if (!form.ok || Object.keys(errors).length > 0) return showPrivacy(c, { values: form.values, errors }, 422);

    const outcome = await requestDeletion(c.get('tdb'), { customer, reason: form.data.reason, agentId: agent.id, requestId: c.get('requestId') }, today(c), c.get('deps').clock.now());
    switch (outcome.kind) {
      case 'requested':
        return c.redirect(`${base}?request=requested#deletion-action`, 303);
      case 'already':
        return c.redirect(`${base}?deleted=already`, 303);
      case 'pending':
        return showPrivacy(c, { values: form.values, deletionError: 'A deletion request for this customer is already waiting for approval: approve or withdraw it below.' }, 409);
      case 'blocked':
        return showPrivacy(c, { values: form.values, deletionError: outcome.message }, 409);
    }
  });

  // The second person: a different manager or owner approves, and the data is deleted.
  app.post('/customers/:id/privacy/delete/:deletionId/approve', async (c) => {
    const customer = await customerOf(c);
    const agent = await agentWho(c, 'personal-data.delete', 'Only managers and owners can approve a deletion of personal data.');
    const base = privacyBase(customer.id);
    if (customer.anonymisedAt) return c.redirect(`${base}?deleted=already`, 303);
    const form = await parseForm(c, approveForm);
    if (!confirmsDeletion(customer, form.values.confirm ?? '')) {
      return showPrivacy(c, { approve: { values: form.values, errors: { confirm: `Type the customer’s last name, “${confirmationWordOf(customer)}”, to approve the deletion.` } } }, 422);
    }
    const deps = c.get('deps');
    // Another customer's request id is a ServiceError not_found: 404.
    const outcome = await deleteCustomerData(c.get('tdb'), { files: deps.files, logger: c.get('logger'), processor: deps.processor }, { customer, deletionId: c.req.param('deletionId'), approverId: agent.id, requestId: c.get('requestId') }, today(c), deps.clock.now());
    switch (outcome.kind) {
      case 'deleted':
        c.get('logger').info('personal data deleted', { customer: customer.id, filesLeft: outcome.filesLeft, processorCustomer: outcome.processorCustomer });
        return c.redirect(`${base}?deleted=${outcome.processorCustomer === 'left' ? 'processor-left' : '1'}`, 303);
      case 'already':
        return c.redirect(`${base}?deleted=already`, 303);
      case 'not_pending':
        return c.redirect(`${base}?request=not-pending`, 303);
      case 'same_person':
        return showPrivacy(c, { deletionError: 'You asked for this deletion, so you cannot approve it: a different manager or owner must.' }, 403);
      case 'blocked':
        return showPrivacy(c, { approve: { values: form.values, errors: {} }, deletionError: outcome.message }, 409);
    }
  });

  // The asker changing their mind, or another manager or owner declining it.
  app.post('/customers/:id/privacy/delete/:deletionId/withdraw', async (c) => {
    const customer = await customerOf(c);
    const agent = await agentWho(c, 'personal-data.delete', 'Only managers and owners can withdraw a deletion request.');
    const done = await withdrawDeletion(c.get('tdb'), { customer, deletionId: c.req.param('deletionId'), agentId: agent.id, requestId: c.get('requestId') }, c.get('deps').clock.now());
    return c.redirect(`${privacyBase(customer.id)}?request=${done === 'withdrawn' ? 'withdrawn' : 'not-pending'}`, 303);
  });

  // The borrower's portal, read-only, through a session of theirs flagged with the agent (see middleware/view-as).
  app.post('/customers/:id/view-as', async (c) => {
    const agent = await agentWho(c, 'borrower.view-as', 'Your role cannot view as a borrower.');
    const customer = await customerOf(c);
    if (customer.anonymisedAt) return showPrivacy(c, { error: 'This customer’s personal data was deleted: they can no longer sign in, so there is no portal to view.' }, 409);
    const staffToken = getCookie(c, sessionCookieName(c));
    if (!staffToken) throw new AppError('forbidden', 'Sign in again.');
    const tdb = c.get('tdb');
    const now = c.get('deps').clock.now();
    const { token } = await startSession(tdb, { type: 'customer', id: customer.id }, signInSettingsOf(c.get('tenant')), { mfaPassed: true, viewedByAgentId: agent.id, userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) }, now);
    await tdb.audit.record({ actorType: 'agent', actorId: agent.id, action: 'borrower.viewed-as', entityType: 'customer', entityId: customer.id, requestId: c.get('requestId') }, now);
    holdStaffToken(c, staffToken);
    setSessionCookie(c, token);
    return c.redirect('/', 303);
  });

  return app;
}

import { Hono } from 'hono';
import { z } from 'zod';
import type { EmailRecord, SmsRecord } from '../../db/schema';
import type { TenantDb } from '../../db/tenant';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { isFragmentRequest } from '../../http/htmx';
import { renderPage } from '../../http/render';
import { emailField, parseForm } from '../../http/validate';
import { newId } from '../../lib/ids';
import { queueEmail } from '../../services/notifications';
import { OUTBOX_LIST_ID, OutboxList, OutboxMessage, OutboxPage, TestEmailForm } from '../../../templates/pages/dev-outbox';

const testEmailForm = z.object({
  to: emailField(),
  note: z.string().trim().max(2000, 'Keep the message under 2,000 characters.').default(''),
});

/**
 * The messages as they went out: the emails and texts kept for staff have their links and codes
 * hidden, so the developer's whole copies (dev_outbox, written only where these pages exist) are
 * laid over them.
 */
async function wholeEmails(tdb: TenantDb, emails: EmailRecord[]): Promise<EmailRecord[]> {
  const copies = await tdb.devOutbox.emailCopies(emails.map((e) => e.messageId));
  return emails.map((e) => {
    const copy = copies.get(e.messageId);
    return copy ? { ...e, subject: copy.subject ?? e.subject, html: copy.html ?? e.html, text: copy.text } : e;
  });
}

async function wholeTexts(tdb: TenantDb, texts: SmsRecord[]): Promise<SmsRecord[]> {
  const copies = await tdb.devOutbox.smsCopies(texts.map((m) => m.id));
  return texts.map((m) => ({ ...m, body: copies.get(m.id)?.text ?? m.body }));
}

const recentEmails = async (tdb: TenantDb) => wholeEmails(tdb, await tdb.emails.recent(100));
const recentTexts = async (tdb: TenantDb) => wholeTexts(tdb, await tdb.sms.recent(50));

async function oneEmail(tdb: TenantDb, id: string): Promise<EmailRecord> {
  const email = await tdb.emails.find(id);
  if (!email) throw new AppError('not_found', 'There is no such email in this portal’s outbox.');
  return (await wholeEmails(tdb, [email]))[0]!;
}

/** Local-only developer tools on a tenant host; never mounted in production. */
export function devRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/outbox', async (c) => {
    const tenant = c.get('tenant');
    const emails = await recentEmails(c.get('tdb'));
    if (isFragmentRequest(c) && c.req.header('hx-target') === OUTBOX_LIST_ID) {
      return c.html(<OutboxList emails={emails} timeZone={tenant.timeZone} />);
    }
    return renderPage(c, 'Developer outbox', <OutboxPage emails={emails} sms={await recentTexts(c.get('tdb'))} timeZone={tenant.timeZone} form={<TestEmailForm />} />);
  });

  app.post('/outbox', async (c) => {
    const form = await parseForm(c, testEmailForm);
    const tenant = c.get('tenant');
    if (!form.ok) {
      const fragment = <TestEmailForm values={form.values} errors={form.errors} />;
      if (isFragmentRequest(c)) return c.html(fragment, 422);
      return renderPage(c, 'Developer outbox', <OutboxPage emails={await recentEmails(c.get('tdb'))} sms={await recentTexts(c.get('tdb'))} timeZone={tenant.timeZone} form={fragment} />, 422);
    }
    await queueEmail(c.get('deps'), {
      id: newId(),
      tenantId: tenant.id,
      to: form.data.to,
      template: 'test',
      data: { note: form.data.note },
    });
    if (isFragmentRequest(c)) return c.html(<TestEmailForm queuedTo={form.data.to} />);
    return c.redirect('/dev/outbox', 303);
  });

  app.get('/outbox/:id', async (c) => {
    const email = await oneEmail(c.get('tdb'), c.req.param('id'));
    return renderPage(c, email.subject, <OutboxMessage email={email} timeZone={c.get('tenant').timeZone} />);
  });

  // The email's own HTML, shown in a sandboxed frame: no scripts, no access to the portal's origin.
  app.get('/outbox/:id/html', async (c) => {
    const email = await oneEmail(c.get('tdb'), c.req.param('id'));
    // Links open in a new tab: inside the frame they would hit the portal's frame-ancestors 'none'.
    const html = email.html.replace(/<head>/i, '<head><base target="_blank">');
    return c.html(html, 200, {
      'Content-Security-Policy': "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
    });
  });

  return app;
}

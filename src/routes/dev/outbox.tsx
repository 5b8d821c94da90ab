import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { isFragmentRequest } from '../../http/htmx';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { newId } from '../../lib/ids';
import { OUTBOX_LIST_ID, OutboxList, OutboxMessage, OutboxPage, TestEmailForm } from '../../../templates/pages/dev-outbox';

const testEmailForm = z.object({
  to: z.email('Enter an email address such as name@example.com.'),
  note: z.string().trim().max(2000, 'Keep the message under 2,000 characters.').default(''),
});

/** Local-only developer tools on a tenant host; never mounted in production. */
export function devRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/outbox', async (c) => {
    const tenant = c.get('tenant');
    const emails = await c.get('tdb').emails.recent(100);
    if (isFragmentRequest(c) && c.req.header('hx-target') === OUTBOX_LIST_ID) {
      return c.html(<OutboxList emails={emails} timeZone={tenant.timeZone} />);
    }
    return renderPage(c, 'Developer outbox', <OutboxPage emails={emails} sms={await c.get('tdb').sms.recent(50)} timeZone={tenant.timeZone} form={<TestEmailForm />} />);
  });

  app.post('/outbox', async (c) => {
    const form = await parseForm(c, testEmailForm);
    const tenant = c.get('tenant');
    if (!form.ok) {
      const fragment = <TestEmailForm values={form.values} errors={form.errors} />;
      if (isFragmentRequest(c)) return c.html(fragment, 422);
      const emails = await c.get('tdb').emails.recent(100);
      return renderPage(c, 'Developer outbox', <OutboxPage emails={emails} sms={await c.get('tdb').sms.recent(50)} timeZone={tenant.timeZone} form={fragment} />, 422);
    }
    await c.get('deps').queue.send('email', {
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
    const email = await c.get('tdb').emails.find(c.req.param('id'));
    if (!email) throw new AppError('not_found', 'There is no such email in this portal’s outbox.');
    return renderPage(c, email.subject, <OutboxMessage email={email} timeZone={c.get('tenant').timeZone} />);
  });

  // The email's own HTML, shown in a sandboxed frame: no scripts, no access to the portal's origin.
  app.get('/outbox/:id/html', async (c) => {
    const email = await c.get('tdb').emails.find(c.req.param('id'));
    if (!email) throw new AppError('not_found', 'There is no such email in this portal’s outbox.');
    // Links open in a new tab: inside the frame they would hit the portal's frame-ancestors 'none'.
    const html = email.html.replace(/<head>/i, '<head><base target="_blank">');
    return c.html(html, 200, {
      'Content-Security-Policy': "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
    });
  });

  return app;
}

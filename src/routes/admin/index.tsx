import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isIsoDate, localDate } from '../../domain/dates';
import { earliestPaymentDate, paymentSettingsOf } from '../../services/payment-settings';
import { parseForm } from '../../http/validate';
import { nachaFileFor } from '../../services/ach';
import { dataKeysOf } from '../../services/data-keys';
import { ServiceError } from '../../services/errors';
import { recordAchReturn } from '../../services/payments';
import { tenantUrl } from '../../services/tenant-url';
import { AchPage } from '../../../templates/pages/admin/ach';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { renderPage } from '../../http/render';
import { factorsOf } from '../../services/mfa';
import { AdminHome } from '../../../templates/pages/admin/home';
import { agentWho, currentAgent } from './staff-access';
import { can } from '../../domain/staff-roles';
import { pendingDeletions } from '../../services/privacy';

/** Staff pages need a staff session that passed its second step (always required for staff). */
export function requireAgent() {
  return createMiddleware<AppEnv>(async function requireAgent(c, next) {
    const session = c.get('session');
    if (!session || session.subjectType !== 'agent' || !session.mfaPassed) {
      const back = new URL(c.req.url);
      return c.redirect(`/admin/login?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
    }
    await next();
  });
}

/** The lender's staff area at /admin (its tools arrive with the agent-admin work). */
export function adminRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', requireAgent(), async (c) => {
    const session = c.get('session')!;
    const agent = await c.get('tdb').agents.find(session.subjectId);
    if (!agent) return c.redirect('/admin/login', 303);
    const tdb = c.get('tdb');
    const [factors, deletions] = await Promise.all([factorsOf(tdb, { type: 'agent', id: agent.id }), can(agent.role, 'personal-data.delete') ? pendingDeletions(tdb, agent.id) : undefined]);
    const secondStep = factors.totp ? 'Authenticator app' : factors.passkeys > 0 ? 'Passkey' : 'Code by email';
    return renderPage(c, 'Staff area', <AdminHome name={agent.name} email={agent.email} role={agent.role} lender={c.get('tenant').name} secondStep={secondStep} deletions={deletions} />);
  });

  const showAch = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string; error?: string } = {}, status: 200 | 404 | 409 | 422 = 200) => {
    const agent = await currentAgent(c);
    return renderPage(c, 'Bank payments', <AchPage days={await c.get('tdb').payments.bankDays()} canWrite={can(agent.role, 'payments.take')} {...extra} />, status);
  };

  app.get('/ach', requireAgent(), (c) => showAch(c));

  app.get('/ach/:file{\\d{4}-\\d{2}-\\d{2}\\.ach}', requireAgent(), async (c) => {
    // The file holds borrowers' full account numbers: staff who can act on payments only.
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot download ACH files.');
    const day = c.req.param('file').slice(0, 10);
    const tenant = c.get('tenant');
    const settings = paymentSettingsOf(tenant);
    const now = c.get('deps').clock.now();
    // Bank payments for a day are taken until its cut-off: a file built earlier would miss the later ones.
    if (day > localDate(now, tenant.timeZone) || (day === localDate(now, tenant.timeZone) && earliestPaymentDate(settings, now, tenant.timeZone, 'bank') === day)) {
      return showAch(c, { error: `The file for ${day} can be built after the ${settings.cutoffTime} cut-off, when no more payments can be made for that day.` }, 409);
    }
    try {
      const file = await nachaFileFor(c.get('tdb'), c.get('tenant'), await dataKeysOf(c.get('deps').config), day, c.get('deps').clock.now());
      await c.get('tdb').audit.record({ actorType: 'agent', actorId: agent.id, action: 'ach.file-downloaded', entityType: 'ach_file', entityId: day, after: { entries: file.entries, total: file.total } }, c.get('deps').clock.now());
      return c.body(file.text, 200, { 'content-type': 'text/plain; charset=us-ascii', 'content-disposition': `attachment; filename="${file.fileName}"`, 'x-content-type-options': 'nosniff' });
    } catch (error) {
      if (error instanceof ServiceError) return showAch(c, { error: error.message }, error.code === 'not_found' ? 404 : 422);
      throw error;
    }
  });

  app.post('/ach/returns', requireAgent(), async (c) => {
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot record returns.');
    const form = await parseForm(c, returnForm);
    if (!form.ok) return showAch(c, { values: form.values, errors: form.errors }, 422);
    try {
      const tenant = c.get('tenant');
      const payment = await recordAchReturn(c.get('tdb'), tenant, { processor: c.get('deps').processor, queue: c.get('deps').queue, portalUrl: (path) => tenantUrl(c.get('deps').config, tenant.slug, path) }, { reference: form.data.reference, code: form.data.code, date: form.data.date, actorId: agent.id }, c.get('deps').clock.now());
      return showAch(c, { notice: `Payment ${payment.reference} is recorded as returned (${form.data.code}) and reversed on the account.` });
    } catch (error) {
      if (error instanceof ServiceError) return showAch(c, { values: form.values, errors: { reference: error.message } }, error.code === 'not_found' ? 404 : 409);
      throw error;
    }
  });
  return app;
}

const returnForm = z.object({
  reference: z.string().trim().min(1, 'Enter the payment reference.').max(20),
  code: z.string().regex(/^R\d\d$/, 'Choose a return code.'),
  date: z.string().refine(isIsoDate, 'Enter the return date.'),
});

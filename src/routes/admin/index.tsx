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
import { AppError } from '../../http/errors';
import { isHtmxRequest } from '../../http/htmx';
import { heldFormFor, holdForm, releaseHeldForm } from '../../services/held-forms';
import { signInSettingsOf } from '../../services/sign-in';
import { HeldFormPage } from '../../../templates/pages/admin/held-form';
import { customerName, customerTabs } from '../../../templates/pages/admin/customer-shell';
import { pendingDeletions } from '../../services/privacy';

/** The page a request came from, when it is one of ours (same origin): where to go back to. */
function refererPath(c: Context<AppEnv>): string | null {
  const referer = c.req.header('referer');
  if (!referer) return null;
  try {
    const from = new URL(referer);
    return from.origin === new URL(c.req.url).origin && from.pathname.startsWith('/admin') ? from.pathname + from.search : null;
  } catch {
    return null;
  }
}

const isUrlEncoded = (c: Context<AppEnv>) => (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded');

/**
 * A staff form sent after the session ended (idle too long): kept for that staff member, encrypted
 * and without secrets, under a one-time token; signing in again leads to it (/admin/held/<token>).
 * File uploads are not kept (a file is chosen again): they go back to the page they came from.
 */
async function holdPosted(c: Context<AppEnv>, agentId: string): Promise<string | null> {
  if (!isUrlEncoded(c)) return null;
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    return null;
  }
  const fields = Object.entries(body).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').map((x) => [name, x] as [string, string]));
  const token = await holdForm(c.get('tdb'), await dataKeysOf(c.get('deps').config), { agentId, action: new URL(c.req.url).pathname, returnTo: refererPath(c), fields }, c.get('deps').clock.now());
  return `/admin/held/${token}`;
}

const released = new WeakSet<Request>();

/**
 * Staff pages need a staff session that passed its second step (always required for staff). Others
 * are sent to sign in and brought back; a form they sent is kept for them (holdPosted), and htmx
 * requests are told to go there as a whole page (HX-Redirect), not to swap the sign-in page in.
 */
export function requireAgent() {
  return createMiddleware<AppEnv>(async function requireAgent(c, next) {
    const session = c.get('session');
    if (!session || session.subjectType !== 'agent' || !session.mfaPassed) {
      const back = new URL(c.req.url);
      let to = back.pathname + back.search;
      // Kept only for the staff member whose session this very request found ended (never for a stranger's post).
      const ended = c.get('endedStaffId');
      if (c.req.method === 'POST') to = (ended ? await holdPosted(c, ended) : null) ?? refererPath(c) ?? '/admin';
      const login = `/admin/login?next=${encodeURIComponent(to)}`;
      if (isHtmxRequest(c)) {
        c.header('HX-Redirect', login);
        return c.body(null, 401);
      }
      return c.redirect(login, 303);
    }
    // A kept form sent again: it is used up (once, though several areas' middleware see the request).
    if (c.req.method === 'POST' && isUrlEncoded(c) && !released.has(c.req.raw)) {
      released.add(c.req.raw);
      const held = (await c.req.parseBody())._held;
      if (typeof held === 'string' && held) await releaseHeldForm(c.get('tdb'), held);
    }
    await next();
  });
}

/** What a kept form was saving, in words: "the Notes of Jordan Rivera". */
async function targetOf(c: Context<AppEnv>, action: string): Promise<string> {
  const customer = /^\/admin\/customers\/([^/]+)(\/[^/]+)?/.exec(action);
  if (customer && customer[1] !== 'new') {
    const found = await c.get('tdb').customers.find(decodeURIComponent(customer[1]!));
    const tab = customerTabs.find(([path]) => path !== '' && path === (customer[2] ?? ''));
    if (found) return `${tab ? `the ${tab[1]} of ` : 'the record of '}${customerName(found)}`;
  }
  const account = /^\/admin\/accounts\/([^/]+)/.exec(action);
  if (account && account[1] !== 'new') return `account ${decodeURIComponent(account[1]!)}`;
  return 'your changes';
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

  // A form kept across an ended session, shown back after signing in again (see requireAgent).
  const heldOf = async (c: Context<AppEnv>) => {
    const agent = await currentAgent(c);
    const token = c.req.param('token') ?? '';
    const form = await heldFormFor(c.get('tdb'), await dataKeysOf(c.get('deps').config), token, agent.id, c.get('deps').clock.now());
    if (!form) throw new AppError('not_found', 'That kept form is no longer here: it was saved or discarded, or it is more than an hour old.');
    return { token, form };
  };
  app.get('/held/:token', requireAgent(), async (c) => {
    const { token, form } = await heldOf(c);
    const settings = signInSettingsOf(c.get('tenant'));
    return renderPage(c, 'Finish saving', <HeldFormPage token={token} form={form} target={await targetOf(c, form.action)} idleMinutes={settings.staffIdleMinutes ?? 30} />);
  });
  app.post('/held/:token/discard', requireAgent(), async (c) => {
    const { token, form } = await heldOf(c);
    await releaseHeldForm(c.get('tdb'), token);
    return c.redirect(form.returnTo ?? '/admin', 303);
  });

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

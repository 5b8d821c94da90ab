import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { parseForm } from '../../http/validate';
import { formatDay } from '../../lib/format';
import { achPageData, buildAchFile, sentAchFile, type AchDeps } from '../../services/ach';
import { recordAchReturn } from '../../services/ach-returns';
import { dataKeysOf } from '../../services/data-keys';
import { ServiceError } from '../../services/errors';
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

  const achDeps = async (c: Context<AppEnv>): Promise<AchDeps> => ({ keys: await dataKeysOf(c.get('deps').config), production: c.get('deps').config.APP_ENV === 'production' });
  const showAch = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string; error?: string; built?: string } = {}, status: 200 | 404 | 409 | 422 = 200) => {
    const agent = await currentAgent(c);
    const data = await achPageData(c.get('tdb'), c.get('tenant'), c.get('deps').clock.now());
    // Just built (the redirect after the POST names it): say so, with its download.
    const built = extra.built ? data.files.find((f) => f.id === extra.built) : undefined;
    if (built) extra = { ...extra, notice: `The file for ${formatDay(built.day)} is built and recorded as sent: download it and upload it to your bank.` };
    else delete extra.built;
    return renderPage(
      c,
      'Bank payments',
      <AchPage data={data} canWrite={can(agent.role, 'payments.take')} canSetOrigination={can(agent.role, 'settings.manage')} production={c.get('deps').config.APP_ENV === 'production'} timeZone={c.get('tenant').timeZone} {...extra} />,
      status,
    );
  };
  const statusOf = (error: ServiceError) => (error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 422);

  app.get('/ach', requireAgent(), (c) => {
    const built = c.req.query('built');
    return showAch(c, built ? { built } : {});
  });

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


  // Building a day's file records it as sent: a POST, never a GET (a link prefetch must not send a file).
  app.post('/ach/files', requireAgent(), async (c) => {
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot build ACH files.');
    const form = await parseForm(c, buildForm);
    if (!form.ok) return showAch(c, { error: 'Choose the payment day to build a file for.' }, 422);
    try {
      const file = await buildAchFile(c.get('tdb'), c.get('tenant'), await achDeps(c), form.data.day, agent.id, c.get('deps').clock.now());
      return c.redirect(`/admin/ach?built=${encodeURIComponent(file.id)}#file-${file.id}`, 303);
    } catch (error) {
      if (error instanceof ServiceError) return showAch(c, { error: error.message }, statusOf(error));
      throw error;
    }
  });

  app.get('/ach/files/:file{[A-Za-z0-9_-]{22}\\.ach}', requireAgent(), async (c) => {
    // The file holds borrowers' full account numbers: staff who can act on payments only.
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot download ACH files.');
    const id = c.req.param('file').slice(0, -4);
    try {
      const { text, fileName, file } = await sentAchFile(c.get('tdb'), c.get('tenant'), await achDeps(c), id);
      await c.get('tdb').audit.record({ actorType: 'agent', actorId: agent.id, action: 'ach.file-downloaded', entityType: 'ach_file', entityId: file.id, after: { day: file.day, sha256: file.sha256 } }, c.get('deps').clock.now());
      return c.body(text, 200, { 'content-type': 'text/plain; charset=us-ascii', 'content-disposition': `attachment; filename="${fileName}"`, 'x-content-type-options': 'nosniff' });
    } catch (error) {
      if (error instanceof ServiceError) return showAch(c, { error: error.message }, statusOf(error));
      throw error;
    }
  });

  app.post('/ach/returns', requireAgent(), async (c) => {
    const agent = await agentWho(c, 'payments.take', 'Read-only staff cannot record returns.');
    const form = await parseForm(c, returnForm);
    if (!form.ok) return showAch(c, { values: form.values, errors: form.errors }, 422);
    try {
      const tenant = c.get('tenant');
      const deps = { processor: c.get('deps').processor, queue: c.get('deps').queue, portalUrl: (path: string) => tenantUrl(c.get('deps').config, tenant.slug, path) };
      const result = await recordAchReturn(c.get('tdb'), tenant, deps, { reference: form.data.reference, code: form.data.code, date: form.data.date, actorId: agent.id }, c.get('deps').clock.now());
      if (!result.ok) return showAch(c, { values: form.values, errors: result.errors }, 422);
      return showAch(c, { notice: `Payment ${result.payment.reference} is recorded as returned (${result.payment.returnCode}) and reversed on the account.` });
    } catch (error) {
      if (error instanceof ServiceError) return showAch(c, { values: form.values, errors: { reference: error.message } }, error.code === 'not_found' ? 404 : 409);
      throw error;
    }
  });
  return app;
}

const returnForm = z.object({
  reference: z.string().trim().min(1, 'Enter the payment reference.').max(20, 'A payment reference has 10 characters, such as P-7K3M9Q2X.'),
  // Which codes exist, and which fit the payment, is the return service's to say (with the code named).
  code: z.string().trim().min(1, 'Choose the return code on the bank’s return notice.').max(3, 'A return code is R and two digits, such as R01.'),
  date: z.string().refine(isIsoDate, 'Enter the return date on the bank’s notice.'),
});

const buildForm = z.object({ day: z.string().refine(isIsoDate) });

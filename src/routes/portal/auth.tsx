import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { passwordProblem, passwordRules } from '../../auth/password-policy';
import { secretsOf, type AppEnv } from '../../env';
import { clearSessionCookie, clientIp, safeNext, setSessionCookie } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { emailField, parseForm } from '../../http/validate';
import { newId } from '../../lib/ids';
import {
  checkPasswordLink, emailLinkRules, passwordLogin, setPasswordWithLink, signInSettingsOf, startSession, type Audience,
} from '../../services/sign-in';
import { factorsOf, secondFactorNeeded } from '../../services/mfa';
import { queueEmail, queueSecurityNotice } from '../../services/notifications';
import { EmailLinkPage, LinkInvalidPage, LoginPage, SetPasswordPage, TooManyAttemptsPage } from '../../../templates/pages/auth/pages';

const loginForm = z.object({ email: z.string().trim().max(320).default(''), password: z.string().max(256).default(''), next: z.string().max(2000).optional() });
const emailForm = z.object({ email: emailField() });
const resetForm = z.object({ token: z.string().max(4000), password: z.string().max(256).default(''), confirm: z.string().max(256).default('') });

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

function tooMany(c: Context<AppEnv>, seconds: number, action: string) {
  c.header('Retry-After', String(seconds));
  return renderPage(c, 'Too many attempts', <TooManyAttemptsPage minutes={minutes(seconds)} action={action} />, 429);
}

/** Sign-in and sign-out, for borrowers at /login and for staff at /admin/login. */
export function signInRoutes(audience: Audience) {
  const app = new Hono<AppEnv>();
  const base = audience === 'agent' ? '/admin' : '';
  app.get('/login', (c) => {
    const tenant = c.get('tenant');
    const notice = c.req.query('reset') ? 'Your password is saved. Sign in with it now.' : c.req.query('out') ? 'You are signed out.' : undefined;
    return renderPage(c, 'Sign in', <LoginPage portalName={tenant.branding.portalName} audience={audience} notice={notice} next={safeNext(c.req.query('next') ?? (base || '/'))} />);
  });

  app.post('/login', async (c) => {
    const tenant = c.get('tenant');
    const form = await parseForm(c, loginForm);
    const values = { email: form.values.email ?? '', next: safeNext(form.values.next ?? (base || '/')) };
    if (!form.ok || !form.data.email || !form.data.password) {
      return renderPage(c, 'Sign in', <LoginPage portalName={tenant.branding.portalName} audience={audience} values={values} error="Enter your email and password." />, 422);
    }
    const now = c.get('deps').clock.now();
    const result = await passwordLogin({ tdb: c.get('tdb'), throttles: c.get('throttles'), tenant }, { email: form.data.email, password: form.data.password, ip: clientIp(c), audience }, now);
    if (result.kind === 'locked') return tooMany(c, result.retryAfterSeconds, 'signing in to this account');
    if (result.kind === 'invalid') {
      c.get('logger').info('sign-in failed', { reason: 'invalid credentials' });
      return renderPage(c, 'Sign in', <LoginPage portalName={tenant.branding.portalName} audience={audience} values={values} error="That email and password do not match our records." />, 401);
    }
    // A new session every time: whatever session cookie came with the request is ended.
    const old = c.get('session');
    if (old) await c.get('tdb').sessions.remove(old.id);
    const settings = signInSettingsOf(tenant);
    const needsSecond = secondFactorNeeded(settings, await factorsOf(c.get('tdb'), result.borrower.subject), result.borrower.subject);
    const { token } = await startSession(c.get('tdb'), result.borrower.subject, settings, { mfaPassed: !needsSecond, userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) }, now);
    setSessionCookie(c, token);
    c.get('logger').info(needsSecond ? 'password accepted; second step next' : 'signed in', { subject: result.borrower.subject.id });
    return c.redirect(needsSecond ? `${base}/login/verify?next=${encodeURIComponent(values.next)}` : values.next, 303);
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await c.get('tdb').sessions.remove(session.id);
    clearSessionCookie(c);
    return c.redirect(`${base}/login?out=1`, 303);
  });

  return app;
}

/** First password and password reset for borrowers. */
export function authRoutes() {
  const app = new Hono<AppEnv>();

  // Sign-up and reset answer the same way whether or not the address is known (no enumeration).
  for (const mode of ['signup', 'forgot'] as const) {
    const title = mode === 'signup' ? 'Set up online access' : 'Reset your password';
    app.get(`/${mode}`, (c) => renderPage(c, title, <EmailLinkPage mode={mode} />));
    app.post(`/${mode}`, async (c) => {
      const form = await parseForm(c, emailForm);
      if (!form.ok) return renderPage(c, title, <EmailLinkPage mode={mode} values={form.values} errors={form.errors} />, 422);
      const { tdb, throttles } = { tdb: c.get('tdb'), throttles: c.get('throttles') };
      const now = c.get('deps').clock.now();
      const email = form.data.email.toLowerCase();
      const keys = [`link:account:${tdb.tenantId}:${email}`, `link:ip:${clientIp(c)}`];
      const locked = Math.max(await throttles.attempt(keys[0]!, emailLinkRules.account, now), await throttles.attempt(keys[1]!, emailLinkRules.ip, now));
      if (locked > 0) return tooMany(c, locked, 'sending links');
      // The lookup and the link happen in the email queue's consumer, so this request does the
      // same work whether or not the address belongs to anyone.
      await queueEmail(c.get('deps'), { kind: 'password-link', id: newId(), tenantId: tdb.tenantId, email, purpose: mode === 'signup' ? 'set-password' : 'password-reset' });
      return renderPage(c, title, <EmailLinkPage mode={mode} sent />);
    });
  }

  app.get('/reset', async (c) => {
    const token = c.req.query('token') ?? '';
    const now = c.get('deps').clock.now();
    const check = await checkPasswordLink(c.get('tdb'), secretsOf(c.get('deps').config).tokenSecret, token, now);
    // Staff invitations are links too, but they are accepted at /admin/invitation, never here.
    if (!check.ok || check.subject.type !== 'customer') return renderPage(c, 'Link no longer works', <LinkInvalidPage />, 410);
    const customer = await c.get('tdb').customers.find(check.subject.id);
    return renderPage(c, 'Choose a password', <SetPasswordPage token={token} purpose={check.purpose} rules={passwordRules('', customer?.email)} email={customer?.email ?? undefined} />);
  });

  app.post('/reset', async (c) => {
    const form = await parseForm(c, resetForm);
    const tdb = c.get('tdb');
    const secret = secretsOf(c.get('deps').config).tokenSecret;
    const now = c.get('deps').clock.now();
    const token = form.values.token ?? '';
    const check = await checkPasswordLink(tdb, secret, token, now);
    if (!check.ok || check.subject.type !== 'customer') return renderPage(c, 'Link no longer works', <LinkInvalidPage />, 410);
    const customer = await tdb.customers.find(check.subject.id);
    const password = form.values.password ?? '';
    const errors: Record<string, string> = {};
    const problem = passwordProblem(password, customer?.email);
    if (problem) errors.password = problem;
    if (password !== (form.values.confirm ?? '')) errors.confirm = 'The two passwords are not the same.';
    if (Object.keys(errors).length > 0) {
      return renderPage(c, 'Choose a password', <SetPasswordPage token={token} purpose={check.purpose} rules={passwordRules(password, customer?.email)} email={customer?.email ?? undefined} errors={errors} />, 422);
    }
    const done = await setPasswordWithLink(tdb, secret, token, password, now);
    if (!done.ok) return renderPage(c, 'Link no longer works', <LinkInvalidPage />, 410);
    // A reset changes a password that existed: its owner hears of it (a first password is no change).
    if (check.purpose === 'password-reset') await queueSecurityNotice(tdb, c.get('deps'), c.get('tenant'), { subject: done.subject, change: 'password-changed', now });
    return c.redirect('/login?reset=1', 303);
  });

  return app;
}

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { hashPassword } from '../../auth/passwords';
import { passwordProblem, passwordRules } from '../../auth/password-policy';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { dataKeysOf } from '../../services/data-keys';
import { clientIp, requireBorrower, rotateSession } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { emailField, parseForm } from '../../http/validate';
import { recheckPassword } from '../../services/sign-in';
import { maskPhone, toE164 } from '../../domain/phone';
import { signInSettingsOf } from '../../services/sign-in';
import { beginTotp, checkCode, checkTotp, confirmEmailChange, sendSmsCode, SmsOptedOutError, factorsOf, issueRecoveryCodes, pendingTotp, requestEmailChange } from '../../services/mfa';
import { queueSecurityNotice } from '../../services/notifications';
import type { SecurityChange } from '../../queues/messages';
import { CodeEntryPage, ConfirmPasswordPage, EmailSection, MfaSection, PhoneSection, RecoveryCodesPage, TotpSetupPage } from '../../../templates/pages/auth/mfa';
import { SecurityPage } from '../../../templates/pages/auth/security';

const codeForm = z.object({ code: z.string().max(64).default('') });
const phoneForm = z.object({ phone: z.string().max(40).default('') });
const emailChangeForm = z.object({ email: emailField(), password: z.string().max(256).default('') });
const confirmForm = z.object({ password: z.string().max(256).default(''), then: z.string().max(200).default('/security') });
/** Security changes need a password (or second factor) entered in the last 10 minutes. */
const RECENT_MS = 10 * 60_000;
const confirmable = new Set(['/security', '/security/totp/start', '/security/totp/remove', '/security/recovery-codes', '/security/phone/remove']);

/** A new code is asked for where the first was: the number (or the address and password) again. */
const phoneAgain = { href: '/security#phone-title', label: 'Text a new code' };
const emailAgain = { href: '/security#email-title', label: 'Send a new code' };

const passwordForm = z.object({ current: z.string().max(256).default(''), password: z.string().max(256).default(''), confirm: z.string().max(256).default('') });

/** A borrower's own security: sessions on other devices, and their password. */
export function securityRoutes() {
  const app = new Hono<AppEnv>();
  app.use(requireBorrower());

  const recent = (c: Context<AppEnv>) => c.get('deps').clock.now().getTime() - c.get('session')!.authenticatedAt.getTime() < RECENT_MS;
  const show = async (c: Context<AppEnv>, extra: { errors?: Record<string, string>; notice?: string; password?: string; emailValues?: Record<string, string>; emailErrors?: Record<string, string>; phoneValues?: Record<string, string>; phoneError?: string } = {}, status: 200 | 401 | 422 | 429 = 200) => {
    const session = c.get('session')!;
    const customer = (await c.get('tdb').customers.find(session.subjectId))!;
    const subject = { type: 'customer' as const, id: customer.id };
    const [all, factors, passkeys] = await Promise.all([c.get('tdb').sessions.listFor(subject), factorsOf(c.get('tdb'), subject), c.get('tdb').factors.passkeys(subject)]);
    // Staff looking through "View as borrower" are not the borrower's own devices.
    const sessions = all.filter((s) => !s.viewedByAgentId);
    const settings = signInSettingsOf(c.get('tenant'));
    const day = (d: Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: c.get('tenant').timeZone }).format(d);
    return renderPage(
      c,
      'Security',
      <SecurityPage sessions={sessions} currentId={session.id} timeZone={c.get('tenant').timeZone} email={customer.email ?? ''} rules={passwordRules(extra.password ?? '', customer.email)} errors={extra.errors} notice={extra.notice}>
        <EmailSection email={customer.email ?? ''} values={extra.emailValues} errors={extra.emailErrors} />
        {settings.mfa !== 'none' && settings.methods.includes('sms') ? <PhoneSection maskedPhone={factors.phone ? maskPhone(factors.phone) : null} values={extra.phoneValues} error={extra.phoneError} /> : null}
        {settings.mfa === 'none' ? null : <MfaSection methods={settings.methods} factors={factors} passkeys={passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: day(p.createdAt) }))} canAddPasskey={recent(c)} />}
      </SecurityPage>,
      status,
    );
  };

  const subjectOf = (c: Context<AppEnv>) => ({ type: 'customer' as const, id: c.get('session')!.subjectId });
  const askPassword = (c: Context<AppEnv>, then: string, error?: string) => renderPage(c, 'Confirm it is you', <ConfirmPasswordPage then={then} error={error} />, error ? 422 : 200);

  /** The borrower hears at once of every change to how they sign in (services/notifications). */
  const tell = (c: Context<AppEnv>, change: SecurityChange, extra: { detail?: string; to?: string } = {}) =>
    queueSecurityNotice(c.get('tdb'), c.get('deps'), c.get('tenant'), { subject: subjectOf(c), change, now: c.get('deps').clock.now(), ...extra });

  /** After a factor changes, other sessions end (whoever had them must sign in again with it), and the borrower is told. */
  const factorChanged = async (c: Context<AppEnv>, action: 'mfa.totp-added' | 'mfa.totp-removed' | 'mfa.phone-added' | 'mfa.phone-removed' | 'mfa.passkey-removed' | 'mfa.recovery-codes-replaced', detail?: string) => {
    const session = c.get('session')!;
    const now = c.get('deps').clock.now();
    const ended = await c.get('tdb').sessions.removeOthers(subjectOf(c), session.id);
    await c.get('tdb').audit.record({ actorType: 'customer', actorId: session.subjectId, action, entityType: 'customer', entityId: session.subjectId, after: { otherSessionsEnded: ended } }, now);
    await tell(c, action.slice('mfa.'.length) as SecurityChange, detail ? { detail } : {});
  };

  app.post('/confirm', async (c) => {
    const form = await parseForm(c, confirmForm);
    const then = confirmable.has(form.values.then ?? '') ? form.values.then! : '/security';
    const now = c.get('deps').clock.now();
    const check = await recheckPassword({ tdb: c.get('tdb'), throttles: c.get('throttles') }, subjectOf(c), form.values.password ?? '', now);
    if (typeof check === 'object') return askPassword(c, then, `Too many wrong passwords. Try again in ${Math.ceil(check.lockedSeconds / 60)} minutes.`);
    if (check === 'wrong') return askPassword(c, then, 'That is not your password.');
    await rotateSession(c);
    // 307 repeats the original POST (its action) now that the session is freshly authenticated;
    // the security page itself is simply shown again.
    return then === '/security' ? c.redirect(then, 303) : c.redirect(then, 307);
  });

  app.post('/totp/start', async (c) => {
    if (!recent(c)) return askPassword(c, '/security/totp/start');
    // Starting again must not silently switch off an app that is on: turn it off first.
    if ((await factorsOf(c.get('tdb'), subjectOf(c))).totp) return c.redirect('/security', 303);
    await beginTotp(c.get('tdb'), await dataKeysOf(c.get('deps').config), subjectOf(c), c.get('deps').clock.now());
    return c.redirect('/security/totp', 303);
  });

  app.get('/totp', async (c) => {
    const customer = (await c.get('tdb').customers.find(c.get('session')!.subjectId))!;
    const pending = await pendingTotp(c.get('tdb'), await dataKeysOf(c.get('deps').config), subjectOf(c), { issuer: c.get('tenant').branding.portalName, account: customer.email ?? customer.id });
    if (!pending) return c.redirect('/security', 303);
    return renderPage(c, 'Set up your authenticator app', <TotpSetupPage qr={pending.qr} secret={pending.secret} />);
  });

  app.post('/totp', async (c) => {
    const form = await parseForm(c, codeForm);
    const keys = await dataKeysOf(c.get('deps').config);
    const now = c.get('deps').clock.now();
    const result = await checkTotp(c.get('tdb'), keys, subjectOf(c), form.values.code ?? '', now, true);
    if (result !== 'ok') {
      const customer = (await c.get('tdb').customers.find(c.get('session')!.subjectId))!;
      const pending = await pendingTotp(c.get('tdb'), keys, subjectOf(c), { issuer: c.get('tenant').branding.portalName, account: customer.email ?? customer.id });
      if (!pending) return c.redirect('/security', 303);
      return renderPage(c, 'Set up your authenticator app', <TotpSetupPage qr={pending.qr} secret={pending.secret} error="That code is not right. Enter the code your app shows now." />, 422);
    }
    await factorChanged(c, 'mfa.totp-added');
    const factors = await factorsOf(c.get('tdb'), subjectOf(c));
    if (factors.recoveryLeft > 0) return c.redirect('/security', 303);
    const codes = await issueRecoveryCodes(c.get('tdb'), subjectOf(c), now);
    return renderPage(c, 'Your recovery codes', <RecoveryCodesPage codes={codes} heading="Your authenticator app is on" />);
  });

  app.post('/totp/remove', async (c) => {
    if (!recent(c)) return askPassword(c, '/security/totp/remove');
    await c.get('tdb').factors.removeTotp(subjectOf(c));
    await factorChanged(c, 'mfa.totp-removed');
    return c.redirect('/security', 303);
  });

  // Text-message codes exist only where the lender offers them: otherwise there is nothing to set up (and no texts to pay for).
  const smsOffered = (c: Context<AppEnv>) => {
    const settings = signInSettingsOf(c.get('tenant'));
    if (settings.mfa === 'none' || !settings.methods.includes('sms')) throw new AppError('not_found', 'Text-message codes are not offered here.');
  };

  app.post('/phone', async (c) => {
    smsOffered(c);
    if (!recent(c)) return askPassword(c, '/security');
    const form = await parseForm(c, phoneForm);
    const phone = toE164(form.values.phone ?? '');
    if (!phone) return show(c, { phoneValues: form.values, phoneError: 'Enter a mobile number such as (303) 555-0142, or +44 20 7946 0958 outside North America.' }, 422);
    // Texts cost money: a few verification texts per person per 15 minutes.
    const wait = await c.get('throttles').attempt(`phone-verify:${c.get('tdb').tenantId}:${subjectOf(c).id}`, { limit: 3, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }, c.get('deps').clock.now());
    if (wait > 0) return show(c, { phoneValues: form.values, phoneError: `Too many texts sent. Try again in ${Math.ceil(wait / 60)} minutes.` }, 422);
    try {
      await sendSmsCode(c.get('tdb'), c.get('deps'), subjectOf(c), 'phone-verify', phone, c.get('tenant').branding.portalName, c.get('deps').clock.now());
    } catch (err) {
      // A number that replied STOP can be told how to start again; other failures say only that the text did not go.
      if (err instanceof SmsOptedOutError) return show(c, { phoneValues: form.values, phoneError: err.message }, 422);
      c.get('logger').warn('verification text not sent', { err });
      return show(c, { phoneValues: form.values, phoneError: 'We could not text that number. Check it and try again.' }, 422);
    }
    return renderPage(c, 'Check your phone', <CodeEntryPage title="Check your phone" sentTo={maskPhone(phone)} action="/security/phone/confirm" again={phoneAgain} />);
  });

  app.post('/phone/confirm', async (c) => {
    smsOffered(c);
    const form = await parseForm(c, codeForm);
    const now = c.get('deps').clock.now();
    const result = await checkCode(c.get('tdb'), subjectOf(c), 'phone-verify', form.values.code ?? '', now);
    if (!result.ok || !result.data.phone) {
      const pending = await c.get('tdb').tokens.latestOpen(subjectOf(c), 'phone-verify', now);
      if (result.ok || result.reason !== 'wrong' || !pending?.data?.phone) return show(c, { phoneError: 'That code has expired or was tried too often. Start again.' }, 422);
      return renderPage(c, 'Check your phone', <CodeEntryPage title="Check your phone" sentTo={maskPhone(pending.data.phone)} action="/security/phone/confirm" again={phoneAgain} error="That code is not right." />, 422);
    }
    await c.get('tdb').customers.setMfaPhone(subjectOf(c).id, result.data.phone, now);
    await factorChanged(c, 'mfa.phone-added', maskPhone(result.data.phone));
    return c.redirect('/security?done=phone', 303);
  });

  app.post('/phone/remove', async (c) => {
    if (!recent(c)) return askPassword(c, '/security/phone/remove');
    await c.get('tdb').customers.setMfaPhone(subjectOf(c).id, null, c.get('deps').clock.now());
    await factorChanged(c, 'mfa.phone-removed');
    return c.redirect('/security', 303);
  });

  app.post('/passkeys/:id/remove', async (c) => {
    if (!recent(c)) return askPassword(c, '/security');
    const passkey = (await c.get('tdb').factors.passkeys(subjectOf(c))).find((p) => p.id === c.req.param('id'));
    if (!(await c.get('tdb').factors.removePasskey(subjectOf(c), c.req.param('id')))) throw new AppError('not_found', 'There is no such passkey.');
    await factorChanged(c, 'mfa.passkey-removed', passkey?.name);
    return c.redirect('/security?done=passkey-removed', 303);
  });

  app.post('/recovery-codes', async (c) => {
    if (!recent(c)) return askPassword(c, '/security/recovery-codes');
    const codes = await issueRecoveryCodes(c.get('tdb'), subjectOf(c), c.get('deps').clock.now());
    await factorChanged(c, 'mfa.recovery-codes-replaced');
    return renderPage(c, 'Your recovery codes', <RecoveryCodesPage codes={codes} heading="New recovery codes" />);
  });

  const notices: Record<string, string> = {
    password: 'Your password is changed and your other sessions are signed out.',
    revoked: 'That session is signed out.',
    email: 'Your sign-in email is changed and your other sessions are signed out.',
    phone: 'Sign-in codes can now be texted to your phone. Your other sessions are signed out.',
    passkey: 'Your passkey is added. Your other sessions are signed out.',
    'passkey-removed': 'The passkey is removed. Your other sessions are signed out.',
  };
  app.get('/', (c) => show(c, { notice: notices[c.req.query('done') ?? ''] }));

  app.post('/email', async (c) => {
    const session = c.get('session')!;
    const tdb = c.get('tdb');
    const now = c.get('deps').clock.now();
    const form = await parseForm(c, emailChangeForm);
    const values = { email: form.values.email ?? '' };
    if (!form.ok) return show(c, { emailValues: values, emailErrors: form.errors }, 422);
    const customer = (await tdb.customers.find(session.subjectId))!;
    const newEmail = form.data.email.toLowerCase();
    if (newEmail === customer.email) return show(c, { emailValues: values, emailErrors: { email: 'That is already your email.' } }, 422);
    const check = await recheckPassword({ tdb, throttles: c.get('throttles') }, subjectOf(c), form.data.password, now);
    if (check !== 'ok') return show(c, { emailValues: values, emailErrors: { password: typeof check === 'object' ? `Too many wrong passwords. Try again in ${Math.ceil(check.lockedSeconds / 60)} minutes.` : 'That is not your password.' } }, 422);
    // The same answer whether or not the address is someone else's sign-in (requestEmailChange).
    const sent = await requestEmailChange(tdb, { ...c.get('deps'), throttles: c.get('throttles') }, c.get('tenant'), { customer, newEmail, ip: clientIp(c) }, now);
    if (sent.kind === 'locked') {
      c.header('Retry-After', String(sent.retryAfterSeconds));
      return show(c, { emailValues: values, emailErrors: { email: `Too many confirmation codes sent. Try again in ${Math.ceil(sent.retryAfterSeconds / 60)} minutes.` } }, 429);
    }
    return renderPage(c, 'Confirm your new email', <CodeEntryPage title="Confirm your new email" sentTo={newEmail} action="/security/email/confirm" again={emailAgain} />);
  });

  app.post('/email/confirm', async (c) => {
    const session = c.get('session')!;
    const tdb = c.get('tdb');
    const now = c.get('deps').clock.now();
    const form = await parseForm(c, codeForm);
    const subject = { type: 'customer' as const, id: session.subjectId };
    const result = await confirmEmailChange(tdb, subject, form.values.code ?? '', now);
    if (!result.ok) {
      const pendingTo = (await tdb.tokens.latestOpen(subject, 'email-change', now))?.data?.email;
      if (!pendingTo || result.reason !== 'wrong') return show(c, { emailErrors: { email: result.reason === 'exhausted' ? 'Too many wrong codes. Start the change again.' : 'That code has expired. Start the change again.' } }, 422);
      return renderPage(c, 'Confirm your new email', <CodeEntryPage title="Confirm your new email" sentTo={pendingTo} action="/security/email/confirm" again={emailAgain} error="That code is not right." />, 422);
    }
    const before = (await tdb.customers.find(session.subjectId))!;
    const holder = await tdb.customers.findByUsername(result.email);
    if (holder && holder.id !== before.id) return show(c, { emailErrors: { email: 'That email cannot be used for your sign-in. Use a different one, or contact us.' } }, 422);
    await tdb.customers.changeEmail(before.id, result.email, now);
    await tdb.tokens.voidOpen(subject, 'password-reset', now);
    // Both addresses hear of it: the old one in case it was not them, the new one as confirmation.
    if (before.email) await tell(c, 'email-changed', { to: before.email, detail: result.email });
    await tell(c, 'email-added', { to: result.email, ...(before.email ? { detail: before.email } : {}) });
    const ended = await tdb.sessions.removeOthers(subject, session.id);
    await tdb.audit.record({ actorType: 'customer', actorId: before.id, action: 'customer.email-changed', entityType: 'customer', entityId: before.id, before: { email: before.email }, after: { email: result.email, otherSessionsEnded: ended } }, now);
    return c.redirect('/security?done=email', 303);
  });

  app.post('/sessions/:id/revoke', async (c) => {
    const session = c.get('session')!;
    const target = await c.get('tdb').sessions.find(c.req.param('id'));
    // Only the person's own sessions; anything else is as if it did not exist.
    if (!target || target.subjectType !== session.subjectType || target.subjectId !== session.subjectId) throw new AppError('not_found', 'There is no such session.');
    await c.get('tdb').sessions.remove(target.id);
    return c.redirect('/security?done=revoked', 303);
  });

  app.post('/password', async (c) => {
    const session = c.get('session')!;
    const tdb = c.get('tdb');
    const now = c.get('deps').clock.now();
    const form = await parseForm(c, passwordForm);
    const values = form.ok ? form.data : { current: form.values.current ?? '', password: form.values.password ?? '', confirm: form.values.confirm ?? '' };
    const customer = (await tdb.customers.find(session.subjectId))!;
    // Re-authentication with the current password, limited like sign-in.
    const check = await recheckPassword({ tdb, throttles: c.get('throttles') }, subjectOf(c), values.current, now);
    if (typeof check === 'object') return show(c, { errors: { _form: `Too many wrong passwords. Try again in ${Math.ceil(check.lockedSeconds / 60)} minutes.` } }, 422);
    // Every problem at once: the current password, the new one's rules, the two new ones agreeing.
    const errors: Record<string, string> = {};
    if (check === 'wrong') errors.current = 'That is not your current password.';
    const problem = passwordProblem(values.password, customer.email);
    if (problem) errors.password = problem;
    if (values.password !== values.confirm) errors.confirm = 'The two passwords are not the same.';
    if (Object.keys(errors).length > 0) return show(c, { errors, password: values.password }, 422);
    await tdb.customers.setPassword(customer.id, await hashPassword(values.password), now);
    await tdb.tokens.voidOpen({ type: 'customer', id: customer.id }, 'password-reset', now);
    await rotateSession(c);
    const ended = await tdb.sessions.removeOthers({ type: 'customer', id: customer.id }, c.get('session')!.id);
    await tdb.audit.record({ actorType: 'customer', actorId: customer.id, action: 'password.changed', entityType: 'customer', entityId: customer.id, after: { otherSessionsEnded: ended } }, now);
    await tell(c, 'password-changed');
    return c.redirect('/security?done=password', 303);
  });

  return app;
}

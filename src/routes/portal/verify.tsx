import { dataKeysOf } from '../../services/data-keys';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SessionRow } from '../../db/repositories/auth';
import type { AppEnv } from '../../env';
import { clientIp, safeNext, setSessionCookie } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { maskPhone } from '../../domain/phone';
import { challengeMethods, type ChallengeMethod, checkCode, checkTotp, factorsOf, sendEmailCode, sendSmsCode, SmsOptedOutError, useRecoveryCode } from '../../services/mfa';
import { queueSecurityNotice } from '../../services/notifications';
import { personOf, signInSettingsOf, startSession, type Audience } from '../../services/sign-in';
import { VerifyPage, type CodeProblem } from '../../../templates/pages/auth/verify';

const codeForm = z.object({ code: z.string().max(64).default(''), next: z.string().max(2000).optional() });

/** Five wrong second-step codes in 15 minutes pause the second step for 15 minutes (each check counts; a right code clears the count). */
const mfaRule = { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/**
 * Codes sent (email or text) are not what protects the second step (wrong codes are): this is only
 * an abuse cap, since texts cost money and flood inboxes. Twenty an hour is far beyond a working day
 * of signing in, and a completed sign-in clears it, so normal use never meets it.
 */
export const sendRule = { limit: 20, windowMs: 60 * 60_000, lockMs: 30 * 60_000 };

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(1, Math.min(6, local.length - 1)))}@${domain}`;
}

/** The second step of sign-in, for sessions that passed the password but not yet a second factor. */
export function verifyRoutes(audience: Audience = 'customer') {
  const app = new Hono<AppEnv>();
  const base = audience === 'agent' ? '/admin' : '';
  const login = `${base}/login`;

  const pending = (c: Context<AppEnv>): SessionRow | null => {
    const s = c.get('session');
    return s && !s.mfaPassed && s.subjectType === audience ? s : null;
  };

  const show = async (c: Context<AppEnv>, session: SessionRow, extra: { error?: string; problem?: CodeProblem; emailSentTo?: string; smsSent?: boolean; next?: string | undefined } = {}, status: 200 | 401 | 422 | 429 = 200) => {
    const subject = { type: session.subjectType, id: session.subjectId };
    const person = await personOf(c.get('tdb'), subject);
    const factors = await factorsOf(c.get('tdb'), subject);
    const methods = challengeMethods(signInSettingsOf(c.get('tenant')), factors);
    const next = safeNext(extra.next ?? c.req.query('next') ?? (base || '/'));
    // Why texts are not offered: the phone replied STOP (see challengeMethods).
    const optOut = factors.phone && factors.phoneOptedOut ? await c.get('tdb').sms.optOutOf(factors.phone) : undefined;
    const smsOptedOut = factors.phone && optOut ? new SmsOptedOutError(factors.phone, optOut.toNumber).message : undefined;
    return renderPage(c, 'Confirm it is you', <VerifyPage base={base} methods={methods} next={next} maskedEmail={maskEmail(person?.email ?? '')} maskedPhone={factors.phone ? maskPhone(factors.phone) : undefined} smsOptedOut={smsOptedOut} {...extra} />, status);
  };

  // Second-step sessions become full ones: a new token, the half-way one ended.
  const complete = async (c: Context<AppEnv>, session: SessionRow, next: string) => {
    const tdb = c.get('tdb');
    await tdb.sessions.remove(session.id);
    const { token } = await startSession(tdb, { type: session.subjectType, id: session.subjectId }, signInSettingsOf(c.get('tenant')), { mfaPassed: true, userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) }, c.get('deps').clock.now());
    setSessionCookie(c, token);
    await c.get('throttles').clear(`mfa:${tdb.tenantId}:${session.subjectId}`);
    await c.get('throttles').clear(`mfa-send:${tdb.tenantId}:${session.subjectId}`);
    return c.redirect(safeNext(next || base || '/'), 303);
  };

  /** A refused code: its message goes beside that method's code box, which stays for another try. */
  const wrong = (c: Context<AppEnv>, session: SessionRow, method: ChallengeMethod, message: string, next?: string, status: 401 | 429 = 401, codeBox = true, typed?: string) => show(c, session, { problem: { method, message, codeBox, typed }, next }, status);

  /**
   * Before any code is checked: the method must be one this person may use here, and the attempt
   * is counted first (atomically), so a burst of guesses gets at most five checks.
   * `sending` routes count against a separate, smaller allowance of messages sent.
   */
  const guard = async (c: Context<AppEnv>, session: SessionRow, method: ChallengeMethod, next: string | undefined, sending = false) => {
    const subject = { type: session.subjectType, id: session.subjectId };
    const factors = await factorsOf(c.get('tdb'), subject);
    if (!challengeMethods(signInSettingsOf(c.get('tenant')), factors).includes(method)) {
      return { refused: await show(c, session, { error: 'That method is not available here; use one of those below.', next }, 422) };
    }
    const key = sending ? `mfa-send:${c.get('tdb').tenantId}:${session.subjectId}` : `mfa:${c.get('tdb').tenantId}:${session.subjectId}`;
    const seconds = await c.get('throttles').attempt(key, sending ? sendRule : mfaRule, c.get('deps').clock.now());
    if (seconds > 0) {
      c.header('Retry-After', String(seconds));
      const what = sending ? 'Too many codes sent' : 'Too many wrong codes';
      return { refused: await show(c, session, { error: `${what}. Try again in ${Math.ceil(seconds / 60)} minutes.`, next }, 429) };
    }
    return { factors };
  };

  app.get('/', async (c) => {
    const session = pending(c);
    if (!session) return c.redirect(login, 303);
    return show(c, session);
  });

  app.post('/totp', async (c) => {
    const session = pending(c);
    if (!session) return c.redirect(login, 303);
    const form = await parseForm(c, codeForm);
    const g = await guard(c, session, 'totp', form.values.next);
    if (g.refused) return g.refused;
    const result = await checkTotp(c.get('tdb'), await dataKeysOf(c.get('deps').config), { type: session.subjectType, id: session.subjectId }, form.values.code ?? '', c.get('deps').clock.now());
    if (result !== 'ok') return wrong(c, session, 'totp', result === 'reused' ? 'That code was already used. Wait for the next one.' : 'That code is not right. Check the time on your phone and try again.', form.values.next);
    return complete(c, session, form.values.next ?? '');
  });

  app.post('/email', async (c) => {
    const session = pending(c);
    if (!session) return c.redirect(login, 303);
    const form = await parseForm(c, codeForm);
    const g = await guard(c, session, 'email', form.values.next, true);
    if (g.refused) return g.refused;
    const person = await personOf(c.get('tdb'), { type: session.subjectType, id: session.subjectId });
    if (!person?.email) return show(c, session, { error: 'There is no email address on file; use another method.', next: form.values.next }, 422);
    await sendEmailCode(c.get('tdb'), c.get('deps'), { type: session.subjectType, id: session.subjectId }, { email: person.email, name: person.name }, c.get('deps').clock.now());
    return show(c, session, { emailSentTo: maskEmail(person.email), next: form.values.next });
  });

  app.post('/sms', async (c) => {
    const session = pending(c);
    if (!session) return c.redirect(login, 303);
    const form = await parseForm(c, codeForm);
    const g = await guard(c, session, 'sms', form.values.next, true);
    if (g.refused) return g.refused;
    const subject = { type: session.subjectType, id: session.subjectId };
    const factors = g.factors;
    if (!factors.phone) return show(c, session, { error: 'Text messages are not available; use another method.', next: form.values.next }, 422);
    try {
      await sendSmsCode(c.get('tdb'), c.get('deps'), subject, 'mfa-sms', factors.phone, c.get('tenant').branding.portalName, c.get('deps').clock.now());
    } catch (err) {
      // The phone replied STOP (the provider said so): the page now offers the emailed code instead, and says why.
      if (err instanceof SmsOptedOutError) return show(c, session, { error: err.message, next: form.values.next }, 422);
      c.get('logger').warn('sign-in text not sent', { err });
      return show(c, session, { error: 'We could not send the text just now. Try again, or use another method.', next: form.values.next }, 422);
    }
    return show(c, session, { smsSent: true, next: form.values.next });
  });

  // A code sent by text or email: checked the same way, only the words for "send another" differ.
  for (const channel of ['sms', 'email'] as const) {
    const again = channel === 'sms' ? 'Text a new one.' : 'Send a new one.';
    app.post(`/${channel}-code`, async (c) => {
      const session = pending(c);
      if (!session) return c.redirect(login, 303);
      const form = await parseForm(c, codeForm);
      const g = await guard(c, session, channel, form.values.next);
      if (g.refused) return g.refused;
      const result = await checkCode(c.get('tdb'), { type: session.subjectType, id: session.subjectId }, `mfa-${channel}`, form.values.code ?? '', c.get('deps').clock.now());
      if (result.ok) return complete(c, session, form.values.next ?? '');
      if (result.reason === 'none') return wrong(c, session, channel, `That code has expired. ${again}`, form.values.next, 401, false);
      if (result.reason === 'exhausted') return wrong(c, session, channel, `Too many tries for this code. ${again}`, form.values.next, 429, false);
      return wrong(c, session, channel, `That code is not right. Check it and try again, or ${again.charAt(0).toLowerCase()}${again.slice(1)}`, form.values.next, 401, true, form.values.code);
    });
  }

  app.post('/recovery', async (c) => {
    const session = pending(c);
    if (!session) return c.redirect(login, 303);
    const form = await parseForm(c, codeForm);
    const g = await guard(c, session, 'recovery', form.values.next);
    if (g.refused) return g.refused;
    const now = c.get('deps').clock.now();
    if (!(await useRecoveryCode(c.get('tdb'), { type: session.subjectType, id: session.subjectId }, form.values.code ?? '', now))) return wrong(c, session, 'recovery', 'That recovery code is not right or was already used.', form.values.next);
    await c.get('tdb').audit.record({ actorType: session.subjectType, actorId: session.subjectId, action: 'mfa.recovery-code-used', entityType: session.subjectType, entityId: session.subjectId }, now);
    // Staff and borrowers alike hear of it: a recovery code in the wrong hands passes the second step.
    const left = (await factorsOf(c.get('tdb'), { type: session.subjectType, id: session.subjectId })).recoveryLeft;
    await queueSecurityNotice(c.get('tdb'), c.get('deps'), c.get('tenant'), { subject: { type: session.subjectType, id: session.subjectId }, change: 'recovery-code-used', now, detail: left === 1 ? '1 code is left' : `${left} codes are left` });
    return complete(c, session, form.values.next ?? '');
  });

  return app;
}

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { passwordProblem, passwordRules } from '../../auth/password-policy';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { clientIp, requireBorrower } from '../../http/middleware/session';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { loginRules } from '../../services/sign-in';
import { SecurityPage } from '../../../templates/pages/auth/security';

const passwordForm = z.object({ current: z.string().max(256).default(''), password: z.string().max(256).default(''), confirm: z.string().max(256).default('') });

/** A borrower's own security: sessions on other devices, and their password. */
export function securityRoutes() {
  const app = new Hono<AppEnv>();
  app.use(requireBorrower());

  const show = async (c: Context<AppEnv>, extra: { errors?: Record<string, string>; notice?: string; password?: string } = {}, status: 200 | 401 | 422 = 200) => {
    const session = c.get('session')!;
    const customer = (await c.get('tdb').customers.find(session.subjectId))!;
    const sessions = await c.get('tdb').sessions.listFor({ type: 'customer', id: customer.id });
    return renderPage(
      c,
      'Security',
      <SecurityPage sessions={sessions} currentId={session.id} timeZone={c.get('tenant').timeZone} email={customer.email ?? ''} rules={passwordRules(extra.password ?? '', customer.email)} errors={extra.errors} notice={extra.notice} />,
      status,
    );
  };

  app.get('/', (c) => show(c, { notice: c.req.query('done') === 'password' ? 'Your password is changed and your other sessions are signed out.' : c.req.query('done') === 'revoked' ? 'That session is signed out.' : undefined }));

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
    const key = `login:account:${tdb.tenantId}:${customer.webUsername ?? customer.id}`;
    const locked = await c.get('throttles').lockedFor(key, now);
    if (locked > 0) return show(c, { errors: { _form: `Too many wrong passwords. Try again in ${Math.ceil(locked / 60)} minutes.` } }, 422);
    if (!customer.passwordHash || !(await verifyPassword(values.current, customer.passwordHash))) {
      await c.get('throttles').fail(key, loginRules.account, now);
      await c.get('throttles').fail(`login:ip:${clientIp(c)}`, loginRules.ip, now);
      return show(c, { errors: { current: 'That is not your current password.' }, password: values.password }, 422);
    }
    const problem = passwordProblem(values.password, customer.email);
    if (problem) return show(c, { errors: { password: problem }, password: values.password }, 422);
    if (values.password !== values.confirm) return show(c, { errors: { confirm: 'The two passwords are not the same.' }, password: values.password }, 422);
    await tdb.customers.setPassword(customer.id, await hashPassword(values.password), now);
    const ended = await tdb.sessions.removeOthers({ type: 'customer', id: customer.id }, session.id);
    await tdb.audit.record({ actorType: 'customer', actorId: customer.id, action: 'password.changed', entityType: 'customer', entityId: customer.id, after: { otherSessionsEnded: ended } }, now);
    return c.redirect('/security?done=password', 303);
  });

  return app;
}

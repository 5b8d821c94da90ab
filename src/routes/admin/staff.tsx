import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { passwordProblem, passwordRules } from '../../auth/password-policy';
import type { Agent, AgentRole } from '../../db/schema';
import { assignableRoles, can, roleLabels } from '../../domain/staff-roles';
import { secretsOf, type AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { emailField, parseForm } from '../../http/validate';
import { acceptInvitation, changeStaffRole, checkInvitation, inviteStaff, listStaff, resendInvitation, setStaffEnabled, StaffRefusal, type InvitationDeps } from '../../services/staff';
import { tenantUrl } from '../../services/tenant-url';
import { InvitationInvalidPage, InvitationPage, StaffPage, type StaffPageProps } from '../../../templates/pages/admin/staff';
import { requireAgent } from './index';
import { agentWho, currentAgent } from './staff-access';

/** Every role, in the order staff-roles.ts labels them. */
const agentRoles = Object.keys(roleLabels) as [AgentRole, ...AgentRole[]];

const inviteForm = z.object({
  name: z.string().trim().min(1, 'Enter their name.').max(120, 'Use at most 120 characters for the name.'),
  email: emailField(),
  role: z.enum(agentRoles, 'Choose a role from the list.'),
});
const roleForm = z.object({ role: z.enum(agentRoles, 'Choose a role from the list.') });
const statusForm = z.object({ status: z.enum(['enabled', 'disabled'], 'Choose to enable or disable.') });
const acceptForm = z.object({ token: z.string().max(4000).default(''), password: z.string().max(256).default(''), confirm: z.string().max(256).default('') });

const savedNotices: Record<string, string> = {
  invited: 'Invitation sent.',
  resent: 'A new invitation is on its way; the earlier link no longer works.',
  role: 'Role changed.',
  disabled: 'Disabled: their sessions are ended and they can no longer sign in.',
  enabled: 'Enabled again.',
  unchanged: 'Nothing to change.',
};

/** Staff and roles: the team list, invitations (and accepting one), role changes, disabling. */
export function staffRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/staff', requireAgent());
  app.use('/staff/*', requireAgent());

  const show = async (c: Context<AppEnv>, me: Agent, extra: Partial<Pick<StaffPageProps, 'invite' | 'notice' | 'error'>> = {}, status: ContentfulStatusCode = 200) => {
    const members = await listStaff(c.get('tdb'));
    const assignable = can(me.role, 'staff.manage') ? assignableRoles(me.role) : [];
    return renderPage(c, 'Staff', <StaffPage members={members} meId={me.id} assignable={assignable} timeZone={c.get('tenant').timeZone} {...extra} />, status);
  };

  const invitationDeps = (c: Context<AppEnv>): InvitationDeps => {
    const { config, queue } = c.get('deps');
    return { queue, config, tokenSecret: secretsOf(config).tokenSecret, invitationUrl: (token) => tenantUrl(config, c.get('tenant').slug, `/admin/invitation?token=${encodeURIComponent(token)}`) };
  };

  /** Refusals become a 403/404 page, or the team page again with the reason (409/422). */
  const refused = async (c: Context<AppEnv>, me: Agent, error: unknown) => {
    if (!(error instanceof StaffRefusal)) throw error;
    if (error.kind === 'forbidden') throw new AppError('forbidden', error.message);
    if (error.kind === 'not_found') throw new AppError('not_found', error.message);
    return show(c, me, { error: error.message }, error.kind === 'conflict' ? 409 : 422);
  };

  const done = (c: Context<AppEnv>, saved: keyof typeof savedNotices, agentId?: string) => c.redirect(`/admin/staff?saved=${saved}${agentId ? `#agent-${encodeURIComponent(agentId)}` : ''}`, 303);

  app.get('/staff', async (c) => {
    const me = await currentAgent(c);
    const saved = c.req.query('saved');
    return show(c, me, saved && savedNotices[saved] ? { notice: savedNotices[saved] } : {});
  });

  app.post('/staff/invite', async (c) => {
    const me = await agentWho(c, 'staff.manage', 'Only owners and managers can invite staff.');
    const form = await parseForm(c, inviteForm);
    if (!form.ok) return show(c, me, { invite: { values: form.values, errors: form.errors } }, 422);
    try {
      const agent = await inviteStaff(c.get('tdb'), invitationDeps(c), me, form.data, c.get('deps').clock.now());
      return done(c, 'invited', agent.id);
    } catch (error) {
      if (error instanceof StaffRefusal && error.kind === 'invalid') return show(c, me, { invite: { values: form.values, errors: { [error.field ?? 'email']: error.message } } }, 422);
      return refused(c, me, error);
    }
  });

  // Unknown (or another tenant's) ids are not found, whatever the role of whoever asks.
  const knownAgent = async (c: Context<AppEnv>) => {
    if (!(await c.get('tdb').agents.find(c.req.param('agentId') ?? ''))) throw new AppError('not_found', 'There is no such team member.');
  };

  app.post('/staff/:agentId/invitation', async (c) => {
    await knownAgent(c);
    const me = await agentWho(c, 'staff.manage', 'Only owners and managers can send invitations.');
    try {
      const agent = await resendInvitation(c.get('tdb'), invitationDeps(c), me, c.req.param('agentId'), c.get('deps').clock.now());
      return done(c, 'resent', agent.id);
    } catch (error) {
      return refused(c, me, error);
    }
  });

  app.post('/staff/:agentId/role', async (c) => {
    await knownAgent(c);
    const me = await agentWho(c, 'staff.manage', 'Only owners and managers can change roles.');
    const form = await parseForm(c, roleForm);
    if (!form.ok) return show(c, me, { error: form.errors.role }, 422);
    try {
      const result = await changeStaffRole(c.get('tdb'), me, c.req.param('agentId'), form.data.role, c.get('deps').clock.now());
      return done(c, result.changed ? 'role' : 'unchanged', result.agent.id);
    } catch (error) {
      return refused(c, me, error);
    }
  });

  app.post('/staff/:agentId/status', async (c) => {
    await knownAgent(c);
    const me = await agentWho(c, 'staff.manage', 'Only owners and managers can disable or enable staff.');
    const form = await parseForm(c, statusForm);
    if (!form.ok) return show(c, me, { error: form.errors.status }, 422);
    try {
      const enabled = form.data.status === 'enabled';
      const result = await setStaffEnabled(c.get('tdb'), me, c.req.param('agentId'), enabled, c.get('deps').clock.now());
      return done(c, result.changed ? (enabled ? 'enabled' : 'disabled') : 'unchanged', result.agent.id);
    } catch (error) {
      return refused(c, me, error);
    }
  });

  // Accepting an invitation: public (the invitee has no password yet); the signed link is the key.
  const invalid = (c: Context<AppEnv>) => renderPage(c, 'Invitation no longer works', <InvitationInvalidPage />, 410);

  app.get('/invitation', async (c) => {
    const token = c.req.query('token') ?? '';
    const check = await checkInvitation(c.get('tdb'), secretsOf(c.get('deps').config).tokenSecret, token, c.get('deps').clock.now());
    if (!check.ok) return invalid(c);
    const { agent } = check;
    return renderPage(c, 'Join the staff area', <InvitationPage token={token} name={agent.name} email={agent.email} portalName={c.get('tenant').branding.portalName} rules={passwordRules('', agent.email)} />);
  });

  app.post('/invitation', async (c) => {
    const form = await parseForm(c, acceptForm);
    const secret = secretsOf(c.get('deps').config).tokenSecret;
    const now = c.get('deps').clock.now();
    const token = form.values.token ?? '';
    const check = await checkInvitation(c.get('tdb'), secret, token, now);
    if (!check.ok) return invalid(c);
    const { agent } = check;
    const password = form.values.password ?? '';
    const errors: Record<string, string> = {};
    const problem = passwordProblem(password, agent.email);
    if (problem) errors.password = problem;
    if (password !== (form.values.confirm ?? '')) errors.confirm = 'The two passwords are not the same.';
    if (Object.keys(errors).length > 0) {
      return renderPage(c, 'Join the staff area', <InvitationPage token={token} name={agent.name} email={agent.email} portalName={c.get('tenant').branding.portalName} rules={passwordRules(password, agent.email)} errors={errors} />, 422);
    }
    const accepted = await acceptInvitation(c.get('tdb'), secret, token, password, now);
    if (!accepted.ok) return invalid(c);
    // Staff sign-in always asks for a second step (a code by email at least), so the normal
    // sign-in is where the new member proves it: password, then the code.
    return c.redirect('/admin/login?reset=1&next=%2Fadmin', 303);
  });

  return app;
}

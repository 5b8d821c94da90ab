import { hashPassword } from '../auth/passwords';
import type { Subject } from '../db/repositories/auth';
import type { Agent, AgentRole, AgentStatus } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { assignableRoles, can, roleLabels } from '../domain/staff-roles';
import { newId } from '../lib/ids';
import type { Config } from '../env';
import type { QueueProducer } from '../queues/messages';
import { factorsOf } from './mfa';
import { queueEmail } from './notifications';
import { checkPasswordLink, createPasswordLink } from './sign-in';

/** Invitation links last a week: the invitee may be away when it arrives. */
export const INVITATION_DAYS = 7;

/**
 * The invitation is a single-use signed link of the existing "first password" kind, made out to
 * an agent: the borrower pages refuse it (they only set customers' passwords) and the invitation
 * page refuses a customer's.
 */
const INVITATION_PURPOSE = 'set-password' as const;

/** Why a staff change was refused, with the HTTP-like outcome the route gives it. */
export class StaffRefusal extends Error {
  override name = 'StaffRefusal';
  constructor(
    readonly kind: 'forbidden' | 'not_found' | 'conflict' | 'invalid',
    message: string,
    /** For 'invalid': the form field the message belongs to. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface StaffMember {
  agent: Agent;
  /** How they pass the second step at sign-in; null for someone who has not accepted yet. */
  secondStep: string | null;
  invitedByName: string | null;
}

/** "an owner", "a manager", "a read-only member". */
export function roleWithArticle(role: AgentRole): string {
  const label = role === 'read_only' ? 'read-only member' : roleLabels[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const subjectOf = (agent: Pick<Agent, 'id'>): Subject => ({ type: 'agent', id: agent.id });

/** Staff always pass a second step: their strongest factor, else a code by email (always available). */
export async function secondStepOf(tdb: TenantDb, agent: Pick<Agent, 'id'>): Promise<string> {
  const factors = await factorsOf(tdb, subjectOf(agent));
  if (factors.totp) return 'Authenticator app';
  if (factors.passkeys > 0) return factors.passkeys === 1 ? 'Passkey' : `Passkeys (${factors.passkeys})`;
  return 'Code by email';
}

/** The whole team, by name, with how each one signs in. */
export async function listStaff(tdb: TenantDb): Promise<StaffMember[]> {
  const agents = await tdb.agents.list();
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return Promise.all(
    agents.map(async (agent) => ({
      agent,
      secondStep: agent.status === 'invited' ? null : await secondStepOf(tdb, agent),
      invitedByName: agent.invitedBy ? (names.get(agent.invitedBy) ?? null) : null,
    })),
  );
}

/** Whether `actor` may act on `target` at all (roles they could give, never themselves). */
export function mayManage(actor: Agent, target: Agent): boolean {
  return actor.id !== target.id && can(actor.role, 'staff.manage') && assignableRoles(actor.role).includes(target.role);
}

export interface InvitationDeps {
  queue: QueueProducer;
  /** Its data key seals the invitation link in the queue (services/notifications). */
  config: Config;
  tokenSecret: string;
  /** The absolute invitation address for a signed token (from configuration, never the Host header). */
  invitationUrl: (token: string) => string;
}

async function sendInvitation(tdb: TenantDb, deps: InvitationDeps, inviter: Agent, agent: Agent, now: Date): Promise<void> {
  // A new link voids the earlier ones: only the newest invitation works.
  const token = await createPasswordLink(tdb, deps.tokenSecret, subjectOf(agent), INVITATION_PURPOSE, now, INVITATION_DAYS * 24 * 60);
  await queueEmail(deps, {
    id: newId(),
    tenantId: tdb.tenantId,
    to: agent.email,
    template: 'staff-invitation',
    data: { name: agent.name, inviterName: inviter.name, role: roleLabels[agent.role], days: INVITATION_DAYS },
    secret: { link: deps.invitationUrl(token) },
  });
}

export interface InviteInput {
  name: string;
  email: string;
  role: AgentRole;
}

/** A new team member, invited by email: no password until they accept. */
export async function inviteStaff(tdb: TenantDb, deps: InvitationDeps, actor: Agent, input: InviteInput, now: Date): Promise<Agent> {
  if (!can(actor.role, 'staff.manage')) throw new StaffRefusal('forbidden', 'Only owners and managers can invite staff.');
  if (!assignableRoles(actor.role).includes(input.role)) throw new StaffRefusal('forbidden', `${cap(roleWithArticle(actor.role))} cannot invite ${roleWithArticle(input.role)}.`);
  const email = input.email.trim().toLowerCase();
  const taken = () => new StaffRefusal('invalid', 'Someone on the team already has that email address.', 'email');
  if (await tdb.agents.findByEmail(email)) throw taken();
  let agent: Agent;
  try {
    agent = await tdb.agents.create({ name: input.name, email, role: input.role, status: 'invited', invitedBy: actor.id, passwordHash: null }, now);
  } catch (error) {
    // Two invitations for one address at once: the unique index lets one through.
    if (await tdb.agents.findByEmail(email)) throw taken();
    throw error;
  }
  await tdb.audit.record({ actorType: 'agent', actorId: actor.id, action: 'staff.invited', entityType: 'agent', entityId: agent.id, before: null, after: { name: agent.name, email: agent.email, role: agent.role, status: agent.status } }, now);
  await sendInvitation(tdb, deps, actor, agent, now);
  return agent;
}

async function managed(tdb: TenantDb, actor: Agent, agentId: string): Promise<Agent> {
  // Another tenant's id finds nothing here: not found, never "not allowed".
  const target = await tdb.agents.find(agentId);
  if (!target) throw new StaffRefusal('not_found', 'There is no such team member.');
  if (!can(actor.role, 'staff.manage')) throw new StaffRefusal('forbidden', 'Only owners and managers can manage staff.');
  return target;
}

/** A fresh invitation link for someone who has not accepted yet (the earlier link stops working). */
export async function resendInvitation(tdb: TenantDb, deps: InvitationDeps, actor: Agent, agentId: string, now: Date): Promise<Agent> {
  const target = await managed(tdb, actor, agentId);
  if (target.status !== 'invited') throw new StaffRefusal('conflict', `${target.name} is not waiting for an invitation (${target.status}).`);
  if (!mayManage(actor, target)) throw new StaffRefusal('forbidden', `${cap(roleWithArticle(actor.role))} cannot manage ${roleWithArticle(target.role)}.`);
  await sendInvitation(tdb, deps, actor, target, now);
  await tdb.audit.record({ actorType: 'agent', actorId: actor.id, action: 'staff.invitation-resent', entityType: 'agent', entityId: target.id, after: { email: target.email } }, now);
  return target;
}

const activeOwners = async (tdb: TenantDb) => (await tdb.agents.list()).filter((a) => a.role === 'owner' && a.status === 'active');
const LAST_OWNER = 'The team must keep at least one active owner. Make someone else an owner first.';

/**
 * Runs a change that could take away an active owner and checks afterwards that one is left; if
 * two owners demote each other at the same moment, the later check undoes its own change, so
 * the team never ends up without one.
 */
async function keepingAnOwner(tdb: TenantDb, target: Agent, change: Partial<{ role: AgentRole; status: AgentStatus }>, now: Date): Promise<void> {
  const losesOwner = target.role === 'owner' && target.status === 'active' && ((change.role !== undefined && change.role !== 'owner') || (change.status !== undefined && change.status !== 'active'));
  if (!losesOwner) {
    await tdb.agents.update(target.id, change, now);
    return;
  }
  if ((await activeOwners(tdb)).every((a) => a.id === target.id)) throw new StaffRefusal('conflict', LAST_OWNER);
  await tdb.agents.update(target.id, change, now);
  if ((await activeOwners(tdb)).length === 0) {
    await tdb.agents.update(target.id, { role: target.role, status: target.status }, now);
    throw new StaffRefusal('conflict', LAST_OWNER);
  }
}

/** Gives a team member another role, within the roles the actor may give; never one's own. */
export async function changeStaffRole(tdb: TenantDb, actor: Agent, agentId: string, role: AgentRole, now: Date): Promise<{ agent: Agent; changed: boolean }> {
  const target = await managed(tdb, actor, agentId);
  const allowed = assignableRoles(actor.role);
  if (!allowed.includes(target.role) || !allowed.includes(role)) {
    throw new StaffRefusal('forbidden', `${cap(roleWithArticle(actor.role))} can only give or take these roles: ${allowed.map((r) => roleLabels[r].toLowerCase()).join(', ')}.`);
  }
  if (target.role === role) return { agent: target, changed: false };
  if (target.id === actor.id) {
    // The last owner hears why first: that rule holds whoever asks.
    if (target.role === 'owner' && (await activeOwners(tdb)).every((a) => a.id === target.id)) throw new StaffRefusal('conflict', LAST_OWNER);
    throw new StaffRefusal('forbidden', 'You cannot change your own role; ask another owner.');
  }
  await keepingAnOwner(tdb, target, { role }, now);
  if (!can(role, 'staff.manage')) await voidInvitationsSentBy(tdb, target, now);
  await tdb.audit.record({ actorType: 'agent', actorId: actor.id, action: 'staff.role-changed', entityType: 'agent', entityId: target.id, before: { role: target.role }, after: { role } }, now);
  return { agent: { ...target, role }, changed: true };
}

/**
 * Disables or re-enables a team member. Disabling ends every session they have and voids an open
 * invitation; enabling someone who never accepted puts them back to "invited" (re-send the link).
 */
export async function setStaffEnabled(tdb: TenantDb, actor: Agent, agentId: string, enabled: boolean, now: Date): Promise<{ agent: Agent; changed: boolean }> {
  const target = await managed(tdb, actor, agentId);
  if (!assignableRoles(actor.role).includes(target.role)) throw new StaffRefusal('forbidden', `${cap(roleWithArticle(actor.role))} cannot ${enabled ? 'enable' : 'disable'} ${roleWithArticle(target.role)}.`);
  if (target.id === actor.id) {
    if (!enabled && target.role === 'owner' && (await activeOwners(tdb)).every((a) => a.id === target.id)) throw new StaffRefusal('conflict', LAST_OWNER);
    throw new StaffRefusal('forbidden', 'You cannot disable or enable yourself; ask another owner or manager.');
  }
  if (enabled) {
    if (target.status !== 'disabled') return { agent: target, changed: false };
    const status: AgentStatus = target.passwordHash ? 'active' : 'invited';
    await tdb.agents.update(target.id, { status }, now);
    await tdb.audit.record({ actorType: 'agent', actorId: actor.id, action: 'staff.enabled', entityType: 'agent', entityId: target.id, before: { status: target.status }, after: { status } }, now);
    return { agent: { ...target, status }, changed: true };
  }
  if (target.status === 'disabled') return { agent: target, changed: false };
  await keepingAnOwner(tdb, target, { status: 'disabled' }, now);
  await tdb.sessions.removeAll(subjectOf(target));
  await tdb.tokens.voidOpen(subjectOf(target), INVITATION_PURPOSE, now);
  await voidInvitationsSentBy(tdb, target, now);
  await tdb.audit.record({ actorType: 'agent', actorId: actor.id, action: 'staff.disabled', entityType: 'agent', entityId: target.id, before: { status: target.status }, after: { status: 'disabled' } }, now);
  return { agent: { ...target, status: 'disabled' }, changed: true };
}

/** Invitations someone sent stop working when they can no longer invite (disabled, or a role without it). */
async function voidInvitationsSentBy(tdb: TenantDb, inviter: Agent, now: Date): Promise<void> {
  for (const invited of await tdb.agents.invitedBy(inviter.id)) await tdb.tokens.voidOpen(subjectOf(invited), INVITATION_PURPOSE, now);
}

export type InvitationCheck = { ok: true; agent: Agent } | { ok: false };

async function invitationLink(tdb: TenantDb, tokenSecret: string, token: string, now: Date): Promise<{ ok: true; agent: Agent; tokenId: string } | { ok: false }> {
  if (!token || token.length > 4000) return { ok: false };
  const link = await checkPasswordLink(tdb, tokenSecret, token, now);
  if (!link.ok || link.subject.type !== 'agent' || link.purpose !== INVITATION_PURPOSE) return { ok: false };
  const agent = await tdb.agents.find(link.subject.id);
  if (!agent || agent.status !== 'invited') return { ok: false };
  return { ok: true, agent, tokenId: link.tokenId };
}

/** The invited agent a link is for, while it is unused, unexpired, genuine and theirs. */
export async function checkInvitation(tdb: TenantDb, tokenSecret: string, token: string, now: Date): Promise<InvitationCheck> {
  const link = await invitationLink(tdb, tokenSecret, token, now);
  return link.ok ? { ok: true, agent: link.agent } : { ok: false };
}

/**
 * Accepts an invitation: the link is used up (once, even under two submits at the same moment),
 * the password saved and the agent made active. Signing in then takes the password and, as for
 * all staff, a second step.
 */
export async function acceptInvitation(tdb: TenantDb, tokenSecret: string, token: string, password: string, now: Date): Promise<InvitationCheck> {
  const link = await invitationLink(tdb, tokenSecret, token, now);
  if (!link.ok) return link;
  const hash = await hashPassword(password);
  if (!(await tdb.tokens.consume(link.tokenId, now))) return { ok: false };
  // Only while still invited, in the same statement: a disable that lands meanwhile voids the invitation.
  if (!(await tdb.agents.activateInvited(link.agent.id, hash, now))) return { ok: false };
  await tdb.sessions.removeAll(subjectOf(link.agent));
  await tdb.audit.record({ actorType: 'agent', actorId: link.agent.id, action: 'staff.invitation-accepted', entityType: 'agent', entityId: link.agent.id, before: { status: 'invited' }, after: { status: 'active' } }, now);
  return { ok: true, agent: { ...link.agent, status: 'active', passwordHash: hash } };
}

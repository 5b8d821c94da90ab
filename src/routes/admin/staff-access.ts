import type { Context } from 'hono';
import type { Agent, Customer } from '../../db/schema';
import { can, type StaffPermission } from '../../domain/staff-roles';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';

/** The signed-in staff member (requireAgent() has run); a removed or disabled agent must sign in again. */
export async function currentAgent(c: Context<AppEnv>): Promise<Agent> {
  const session = c.get('session');
  const agent = session ? await c.get('tdb').agents.find(session.subjectId) : undefined;
  if (!agent || agent.status !== 'active') throw new AppError('forbidden', 'Sign in again.');
  return agent;
}

/** The signed-in agent, if their role allows this; otherwise 403 with the reason. */
export async function agentWho(c: Context<AppEnv>, permission: StaffPermission, refusal: string): Promise<Agent> {
  const agent = await currentAgent(c);
  if (!can(agent.role, permission)) throw new AppError('forbidden', refusal);
  return agent;
}

/** The customer named by the route's :id in this tenant, or 404 (another tenant's id included). */
export async function customerOf(c: Context<AppEnv>): Promise<Customer> {
  const customer = await c.get('tdb').customers.find(c.req.param('id') ?? '');
  if (!customer) throw new AppError('not_found', 'There is no such customer.');
  return customer;
}

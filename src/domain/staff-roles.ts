import type { AgentRole } from '../db/schema';

/**
 * What each staff role may do. Read-only staff see everything a customer-facing agent sees and
 * change nothing; agents service customers and accounts; managers also reverse payments, delete
 * personal data and manage agents; owners also configure the portal and appoint managers and owners.
 */
export const staffPermissions = {
  'customers.write': ['owner', 'manager', 'agent'],
  'accounts.write': ['owner', 'manager', 'agent'],
  'payments.take': ['owner', 'manager', 'agent'],
  'payments.reverse': ['owner', 'manager'],
  'personal-data.export': ['owner', 'manager', 'agent'],
  'personal-data.delete': ['owner', 'manager'],
  'borrower.view-as': ['owner', 'manager', 'agent', 'read_only'],
  'staff.manage': ['owner', 'manager'],
  'settings.manage': ['owner'],
} as const satisfies Record<string, readonly AgentRole[]>;

export type StaffPermission = keyof typeof staffPermissions;

export function can(role: AgentRole, permission: StaffPermission): boolean {
  return (staffPermissions[permission] as readonly AgentRole[]).includes(role);
}

/** The roles a staff member with this role may give (or take from) someone else. */
export function assignableRoles(role: AgentRole): AgentRole[] {
  if (role === 'owner') return ['owner', 'manager', 'agent', 'read_only'];
  if (role === 'manager') return ['agent', 'read_only'];
  return [];
}

export const roleLabels: Record<AgentRole, string> = { owner: 'Owner', manager: 'Manager', agent: 'Agent', read_only: 'Read-only' };

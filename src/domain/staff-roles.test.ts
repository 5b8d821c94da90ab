import { describe, expect, it } from 'vitest';
import { agentRoles } from '../db/schema';
import { assignableRoles, can, staffPermissions } from './staff-roles';

describe('staff roles', () => {
  it('gives read-only staff no write permission at all', () => {
    const writes = Object.keys(staffPermissions).filter((p) => p !== 'borrower.view-as') as (keyof typeof staffPermissions)[];
    for (const p of writes) expect(can('read_only', p), p).toBe(false);
    expect(can('read_only', 'borrower.view-as')).toBe(true);
  });

  it('keeps settings to owners and reversals and deletions to managers and owners', () => {
    expect(agentRoles.filter((r) => can(r, 'settings.manage'))).toEqual(['owner']);
    expect(agentRoles.filter((r) => can(r, 'payments.reverse'))).toEqual(['owner', 'manager']);
    expect(agentRoles.filter((r) => can(r, 'personal-data.delete'))).toEqual(['owner', 'manager']);
    expect(can('agent', 'customers.write')).toBe(true);
  });

  it('lets managers appoint agents and read-only staff only, and owners anyone', () => {
    expect(assignableRoles('manager')).toEqual(['agent', 'read_only']);
    expect(assignableRoles('owner')).toEqual(['owner', 'manager', 'agent', 'read_only']);
    expect(assignableRoles('agent')).toEqual([]);
    expect(assignableRoles('read_only')).toEqual([]);
  });
});

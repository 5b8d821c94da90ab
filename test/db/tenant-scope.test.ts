import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant } from '../../src/db/tenant';
import { seedFixtures, type Fixtures } from '../support/fixtures';
import { tempDb } from '../support/node-host';

/** Every repository behind forTenant() filters reads and stamps writes with its tenant. */
describe('forTenant repositories', () => {
  let env: Awaited<ReturnType<typeof tempDb>>;
  let f: Fixtures;
  beforeAll(async () => {
    env = await tempDb();
    f = await seedFixtures(env.db);
  });
  afterAll(() => env.cleanup());

  it("cannot read another tenant's rows by id, email or listing", async () => {
    const alpha = forTenant(env.db, f.alpha.id);
    const bravo = forTenant(env.db, f.bravo.id);
    const [bravoCustomer] = await bravo.customers.list({ limit: 10 });
    const bravoAgent = await bravo.agents.findByEmail('owner@bravo.example');
    expect(bravoCustomer && bravoAgent).toBeTruthy();
    expect(await alpha.customers.find(bravoCustomer!.id)).toBeUndefined();
    expect(await alpha.agents.find(bravoAgent!.id)).toBeUndefined();
    expect(await alpha.agents.findByEmail('owner@bravo.example')).toBeUndefined();
    expect(await alpha.emails.find(f.bravo.emailId)).toBeUndefined();
    expect(await alpha.emails.findByMessageId('seed-bravo')).toBeUndefined();
    expect((await alpha.customers.list({ limit: 100 })).every((c) => c.tenantId === f.alpha.id)).toBe(true);
    expect((await alpha.emails.recent(100)).every((e) => e.tenantId === f.alpha.id)).toBe(true);
    expect(await alpha.customers.count()).toBe(1);
  });

  it('stamps its own tenant on writes, and audit history is per tenant', async () => {
    const alpha = forTenant(env.db, f.alpha.id);
    const bravo = forTenant(env.db, f.bravo.id);
    const now = new Date('2026-11-22T12:00:00Z');
    const created = await alpha.customers.create({ firstName: 'Lee', lastName: 'Ng', email: 'LEE@Example.com' }, now);
    expect(created).toMatchObject({ tenantId: f.alpha.id, email: 'lee@example.com', webUsername: 'lee@example.com' });
    await alpha.audit.record({ actorType: 'agent', actorId: 'a1', action: 'customer.updated', entityType: 'customer', entityId: created.id, before: { lastName: 'ng' }, after: { lastName: 'Ng' } }, now);
    expect(await alpha.audit.history('customer', created.id)).toEqual([
      expect.objectContaining({ tenantId: f.alpha.id, action: 'customer.updated', before: { lastName: 'ng' }, after: { lastName: 'Ng' } }),
    ]);
    expect(await bravo.audit.history('customer', created.id)).toEqual([]);
  });

  it('lets two lenders have a borrower with the same email', async () => {
    const now = new Date();
    await forTenant(env.db, f.alpha.id).customers.create({ firstName: 'Sam', lastName: 'Both', email: 'sam@example.com' }, now);
    await expect(forTenant(env.db, f.bravo.id).customers.create({ firstName: 'Sam', lastName: 'Both', email: 'sam@example.com' }, now)).resolves.toMatchObject({ tenantId: f.bravo.id });
  });
});

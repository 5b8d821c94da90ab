import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deletionRequests } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

const REASON = 'Customer’s emailed request of Nov 20, identity checked by phone.';

describe('deleting personal data: never while an account is owed, and only with two people (issue 11, item 13)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  const staff = {} as Record<'owner' | 'ana' | 'ben' | 'agent' | 'viewer', string>;
  const ids = {} as Record<'ana' | 'ben', string>;
  const requestsOf = (customerId: string) => host.db.select().from(deletionRequests).where(and(eq(deletionRequests.tenantId, demo.tenant.id), eq(deletionRequests.customerId, customerId)));
  const auditsOf = (customerId: string, action: string) => host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.entityId, customerId), eq(auditLog.action, action)));
  const someone = async (lastName: string) => tdb().customers.create({ firstName: 'Casey', lastName, email: `casey-${newId()}@example.com` }, clock.now());

  beforeAll(async () => {
    ({ host, demo } = env);
    staff.owner = await env.staffSession('owner');
    for (const [key, name] of [['ana', 'Ana Ortiz'], ['ben', 'Ben Moss']] as const) {
      const m = await tdb().agents.create({ email: `${key}-${newId()}@sunrise-lending.example`, name, role: 'manager' }, clock.now());
      ids[key] = m.id;
      staff[key] = (await startSession(tdb(), { type: 'agent', id: m.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    }
    staff.agent = await env.staffSession('agent');
    staff.viewer = await env.staffSession('read_only');
  });

  it('refuses while any account of the customer has a balance, naming each account and the legal exemption, keeping what was typed', async () => {
    const base = `/admin/customers/${demo.borrower.id}/privacy`;
    const res = await client()(`${base}/delete`, { cookie: staff.ana, form: { confirm: 'Rivera', reason: REASON } });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('The personal data cannot be deleted while accounts have a balance');
    expect(html).toMatch(/PL-118342 \(\$[\d,]+\.\d\d\)/);
    expect(html).toMatch(/AL-204817 \(\$[\d,]+\.\d\d\)/);
    expect(html).not.toContain('PL-100577'); // the paid-off loan owes nothing
    expect(html).toContain('§ 1798.105(d)(1)');
    expect(html).toContain('complete the transaction');
    expect(html).toContain('perform the contract');
    expect(html).toContain('PIPEDA (Schedule 1, principle 4.5)');
    expect(html).toContain(`>${REASON}</textarea>`);
    expect(await requestsOf(demo.borrower.id)).toHaveLength(0);
    expect((await tdb().customers.find(demo.borrower.id))!.anonymisedAt).toBeNull();
  });

  it('records who asked; the asker cannot approve; a different manager or owner approves, and both are in the history', async () => {
    const casey = await someone('Lindgren');
    const base = `/admin/customers/${casey.id}/privacy`;
    const asked = await client()(`${base}/delete`, { cookie: staff.ana, form: { confirm: 'lindgren', reason: REASON } });
    expect(asked.status).toBe(303);
    expect((await tdb().customers.find(casey.id))!.anonymisedAt).toBeNull();
    const [request] = await requestsOf(casey.id);
    expect(request).toMatchObject({ status: 'pending', requestedBy: ids.ana, reason: REASON });
    expect(await auditsOf(casey.id, 'privacy.deletion-requested')).toMatchObject([{ actorId: ids.ana, after: { requestedBy: ids.ana, reason: REASON } }]);

    // The asker sees it waiting, with no approval form; another manager sees the approval form.
    const mine = await (await client()(`${base}?request=requested`, { cookie: staff.ana })).text();
    expect(mine).toContain('Nothing is deleted until another manager or owner approves it here.');
    expect(mine).toContain('Ana Ortiz (manager)');
    expect(mine).toContain('You asked for this deletion: a different manager or owner must approve it.');
    expect(mine).not.toContain(`/delete/${request!.id}/approve`);
    const theirs = await (await client()(base, { cookie: staff.ben })).text();
    expect(theirs).toContain(`action="${base}/delete/${request!.id}/approve#deletion-action"`);
    expect(theirs).toContain(REASON);
    // Those who may approve see it on the staff home; agents do not.
    const home = await (await client()('/admin', { cookie: staff.ben })).text();
    expect(home).toContain('Deletions waiting for approval');
    expect(home).toContain(`href="/admin/customers/${casey.id}/privacy#deletion-action"`);
    expect(await (await client()('/admin', { cookie: staff.agent })).text()).not.toContain('Deletions waiting for approval');
    // A second request while one waits: refused.
    expect((await client()(`${base}/delete`, { cookie: staff.ben, form: { confirm: 'lindgren', reason: REASON } })).status).toBe(409);

    const self = await client()(`${base}/delete/${request!.id}/approve`, { cookie: staff.ana, form: { confirm: 'lindgren' } });
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('You asked for this deletion, so you cannot approve it');
    for (const who of [staff.agent, staff.viewer]) expect((await client()(`${base}/delete/${request!.id}/approve`, { cookie: who, form: { confirm: 'lindgren' } })).status).toBe(403);
    expect((await tdb().customers.find(casey.id))!.anonymisedAt).toBeNull();
    // The approver confirms with the last name too.
    const unconfirmed = await client()(`${base}/delete/${request!.id}/approve`, { cookie: staff.ben, form: { confirm: 'smith' } });
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('value="smith"');

    const approved = await client()(`${base}/delete/${request!.id}/approve`, { cookie: staff.ben, form: { confirm: 'Lindgren' } });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`${base}?deleted=1`);
    expect((await tdb().customers.find(casey.id))!).toMatchObject({ firstName: 'Deleted', lastName: 'customer' });
    expect((await requestsOf(casey.id))[0]).toMatchObject({ status: 'approved', decidedBy: ids.ben });
    const [deleted] = await auditsOf(casey.id, 'privacy.deleted');
    expect(deleted).toMatchObject({ actorId: ids.ben, after: { requestedBy: ids.ana, approvedBy: ids.ben, reason: REASON } });

    const text = (await (await client()(base, { cookie: staff.owner })).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Deletion of personal data asked for');
    expect(text).toContain('Personal data deleted');
    expect(text).toContain('Asked by: Ana Ortiz (manager)');
    expect(text).toContain('Approved by: Ben Moss (manager)');
    expect(text).not.toContain(ids.ana);
  });

  it('checks the balance again when approving: an account owed since the request stops it, and the request keeps waiting', async () => {
    const casey = await someone('Okafor');
    const base = `/admin/customers/${casey.id}/privacy`;
    expect((await client()(`${base}/delete`, { cookie: staff.ben, form: { confirm: 'Okafor', reason: REASON } })).status).toBe(303);
    const [request] = await requestsOf(casey.id);
    // Added meanwhile to the personal loan, which is owed.
    expect((await client()('/admin/accounts/PL-118342/customers', { cookie: staff.agent, form: { customer: casey.id, role: 'Secondary', emailAccess: 'on' } })).status).toBe(303);
    const blocked = await client()(`${base}/delete/${request!.id}/approve`, { cookie: staff.owner, form: { confirm: 'Okafor' } });
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain('cannot be deleted while an account has a balance: PL-118342');
    expect((await requestsOf(casey.id))[0]!.status).toBe('pending');
    expect((await tdb().customers.find(casey.id))!.anonymisedAt).toBeNull();
    // Off the account again: now it goes through.
    expect((await client()(`/admin/accounts/PL-118342/customers/${casey.id}/remove`, { cookie: staff.agent, form: {} })).status).toBe(303);
    expect((await client()(`${base}/delete/${request!.id}/approve`, { cookie: staff.owner, form: { confirm: 'Okafor' } })).status).toBe(303);
    expect((await tdb().customers.find(casey.id))!.anonymisedAt).not.toBeNull();
  });

  it('lets the asker withdraw and another manager decline, audited; a withdrawn request cannot be approved', async () => {
    const casey = await someone('Brandt');
    const base = `/admin/customers/${casey.id}/privacy`;
    expect((await client()(`${base}/delete`, { cookie: staff.ana, form: { confirm: 'Brandt', reason: REASON } })).status).toBe(303);
    const [first] = await requestsOf(casey.id);
    expect((await client()(`${base}/delete/${first!.id}/withdraw`, { cookie: staff.agent, form: {} })).status).toBe(403);
    const withdrawn = await client()(`${base}/delete/${first!.id}/withdraw`, { cookie: staff.ana, form: {} });
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toBe(`${base}?request=withdrawn`);
    expect(await auditsOf(casey.id, 'privacy.deletion-withdrawn')).toMatchObject([{ actorId: ids.ana, after: { withdrawnBy: ids.ana, requestedBy: ids.ana } }]);
    const late = await client()(`${base}/delete/${first!.id}/approve`, { cookie: staff.ben, form: { confirm: 'Brandt' } });
    expect(late.status).toBe(303);
    expect(late.headers.get('location')).toBe(`${base}?request=not-pending`);
    expect((await tdb().customers.find(casey.id))!.anonymisedAt).toBeNull();

    // Asked again, declined by the other manager.
    expect((await client()(`${base}/delete`, { cookie: staff.ana, form: { confirm: 'Brandt', reason: REASON } })).status).toBe(303);
    const second = (await requestsOf(casey.id)).find((r) => r.status === 'pending')!;
    expect((await client()(`${base}/delete/${second.id}/withdraw`, { cookie: staff.ben, form: {} })).status).toBe(303);
    expect((await requestsOf(casey.id)).map((r) => [r.status, r.decidedBy])).toEqual(expect.arrayContaining([['withdrawn', ids.ana], ['withdrawn', ids.ben]]));
  });

  it('answers 404 for another tenant’s staff, and for a request of another customer', async () => {
    const casey = await someone('Vance');
    const other = await someone('Marsh');
    const base = `/admin/customers/${casey.id}/privacy`;
    expect((await client()(`${base}/delete`, { cookie: staff.ana, form: { confirm: 'Vance', reason: REASON } })).status).toBe(303);
    const [request] = await requestsOf(casey.id);
    // Casey's request used on Marsh's page.
    expect((await client()(`/admin/customers/${other.id}/privacy/delete/${request!.id}/approve`, { cookie: staff.ben, form: { confirm: 'Marsh' } })).status).toBe(404);
    expect((await client()(`/admin/customers/${other.id}/privacy/delete/${request!.id}/withdraw`, { cookie: staff.ben, form: {} })).status).toBe(404);
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaManager = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Manager', role: 'manager' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaManager.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    for (const action of ['approve', 'withdraw']) expect((await alpha(`${base}/delete/${request!.id}/${action}`, { cookie: alphaSession, form: { confirm: 'Vance' } })).status, action).toBe(404);
    expect((await requestsOf(casey.id))[0]!.status).toBe('pending');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

type JsonRow = { at: string; action: string; actor: { type: string; id: string | null; name: string | null; role: string }; before: unknown; after: unknown };

/** The History section of a page: its text without tags, so "Morgan Reyes (owner)" reads as on screen. */
const historyText = (html: string) => {
  const start = html.indexOf('id="tab-history"');
  expect(start, 'the page has a history section').toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
};

describe('change history names who acted, in dollars and dates, and pages through everything (issue 11, item 12)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let owner: string;
  let base: string;

  beforeAll(async () => {
    ({ host, demo } = env);
    owner = await env.staffSession('owner');
    base = `/admin/customers/${demo.borrower.id}`;
  });

  it('says who made each change by name and role (the borrower, the system), with money in dollars and dates in words', async () => {
    // The owner saves the employer: income typed in dollars is stored in cents.
    expect((await client()(`${base}/employer`, { cookie: owner, form: { name: 'Front Range Dental', jobTitle: 'Hygienist', income: '5,200.00', incomeFrequency: 'monthly', hireDate: '2021-03-15', phone: '', nextPayDate: '', payFrequency: '' } })).status).toBe(303);
    // An agent who is promoted afterwards: their change keeps the role they had when they made it.
    const sam = await tdb().agents.create({ email: `sam-${newId()}@sunrise-lending.example`, name: 'Sam Okafor', role: 'agent' }, clock.now());
    const samSession = (await startSession(tdb(), { type: 'agent', id: sam.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    expect((await client()(`${base}/employer`, { cookie: samSession, form: { name: 'Front Range Dental', jobTitle: 'Lead hygienist', income: '5,200.00', incomeFrequency: 'monthly', hireDate: '2021-03-15', phone: '', nextPayDate: '', payFrequency: '' } })).status).toBe(303);
    const later = fixedClock('2026-11-22T18:00:00Z');
    await tdb().agents.update(sam.id, { role: 'manager' }, later.now());
    await tdb().audit.record({ actorType: 'agent', actorId: demo.owner.id, action: 'staff.role-changed', entityType: 'agent', entityId: sam.id, before: { role: 'agent' }, after: { role: 'manager' } }, later.now());
    // The borrower's own change and one by the system.
    await tdb().audit.record({ actorType: 'customer', actorId: demo.borrower.id, action: 'employer.updated', entityType: 'customer', entityId: demo.borrower.id, before: { nextPayDate: null }, after: { nextPayDate: '2026-12-01' } }, clock.now());
    await tdb().audit.record({ actorType: 'system', action: 'employer.updated', entityType: 'customer', entityId: demo.borrower.id, before: { payFrequency: null }, after: { payFrequency: 'monthly' } }, clock.now());

    const text = historyText(await (await client()(`${base}/employer`, { cookie: owner })).text());
    expect(text).toContain('Morgan Reyes (owner)');
    expect(text).toContain('Sam Okafor (agent)');
    expect(text).not.toContain('Sam Okafor (manager)');
    expect(text).toContain('the borrower');
    expect(text).toContain('the system');
    expect(text).toContain('Income: $5,200.00');
    expect(text).not.toContain('520000');
    expect(text).toContain('Hire date: Mar 15, 2021');
    expect(text).toContain('Next pay date: Dec 1, 2026');
    // Instants in the lender's time zone (Denver), not UTC.
    expect(text).toContain('Nov 22, 2026, 10:00:00 AM MST');
    // Never the bare actor type or an internal id.
    expect(text).not.toMatch(/Employer updated (agent|customer|system) /);
    expect(text).not.toContain(demo.owner.id);
    expect(text).not.toContain(sam.id);
  });

  it('puts the name and role in the JSON download too', async () => {
    const res = await client()(`${base}/history.json?tab=employer`, { cookie: owner });
    expect(res.status).toBe(200);
    const { history } = (await res.json()) as { history: JsonRow[] };
    const ownerRow = history.find((r) => r.actor.id === demo.owner.id)!;
    expect(ownerRow.actor).toEqual({ type: 'agent', id: demo.owner.id, name: 'Morgan Reyes', role: 'owner' });
    expect(history.find((r) => r.actor.name === 'Sam Okafor')!.actor.role).toBe('agent');
    expect(history.find((r) => r.actor.type === 'customer')!.actor).toEqual({ type: 'customer', id: demo.borrower.id, name: 'Jordan Rivera', role: 'borrower' });
    expect(history.find((r) => r.actor.type === 'system')!.actor).toEqual({ type: 'system', id: null, name: null, role: 'system' });
    // The stored values are kept as they are, for systems reading the file.
    expect(history.some((r) => (r.after as Record<string, unknown> | null)?.income === 520_000)).toBe(true);
  });

  it('pages through every change, 25 at a time, with plain links and an htmx fragment; the oldest stays reachable', async () => {
    const someone = await tdb().customers.create({ firstName: 'Pat', lastName: 'Many', email: `pat-${newId()}@example.com` }, clock.now());
    for (let i = 1; i <= 60; i++) {
      await tdb().audit.record({ actorType: 'agent', actorId: demo.owner.id, action: 'note.updated', entityType: 'customer', entityId: someone.id, before: { title: `Title ${i - 1}` }, after: { title: `Title ${i}` } }, new Date(Date.UTC(2026, 10, 1) + i * 60_000));
    }
    const path = `/admin/customers/${someone.id}/notes`;
    const first = historyText(await (await client()(path, { cookie: owner })).text());
    expect(first).toContain('60 changes, 1–25 shown, newest first');
    expect(first).toContain('Title 60');
    expect(first).toContain('Title 36');
    expect(first).not.toContain('Title 34');
    expect(first).toContain('Page 1 of 3');
    const page1 = await (await client()(path, { cookie: owner })).text();
    expect(page1).toContain(`href="${path}?history=2#tab-history"`);
    expect(page1).toContain(`hx-get="/admin/customers/${someone.id}/history?tab=notes&amp;page=2"`);

    const last = historyText(await (await client()(`${path}?history=3`, { cookie: owner })).text());
    expect(last).toContain('Page 3 of 3');
    expect(last).toContain('Title 0');
    expect(last).toContain('Title 1');
    // A page past the end shows the last page.
    expect(historyText(await (await client()(`${path}?history=99`, { cookie: owner })).text())).toContain('Page 3 of 3');

    // htmx asks for the section alone; without htmx the same address goes to the tab's page.
    const fragment = await client()(`/admin/customers/${someone.id}/history?tab=notes&page=2`, { cookie: owner, headers: { 'hx-request': 'true', 'hx-target': 'tab-history' } });
    expect(fragment.status).toBe(200);
    const html = await fragment.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('Page 2 of 3');
    expect(html).toContain('Title 35');
    const plain = await client()(`/admin/customers/${someone.id}/history?tab=notes&page=2`, { cookie: owner });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`${path}?history=2#tab-history`);
    expect((await client()(`/admin/customers/${someone.id}/history?tab=nonsense`, { cookie: owner })).status).toBe(404);

    // The JSON has all 60.
    const json = (await (await client()(`/admin/customers/${someone.id}/history.json?tab=notes`, { cookie: owner })).json()) as { history: JsonRow[] };
    expect(json.history).toHaveLength(60);
  });

  it('shows history to read-only staff; another tenant’s staff get 404 and the signed-out go to sign-in', async () => {
    const viewer = await env.staffSession('read_only');
    expect((await client()(`${base}/history?tab=employer&page=1`, { cookie: viewer, headers: { 'hx-request': 'true', 'hx-target': 'tab-history' } })).status).toBe(200);
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'owner' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    expect((await alpha(`${base}/history?tab=employer`, { cookie: alphaSession })).status).toBe(404);
    const out = await client()(`${base}/history?tab=employer`);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toMatch(/^\/admin\/login/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { forTenant } from '../../src/db/tenant';
import { fixedClock } from '../../src/lib/clock';
import { newId } from '../../src/lib/ids';
import { keyedHash } from '../../src/lib/secrets';
import { dataKeysOf } from '../../src/services/data-keys';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import type { NodeTestHost } from '../support/node-host';

/** The names in the results, in order (the first cell of each row). */
const namesIn = (html: string) => [...html.matchAll(/<th scope="row"[^>]*><a href="\/admin\/customers\/[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);

describe('customer search: a count, pages beyond 20, by last name, and what tells two namesakes apart (issue 11, item 16)', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client, tdb } = env;
  let host: NodeTestHost;
  let demo: Demo;
  let agent: string;
  const johns: string[] = [];

  beforeAll(async () => {
    ({ host, demo } = env);
    agent = await env.staffSession('agent');
    const now = clock.now();
    // 43 Quillfeathers: 40 first names in an order that is not alphabetical, created out of order, and three namesakes.
    const firsts = Array.from({ length: 40 }, (_, i) => `Name${String(39 - i).padStart(2, '0')}`);
    for (const first of firsts) await tdb().customers.create({ firstName: first, lastName: i(first) ? 'Quillfeather' : 'Quillfeathers', email: `${first.toLowerCase()}-${newId()}@example.com` }, now);
    function i(first: string) {
      return Number(first.slice(4)) % 2 === 0;
    }
    const keys = await dataKeysOf(host.deps.config);
    for (const [year, last4, city, state] of [['1961', '6789', 'Denver', 'CO'], ['1988', '4321', 'Boulder', 'CO'], ['1975', '1111', 'Austin', 'TX']] as const) {
      const john = await tdb().customers.create({ firstName: 'John', lastName: 'Quillfeather', email: `john-${newId()}@example.com`, dateOfBirth: `${year}-05-01` }, now);
      await tdb().customers.setTaxId(john.id, { encrypted: 'not-read-here', hash: await keyedHash(keys, `ssn:2${year.slice(2)}12${last4}`), last4 }, now);
      await tdb().profile.saveAddress(john.id, 'primary', { line1: '1 Main St', line2: '', city, state, zip: state === 'CO' ? '80202' : '73301', country: 'US' }, now);
      johns.push(john.id);
    }
  });

  it('counts every match and pages 20 at a time, sorted by last name then first name', async () => {
    const html = await (await client()('/admin/customers?q=quillfeather', { cookie: agent })).text();
    expect(html).toContain('43 customers match');
    const page1 = namesIn(html);
    expect(page1).toHaveLength(20);
    // Quillfeather (the even names and the Johns) before Quillfeathers; first names in order within each.
    expect(page1.slice(0, 4)).toEqual(['John Quillfeather', 'John Quillfeather', 'John Quillfeather', 'Name00 Quillfeather']);
    expect(page1.at(-1)).toBe('Name32 Quillfeather');
    expect(html).toContain('href="/admin/customers?q=quillfeather&amp;page=2"');
    expect(html).toContain('hx-get="/admin/customers/results?q=quillfeather&amp;page=2"');
    expect(html).toContain('Page 1 of 3');

    const page2 = namesIn(await (await client()('/admin/customers?q=quillfeather&page=2', { cookie: agent })).text());
    expect(page2[0]).toBe('Name34 Quillfeather');
    expect(page2.at(-1)).toBe('Name33 Quillfeathers');
    const page3html = await (await client()('/admin/customers?q=quillfeather&page=3', { cookie: agent })).text();
    const page3 = namesIn(page3html);
    expect(page3).toEqual(['Name35 Quillfeathers', 'Name37 Quillfeathers', 'Name39 Quillfeathers']);
    expect(page3html).toContain('href="/admin/customers?q=quillfeather&amp;page=2"');
    expect(page3html).not.toContain('page=4');
    // Every customer is on exactly one page.
    expect(new Set([...page1, ...page2, ...page3].filter((n) => !n!.startsWith('John'))).size).toBe(40);

    // htmx gets the results alone.
    const fragment = await client()('/admin/customers/results?q=quillfeather&page=2', { cookie: agent, headers: { 'hx-request': 'true', 'hx-target': 'customer-results' } });
    const text = await fragment.text();
    expect(text).not.toContain('<html');
    expect(text).toContain('43 customers match');
    expect(namesIn(text)).toEqual(page2);
    // A page past the end is the last page; nonsense is the first.
    expect(namesIn(await (await client()('/admin/customers?q=quillfeather&page=40', { cookie: agent })).text())).toEqual(page3);
    expect(namesIn(await (await client()('/admin/customers?q=quillfeather&page=x', { cookie: agent })).text())).toEqual(page1);
  });

  it('shows birth year, the SSN’s last four (masked) and the city in each row, never the whole SSN', async () => {
    const html = await (await client()('/admin/customers?q=john+quillfeather', { cookie: agent })).text();
    expect(html).toContain('3 customers match');
    for (const [year, last4, city] of [['1961', '6789', 'Denver, CO'], ['1988', '4321', 'Boulder, CO'], ['1975', '1111', 'Austin, TX']]) {
      expect(html).toContain(`Born ${year}`);
      expect(html).toContain(`SSN •••-••-${last4}`);
      expect(html).toContain(city);
    }
    expect(html).not.toContain('261-12-6789');
    // A full SSN finds its one customer, and says so.
    const bySsn = await (await client()('/admin/customers?q=261-12-6789', { cookie: agent })).text();
    expect(bySsn).toContain('1 customer matches');
    expect(bySsn).toContain('Born 1961');
    expect(bySsn).toContain('<td data-label="Matched on">SSN</td>');
  });

  it('keeps every role in and other tenants out', async () => {
    const viewer = await env.staffSession('read_only');
    expect(await (await client()('/admin/customers?q=quillfeather', { cookie: viewer })).text()).toContain('43 customers match');
    const alphaTdb = forTenant(host.db, host.fixtures.alpha.id);
    const alphaAgent = await alphaTdb.agents.create({ email: `x-${newId()}@alpha.example`, name: 'Alpha Agent', role: 'agent' }, clock.now());
    const alphaSession = (await startSession(alphaTdb, { type: 'agent', id: alphaAgent.id }, signInSettingsOf(demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    const alpha = tenantClient(host.app, 'alpha');
    const html = await (await alpha('/admin/customers?q=quillfeather&page=2', { cookie: alphaSession })).text();
    expect(html).toContain('No customer matches');
    expect(html).not.toContain(johns[0]!);
  });
});

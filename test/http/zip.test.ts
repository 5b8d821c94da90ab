import { beforeAll, describe, expect, it } from 'vitest';
import { readZipTable } from '../../src/integrations/zip/data-file';
import { loadZipCodes } from '../../src/integrations/zip/offline';
import { fixedClock } from '../../src/lib/clock';
import { PermanentError, TransientError } from '../../src/lib/delivery-errors';
import { newId } from '../../src/lib/ids';
import { signInSettingsOf, startSession } from '../../src/services/sign-in';
import { useDemoHost } from '../support/demo-host';

describe('ZIP → city and state for staff forms', () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client } = env;
  let agent: string;
  let readOnly: string;
  beforeAll(async () => {
    // The test host starts with an empty zip_codes table: load the shipped rows this file asks about.
    const wanted = new Set(['80202', '90210', '00601', '09001']);
    await loadZipCodes(env.host.db, (await readZipTable()).filter((r) => wanted.has(r.zip)));
    agent = await env.staffSession('agent');
    readOnly = await env.staffSession('read_only');
  });

  it('gives staff the city and state of a ZIP code as JSON', async () => {
    for (const [cookie, zip, answer] of [
      [agent, '80202', { city: 'Denver', state: 'CO' }],
      [readOnly, '90210', { city: 'Beverly Hills', state: 'CA' }],
      [agent, '00601', { city: 'Adjuntas', state: 'PR' }],
      [agent, '09001', { city: 'APO', state: 'AE' }],
    ] as const) {
      const res = await client()(`/admin/zip/${zip}`, { cookie, headers: { accept: 'application/json' } });
      expect(res.status, zip).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
      expect(await res.json()).toEqual(answer);
    }
  });

  it('answers 404 with a message for a ZIP code nobody knows, and 400 for anything but five digits', async () => {
    const unknown = await client()('/admin/zip/00000', { cookie: agent });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'No city is known for ZIP code 00000.' });
    for (const bad of ['8020', '802021', 'abcde', '80202-1234', '%2080202']) {
      const res = await client()(`/admin/zip/${bad}`, { cookie: agent });
      expect(res.status, bad).toBe(400);
      expect(await res.json(), bad).toEqual({ error: 'A ZIP code is 5 digits.' });
    }
  });

  it('sends anonymous visitors and borrowers to the staff sign-in, telling them nothing', async () => {
    const anonymous = await client()('/admin/zip/80202');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fzip%2F80202');
    const borrower = await env.signInBorrower();
    expect(borrower).not.toBe('');
    const asBorrower = await client()('/admin/zip/80202', { cookie: borrower });
    expect(asBorrower.status).toBe(303);
    expect(asBorrower.headers.get('location')).toMatch(/^\/admin\/login\?next=/);
    expect(await asBorrower.text()).not.toContain('Denver');
  });

  it('refuses staff who have not passed their second step, and disabled staff', async () => {
    const tdb = env.tdb();
    const member = await tdb.agents.create({ email: `zip-${newId()}@sunrise-lending.example`, name: 'Half signed in', role: 'agent' }, clock.now());
    const { token } = await startSession(tdb, { type: 'agent', id: member.id }, signInSettingsOf(env.demo.tenant), { userAgent: null, ip: null, mfaPassed: false }, clock.now());
    const halfway = await client()('/admin/zip/80202', { cookie: token });
    expect(halfway.status).toBe(303);
    expect(halfway.headers.get('location')).toMatch(/^\/admin\/login/);

    const leaver = await tdb.agents.create({ email: `zip-${newId()}@sunrise-lending.example`, name: 'Leaver', role: 'agent' }, clock.now());
    const session = (await startSession(tdb, { type: 'agent', id: leaver.id }, signInSettingsOf(env.demo.tenant), { userAgent: null, ip: null, mfaPassed: true }, clock.now())).token;
    await tdb.agents.update(leaver.id, { status: 'disabled' }, clock.now());
    const disabled = await client()('/admin/zip/80202', { cookie: session });
    expect(disabled.status).toBe(403);
    expect(await disabled.text()).not.toContain('Denver');
  });

  it('answers 503 with a message (and Retry-After when the provider gave one) when the lookup fails', async () => {
    const deps = env.host.deps;
    const working = deps.zip;
    try {
      deps.zip = { provider: 'usps', lookup: () => Promise.reject(new TransientError('USPS 429: quota', 30)) };
      const limited = await client()('/admin/zip/80202', { cookie: agent });
      expect(limited.status).toBe(503);
      expect(limited.headers.get('retry-after')).toBe('30');
      expect(await limited.json()).toEqual({ error: 'The ZIP code lookup is not available right now: type the city and state.' });

      deps.zip = { provider: 'usps', lookup: () => Promise.reject(new PermanentError('USPS token 401: invalid_client')) };
      const broken = await client()('/admin/zip/80202', { cookie: agent });
      expect(broken.status).toBe(503);
      expect(broken.headers.get('retry-after')).toBeNull();
      expect(JSON.stringify(await broken.json())).not.toContain('invalid_client');
    } finally {
      deps.zip = working;
    }
    expect((await client()('/admin/zip/80202', { cookie: agent })).status).toBe(200);
  });
});

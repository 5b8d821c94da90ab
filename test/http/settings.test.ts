import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { fixedClock } from '../../src/lib/clock';
import { tenantClient } from '../support/http-client';
import { useDemoHost, type Demo } from '../support/demo-host';
import { type NodeTestHost } from '../support/node-host';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe("an owner's portal settings", () => {
  const clock = fixedClock('2026-11-22T17:00:00Z');
  const env = useDemoHost({ clock });
  const { client } = env;
  const staff = env.staffSession;
  let host: NodeTestHost;
  let demo: Demo;
  let owner: string;
  const branding = (fields: Record<string, string>, logo?: { name: string; bytes: Uint8Array }) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (logo) form.append('logo', new File([logo.bytes as Uint8Array<ArrayBuffer>], logo.name));
    return form;
  };

  beforeAll(async () => {
    ({ host, demo } = env);
    owner = await staff('owner');
  });

  it('changes the colours and logo; the sign-in page shows them at once, and the change is audited', async () => {
    const page = await (await client()('/admin/settings', { cookie: owner })).text();
    expect(page).toContain('value="#0b5394"');
    expect(page).toContain('data-branding-preview');
    const res = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise Online', primaryColor: '#14532D', accentColor: '#9a3412' }, { name: 'logo.png', bytes: PNG }) });
    expect(res.status).toBe(303);
    const login = await (await client()('/login')).text();
    expect(login).toContain('--brand-primary:#14532d');
    expect(login).toContain('--brand-accent:#9a3412');
    expect(login).toContain('Sunrise Online');
    const logo = /<img src="(\/branding\/[0-9a-f]{32}\.png)"/.exec(login)![1]!;
    const file = await client()(logo);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
    // Another tenant's host does not serve it.
    expect((await tenantClient(host.app, 'alpha')(logo)).status).toBe(404);
    const [entry] = await host.db.select().from(auditLog).where(and(eq(auditLog.tenantId, demo.tenant.id), eq(auditLog.action, 'tenant.branding-changed')));
    expect(entry!.before).toMatchObject({ branding: { primaryColor: '#0b5394' } });
    expect(entry!.after).toMatchObject({ branding: { primaryColor: '#14532d', portalName: 'Sunrise Online' } });
  });

  it('removes the logo when asked', async () => {
    expect(await (await client()('/login')).text()).toContain('class="brand-logo"');
    expect((await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise Online', primaryColor: '#14532d', accentColor: '#9a3412', removeLogo: 'on' }) })).status).toBe(303);
    expect(await (await client()('/login')).text()).not.toContain('class="brand-logo"');
  });

  it('refuses unreadable colours and non-image logos, keeping what was entered', async () => {
    const pale = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise', primaryColor: '#ffee00', accentColor: '#9a3412' }) });
    expect(pale.status).toBe(422);
    const html = await pale.text();
    expect(html).toMatch(/hard to read on white \(contrast 1\.\d\d:1; at least 4\.5:1 is needed\)/);
    expect(html).toContain('value="#ffee00"');
    const svg = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: 'Sunrise', primaryColor: '#14532d', accentColor: '#9a3412' }, { name: 'logo.svg', bytes: SVG }) });
    expect(svg.status).toBe(422);
    expect(await svg.text()).toContain('Only PDF, PNG, JPEG');
    const bad = await client()('/admin/settings/branding', { cookie: owner, multipart: branding({ portalName: '', primaryColor: 'green', accentColor: '#9a3412' }) });
    const badHtml = await bad.text();
    expect(badHtml).toContain('Enter the name borrowers see.');
    expect(badHtml).toContain('Enter a colour as #rrggbb');
  });

  it('previews colours in a frame with its own policy', async () => {
    const res = await client()('/admin/settings/preview?portalName=Test&primaryColor=%23123456&accentColor=%23654321', { cookie: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).toContain('--brand-primary:#123456');
  });

  it('hides a section from borrowers and sets payment rules', async () => {
    const jordan = await env.signInBorrower();
    expect((await client()('/accounts/AL-204817/documents', { cookie: jordan })).status).toBe(200);
    const form: Record<string, string> = { 'section-transactions': 'on', 'section-statements': 'on', 'section-collateral': 'on', 'field-payoff': 'on', 'field-interestRate': 'on' };
    expect((await client()('/admin/settings/portal', { cookie: owner, form })).status).toBe(303);
    expect((await client()('/accounts/AL-204817/documents', { cookie: jordan })).status).toBe(404);

    const bad = await client()('/admin/settings/payments', { cookie: owner, form: { enabled: 'on', minAmount: '50', maxAmount: '10', maxDaysAhead: '900', cutoffTime: '5pm', feeCard: 'x', feeBank: '0', returnWindowDays: '3' } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('The largest payment must be at least the smallest');
    expect(html).toContain('a whole number from 0 to 365');
    expect(html).toContain('Enter the cut-off time as HH:MM');
    expect(html).toContain('Allow cards, bank accounts or both');
    expect(html).toContain('value="5pm"');
    const ok = await client()('/admin/settings/payments', { cookie: owner, form: { enabled: 'on', 'method-card': 'on', autopay: 'on', minAmount: '5.00', maxAmount: '2500.00', maxDaysAhead: '30', cutoffTime: '16:30', feeCard: '1.95', feeBank: '0', returnWindowDays: '3' } });
    expect(ok.status).toBe(303);
    const tenant = (await (await import('../../src/db/platform')).tenantsRepo(host.db).findById(demo.tenant.id))!;
    expect(tenant.settings.payments).toMatchObject({ methods: ['card'], minAmount: 500, maxAmount: 250_000, maxDaysAhead: 30, cutoffTime: '16:30', convenienceFees: { card: 195, bank: 0 } });
    // Borrowers get the new rules: bank accounts are no longer offered.
    expect(await (await client()('/payments/methods', { cookie: jordan })).text()).not.toContain('Add a bank account');
  });

  it('is for owners only', async () => {
    const agent = await staff('agent');
    expect((await client()('/admin/settings', { cookie: agent })).status).toBe(403);
    expect((await client()('/admin/settings/portal', { cookie: agent, form: {} })).status).toBe(403);
    const jordan = await env.signInBorrower();
    expect((await client()('/admin/settings', { cookie: jordan })).status).toBe(303);
    // Another tenant's owner session means nothing here.
    expect((await tenantClient(host.app, 'alpha')('/admin/settings', { cookie: owner })).status).toBe(303);
  });
});

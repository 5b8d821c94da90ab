import { expect, it } from 'vitest';
import { FIXTURE_PASSWORD, TEST_BASE_DOMAIN, type Fixtures } from '../support/fixtures';

export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The HTTP behaviour both hosts must share (Node with the jobs table, Workers in workerd):
 * tenant routing, branding, DB-backed pages, tenant isolation, enqueue → consumer → DB, errors.
 * Imports nothing host-specific, so it runs inside workerd too.
 */
export function hostSuite(ctx: () => { fetch: Fetcher; fixtures: Fixtures }) {
  const url = (slug: string | null, path: string) => `https://${slug ? `${slug}.` : ''}${TEST_BASE_DOMAIN}${path}`;
  const origin = (slug: string) => url(slug, '').replace(/\/$/, '');

  it('serves each tenant its own branded portal from its host', async () => {
    const { fetch, fixtures } = ctx();
    for (const t of [fixtures.alpha, fixtures.bravo]) {
      const res = await fetch(url(t.slug, '/'));
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`Welcome to ${t.portalName}`);
      expect(html).toContain(`--brand-primary:${t.primaryColor}`);
      const other = t === fixtures.alpha ? fixtures.bravo : fixtures.alpha;
      expect(html).not.toContain(other.portalName);
    }
  });

  it('answers unknown, suspended and foreign hosts with the styled "no portal" page (404)', async () => {
    const { fetch, fixtures } = ctx();
    for (const u of [url('nobody', '/'), url(fixtures.suspendedSlug, '/'), url(fixtures.suspendedSlug, '/dev/outbox'), 'https://evil.example/']) {
      const res = await fetch(u);
      expect(res.status, u).toBe(404);
      expect(await res.text()).toContain('There is no portal at this address');
    }
  });

  it('serves the platform site on the bare domain', async () => {
    const res = await ctx().fetch(url(null, '/'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Borrower portals for lenders');
    const health = await ctx().fetch(url(null, '/healthz'));
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('shows a tenant only its own rows (DB-backed page)', async () => {
    const { fetch, fixtures } = ctx();
    const html = await (await fetch(url('alpha', '/dev/outbox'))).text();
    expect(html).toContain(fixtures.alpha.emailSubject);
    expect(html).not.toContain(fixtures.bravo.emailSubject);
  });

  it("answers 404 for another tenant's row on every route that takes an id", async () => {
    const { fetch, fixtures } = ctx();
    for (const path of [`/dev/outbox/${fixtures.bravo.emailId}`, `/dev/outbox/${fixtures.bravo.emailId}/html`]) {
      const res = await fetch(url('alpha', path));
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(fixtures.bravo.emailSubject);
      const own = await fetch(url('bravo', path));
      expect(own.status, path).toBe(200);
    }
  });

  it('sends a message through the email queue to its consumer, which writes the database', async () => {
    const { fetch } = ctx();
    const to = `queue-${Date.now()}@example.com`;
    const res = await fetch(url('alpha', '/dev/outbox'), {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: origin('alpha'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ to, note: 'Hello from the suite' }).toString(),
    });
    expect(res.status).toBe(303);
    let html = '';
    for (let i = 0; i < 100 && !html.includes(to); i++) {
      await new Promise((r) => setTimeout(r, 100));
      html = await (await fetch(url('alpha', '/dev/outbox'))).text();
    }
    expect(html).toContain(to);
    expect(html).toContain('Test email from Alpha Portal');
    // The consumer wrote it under alpha only.
    expect(await (await fetch(url('bravo', '/dev/outbox'))).text()).not.toContain(to);
  });

  it('signs a borrower in to their own tenant only, over a __Host- session cookie', async () => {
    const { fetch } = ctx();
    const login = (slug: string, extra: Record<string, string> = {}) =>
      fetch(url(slug, '/login'), {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: origin(slug), 'content-type': 'application/x-www-form-urlencoded', ...extra },
        body: new URLSearchParams({ email: 'pat@alpha.example', password: FIXTURE_PASSWORD }).toString(),
      });
    const res = await login('alpha');
    expect(res.status).toBe(303);
    const cookie = /__Host-session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const security = await fetch(url('alpha', '/security'), { headers: { cookie } });
    expect(security.status).toBe(200);
    expect(await security.text()).toContain('Devices and sessions');
    expect((await fetch(url('bravo', '/security'), { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
    expect((await login('bravo')).status).toBe(401);
    expect((await login('alpha', { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('a member of staff signs in with the emailed code, finds a customer, files a note, and views the portal as the borrower read-only', async () => {
    const { fetch, fixtures } = ctx();
    const { portalName } = fixtures.alpha;
    const patName = `Pat ${portalName}son`;
    // A tiny cookie jar for the __Host- cookies: sessions rotate at login, at MFA and at view-as.
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const [, name, value] of (res.headers.get('set-cookie') ?? '').matchAll(/(__Host-[\w-]+)=([^;,]*)/g)) {
        if (value) jar.set(name!, value);
        else jar.delete(name!);
      }
      return res;
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const get = async (path: string, slug = 'alpha') => keep(await fetch(url(slug, path), { redirect: 'manual', headers: { cookie: cookie() } }));
    const post = async (path: string, form: Record<string, string> = {}) =>
      keep(
        await fetch(url('alpha', path), {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: origin('alpha'), 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
          body: new URLSearchParams(form).toString(),
        }),
      );

    // Password, then the staff second step: a code by email, read from the outbox once the queue has sent it.
    const signIn = await post('/admin/login', { email: 'owner@alpha.example', password: FIXTURE_PASSWORD, next: '/admin' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin/login/verify?next=%2Fadmin');
    const partial = jar.get('__Host-session');
    expect(partial).toBeDefined();
    expect((await get('/admin')).status).toBe(303);
    const sent = await post('/admin/login/verify/email', { next: '/admin' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toMatch(/o•+@alpha\.example/);
    let code: string | undefined;
    for (let i = 0; i < 100 && !code; i++) {
      code = new RegExp(`${portalName} sign-in code: (\\d{6})`).exec(await (await fetch(url('alpha', '/dev/outbox'))).text())?.[1];
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    expect(code).toBeDefined();
    // Without a page to return to, staff land in the staff area, not on the borrowers' home page.
    const verified = await post('/admin/login/verify/email-code', { code: code! });
    expect(verified.status).toBe(303);
    expect(verified.headers.get('location')).toBe('/admin');
    const staff = jar.get('__Host-session');
    expect(staff).toBeDefined();
    expect(staff).not.toBe(partial);
    const home = await get('/admin');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(`${portalName} Owner`);

    // Find the fixture borrower and open their record.
    const found = await (await get('/admin/customers?q=pat')).text();
    const id = new RegExp(`href="/admin/customers/([^"/?]+)">\\s*${patName}\\s*<`).exec(found)?.[1];
    expect(id).toBeDefined();
    const record = await get(`/admin/customers/${id}`);
    expect(record.status).toBe(200);
    expect(await record.text()).toContain(patName);

    // File a note; it is listed on alpha, and the alpha session opens nothing on bravo.
    const title = `Host suite note ${Date.now()}`;
    const filed = await post(`/admin/customers/${id}/notes`, { title, category: 'General', body: 'Called about the fixture loan.' });
    expect(filed.status).toBe(303);
    const notes = await get(`/admin/customers/${id}/notes`);
    expect(notes.status).toBe(200);
    expect(await notes.text()).toContain(title);
    const foreign = await fetch(url('bravo', `/admin/customers/${id}/notes`), { redirect: 'manual', headers: { cookie: cookie() } });
    expect(foreign.status).not.toBe(200);
    expect(foreign.status).toBe(303);
    expect(foreign.headers.get('location')).toMatch(/^\/admin\/login/);

    // View as the borrower: the session cookie holds the view, the staff token waits aside.
    const view = await post(`/admin/customers/${id}/view-as`);
    expect(view.status).toBe(303);
    expect(view.headers.get('location')).toBe('/');
    expect(jar.get('__Host-staff-session')).toBe(staff);
    expect(jar.get('__Host-session')).not.toBe(staff);
    const portal = await get('/');
    expect(portal.status).toBe(200);
    const portalHtml = await portal.text();
    expect(portalHtml).toContain('view-as-banner');
    expect(portalHtml).toContain('FX-1');
    const write = await post('/security/password', { current: 'x', password: 'y', confirm: 'y' });
    expect(write.status).toBe(403);
    expect(await write.text()).toContain('read-only');

    // Ending the view puts the staff session back.
    const end = await post('/view-as/end');
    expect(end.status).toBe(303);
    expect(end.headers.get('location')).toMatch(/^\/admin(\/|$)/);
    expect(jar.get('__Host-session')).toBe(staff);
    expect(jar.has('__Host-staff-session')).toBe(false);
    const back = await get('/admin');
    expect(back.status).toBe(200);
    expect(await back.text()).toContain(`${portalName} Owner`);
  });

  it('stores an uploaded document through the host’s Files port and serves the same bytes back', async () => {
    const { fetch } = ctx();
    const login = await fetch(url('alpha', '/login'), {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: origin('alpha'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'pat@alpha.example', password: FIXTURE_PASSWORD }).toString(),
    });
    const cookie = /__Host-session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const pdf = new TextEncoder().encode(`%PDF-1.4\n% host suite ${Date.now()}\n%%EOF\n`);
    const form = new FormData();
    form.append('category', 'Other');
    form.append('name', 'Host suite upload');
    form.append('file', new File([pdf], 'upload.pdf', { type: 'application/pdf' }));
    const res = await fetch(url('alpha', '/accounts/FX-1/documents'), { method: 'POST', headers: { origin: origin('alpha'), cookie }, body: form });
    expect(res.status).toBe(200);
    const link = /href="(\/accounts\/FX-1\/documents\/[^"]+)"/.exec(await res.text())![1]!;
    const file = await fetch(url('alpha', link), { headers: { cookie } });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    expect((await fetch(url('bravo', link), { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it('re-renders an invalid form with messages and the input kept (422), as a fragment for htmx', async () => {
    const { fetch } = ctx();
    const body = new URLSearchParams({ to: 'not-an-email', note: 'keep me' }).toString();
    const headers = { origin: origin('alpha'), 'content-type': 'application/x-www-form-urlencoded' };
    const page = await fetch(url('alpha', '/dev/outbox'), { method: 'POST', headers, body });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('Enter an email address');
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('keep me');
    const frag = await fetch(url('alpha', '/dev/outbox'), { method: 'POST', headers: { ...headers, 'hx-request': 'true', 'hx-target': 'test-email-form' }, body });
    expect(frag.status).toBe(422);
    const fragHtml = await frag.text();
    expect(fragHtml).not.toContain('<html');
    expect(fragHtml).toContain('aria-invalid="true"');
  });

  it('refuses cross-site and origin-less unsafe requests (403)', async () => {
    const { fetch } = ctx();
    const body = new URLSearchParams({ to: 'a@example.com' }).toString();
    const type = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const headers of [{ ...type, origin: 'https://evil.example' }, { ...type, origin: origin('bravo') }, type, { ...type, 'sec-fetch-site': 'same-site' }]) {
      const res = await fetch(url('alpha', '/dev/outbox'), { method: 'POST', headers, body });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('sent from another site');
    }
  });

  it('answers an unreadable form body with 400, never a 500', async () => {
    const res = await ctx().fetch(url('alpha', '/dev/outbox'), {
      method: 'POST',
      headers: { origin: origin('alpha'), 'content-type': 'multipart/form-data' },
      body: 'garbage without a boundary',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The form could not be read');
  });

  it('shows an email’s HTML only in a sandbox, with links opening outside the frame', async () => {
    const { fetch, fixtures } = ctx();
    const res = await fetch(url('alpha', `/dev/outbox/${fixtures.alpha.emailId}/html`));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^sandbox /);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('allow-scripts');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('makes its own request ids rather than trusting the client’s', async () => {
    const res = await ctx().fetch(url('alpha', '/'), { headers: { 'x-request-id': 'SPOOFED-ID-1' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an oversized body with 413 and a clear page, never a 500', async () => {
    const { fetch } = ctx();
    const res = await fetch(url('alpha', '/dev/outbox'), {
      method: 'POST',
      headers: { origin: origin('alpha'), 'content-type': 'application/x-www-form-urlencoded' },
      body: `to=a%40example.com&note=${'x'.repeat(1_100_000)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('That is too large');
  });

  it('answers malformed and unknown paths with a branded 404, and /api with problem JSON', async () => {
    const { fetch } = ctx();
    for (const path of ['/%E0%A4%A', '/..%2f..%2fetc/passwd', '/no/such/page', '/dev/outbox/%00']) {
      const res = await fetch(url('alpha', path));
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).toContain('Alpha Portal');
      expect(html).not.toMatch(/at .*\.ts:\d+/);
    }
    const api = await fetch(url('alpha', '/api/v1/nothing'));
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await api.json()) as { status: number; title: string; requestId: string };
    expect(problem.status).toBe(404);
    expect(problem.requestId).toBe(api.headers.get('x-request-id'));
  });

  it('sends htmx error responses as a fragment aimed at the status region', async () => {
    const res = await ctx().fetch(url('alpha', '/dev/outbox/missing'), { headers: { 'hx-request': 'true', 'hx-target': 'main' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('hx-retarget')).toBe('#flash');
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('<html');
  });

  it('puts a request id and the security headers on every response, errors included', async () => {
    const { fetch } = ctx();
    for (const u of [url('alpha', '/'), url('alpha', '/missing'), url('nobody', '/'), url(null, '/')]) {
      const res = await fetch(u);
      expect(res.headers.get('x-request-id'), u).toMatch(/.{8,}/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
      expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });
}

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { checkUpload } from '../../domain/file-type';
import { cssVars, themeFor } from '../../domain/theme';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { toHex } from '../../lib/hash';
import { portalSettingsOf } from '../../services/borrower-accounts';
import { paymentSettingsOf } from '../../services/payment-settings';
import { brandingProblems, readPaymentSettings, readPortalSettings, saveTenantChange, type TenantStore } from '../../services/tenant-settings';
import { SettingsPage, type SettingsForms } from '../../../templates/pages/admin/settings';
import { requireAgent } from './index';

const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const MAX_LOGO_BYTES = 512 * 1024;
const anyForm = z.record(z.string(), z.string());

// Branding files live under the tenant's own prefix; the names are random, so they can be cached for good.
const brandingKey = (tenantId: string, file: string) => `${toHex(new TextEncoder().encode(tenantId))}/branding/${file}`;

/** An owner's settings at /admin/settings: branding (with a live preview), what borrowers see, payment rules. */
export function settingsRoutes(store: TenantStore) {
  const app = new Hono<AppEnv>();
  const owner = async (c: Context<AppEnv>) => {
    const agent = await c.get('tdb').agents.find(c.get('session')!.subjectId);
    if (!agent || agent.role !== 'owner') throw new AppError('forbidden', 'Only the portal’s owners can change its settings.');
    return agent;
  };
  const show = (c: Context<AppEnv>, forms: SettingsForms = {}, notice?: string, status: 200 | 422 = 200) => {
    const tenant = c.get('tenant');
    return renderPage(c, 'Portal settings', <SettingsPage branding={tenant.branding} portal={portalSettingsOf(tenant)} payments={paymentSettingsOf(tenant)} forms={forms} notice={notice} nonce={c.get('secureHeadersNonce') ?? ''} />, status);
  };
  const saved = (c: Context<AppEnv>, what: string) => c.redirect(`/admin/settings?saved=${encodeURIComponent(what)}`, 303);

  app.use('/settings', requireAgent());
  app.use('/settings/*', requireAgent());

  app.get('/settings', async (c) => {
    await owner(c);
    const what = c.req.query('saved');
    return show(c, {}, what ? `${what} saved. Borrowers see the change now.` : undefined);
  });

  app.post('/settings/branding', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const v = form.values;
    const input = { portalName: (v.portalName ?? '').trim(), primaryColor: (v.primaryColor ?? '').toLowerCase(), accentColor: (v.accentColor ?? '').toLowerCase() };
    const errors = brandingProblems(input);
    const tenant = c.get('tenant');
    let logoUrl = v.removeLogo === 'on' ? undefined : tenant.branding.logoUrl;
    const logo = (await c.req.parseBody()).logo;
    if (logo instanceof File && logo.size > 0) {
      const bytes = new Uint8Array(await logo.arrayBuffer());
      const checked = checkUpload(logo.name, bytes, MAX_LOGO_BYTES);
      if (!checked.ok) errors.logo = checked.problem;
      else if (!LOGO_TYPES.has(checked.mime)) errors.logo = 'A logo must be a PNG, JPEG or WebP image.';
      else if (Object.keys(errors).length === 0) {
        const file = `${toHex(crypto.getRandomValues(new Uint8Array(16)))}.${checked.extension}`;
        await c.get('deps').files.put(brandingKey(tenant.id, file), bytes, checked.mime);
        logoUrl = `/branding/${file}`;
      }
    }
    if (Object.keys(errors).length > 0) return show(c, { branding: { values: v, errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { branding: { ...tenant.branding, ...input, logoUrl } }, agent.id, 'tenant.branding-changed', c.get('deps').clock.now());
    return saved(c, 'Branding');
  });

  app.post('/settings/portal', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, portal: readPortalSettings(form.values) } }, agent.id, 'tenant.portal-changed', c.get('deps').clock.now());
    return saved(c, 'What borrowers see');
  });

  app.post('/settings/payments', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const read = readPaymentSettings(form.values, paymentSettingsOf(tenant));
    if (!read.ok) return show(c, { payments: { values: form.values, errors: read.errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, payments: read.settings } }, agent.id, 'tenant.payments-changed', c.get('deps').clock.now());
    return saved(c, 'Payment rules');
  });

  // The preview frame: a sample of the portal in the colours being chosen, with its own CSP (it is framed by the settings page).
  app.get('/settings/preview', async (c) => {
    await owner(c);
    const q = (k: string) => c.req.query(k) ?? '';
    const tenant = c.get('tenant');
    const theme = themeFor({ portalName: q('portalName').slice(0, 60) || tenant.branding.portalName, primaryColor: q('primaryColor'), accentColor: q('accentColor'), logoUrl: q('logoUrl') || undefined });
    const nonce = toHex(crypto.getRandomValues(new Uint8Array(16)));
    const html = (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Preview</title>
          <link rel="stylesheet" href="/css/app.css" />
          <style nonce={nonce} dangerouslySetInnerHTML={{ __html: cssVars(theme) }} />
        </head>
        <body>
          <header class="site-header">
            <div class="wrap header-row">
              <span class="brand">
                {theme.logoUrl ? <img src={theme.logoUrl} alt="" class="brand-logo" /> : null}
                <span class="brand-name">{theme.name}</span>
              </span>
            </div>
          </header>
          <main class="wrap">
            <h1>Sign in</h1>
            <p>
              <a href="#preview">A link in the primary colour</a>
            </p>
            <p>
              <button type="button">A button</button>
            </p>
          </main>
        </body>
      </html>
    );
    return c.html(`<!doctype html>${await html.toString()}`, 200, {
      'content-security-policy': `default-src 'none'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'`,
      'x-frame-options': 'SAMEORIGIN',
    });
  });
  return app;
}

/** The tenant's uploaded logo (public: the sign-in page shows it). */
export function brandingFileRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/:file{[0-9a-f]{32}\\.(png|jpg|jpeg|webp)}', async (c) => {
    const stored = await c.get('deps').files.get(brandingKey(c.get('tenant').id, c.req.param('file')));
    if (!stored) throw new AppError('not_found', 'There is no such file.');
    return c.body(stored.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': stored.contentType, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
  });
  return app;
}

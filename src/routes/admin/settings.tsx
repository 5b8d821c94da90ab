import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { checkUpload } from '../../domain/file-type';
import { readOrigination } from '../../domain/payments/origination';
import { cssVars, themeFor } from '../../domain/theme';
import type { AppEnv } from '../../env';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { parseForm } from '../../http/validate';
import { toHex } from '../../lib/hash';
import { portalSettingsOf } from '../../services/borrower-accounts';
import { documentCategoriesOf } from '../../services/documents';
import { paymentSettingsOf } from '../../services/payment-settings';
import { allocationOrderOf } from '../../services/servicing';
import { signInSettingsOf } from '../../services/sign-in';
import { customerStatusesOf, noteCategoriesOf } from '../../services/tenant-lists';
import {
  brandingProblems, customFieldHistory, faviconSizeProblem, isListName, MAX_FAVICON_BYTES, readContactSettings, readCustomField, readList, readPaymentSettings, readPortalSettings,
  readSignInSettings, saveTenantChange, statusesInUse, tenantLists, type TenantStore,
} from '../../services/tenant-settings';
import type { Tenant } from '../../db/schema';
import { SettingsPage, type SettingsForms, type SettingsLists } from '../../../templates/pages/admin/settings';
import { requireAgent } from './index';
import { agentWho } from './staff-access';

const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const MAX_LOGO_BYTES = 512 * 1024;
const anyForm = z.record(z.string(), z.string());
const FAVICON_TYPE = 'A favicon must be a PNG image (ICO and SVG files are not accepted).';

/** The notice after each kind of save (the query names one of these; anything else shows nothing). */
const savedNotices: Record<string, { text: string; section: string }> = {
  branding: { text: 'Branding saved. Borrowers see the change now.', section: 'branding' },
  portal: { text: 'What borrowers see is saved. Borrowers see the change now.', section: 'portal' },
  payments: { text: 'Payment rules saved. Borrowers see the change now.', section: 'payments' },
  contact: { text: 'Your contact details are saved. Receipts, notices and statements show them from now on.', section: 'contact' },
  ach: { text: 'Bank file origination details saved. Files built from now on carry them.', section: 'ach' },
  'sign-in': { text: 'Sign-in settings saved. They apply from each person’s next request.', section: 'sign-in' },
  'customer-statuses': { text: 'Customer statuses saved.', section: 'lists' },
  'note-categories': { text: 'Note categories saved.', section: 'lists' },
  'document-sections': { text: 'Document sections saved.', section: 'lists' },
  'custom-field-added': { text: 'Custom field added.', section: 'custom-fields' },
  'custom-field-removed': { text: 'Custom field removed. Values already entered stay stored but are no longer shown; adding the same field again (label, row and kind) brings them back.', section: 'custom-fields' },
};

const listsOf = (tenant: Tenant): SettingsLists => ({ 'customer-statuses': customerStatusesOf(tenant), 'note-categories': noteCategoriesOf(tenant), 'document-sections': documentCategoriesOf(tenant) });

// Branding files live under the tenant's own prefix; the names are random, so they can be cached for good.
const brandingKey = (tenantId: string, file: string) => `${toHex(new TextEncoder().encode(tenantId))}/branding/${file}`;

/**
 * An owner's settings at /admin/settings: branding (with a live preview), what borrowers see,
 * payment rules, the bank file (ACH) origination details, sign-in and MFA, the tenant's lists and
 * its custom fields.
 */
export function settingsRoutes(store: TenantStore) {
  const app = new Hono<AppEnv>();
  const owner = (c: Context<AppEnv>) => agentWho(c, 'settings.manage', 'Only the portal’s owners can change its settings.');
  const show = (c: Context<AppEnv>, forms: SettingsForms = {}, notice?: string, status: 200 | 409 | 422 = 200) => {
    const tenant = c.get('tenant');
    return renderPage(
      c,
      'Portal settings',
      <SettingsPage
        branding={tenant.branding}
        portal={portalSettingsOf(tenant)}
        payments={paymentSettingsOf(tenant)}
        origination={tenant.settings.achOrigination}
        signIn={signInSettingsOf(tenant)}
        lists={listsOf(tenant)}
        customFields={tenant.settings.customFields ?? []}
        waterfall={allocationOrderOf(tenant).join(',')}
        contact={{ supportPhone: tenant.settings.supportPhone ?? '', supportEmail: tenant.settings.supportEmail ?? '', supportHours: tenant.settings.supportHours ?? '' }}
        forms={forms}
        notice={notice}
        nonce={c.get('secureHeadersNonce') ?? ''}
      />,
      status,
    );
  };
  const saved = (c: Context<AppEnv>, what: keyof typeof savedNotices) => c.redirect(`/admin/settings?saved=${what}#${savedNotices[what]!.section}`, 303);

  app.use('/settings', requireAgent());
  app.use('/settings/*', requireAgent());

  app.get('/settings', async (c) => {
    await owner(c);
    const what = c.req.query('saved');
    return show(c, {}, what && Object.hasOwn(savedNotices, what) ? savedNotices[what]!.text : undefined);
  });

  app.post('/settings/branding', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const v = form.values;
    const input = { portalName: (v.portalName ?? '').trim(), primaryColor: (v.primaryColor ?? '').toLowerCase(), accentColor: (v.accentColor ?? '').toLowerCase() };
    const errors = brandingProblems(input);
    const tenant = c.get('tenant');
    let logoUrl = v.removeLogo === 'on' ? undefined : tenant.branding.logoUrl;
    let faviconUrl = v.removeFavicon === 'on' ? undefined : tenant.branding.faviconUrl;
    const body = await c.req.parseBody();
    // Both files are checked before either is stored, so a refused favicon never leaves a logo behind.
    const toStore: { bytes: Uint8Array; mime: string; extension: string; set: (url: string) => void }[] = [];
    const logo = body.logo;
    if (logo instanceof File && logo.size > 0) {
      const bytes = new Uint8Array(await logo.arrayBuffer());
      const checked = checkUpload(logo.name, bytes, MAX_LOGO_BYTES);
      if (!checked.ok) errors.logo = checked.problem;
      else if (!LOGO_TYPES.has(checked.mime)) errors.logo = 'A logo must be a PNG, JPEG or WebP image.';
      else toStore.push({ bytes, mime: checked.mime, extension: checked.extension, set: (url) => (logoUrl = url) });
    }
    const favicon = body.favicon;
    if (favicon instanceof File && favicon.size > 0) {
      const bytes = new Uint8Array(await favicon.arrayBuffer());
      // PNG only: the upload check does not recognise ICO, and an SVG can carry script.
      const checked = checkUpload(favicon.name, bytes, MAX_FAVICON_BYTES);
      if (!checked.ok) errors.favicon = bytes.length > MAX_FAVICON_BYTES ? checked.problem : FAVICON_TYPE;
      else if (checked.mime !== 'image/png') errors.favicon = FAVICON_TYPE;
      else {
        const problem = faviconSizeProblem(bytes);
        if (problem) errors.favicon = problem;
        else toStore.push({ bytes, mime: checked.mime, extension: 'png', set: (url) => (faviconUrl = url) });
      }
    }
    if (Object.keys(errors).length > 0) return show(c, { branding: { values: v, errors } }, undefined, 422);
    for (const f of toStore) {
      const file = `${toHex(crypto.getRandomValues(new Uint8Array(16)))}.${f.extension}`;
      await c.get('deps').files.put(brandingKey(tenant.id, file), f.bytes, f.mime);
      f.set(`/branding/${file}`);
    }
    await saveTenantChange(store, c.get('tdb'), tenant, { branding: { ...tenant.branding, ...input, logoUrl, faviconUrl } }, agent.id, 'tenant.branding-changed', c.get('deps').clock.now());
    return saved(c, 'branding');
  });

  app.post('/settings/portal', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, portal: readPortalSettings(form.values) } }, agent.id, 'tenant.portal-changed', c.get('deps').clock.now());
    return saved(c, 'portal');
  });

  app.post('/settings/payments', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const read = readPaymentSettings(form.values, paymentSettingsOf(tenant));
    if (!read.ok) return show(c, { payments: { values: form.values, errors: read.errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, payments: read.settings, allocationOrder: read.allocationOrder } }, agent.id, 'tenant.payments-changed', c.get('deps').clock.now());
    return saved(c, 'payments');
  });

  app.post('/settings/contact', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const read = readContactSettings(form.values);
    if (!read.ok) return show(c, { contact: { values: form.values, errors: read.errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, ...read.contact } }, agent.id, 'tenant.contact-changed', c.get('deps').clock.now());
    return saved(c, 'contact');
  });

  // The lender's ACH origination details, as its bank gave them: files carry placeholders until then.
  app.post('/settings/ach', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const read = readOrigination(form.values);
    if (!read.ok) return show(c, { ach: { values: form.values, errors: read.errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, achOrigination: read.origination } }, agent.id, 'tenant.ach-origination-changed', c.get('deps').clock.now());
    return saved(c, 'ach');
  });

  app.post('/settings/sign-in', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const read = readSignInSettings(form.values, signInSettingsOf(tenant));
    if (!read.ok) return show(c, { signIn: { values: form.values, errors: read.errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, signIn: read.settings } }, agent.id, 'tenant.sign-in-changed', c.get('deps').clock.now());
    return saved(c, 'sign-in');
  });

  app.post('/settings/lists/:list', async (c) => {
    const agent = await owner(c);
    const name = c.req.param('list');
    if (!isListName(name)) throw new AppError('not_found', 'There is no such list.');
    const form = await parseForm(c, anyForm);
    const text = form.values.items ?? '';
    const tenant = c.get('tenant');
    const again = (error: string, status: 409 | 422) => show(c, { list: { name, text, error } }, undefined, status);
    const read = readList(name, text);
    if (!read.ok) return again(read.error, 422);
    if (name === 'customer-statuses') {
      const inUse = statusesInUse(customerStatusesOf(tenant), read.items, await c.get('tdb').customers.countByStatus());
      if (inUse.length > 0) {
        const which = inUse.map((u) => `“${u.status}” (${u.customers} ${u.customers === 1 ? 'customer' : 'customers'})`).join(', ');
        return again(`${inUse.length === 1 ? 'This status is' : 'These statuses are'} still given to customers, so ${inUse.length === 1 ? 'it' : 'they'} cannot be removed: ${which}. Change those customers’ status first.`, 409);
      }
    }
    const key = tenantLists[name].key;
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, [key]: read.items } }, agent.id, `tenant.${name}-changed`, c.get('deps').clock.now());
    return saved(c, name);
  });

  app.post('/settings/custom-fields', async (c) => {
    const agent = await owner(c);
    const form = await parseForm(c, anyForm);
    const tenant = c.get('tenant');
    const existing = tenant.settings.customFields ?? [];
    const read = readCustomField(form.values, existing, await customFieldHistory(c.get('tdb'), tenant));
    if (!read.ok) return show(c, { customField: { values: form.values, errors: read.errors } }, undefined, 422);
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, customFields: [...existing, read.field] } }, agent.id, 'tenant.custom-field-added', c.get('deps').clock.now());
    return saved(c, 'custom-field-added');
  });

  app.post('/settings/custom-fields/:id/remove', async (c) => {
    const agent = await owner(c);
    const tenant = c.get('tenant');
    const existing = tenant.settings.customFields ?? [];
    const id = c.req.param('id');
    if (!existing.some((f) => f.id === id)) throw new AppError('not_found', 'There is no such custom field.');
    // The values stay on the customer and employer rows; the field is only no longer shown or edited.
    await saveTenantChange(store, c.get('tdb'), tenant, { settings: { ...tenant.settings, customFields: existing.filter((f) => f.id !== id) } }, agent.id, 'tenant.custom-field-removed', c.get('deps').clock.now());
    return saved(c, 'custom-field-removed');
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

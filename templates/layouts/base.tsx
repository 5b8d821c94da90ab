import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { cssVars, type Theme } from '../../src/domain/theme';

export interface LayoutProps {
  title: string;
  theme: Theme;
  /** CSP nonce for the one inline style (brand colours) and the scripts. */
  nonce: string | undefined;
  /** Shown in the header when the page belongs to a signed-in area. */
  nav?: Child;
  /** Staff looking at a borrower's portal ("View as borrower"): who looks, at whom. */
  viewAs?: { agentName: string; customerName: string } | undefined;
  children?: Child;
}

/**
 * htmx 2 policy (docs/decisions/0003-htmx.md): swap error responses too; the server decides where
 * an error goes (422 in place, others into #flash via HX-Retarget). No eval, no inline indicator CSS.
 */
const htmxConfig = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  // No snapshots of pages in sessionStorage: they are private (balances, a revealed card number).
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

/** The tenant's favicon (a PNG uploaded at /admin/settings) or the portal's own SVG icon. */
function iconType(href: string): string | undefined {
  if (href.endsWith('.png')) return 'image/png';
  if (href.endsWith('.svg')) return 'image/svg+xml';
  return undefined;
}

export function BaseLayout({ title, theme, nonce, nav, viewAs, children }: LayoutProps) {
  const pageTitle = title === theme.name ? title : `${title} · ${theme.name}`;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={htmxConfig} />
          <title>{pageTitle}</title>
          <link rel="icon" href={theme.faviconUrl ?? '/img/favicon.svg'} type={iconType(theme.faviconUrl ?? '/img/favicon.svg')} />
          <link rel="stylesheet" href="/css/app.css" />
          <style nonce={nonce} dangerouslySetInnerHTML={{ __html: cssVars(theme) }} />
          <script nonce={nonce} src="/vendor/htmx-2.0.11.min.js" defer></script>
          <script nonce={nonce} src="/js/password-rules.js" defer></script>
          <script nonce={nonce} src="/vendor/simplewebauthn-browser-14.0.0.js" defer></script>
          <script nonce={nonce} src="/js/passkeys.js" defer></script>
          <script nonce={nonce} src="/js/uploads.js" defer></script>
          <script nonce={nonce} src="/js/payments.js" defer></script>
          <script nonce={nonce} src="/js/zip-fill.js" defer></script>
          <script nonce={nonce} src="/js/customer-record.js" defer></script>
          <script nonce={nonce} src="/js/form-errors.js" defer></script>
          <script nonce={nonce} src="/js/site-menu.js" defer></script>
          <script nonce={nonce} src="/js/card-frame.js" defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to main content
          </a>
          {viewAs ? <ViewAsBanner {...viewAs} /> : null}
          <header class="site-header">
            <div class="wrap header-row" data-site-menu={nav ? '' : undefined}>
              <a class="brand" href="/">
                {theme.logoUrl ? <img src={theme.logoUrl} alt="" class="brand-logo" /> : null}
                <span class="brand-name">{theme.name}</span>
              </a>
              {nav ? <SiteMenu>{nav}</SiteMenu> : null}
            </div>
          </header>
          <div id="flash" class="wrap" role="status" aria-live="polite"></div>
          <main id="main" class="wrap" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <p>{theme.name}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

/**
 * The signed-in links. On narrow screens public/js/site-menu.js folds them behind a Menu button
 * (a disclosure: aria-expanded, Escape closes); the button stays hidden without the script, and the
 * links then wrap onto their own row under the brand, so they are always reachable.
 */
function SiteMenu({ children }: { children: Child }) {
  return (
    <>
      <button type="button" class="menu-toggle" aria-expanded="false" aria-controls="site-menu" hidden>
        <svg class="menu-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
          <path d="M2 4.5h16M2 10h16M2 15.5h16" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
        Menu
      </button>
      <div id="site-menu" class="menu-panel">
        {children}
      </div>
    </>
  );
}

/** On every page while staff view as a borrower: read-only, who is looking, and the way back. */
function ViewAsBanner({ agentName, customerName }: { agentName: string; customerName: string }) {
  return (
    <div class="view-as-banner" role="status">
      <strong>Read-only:</strong> {agentName} (staff) is viewing the portal as {customerName}.{' '}
      <form method="post" action="/view-as/end" class="inline-form">
        <button type="submit" class="button-secondary">
          Return to staff area
        </button>
      </form>
    </div>
  );
}

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, usePortalAndBrowser } from './support/browser';

describe('the portal in a real browser', () => {
  const env = usePortalAndBrowser();

  it('shows the branded demo home page with no console errors (so no CSP violations)', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    const res = await page.goto(`${env.base}/`);
    expect(res?.status()).toBe(200);
    // Chromium maps *.localhost to loopback itself, and treats it as a secure context (WebAuthn works).
    expect((await res?.serverAddr())?.ipAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(page.evaluate(() => window.isSecureContext)).resolves.toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toContain('Welcome to Sunrise Online Access');
    await page.waitForLoadState('load');
    expect(errors).toEqual([]);
    await page.close();
  });

  describe('public/js/passkeys.js with the vendored browser library, under the portal CSP', () => {
    /**
     * A page on the tenant's own origin with the portal's real CSP and nonce, holding the buttons
     * exactly as the contract says; the JSON endpoints are answered here through src/auth/passkeys.
     */
    async function fixturePage(page: Page) {
      const home = await page.goto(`${env.base}/`);
      const csp = home?.headers()['content-security-policy'] ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(csp).toContain("script-src 'self'");
      expect(nonce).toBeTruthy();
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>passkeys</title>
<script nonce="${nonce}" src="/vendor/simplewebauthn-browser-14.0.0.js" defer></script>
<script nonce="${nonce}" src="/js/passkeys.js" defer></script></head><body><main>
<label for="pk-name">Passkey name</label> <input id="pk-name" value="  Work laptop ">
<button type="button" data-passkey-register data-options-url="/security/passkeys/options" data-verify-url="/security/passkeys" data-name-input="pk-name" data-status="pk-status">Add a passkey</button>
<form method="post" action="/login"><input type="hidden" name="next" value="/e2e-fixture?step=signed-in">
<button data-passkey-login data-options-url="/login/passkey/options" data-verify-url="/login/passkey" data-status="pk-status">Sign in with a passkey</button></form>
<p id="pk-status" role="status" aria-live="polite"></p></main></body></html>`;
      await page.route(`${env.base}/e2e-fixture*`, (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }, body: html }));
    }

    it('hides the passkey buttons where the browser has no WebAuthn', async () => {
      const page = await env.browser.newPage();
      const errors = collectPageErrors(page);
      await page.addInitScript(() => {
        delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential;
      });
      await fixturePage(page);
      await page.goto(`${env.base}/e2e-fixture`);
      await page.waitForLoadState('load');
      await expect(page.getByRole('button', { name: 'Add a passkey' }).isHidden()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Sign in with a passkey' }).isHidden()).resolves.toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, seriousViolations, signInAsDemoBorrower, usePortalAndBrowser } from './support/browser';

/** Staff work in a real browser: an owner rebrands the portal, an agent takes an account off the web for a borrower. */
describe('staff area in a real browser', () => {
  const env = usePortalAndBrowser();

  /** Staff always take a second step: the code goes by email, read here from the local outbox. */
  async function staffSignIn(page: Page) {
    await page.goto(`${env.base}/admin/login`);
    await page.getByLabel('Email').fill('owner@sunrise-lending.example');
    await page.getByLabel('Password').fill('Sunrise-Owner-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    const outbox = await env.browser.newPage();
    let code: string | undefined;
    for (let i = 0; i < 40 && !code; i++) {
      await outbox.goto(`${env.base}/dev/outbox`);
      code = /sign-in code: (\d{6})/.exec(await outbox.content())?.[1];
      if (!code) await outbox.waitForTimeout(250);
    }
    await outbox.close();
    expect(code).toBeDefined();
    await page.getByLabel('6-digit code from the email').fill(code!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('text=Staff area');
  }

  it('an owner changes the colours and logo, and the borrower’s sign-in page shows them', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await staffSignIn(page);
    await page.getByRole('link', { name: /Portal settings/ }).click();
    await page.getByLabel('Primary colour').fill('#14532d');
    await page.getByLabel('Accent colour').fill('#7c2d12');
    // The preview frame follows the colours being picked.
    await page.waitForFunction(() => (document.querySelector('[data-branding-preview]') as HTMLIFrameElement).src.includes('14532d'));
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await page.getByLabel('Logo (optional)').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Save branding' }).click();
    await page.waitForSelector('text=Branding saved.');

    const borrower = await env.browser.newPage();
    await borrower.goto(`${env.base}/login`);
    const primary = await borrower.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand-primary').trim());
    expect(primary).toBe('#14532d');
    const logo = borrower.locator('header img.brand-logo');
    await expect(logo.getAttribute('src')).resolves.toMatch(/^\/branding\/[0-9a-f]{32}\.png$/);
    await expect(logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await borrower.close();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('an agent finds a customer by phone and switches off Web access on one account; the borrower no longer sees it', async () => {
    const page = await env.browser.newPage();
    await staffSignIn(page);
    await page.getByRole('link', { name: /^Customers/ }).click();
    await page.getByLabel('Find a customer').pressSequentially('303 555 0188');
    await page.waitForSelector('#customer-results >> text=Jordan Rivera');
    await page.getByRole('link', { name: 'Jordan Rivera' }).click();
    await page.getByLabel('Web access for LC-550921').uncheck();
    await page.getByRole('button', { name: 'Save LC-550921' }).click();
    await page.waitForSelector('text=Links and access for LC-550921 saved.');

    const borrower = await env.browser.newPage();
    await signInAsDemoBorrower(borrower, env.base);
    expect(await borrower.content()).not.toContain('LC-550921');
    expect(await borrower.content()).toContain('AL-204817');
    await borrower.close();

    // The staff pages pass axe (serious and critical), their forms open.
    const report: Record<string, string[]> = {};
    for (const path of ['/admin', '/admin/customers?q=rivera', page.url().replace(env.base, '').split('?')[0]!, '/admin/settings', '/admin/ach']) {
      await page.goto(`${env.base}${path}`);
      report[path] = await seriousViolations(page);
    }
    for (const [path, violations] of Object.entries(report)) expect(violations, path).toEqual([]);
    await page.close();
  }, 60_000);

  it('an agent fills an address from its ZIP, writes a note, and looks at the portal as the borrower without changing it', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await staffSignIn(page);
    await page.goto(`${env.base}/admin/customers?q=rivera`);
    await page.getByRole('link', { name: 'Jordan Rivera' }).click();
    const record = page.url().replace(env.base, '').split('?')[0]!;
    await page.getByRole('link', { name: 'Contact & personal' }).click();

    // The ZIP fills the city and state (from the offline ZIP table), and says so.
    await page.locator('#f-primaryLine1').fill('1600 Glenarm Pl');
    await page.locator('#f-primaryCity').fill('');
    await page.locator('#f-primaryState').evaluate((el) => ((el as HTMLInputElement).value = ''));
    await page.locator('#f-primaryZip').fill('80202');
    await page.locator('#f-primaryZip').press('Tab');
    await page.waitForFunction(() => (document.querySelector('#f-primaryCity') as HTMLInputElement).value === 'Denver');
    expect(await page.locator('#f-primaryState').evaluate((el) => (el as HTMLInputElement).value)).toBe('CO');
    await page.getByRole('button', { name: 'Save primary address' }).click();
    await page.waitForSelector('text=Primary address saved.');

    // A note, filed under a category, is listed with its author.
    await page.getByRole('link', { name: 'Notes', exact: true }).click();
    await page.getByText('Add a note').click();
    await page.getByLabel('Title').fill('Called about the late payment');
    await page.getByLabel('Category', { exact: true }).selectOption('Collections');
    await page.getByLabel(/^Note \(up to/).fill('Promised to pay on Friday.');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.waitForSelector('text=Called about the late payment');

    // View as borrower: the portal as Jordan sees it, under a banner, and nothing can be changed.
    await page.getByRole('button', { name: /^View as borrower/ }).click();
    await page.waitForSelector('.view-as-banner');
    expect(await page.locator('.view-as-banner').innerText()).toContain('viewing the portal as Jordan Rivera');
    expect(await page.content()).toContain('AL-204817');
    const refused = await page.evaluate(async () => (await fetch('/security/password', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'current=x' })).status);
    expect(refused).toBe(403);
    await page.getByRole('button', { name: 'Return to staff area' }).click();
    await page.waitForURL(/\/admin\/customers\/.+\/privacy/);
    expect(await page.content()).toContain('Portal viewed as the borrower');

    // A new customer: the company fields and the EIN appear only for companies (the server checks the rest).
    await page.goto(`${env.base}/admin/customers/new`);
    const companyOnly = page.locator('[data-for-types="company flooring"]').first();
    await expect(companyOnly.isHidden()).resolves.toBe(true);
    await page.getByLabel('Customer type').selectOption('company');
    await expect(companyOnly.isVisible()).resolves.toBe(true);

    // The customer's sections and the other staff pages pass axe (serious and critical).
    const report: Record<string, string[]> = {};
    const paths = ['/edit', '/employer', '/references', '/notes', '/documents', '/payment-profiles', '/communications', '/privacy'].map((tab) => `${record}${tab}`);
    for (const path of [...paths, '/admin/customers/new', '/admin/accounts', '/admin/accounts/new', '/admin/accounts/AL-204817', '/admin/staff']) {
      await page.goto(`${env.base}${path}`);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      report[path] = await seriousViolations(page);
    }
    for (const [path, violations] of Object.entries(report)) expect(violations, path).toEqual([]);
    // The browser logs the refused request above; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('status of 403'))).toEqual([]);
    await page.close();
  }, 120_000);
});

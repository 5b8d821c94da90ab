import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpAt } from '../../src/auth/totp';
import { tenantsRepo } from '../../src/db/platform';
import { forTenant } from '../../src/db/tenant';
import { openLoan } from '../../src/services/servicing';
import { addVirtualAuthenticator, collectPageErrors, usePortalAndBrowser } from './support/browser';
import { outboxEmails } from '../support/outbox';

/** Real Chromium against the real Node host (`npm start`): what a borrower does, click by click. */
describe('signing in, in a real browser', () => {
  const env = usePortalAndBrowser();

  const demo = async () => {
    const tenant = (await tenantsRepo(env.portal.host.deps.db).findBySlug('demo'))!;
    return { tenant, tdb: forTenant(env.portal.host.deps.db, tenant.id) };
  };

  /** Waits until the email queue has delivered a message to `to` with this template, and returns it. */
  async function emailTo(to: string, template: string) {
    const { tdb } = await demo();
    for (let i = 0; i < 100; i++) {
      const found = (await outboxEmails(tdb, 20)).find((e) => e.toAddress === to && e.template === template);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${template} email to ${to}`);
  }

  const currentTotp = (secret: string) => totpAt(secret, Math.floor(Date.now() / 1000));

  async function signOut(page: Page) {
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL(/\/login\?out=1$/);
  }

  it('signs up through the emailed link, turns on an authenticator app, signs out and back in with a code', async () => {
    const { tenant, tdb } = await demo();
    const now = new Date();
    const customer = await tdb.customers.create({ firstName: 'Casey', lastName: 'Browser', email: 'casey.browser@example.com' }, now);
    await openLoan(tdb, tenant, { displayId: 'E2E-1', productName: 'Auto loan', principal: 1_200_000, annualRate: '6', frequency: 'monthly', termPayments: 48, startDate: '2026-01-01', firstDueDate: '2026-02-01', dayCount: 'periodic', holders: [{ customerId: customer.id, role: 'Primary' }] }, now);

    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'First time here? Set up your sign-in' }).click();
    await page.getByLabel('Email').fill('casey.browser@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'a link is on its way' }).count()).resolves.toBeGreaterThan(0);

    const email = await emailTo('casey.browser@example.com', 'set-password');
    const link = /http:\/\/\S+\/reset\?token=\S+/.exec(email.text)![0];
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Create your password');
    await page.getByLabel('New password').fill('Harbor-Lantern-Quiet-8');
    // The rules beside the field tick as the person types.
    await expect(page.locator('[data-rule="length"].met').count()).resolves.toBe(1);
    await page.getByLabel('Type it again').fill('Harbor-Lantern-Quiet-8');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL(/\/login\?reset=1$/);

    await page.getByLabel('Email').fill('casey.browser@example.com');
    await page.getByLabel('Password').fill('Harbor-Lantern-Quiet-8');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome back, Casey Browser');

    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.waitForURL(/\/security\/totp$/);
    await expect(page.locator('.qr svg').count()).resolves.toBe(1);
    const secret = (await page.locator('[data-totp-secret]').textContent())!.replace(/\s+/g, '');
    await page.getByLabel('6-digit code').fill(currentTotp(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.locator('[data-recovery-codes] code').count()).resolves.toBe(10);
    await page.getByRole('link', { name: 'I have saved them' }).click();

    await signOut(page);
    await page.getByLabel('Email').fill('casey.browser@example.com');
    await page.getByLabel('Password').fill('Harbor-Lantern-Quiet-8');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/login\/verify/);
    // A code from the next time step, so it is not the one used to turn the app on.
    const step = Math.floor(Date.now() / 30_000);
    await new Promise((r) => setTimeout(r, (step + 1) * 30_000 - Date.now() + 200));
    await page.getByLabel('6-digit code from your app').fill(currentTotp(secret));
    await page.getByRole('button', { name: 'Verify' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome back, Casey Browser');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('registers a passkey with the virtual authenticator and signs in with it alone', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    const authenticator = await addVirtualAuthenticator(page);
    await page.goto(`${env.base}/login`);
    await page.getByLabel('Email').fill('jordan.rivera@example.com');
    await page.getByLabel('Password').fill('Sunrise-Borrower-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome back, Jordan Rivera');

    await page.goto(`${env.base}/security`);
    await page.getByLabel('Name for a new passkey').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/security\?done=passkey$/);
    await expect(page.getByText('Test laptop').count()).resolves.toBeGreaterThan(0);
    expect((await authenticator.credentials()).length).toBe(1);

    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${env.base}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome back, Jordan Rivera');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

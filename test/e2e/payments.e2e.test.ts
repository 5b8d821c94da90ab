import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, signInAsDemoBorrower, usePortalAndBrowser } from './support/browser';

/** A borrower paying as a person would: the sandbox card page in its frame, one account, two at once, AutoPay. */
describe('payments in a real browser', () => {
  const env = usePortalAndBrowser();
  const signIn = (page: Page) => signInAsDemoBorrower(page, env.base);

  it('adds a card in the processor’s frame, pays one account, pays two at once, and sets up AutoPay', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await signIn(page);

    // The card number is typed into the processor's page; ours only ever sees the token.
    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByRole('link', { name: 'Payment methods' }).click();
    const frame = page.frameLocator('iframe[data-card-frame]');
    await frame.getByLabel('Card number').fill('4242 4242 4242 4242');
    await frame.getByLabel('Expiry date').fill('04/30');
    await frame.getByLabel('Security code').fill('123');
    await frame.getByRole('button', { name: 'Save card' }).click();
    await page.waitForSelector('text=Your payment method is saved.');
    await page.waitForSelector('text=Visa •••• 4242');
    expect(await page.content()).not.toContain('4242424242424242');

    // One account: amount, review, pay; the confirmation follows the payment to Completed.
    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Pay AL-204817' }).click();
    await page.getByLabel('Another amount').check();
    await page.getByLabel('Amount in dollars').fill('125.00');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('text=Review your payment');
    await page.getByRole('button', { name: 'Pay $125.00' }).click();
    await page.waitForSelector('text=Payment submitted');
    await page.waitForSelector('#payment-status .status-completed', { timeout: 15_000 });

    // Two accounts at once: the count and total follow the boxes.
    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Pay multiple' }).click();
    await page.getByLabel('Auto Loan — 60 months AL-204817').check();
    await page.getByLabel('Amount for AL-204817 in dollars').fill('50.00');
    await page.getByLabel('Personal Loan — 36 months PL-118342').check();
    await page.getByLabel('Amount for PL-118342 in dollars').fill('40.00');
    await expect(page.locator('[data-multi-summary]').textContent()).resolves.toBe('2 accounts, $90.00 in all.');
    await expect(page.getByLabel('Personal Loan — 12 months PL-100577').isDisabled()).resolves.toBe(true);
    await page.getByLabel('I authorise these payments and accept the payment terms.').check();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.waitForSelector('text=Payment submitted');
    await expect(page.locator('#payment-status article').count()).resolves.toBe(2);
    await page.waitForFunction(() => document.querySelectorAll('#payment-status .status-completed').length === 2, undefined, { timeout: 15_000 });

    // AutoPay on the loan's own schedule, with the authorisation accepted.
    await page.goto(`${env.base}/accounts/AL-204817`);
    await page.getByRole('link', { name: 'AutoPay' }).click();
    await page.getByLabel('On each payment due date').check();
    await page.getByLabel('The next scheduled payment').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('text=Authorise AutoPay for AL-204817');
    await page.getByLabel(/I have read and accept this authorisation/).check();
    await page.getByRole('button', { name: 'Set up AutoPay' }).click();
    await page.waitForSelector('text=AutoPay is set up.');
    await page.waitForSelector('text=On each payment due date');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});

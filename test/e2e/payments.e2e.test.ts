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

    // One account: a typed amount is what is paid (no need to pick "Another amount" first), then
    // review and pay; the page follows the payment until it is received.
    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Pay AL-204817' }).click();
    await page.getByLabel('Amount in dollars').fill('125.00');
    await expect(page.getByLabel('Another amount').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Review payment' }).click();
    await page.waitForSelector('text=Review your payment');
    await page.getByRole('button', { name: 'Pay $125.00' }).click();
    await page.waitForSelector('#payment-status .status-completed', { timeout: 15_000 });
    await page.waitForSelector('h1:has-text("Payment received")');
    const paidAt = page.url();

    // Back returns to the review, which now says the payment was made: nothing is paid twice.
    await page.goBack();
    await page.waitForSelector('text=You already made this payment');
    expect(page.url()).toBe(`${paidAt}?again=1`);
    // Starting again with the same amount warns about the payment just made and needs "Pay again".
    await page.goto(`${env.base}/accounts/AL-204817/pay`);
    await page.getByLabel('Amount in dollars').fill('125.00');
    await page.getByRole('button', { name: 'Review payment' }).click();
    await page.waitForSelector('text=You may have paid this already.');
    await page.getByRole('button', { name: 'Pay $125.00' }).click();
    await page.waitForSelector('text=Tick “Pay again” only if you mean to pay a second time.');

    // Two accounts at once: the count and total follow the boxes.
    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Pay multiple' }).click();
    await page.getByLabel('Auto Loan — 60 months AL-204817').check();
    await page.getByLabel('Amount for AL-204817 in dollars').fill('50.00');
    await page.getByLabel('Personal Loan — 36 months PL-118342').check();
    await page.getByLabel('Amount for PL-118342 in dollars').fill('40.00');
    await expect(page.locator('[data-multi-summary]').textContent()).resolves.toBe('2 accounts, $90.00 in all.');
    await expect(page.getByLabel('Personal Loan — 12 months PL-100577').isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Review payment' }).click();
    await page.waitForSelector('text=Review your payments');
    await page.getByLabel(/I authorise these payments and accept the/).check();
    await page.getByRole('button', { name: 'Pay $90.00' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#payment-status .status-completed').length === 2, undefined, { timeout: 15_000 });
    await page.waitForSelector('h1:has-text("Payment received")');
    await expect(page.locator('#payment-status article').count()).resolves.toBe(2);

    // A declined card: the page says so, with the reason and what to do; nothing says received.
    await page.goto(`${env.base}/payments/methods`);
    const frame2 = page.frameLocator('iframe[data-card-frame]');
    await frame2.getByLabel('Card number').fill('4000 0000 0000 9995');
    await frame2.getByLabel('Expiry date').fill('04/30');
    await frame2.getByLabel('Security code').fill('123');
    await frame2.getByRole('button', { name: 'Save card' }).click();
    await page.waitForSelector('text=Visa •••• 9995');
    await page.goto(`${env.base}/accounts/LC-550921/pay`);
    await page.getByLabel('Pay with').selectOption({ label: 'Visa •••• 9995' });
    await page.getByLabel('Amount in dollars').fill('30.00');
    await page.getByRole('button', { name: 'Review payment' }).click();
    await page.getByRole('button', { name: 'Pay $30.00' }).click();
    await page.waitForSelector('h1:has-text("Payment not made")', { timeout: 15_000 });
    await page.waitForSelector('text=insufficient funds');
    expect(await page.locator('main').innerText()).not.toContain('received');

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
    // The one refusal on the way (409, the repeat that needed "Pay again") is the page answering as meant.
    expect(errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await page.close();
  }, 90_000);
});

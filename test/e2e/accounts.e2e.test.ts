import { describe, expect, it } from 'vitest';
import { collectPageErrors, usePortalAndBrowser } from './support/browser';

/** A borrower going through every tab of each kind of account, as a person would: by clicking. */
describe('account pages in a real browser', () => {
  const env = usePortalAndBrowser();

  it('opens each tab of a loan and of a line of credit (htmx swaps, address updated) and downloads a statement PDF', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${env.base}/login`);
    await page.getByLabel('Email').fill('jordan.rivera@example.com');
    await page.getByLabel('Password').fill('Sunrise-Borrower-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForLoadState('load');

    await page.getByRole('link', { name: 'Auto Loan — 60 months' }).click();
    await expect(page.getByText('Payoff today').count()).resolves.toBe(1);
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(2);
    await page.getByText('See breakdown').click();
    await expect(page.locator('details[open] tbody tr').count()).resolves.toBe(60);
    for (const [tab, text] of [['Transactions', 'Download as CSV'], ['Collateral', 'Granite State Mutual'], ['Summary', 'Payoff today']] as const) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.waitForSelector(`text=${text}`);
      expect(page.url()).toContain(`/accounts/AL-204817/${tab.toLowerCase()}`);
      await expect(page.locator('.tabs [aria-current="page"]').textContent()).resolves.toBe(tab);
    }

    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Personal Line of Credit' }).click();
    await page.getByRole('link', { name: 'Statements', exact: true }).click();
    await page.waitForSelector('text=Closing balance');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download the statement/ }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/^LC-550921-statement-\d{4}-\d{2}-\d{2}\.pdf$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

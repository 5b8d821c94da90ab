import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectPageErrors, signInAsDemoBorrower, usePortalAndBrowser } from './support/browser';

/** A borrower going through every tab of each kind of account, as a person would: by clicking. */
describe('account pages in a real browser', () => {
  const env = usePortalAndBrowser();
  const signIn = (page: Page) => signInAsDemoBorrower(page, env.base);

  it('opens each tab of a loan, a lease and a line of credit (htmx swaps, address updated) and downloads a statement PDF', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await signInAsDemoBorrower(page, env.base);

    await page.getByRole('link', { name: 'Auto Loan — 60 months' }).click();
    await expect(page.getByText('Payoff today').count()).resolves.toBe(1);
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(2);
    await page.getByText('See the schedule, payment by payment').click();
    await expect(page.locator('details[open] tbody tr').count()).resolves.toBe(60);
    await expect(page.locator('details[open] tbody tr.schedule-paid').count()).resolves.toBe(14);
    for (const [tab, text] of [['Transactions', 'Download as CSV'], ['Documents', 'Welcome to Sunrise Lending'], ['Collateral', 'Granite State Mutual'], ['Summary', 'Payoff today']] as const) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.waitForSelector(`text=${text}`);
      expect(page.url()).toContain(`/accounts/AL-204817/${tab.toLowerCase()}`);
      await expect(page.locator('.tabs [aria-current="page"]').textContent()).resolves.toBe(tab);
    }

    // A lease has the same tabs as a loan.
    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Vehicle Lease — 36 months' }).click();
    for (const [tab, text] of [['Transactions', 'Download as CSV'], ['Documents', 'No documents on this account yet.'], ['Collateral', 'Tesla Model 3'], ['Summary', 'Payoff today']] as const) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.waitForSelector(`text=${text}`);
      expect(page.url()).toContain(`/accounts/LS-330415/${tab.toLowerCase()}`);
    }

    await page.goto(`${env.base}/`);
    await page.getByRole('link', { name: 'Personal Line of Credit' }).click();
    await page.waitForSelector('text=Available credit');
    for (const [tab, text] of [['Transactions', 'Interest charged on the statement'], ['Documents', 'Your line of credit agreement summary'], ['Summary', 'Credit limit']] as const) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.waitForSelector(`text=${text}`);
      expect(page.url()).toContain(`/accounts/LC-550921/${tab.toLowerCase()}`);
    }
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

  it('uploads a document by dropping it and by choosing it, then updates the insurance with a proof', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.goto(`${env.base}/accounts/PL-118342/documents`);
    await page.getByText('Upload a document').click();

    // Drag and drop: a file dropped on the zone fills the file input.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['%PDF-1.4\n% dropped\n%%EOF\n'], 'dropped-paystub.pdf', { type: 'application/pdf' }));
      const zone = document.querySelector('[data-drop-zone]')!;
      zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    });
    await page.waitForSelector('text=Selected: dropped-paystub.pdf');
    await page.getByLabel('Category').selectOption('Proof of income');
    await page.getByLabel('Name', { exact: true }).fill('November pay stub');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForSelector('text=Uploaded “November pay stub”');
    expect(page.url()).toContain('/accounts/PL-118342/documents');

    // The plain file input, with a file whose content is not what its name says: refused, form kept.
    await page.getByText('Upload a document').click();
    await page.getByLabel('File').setInputFiles({ name: 'photo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    await page.getByLabel('Category').selectOption('Other');
    await page.getByLabel('Name', { exact: true }).fill('Mystery file');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForSelector('text=its content is not a PDF');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Mystery file');
    // Focus moves to the refused field, which names its problem.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('file');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download November pay stub/ }).click()]);
    expect(download.suggestedFilename()).toBe('dropped-paystub.pdf');

    await page.goto(`${env.base}/accounts/AL-204817/collateral`);
    await page.getByText('Update insurance').click();
    await page.getByLabel('Insurance company').fill('Front Range Auto Insurance');
    await page.getByLabel('Policy number').fill('FR-2026-77');
    await page.getByLabel('Proof of insurance (optional)').setInputFiles({ name: 'card.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
    await page.getByRole('button', { name: 'Save insurance' }).click();
    await page.waitForSelector('text=your insurance is saved');
    await expect(page.getByRole('link', { name: 'Download proof of insurance' }).count()).resolves.toBe(1);
    // The refused upload above answered 422 on purpose (htmx and Chromium both log it); nothing else may appear.
    expect(errors.filter((e) => !/\b422\b/.test(e))).toEqual([]);
    await page.close();
  }, 60_000);

  it('activates the card with the SSN, then shows its number after the password', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await signIn(page);
    await page.getByRole('link', { name: 'Sunrise Rewards Visa' }).click();
    await page.waitForSelector('text=Pending Activation');
    for (const tab of ['Transactions', 'Statements', 'Documents']) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.waitForSelector(`.tabs [aria-current="page"]:text("${tab}")`);
    }
    await page.getByText('Activate now').click();
    await page.getByLabel('Social Security number').fill('123-45-6789');
    await page.getByRole('button', { name: 'Activate card' }).click();
    await page.waitForSelector('text=Your card is active');
    await page.getByLabel('Your password').fill('Sunrise-Borrower-2026');
    await page.getByRole('button', { name: 'Show card number' }).click();
    await page.waitForSelector('text=The number is shown on this page only');
    expect(await page.locator('.card-number').textContent()).toMatch(/^4000 00\d{2} \d{4} \d{4}$/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

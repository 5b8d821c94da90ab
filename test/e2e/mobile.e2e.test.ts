import type { BrowserContext, Frame, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, latestSignInCode, seriousViolations, signInAsDemoBorrower, usePortalAndBrowser } from './support/browser';

const PHONE = { width: 390, height: 844 };

/**
 * Everything a phone shows, at 390 × 844: the page never scrolls sideways, axe finds nothing
 * serious, and every data table's cells carry their column's name (shown before each value).
 * Returns the problems as lines, so one run reports every page at once.
 */
async function phoneProblems(page: Page): Promise<string[]> {
  const layout = await page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth) problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    const visibleText = (cell: Element) => {
      const copy = cell.cloneNode(true) as Element;
      copy.querySelectorAll('.visually-hidden').forEach((e) => e.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    };
    document.querySelectorAll('table.table').forEach((table, t) => {
      const head = (table as HTMLTableElement).tHead;
      if (!head) return;
      const labels = [...head.rows[0]!.cells].map(visibleText);
      for (const body of (table as HTMLTableElement).tBodies) {
        for (const row of body.rows) {
          [...row.cells].forEach((cell, i) => {
            const label = cell.getAttribute('data-label');
            if (label !== labels[i]) problems.push(`table ${t} cell ${i}: data-label ${JSON.stringify(label)}, column ${JSON.stringify(labels[i])}`);
            // On a phone the label is what stands before the value (the header row is out of sight).
            const shown = getComputedStyle(cell, '::before').content;
            if (label && shown !== JSON.stringify(label)) problems.push(`table ${t} cell ${i}: label not shown (${shown})`);
          });
        }
      }
    });
    return problems;
  });
  return [...layout, ...(await seriousViolations(page))];
}

describe('on a phone (390 × 844)', () => {
  const env = usePortalAndBrowser();
  let borrower: BrowserContext;
  // One signed-in phone for the borrower's tests, in order: the card added first is used to pay later.
  beforeAll(async () => {
    borrower = await env.browser.newContext({ viewport: PHONE });
    const page = await borrower.newPage();
    await signInAsDemoBorrower(page, env.base);
    await page.close();
  });

  it('the card frame is as tall as its content, before and after it lists every error at once', async () => {
    const page = await borrower.newPage();
    await page.goto(`${env.base}/payments/methods`);
    const frameElement = page.locator('iframe[data-card-frame]');
    const frame = (await (await frameElement.elementHandle())!.contentFrame()) as Frame;
    await frame.waitForSelector('#card-submit');
    /** Nothing scrolls inside the frame, and Save is within it. */
    const fits = () =>
      frame.evaluate(() => {
        const save = document.getElementById('card-submit')!.getBoundingClientRect();
        return document.documentElement.scrollHeight <= innerHeight && save.bottom <= innerHeight && save.top >= 0;
      });
    await page.waitForFunction(() => {
      const f = document.querySelector('iframe[data-card-frame]') as HTMLIFrameElement;
      return f.contentDocument!.documentElement.scrollHeight <= f.contentWindow!.innerHeight;
    });
    await expect(fits()).resolves.toBe(true);

    const card = page.frameLocator('iframe[data-card-frame]');
    await card.getByLabel('Card number').fill('4242 4242 4242 4241');
    await card.getByLabel('Expiry date').fill('13/29');
    await card.getByLabel('Security code').fill('12');
    await card.getByLabel('ZIP code (optional)').fill('8020');
    await card.getByRole('button', { name: 'Save card' }).click();
    await card.getByText('There are 4 problems with the card details.').waitFor();
    const shown = await frame.evaluate(() => [...document.querySelectorAll('.error:not([hidden])')].map((e) => `${e.id}: ${e.textContent}`));
    expect(shown).toEqual([
      'cc-number-error: Enter a valid card number.',
      'cc-exp-error: Enter a valid expiry date.',
      'cc-csc-error: Enter the 3-digit security code on the back of your card.',
      'cc-postal-error: Enter a ZIP code such as 80202 or 80202-1234, or a Canadian postal code such as K1A 0B1.',
    ]);
    await expect(frame.evaluate(() => document.activeElement?.id)).resolves.toBe('cc-number');
    for (const id of ['cc-number', 'cc-exp', 'cc-csc', 'cc-postal']) await expect(card.locator(`#${id}`).getAttribute('aria-invalid'), id).resolves.toBe('true');
    // The frame grew with the messages: Save is still in sight without scrolling inside it.
    await page.waitForFunction(() => {
      const f = document.querySelector('iframe[data-card-frame]') as HTMLIFrameElement;
      return f.contentDocument!.documentElement.scrollHeight <= f.contentWindow!.innerHeight;
    });
    await expect(fits()).resolves.toBe(true);

    await card.getByLabel('Card number').fill('4242 4242 4242 4242');
    await card.getByLabel('Expiry date').fill('04/30');
    await card.getByLabel('Security code').fill('123');
    await card.getByLabel('ZIP code (optional)').fill('80202');
    await card.getByRole('button', { name: 'Save card' }).click();
    await page.waitForSelector('text=Your payment method is saved.');
    await page.waitForSelector('text=Visa •••• 4242');
    expect(await phoneProblems(page)).toEqual([]);
    await page.close();
  });

  it('every borrower page fits the width, passes axe and labels its table cells', async () => {
    const page = await borrower.newPage();
    const errors = collectPageErrors(page);
    const report: Record<string, string[]> = {};
    const check = async (name: string) => {
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      report[name] = await phoneProblems(page);
    };
    const visitor = await env.browser.newContext({ viewport: PHONE });
    const signedOut = await visitor.newPage();
    for (const path of ['/login', '/signup', '/forgot']) {
      await signedOut.goto(`${env.base}${path}`);
      report[path] = await phoneProblems(signedOut);
    }
    await visitor.close();
    await page.goto(`${env.base}/`);
    await check('/ (accounts)');
    // The past-due loan's summary; then each kind of account (loan, line, card, lease), each of its tabs.
    await page.goto(`${env.base}/accounts/PL-118342`);
    await check('/accounts/PL-118342');
    for (const id of ['AL-204817', 'LC-550921', 'CC-907355', 'LS-330415']) {
      await page.goto(`${env.base}/accounts/${id}`);
      const tabs = await page.locator('nav.tabs a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
      expect(tabs.length, id).toBeGreaterThan(1);
      for (const tab of tabs) {
        await page.goto(`${env.base}${tab}`);
        await check(tab);
      }
      await page.goto(`${env.base}/accounts/${id}/autopay`);
      await check(`/accounts/${id}/autopay`);
    }
    // The pay form and its review (with the card saved above), Pay multiple, history, methods, security.
    await page.goto(`${env.base}/accounts/AL-204817/pay`);
    await check('/accounts/AL-204817/pay');
    await page.getByLabel('Amount in dollars').fill('25.00');
    await page.getByRole('button', { name: 'Review payment' }).click();
    await page.waitForSelector('text=Review your payment');
    await check('pay review');
    await page.getByRole('button', { name: 'Pay $25.00' }).click();
    await page.waitForSelector('h1:has-text("Payment received")', { timeout: 15_000 });
    await check('payment received');
    // Pay multiple and its review.
    await page.goto(`${env.base}/pay-multiple`);
    await page.getByLabel('Auto Loan — 60 months AL-204817').check();
    await page.getByLabel('Amount for AL-204817 in dollars').fill('30.00');
    await page.getByRole('button', { name: 'Review payment' }).click();
    await page.waitForSelector('text=Review your payments');
    await check('pay multiple review');
    for (const path of ['/pay-multiple', '/payments', '/payments/methods', '/payments/terms', '/security']) {
      await page.goto(`${env.base}${path}`);
      await check(path);
    }
    for (const [name, problems] of Object.entries(report)) expect(problems, name).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the header folds into a Menu button that opens and closes from the keyboard, and its links are there without JavaScript', async () => {
    const page = await borrower.newPage();
    await page.goto(`${env.base}/`);
    const menu = page.getByRole('button', { name: 'Menu' });
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(signOut.isVisible()).resolves.toBe(false);
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    // The links follow the button in the tab order, inside the bar (no sideways scroll).
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Accounts');
    await expect(signOut.isVisible()).resolves.toBe(true);
    const bar = await page.locator('.site-header').boundingBox();
    const box = await signOut.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(bar!.y + bar!.height);
    await page.keyboard.press('Escape');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Menu');
    await expect(signOut.isVisible()).resolves.toBe(false);
    await page.keyboard.press('Space');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    // On a wide screen the links sit in the bar and there is no button.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(menu.isVisible()).resolves.toBe(false);
    await expect(signOut.isVisible()).resolves.toBe(true);
    await page.close();

    // Without JavaScript: no button, and every link shows under the brand, within the width.
    const plain = await env.browser.newContext({ viewport: PHONE, javaScriptEnabled: false, storageState: await borrower.storageState() });
    const noJs = await plain.newPage();
    await noJs.goto(`${env.base}/`);
    await expect(noJs.getByRole('button', { name: 'Menu' }).isVisible()).resolves.toBe(false);
    for (const name of ['Accounts', 'Payments', 'Security']) await expect(noJs.getByRole('link', { name, exact: true }).first().isVisible(), name).resolves.toBe(true);
    await expect(noJs.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await expect(noJs.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).resolves.toBe(true);
    await plain.close();
  });

  it('staff: a mistyped code keeps the code box; then the main staff pages fit, pass axe and label their tables', async () => {
    const staff = await env.browser.newContext({ viewport: PHONE });
    const page = await staff.newPage();
    const errors = collectPageErrors(page);
    const report: Record<string, string[]> = {};
    await page.goto(`${env.base}/admin/login`);
    report['/admin/login'] = await phoneProblems(page);
    await page.getByLabel('Email').fill('owner@sunrise-lending.example');
    await page.getByLabel('Password').fill('Sunrise-Owner-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    report['second step'] = await phoneProblems(page);
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    const code = await latestSignInCode(env.browser, env.base);

    const box = page.getByLabel('6-digit code from the email');
    await box.fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('text=That code is not right.');
    // The refusal is a 401, which Chromium logs; nothing else may be.
    expect(errors.splice(0)).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    // The box is still there, marked and described by its error, with focus, and "send a new code" too.
    await expect(box.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(box.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent)).resolves.toBe('That code is not right. Check it and try again, or send a new one.');
    await expect(box.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Send a new code' }).isVisible()).resolves.toBe(true);
    report['second step, wrong code'] = await phoneProblems(page);
    await box.fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');

    const visit = async (path: string) => {
      await page.goto(`${env.base}${path}`);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      report[path] = await phoneProblems(page);
    };
    await visit('/admin');
    await visit('/admin/customers');
    await page.getByLabel('Find a customer').pressSequentially('rivera');
    await page.waitForSelector('#customer-results >> text=Jordan Rivera');
    report['customer search'] = await phoneProblems(page);
    await page.getByRole('link', { name: 'Jordan Rivera' }).click();
    const record = new URL(page.url()).pathname;
    report[record] = await phoneProblems(page);
    const sections = await page.locator('nav.subnav a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    expect(sections.length).toBeGreaterThan(5);
    for (const section of sections.filter((s) => s !== record)) await visit(section);
    for (const path of ['/admin/customers/new', '/admin/accounts', '/admin/accounts/new', '/admin/staff', '/admin/settings', '/admin/ach']) await visit(path);
    // An account page and each of its tabs.
    await visit('/admin/accounts/LC-550921');
    const tabs = await page.locator('nav.tabs a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(tabs.length).toBeGreaterThan(1);
    for (const tab of tabs) await visit(tab.replace(env.base, ''));
    await visit('/admin/accounts/AL-204817');

    for (const [name, problems] of Object.entries(report)) expect(problems, name).toEqual([]);
    expect(errors).toEqual([]);
    await staff.close();
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { seriousViolations, signInAsDemoBorrower, usePortalAndBrowser } from './support/browser';

describe('accessibility (axe-core, serious and critical)', () => {
  const env = usePortalAndBrowser();

  it('finds none on the public, sign-in and account pages', async () => {
    const page = await env.browser.newPage();
    const report: Record<string, string[]> = {};
    for (const path of ['/', '/login', '/signup', '/forgot']) {
      await page.goto(`${env.base}${path}`);
      report[path] = await seriousViolations(page);
    }
    await signInAsDemoBorrower(page, env.base);
    for (const path of ['/', '/security', '/accounts/AL-204817/summary', '/accounts/AL-204817/transactions', '/accounts/AL-204817/documents', '/accounts/AL-204817/collateral', '/accounts/LC-550921/statements', '/accounts/CC-907355/transactions', '/payments', '/payments/methods', '/accounts/AL-204817/pay', '/pay-multiple', '/accounts/AL-204817/autopay']) {
      await page.goto(`${env.base}${path}`);
      // Forms inside closed <details> are checked too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      report[path] = await seriousViolations(page);
    }
    for (const [path, violations] of Object.entries(report)) expect(violations, path).toEqual([]);
    await page.close();
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePortalAndBrowser } from './support/browser';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; returns serious and critical violations as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Injected through the DevTools protocol (page.evaluate), which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

describe('accessibility (axe-core, serious and critical)', () => {
  const env = usePortalAndBrowser();

  it('finds none on the public, sign-in and account pages', async () => {
    const page = await env.browser.newPage();
    const report: Record<string, string[]> = {};
    for (const path of ['/', '/login', '/signup', '/forgot']) {
      await page.goto(`${env.base}${path}`);
      report[path] = await seriousViolations(page);
    }
    await page.goto(`${env.base}/login`);
    await page.getByLabel('Email').fill('jordan.rivera@example.com');
    await page.getByLabel('Password').fill('Sunrise-Borrower-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForLoadState('load');
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

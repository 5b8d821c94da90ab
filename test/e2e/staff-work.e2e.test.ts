import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../src/db/schema';
import { forTenant } from '../../src/db/tenant';
import { collectPageErrors, usePortalAndBrowser } from './support/browser';

/** Staff work that must not be lost, and lists that must be readable, in a real browser (issue 11, items 14 and 16). */
describe('staff work in a real browser', () => {
  const env = usePortalAndBrowser();
  const demoTdb = async () => {
    const db = env.portal.host.deps.db;
    const tenant = (await db.query.tenants.findFirst({ where: (t, { eq: is }) => is(t.slug, 'demo') }))!;
    return forTenant(db, tenant.id);
  };

  /** Password, "Email a code", and the new code from the local outbox (not one sent before). */
  async function staffSignIn(page: Page, next?: RegExp) {
    if (!page.url().includes('/admin/login')) await page.goto(`${env.base}/admin/login`);
    await page.getByLabel('Email').fill('owner@sunrise-lending.example');
    await page.getByLabel('Password').fill('Sunrise-Owner-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const outbox = await env.browser.newPage();
    const codes = async () => {
      await outbox.goto(`${env.base}/dev/outbox`);
      return [...(await outbox.content()).matchAll(/sign-in code: (\d{6})/g)].map((m) => m[1]!);
    };
    const before = new Set(await codes());
    await page.getByRole('button', { name: /^Email a code to/ }).click();
    let code: string | undefined;
    for (let i = 0; i < 40 && !code; i++) {
      code = (await codes()).find((c) => !before.has(c));
      if (!code) await outbox.waitForTimeout(250);
    }
    await outbox.close();
    expect(code).toBeDefined();
    await page.getByLabel('6-digit code from the email').fill(code!);
    await page.getByRole('button', { name: 'Verify' }).click();
    if (next) await page.waitForURL(next);
    else await page.waitForSelector('text=Staff area');
  }

  it('saves one section of Contact & personal without losing what is typed in another, and focuses the field with the problem', async () => {
    const page = await env.browser.newPage();
    const errors = collectPageErrors(page);
    await staffSignIn(page);
    const jordan = (await (await demoTdb()).customers.findByUsername('jordan.rivera@example.com'))!;
    await page.goto(`${env.base}/admin/customers/${jordan.id}/edit`);
    await page.getByLabel('Middle name (optional)').fill('Typed-not-saved');
    await page.locator('#f-primaryZip').fill('8020');
    await page.getByRole('button', { name: 'Save primary address' }).click();
    await page.waitForSelector('#primary-address .field-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-primaryZip');
    expect(await page.locator('#primary-address').innerText()).toContain('Enter the ZIP code');
    // The focused field is on screen, not far below the top of the page.
    const top = await page.locator('#f-primaryZip').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(900);
    expect(await page.getByLabel('Middle name (optional)').inputValue()).toBe('Typed-not-saved');

    await page.locator('#f-primaryZip').fill('80202');
    await page.getByRole('button', { name: 'Save primary address' }).click();
    await page.waitForSelector('#primary-address >> text=Primary address saved.');
    expect(await page.getByLabel('Middle name (optional)').inputValue()).toBe('Typed-not-saved');
    // The saved section was swapped alone: the page did not reload.
    expect(page.url()).toBe(`${env.base}/admin/customers/${jordan.id}/edit`);
    // htmx logs the refused (422) answer it swapped in on purpose; nothing else went wrong (no CSP violation, no script error).
    expect(errors.filter((e) => !/Response Status Error Code 422|status of 422/.test(e))).toEqual([]);
    await page.close();
  }, 60_000);

  it('keeps a note typed while the session ended and saves it after signing in again', async () => {
    const page = await env.browser.newPage();
    await staffSignIn(page);
    const tdb = await demoTdb();
    const jordan = (await tdb.customers.findByUsername('jordan.rivera@example.com'))!;
    await page.goto(`${env.base}/admin/customers/${jordan.id}/notes`);
    await page.getByText('Add a note').click();
    await page.getByLabel('Title').fill('Promise to pay');
    await page.locator('form[method=post] select[name=category]').selectOption('Payment arrangement');
    await page.getByLabel(/^Note \(up to/).fill('Called about the late fee.\nPromised a payment on Friday.');
    // Forty minutes on the phone: the staff session has been idle past its 30 minutes.
    await env.portal.host.deps.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 40 * 60_000) }).where(eq(sessions.subjectType, 'agent'));
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fheld%2F/);
    await staffSignIn(page, /\/admin\/held\//);
    expect(await page.locator('main').innerText()).toContain('Promised a payment on Friday.');
    await page.getByRole('button', { name: 'Save it now' }).click();
    await page.waitForSelector('text=The note is added.');
    expect((await tdb.profile.notes(jordan.id)).find((n) => n.title === 'Promise to pay')?.body).toBe('Called about the late fee.\nPromised a payment on Friday.');
    await page.close();
  }, 60_000);

  it('counts and pages customer search results in place, by last name', async () => {
    const tdb = await demoTdb();
    for (let i = 0; i < 25; i++) await tdb.customers.create({ firstName: `Person${String(i).padStart(2, '0')}`, lastName: i % 2 ? 'Quillon' : 'Quill', email: `quill${i}@example.com` }, new Date());
    const page = await env.browser.newPage();
    await staffSignIn(page);
    await page.goto(`${env.base}/admin/customers`);
    await page.getByLabel('Find a customer').pressSequentially('quill');
    await page.waitForSelector('#customer-results >> text=25 customers match');
    expect(await page.locator('#customer-results tbody tr').count()).toBe(20);
    expect(await page.locator('#customer-results tbody tr').first().innerText()).toContain('Person00 Quill');
    await page.getByRole('link', { name: 'Next 5' }).click();
    await page.waitForSelector('#customer-results >> text=Page 2 of 2');
    expect(await page.locator('#customer-results tbody tr').count()).toBe(5);
    expect(page.url()).toBe(`${env.base}/admin/customers?q=quill&page=2`);
    expect(await page.locator('#customer-results tbody tr').last().innerText()).toContain('Person23 Quillon');
    await page.close();
  }, 60_000);
});

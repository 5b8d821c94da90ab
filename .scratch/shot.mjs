import { chromium } from 'playwright-core';
const base = process.env.BASE ?? 'http://demo.localhost:8787';
const width = Number(process.env.W ?? 1280);
const pages = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const ctx = await browser.newContext({ viewport: { width, height: 900 } });
const page = await ctx.newPage();
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill('jordan.rivera@example.com');
await page.getByLabel('Password').fill('Sunrise-Borrower-2026');
await page.getByRole('button', { name: 'Sign in', exact: true }).click();
await page.waitForLoadState('load');
for (const p of pages) {
  await page.goto(base + p);
  const name = p.replace(/[^a-z0-9]+/gi, '_') || 'home';
  await page.screenshot({ path: `/tmp/shots/${name}_${width}.png`, fullPage: true });
  const sw = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  console.log(p, sw, (await page.innerText('main')).slice(0, 1500).replace(/\n+/g, ' | '));
}
await browser.close();

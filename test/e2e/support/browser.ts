import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startNode, type NodeHost } from '../../../src/platform/node';

/**
 * Browser tests drive the machine's own Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH);
 * never a browser downloaded by Playwright. The flags keep Chromium off the network it cannot
 * reach here (background and component updates, sync, QUIC). Playwright itself gives every
 * launch a fresh temporary --user-data-dir and deletes it on close (it refuses the flag in args).
 * Chromium resolves *.localhost to loopback on its own, so no host-resolver rule is needed.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Portal {
  port: number;
  /** http://<slug>.localhost:<port> (no trailing slash). */
  baseUrl(slug: string): string;
  host: NodeHost;
  stop(): Promise<void>;
}

/** The real Node host (`npm start`) on a free loopback port, over a throwaway libSQL file, demo tenant seeded. */
export async function startPortal(env: Record<string, string | undefined> = {}): Promise<Portal> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const port = await freePort();
  let host: NodeHost;
  try {
    host = await startNode({ PORT: String(port), DATABASE_URL: `file:${join(dir, 'e2e.db')}`, LOG_LEVEL: 'error', ...env });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    baseUrl: (slug) => `http://${slug}.localhost:${port}`,
    host,
    async stop() {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  /** The passkeys the authenticator holds (credentialId is base64, not base64url). */
  credentials(): Promise<{ credentialId: string; isResidentCredential: boolean; rpId?: string; userHandle?: string; signCount: number }[]>;
  remove(): Promise<void>;
}

/**
 * A platform authenticator with a resident-key store that verifies the user and approves every
 * prompt at once, through the DevTools WebAuthn domain (no UI in headless Chromium).
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
  };
}

/**
 * Collects console errors and uncaught page errors. CSP violations (a blocked inline script or
 * style, eval, a foreign origin) are reported by Chromium as console errors, so an empty list
 * also means the page kept to the policy.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/**
 * For a describe block: the real portal and Chromium, started before its tests and stopped after.
 * Read them inside tests (they exist once beforeAll has run).
 */
export function usePortalAndBrowser(slug = 'demo') {
  const ctx = {} as { portal: Portal; browser: Browser; base: string };
  beforeAll(async () => {
    [ctx.portal, ctx.browser] = await Promise.all([startPortal(), launchChromium()]);
    ctx.base = ctx.portal.baseUrl(slug);
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.portal?.stop();
  });
  return ctx;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; returns serious and critical violations as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Injected through the DevTools protocol (page.evaluate), which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}


/** Signs the demo borrower in with their password, as a person does, and waits for the page. */
export async function signInAsDemoBorrower(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('jordan.rivera@example.com');
  await page.getByLabel('Password').fill('Sunrise-Borrower-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState('load');
}

/**
 * The newest sign-in code emailed by the portal, read as a person would from the local outbox
 * (`/dev/outbox`, in another tab); waits for the email queue to deliver it.
 */
export async function latestSignInCode(browser: Browser, base: string): Promise<string> {
  const outbox = await browser.newPage();
  try {
    for (let i = 0; i < 40; i++) {
      await outbox.goto(`${base}/dev/outbox`);
      const code = /sign-in code: (\d{6})/.exec(await outbox.content())?.[1];
      if (code) return code;
      await outbox.waitForTimeout(250);
    }
    throw new Error('no sign-in code arrived in the outbox');
  } finally {
    await outbox.close();
  }
}

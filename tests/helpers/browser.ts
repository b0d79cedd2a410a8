/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), headless, on a fresh
 * profile that is deleted on close. Pages collect what would show in the console as errors (CSP
 * violations among them), so a test can assert that there were none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** the size the pages are made for */
export const VIEWPORT = { width: 1366, height: 768 };

export interface TestBrowser {
  context: BrowserContext;
  /** a new tab that records console errors and uncaught exceptions in `problems` */
  page(): Promise<Page & { problems: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async page() {
      const page = (await context.newPage()) as Page & { problems: string[] };
      page.problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error') page.problems.push(message.text());
      });
      page.on('pageerror', (error) => page.problems.push(error.message));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a page of the gateway and signs in by pasting the token, as a user would. */
export async function openSignedIn(
  page: Page,
  gatewayUrl: string,
  route: string,
  token: string,
): Promise<void> {
  await page.goto(new URL(route, gatewayUrl).href);
  await page.getByLabel('访问令牌', { exact: false }).fill(token);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#app').waitFor({ state: 'visible' });
}

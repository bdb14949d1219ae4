import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * axe-core's own source, as @axe-core/playwright finds it. Each JavaScript-on browser gets it as an init
 * script, so it is already in every page when checks.ts asks AxeBuilder to audit: sending the half a
 * megabyte of source over the protocol for every audit took longer than the audit itself.
 */
export const AXE_SOURCE = fs.readFileSync(
  require.resolve('axe-core/axe.min.js', { paths: [path.dirname(require.resolve('@axe-core/playwright'))] }),
  'utf8',
);

/** Debian's Chromium: the suite never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  javaScript: boolean;
  close(): Promise<void>;
}

/**
 * A fresh Chromium with a profile of its own (so no cookies or storage leak between journeys), at a
 * desktop size. `javaScript: false` turns page scripts off for the whole browser, as a person with
 * JavaScript disabled (or a failed script download) would have it.
 */
export async function openBrowser(options: { javaScript: boolean }): Promise<OpenBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    javaScriptEnabled: options.javaScript,
    viewport: { width: 1024, height: 768 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(10000);
  if (options.javaScript) await context.addInitScript(AXE_SOURCE);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    javaScript: options.javaScript,
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs `action` (a click, a key press) and waits for the page it leads to to have loaded. */
export async function andWaitForPage(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

/**
 * Takes screenshots of the main pages so a person can look at them: `npx ts-node`-free, run after a
 * build with `node dist/scripts/screenshots.js <base URL> <out dir>` against a running demo service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

async function main(base: string, out: string) {
  fs.mkdirSync(out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1100, height: 900 },
  });
  const page = await context.newPage();
  const shot = async (name: string) =>
    page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  try {
    await page.goto(`${base}/apply`);
    await shot('01-start');
    await page.click('text=Start now');
    await page.click('button:has-text("Continue")');
    await shot('02-error');
    await page.check('input[value=myself]');
    await page.click('button:has-text("Continue")');
    await page.check('input[value="12"]');
    await page.click('button:has-text("Continue")');
    await page.fill('#fullName', 'Margaret Jones');
    await page.click('button:has-text("Continue")');
    await page.fill('#dateOfBirth-day', '17');
    await page.fill('#dateOfBirth-month', '5');
    await page.fill('#dateOfBirth-year', '1948');
    await page.click('button:has-text("Continue")');
    await page.fill('#addressLine1', '12 High Street');
    await page.fill('#town', 'Demo Town');
    await page.fill('#postcode', 'sw1a 1aa');
    await page.click('button:has-text("Continue")');
    await shot('03-check-answers');
    await page.click('button:has-text("Continue")');
    await page.check('input[name=confirm]');
    await page.click('button:has-text("Accept and send")');
    await shot('04-confirmation');
    await page.goto(`${base}/staff/sign-in`);
    await page.fill('#email', 'decision.maker@example.gov.uk');
    await page.fill('#password', 'demo-password-change-me');
    await page.click('button:has-text("Sign in")');
    await shot('05-cases');
    await page.click('table a >> nth=0');
    await page.click('text=Start assessment');
    await page.click('button:has-text("Start assessment")');
    await page.click('a:has-text("Approve")');
    await shot('06-approve');
    await page.click('button:has-text("Approve and order badge")');
    await shot('07-case-approved');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main(process.argv[2] ?? 'http://localhost:3000', process.argv[3] ?? 'test-artefacts/screenshots').catch(
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

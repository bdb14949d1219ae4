/**
 * Screenshots of a persona's whole journey so a person can look at the pages. Run against a running
 * service (`npm start` in another terminal):
 *   npm run build && node dist/scripts/screenshots.js http://localhost:3000 test-artefacts/screenshots [persona number]
 * Uses playwright-core with Debian's Chromium; never downloads a browser.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { applicationPages } from '../workflows/application/pages';
import { PERSONAS, type PersonaStep } from '../workflows/application/personas';
import type { Answers, Field } from '../workflows/forms/fields';
import type { JourneyPage } from '../workflows/journey/pages';

const pages = applicationPages as Record<string, JourneyPage>;

async function fill(page: Page, fields: readonly Field[], answers: Answers) {
  for (const [name, value] of Object.entries(answers)) {
    const field = fields.find((candidate) => candidate.name === name);
    if (!field) continue;
    if (field.kind === 'radios') await page.check(`input[name="${name}"][value="${value}"]`);
    else if (field.kind === 'checkboxes') {
      for (const one of value.split(',')) await page.check(`input[name="${name}"][value="${one}"]`);
    } else if (field.kind === 'checkbox') await page.check(`input[name="${name}"]`);
    else if (field.kind === 'date') {
      const [year, month, day] = value.split('-');
      await page.fill(`#${name}-day`, String(Number(day)));
      await page.fill(`#${name}-month`, String(Number(month)));
      await page.fill(`#${name}-year`, year);
    } else await page.fill(`#${name}`, value);
  }
  await page.click('form button.govuk-button');
}

async function step(page: Page, base: string, item: PersonaStep) {
  const definition = pages[item.state];
  if ('items' in item) {
    for (const answers of item.items) {
      await page.check('input[name="addAnother"][value="yes"]');
      await page.click('form button.govuk-button');
      await fill(page, definition.itemFields!, answers);
    }
    await page.check('input[name="addAnother"][value="no"]');
    await page.click('form button.govuk-button');
    return;
  }
  if ('files' in item) {
    for (const name of item.files) {
      await page.setInputFiles('#file', path.join(__dirname, '..', 'test', 'fixtures', 'evidence', name));
      await page.click('button[value="upload"]');
    }
    await page.click('button[value="continue"]');
    return;
  }
  if (!page.url().endsWith(`/apply/${definition.path}`)) await page.goto(`${base}/apply/${definition.path}`);
  await fill(page, definition.fields, item.answers);
}

async function main(base: string, out: string, personaIndex: number) {
  fs.mkdirSync(out, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1100, height: 900 },
  });
  const page = await context.newPage();
  let count = 0;
  const shot = async (name: string) =>
    page.screenshot({
      path: path.join(out, `${String(++count).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  try {
    await page.goto(`${base}/apply`);
    await shot('start');
    await page.click('form button.govuk-button');
    for (const item of PERSONAS[personaIndex].steps) {
      await shot(item.state);
      await step(page, base, item);
    }
    await shot('end');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main(
  process.argv[2] ?? 'http://localhost:3000',
  process.argv[3] ?? 'test-artefacts/screenshots',
  Number(process.argv[4] ?? 3),
).catch((error) => {
  console.error(error);
  process.exit(1);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { startKit } from './support/kit';

it('spike', async () => {
  const kit = await startKit();
  for (const js of [true, false]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-browser-'));
    const t0 = Date.now();
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      javaScriptEnabled: js,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    console.log('launch', Date.now() - t0);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => console.log('console', m.type(), m.text()));
    await page.goto(`${kit.baseUrl}/apply`);
    const t1 = Date.now();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
      .analyze();
    console.log(js, 'axe', Date.now() - t1, results.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]));
    console.log(await page.evaluate(() => document.body.className));
    const t2 = Date.now();
    await page.screenshot({ path: `/tmp/spike/start-${js}.png`, fullPage: true });
    console.log('shot', Date.now() - t2);
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await kit.stop();
});

import { andWaitForPage } from './support/browser';
import { expectAt } from './support/citizen';
import { setUp } from './support/suites';

/**
 * The living process maps (/process) in a real browser, with and without JavaScript: the index, a map with
 * its diagram (an SVG image, which must load under the kit's CSP) and its steps in words, and the Welsh
 * page chrome, each page through axe and the page checks (no console errors, CSP refusals or failed loads).
 */
for (const javaScript of [true, false]) {
  describe(`process maps, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const suite = setUp({ javaScript });

    it('lists the workflows and shows each map as a diagram and in words, in English and Welsh', async () => {
      const kit = suite.kit();
      const { page } = await suite.browser();
      const checks = suite.checks('process', 'maps');

      await page.goto(`${kit.baseUrl}/process`);
      await checks.check(page, 'index');
      await andWaitForPage(page, () => page.getByRole('link', { name: 'case', exact: true }).click());
      await expectAt(page, '/process/case');
      await checks.check(page, 'case');
      const image = page.getByRole('img', { name: /Diagram of the case process/ });
      await expect(
        image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).resolves.toBe(true);
      await expect(page.getByRole('heading', { name: 'assessing' })).toBeDefined();
      await expect(page.locator('main').innerText()).resolves.toContain('Decision maker and above');

      await page.goto(`${kit.baseUrl}/process/application`);
      await checks.check(page, 'application');

      checks.language = 'cy';
      await page.goto(`${kit.baseUrl}/process/badge?lang=cy`);
      await checks.check(page, 'badge-welsh');
      await expect(page.locator('h1').innerText()).resolves.toBe('Map proses: badge');
    });
  });
}

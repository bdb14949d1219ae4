import type { Page } from 'playwright-core';
import { andWaitForPage } from './support/browser';
import { expectAt } from './support/citizen';
import { pathOf, pipPersona } from './support/routes';
import { setUp } from './support/suites';

/**
 * "Save and come back later" and returning (issue #5) in a real browser, JavaScript on and off: the
 * button on a question page, the email page (empty, then filled), the confirmation, the emailed link's
 * page in another browser, back on the same page; the code form; the timeout page in Welsh. With
 * JavaScript, the timeout warning opens before the session ends, "Continue" extends it, and the timeout
 * page follows. Every page goes through axe and the page checks.
 */
const PIP = pipPersona();
const FIRST = `/apply/${pathOf(PIP.steps[0].state)}`;

for (const javaScript of [true, false]) {
  describe(`save and return, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const suite = setUp({ javaScript });
    const press = (page: Page, name: string) =>
      andWaitForPage(page, () => page.getByRole('button', { name, exact: true }).click());
    const latestEmail = async () => {
      const row = await suite
        .kit()
        .app.kit.db('notifications')
        .where({ template: 'save-and-return' })
        .orderBy('created_at', 'desc')
        .first();
      return JSON.parse(row.personalisation) as { link: string; code: string };
    };

    it('saves from a question page and comes back with the link, then with the code', async () => {
      const kit = suite.kit();
      const { page } = await suite.browser();
      const checks = suite.checks('save-return', 'save');

      await page.goto(`${kit.baseUrl}/apply`);
      await checks.check(page, 'start');
      await press(page, 'Start now');
      await expectAt(page, FIRST);
      await press(page, 'Save and come back later');
      await expectAt(page, '/apply/save');
      await checks.check(page, 'email');
      await press(page, 'Save and send email');
      await checks.check(page, 'email-empty', { errorSummary: true });
      await page.getByLabel('Email address').fill('ann@example.com');
      await press(page, 'Save and send email');
      await expectAt(page, '/apply/saved');
      await checks.check(page, 'saved');
      const { link } = await latestEmail();

      const { page: later } = await suite.browser();
      await later.goto(link);
      await checks.check(later, 'link');
      await press(later, 'Continue your application');
      await expectAt(later, FIRST);
      await checks.check(later, 'returned');

      // Saved again from the new browser, then back with the code.
      await press(later, 'Save and come back later');
      await later.getByLabel('Email address').fill('ann@example.com');
      await press(later, 'Save and send email');
      await expectAt(later, '/apply/saved');
      const { code } = await latestEmail();
      const { page: third } = await suite.browser();
      await third.goto(`${kit.baseUrl}/apply`);
      await andWaitForPage(third, () =>
        third.getByRole('link', { name: 'Return to a saved application' }).click(),
      );
      await expectAt(third, '/return');
      await checks.check(third, 'return');
      await third.getByLabel('Email address').fill('ann@example.com');
      await third.getByLabel('Code').fill('WRNG-CODE');
      await press(third, 'Continue');
      await checks.check(third, 'return-wrong', { errorSummary: true });
      await third.getByLabel('Code').fill(code);
      await press(third, 'Continue');
      await expectAt(third, FIRST);

      // The used link says so plainly.
      await later.goto(link);
      await checks.check(later, 'link-used');
      await expect(later.locator('h1').innerText()).resolves.toBe('This link has already been used');

      checks.language = 'cy';
      await third.goto(`${kit.baseUrl}/session-timeout?lang=cy`);
      await checks.check(third, 'timeout-welsh');
      await expect(third.locator('h1').innerText()).resolves.toBe('Mae eich cais wedi dod i ben');
    });

    if (javaScript) {
      it('warns before the session ends, extends it on Continue, and shows the timeout page after', async () => {
        const kit = suite.kit();
        const { page } = await suite.browser();
        const checks = suite.checks('save-return', 'timeout');
        await page.clock.install();
        await page.goto(`${kit.baseUrl}/apply`);
        await press(page, 'Start now');
        await expectAt(page, FIRST);
        const dialog = page.locator('dialog[data-module="app-timeout-warning"]');
        await expect(dialog.isVisible()).resolves.toBe(false);

        await page.clock.fastForward('55:01');
        await dialog.waitFor({ state: 'visible' });
        await checks.check(page, 'warning');
        const keptAlive = page.waitForResponse((response) => response.url().endsWith('/session/keep-alive'));
        await page.getByRole('button', { name: 'Continue with your application' }).click();
        expect((await keptAlive).status()).toBe(204);
        await dialog.waitFor({ state: 'hidden' });

        // A fresh hour from Continue: no timeout at the old time; the warning, then the timeout page.
        await page.clock.fastForward('10:00');
        await expectAt(page, FIRST);
        await andWaitForPage(page, () => page.clock.fastForward('01:00:00'));
        await expectAt(page, '/session-timeout');
        await checks.check(page, 'timed-out');
      });
    }
  });
}

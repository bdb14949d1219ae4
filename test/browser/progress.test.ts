import type { Page } from 'playwright-core';
import { PERSONAS } from '../../workflows/application/personas';
import { sendApplication } from '../helpers/journey';
import { Browser as HttpBrowser } from '../helpers/test-app';
import { andWaitForPage } from './support/browser';
import { expectAt } from './support/citizen';
import { answerOf, pipPersona } from './support/routes';
import { setUp } from './support/suites';

/**
 * "Check the progress of your application" (issue #5) in a real browser, with and without JavaScript:
 * the empty form's errors, a mismatch, the stage shown for a match, and the same in Welsh — every page
 * through axe and the page checks.
 */
const PIP = pipPersona();
const ORGANISATION = PERSONAS.find((p) => p.steps.some((step) => step.state === 'orgName'))!;
const [year, month, day] = answerOf(PIP, 'dateOfBirth', 'dateOfBirth')!.split('-');
const POSTCODE = answerOf(PIP, 'address', 'postcode')!;

for (const javaScript of [true, false]) {
  describe(`checking progress, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const suite = setUp({ javaScript });

    async function fill(page: Page, reference: string, postcode: string, welsh = false) {
      await page.getByLabel(welsh ? 'Cyfeirnod y cais' : 'Application reference').fill(reference);
      await page.locator('#dateOfBirth-day').fill(String(Number(day)));
      await page.locator('#dateOfBirth-month').fill(String(Number(month)));
      await page.locator('#dateOfBirth-year').fill(year);
      await page.getByLabel(welsh ? 'Cod post' : 'Postcode', { exact: true }).fill(postcode);
    }
    const press = (page: Page, name: string) =>
      andWaitForPage(page, () => page.getByRole('button', { name, exact: true }).click());

    it('finds an application by its reference, date of birth and postcode, in English and Welsh', async () => {
      const kit = suite.kit();
      const reference = await sendApplication(new HttpBrowser(kit.app), PIP);
      const { page } = await suite.browser();
      const checks = suite.checks('progress', 'check-progress');

      await page.goto(`${kit.baseUrl}/apply`);
      await andWaitForPage(page, () =>
        page.getByRole('link', { name: 'Check the progress of your application' }).click(),
      );
      await expectAt(page, '/check-progress');
      await checks.check(page, 'form');
      await press(page, 'Check progress');
      await checks.check(page, 'form-empty', { errorSummary: true });
      await fill(page, reference, 'M1 1AE');
      await press(page, 'Check progress');
      await checks.check(page, 'no-match', { errorSummary: true });
      await fill(page, reference.toLowerCase(), POSTCODE.toLowerCase());
      await press(page, 'Check progress');
      await checks.check(page, 'result');
      await expect(page.locator('main').innerText()).resolves.toContain('Received');

      checks.language = 'cy';
      await page.goto(`${kit.baseUrl}/check-progress?lang=cy`);
      await checks.check(page, 'form-welsh');
      await fill(page, reference, POSTCODE, true);
      await press(page, 'Gwirio’r hynt');
      await checks.check(page, 'result-welsh');
      await expect(page.locator('main').innerText()).resolves.toContain('Wedi dod i law');
    });

    it('finds an organisation’s application by its reference, name and postcode', async () => {
      const kit = suite.kit();
      const reference = await sendApplication(new HttpBrowser(kit.app), ORGANISATION);
      const { page } = await suite.browser();
      const checks = suite.checks('progress', 'check-progress-organisation');

      await page.goto(`${kit.baseUrl}/check-progress`);
      await andWaitForPage(page, () =>
        page.getByRole('link', { name: /Applied for an organisation’s badges/ }).click(),
      );
      await expectAt(page, '/check-progress/organisation');
      await checks.check(page, 'form');
      await press(page, 'Check progress');
      await checks.check(page, 'form-empty', { errorSummary: true });
      await page.getByLabel('Application reference').fill(reference);
      await page.getByLabel('Organisation name').fill(answerOf(ORGANISATION, 'orgName', 'organisationName')!);
      await page
        .getByLabel('Postcode', { exact: true })
        .fill(answerOf(ORGANISATION, 'orgAddress', 'postcode')!);
      await press(page, 'Check progress');
      await checks.check(page, 'result');
      await expect(page.locator('main').innerText()).resolves.toContain('Received');
    });
  });
}

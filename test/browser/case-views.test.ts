import { sendApplication } from '../helpers/journey';
import { addStaff, Browser as HttpBrowser, STAFF_PASSWORD } from '../helpers/test-app';
import { andWaitForPage } from './support/browser';
import { expectAt } from './support/citizen';
import { pipPersona } from './support/routes';
import { Officer } from './support/staff';
import { setUp } from './support/suites';

/** The staff audit of who opened a case, reached from the case page, with JavaScript on and off. */
for (const javaScript of [true, false]) {
  describe(`who has viewed a case (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    const suite = setUp({ javaScript });
    const email = 'team.manager@test.gov.uk';

    it('a team manager opens a case, then the list of who has viewed it', async () => {
      await addStaff(suite.kit().app, 'team-manager', email);
      const reference = await sendApplication(new HttpBrowser(suite.kit().app), pipPersona());
      const { page } = await suite.browser();
      const checks = suite.checks('staff', 'case-views');
      const officer = new Officer(page, checks, suite.kit().baseUrl);
      await officer.signIn(email, STAFF_PASSWORD, { errors: false });
      await officer.openCase(reference);
      await andWaitForPage(page, () => page.getByRole('link', { name: 'Who has viewed this case' }).click());
      await expectAt(page, `/staff/cases/${reference}/views`);
      await checks.check(page, 'case-views');
      const rows = page.locator('.govuk-table__body .govuk-table__row');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain('Test team-manager');
    });
  });
}

/// <reference lib="dom" />
import { expectAt } from './support/citizen';
import { keyboard, tabTo, expectVisibleFocus } from './support/keyboard';
import { keyboardJourney } from './support/suites';

/**
 * A whole application with only the keyboard (Tab, arrows, Space, Enter), with JavaScript on: focus is
 * visible at every stop, the error summary takes focus and its links lead to the fields.
 */
const journey = keyboardJourney(keyboard);

it('the skip link is the first Tab stop, shows when focused and leads to the main content', async () => {
  const { page } = await journey.suite.browser();
  await page.goto(`${journey.suite.kit().baseUrl}/apply`);
  await page.keyboard.press('Tab');
  const focus = await expectVisibleFocus(page);
  expect(focus.description).toContain('govuk-skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main-content');
  await tabTo(page, '.govuk-button--start', 'the Start now button');
  await page.keyboard.press('Enter');
  await expectAt(page, '/apply/who-is-applying');
});

it('a resident applies with only the keyboard', async () => {
  const { reference } = await journey.run();
  expect(reference).toMatch(/^BB-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
});

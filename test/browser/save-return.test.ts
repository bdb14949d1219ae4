import type { BrowserContext, Page } from 'playwright-core';
import {
  receivedFrom,
  startNotifyStandIn,
  throughStandIn,
  type NotifyStandIn,
} from '../helpers/notify-stand-in';
import { andWaitForPage } from './support/browser';
import { expectAt } from './support/citizen';
import { pathOf, pipPersona } from './support/routes';
import { setUp } from './support/suites';

/**
 * "Save and come back later" and returning (issue #5) in a real browser, JavaScript on and off: the
 * button on a question page, the email page (empty, then filled), the confirmation, the emailed link's
 * page in another browser, back on the same page; the code form; the timeout page in Welsh. With
 * JavaScript, the timeout warning opens before the session ends, "Continue" extends it, and the timeout
 * page follows, and two tabs keep to the one session's time (BroadcastChannel, or localStorage where there is
 * none). Every page goes through axe and the page checks. The emails go to a GOV.UK Notify stand-in: the
 * outbox keeps no link or code to read.
 */
const PIP = pipPersona();
const FIRST = `/apply/${pathOf(PIP.steps[0].state)}`;

/** The tabs' messages (app/public/javascripts/timeout-warning.js): its channel and localStorage key. */
const TAB_CHANNEL = 'app-session-timeout';
type TabMessages = 'BroadcastChannel' | 'localStorage';

/** Takes BroadcastChannel away from every page of the browser, as in one without it. */
const withoutBroadcastChannel = (context: BrowserContext) =>
  context.addInitScript(() => {
    delete (window as { BroadcastChannel?: unknown }).BroadcastChannel;
  });

/** Another tab of the service without the warning (the timeout page): records what the tabs say. */
async function listenAsAnotherTab(page: Page, via: TabMessages) {
  await page.evaluate(
    ([channel, via]) => {
      const heard: unknown[] = [];
      (window as unknown as { heard: unknown[] }).heard = heard;
      if (via === 'BroadcastChannel')
        new BroadcastChannel(channel).addEventListener('message', (event) => heard.push(event.data));
      else
        window.addEventListener('storage', (event) => {
          if (event.key === channel && event.newValue) heard.push(JSON.parse(event.newValue));
        });
    },
    [TAB_CHANNEL, via] as const,
  );
  return async () => page.evaluate(() => (window as unknown as { heard: Array<{ type: string }> }).heard);
}

/** Says, as a tab whose session timed out would, that it has. */
const announceTimeout = (page: Page, via: TabMessages) =>
  page.evaluate(
    ([channel, via]) => {
      const message = { type: 'timeout', at: Date.now() };
      if (via === 'BroadcastChannel') new BroadcastChannel(channel).postMessage(message);
      else localStorage.setItem(channel, JSON.stringify({ ...message, nonce: Math.random() }));
    },
    [TAB_CHANNEL, via] as const,
  );

for (const javaScript of [true, false]) {
  describe(`save and return, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    let notify: NotifyStandIn;
    beforeAll(async () => {
      notify = await startNotifyStandIn();
    });
    afterAll(() => notify.close());
    const suite = setUp({ javaScript, app: () => throughStandIn(notify) });
    const press = (page: Page, name: string) =>
      andWaitForPage(page, () => page.getByRole('button', { name, exact: true }).click());
    const latestEmail = async () => {
      await suite.kit().app.kit.notifications.idle();
      return receivedFrom(notify, 'saveAndReturn').at(-1)!.personalisation as { link: string; code: string };
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

      for (const via of ['BroadcastChannel', 'localStorage'] as const) {
        it(`keeps two tabs to the one session's time, through ${via}`, async () => {
          const kit = suite.kit();
          const { context, page: first } = await suite.browser();
          const checks = suite.checks('save-return', `tabs-${via}`);
          if (via === 'localStorage') await withoutBroadcastChannel(context);
          await first.clock.install(); // the browser's clock: every tab's
          await first.goto(`${kit.baseUrl}/apply`);
          await press(first, 'Start now');
          await expectAt(first, FIRST);
          const second = await context.newPage();
          await second.goto(`${kit.baseUrl}${FIRST}`);
          await checks.check(second, 'second-tab');
          const dialogOf = (page: Page) => page.locator('dialog[data-module="app-timeout-warning"]');
          await expect(
            second.evaluate(() => typeof (window as { BroadcastChannel?: unknown }).BroadcastChannel),
          ).resolves.toBe(via === 'BroadcastChannel' ? 'function' : 'undefined');

          // Activity in the second tab half an hour on: the first does not warn at its own 55 minutes.
          await first.clock.fastForward('30:00');
          await andWaitForPage(second, () => second.reload());
          await first.clock.fastForward('26:00');
          await expect(dialogOf(first).isVisible()).resolves.toBe(false);
          await expect(dialogOf(second).isVisible()).resolves.toBe(false);

          // 55 minutes after that activity both warn; "Continue" in one takes the warning from the other.
          await first.clock.fastForward('29:01');
          await dialogOf(first).waitFor({ state: 'visible' });
          await dialogOf(second).waitFor({ state: 'visible' });
          await checks.check(first, 'warning-both-tabs');
          const keptAlive = first.waitForResponse((r) => r.url().endsWith('/session/keep-alive'));
          await first.getByRole('button', { name: 'Continue with your application' }).click();
          expect((await keptAlive).status()).toBe(204);
          await dialogOf(first).waitFor({ state: 'hidden' });
          await dialogOf(second).waitFor({ state: 'hidden' });

          // The session times out: both tabs go to the timeout page, and the tab that reached it said so.
          const other = await context.newPage();
          await other.goto(`${kit.baseUrl}/session-timeout`);
          const heard = await listenAsAnotherTab(other, via);
          await Promise.all([
            first.waitForURL(/\/session-timeout/),
            second.waitForURL(/\/session-timeout/),
            first.clock.fastForward('01:00:00'),
          ]);
          expect((await heard()).map((message) => message.type)).toContain('timeout');
          await checks.check(second, 'timed-out-second-tab');

          // A timeout another tab announces sends a tab there at once, before its own time.
          await first.goto(`${kit.baseUrl}${FIRST}`);
          await expectAt(first, FIRST);
          // A minute on, so the announcing tab's last activity is not before this one's (each page's fake
          // clock is its own, a few milliseconds apart; real tabs share one).
          await first.clock.fastForward('01:00');
          await Promise.all([first.waitForURL(/\/session-timeout/), announceTimeout(other, via)]);
        });
      }
    }
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { KitApp } from '../../app/app';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider';
import { addStaff, buildTestApp, STAFF_PASSWORD } from '../helpers/test-app';
import { andWaitForPage, openBrowser, type OpenBrowser } from './support/browser';
import { PageChecks } from './support/checks';
import { expectAt } from './support/citizen';

/**
 * Single sign-on and the council settings page in a real browser: an officer signs on through a real
 * OpenID provider (its own quick-start login and consent pages) and an administrator reads the
 * settings. The kit's pages are checked (axe, WCAG 2.2 AA); the provider's pages are not the kit's.
 */
const GROUP = 'assessors-group';
let provider: TestProvider;
let app: KitApp;
let server: Server;
let baseUrl: string;
const browsers: OpenBrowser[] = [];

beforeAll(async () => {
  // The kit's address must be known before the provider registers its redirect URI.
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${baseUrl}/staff/sso/callback`;
  provider = await startTestProvider([
    {
      client_id: 'kit',
      client_secret: 'browser-test-client-secret',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ]);
  app = await buildTestApp({
    sso: {
      issuer: provider.issuer,
      clientId: 'kit',
      clientSecret: 'browser-test-client-secret',
      redirectUri,
      groupClaim: 'groups',
      roleGroups: [{ role: 'assessor', group: GROUP }],
      allowPasswordSignIn: true,
    },
  });
  server.on('request', app);
});
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((browser) => browser.close()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.kit.close();
  await provider.stop();
});

async function browser() {
  const opened = await openBrowser({ javaScript: true });
  browsers.push(opened);
  return opened.page;
}

const checksFor = (name: string) =>
  new PageChecks(`staff-sso-js-${name}`, { javaScript: true, translations: app.kit.translations });

/** At the provider: its login page (any login is the account id), then its consent page. */
async function signInAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await andWaitForPage(page, () => page.locator('button[type="submit"]').click());
  await andWaitForPage(page, () => page.locator('button[type="submit"]').first().click());
}

it('an officer signs on with the council account and lands on the cases', async () => {
  await provider.setAccount('browser-officer', {
    email: 'officer@test.gov.uk',
    name: 'Olu Officer',
    groups: [GROUP],
  });
  const page = await browser();
  const before = checksFor('sign-on');
  await page.goto(`${baseUrl}/staff/sign-in`);
  await before.check(page, 'sign-in');
  await andWaitForPage(page, () =>
    page.getByRole('button', { name: 'Sign in with your Test Council account' }).click(),
  );
  expect(page.url().startsWith(provider.issuer)).toBe(true);
  await signInAtProvider(page, 'browser-officer');
  await expectAt(page, '/staff/cases');
  // A fresh set of checks: the provider's pages (not the kit's) are not held to the kit's rules.
  await checksFor('signed-on').check(page, 'cases');
  expect(await page.content()).toContain('Signed in as Olu Officer');
});

it('someone in no mapped group sees a clear refusal page', async () => {
  await provider.setAccount('browser-stranger', { email: 'stranger@test.gov.uk', groups: ['other'] });
  const page = await browser();
  await page.goto(`${baseUrl}/staff/sign-in`);
  await andWaitForPage(page, () =>
    page.getByRole('button', { name: 'Sign in with your Test Council account' }).click(),
  );
  await signInAtProvider(page, 'browser-stranger');
  const checked = await checksFor('refused').check(page, 'refused');
  expect(checked.title).toContain('You cannot sign in');
});

it('an administrator reads the council settings', async () => {
  const admin = await addStaff(app, 'administrator', 'settings-admin@test.gov.uk');
  const page = await browser();
  const checks = checksFor('settings');
  await page.goto(`${baseUrl}/staff/sign-in`);
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await andWaitForPage(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
  await expectAt(page, '/staff/cases');
  await andWaitForPage(page, () => page.getByRole('link', { name: 'Settings', exact: true }).click());
  await expectAt(page, '/staff/settings');
  const checked = await checks.check(page, 'settings');
  expect(checked.violations).toEqual([]);
});

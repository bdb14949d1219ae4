import request from 'supertest';
import type { KitApp } from '../../../app/app';
import type { SsoConfig } from '../../../app/config-sso';
import { NO_PASSWORD } from '../../../app/services/sso';
import { setStaffAccountDisabled } from '../../../app/services/staff';
import { startTestProvider, type TestProvider } from '../../helpers/oidc-provider';
import { addStaff, Browser, buildTestApp, STAFF_PASSWORD } from '../../helpers/test-app';

// A real OpenID provider in a child process, and the whole authorisation-code + PKCE flow through HTTP.
jest.setTimeout(60_000);

const REDIRECT_URI = 'http://kit.test/staff/sso/callback';
const CLIENT = { client_id: 'blue-badge-kit', client_secret: 'a-test-client-secret-0123456789' };
const GROUPS = {
  admins: '7f1c0b44-admins',
  managers: '2a9d51e0-managers',
  assessors: 'c3e8f702-assessors',
  other: 'e0000000-finance',
};

let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider([
    {
      ...CLIENT,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ]);
});
afterAll(() => provider.stop());

function ssoConfig(overrides: Partial<SsoConfig> = {}): SsoConfig {
  return {
    issuer: provider.issuer,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
    redirectUri: REDIRECT_URI,
    groupClaim: 'groups',
    roleGroups: [
      { role: 'administrator', group: GROUPS.admins },
      { role: 'team-manager', group: GROUPS.managers },
      { role: 'assessor', group: GROUPS.assessors },
    ],
    allowPasswordSignIn: true,
    ...overrides,
  };
}

/** Where a redirect goes, resolved against the URL that sent it. */
function next(location: string, from: string): URL {
  return new URL(location, from);
}

/**
 * A person clicks "Sign in with your council account", signs in at the provider as `login` (its
 * quick-start login and consent pages), and comes back: the kit's answer to the callback.
 * `tamper` may change the callback URL first, as an attacker would.
 */
async function signOn(
  browser: Browser,
  login: string,
  options: { cancel?: boolean; tamper?: (callback: URL) => void } = {},
) {
  await browser.get('/staff/sign-in');
  const href = /href="([^"]+)"[^>]*id="sso-sign-in"|id="sso-sign-in"[^>]*href="([^"]+)"/.exec(
    browser.lastHtml,
  );
  const started = await browser.agent.get(href?.[1] ?? href?.[2] ?? 'no sign-on link');
  expect(started.status).toBe(303);
  let url = next(started.headers.location, provider.issuer);
  expect(url.origin).toBe(provider.issuer);
  const atProvider = request.agent(provider.issuer);
  for (let hops = 0; hops < 20; hops += 1) {
    if (url.href.startsWith(REDIRECT_URI)) {
      options.tamper?.(url);
      return browser.get(`${url.pathname}${url.search}`);
    }
    const page = await atProvider.get(`${url.pathname}${url.search}`);
    if (page.status >= 300 && page.status < 400) {
      url = next(page.headers.location, url.href);
      continue;
    }
    expect(page.status).toBe(200);
    const prompt = /name="prompt" value="(\w+)"/.exec(page.text)?.[1];
    if (options.cancel) {
      const aborted = await atProvider.get(`${url.pathname}/abort`);
      url = next(aborted.headers.location, url.href);
      continue;
    }
    const fields: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: String(prompt) };
    const posted = await atProvider.post(url.pathname).type('form').send(fields);
    expect(posted.status).toBeGreaterThanOrEqual(300);
    url = next(posted.headers.location, url.href);
  }
  throw new Error('The sign-on did not come back to the kit');
}

async function signedInRole(app: KitApp, browser: Browser) {
  const cases = await browser.get('/staff/cases');
  if (cases.status !== 200) return undefined;
  return (
    await app.kit
      .db('staff_users')
      .where({ name: /Signed in as ([^<]+)</.exec(cases.text)?.[1] ?? '' })
      .first('role')
  )?.role as string | undefined;
}

async function staffAudit(app: KitApp, id: string) {
  return (await app.kit
    .db('audit_events')
    .where({ entity_type: 'staff', entity_id: id })
    .orderBy('id')
    .select('event', 'actor_type', 'actor_name', 'detail')) as Array<{
    event: string;
    actor_type: string;
    actor_name: string;
    detail: string | null;
  }>;
}

describe('single sign-on with the council’s identity provider', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ sso: ssoConfig() });
  });
  afterAll(() => app.kit.close());

  const account = (where: Record<string, string>) =>
    app.kit.db('staff_users').where(where).first() as Promise<
      | {
          id: string;
          email: string;
          name: string;
          role: string;
          sso_subject: string | null;
          password_hash: string;
          session_version: number | string;
        }
      | undefined
    >;

  it('offers the council account on the sign-in page, beside the password form', async () => {
    const page = await new Browser(app).get('/staff/sign-in');
    expect(page.text).toContain('Sign in with your Test Council account');
    expect(page.text).toMatch(/href="\/staff\/sso\/start"/);
    // Password sign-in stays on unless switched off.
    expect(page.text).toContain('name="password"');
  });

  it('sends an authorisation request with state, nonce and an S256 PKCE challenge', async () => {
    const before = (await provider.authorizations()).length;
    await provider.setAccount('pkce-checker', { email: 'pkce@test.gov.uk', groups: [GROUPS.assessors] });
    const landed = await signOn(new Browser(app), 'pkce-checker');
    expect(landed.status).toBe(303);
    const sent = (await provider.authorizations()).slice(before);
    expect(sent.length).toBeGreaterThan(0);
    const first = sent[0];
    expect(first).toMatchObject({
      response_type: 'code',
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
    });
    // base64url of a SHA-256 digest, and fresh random values, never the same twice.
    expect(first.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(first.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(first.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    await signOn(new Browser(app), 'pkce-checker');
    const again = (await provider.authorizations()).at(-1)!;
    expect(again.code_challenge).not.toBe(first.code_challenge);
    expect(again.nonce).not.toBe(first.nonce);
    expect(again.state).not.toBe(first.state);
  });

  it('creates the account at the first sign-on with the role its groups give, and audits it', async () => {
    await provider.setAccount('sub-ada', {
      email: 'Ada.Admin@Test.gov.uk',
      name: 'Ada Admin',
      groups: [GROUPS.other, GROUPS.admins],
    });
    const browser = new Browser(app);
    const landed = await signOn(browser, 'sub-ada');
    expect(landed.status).toBe(303);
    expect(landed.headers.location).toBe('/staff/cases');
    const row = await account({ sso_subject: 'sub-ada' });
    expect(row).toMatchObject({ email: 'ada.admin@test.gov.uk', name: 'Ada Admin', role: 'administrator' });
    // No password to guess: the kit's own sign-in never accepts one for this account.
    expect(row!.password_hash).toBe(NO_PASSWORD);
    expect(await signedInRole(app, browser)).toBe('administrator');
    expect((await browser.get('/staff/accounts')).status).toBe(200);
    // "Your account" offers no password to change.
    const own = await browser.get('/staff/account');
    expect(own.text).toContain('so this service keeps no password for you');
    expect(own.text).not.toContain('name="currentPassword"');
    const audit = await staffAudit(app, row!.id);
    expect(audit.map((a) => a.event)).toEqual(['ACCOUNT_CREATED', 'SIGNED_ON']);
    expect(audit[0]).toMatchObject({ actor_type: 'system', actor_name: 'single sign-on' });
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ role: 'administrator' });
  });

  it('gives the highest role when the person is in several mapped groups', async () => {
    await provider.setAccount('sub-tom', {
      email: 'tom@test.gov.uk',
      name: 'Tom Manager',
      groups: [GROUPS.assessors, GROUPS.managers],
    });
    const browser = new Browser(app);
    await signOn(browser, 'sub-tom');
    expect(await signedInRole(app, browser)).toBe('team-manager');
    // A team manager is no administrator.
    expect((await browser.get('/staff/accounts')).status).toBe(403);
  });

  it('changes the role at the next sign-on when the groups have changed, and audits the change', async () => {
    await provider.setAccount('sub-sam', {
      email: 'sam@test.gov.uk',
      name: 'Sam',
      groups: [GROUPS.assessors],
    });
    const first = new Browser(app);
    await signOn(first, 'sub-sam');
    expect(await signedInRole(app, first)).toBe('assessor');
    await provider.setAccount('sub-sam', {
      email: 'sam@test.gov.uk',
      name: 'Sam',
      groups: [GROUPS.managers],
    });
    const second = new Browser(app);
    await signOn(second, 'sub-sam');
    expect(await signedInRole(app, second)).toBe('team-manager');
    const row = await account({ sso_subject: 'sub-sam' });
    const changes = (await staffAudit(app, row!.id)).filter((a) => a.event === 'ROLE_CHANGED');
    expect(changes).toHaveLength(1);
    expect(JSON.parse(changes[0].detail!)).toMatchObject({ from: 'assessor', to: 'team-manager' });
  });

  it('refuses someone in no mapped group, with a clear page, and creates no account', async () => {
    await provider.setAccount('sub-fin', { email: 'fin@test.gov.uk', groups: [GROUPS.other] });
    const browser = new Browser(app);
    const refused = await signOn(browser, 'sub-fin');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('not in any group that may use the Blue Badge service');
    expect(await account({ email: 'fin@test.gov.uk' })).toBeUndefined();
    expect((await browser.get('/staff/cases')).headers.location).toBe('/staff/sign-in');
  });

  it('links an existing account by email, and refuses it once an administrator has disabled it', async () => {
    const existing = await addStaff(app, 'assessor', 'dee@test.gov.uk');
    await provider.setAccount('sub-dee', {
      email: 'dee@test.gov.uk',
      email_verified: true,
      name: 'Dee',
      groups: [GROUPS.assessors],
    });
    const browser = new Browser(app);
    await signOn(browser, 'sub-dee');
    expect(await signedInRole(app, browser)).toBe('assessor');
    expect(await account({ id: existing.id })).toMatchObject({ sso_subject: 'sub-dee' });

    const admin = await addStaff(app, 'administrator', 'boss@test.gov.uk');
    await setStaffAccountDisabled(app.kit.db, app.kit.councilId, existing.id, true, admin);
    // Disabling ends the session they had…
    expect((await browser.get('/staff/cases')).headers.location).toBe('/staff/sign-in');
    // …and the provider's word does not let them back in.
    const refused = await signOn(new Browser(app), 'sub-dee');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('has been disabled');
    // The attempt is on the account's record.
    const attempts = (await staffAudit(app, existing.id)).filter((a) => a.event === 'SIGN_ON_REFUSED');
    expect(attempts).toHaveLength(1);
    expect(JSON.parse(attempts[0].detail!)).toEqual({ reason: 'disabled', subject: 'sub-dee' });
  });

  it('links by email only an address the provider verified, unless the council allows it', async () => {
    const existing = await addStaff(app, 'read-only', 'uma@test.gov.uk');
    await provider.setAccount('sub-uma', { email: 'uma@test.gov.uk', groups: [GROUPS.admins] });
    const refused = await signOn(new Browser(app), 'sub-uma');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('did not confirm the address is yours');
    expect(await account({ id: existing.id })).toMatchObject({ sso_subject: null, role: 'read-only' });

    const trusting = await buildTestApp({ sso: ssoConfig({ linkByEmail: true }) });
    try {
      const same = await addStaff(trusting, 'read-only', 'uma@test.gov.uk');
      const browser = new Browser(trusting);
      await signOn(browser, 'sub-uma');
      expect(await signedInRole(trusting, browser)).toBe('administrator');
      const row = (await trusting.kit.db('staff_users').where({ id: same.id }).first()) as {
        sso_subject: string;
      };
      expect(row.sso_subject).toBe('sub-uma');
    } finally {
      await trusting.kit.close();
    }
  });

  it('refuses a callback whose state does not match the one it sent, and one it never started', async () => {
    await provider.setAccount('sub-eve', { email: 'eve@test.gov.uk', groups: [GROUPS.admins] });
    const browser = new Browser(app);
    const tampered = await signOn(browser, 'sub-eve', {
      tamper: (callback) => callback.searchParams.set('state', 'a-state-the-kit-never-sent'),
    });
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('There is a problem signing you in');
    expect(tampered.text).toContain('could not be checked');
    expect((await browser.get('/staff/cases')).headers.location).toBe('/staff/sign-in');
    expect(await account({ sso_subject: 'sub-eve' })).toBeUndefined();

    // A code sent to someone else's browser (no sign-on started there) is refused too.
    let stolen = '';
    await signOn(new Browser(app), 'sub-eve', {
      tamper: (callback) => {
        stolen = `${callback.pathname}${callback.search}`;
      },
    });
    const elsewhere = await new Browser(app).get(stolen);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('took too long or was started in another window');
  });

  it('answers odd callbacks with a page, never a 500', async () => {
    await provider.setAccount('sub-odd', { email: 'odd@test.gov.uk', groups: [GROUPS.admins] });
    const odd = [
      (url: URL) => url.searchParams.append('code', 'a-second-code'),
      (url: URL) => url.searchParams.set('code', 'not-a-code-the-provider-issued'),
      (url: URL) => url.searchParams.delete('code'),
      (url: URL) => {
        url.search = '?error=server_error&error_description=broken&state=' + url.searchParams.get('state');
      },
    ];
    for (const tamper of odd) {
      const answer = await signOn(new Browser(app), 'sub-odd', { tamper });
      expect(answer.text).toContain('Back to sign in');
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(600);
      expect(answer.status).not.toBe(500);
    }
    expect(await account({ sso_subject: 'sub-odd' })).toBeUndefined();
  });

  it('says so when the person cancels at the provider (error=access_denied)', async () => {
    await provider.setAccount('sub-can', { email: 'can@test.gov.uk', groups: [GROUPS.admins] });
    const cancelled = await signOn(new Browser(app), 'sub-can', { cancel: true });
    expect(cancelled.status).toBe(403);
    expect(cancelled.text).toContain('You did not finish signing in');
    expect(await account({ sso_subject: 'sub-can' })).toBeUndefined();
  });

  it('makes a session like a password sign-in: "sign out everywhere" ends it', async () => {
    await provider.setAccount('sub-kim', { email: 'kim@test.gov.uk', groups: [GROUPS.assessors] });
    const laptop = new Browser(app);
    const phone = new Browser(app);
    await signOn(laptop, 'sub-kim');
    await signOn(phone, 'sub-kim');
    await laptop.get('/staff/account');
    const html = laptop.lastHtml;
    const action = /action="(\/staff\/account\/sign-out-everywhere[^"]*)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    await laptop.submit(action!, {}, { fromPage: '/staff/account' });
    expect((await laptop.get('/staff/cases')).status).toBe(200);
    expect((await phone.get('/staff/cases')).headers.location).toBe('/staff/sign-in');
  });
});

describe('single sign-on settings', () => {
  it('can switch password sign-in off', async () => {
    const app = await buildTestApp({ sso: ssoConfig({ allowPasswordSignIn: false }) });
    try {
      const staff = await addStaff(app, 'administrator');
      const browser = new Browser(app);
      const page = await browser.get('/staff/sign-in');
      expect(page.text).toContain('Sign in with your Test Council account');
      expect(page.text).not.toContain('name="password"');
      const refused = await browser.signIn('', staff.email, STAFF_PASSWORD);
      expect(refused.status).toBe(403);
      expect((await browser.get('/staff/cases')).headers.location).toBe('/staff/sign-in');
    } finally {
      await app.kit.close();
    }
  });

  it('shows a clear page, not an error, when the provider cannot be reached', async () => {
    const errors: unknown[] = [];
    const app = await buildTestApp({
      sso: ssoConfig({ issuer: 'http://127.0.0.1:9' }),
      logError: (error) => errors.push(error),
    });
    try {
      const browser = new Browser(app);
      const started = await browser.get('/staff/sso/start');
      expect(started.status).toBe(503);
      expect(started.text).toContain('not responding');
      expect(errors).toHaveLength(1);
    } finally {
      await app.kit.close();
    }
  });

  it('has no single sign-on routes or button when it is not configured', async () => {
    const app = await buildTestApp();
    try {
      const page = await new Browser(app).get('/staff/sign-in');
      expect(page.text).not.toContain('/staff/sso/start');
      expect((await request(app).get('/staff/sso/callback?code=x&state=y')).headers.location).toBe(
        '/staff/sign-in',
      );
    } finally {
      await app.kit.close();
    }
  });
});

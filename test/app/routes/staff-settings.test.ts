import type { KitApp } from '../../../app/app';
import { ROLES, hasPermission } from '../../../workflows/permissions';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

jest.setTimeout(60_000);

const NOTIFY_KEY = 'notify-key-that-must-never-be-shown-0123456789';
const CLIENT_SECRET = 'oidc-client-secret-that-must-never-be-shown';

describe('the council settings page (/staff/settings)', () => {
  let app: KitApp;
  beforeAll(async () => {
    process.env.NOTIFY_API_KEY = NOTIFY_KEY;
    try {
      app = await buildTestApp({
        council: {
          fee: { amountPence: 1000, onlinePayment: true },
          targets: { routeWeeks: { TERMILL: 2 } },
          decisions: { fourEyes: true },
          letters: { signatoryName: 'Jo Bloggs', signatoryJobTitle: 'Blue Badge manager' },
          council: { contactEmail: 'badges@test.gov.uk' },
        },
        targetWeeks: 10,
        // Online payment needs a GOV.UK Pay key; given as an option, so PAY_API_KEY itself stays unset.
        payApiKey: 'api_test_key_given_as_an_option',
        sso: {
          issuer: 'https://login.example/tenant/v2.0',
          clientId: 'kit',
          clientSecret: CLIENT_SECRET,
          redirectUri: 'https://kit.example/staff/sso/callback',
          groupClaim: 'groups',
          roleGroups: [{ role: 'administrator', group: 'admins-group' }],
          allowPasswordSignIn: true,
        },
      });
    } finally {
      delete process.env.NOTIFY_API_KEY;
    }
  });
  afterAll(() => app.kit.close());

  let people = 0;
  async function signedIn(role: (typeof ROLES)[number]) {
    people += 1;
    const staff = await addStaff(app, role, `${role}-${people}@test.gov.uk`);
    const browser = new Browser(app);
    await browser.signIn('', staff.email);
    return browser;
  }

  const setting = (html: string, key: string) =>
    new RegExp(`data-setting="${key.replace('.', '\\.')}">([^<]*)<`).exec(html)?.[1];

  it('shows an administrator every setting in force, by section, with its description', async () => {
    const browser = await signedIn('administrator');
    const page = await browser.get('/staff/settings');
    expect(page.status).toBe(200);
    for (const heading of [
      'Council',
      'Fee',
      'Target times',
      'Reminders and withdrawal',
      'Decisions',
      'Letters',
    ])
      expect(page.text).toContain(`>${heading}</h2>`);
    expect(page.text).toContain('govuk-summary-list');
    expect(setting(page.text, 'council.name')).toBe('Test Council');
    expect(setting(page.text, 'council.nation')).toBe('england');
    expect(setting(page.text, 'council.contactEmail')).toBe('badges@test.gov.uk');
    expect(setting(page.text, 'council.contactPhone')).toBe('Not set');
    expect(setting(page.text, 'fee.amountPence')).toBe('£10.00');
    expect(setting(page.text, 'fee.onlinePayment')).toBe('Yes');
    expect(setting(page.text, 'targets.decisionWeeks')).toBe('10 weeks');
    expect(setting(page.text, 'targets.routeWeeks')).toBe('TERMILL: 2 weeks');
    expect(setting(page.text, 'reminders.withdrawalDays')).toBe('28 days');
    expect(setting(page.text, 'decisions.fourEyes')).toBe('Yes');
    expect(setting(page.text, 'rules.childAgeReading')).toBe('under-3');
    expect(setting(page.text, 'letters.signatoryName')).toBe('Jo Bloggs');
    // Each with the schema's description.
    expect(page.text).toContain('Weeks before a badge expires that its holder is reminded to reapply.');
    // The navigation offers it.
    expect(page.text).toMatch(/href="\/staff\/settings"/);
  });

  it('says whether each secret is set, never what it is', async () => {
    const browser = await signedIn('administrator');
    const page = await browser.get('/staff/settings');
    expect(page.text).toContain('On, with https://login.example/tenant/v2.0');
    expect(page.text).toMatch(/data-secret="NOTIFY_API_KEY">Set</);
    expect(page.text).toMatch(/data-secret="PAY_API_KEY">Not set</);
    expect(page.text).not.toContain(NOTIFY_KEY);
    expect(page.text).not.toContain(CLIENT_SECRET);
  });

  it('is refused to every other role, and is not in their navigation', async () => {
    const others = ROLES.filter((role) => !hasPermission(role, 'settings:view'));
    expect(others).toEqual(['read-only', 'assessor', 'decision-maker', 'team-manager']);
    for (const role of others) {
      const browser = await signedIn(role);
      const page = await browser.get('/staff/settings');
      expect([role, page.status]).toEqual([role, 403]);
      const cases = await browser.get('/staff/cases');
      expect([role, /href="\/staff\/settings"/.test(cases.text)]).toEqual([role, false]);
    }
    const anonymous = await new Browser(app).get('/staff/settings');
    expect(anonymous.headers.location).toBe('/staff/sign-in');
  });
});

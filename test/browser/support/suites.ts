import type { CreateAppOptions } from '../../../app/app';
import type { Nation } from '../../../workflows/rules/types';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser as HttpBrowser, STAFF_PASSWORD } from '../../helpers/test-app';
import { openBrowser, type OpenBrowser } from './browser';
import { Auditor, PageChecks, type Language } from './checks';
import { applyAs, type Hands, type Seen } from './citizen';
import { startKit, type RunningKit } from './kit';
import { auditKeysOf, headlinePersonas, PERSONAS, pipPersona, type Persona } from './routes';
import { Officer } from './staff';

/** A folder name for a journey: `en-js-england-pip-12-points-for-moving-around`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-|-$/g, '');
}

/**
 * One kit (on a fresh database) for the test file or describe block it is called in, a fresh browser
 * for each journey, and, without JavaScript, the auditor that runs axe on what those pages show.
 */
export function setUp(options: {
  javaScript: boolean;
  nation?: Nation;
  /** More of the kit's options, read when it starts (after the file's earlier beforeAll hooks). */
  app?: () => CreateAppOptions;
}) {
  const { javaScript } = options;
  const mode = javaScript ? 'js' : 'no-js';
  const state: { kit?: RunningKit; auditor?: Auditor; browsers: OpenBrowser[] } = { browsers: [] };

  beforeAll(async () => {
    state.kit = await startKit({ nation: options.nation ?? 'england', ...options.app?.() });
    if (!javaScript) state.auditor = new Auditor();
  });
  afterEach(async () => {
    await Promise.all(state.browsers.splice(0).map((browser) => browser.close()));
  });
  afterAll(async () => {
    await state.auditor?.close();
    await state.kit?.stop();
  });

  return {
    kit: () => state.kit!,
    async browser() {
      const browser = await openBrowser({ javaScript });
      state.browsers.push(browser);
      return browser;
    },
    /** The checks for one journey; its screenshots go to test-artefacts/screenshots/<prefix>-<mode>-<name>. */
    checks(prefix: string, name: string) {
      return new PageChecks(`${prefix}-${mode}-${slug(name)}`, {
        javaScript,
        auditor: state.auditor,
        translations: state.kit!.app.kit.translations,
      });
    },
  };
}

/** BROWSER_AUDIT_EVERY_VISIT=1 audits every page visit, not each distinct page once per file (slower). */
const EVERY_VISIT = process.env.BROWSER_AUDIT_EVERY_VISIT === '1';

/** Nothing seen yet; or, for the persona sweep, what the headline journeys already cover. */
function nothingSeen(coveredBy: Persona[] = []): Seen {
  const keys = coveredBy.flatMap(auditKeysOf);
  return { errors: new Set(keys), pages: EVERY_VISIT ? undefined : new Set(keys) };
}

const REFERENCE = /^BB-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

async function expectSent(suite: ReturnType<typeof setUp>, persona: Persona, reference?: string) {
  if (!persona.expected) {
    expect(reference).toBeUndefined();
    return;
  }
  expect(reference).toMatch(REFERENCE);
  const caseRow = await suite.kit().app.kit.db('cases').where({ reference }).first();
  expect(caseRow?.eligibility_code ?? null).toBe(persona.expected.code);
}

/**
 * Personas applying in English, each page and error state checked; pages of `coveredBy` (audited in
 * another file in the same mode) get the quick checks only.
 */
export function citizenJourneys(options: {
  javaScript: boolean;
  personas: Persona[];
  coveredBy?: Persona[];
}) {
  const suite = setUp(options);
  const seen = nothingSeen(options.coveredBy);

  it.each(options.personas.map((persona) => [persona.name, persona] as const))(
    '%s',
    async (_name, persona) => {
      const { page } = await suite.browser();
      const checks = suite.checks('en', persona.name);
      const { reference } = await applyAs(page, persona, { baseUrl: suite.kit().baseUrl, checks, seen });
      await expectSent(suite, persona, reference);
    },
  );

  if (options.coveredBy) return;
  it('the not-found page, in English and Welsh', async () => {
    const { page } = await suite.browser();
    const checks = suite.checks('en', 'not-found');
    const baseUrl = suite.kit().baseUrl;
    expect((await page.goto(`${baseUrl}/no-such-page`))?.status()).toBe(404);
    await checks.check(page, 'not-found');
    expect((await page.goto(`${baseUrl}/no-such-page?lang=cy`))?.status()).toBe(404);
    checks.language = 'cy';
    await checks.check(page, 'not-found-cymraeg');
  });
}

/** Personas applied for in Welsh, chosen with the header's "Cymraeg" link. */
export function welshJourneys(personas: Persona[]) {
  const suite = setUp({ javaScript: true });
  const seen = nothingSeen();

  it.each(personas.map((persona) => [persona.name, persona] as const))('%s', async (_name, persona) => {
    const { page } = await suite.browser();
    const checks = suite.checks('cy', persona.name);
    const { reference } = await applyAs(page, persona, {
      baseUrl: suite.kit().baseUrl,
      checks,
      seen,
      language: 'cy' satisfies Language,
    });
    await expectSent(suite, persona, reference);
    const translations = suite.kit().app.kit.translations;
    const heading = (await page.locator('h1').innerText()).trim();
    const key = persona.expected ? 'application:submitted.title' : 'application:notEligible.title';
    expect(heading).toBe(translations.translator('cy').t(key));
    expect(heading).not.toBe(translations.translator('en').t(key));
  });
}

/** One journey with only the keyboard (support/keyboard.ts). */
export function keyboardJourney(hands: Hands, persona: Persona = pipPersona()) {
  const suite = setUp({ javaScript: true });
  return {
    suite,
    run: async () => {
      const { page } = await suite.browser();
      const checks = suite.checks('keyboard', persona.name);
      return applyAs(page, persona, { baseUrl: suite.kit().baseUrl, checks, hands, seen: nothingSeen() });
    },
  };
}

/**
 * Every persona not among the headline ones, in its own nation's kit: each page the headline journeys
 * do not reach (or that differs in this nation) audited once, its error state seen once, and every
 * page visited given the quick checks.
 */
export function everyOtherPersona() {
  if (process.env.BROWSER_ALL_PERSONAS !== '1') {
    it.skip('every other persona (set BROWSER_ALL_PERSONAS=1 to run them: a few minutes more)', () =>
      undefined);
    return;
  }
  const headline = new Set(headlinePersonas());
  const others = PERSONAS.filter((persona) => !headline.has(persona));
  const nations = [...new Set(others.map((persona) => persona.nation))];
  describe.each(nations)('in %s', (nation) => {
    const suite = setUp({ javaScript: true, nation });
    // What the headline journeys (citizen.test.ts) audit is not audited again here.
    const seen = nothingSeen(headlinePersonas());
    it.each(others.filter((persona) => persona.nation === nation).map((p) => [p.name, p] as const))(
      '%s',
      async (_name, persona) => {
        const { page } = await suite.browser();
        const checks = suite.checks('all', persona.name);
        const { reference } = await applyAs(page, persona, { baseUrl: suite.kit().baseUrl, checks, seen });
        await expectSent(suite, persona, reference);
      },
    );
  });
}

/** An officer's work on cases, in the back office. */
export function officerJourneys(options: { javaScript: boolean }) {
  const suite = setUp(options);
  const email = 'decision.maker@test.gov.uk';

  beforeAll(async () => {
    await addStaff(suite.kit().app, 'decision-maker', email);
  });

  /** A resident's application, sent over HTTP (the citizen tests check its pages in the browser). */
  const applicationSent = () => sendApplication(new HttpBrowser(suite.kit().app), pipPersona());

  it('an officer signs in, assesses and approves an application, and sees the badge number', async () => {
    const reference = await applicationSent();
    const { page } = await suite.browser();
    const officer = new Officer(page, suite.checks('staff', 'approve'), suite.kit().baseUrl);
    await officer.signIn(email, STAFF_PASSWORD);
    await officer.openCase(reference);
    await officer.startAssessment(reference);
    await officer.checkEvidence(reference);
    const badgeNumber = await officer.approve(reference);
    const badge = await suite.kit().app.kit.db('badges').first();
    expect(badge.badge_number).toBe(badgeNumber);
  });

  it('an officer refuses an application with a reason', async () => {
    const reference = await applicationSent();
    const { page } = await suite.browser();
    const officer = new Officer(page, suite.checks('staff', 'refuse'), suite.kit().baseUrl);
    await officer.signIn(email, STAFF_PASSWORD, { errors: false });
    await officer.openCase(reference);
    await officer.startAssessment(reference);
    await officer.checkEvidence(reference);
    await officer.refuse(reference, 'The Personal Independence Payment award has ended.');
    const caseRow = await suite.kit().app.kit.db('cases').where({ reference }).first();
    expect(caseRow.state).toBe('decided.refused');
  });
}

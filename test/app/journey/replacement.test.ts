import type { KitApp } from '../../../app/app';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { todayInUk } from '../../../workflows/rules/dates';
import { examplePath, type ExampleStep } from '../../../workflows/journey/example-path';
import type { JourneyPage } from '../../../workflows/journey/pages';
import {
  replacementCutOff,
  replacementMachine,
  type ReplacementState,
} from '../../../workflows/replacement/machine';
import { replacementPages } from '../../../workflows/replacement/pages';
import { pageUrl, sendApplication, walkExample, type JourneyPages } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';
import { dateBoxes, readyForDecision } from '../../helpers/forms';

/** Replacing a lost, stolen or damaged badge (blue-badge-scheme.md §8). */
describe('the replacement journey', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  const REPLACE: JourneyPages = { base: '/replace', pages: replacementPages as Record<string, JourneyPage> };
  const url = (state: ReplacementState) => pageUrl(state, '', REPLACE);

  /**
   * The holder's path through the statechart, with answers written only where they matter here; every other
   * page on it is answered from its fields (workflows/journey/example-path.ts), so a page added to the
   * statechart is walked without editing this test.
   */
  function holder(badgeNumber: string, reason: string, expiryDate: string) {
    return examplePath(replacementMachine, {
      name: `a ${reason} badge`,
      nation: 'england',
      steps: [
        { state: 'badgeNumber', answers: { badgeNumber } },
        { state: 'reason', answers: { reason } },
        ...(reason === 'STOLE'
          ? [{ state: 'crimeReference', answers: { crimeReference: 'CR/12345/26' } }]
          : []),
        { state: 'badgeExpiry', answers: { expiryDate } },
      ],
    });
  }

  /** Walks the path through HTTP, then checks the answers and sends the declaration; returns the reference. */
  async function send(browser: Browser, steps: ExampleStep[], before?: (state: string) => Promise<void>) {
    expect(await walkExample(browser, REPLACE, steps, before)).toBe(url('checkAnswers'));
    expect((await browser.submit(url('checkAnswers'))).headers.location).toBe(url('declaration'));
    expect((await browser.submit(url('declaration'), { confirm: 'yes' })).headers.location).toBe(
      url('submitted'),
    );
    const sent = await browser.get(url('submitted'));
    return /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(sent.text)![0];
  }

  it('refuses a badge that expires within 3 months and sends the holder to reapply', async () => {
    const browser = new Browser(app);
    const cutOff = new Date(`${replacementCutOff(todayInUk())}T00:00:00Z`);
    cutOff.setUTCDate(cutOff.getUTCDate() - 1);
    const soon = cutOff.toISOString().slice(0, 10); // the day before the 3-month cut-off
    const steps = holder('AB12CD', 'LOST', soon);
    expect(steps.at(-1)!.state).toBe('badgeExpiry');
    expect(await walkExample(browser, REPLACE, steps)).toBe(url('mustReapply'));
    const page = await browser.get(url('mustReapply'));
    expect(page.text).toContain('Apply for a new badge instead');
    expect(page.text).toContain('href="/apply"');
    expect((await browser.get(url('fullName'))).status).toBe(303);
  });

  it('takes a stolen badge report with its crime reference to a REPLACE case that keeps the expiry date', async () => {
    const browser = new Browser(app);
    const expiry = inYears(2);
    const steps = holder('ab12cd', 'STOLE', expiry);
    expect(steps.map((step) => step.state)).toContain('crimeReference');
    const reference = await send(browser, steps, async (state) => {
      if (state !== 'crimeReference') return;
      const missing = await browser.submit(url('crimeReference'), { crimeReference: '' });
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('Enter the crime reference number');
    });
    const row = await app.kit.db('cases').where({ reference }).first();
    expect(row).toMatchObject({ application_type: 'REPLACE', channel: 'ONLINE', state: 'submitted' });
    const context = JSON.parse(row.snapshot).context;
    expect(context.replacement).toMatchObject({
      badgeNumber: 'AB12CD',
      reason: 'STOLE',
      crimeReference: 'CR/12345/26',
      expiryDate: expiry,
    });

    // The officer's approval keeps the old badge's expiry date and allows no later one.
    await addStaff(app, 'decision-maker', 'dm@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'dm@test.gov.uk');
    await readyForDecision(officer, reference);
    const form = await officer.get(`/staff/cases/${reference}/approve`);
    expect(form.text).toContain(`name="expiryDate-year" type="text" value="${expiry.slice(0, 4)}"`);
    const later = await officer.submit(`/staff/cases/${reference}/approve`, {
      ...dateBoxes('startDate', todayInUk()),
      ...dateBoxes('expiryDate', inYears(3)),
    });
    expect(later.status).toBe(400);
    const approved = await officer.submit(`/staff/cases/${reference}/approve`, {
      ...dateBoxes('startDate', todayInUk()),
      ...dateBoxes('expiryDate', expiry),
    });
    expect(approved.status).toBe(303);
    const badge = await app.kit.db('badges').where({ case_id: row.id }).first();
    expect(badge.expiry_date).toBe(expiry);
  });

  it('carries over the route of a badge this council issued through the kit', async () => {
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    await addStaff(app, 'decision-maker', 'dm@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'dm@test.gov.uk');
    await readyForDecision(officer, reference);
    await officer.submit(`/staff/cases/${reference}/approve`, {
      ...dateBoxes('startDate', todayInUk()),
      ...dateBoxes('expiryDate', inYears(2)),
    });
    const badge = await app.kit.db('badges').first();

    const steps = holder(badge.badge_number, 'DAMAGED', badge.expiry_date);
    expect(steps.map((step) => step.state)).not.toContain('crimeReference');
    const replacement = await send(new Browser(app), steps);
    const row = await app.kit.db('cases').where({ reference: replacement }).first();
    expect(row.eligibility_code).toBe('PIP');
    expect(JSON.parse(row.snapshot).context.replacement).toMatchObject({
      eligibilityCode: 'PIP',
      startDate: badge.start_date,
      expiryDate: badge.expiry_date,
    });
  });
});

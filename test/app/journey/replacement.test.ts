import type { KitApp } from '../../../app/app';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { replacementCutOff } from '../../../workflows/replacement/machine';
import { todayInUk } from '../../../workflows/rules/dates';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';
import { dateBoxes, readyForDecision } from '../../helpers/forms';

/** Replacing a lost, stolen or damaged badge (blue-badge-scheme.md §8). */
describe('the replacement journey', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  async function reportUpToExpiry(browser: Browser, badgeNumber: string, reason: string, expiry: string) {
    await browser.submit('/replace/start', {}, { fromPage: '/replace' });
    expect((await browser.submit('/replace/badge-number', { badgeNumber })).headers.location).toBe(
      '/replace/what-happened',
    );
    const happened = await browser.submit('/replace/what-happened', { reason });
    if (reason === 'STOLE') {
      expect(happened.headers.location).toBe('/replace/crime-reference');
      const missing = await browser.submit('/replace/crime-reference', { crimeReference: '' });
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('Enter the crime reference number');
      await browser.submit('/replace/crime-reference', { crimeReference: 'CR/12345/26' });
    } else {
      expect(happened.headers.location).toBe('/replace/expiry-date');
    }
    return browser.submit('/replace/expiry-date', dateBoxes('expiryDate', expiry));
  }

  async function finish(browser: Browser) {
    await browser.submit('/replace/name', { fullName: 'Margaret Jones' });
    await browser.submit('/replace/date-of-birth', dateBoxes('dateOfBirth', '1948-05-17'));
    await browser.submit('/replace/address', {
      addressLine1: '12 High Street',
      town: 'Demo Town',
      postcode: 'SW1A 1AA',
    });
    expect(
      (await browser.submit('/replace/contact-details', { phone: '01632 960 001' })).headers.location,
    ).toBe('/replace/check-your-answers');
    await browser.submit('/replace/check-your-answers');
    expect((await browser.submit('/replace/declaration', { confirm: 'yes' })).headers.location).toBe(
      '/replace/request-sent',
    );
    const sent = await browser.get('/replace/request-sent');
    return /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(sent.text)![0];
  }

  it('refuses a badge that expires within 3 months and sends the holder to reapply', async () => {
    const browser = new Browser(app);
    const cutOff = new Date(`${replacementCutOff(todayInUk())}T00:00:00Z`);
    cutOff.setUTCDate(cutOff.getUTCDate() - 1);
    const soon = cutOff.toISOString().slice(0, 10); // the day before the 3-month cut-off
    const res = await reportUpToExpiry(browser, 'AB12CD', 'LOST', soon);
    expect(res.headers.location).toBe('/replace/apply-for-a-new-badge');
    const page = await browser.get('/replace/apply-for-a-new-badge');
    expect(page.text).toContain('Apply for a new badge instead');
    expect(page.text).toContain('href="/apply"');
    expect((await browser.get('/replace/name')).status).toBe(303);
  });

  it('takes a stolen badge report with its crime reference to a REPLACE case that keeps the expiry date', async () => {
    const browser = new Browser(app);
    const expiry = inYears(2);
    expect((await reportUpToExpiry(browser, 'ab12cd', 'STOLE', expiry)).headers.location).toBe(
      '/replace/name',
    );
    const reference = await finish(browser);
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

    const browser = new Browser(app);
    await reportUpToExpiry(browser, badge.badge_number, 'DAMAGED', badge.expiry_date);
    const replacement = await finish(browser);
    const row = await app.kit.db('cases').where({ reference: replacement }).first();
    expect(row.eligibility_code).toBe('PIP');
    expect(JSON.parse(row.snapshot).context.replacement).toMatchObject({
      eligibilityCode: 'PIP',
      startDate: badge.start_date,
      expiryDate: badge.expiry_date,
    });
  });
});

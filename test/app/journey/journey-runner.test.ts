import type { KitApp } from '../../../app/app';
import { Browser, buildTestApp } from '../../helpers/test-app';
import { countRows } from '../../helpers/database';
import { walkPersona } from '../../helpers/journey';
import { PERSONAS } from '../../../workflows/application/personas';

/** The journey runner follows the statechart: the URL can ask for a page, but never sets the state. */
describe('the citizen journey runner', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  async function started(): Promise<Browser> {
    const browser = new Browser(app);
    await browser.submit('/apply/start', {}, { fromPage: '/apply' });
    return browser;
  }

  it('sends a person with no application to the start page', async () => {
    const res = await new Browser(app).get('/apply/name');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/apply');
  });

  it('redirects a page the person has not reached yet to the page they are on', async () => {
    const browser = await started();
    for (const url of [
      '/apply/address',
      '/apply/check-your-answers',
      '/apply/declaration',
      '/apply/application-sent',
    ]) {
      const res = await browser.get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/apply/who-is-applying');
    }
    const post = await browser.submit(
      '/apply/address',
      { addressLine1: 'x', town: 'y', postcode: 'SW1A 1AA' },
      { fromPage: '/apply/who-is-applying' },
    );
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/apply/who-is-applying');
    const row = await app.kit.db('applications').first();
    expect(row.state).toBe('whoIsApplying');
  });

  it('redirects an unknown page to the page the person is on', async () => {
    const browser = await started();
    const res = await browser.get('/apply/no-such-page');
    expect(res.headers.location).toBe('/apply/who-is-applying');
  });

  async function toBenefits(browser: Browser) {
    await browser.submit('/apply/who-is-applying', { applicant: 'myself' });
    await browser.submit('/apply/existing-badge', { hasBadge: 'no' });
    await browser.submit('/apply/date-of-birth', {
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1960',
    });
  }

  it('shows the GOV.UK error summary and inline errors, and keeps what was typed', async () => {
    const browser = await started();
    await browser.submit('/apply/who-is-applying', { applicant: 'myself' });
    const skipped = await browser.submit(
      '/apply/name',
      { fullName: 'x' },
      { fromPage: '/apply/existing-badge' },
    );
    expect(skipped.headers.location).toBe('/apply/existing-badge'); // not reached yet: nothing saved
    const blank = await browser.submit('/apply/existing-badge', {});
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('govuk-error-summary');
    expect(blank.text).toContain('href="#hasBadge"');
    expect(blank.text).toContain('<title>Error: Do you have a Blue Badge now?');
    expect(blank.text).toContain('govuk-error-message');

    await browser.submit('/apply/existing-badge', { hasBadge: 'yes' });
    const badNumber = await browser.submit('/apply/badge-number', { badgeNumber: 'ABI 123' });
    expect(badNumber.status).toBe(400);
    expect(badNumber.text).toContain('6 letters and numbers');
    expect(badNumber.text).toContain('value="ABI 123"'); // what they typed, shown back
    const good = await browser.submit('/apply/badge-number', { badgeNumber: 'ab12cd' });
    expect(good.headers.location).toBe('/apply/date-of-birth');

    const badDate = await browser.submit('/apply/date-of-birth', {
      'dateOfBirth-day': '30',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1990',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('Date of birth must be a real date');
    expect(badDate.text).toContain('value="30"');
    expect(badDate.text).toContain('href="#dateOfBirth-day"');
    const row = await app.kit.db('applications').first();
    expect(JSON.parse(row.snapshot).context.answers.badgeNumber).toEqual({ badgeNumber: 'AB12CD' });
  });

  it('asks about the helper, and speaks of “them”, when applying for someone else', async () => {
    const browser = await started();
    const res = await browser.submit('/apply/who-is-applying', { applicant: 'someone-else' });
    expect(res.headers.location).toBe('/apply/your-details');
    await browser.submit('/apply/your-details', { helperName: 'Tom Okafor', helperRelationship: 'Son' });
    const question = await browser.get('/apply/existing-badge');
    expect(question.text).toContain('Do they have a Blue Badge now?');
  });

  it('refuses “none of these” with a benefit, and asks the award end date only when there is one', async () => {
    const browser = await started();
    await toBenefits(browser);
    const both = await browser.submit('/apply/benefits', { benefits: ['pip', 'none'] } as never);
    expect(both.status).toBe(400);
    expect(both.text).toContain('not both');
    const scottishOnly = await browser.submit('/apply/benefits', { benefits: 'adp' });
    expect(scottishOnly.status).toBe(400);
    const two = await browser.submit('/apply/benefits', { benefits: ['pip', 'dla'] } as never);
    expect(two.headers.location).toBe('/apply/pip-scores');
    await browser.submit('/apply/pip-scores', { movingAroundPoints: '4', planningDescriptor: 'a' });
    const noDate = await browser.submit('/apply/pip-award', { awardEnds: 'date' });
    expect(noDate.status).toBe(400);
    expect(noDate.text).toContain('Enter the date the award ends');
    // The date box sits under the other option, so with "no end date" it is ignored.
    const indefinite = await browser.submit('/apply/pip-award', {
      awardEnds: 'indefinite',
      'awardEndDate-day': '99',
    });
    expect(indefinite.headers.location).toBe('/apply/dla-rate');
  });

  it('explains why someone is not eligible, and lets them change their answer', async () => {
    const browser = await started();
    await toBenefits(browser);
    await browser.submit('/apply/benefits', { benefits: 'pip' });
    await browser.submit('/apply/pip-scores', { movingAroundPoints: '4', planningDescriptor: 'a' });
    await browser.submit('/apply/pip-award', { awardEnds: 'indefinite' });
    const sight = await browser.submit('/apply/sight', { sightImpairment: 'none' });
    expect(sight.headers.location).toBe('/apply/main-reason');
    const none = await browser.submit('/apply/main-reason', { reason: 'none' });
    expect(none.headers.location).toBe('/apply/not-eligible');
    const page = await browser.get('/apply/not-eligible');
    expect(page.text).toContain('You are not eligible for a Blue Badge');
    expect(page.text).toContain('href="/apply/main-reason"');

    const changed = await browser.submit('/apply/pip-scores', {
      movingAroundPoints: '8',
      planningDescriptor: 'a',
    });
    expect(changed.headers.location).toBe('/apply/pip-award');
    await browser.submit('/apply/pip-award', { awardEnds: 'indefinite' });
    expect((await browser.submit('/apply/sight', { sightImpairment: 'none' })).headers.location).toBe(
      '/apply/name',
    );
  });

  it('does not offer the child routes to someone aged 3 or over', async () => {
    const browser = await started();
    await toBenefits(browser);
    await browser.submit('/apply/benefits', { benefits: 'none' });
    await browser.submit('/apply/sight', { sightImpairment: 'none' });
    const page = await browser.get('/apply/main-reason');
    expect(page.text).toContain('value="walking"');
    expect(page.text).not.toContain('value="child"');
    expect((await browser.submit('/apply/main-reason', { reason: 'child' })).status).toBe(400);
  });

  it('adds, changes and removes items of an “add another” list', async () => {
    const browser = await started();
    await toBenefits(browser);
    await browser.submit('/apply/benefits', { benefits: 'none' });
    await browser.submit('/apply/sight', { sightImpairment: 'none' });
    await browser.submit('/apply/main-reason', { reason: 'walking' });
    await browser.submit('/apply/walking-difficulty', { difficulties: 'PAIN', description: 'Knees' });
    await browser.submit('/apply/walking-time', { walkingTime: 'LESSMIN' });
    await browser.submit('/apply/walking-route', { route: 'To the shop' });
    const duration = await browser.submit('/apply/how-long', { duration: '36-or-more' });
    expect(duration.headers.location).toBe('/apply/mobility-aids');

    expect((await browser.get('/apply/mobility-aids')).text).toContain('Do you use a mobility aid?');
    const yes = await browser.submit('/apply/mobility-aids', { addAnother: 'yes' });
    expect(yes.headers.location).toBe('/apply/mobility-aids/add');
    const invalid = await browser.submit('/apply/mobility-aids/add', { aid: '', usage: 'always' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Enter the mobility aid');
    for (const aid of ['Walking stick', 'Wheelchair']) {
      const added = await browser.submit('/apply/mobility-aids/add', {
        aid,
        usage: 'always',
        providedBy: 'PRIVATE',
      });
      expect(added.headers.location).toBe('/apply/mobility-aids');
    }
    let list = await browser.get('/apply/mobility-aids');
    expect(list.text).toContain('You have added 2 items');
    expect(list.text).toContain('href="/apply/mobility-aids/2/change"');

    await browser.submit('/apply/mobility-aids/1/change', {
      aid: 'Crutches',
      usage: 'sometimes',
      providedBy: 'PRESCRIBE',
    });
    const confirm = await browser.get('/apply/mobility-aids/2/remove');
    expect(confirm.text).toContain('Wheelchair');
    await browser.submit('/apply/mobility-aids/2/remove', { remove: 'yes' });
    expect((await browser.get('/apply/mobility-aids/3/change')).headers.location).toBe(
      '/apply/mobility-aids',
    );
    list = await browser.get('/apply/mobility-aids');
    expect(list.text).toContain('Crutches');
    expect(list.text).not.toContain('Wheelchair');
    const done = await browser.submit('/apply/mobility-aids', { addAnother: 'no' });
    expect(done.headers.location).toBe('/apply/medications');
    const row = await app.kit.db('applications').first();
    expect(JSON.parse(row.snapshot).context.lists.mobilityAids).toEqual([
      { aid: 'Crutches', usage: 'sometimes', providedBy: 'PRESCRIBE' },
    ]);
  });

  it('refuses hostile values with a clear error, and stores and shows valid ones safely', async () => {
    const browser = await started();
    await browser.submit('/apply/who-is-applying', { applicant: 'someone-else' });
    const huge = await browser.submit('/apply/your-details', {
      helperName: 'x'.repeat(10_000),
      helperRelationship: 'Son',
    });
    expect(huge.status).toBe(400);
    expect(huge.text).toContain('Your name must be 100 characters or fewer');
    const odd = await browser.submit('/apply/your-details', {
      helperName: '<script>alert(1)</script>\u0007',
      helperRelationship: '\u202Eevil',
      unexpected: 'field',
    });
    expect(odd.status).toBe(303);
    const row = await app.kit.db('applications').first();
    const answers = JSON.parse(row.snapshot).context.answers.helper;
    expect(answers).toEqual({ helperName: '<script>alert(1)</script>', helperRelationship: '\u202Eevil' });
    const back = await browser.get('/apply/your-details');
    expect(back.text).not.toContain('<script>alert(1)</script>');
    expect(back.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('goes on through the journey, not back to check your answers, when a change opens a new branch', async () => {
    const browser = new Browser(app);
    expect(await walkPersona(browser, PERSONAS[0])).toBe('/apply/check-your-answers');
    expect((await browser.get('/apply/check-your-answers')).status).toBe(200);

    // 4 points is no longer automatic: the main reason is now needed, so the journey goes on.
    const res = await browser.submit('/apply/pip-scores', {
      movingAroundPoints: '4',
      planningDescriptor: 'a',
    });
    expect(res.headers.location).toBe('/apply/pip-award');
    expect((await browser.get('/apply/check-your-answers')).headers.location).toBe('/apply/pip-award');
    expect((await browser.get('/apply/declaration')).status).toBe(303);
  });

  it('keeps one person’s application out of another’s session', async () => {
    const first = await started();
    await first.submit('/apply/who-is-applying', { applicant: 'myself' });
    const second = await started();
    const res = await second.get('/apply/pip-moving-around');
    expect(res.headers.location).toBe('/apply/who-is-applying');
    expect(await countRows(app.kit.db, 'applications')).toBe(2);
  });
});

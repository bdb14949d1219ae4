import type { KitApp } from '../../../app/app';
import { Browser, buildTestApp } from '../../helpers/test-app';
import { countRows } from '../../helpers/database';

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

  it('shows the GOV.UK error summary and inline errors, and keeps what was typed', async () => {
    const browser = await started();
    await browser.submit('/apply/who-is-applying', { applicant: 'myself' });
    await browser.submit('/apply/pip-moving-around', { movingAroundPoints: '8' });
    const res = await browser.submit('/apply/date-of-birth', {}, { fromPage: '/apply/name' });
    expect(res.status).toBe(303); // still on the name page: it redirected
    const blank = await browser.submit('/apply/name', { fullName: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('govuk-error-summary');
    expect(blank.text).toContain('href="#fullName"');
    expect(blank.text).toContain('<title>Error: What is your full name?');
    expect(blank.text).toContain('govuk-error-message');

    await browser.submit('/apply/name', { fullName: 'Sam Person' });
    const badDate = await browser.submit('/apply/date-of-birth', {
      'dateOfBirth-day': '30',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1990',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('Date of birth must be a real date');
    expect(badDate.text).toContain('value="30"');
    expect(badDate.text).toContain('href="#dateOfBirth-day"');
  });

  it('offers no online route yet to someone applying for another person', async () => {
    const browser = await started();
    const res = await browser.submit('/apply/who-is-applying', { applicant: 'someone-else' });
    expect(res.headers.location).toBe('/apply/contact-the-council');
    const page = await browser.get('/apply/contact-the-council');
    expect(page.text).toContain('Contact the council');
  });

  it('explains when PIP points do not give automatic eligibility, and lets the person change the answer', async () => {
    const browser = await started();
    await browser.submit('/apply/who-is-applying', { applicant: 'myself' });
    let res = await browser.submit('/apply/pip-moving-around', { movingAroundPoints: '4' });
    expect(res.headers.location).toBe('/apply/you-may-still-be-eligible');
    const page = await browser.get('/apply/you-may-still-be-eligible');
    expect(page.text).toContain('not automatically eligible');
    expect(page.text).toContain('href="/apply/pip-moving-around"');

    res = await browser.submit('/apply/pip-moving-around', { movingAroundPoints: '10' });
    expect(res.headers.location).toBe('/apply/name');
  });

  it('goes on through the journey, not back to check your answers, when a change opens a new branch', async () => {
    const browser = await started();
    await browser.submit('/apply/who-is-applying', { applicant: 'myself' });
    await browser.submit('/apply/pip-moving-around', { movingAroundPoints: '12' });
    await browser.submit('/apply/name', { fullName: 'Sam Person' });
    await browser.submit('/apply/date-of-birth', {
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1960',
    });
    await browser.submit('/apply/address', { addressLine1: '1 Road', town: 'Town', postcode: 'SW1A 1AA' });
    expect((await browser.get('/apply/check-your-answers')).status).toBe(200);

    // Changing the PIP score to 4 leads off the automatic route: not back to check your answers.
    const res = await browser.submit('/apply/pip-moving-around', { movingAroundPoints: '4' });
    expect(res.headers.location).toBe('/apply/you-may-still-be-eligible');
    expect((await browser.get('/apply/check-your-answers')).headers.location).toBe(
      '/apply/you-may-still-be-eligible',
    );
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

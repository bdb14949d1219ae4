import { addYears, todayInUk as todayIso } from '../../workflows/rules/dates';
import { BADGE_NUMBER_PATTERN } from '../../workflows/badge/badge-number';
import type { KitApp } from '../../app/app';
import { inYears, PERSONAS } from '../../workflows/application/personas';
import { walkPersona } from '../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../helpers/test-app';
import { countRows } from '../helpers/database';
import { allEvidenceAccepted, readyForDecision } from '../helpers/forms';

/**
 * The walking skeleton's whole process through HTTP, as people would use it: a resident applies, an
 * officer signs in, assesses and approves, and a badge is ordered. CSRF and sessions are real.
 */
describe('the whole Blue Badge process, end to end', () => {
  let app: KitApp;

  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  /** The England PIP persona, with a look at check your answers and one change on the way. */
  async function applyAsResident(browser: Browser, points = '12'): Promise<string> {
    const base = PERSONAS[0];
    const persona = {
      ...base,
      steps: base.steps.map((step) =>
        step.state === 'pip' && 'answers' in step
          ? { ...step, answers: { ...step.answers, movingAroundPoints: points } }
          : step,
      ),
    };
    const start = await browser.get('/apply');
    expect(start.status).toBe(200);
    expect(start.text).toContain('Apply for a Blue Badge');
    const last = await walkPersona(browser, persona);
    if (points !== '12' && points !== '10' && points !== '8') return last;
    expect(last).toBe('/apply/check-your-answers');

    const check = await browser.get('/apply/check-your-answers');
    expect(check.status).toBe(200);
    expect(check.text).toContain('Margaret Jones');
    expect(check.text).toContain('SW1A 1AA');
    expect(check.text).toContain(`${points} points`);
    expect(check.text).toContain('About the application');
    expect(check.text).toContain('Personal details');

    // A change link goes back to the page and, once answered, straight back to check your answers.
    const res = await browser.submit('/apply/name', { fullName: 'Margaret Ann Jones' });
    expect(res.headers.location).toBe('/apply/check-your-answers');
    expect((await browser.get('/apply/check-your-answers')).text).toContain('Margaret Ann Jones');

    expect((await browser.submit('/apply/check-your-answers')).headers.location).toBe('/apply/declaration');
    const missing = await browser.submit('/apply/declaration', {});
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('There is a problem');
    expect(missing.text).toContain('Confirm that the information you have given is correct');
    expect((await browser.submit('/apply/declaration', { confirm: 'yes' })).headers.location).toBe(
      '/apply/application-sent',
    );
    const confirmation = await browser.get('/apply/application-sent');
    expect(confirmation.text).toContain('within 12 weeks');
    const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(confirmation.text)?.[0];
    expect(reference).toBeDefined();
    return reference!;
  }

  it('takes an application from a resident to an ordered badge', async () => {
    const reference = await applyAsResident(new Browser(app));

    await addStaff(app, 'decision-maker', 'dm@test.gov.uk');
    const officer = new Browser(app);
    const signIn = await officer.signIn('', 'dm@test.gov.uk');
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/staff/cases');

    const list = await officer.get('/staff/cases');
    expect(list.text).toContain(reference);
    expect(list.text).toContain('Margaret Ann Jones');

    const casePage = await officer.get(`/staff/cases/${reference}`);
    expect(casePage.status).toBe(200);
    expect(casePage.text).toContain('PIP');
    expect(casePage.text).toContain('Eligible automatic');
    expect(casePage.text).toContain('12 High Street');
    expect(casePage.text).toMatch(/Application: created/);
    expect(casePage.text).toMatch(/Case: created/);

    let res = await officer.submit(`/staff/cases/${reference}/start-assessment`);
    expect(res.status).toBe(303);
    // An automatic route: each evidence item is checked, then the case is ready for a decision.
    res = await officer.submit(`/staff/cases/${reference}/check-evidence`, allEvidenceAccepted());
    expect(res.status).toBe(303);

    const today = todayIso();
    const approveForm = await officer.get(`/staff/cases/${reference}/approve`);
    expect(approveForm.status).toBe(200);
    // The persona's PIP award ends in 2 years: the badge may last no longer (blue-badge-scheme.md §6).
    const expiry = inYears(2);
    expect(approveForm.text).toContain(`name="expiryDate-year" type="text" value="${expiry.slice(0, 4)}"`);
    const [y, m, d] = expiry.split('-');
    res = await officer.submit(`/staff/cases/${reference}/approve`, {
      'startDate-day': String(Number(today.slice(8))),
      'startDate-month': String(Number(today.slice(5, 7))),
      'startDate-year': today.slice(0, 4),
      'expiryDate-day': String(Number(d)),
      'expiryDate-month': String(Number(m)),
      'expiryDate-year': y,
    });
    expect(res.status).toBe(303);

    const badge = await app.kit.db('badges').first();
    expect(badge.badge_number).toMatch(BADGE_NUMBER_PATTERN);
    expect(badge.badge_number).toBe('KKKKKK');
    expect(badge.expiry_date).toBe(expiry);
    expect(badge.state).toBe('ordered');
    const caseRow = await app.kit.db('cases').where({ reference }).first();
    expect(caseRow.state).toBe('badgeOrdered');

    const after = await officer.get(`/staff/cases/${reference}`);
    expect(after.text).toContain('KKKKKK');
    expect(after.text).toContain('Approved – badge ordered');

    const audit = await app.kit.db('audit_events').where({ entity_id: caseRow.id }).orderBy('id');
    expect(audit.map((row) => [row.event, row.from_state, row.to_state])).toEqual([
      ['created', null, 'submitted'],
      ['START_ASSESSMENT', 'submitted', 'assessing.checkingEvidence'],
      ['CHECK_EVIDENCE', 'assessing.checkingEvidence', 'deciding'],
      ['APPROVE', 'deciding', 'badgeOrdered'],
    ]);
  });

  it('lets a decision maker refuse with a reason, and orders no badge', async () => {
    const reference = await applyAsResident(new Browser(app), '8');
    await addStaff(app, 'decision-maker', 'dm@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'dm@test.gov.uk');
    await readyForDecision(officer, reference);

    let res = await officer.submit(`/staff/cases/${reference}/refuse`, {
      reasons: 'NOT_ELIGIBLE',
      reason: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Enter the reason for refusal');

    res = await officer.submit(`/staff/cases/${reference}/refuse`, {
      reasons: 'NOT_ELIGIBLE',
      reason: 'The PIP award has ended.',
    });
    expect(res.status).toBe(303);
    const caseRow = await app.kit.db('cases').where({ reference }).first();
    expect(caseRow.state).toBe('decided.refused');
    expect(await countRows(app.kit.db, 'badges')).toBe(0);
    expect((await officer.get(`/staff/cases/${reference}`)).text).toContain('The PIP award has ended.');
  });

  it('refuses an expiry date later than the rules allow, and changes nothing', async () => {
    const reference = await applyAsResident(new Browser(app));
    await addStaff(app, 'decision-maker', 'dm@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'dm@test.gov.uk');
    await readyForDecision(officer, reference);
    const today = todayIso();
    const tooLate = addYears(today, 4);
    const res = await officer.submit(`/staff/cases/${reference}/approve`, {
      'startDate-day': String(Number(today.slice(8))),
      'startDate-month': String(Number(today.slice(5, 7))),
      'startDate-year': today.slice(0, 4),
      'expiryDate-day': String(Number(tooLate.slice(8))),
      'expiryDate-month': String(Number(tooLate.slice(5, 7))),
      'expiryDate-year': tooLate.slice(0, 4),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('the latest the rules allow');
    expect((await app.kit.db('cases').where({ reference }).first()).state).toBe('deciding');
    expect(await countRows(app.kit.db, 'badges')).toBe(0);
  });

  it('does not let a read-only officer decide', async () => {
    const reference = await applyAsResident(new Browser(app));
    await addStaff(app, 'read-only', 'ro@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'ro@test.gov.uk');
    const casePage = await officer.get(`/staff/cases/${reference}`);
    expect(casePage.status).toBe(200);
    expect(casePage.text).not.toContain('Start assessment');
    const res = await officer.submit(`/staff/cases/${reference}/start-assessment`);
    expect(res.status).toBe(403);
    expect((await app.kit.db('cases').where({ reference }).first()).state).toBe('submitted');
  });
});

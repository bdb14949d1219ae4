import type { KitApp } from '../../../app/app';
import { inYears } from '../../../workflows/application/personas';
import { ASSESSMENT_FACTORS } from '../../../workflows/case/assessment';
import type { CaseContext } from '../../../workflows/case/machine';
import type { DesktopAssessmentKind } from '../../../workflows/case/records';
import { addDays, todayInUk } from '../../../workflows/rules/dates';
import { personaFor } from '../../helpers/case';
import { countRows } from '../../helpers/database';
import { allEvidenceAccepted, approveForm, dateBoxes, readyForDecision } from '../../helpers/forms';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, csrfTokenFrom, signedIn } from '../../helpers/test-app';

/**
 * The council's assessment through HTTP, as officers do it: one full path per route group from the
 * resident sending the application to the decision, four eyes, Scotland's review by someone else, and
 * two officers acting on one case at once.
 */
const caseOf = async (app: KitApp, reference: string) => {
  const row = await app.kit.db('cases').where({ reference }).first();
  return { row, context: JSON.parse(row.snapshot).context as CaseContext };
};
const stateOf = async (app: KitApp, reference: string) => (await caseOf(app, reference)).row.state;
const errorSummary = (html: string) =>
  (/govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ');

/** Every factor of a desktop assessment answered "yes", with the evidence seen. */
const allFactorsPresent = (kind: DesktopAssessmentKind, outcome: string) => ({
  ...Object.fromEntries(
    ASSESSMENT_FACTORS[kind].flatMap((factor) => [
      [factor, 'yes'],
      [`${factor}Evidence`, 'Consultant’s letter, 3 March 2026'],
      [`${factor}Note`, ''],
    ]),
  ),
  outcome,
});

describe('assessing and deciding a case, per route group', () => {
  let app: KitApp;
  let assessor: Browser;
  let decider: Browser;
  beforeAll(async () => {
    app = await buildTestApp();
    assessor = await signedIn(app, (await addStaff(app, 'assessor')).email);
    decider = await signedIn(app, (await addStaff(app, 'decision-maker')).email);
  });
  afterAll(() => app.kit.close());

  it('automatic (PIP): the evidence checks, each rejection with its reason, then the approval', async () => {
    const reference = await sendApplication(new Browser(app), personaFor('PIP'));
    const caseUrl = `/staff/cases/${reference}`;
    expect((await assessor.submit(`${caseUrl}/start-assessment`)).status).toBe(303);
    const page = await assessor.get(caseUrl);
    expect(page.text).toContain('Check evidence');
    expect(page.text).not.toContain('Desktop assessment');

    // A rejection needs its reason: an error summary and the message by the field.
    const missing = await assessor.submit(`${caseUrl}/check-evidence`, {
      ...allEvidenceAccepted(),
      photo: 'rejected',
    });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing.text)).toContain('Enter why the photo is rejected');
    expect(await stateOf(app, reference)).toBe('assessing.checkingEvidence');

    expect((await assessor.submit(`${caseUrl}/check-evidence`, allEvidenceAccepted())).status).toBe(303);
    expect(await stateOf(app, reference)).toBe('deciding');
    // An assessor may not decide.
    expect((await assessor.get(`${caseUrl}/approve`)).status).toBe(403);

    // Not for reassessment is for further-assessment routes only [BBDS-BM].
    const flagged = await decider.submit(`${caseUrl}/approve`, {
      ...approveForm(inYears(2)),
      notForReassessment: 'yes',
    });
    expect(flagged.status).toBe(400);
    expect(errorSummary(flagged.text)).toContain('Not for reassessment is only for');
    expect((await decider.submit(`${caseUrl}/approve`, approveForm(inYears(2)))).status).toBe(303);
    expect(await stateOf(app, reference)).toBe('badgeOrdered');
    const shown = await decider.get(caseUrl);
    expect(shown.text).toContain('Evidence checks');
    expect(shown.text).toContain('Test decision-maker');
  });

  it.each([
    ['walking', 'WALKD'],
    ['non-visible', 'HIDDEN'],
    ['child', 'CHILDBULK'],
    ['arms', 'ARMS'],
  ] as const)(
    '%s: the evidence, then a desktop assessment of each factor, then an approval not for reassessment',
    async (kind, code) => {
      const reference = await sendApplication(new Browser(app), personaFor(code));
      const caseUrl = `/staff/cases/${reference}`;
      await readyForDecision(assessor, reference);
      expect(await stateOf(app, reference)).toBe('assessing.desktopAssessment');
      // Only this route's assessment is offered.
      const page = await assessor.get(caseUrl);
      expect(page.text).toContain(`${caseUrl}/desktop-assessment-${kind}`);
      expect(page.text.match(/desktop-assessment-/g)).toHaveLength(1);

      const form = await assessor.get(`${caseUrl}/desktop-assessment-${kind}`);
      expect(form.status).toBe(200);
      // "Meets" with no factor present is refused, with the reason on the page.
      const none = Object.fromEntries(
        Object.entries(allFactorsPresent(kind, 'meets')).map(([name, value]) => [
          name,
          value === 'yes' ? 'no' : value,
        ]),
      );
      const refused = await assessor.submit(`${caseUrl}/desktop-assessment-${kind}`, none);
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.text)).toContain('To meet the criteria');
      const missingEvidence = await assessor.submit(`${caseUrl}/desktop-assessment-${kind}`, {
        ...allFactorsPresent(kind, 'meets'),
        [`${ASSESSMENT_FACTORS[kind][0]}Evidence`]: '',
      });
      expect(missingEvidence.status).toBe(400);
      expect(errorSummary(missingEvidence.text)).toContain('Enter the evidence seen');

      const saved = await assessor.submit(
        `${caseUrl}/desktop-assessment-${kind}`,
        allFactorsPresent(kind, 'meets'),
      );
      expect(saved.status).toBe(303);
      expect(await stateOf(app, reference)).toBe('deciding');
      const approved = await decider.submit(`${caseUrl}/approve`, {
        ...approveForm(addDays(todayInUk(), 365)),
        notForReassessment: 'yes',
      });
      expect(approved.status).toBe(303);
      const { row, context } = await caseOf(app, reference);
      expect(row.state).toBe('badgeOrdered');
      expect(context.desktopAssessment).toMatchObject({ kind, outcome: 'meets' });
      expect(context.decision).toMatchObject({ outcome: 'approved', notForReassessment: true });
      expect((await decider.get(caseUrl)).text).toContain('Consultant’s letter, 3 March 2026');
    },
  );

  it('organisation: an organisation assessment, and a refusal with its grounds (no badge)', async () => {
    const reference = await sendApplication(new Browser(app), personaFor('ORG'));
    const caseUrl = `/staff/cases/${reference}`;
    await readyForDecision(assessor, reference);
    expect(await stateOf(app, reference)).toBe('assessing.desktopAssessment');
    const saved = await assessor.submit(`${caseUrl}/desktop-assessment-organisation`, {
      ...allFactorsPresent('organisation', 'does-not-meet'),
      needBeyondOwnBadges: 'no',
    });
    expect(saved.status).toBe(303);
    const noReason = await decider.submit(`${caseUrl}/refuse`, { reason: 'Each resident has a badge' });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason.text)).toContain('Select at least one reason for refusal');
    const refused = await decider.submit(`${caseUrl}/refuse`, {
      reasons: 'NOT_ELIGIBLE',
      reason: 'Each resident already has their own badge.',
    });
    expect(refused.status).toBe(303);
    const { row, context } = await caseOf(app, reference);
    expect(row.state).toBe('decided.refused');
    expect(context.decision).toMatchObject({
      outcome: 'refused',
      reasons: ['NOT_ELIGIBLE'],
      notEligibleRoutes: ['ORG'],
      refundFee: false,
    });
    expect(await countRows(app.kit.db, 'badges', { case_id: row.id })).toBe(0);
    expect((await decider.get(caseUrl)).text).toContain('Not eligible under the routes applied for');
  });

  it('walking with a referral to the expert assessor: appointment, a missed one, attendance and outcome', async () => {
    const reference = await sendApplication(new Browser(app), personaFor('WALKD'));
    const caseUrl = `/staff/cases/${reference}`;
    await readyForDecision(assessor, reference);
    await assessor.submit(`${caseUrl}/desktop-assessment-walking`, allFactorsPresent('walking', 'refer'));
    expect(await stateOf(app, reference)).toBe('assessing.referral.awaitingAppointment');
    const past = await assessor.submit(`${caseUrl}/book-appointment`, {
      ...dateBoxes('date', addDays(todayInUk(), -1)),
      place: 'Civic Centre',
    });
    expect(past.status).toBe(400);
    const book = { ...dateBoxes('date', addDays(todayInUk(), 7)), place: 'Civic Centre' };
    expect((await assessor.submit(`${caseUrl}/book-appointment`, book)).status).toBe(303);
    expect((await assessor.submit(`${caseUrl}/record-attendance`, { attended: 'no' })).status).toBe(303);
    expect(await stateOf(app, reference)).toBe('assessing.referral.awaitingAppointment');
    await assessor.submit(`${caseUrl}/book-appointment`, book);
    await assessor.submit(`${caseUrl}/record-attendance`, { attended: 'yes' });
    const outcome = await assessor.submit(`${caseUrl}/assessor-outcome`, {
      outcome: 'does-not-meet',
      report: 'Walked 200 metres without stopping.',
    });
    expect(outcome.status).toBe(303);
    expect(await stateOf(app, reference)).toBe('deciding');
    const page = await decider.get(caseUrl);
    expect(page.text).toContain('Expert assessor');
    expect(page.text).toContain('Walked 200 metres without stopping.');
  });
});

describe('four eyes', () => {
  let app: KitApp;
  afterEach(() => app.kit.close());

  it('stops the officer who assessed from deciding, with a clear message, and lets another decide', async () => {
    app = await buildTestApp({ council: { decisions: { fourEyes: true } } });
    const first = await signedIn(app, (await addStaff(app, 'decision-maker', 'first@test.gov.uk')).email);
    const second = await signedIn(app, (await addStaff(app, 'decision-maker', 'second@test.gov.uk')).email);
    const reference = await sendApplication(new Browser(app), personaFor('PIP'));
    await readyForDecision(first, reference);
    const mine = await first.submit(`/staff/cases/${reference}/approve`, approveForm(inYears(2)));
    expect(mine.status).toBe(400);
    expect(errorSummary(mine.text)).toContain('You assessed this case');
    const refuse = await first.submit(`/staff/cases/${reference}/refuse`, {
      reasons: 'INSUFFICIENT_EVIDENCE',
      reason: 'x',
    });
    expect(refuse.status).toBe(400);
    expect(await stateOf(app, reference)).toBe('deciding');
    expect((await second.submit(`/staff/cases/${reference}/approve`, approveForm(inYears(2)))).status).toBe(
      303,
    );
    expect((await caseOf(app, reference)).context.decision?.decidedBy?.name).toBe('Test decision-maker');
  });

  it('is off by default: the same officer may assess and decide', async () => {
    app = await buildTestApp();
    const officer = await signedIn(app, (await addStaff(app, 'decision-maker')).email);
    const reference = await sendApplication(new Browser(app), personaFor('PIP'));
    await readyForDecision(officer, reference);
    expect((await officer.submit(`/staff/cases/${reference}/approve`, approveForm(inYears(2)))).status).toBe(
      303,
    );
  });
});

describe('reviews', () => {
  let app: KitApp;
  afterEach(() => app.kit.close());

  const refuseAs = async (officer: Browser, reference: string) => {
    await readyForDecision(officer, reference);
    const res = await officer.submit(`/staff/cases/${reference}/refuse`, {
      reasons: 'INSUFFICIENT_EVIDENCE',
      reason: 'The award letter was not sent.',
    });
    expect(res.status).toBe(303);
  };

  it('Scotland: a statutory review, asked for within 28 days, decided by someone not involved [T7]', async () => {
    app = await buildTestApp({ nation: 'scotland' });
    const first = await signedIn(app, (await addStaff(app, 'decision-maker', 'first@test.gov.uk')).email);
    const reviewer = await signedIn(app, (await addStaff(app, 'team-manager', 'rita@test.gov.uk')).email);
    const reference = await sendApplication(new Browser(app), personaFor('ADP'));
    const caseUrl = `/staff/cases/${reference}`;
    await refuseAs(first, reference);
    // Only the statutory review is offered in Scotland.
    const form = await first.get(`${caseUrl}/request-review`);
    expect(form.text).toContain('value="statutory-review"');
    expect(form.text).not.toContain('value="reconsideration"');
    const late = await first.submit(`${caseUrl}/request-review`, {
      kind: 'statutory-review',
      inWriting: 'yes',
      ...dateBoxes('requestedOn', addDays(todayInUk(), 1)),
    });
    expect(late.status).toBe(400);
    const spoken = await first.submit(`${caseUrl}/request-review`, {
      kind: 'statutory-review',
      inWriting: 'no',
      ...dateBoxes('requestedOn', todayInUk()),
    });
    expect(spoken.status).toBe(400);
    expect(errorSummary(spoken.text)).toContain('must be asked for in writing');
    expect(
      (
        await first.submit(`${caseUrl}/request-review`, {
          kind: 'statutory-review',
          inWriting: 'yes',
          ...dateBoxes('requestedOn', todayInUk()),
        })
      ).status,
    ).toBe(303);
    expect(await stateOf(app, reference)).toBe('underReview');
    const own = await first.submit(`${caseUrl}/decide-review`, { outcome: 'overturned', note: 'Fine' });
    expect(own.status).toBe(400);
    expect(errorSummary(own.text)).toContain('You were involved in the first decision');
    expect(await stateOf(app, reference)).toBe('underReview');
    const decided = await reviewer.submit(`${caseUrl}/decide-review`, {
      outcome: 'overturned',
      note: 'The award letter is on file.',
    });
    expect(decided.status).toBe(303);
    expect(await stateOf(app, reference)).toBe('deciding');
    expect((await reviewer.submit(`${caseUrl}/approve`, approveForm(inYears(1)))).status).toBe(303);
    const { context } = await caseOf(app, reference);
    expect(context.reviews).toEqual([
      expect.objectContaining({
        kind: 'statutory-review',
        outcome: 'overturned',
        decidedBy: expect.anything(),
      }),
    ]);
  });
});

describe('two officers on one case at once', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  it('exactly one wins; the other is told the case changed, with what they typed kept', async () => {
    const anne = await signedIn(app, (await addStaff(app, 'decision-maker', 'anne@test.gov.uk')).email);
    const ben = await signedIn(app, (await addStaff(app, 'decision-maker', 'ben@test.gov.uk')).email);
    const reference = await sendApplication(new Browser(app), personaFor('PIP'));
    const caseUrl = `/staff/cases/${reference}`;
    await readyForDecision(anne, reference);
    // Both open a form at the same revision.
    const approvePage = await anne.get(`${caseUrl}/approve`);
    const refusePage = await ben.get(`${caseUrl}/refuse`);
    const revision = /name="revision" value="(\d+)"/.exec(refusePage.text)![1];
    // Anne's approval lands first; Ben's refusal was made from the same, now out-of-date, page.
    const won = await anne.agent
      .post(`${caseUrl}/approve`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(approvePage.text), revision, ...approveForm(inYears(2)) });
    const lost = await ben.agent
      .post(`${caseUrl}/refuse`)
      .type('form')
      .send({
        _csrf: csrfTokenFrom(refusePage.text),
        revision,
        reasons: 'IDENTITY_DOUBT',
        reason: 'The passport photo does not match.',
      });
    expect(won.status).toBe(303);
    expect(lost.status).toBe(409);
    expect(lost.text).toContain('This case changed while you were working on it');
    expect(lost.text).toContain('The passport photo does not match.');
    expect(await stateOf(app, reference)).toBe('badgeOrdered');
  });

  it('when the action is still possible, shows the form again with the input and the new revision', async () => {
    const anne = await signedIn(app, (await addStaff(app, 'assessor', 'anne2@test.gov.uk')).email);
    const ben = await signedIn(app, (await addStaff(app, 'assessor', 'ben2@test.gov.uk')).email);
    const reference = await sendApplication(new Browser(app), personaFor('PIP'));
    const caseUrl = `/staff/cases/${reference}`;
    await anne.submit(`${caseUrl}/start-assessment`);
    const requestPage = await ben.get(`${caseUrl}/request-information`);
    const seen = /name="revision" value="(\d+)"/.exec(requestPage.text)![1];
    expect((await anne.submit(`${caseUrl}/check-evidence`, allEvidenceAccepted())).status).toBe(303);
    const due = addDays(todayInUk(), 20);
    const stale = await ben.agent
      .post(`${caseUrl}/request-information`)
      .type('form')
      .send({
        _csrf: csrfTokenFrom(requestPage.text),
        revision: seen,
        whatIsNeeded: 'A recent benefit letter',
        ...dateBoxes('dueDate', due),
      });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This case changed while you were working on it');
    expect(stale.text).toContain('A recent benefit letter');
    const fresh = /name="revision" value="(\d+)"/.exec(stale.text)![1];
    expect(Number(fresh)).toBeGreaterThan(Number(seen));
    expect(await stateOf(app, reference)).toBe('deciding');
    const again = await ben.agent
      .post(`${caseUrl}/request-information`)
      .type('form')
      .send({
        _csrf: csrfTokenFrom(stale.text),
        revision: fresh,
        whatIsNeeded: 'A recent benefit letter',
        ...dateBoxes('dueDate', due),
      });
    expect(again.status).toBe(303);
    expect(await stateOf(app, reference)).toBe('awaitingInformation');
  });
});

import type { KitApp } from '../../../app/app';
import { loadTranslations } from '../../../app/i18n';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { caseMachine } from '../../../workflows/case/machine';
import { todayInUk } from '../../../workflows/rules/dates';
import { assessedEvents } from '../../helpers/case';
import { pageUrl, sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/**
 * Checking progress (issue #5): reference + date of birth + postcode show the stage the case has reached,
 * in words from `progress:states.<state>`. Every mismatch gets the same page; failures are rate-limited.
 */
const PIP = PERSONAS[0];
const answer = (state: string, field: string) => {
  const step = PIP.steps.find((s) => s.state === state);
  return (step && 'answers' in step ? step.answers[field] : undefined)!;
};
const DATE_OF_BIRTH = answer('dateOfBirth', 'dateOfBirth');
const POSTCODE = answer('address', 'postcode'); // SW1A 1AA

function details(reference: string, dateOfBirth = DATE_OF_BIRTH, postcode = POSTCODE) {
  const [year, month, day] = dateOfBirth.split('-');
  return {
    reference,
    'dateOfBirth-day': String(Number(day)),
    'dateOfBirth-month': String(Number(month)),
    'dateOfBirth-year': year,
    postcode,
  };
}

/** The page without what differs on every response whatever was asked: the CSRF token and CSP nonce. */
const stripped = (html: string) =>
  html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');

/** Every state a stored case can be in: the statechart's atomic and final states, as `a.b` names. */
function caseStates(): string[] {
  type Node = { key: string; type: string; states: Record<string, Node> };
  const walk = (node: Node, path: string[]): string[] =>
    Object.values(node.states).flatMap((child) =>
      Object.keys(child.states).length === 0
        ? [[...path, child.key].join('.')]
        : walk(child, [...path, child.key]),
    );
  return walk(caseMachine.root as unknown as Node, []);
}

describe('checking progress', () => {
  let app: KitApp;
  let reference: string;
  let staff: { type: 'staff'; id: string; name: string; role: 'team-manager' };
  beforeAll(async () => {
    app = await buildTestApp();
    reference = await sendApplication(new Browser(app), PIP);
    const manager = await addStaff(app, 'team-manager');
    staff = { type: 'staff', id: manager.id, name: manager.name, role: 'team-manager' };
  });
  afterAll(() => app.kit.close());

  /** Posts each attempt from a new browser; each must be refused with the very same page, which it returns. */
  async function oneRefusalFor(url: string, attempts: Array<Record<string, string>>): Promise<string> {
    const pages: string[] = [];
    for (const attempt of attempts) {
      const res = await new Browser(app).submit(url, attempt);
      expect(res.status).toBe(400);
      pages.push(stripped(res.text));
    }
    for (const page of pages.slice(1)) expect(page).toBe(pages[0]);
    return pages[0];
  }

  it('is linked from the start page and the confirmation page', async () => {
    const browser = new Browser(app);
    expect((await browser.get('/apply')).text).toContain('href="/check-progress"');
    await sendApplication(browser, PIP);
    expect((await browser.get(pageUrl('submitted'))).text).toContain('href="/check-progress"');
  });

  it('asks for the reference, date of birth and postcode, with an error for each missing one', async () => {
    const browser = new Browser(app);
    const form = await browser.get('/check-progress');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Check the progress of your application');
    expect(form.text).toContain('govuk-date-input');
    expect(form.text).toContain('name="_csrf"');
    const empty = await browser.submit('/check-progress', {});
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    for (const text of ['Enter your application reference', 'Enter the date of birth', 'Enter the postcode'])
      expect(empty.text).toContain(text);
    const future = await browser.submit('/check-progress', details(reference, inYears(1)));
    expect(future.text).toContain('Date of birth must be in the past');
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await new Browser(app).agent.post('/check-progress').type('form').send(details(reference));
    expect(res.status).toBe(403);
  });

  it('shows each stage the case reaches, in plain English, with the date it was sent', async () => {
    const browser = new Browser(app);
    const check = async () => {
      const res = await browser.submit('/check-progress', details(reference));
      expect(res.status).toBe(200);
      expect(res.text).toContain(reference);
      expect(res.text).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4}/); // the date it was sent
      return res.text;
    };
    expect(await check()).toContain('Received');
    const caseRow = await app.kit.db('cases').where({ reference }).first('id');
    const today = todayInUk();
    const [start, checkEvidence] = assessedEvents(today);
    expect((await app.kit.store.send('case', caseRow.id, start, staff)).ok).toBe(true);
    expect(await check()).toContain('Being assessed');
    expect((await app.kit.store.send('case', caseRow.id, checkEvidence, staff)).ok).toBe(true);
    expect(await check()).toContain('Waiting for a decision');
    expect(
      (
        await app.kit.store.send(
          'case',
          caseRow.id,
          { type: 'APPROVE', startDate: today, expiryDate: inYears(2), today },
          staff,
        )
      ).ok,
    ).toBe(true);
    expect(await check()).toContain('Approved: badge ordered');

    const refusedReference = await sendApplication(new Browser(app), PIP);
    const refused = await app.kit.db('cases').where({ reference: refusedReference }).first('id');
    await app.kit.store.send(
      'case',
      refused.id,
      [
        ...assessedEvents(today),
        { type: 'REFUSE', reasons: ['NOT_ELIGIBLE'], reason: 'Does not meet the criteria', today },
      ],
      staff,
    );
    const res = await browser.submit('/check-progress', details(refusedReference));
    expect(res.text).toContain('Decided: not approved');
    expect(res.text).not.toContain('Does not meet the criteria'); // the reason goes in the letter
  });

  it('matches details typed in any case and spacing', async () => {
    const typed = details(
      reference.toLowerCase().replace(/-/g, ' '),
      DATE_OF_BIRTH,
      POSTCODE.toLowerCase().replace(' ', ''),
    );
    const res = await new Browser(app).submit('/check-progress', typed);
    expect(res.status).toBe(200);
    expect(res.text).toContain(reference);
  });

  it('gives exactly the same page for an unknown reference, a wrong date of birth and a wrong postcode', async () => {
    const [year, month, day] = DATE_OF_BIRTH.split('-');
    const otherDate = `${Number(year) - 1}-${month}-${day}`;
    const attempts = [
      details('BB-AAAA-AAAA'),
      details(reference, otherDate),
      details(reference, DATE_OF_BIRTH, 'SW1A 2AA'),
      details('BB-AAAA-AAAA', otherDate, 'M1 1AE'),
    ];
    const page = await oneRefusalFor('/check-progress', attempts);
    expect(page).toContain('We could not find an application with those details');
    expect(page).not.toContain(reference);
  });

  describe('for an organisation, which has no date of birth', () => {
    const ORGANISATION = PERSONAS.find((p) => p.steps.some((step) => step.state === 'orgName'))!;
    const orgAnswer = (state: string, field: string) => {
      const step = ORGANISATION.steps.find((s) => s.state === state);
      return (step && 'answers' in step ? step.answers[field] : undefined)!;
    };
    const NAME = orgAnswer('orgName', 'organisationName'); // Oakwood Care Home
    const ORG_POSTCODE = orgAnswer('orgAddress', 'postcode');
    const orgDetails = (ref: string, organisationName = NAME, postcode = ORG_POSTCODE) => ({
      reference: ref,
      organisationName,
      postcode,
    });
    let orgReference: string;
    beforeAll(async () => {
      orgReference = await sendApplication(new Browser(app), ORGANISATION);
    });

    it('has its own page, linked both ways from the person’s, asking for the organisation’s name', async () => {
      const browser = new Browser(app);
      expect((await browser.get('/check-progress')).text).toContain('href="/check-progress/organisation"');
      const form = await browser.get('/check-progress/organisation');
      expect(form.status).toBe(200);
      expect(form.text).toContain('Check the progress of an organisation’s application');
      expect(form.text).toContain('name="organisationName"');
      expect(form.text).not.toContain('govuk-date-input');
      expect(form.text).toContain('href="/check-progress"');
      const empty = await browser.submit('/check-progress/organisation', {});
      expect(empty.status).toBe(400);
      for (const text of [
        'Enter your application reference',
        'Enter the name of the organisation',
        'Enter the postcode',
      ])
        expect(empty.text).toContain(text);
    });

    it('finds the application by its reference, name and postcode, typed in any case, spacing or punctuation', async () => {
      const typed = orgDetails(orgReference.toLowerCase(), `  ${NAME.toUpperCase().replace(/ /g, '  ')}. `);
      const res = await new Browser(app).submit('/check-progress/organisation', typed);
      expect(res.status).toBe(200);
      expect(res.text).toContain(orgReference);
      expect(res.text).toContain('Received');
    });

    it('gives one answer for any wrong detail, and never finds a person’s case by a name', async () => {
      const attempts = [
        orgDetails('BB-AAAA-AAAA'),
        orgDetails(orgReference, 'Elmwood Care Home'),
        orgDetails(orgReference, NAME, 'M1 1AE'),
        // A person's case: their name and postcode are right, but a person is found only by date of birth.
        orgDetails(reference, answer('fullName', 'fullName'), POSTCODE),
      ];
      const page = await oneRefusalFor('/check-progress/organisation', attempts);
      expect(page).toContain('Check the reference, organisation name and postcode');
    });

    it('is in Welsh', async () => {
      const browser = new Browser(app);
      const form = await browser.get('/check-progress/organisation?lang=cy');
      expect(form.text).toContain('Gwirio hynt cais sefydliad');
      expect(form.text).toContain('Enw’r sefydliad');
      const wrong = await browser.submit('/check-progress/organisation', orgDetails('BB-AAAA-AAAA'));
      expect(wrong.text).toContain('Gwiriwch y cyfeirnod, enw’r sefydliad a’r cod post');
      expect(app.kit.translations.missing).toEqual(new Set());
    });
  });

  it('is in Welsh', async () => {
    const browser = new Browser(app);
    const form = await browser.get('/check-progress?lang=cy');
    expect(form.text).toContain('Gwirio hynt eich cais');
    const res = await browser.submit('/check-progress', details(reference));
    expect(res.text).toContain('Eich cais');
    expect(res.text).toContain('Wedi’i gymeradwyo: bathodyn wedi’i archebu');
    const wrong = await browser.submit('/check-progress', details('BB-AAAA-AAAA'));
    expect(wrong.text).toContain('Ni allem ddod o hyd i gais');
    expect(app.kit.translations.missing).toEqual(new Set());
  });
});

describe('the words for each stage', () => {
  it('exist in English and Welsh for every state of the case statechart', () => {
    const resources = loadTranslations();
    const states = caseStates();
    expect(states).toEqual(
      expect.arrayContaining([
        'submitted',
        'assessing.checkingEvidence',
        'assessing.desktopAssessment',
        'assessing.referral.awaitingAppointment',
        'awaitingInformation',
        'deciding',
        'decided.approved',
        'underReview',
        'withdrawn',
        'decided.refused',
        'badgeOrdered',
      ]),
    );
    for (const language of ['en', 'cy'] as const) {
      for (const state of states) {
        const words = state
          .split('.')
          .reduce<unknown>(
            (at, key) => (at as Record<string, unknown>)?.[key],
            (resources[language].progress as Record<string, unknown>).states,
          );
        expect([language, state, words]).toEqual([
          language,
          state,
          { title: expect.any(String), text: expect.any(String) },
        ]);
      }
    }
  });
});

describe('checking progress too often', () => {
  it('stops an address after 10 failures in 15 minutes, even with the right details, and says so', async () => {
    let now = Date.now();
    const app = await buildTestApp({ clock: () => new Date(now) });
    try {
      const reference = await sendApplication(new Browser(app), PIP);
      const browser = new Browser(app);
      for (let i = 0; i < 10; i += 1) {
        const res = await browser.submit('/check-progress', details(reference, DATE_OF_BIRTH, 'M1 1AE'));
        expect(res.status).toBe(400);
      }
      const blocked = await browser.submit('/check-progress', details(reference));
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect(blocked.text).toContain('There have been too many attempts');
      expect(blocked.text).toContain('govuk-error-summary');
      expect(blocked.text).not.toContain('Received');

      now += 15 * 60 * 1000 + 1000;
      const later = await browser.submit('/check-progress', details(reference));
      expect(later.status).toBe(200);
      expect(later.text).toContain('Received');
    } finally {
      await app.kit.close();
    }
  });
});

import type { KitApp } from '../../../app/app';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { answerStep, pageUrl, sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, csrfTokenFrom } from '../../helpers/test-app';
import { approveForm, readyForDecision } from '../../helpers/forms';

/**
 * Many requests at once against one case or one draft (issue #10). The requests really overlap: they are
 * all sent before any is answered, through the app's real HTTP stack, on SQLite here and on PostgreSQL when
 * TEST_DATABASE_URL is set (CI runs both).
 */
const PIP = PERSONAS[0];
const WALKING = PERSONAS.find((persona) => persona.steps.some((step) => step.state === 'mobilityAids'))!;
const AT_ONCE = 20;

describe('concurrency', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  it(`${AT_ONCE} simultaneous approvals of one case make exactly one decision and one badge`, async () => {
    const reference = await sendApplication(new Browser(app), PIP);
    const decider = await addStaff(app, 'decision-maker');
    // Twenty tabs of one officer's browser, each with the approve form open at the same revision.
    const officer = new Browser(app);
    await officer.signIn('', decider.email);
    await readyForDecision(officer, reference);
    const forms = await Promise.all(
      Array.from({ length: AT_ONCE }, () => officer.get(`/staff/cases/${reference}/approve`)),
    );
    const revisions = forms.map((form) => /name="revision" value="(\d+)"/.exec(form.text)?.[1]);
    expect(new Set(revisions).size).toBe(1);
    expect(revisions[0]).toMatch(/^\d+$/);
    const results = await Promise.all(
      forms.map((form) =>
        officer.agent
          .post(`/staff/cases/${reference}/approve`)
          .type('form')
          .send({
            _csrf: csrfTokenFrom(form.text),
            revision: revisions[0],
            ...approveForm(inYears(2)),
          }),
      ),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 303)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(AT_ONCE - 1);
    const caseRow = await app.kit.db('cases').where({ reference }).first();
    expect(caseRow.state).toBe('badgeOrdered');
    expect(await app.kit.db('badges').where({ case_id: caseRow.id })).toHaveLength(1);
    expect(await app.kit.db('audit_events').where({ entity_id: caseRow.id, event: 'APPROVE' })).toHaveLength(
      1,
    );
  });

  it(`${AT_ONCE} simultaneous additions to one draft's list lose no answer`, async () => {
    const browser = new Browser(app);
    await browser.submit('/apply/start', {}, { fromPage: '/apply' });
    const listIndex = WALKING.steps.findIndex((step) => step.state === 'mobilityAids');
    for (const step of WALKING.steps.slice(0, listIndex)) await answerStep(browser, step);
    const listUrl = pageUrl('mobilityAids');
    const form = await browser.get(`${listUrl}/add`);
    expect(form.status).toBe(200);
    const token = csrfTokenFrom(form.text);
    const aids = Array.from({ length: AT_ONCE }, (_, index) => `Walking aid number ${index + 1}`);
    const results = await Promise.all(
      aids.map((aid) =>
        browser.agent
          .post(`${listUrl}/add`)
          .type('form')
          .send({ _csrf: token, aid, usage: 'always', providedBy: 'PRESCRIBE' }),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(aids.map(() => 303));
    const id = (await app.kit.db('applications').orderBy('created_at', 'desc').first('id')).id;
    const { snapshot, row } = (await app.kit.store.load('application', id))!;
    const saved = (snapshot.context.lists.mobilityAids as Array<{ aid: string }>).map((item) => item.aid);
    expect([...saved].sort()).toEqual([...aids].sort());
    // Each addition was its own transition, with its own audit row.
    expect(await app.kit.db('audit_events').where({ entity_id: id, event: 'ADD_ITEM' })).toHaveLength(
      AT_ONCE,
    );
    expect(row.revision).toBeGreaterThan(AT_ONCE);
  });
});

import type { KitApp } from '../../../app/app';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { answerSteps, pageUrl } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, signedIn } from '../../helpers/test-app';
import { dateBoxes } from '../../helpers/forms';

/** Paper, phone and in-person applications, keyed by staff through the citizen journeys (issue #7). */
const PIP = PERSONAS[0];
const KEYING = '/staff/applications';

describe('applications keyed by staff', () => {
  let app: KitApp;
  let assessor: Awaited<ReturnType<typeof addStaff>>;
  let reader: Awaited<ReturnType<typeof addStaff>>;
  beforeAll(async () => {
    app = await buildTestApp();
    assessor = await addStaff(app, 'assessor');
    reader = await addStaff(app, 'read-only');
  });
  afterAll(() => app.kit.close());

  const applicationRows = () => app.kit.db('applications').orderBy('created_at');

  it('asks what is being entered and how it reached the council, with an error for each missing answer', async () => {
    const officer = await signedIn(app, assessor.email);
    const queue = await officer.get('/staff/cases');
    expect(queue.text).toContain(`href="${KEYING}/new"`);
    const form = await officer.get(`${KEYING}/new`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(
      '<title>Enter an application for a resident – Blue Badge casework – Test Council</title>',
    );
    for (const option of ['PAPER', 'PHONE', 'INPERSON', 'application', 'replacement']) {
      expect(form.text).toContain(`value="${option}"`);
    }
    const before = await applicationRows();

    const empty = await officer.submit(`${KEYING}/new`, {});
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('Select what you are entering');
    expect(empty.text).toContain('Select how the application reached the council');
    const online = await officer.submit(`${KEYING}/new`, { journey: 'application', channel: 'ONLINE' });
    expect(online.status).toBe(400); // a resident's own channel, not one staff key
    const unknown = await officer.submit(`${KEYING}/new`, { journey: 'badge', channel: 'PAPER' });
    expect(unknown.status).toBe(400);
    expect(await applicationRows()).toHaveLength(before.length);
  });

  it('keys a paper application end to end through the same journey; the case says how it came and who keyed it', async () => {
    const officer = await signedIn(app, assessor.email);
    const started = await officer.submit(`${KEYING}/new`, { journey: 'application', channel: 'PAPER' });
    expect(started.status).toBe(303);
    expect(started.headers.location).toBe(pageUrl(PIP.steps[0].state, KEYING));

    const firstPage = await officer.get(started.headers.location);
    expect(firstPage.status).toBe(200);
    expect(firstPage.text).toContain('You are entering a paper application for a resident, reference BB-');
    expect(firstPage.text).toContain('Signed in as Test assessor'); // the staff layout, not the citizen one

    const last = await answerSteps(officer, PIP, KEYING);
    expect(last).toBe(pageUrl('checkAnswers', KEYING));
    const cya = await officer.get(last);
    expect(cya.text).toContain(`href="${pageUrl(PIP.steps[0].state, KEYING)}"`); // change links stay in the staff journey

    expect((await officer.submit(last)).headers.location).toBe(pageUrl('declaration', KEYING));
    const declaration = await officer.get(pageUrl('declaration', KEYING));
    expect(declaration.text).toContain('The resident has signed the declaration on the paper form');
    expect(declaration.text).not.toContain('I confirm that the information I have given');
    const unconfirmed = await officer.submit(pageUrl('declaration', KEYING), {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('Confirm that the resident has made the declaration');

    const sent = await officer.submit(pageUrl('declaration', KEYING), { confirm: 'yes' });
    expect(sent.headers.location).toBe(pageUrl('submitted', KEYING));
    const confirmation = await officer.get(pageUrl('submitted', KEYING));
    expect(confirmation.text).toContain('Application entered');
    const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(confirmation.text)![0];
    expect(confirmation.text).toContain(`href="/staff/cases/${reference}"`);
    expect(confirmation.text).toContain(`href="${KEYING}/new"`);

    const application = await app.kit.db('applications').where({ reference }).first();
    expect(application).toMatchObject({ channel: 'PAPER', keyed_by: assessor.id, state: 'submitted' });
    const caseRow = await app.kit.db('cases').where({ reference }).first();
    expect(caseRow).toMatchObject({ channel: 'PAPER', application_type: 'NEW' });
    expect(JSON.parse(caseRow.snapshot).context.keyedBy).toEqual({ id: assessor.id, name: 'Test assessor' });

    // Every answer, and the case's opening, is recorded as the officer's.
    const audit = await app.kit
      .db('audit_events')
      .whereIn('entity_id', [application.id, caseRow.id])
      .select('actor_type', 'actor_id');
    expect(audit.length).toBeGreaterThan(PIP.steps.length);
    expect(audit.every((row) => row.actor_type === 'staff' && row.actor_id === assessor.id)).toBe(true);

    const casePage = await officer.get(`/staff/cases/${reference}`);
    expect(casePage.text).toContain('Paper form');
    expect(casePage.text).toMatch(
      /Entered by\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Test assessor/,
    );
    expect((await officer.get('/staff/cases')).text).toContain(reference);
  });

  it('keys a replacement request made on the phone', async () => {
    const officer = await signedIn(app, assessor.email);
    const base = `${KEYING}/replace`;
    const started = await officer.submit(`${KEYING}/new`, { journey: 'replacement', channel: 'PHONE' });
    expect(started.headers.location).toBe(`${base}/badge-number`);
    await officer.submit(`${base}/badge-number`, { badgeNumber: 'AB12CD' });
    await officer.submit(`${base}/what-happened`, { reason: 'LOST' });
    await officer.submit(`${base}/expiry-date`, dateBoxes('expiryDate', inYears(2)));
    await officer.submit(`${base}/name`, { fullName: 'Margaret Jones' });
    await officer.submit(`${base}/date-of-birth`, dateBoxes('dateOfBirth', '1948-05-17'));
    await officer.submit(`${base}/address`, {
      addressLine1: '12 High Street',
      town: 'Demo Town',
      postcode: 'SW1A 1AA',
    });
    const contact = await officer.submit(`${base}/contact-details`, { phone: '01632 960 001' });
    expect(contact.headers.location).toBe(`${base}/check-your-answers`);
    await officer.submit(`${base}/check-your-answers`);
    const declaration = await officer.get(`${base}/declaration`);
    expect(declaration.text).toContain('agreed to it on the phone or in person');
    expect((await officer.submit(`${base}/declaration`, { confirm: 'yes' })).headers.location).toBe(
      `${base}/request-sent`,
    );
    const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await officer.get(`${base}/request-sent`)).text)![0];
    expect(await app.kit.db('cases').where({ reference }).first()).toMatchObject({
      channel: 'PHONE',
      application_type: 'REPLACE',
    });
  });

  it('lets no one without application:key in: read-only staff get 403, signed-out people the sign-in page', async () => {
    const before = await applicationRows();
    const readOnly = await signedIn(app, reader.email);
    expect((await readOnly.get('/staff/cases')).text).not.toContain(`${KEYING}/new`);
    expect((await readOnly.get(`${KEYING}/new`)).status).toBe(403);
    const refused = await readOnly.submit(
      `${KEYING}/new`,
      { journey: 'application', channel: 'PAPER' },
      { fromPage: '/staff/cases' },
    );
    expect(refused.status).toBe(403);
    expect((await readOnly.get(pageUrl(PIP.steps[0].state, KEYING))).status).toBe(403);

    const resident = new Browser(app);
    await resident.submit('/apply/start', {}, { fromPage: '/apply' });
    const page = await resident.get(pageUrl(PIP.steps[0].state, KEYING));
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/staff/sign-in');
    expect(await applicationRows()).toHaveLength(before.length + 1); // only the resident's own
  });

  it('keeps residents and staff apart: neither can answer the other’s application', async () => {
    const { store } = app.kit;
    const firstStep = PIP.steps[0];
    if (!('answers' in firstStep)) throw new Error('PIP starts with a question');
    const answer = { type: 'SUBMIT', page: firstStep.state, answers: firstStep.answers };
    const staffActor = { type: 'staff', id: assessor.id, name: 'Test assessor', role: 'assessor' } as const;

    const online = await store.create('application', {
      input: { nation: 'england' },
      columns: { reference: 'BB-TEST-0001', council_id: app.kit.councilId },
      actor: { type: 'citizen' },
    });
    expect(await store.send('application', online.id, answer, staffActor)).toEqual({
      ok: false,
      reason: 'forbidden',
    });

    const keyed = await store.create('application', {
      input: { nation: 'england' },
      columns: {
        reference: 'BB-TEST-0002',
        council_id: app.kit.councilId,
        channel: 'PAPER',
        keyed_by: assessor.id,
      },
      actor: staffActor,
    });
    expect(await store.send('application', keyed.id, answer, { type: 'citizen', id: keyed.id })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    // Read-only staff hold no application:key.
    expect(
      await store.send('application', keyed.id, answer, { ...staffActor, role: 'read-only' as const }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    const keyedByStaff = await store.send('application', keyed.id, answer, staffActor);
    expect(keyedByStaff.ok).toBe(true);
    const unchanged = await app.kit.db('applications').where({ id: online.id }).first('revision');
    expect(unchanged.revision).toBe(1);
  });
});

import type { KitApp } from '../../../app/app';
import * as letterPdf from '../../../app/letters/pdf';
import type { LetterRow } from '../../../app/letters/letter-store';
import type { NotificationRow } from '../../../app/notifications/outbox';
import { inYears, PERSONAS, type Persona } from '../../../workflows/application/personas';
import { answerSteps, pageUrl, sendApplication } from '../../helpers/journey';
import { approveForm } from '../../helpers/forms';
import { readPdf } from '../../helpers/pdf';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/**
 * Deciding a case through HTTP sends its letter (the `sendLetter` effect on APPROVE and REFUSE): the
 * letter is kept on the case with its HTML and PDF, and the applicant's email is queued in the outbox, in
 * the decision's own transaction. Staff read the letters from the case page.
 */
const PIP = PERSONAS[0];
const EMAIL = 'resident@example.com';

/** The persona with another email address on its contact page ('' for none). */
function withEmail(persona: Persona, email: string): Persona {
  return {
    ...persona,
    steps: persona.steps.map((step) =>
      step.state === 'contact' && 'answers' in step ? { ...step, answers: { ...step.answers, email } } : step,
    ),
  };
}

describe('letters sent when a case is decided', () => {
  let app: KitApp;
  let officer: Browser;

  beforeAll(async () => {
    app = await buildTestApp();
    await addStaff(app, 'decision-maker', 'dm@test.gov.uk');
    officer = new Browser(app);
    await officer.signIn('', 'dm@test.gov.uk');
  });
  afterAll(() => app.kit.close());
  afterEach(() => jest.restoreAllMocks());

  async function caseOf(reference: string) {
    return (await app.kit.db('cases').where({ reference }).first()) as {
      id: string;
      state: string;
      revision: number;
      updated_at: string;
    };
  }
  const lettersOf = async (caseId: string) =>
    (await app.kit.db('letters').where({ case_id: caseId }).orderBy('created_at')) as LetterRow[];
  const decisionEmails = async (reference: string) =>
    (await app.kit.db('notifications').where({ reference, template: 'decision' })) as NotificationRow[];

  async function assessed(persona: Persona = PIP, browser = new Browser(app)): Promise<string> {
    const reference = await sendApplication(browser, persona);
    expect((await officer.submit(`/staff/cases/${reference}/start-assessment`)).status).toBe(303);
    return reference;
  }

  it('approving keeps the approval letter on the case and emails the applicant, in one transaction', async () => {
    const reference = await assessed();
    const res = await officer.submit(`/staff/cases/${reference}/approve`, approveForm(inYears(2)));
    expect(res.status).toBe(303);
    const caseRow = await caseOf(reference);
    const [letter] = await lettersOf(caseRow.id);
    expect(letter).toMatchObject({ kind: 'approval', language: 'en', created_at: caseRow.updated_at });
    const [email] = await decisionEmails(reference);
    expect(letter.notification_id).toBe(email.id);
    expect(email).toMatchObject({ recipient: EMAIL, language: 'en', created_at: caseRow.updated_at });
    expect(JSON.parse(email.personalisation)).toEqual({
      reference,
      council_name: 'Test Council',
      outcome: 'Your application has been approved.',
    });
    expect(letter.html).toContain('Your Blue Badge application has been approved');
    expect(letter.html).toContain('Margaret Jones');

    // The case page lists it; the letter opens as HTML to print, and as its PDF.
    const casePage = await officer.get(`/staff/cases/${reference}`);
    expect(casePage.text).toContain('id="letters"');
    expect(casePage.text).toContain(`/staff/cases/${reference}/letters/${letter.id}"`);
    expect(casePage.text).toContain(`/staff/cases/${reference}/letters/${letter.id}/pdf"`);
    const view = await officer.get(`/staff/cases/${reference}/letters/${letter.id}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('/stylesheets/letter.css');
    expect(view.text).toContain('Your Blue Badge application has been approved');
    const css = await officer.get('/stylesheets/letter.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('@media print');

    const pdf = await officer.agent.get(`/staff/cases/${reference}/letters/${letter.id}/pdf`).buffer(true);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="approval-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const body = pdf.body as Buffer;
    expect(body.equals(Buffer.from(letter.pdf))).toBe(true);
    const { text } = await readPdf(body);
    expect(text).toContain('Your Blue Badge application has been approved');
    expect(text).toContain(reference);
  });

  it('refusing sends the refusal letter in the applicant’s language: Welsh for someone who applied in Welsh', async () => {
    const resident = new Browser(app);
    await resident.submit('/apply/start', {}, { fromPage: '/apply?lang=cy' });
    await answerSteps(resident, PIP);
    await resident.submit(pageUrl('checkAnswers'));
    await resident.submit(pageUrl('declaration'), { confirm: 'yes' });
    const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await resident.get(pageUrl('submitted'))).text)![0];
    await officer.submit(`/staff/cases/${reference}/start-assessment`);
    const res = await officer.submit(`/staff/cases/${reference}/refuse`, {
      reason: 'Mae’r dyfarniad PIP wedi dod i ben.',
    });
    expect(res.status).toBe(303);
    const [letter] = await lettersOf((await caseOf(reference)).id);
    expect(letter).toMatchObject({ kind: 'refusal', language: 'cy' });
    expect(letter.html).toContain('Mae eich cais am Fathodyn Glas wedi’i wrthod');
    expect(letter.html).toContain('Mae’r dyfarniad PIP wedi dod i ben.');
    // An English council: reconsideration, in Welsh.
    expect(letter.html).toContain('Gallwch ofyn i ni edrych ar ein penderfyniad eto.');
    const [email] = await decisionEmails(reference);
    expect(email.language).toBe('cy');
    expect(JSON.parse(email.personalisation).outcome).toBe('Mae eich cais wedi’i wrthod.');
    expect((await readPdf(Buffer.from(letter.pdf))).text).toContain('Yn gywir');
    const casePage = await officer.get(`/staff/cases/${reference}`);
    expect(casePage.text).toMatch(/Refusal[\s\S]*Welsh, emailed/);
  });

  it('keeps the letter, with no email, for an applicant who gave no email address', async () => {
    const reference = await assessed(withEmail(PIP, ''));
    await officer.submit(`/staff/cases/${reference}/refuse`, { reason: 'The PIP award has ended.' });
    const [letter] = await lettersOf((await caseOf(reference)).id);
    expect(letter).toMatchObject({ kind: 'refusal', notification_id: null });
    expect(await decisionEmails(reference)).toEqual([]);
    expect((await officer.get(`/staff/cases/${reference}`)).text).toContain('not emailed (no email address)');
  });

  it('rolls the decision back when its letter cannot be made: no refusal without its letter, and no email', async () => {
    const reference = await assessed();
    const before = await caseOf(reference);
    jest.spyOn(letterPdf, 'renderLetterPdf').mockRejectedValueOnce(new Error('the PDF could not be made'));
    const res = await officer.submit(`/staff/cases/${reference}/refuse`, {
      reason: 'The PIP award has ended.',
    });
    expect(res.status).toBe(500);
    const after = await caseOf(reference);
    expect(after).toMatchObject({ state: 'assessing', revision: before.revision });
    expect(await lettersOf(after.id)).toEqual([]);
    expect(await decisionEmails(reference)).toEqual([]);
    const audit = await app.kit.db('audit_events').where({ entity_id: after.id, event: 'REFUSE' });
    expect(audit).toEqual([]);

    // Nothing was lost: the same decision goes through once letters work again.
    const retry = await officer.submit(`/staff/cases/${reference}/refuse`, {
      reason: 'The PIP award has ended.',
    });
    expect(retry.status).toBe(303);
    expect(await lettersOf(after.id)).toHaveLength(1);
  });

  it('serves a letter only under its own case: another case’s reference or an unknown id is a 404', async () => {
    const [letter] = (await app.kit.db('letters').limit(1)) as LetterRow[];
    const other = await assessed();
    expect((await officer.get(`/staff/cases/${other}/letters/${letter.id}`)).status).toBe(404);
    expect((await officer.agent.get(`/staff/cases/${other}/letters/${letter.id}/pdf`)).status).toBe(404);
    expect((await officer.get(`/staff/cases/${other}/letters/not-a-letter`)).status).toBe(404);
    expect((await officer.get(`/staff/cases/BB-NONE-NONE/letters/${letter.id}`)).status).toBe(404);
  });
});

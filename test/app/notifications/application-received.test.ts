import { randomUUID } from 'node:crypto';
import type { KitApp } from '../../../app/app';
import { ApplicantEmails } from '../../../app/notifications/applicant-emails';
import type { NotificationRow } from '../../../app/notifications/outbox';
import { PERSONAS, type Persona } from '../../../workflows/application/personas';
import { answerSteps, pageUrl, sendApplication } from '../../helpers/journey';
import { startNotifyStandIn, type NotifyStandIn } from '../../helpers/notify-stand-in';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/**
 * "Application received" (issue #5): queued in the transaction that sends the application and delivered
 * after it commits, through the local outbox or GOV.UK Notify (a local stand-in for its API that checks
 * each request as Notify would). Never a 500 for the applicant when Notify fails.
 */
const PIP = PERSONAS[0];
const ORGANISATION = PERSONAS.find((p) => p.steps.some((s) => s.state === 'orgContact'))!;
const EMAIL = 'resident@example.com';

/** Every template id the `notify` provider needs, English and Welsh. */
const TEMPLATE_IDS = Object.fromEntries(
  ['applicationReceived', 'saveAndReturn', 'moreInformation', 'decision'].flatMap((stem) => [
    [`${stem}TemplateId`, randomUUID()],
    [`${stem}WelshTemplateId`, randomUUID()],
  ]),
);

const rows = (app: KitApp) => app.kit.db('notifications').orderBy('created_at') as Promise<NotificationRow[]>;

/** The persona with another email address on its contact page (or none). */
function withEmail(persona: Persona, email: string): Persona {
  return {
    ...persona,
    steps: persona.steps.map((step) =>
      step.state === 'contact' && 'answers' in step ? { ...step, answers: { ...step.answers, email } } : step,
    ),
  };
}

describe('the application received email, kept in the local outbox (the default)', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  it('is queued with the reference and council name when the applicant gave an email address', async () => {
    const reference = await sendApplication(new Browser(app), PIP);
    await app.kit.notifications.idle();
    const [row] = (await rows(app)).filter((r) => r.reference === reference);
    expect(row).toMatchObject({
      template: 'application-received',
      language: 'en',
      recipient: EMAIL,
      status: 'sent',
      provider: 'outbox',
      attempts: 1,
      error: null,
    });
    expect(JSON.parse(row.personalisation)).toEqual({
      reference,
      council_name: 'Test Council',
      name: PIP.steps.find((s) => s.state === 'fullName' && 'answers' in s)!['answers' as never]['fullName'],
    });
    expect(row.sent_at).not.toBeNull();
  });

  it('is in Welsh for someone who used the service in Welsh', async () => {
    const browser = new Browser(app);
    await browser.submit('/apply/start', {}, { fromPage: '/apply?lang=cy' });
    await answerSteps(browser, PIP);
    await browser.submit(pageUrl('checkAnswers'));
    await browser.submit(pageUrl('declaration'), { confirm: 'yes' });
    const confirmation = await browser.get(pageUrl('submitted'));
    const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(confirmation.text)![0];
    await app.kit.notifications.idle();
    const row = (await rows(app)).find((r) => r.reference === reference);
    expect(row).toMatchObject({ language: 'cy', template: 'application-received' });
  });

  it('is not sent when no email address was given', async () => {
    const before = (await rows(app)).length;
    const organisation = await sendApplication(new Browser(app), ORGANISATION);
    const noEmail = await sendApplication(new Browser(app), withEmail(PIP, ''));
    await app.kit.notifications.idle();
    const after = await rows(app);
    expect(after).toHaveLength(before);
    expect(after.map((r) => r.reference)).not.toContain(organisation);
    expect(after.map((r) => r.reference)).not.toContain(noEmail);
  });

  it('goes to applications staff key from a paper form when the form gave an email address', async () => {
    const assessor = await addStaff(app, 'assessor');
    const officer = new Browser(app);
    await officer.signIn('', assessor.email);
    const keying = '/staff/applications';
    await officer.submit(`${keying}/new`, { journey: 'application', channel: 'PAPER' });
    await answerSteps(officer, withEmail(PIP, 'paper.applicant@example.com'), keying);
    await officer.submit(pageUrl('checkAnswers', keying));
    const sent = await officer.submit(pageUrl('declaration', keying), { confirm: 'yes' });
    expect(sent.status).toBe(303);
    await app.kit.notifications.idle();
    const row = (await rows(app)).find((r) => r.recipient === 'paper.applicant@example.com');
    expect(row).toMatchObject({ template: 'application-received', language: 'en', status: 'sent' });
  });
});

describe('the application received email through GOV.UK Notify', () => {
  let notify: NotifyStandIn;
  let app: KitApp;
  let now = Date.now();
  beforeAll(async () => {
    notify = await startNotifyStandIn();
    app = await buildTestApp({
      council: { notifications: { provider: 'notify', ...TEMPLATE_IDS } },
      notifyApiKey: notify.apiKey,
      notifyBaseUrl: notify.url,
      clock: () => new Date(now),
      notificationRetryMs: 0,
    });
  });
  afterAll(async () => {
    await app.kit.close();
    await notify.close();
  });
  beforeEach(() => {
    notify.failWith = undefined;
    notify.received.length = 0;
    notify.refused.length = 0;
  });

  it('sends the template, address, personalisation and reference, signed as the service', async () => {
    const reference = await sendApplication(new Browser(app), PIP);
    await app.kit.notifications.idle();
    expect(notify.refused).toEqual([]);
    expect(notify.received).toHaveLength(1);
    const [email] = notify.received;
    expect(email).toMatchObject({
      templateId: TEMPLATE_IDS.applicationReceivedTemplateId,
      emailAddress: EMAIL,
      reference,
      personalisation: { reference, council_name: 'Test Council' },
    });
    expect(email.token.iss).toBe(notify.serviceId);
    expect(Math.abs(email.token.iat - Date.now() / 1000)).toBeLessThan(30);
    const row = (await rows(app)).find((r) => r.reference === reference)!;
    expect(row).toMatchObject({ status: 'sent', provider: 'notify', error: null });
    expect(row.provider_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the Welsh template for a Welsh speaker', async () => {
    const browser = new Browser(app);
    await browser.get('/apply?lang=cy');
    await sendApplication(browser, PIP);
    await app.kit.notifications.idle();
    expect(notify.received.map((e) => e.templateId)).toEqual([
      TEMPLATE_IDS.applicationReceivedWelshTemplateId,
    ]);
  });

  it.each([400, 500] as const)(
    'marks the email failed when Notify answers %i, shows the applicant their confirmation, and retries later',
    async (status) => {
      notify.failWith = status;
      const browser = new Browser(app);
      const reference = await sendApplication(browser, PIP); // the confirmation page, not a 500
      await app.kit.notifications.idle();
      let row = (await rows(app)).find((r) => r.reference === reference)!;
      expect(row.status).toBe('failed');
      expect(row.error).toContain(`HTTP ${status}`);
      expect(notify.refused.map((r) => r.status)).toEqual([status]);

      // Not before its time: the retry waits.
      notify.failWith = undefined;
      await app.kit.notifications.deliverDue();
      expect(notify.received).toHaveLength(0);

      now += 2 * 60 * 1000;
      await app.kit.notifications.deliverDue();
      row = (await rows(app)).find((r) => r.reference === reference)!;
      expect(row).toMatchObject({ status: 'sent', attempts: 2, error: null });
      expect(notify.received.map((e) => e.reference)).toEqual([reference]);

      // Sent once only, however often the retry runs.
      now += 60 * 60 * 1000;
      await app.kit.notifications.deliverDue();
      expect(notify.received).toHaveLength(1);
    },
  );

  it('sends nothing for a transaction that rolled back', async () => {
    const emails = new ApplicantEmails(app.kit.notifications, 'Test Council');
    const reference = 'BB-ROLL-BACK';
    await expect(
      app.kit.db.transaction(async (trx) => {
        await emails.applicationReceived(trx, {
          councilId: app.kit.councilId,
          reference,
          to: EMAIL,
          name: 'Someone',
          language: 'en',
          now: new Date(now).toISOString(),
        });
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow('the transition failed');
    await app.kit.notifications.idle();
    await app.kit.notifications.deliverDue();
    expect(notify.received).toEqual([]);
    expect((await rows(app)).map((r) => r.reference)).not.toContain(reference);
  });
});

describe('starting with GOV.UK Notify', () => {
  it('needs NOTIFY_API_KEY and every template id', async () => {
    await expect(
      buildTestApp({ council: { notifications: { provider: 'notify', ...TEMPLATE_IDS } } }),
    ).rejects.toThrow('NOTIFY_API_KEY must be set when notifications.provider is notify');
    const notify = await startNotifyStandIn();
    await expect(
      buildTestApp({
        council: { notifications: { provider: 'notify', applicationReceivedTemplateId: randomUUID() } },
        notifyApiKey: notify.apiKey,
      }),
    ).rejects.toThrow(
      'these must be set: notifications.saveAndReturnTemplateId, notifications.moreInformationTemplateId, notifications.decisionTemplateId',
    );
    await expect(
      buildTestApp({
        council: { notifications: { provider: 'notify', ...TEMPLATE_IDS } },
        notifyApiKey: 'not-a-key',
      }),
    ).rejects.toThrow('NOTIFY_API_KEY is not a GOV.UK Notify API key');
    await notify.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type KitApp } from '../../../app/app';
import { WORKFLOW_TIMER_JOB } from '../../../app/engine/timers';
import type { CaseContext } from '../../../workflows/case/machine';
import { addDays, todayInUk } from '../../../workflows/rules/dates';
import { personaFor } from '../../helpers/case';
import { freshDatabase, usingPostgres } from '../../helpers/database';
import { allEvidenceAccepted, dateBoxes } from '../../helpers/forms';
import { fixtureFile, sendApplication } from '../../helpers/journey';
import {
  receivedFrom,
  startNotifyStandIn,
  throughStandIn,
  type NotifyStandIn,
} from '../../helpers/notify-stand-in';
import { addStaff, Browser, signedIn, TEST_SECRET } from '../../helpers/test-app';

/**
 * Asking the applicant for more information: the email with its secure link, the reply and files in
 * English and Welsh, and the reminder and withdrawal timers, which fire after the kit restarts.
 */
const DAY = 24 * 60 * 60 * 1000;

describe('asking the applicant for more information', () => {
  let database: { url: string; drop(): Promise<void> };
  let uploadDir: string;
  let workDir: string;
  const apps: KitApp[] = [];
  // The emails go to a GOV.UK Notify stand-in: the outbox keeps no reply link to read them from.
  let notify: NotifyStandIn;

  /** A kit on the shared database, its clock `days` ahead; jobs run only when the test asks. */
  const kit = async (days = 0) => {
    const app = await createApp({
      databaseUrl: database.url,
      uploadDir,
      sessionSecret: TEST_SECRET,
      nation: 'england',
      councilName: 'Test Council',
      ...throughStandIn(notify),
      runJobs: false,
      clock: () => new Date(Date.now() + days * DAY),
      logError: () => undefined,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    notify = await startNotifyStandIn();
    workDir = mkdtempSync(path.join(os.tmpdir(), 'kit-more-information-'));
    uploadDir = path.join(workDir, 'uploads');
    // A database that outlives one app instance: a file for SQLite, a fresh database on PostgreSQL.
    database = usingPostgres()
      ? await freshDatabase()
      : { url: `sqlite://${path.join(workDir, 'kit.sqlite')}`, drop: async () => undefined };
  });
  afterAll(async () => {
    for (const app of apps) await app.kit.close().catch(() => undefined);
    await notify.close();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  const stateOf = async (app: KitApp, reference: string) => {
    const row = await app.kit.db('cases').where({ reference }).first();
    return { state: row.state as string, context: JSON.parse(row.snapshot).context as CaseContext, row };
  };

  /** A PIP case sent and checked, then the officer asks for more by `due`; returns the link emailed. */
  const askForMore = async (app: KitApp, officer: Browser, due: string) => {
    const reference = await sendApplication(new Browser(app), personaFor('PIP'));
    const caseUrl = `/staff/cases/${reference}`;
    await officer.submit(`${caseUrl}/start-assessment`);
    const blank = await officer.submit(`${caseUrl}/request-information`, {
      whatIsNeeded: '',
      ...dateBoxes('dueDate', due),
    });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('Enter what you need from the applicant');
    const asked = await officer.submit(`${caseUrl}/request-information`, {
      whatIsNeeded: 'A copy of your PIP award letter showing all pages',
      ...dateBoxes('dueDate', due),
    });
    expect(asked.status).toBe(303);
    await app.kit.notifications.idle();
    const email = receivedFrom(notify, 'moreInformation').find((sent) => sent.reference === reference)!;
    const personalisation = email.personalisation;
    expect(email.emailAddress).toBe('resident@example.com');
    expect(personalisation).toMatchObject({
      request: 'A copy of your PIP award letter showing all pages',
      reminder: 'no',
    });
    // One email (with the link); the request's letter is kept on the case for post.
    expect(await app.kit.db('notifications').where({ reference, template: 'more-information' })).toHaveLength(
      1,
    );
    const caseRow = await app.kit.db('cases').where({ reference }).first('id');
    expect((await app.kit.db('letters').where({ case_id: caseRow.id })).map((l) => l.kind)).toEqual([
      'information-request',
    ]);
    const link = new URL(personalisation.link, 'http://kit.test').pathname;
    expect(link).toMatch(/^\/more-information\/[A-Za-z0-9_-]{43}$/);
    return { reference, caseUrl, link };
  };

  it('emails a secure link; the applicant replies with a file, in English or Welsh, and the case goes back to its officer', async () => {
    const app = await kit();
    const officer = await signedIn(app, (await addStaff(app, 'assessor', 'loop@test.gov.uk')).email);
    const { reference, caseUrl, link } = await askForMore(app, officer, addDays(todayInUk(), 20));
    expect((await stateOf(app, reference)).state).toBe('awaitingInformation');
    const timers = await app.kit.db('scheduled_jobs').where({ kind: WORKFLOW_TIMER_JOB });
    expect(timers).toHaveLength(2);

    const applicant = new Browser(app);
    const page = await applicant.get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('A copy of your PIP award letter showing all pages');
    const welsh = await applicant.get(`${link}?lang=cy`);
    expect(welsh.text).toContain('Anfon rhagor o wybodaeth');
    await applicant.get(`${link}?lang=en`);

    // A file checked by its content: a program named .jpg is refused; a letter is kept.
    const bad = await applicant.upload(`${link}/upload`, fixtureFile('program.jpg'), {});
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The selected file must be a JPG, PNG, GIF or PDF');
    const uploaded = await applicant.upload(`${link}/upload`, fixtureFile('letter.pdf'), {});
    expect(uploaded.status).toBe(303);
    expect((await applicant.get(link)).text).toContain('letter.pdf');

    const empty = await applicant.submit(link, { reply: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter your reply');
    // Post/redirect/get: the reply is sent once; the confirmation is a page of its own, without the token.
    const sent = await applicant.submit(link, { reply: 'Here is my award letter.' });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe('/more-information/sent');
    const auditRows = async () => app.kit.db('audit_events').count({ n: '*' }).first();
    const auditAfterReply = await auditRows();
    for (let refresh = 0; refresh < 2; refresh++) {
      const confirmation = await applicant.get('/more-information/sent');
      expect(confirmation.status).toBe(200);
      expect(confirmation.text).toContain('Reply sent');
      expect(confirmation.text).toContain(reference);
      expect(confirmation.text).not.toContain(link.split('/').at(-1));
      expect(confirmation.text).not.toContain('Here is my award letter.');
    }
    expect((await applicant.get('/more-information/sent?lang=cy')).text).toContain('<html lang="cy"');
    await applicant.get('/more-information/sent?lang=en');
    expect(await auditRows()).toEqual(auditAfterReply);
    // Another browser (or this one's session gone) has nothing to confirm.
    const stranger = await new Browser(app).get('/more-information/sent');
    expect(stranger.status).toBe(404);
    expect(stranger.text).not.toContain(reference);

    const { state, context } = await stateOf(app, reference);
    expect(state).toBe('assessing.checkingEvidence');
    expect(context.informationRequests?.[0]).toMatchObject({ reply: 'Here is my award letter.' });
    expect(context.informationRequests).toHaveLength(1);
    // The timers are taken back, and the link works once only.
    const pending = await app.kit
      .db('scheduled_jobs')
      .where({ kind: WORKFLOW_TIMER_JOB })
      .whereNull('done_at');
    expect(pending).toHaveLength(0);
    expect((await applicant.get(link)).status).toBe(404);
    expect((await new Browser(app).get('/more-information/not-a-real-token')).status).toBe(404);

    // The officer sees the reply and opens the file.
    const casePage = await officer.get(caseUrl);
    expect(casePage.text).toContain('Here is my award letter.');
    const fileUrl = /href="([^"]+\/evidence\/[0-9a-f-]{36})">letter\.pdf/.exec(casePage.text)?.[1];
    expect(fileUrl).toBeDefined();
    const file = await officer.get(fileUrl!);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect((await officer.submit(`${caseUrl}/check-evidence`, allEvidenceAccepted())).status).toBe(303);
    expect((await stateOf(app, reference)).state).toBe('deciding');
    await app.kit.close();
  });

  it('sends a reminder, then withdraws the application, from timers that survive restarts', async () => {
    const first = await kit();
    const officer = await signedIn(first, (await addStaff(first, 'assessor', 'timers@test.gov.uk')).email);
    const { reference, link } = await askForMore(first, officer, addDays(todayInUk(), 20));
    await first.kit.close();

    // A new instance 15 days on: the reminder (14 days, council.json) is due, the withdrawal not yet.
    const second = await kit(15);
    expect(await second.kit.jobs.runDueJobs()).toBeGreaterThan(0);
    let found = await stateOf(second, reference);
    expect(found.state).toBe('awaitingInformation');
    expect(found.context.informationRequests?.[0].reminderSentAt).toBe(addDays(todayInUk(), 14));
    const reminder = await second.kit
      .db('notifications')
      .where({ reference, template: 'more-information' })
      .orderBy('created_at', 'desc')
      .first();
    expect(JSON.parse(reminder.personalisation)).toMatchObject({ reminder: 'yes' });
    await second.kit.close();

    // Another 6 days: past the due date with no reply, so the application is withdrawn.
    const third = await kit(21);
    await third.kit.jobs.runDueJobs();
    found = await stateOf(third, reference);
    expect(found.state).toBe('withdrawn');
    expect(found.context.withdrawal).toEqual({
      withdrawnAt: addDays(todayInUk(), 21),
      reason: 'no-reply',
    });
    const audit = await third.kit
      .db('audit_events')
      .where({ entity_id: found.row.id })
      .orderBy('id', 'desc')
      .first();
    expect([audit.to_state, audit.actor_type, audit.actor_name]).toEqual(['withdrawn', 'system', 'Timer']);
    const letters = await third.kit.db('letters').where({ case_id: found.row.id }).orderBy('created_at');
    expect(letters.map((letter) => letter.kind)).toEqual(['information-request', 'reminder', 'withdrawal']);
    // The link no longer answers anything.
    expect((await new Browser(third).get(link)).status).toBe(404);
    await third.kit.close();
  });
});

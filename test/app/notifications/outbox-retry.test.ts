import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type KitApp } from '../../../app/app';
import { OUTBOX_RETRY_JOB, type NotificationRow } from '../../../app/notifications/outbox';
import { JOBS_TABLE } from '../../../app/jobs/schedule';
import { PERSONAS } from '../../../workflows/application/personas';
import { lastingDatabase } from '../../helpers/database';
import { sendApplication } from '../../helpers/journey';
import { startNotifyStandIn, type NotifyStandIn } from '../../helpers/notify-stand-in';
import { Browser, TEST_SECRET } from '../../helpers/test-app';

/**
 * The outbox's retry runs on the job runner (a recurring job, once across instances), not a timer of its
 * own: an email that failed is sent by the next run, including one the runner of a new process makes after
 * a restart, and no sooner.
 */
const TEMPLATE_IDS = Object.fromEntries(
  ['applicationReceived', 'saveAndReturn', 'moreInformation', 'decision'].flatMap((stem, i) => [
    [`${stem}TemplateId`, `00000000-0000-4000-8000-00000000000${i}`],
    [`${stem}WelshTemplateId`, `00000000-0000-4000-8000-00000000001${i}`],
  ]),
);

describe('the outbox retry on the job runner', () => {
  let notify: NotifyStandIn;
  let uploadDir: string;
  beforeAll(async () => {
    notify = await startNotifyStandIn();
    uploadDir = mkdtempSync(path.join(os.tmpdir(), 'kit-uploads-'));
  });
  afterAll(async () => {
    await notify.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  let now = Date.now();
  const appOn = (url: string) =>
    createApp({
      databaseUrl: url,
      uploadDir,
      sessionSecret: TEST_SECRET,
      nation: 'england',
      councilName: 'Test Council',
      council: { notifications: { provider: 'notify', ...TEMPLATE_IDS } },
      notifyApiKey: notify.apiKey,
      notifyBaseUrl: notify.url,
      clock: () => new Date(now),
      // Driven one poll at a time below.
      runJobs: false,
      logError: () => undefined,
    });
  const outbox = (app: KitApp) => app.kit.db('notifications').select('*') as Promise<NotificationRow[]>;

  it('sends an email that failed before a restart from the new process’s job runner, once', async () => {
    const database = await lastingDatabase();
    try {
      const before = await appOn(database.url);
      notify.failWith = 500;
      const reference = await sendApplication(new Browser(before), PERSONAS[0]);
      await before.kit.notifications.idle();
      expect((await outbox(before))[0]).toMatchObject({ reference, status: 'failed', attempts: 1 });
      await before.kit.close();

      notify.failWith = undefined;
      now += 5 * 60 * 1000;
      const after = await appOn(database.url);
      try {
        // The first poll arms the retry for the next whole minute; nothing is sent before it is due.
        await after.kit.jobs.runDueJobs();
        await after.kit.notifications.idle();
        expect(notify.received).toHaveLength(0);
        const [retry] = await after.kit
          .db(JOBS_TABLE)
          .where({ kind: OUTBOX_RETRY_JOB })
          .whereNull('done_at')
          .select('due_at');
        expect(new Date(retry.due_at).getTime() - now).toBeLessThanOrEqual(60_000);

        now = new Date(retry.due_at).getTime() + 1000;
        await after.kit.jobs.runDueJobs();
        await after.kit.notifications.idle();
        expect(notify.received.map((email) => email.reference)).toEqual([reference]);
        expect((await outbox(after))[0]).toMatchObject({ status: 'sent', attempts: 2, error: null });

        // Later runs find nothing to send.
        now += 10 * 60 * 1000;
        await after.kit.jobs.runDueJobs();
        await after.kit.notifications.idle();
        expect(notify.received).toHaveLength(1);
        const runs = await after.kit.db(JOBS_TABLE).where({ kind: OUTBOX_RETRY_JOB }).whereNotNull('done_at');
        expect(runs).toHaveLength(2);
      } finally {
        await after.kit.close();
      }
    } finally {
      await database.drop();
    }
  });
});

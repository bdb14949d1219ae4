import type { KitApp } from '../../../app/app';
import { JOBS_TABLE } from '../../../app/jobs/schedule';
import { PERSONAS } from '../../../workflows/application/personas';
import { countRows } from '../../helpers/database';
import { answerStep, sendApplication } from '../../helpers/journey';
import { Browser, buildTestApp } from '../../helpers/test-app';

/**
 * The daily retention job, for abandoned drafts: an application started and never sent is deleted,
 * answers and audit rows alike, RETENTION_DRAFT_DAYS after its last change; sent applications and recent
 * drafts stay; only a count per state is kept.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const PIP = PERSONAS[0];

describe('retention of abandoned drafts', () => {
  let app: KitApp;
  let now: Date;
  beforeEach(async () => {
    now = new Date();
    app = await buildTestApp({ runJobs: false, retentionDraftDays: 28, jobs: { clock: () => now } });
  });
  afterEach(() => app.kit.close());

  /** Starts an application and answers its first `steps` steps; returns the browser and the application id. */
  async function draft(steps: number) {
    const before = new Set((await app.kit.db('applications').select('id')).map((row) => row.id as string));
    const browser = new Browser(app);
    await browser.submit('/apply/start', {}, { fromPage: '/apply' });
    for (const step of PIP.steps.slice(0, steps)) await answerStep(browser, step);
    const rows = (await app.kit.db('applications').select('id', 'state')) as Array<{
      id: string;
      state: string;
    }>;
    const [row] = rows.filter((candidate) => !before.has(candidate.id));
    return { browser, id: row.id, state: row.state };
  }

  const ageBy = (id: string, days: number) =>
    app.kit
      .db('applications')
      .where({ id })
      .update({ updated_at: new Date(now.getTime() - days * DAY_MS).toISOString() });

  it('deletes a draft untouched for 28 days in the nightly run, keeping sent applications, recent drafts and a count', async () => {
    const old = await draft(2);
    const older = await draft(2);
    const recent = await draft(1);
    const sentReference = await sendApplication(new Browser(app), PIP);
    await ageBy(old.id, 29);
    await ageBy(older.id, 40);
    await ageBy(recent.id, 27);
    await app.kit
      .db('applications')
      .where({ reference: sentReference })
      .update({
        updated_at: new Date(now.getTime() - 400 * DAY_MS).toISOString(),
      });
    expect(await countRows(app.kit.db, 'audit_events', { entity_id: old.id })).toBeGreaterThan(0);

    // The first poll schedules the nightly run; nothing is deleted before 02:00 UTC.
    await app.kit.jobs.runDueJobs();
    const retention = await app.kit.db(JOBS_TABLE).where({ kind: 'kit:retention' }).first('due_at');
    expect(retention.due_at).toMatch(/T02:00:00\.000Z$/);
    expect(await countRows(app.kit.db, 'applications')).toBe(4);

    now = new Date(new Date(retention.due_at).getTime() + 1000);
    await app.kit.jobs.runDueJobs();
    const left = (await app.kit.db('applications').select('id')).map((row) => row.id);
    expect(left).not.toContain(old.id);
    expect(left).not.toContain(older.id);
    expect(left).toContain(recent.id);
    expect(await countRows(app.kit.db, 'applications', { reference: sentReference })).toBe(1);
    expect(await countRows(app.kit.db, 'audit_events', { entity_id: old.id })).toBe(0);
    expect(await countRows(app.kit.db, 'audit_events', { entity_id: recent.id })).toBeGreaterThan(0);

    const figures = await app.kit
      .db('retention_figures')
      .select('record_type', 'workflow_id', 'state', 'deleted');
    expect(figures).toEqual([
      { record_type: 'abandoned-draft', workflow_id: 'application', state: old.state, deleted: 2 },
    ]);
    // The next run is tomorrow night; the person who abandoned the draft is sent to start again.
    const next = await app.kit
      .db(JOBS_TABLE)
      .where({ kind: 'kit:retention' })
      .whereNull('done_at')
      .first('due_at');
    expect(new Date(next.due_at).getTime() - new Date(retention.due_at).getTime()).toBe(DAY_MS);
    const back = await old.browser.get('/apply/date-of-birth');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/apply');
  });
});

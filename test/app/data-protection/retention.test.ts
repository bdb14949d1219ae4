import type { KitApp } from '../../../app/app';
import { dateMonthsBefore, monthsBefore } from '../../../app/data-protection/periods';
import { PERSONAL_DATA, rowsOf, subjectOfCases } from '../../../app/data-protection/registry';
import { recordCaseView } from '../../../app/services/case-views';
import { PERSONAS } from '../../../workflows/application/personas';
import { addYears, todayInUk } from '../../../workflows/rules/dates';
import { countRows } from '../../helpers/database';
import {
  approveCase,
  caseRow,
  decisionMaker,
  evidenceFilesOf,
  onDisk,
  refuseCase,
} from '../../helpers/data-protection';
import { sendApplication, walkPersona } from '../../helpers/journey';
import { Browser, buildTestApp } from '../../helpers/test-app';

/**
 * The daily retention job for each kind of record, with a fixed clock: records just past their period
 * go (rows in every table of the registry, and their evidence files from disk), records just inside it
 * stay, open cases stay, and only anonymised counts are kept.
 */
const PIP = PERSONAS[0];
const DAY_MS = 24 * 60 * 60 * 1000;
const POLICY = { abandonedDraftDays: 28, closedWithoutBadgeMonths: 12, expiredBadgeMonths: 12 };

/** A moment `months` after `moment` (the inverse of monthsBefore, for the test's arithmetic). */
const monthsAfter = (moment: Date, months: number) => monthsBefore(moment, -months);
const nextDay = (date: string) =>
  new Date(new Date(`${date}T00:00:00.000Z`).getTime() + DAY_MS).toISOString().slice(0, 10);

// Several applications sent through the pages per test; PostgreSQL on a busy CI machine needs the time.
jest.setTimeout(120_000);

describe('retention by record type', () => {
  let app: KitApp;
  let now: Date;
  let officer: Awaited<ReturnType<typeof decisionMaker>>;
  beforeEach(async () => {
    now = new Date(`${todayInUk()}T10:00:00.000Z`);
    app = await buildTestApp({ runJobs: false, council: { retention: POLICY }, clock: () => now });
    officer = await decisionMaker(app);
    // The first poll arms the nightly retention run.
    await app.kit.jobs.runDueJobs();
  });
  afterEach(() => app.kit.close());

  /** Runs every due job at `moment`: the retention run, then the file deletions it armed. */
  async function runJobsAt(moment: Date) {
    now = moment;
    await app.kit.jobs.runDueJobs();
    await app.kit.jobs.runDueJobs();
  }

  /** Rows for the reference in every table of the personal data registry. */
  async function rowsInRegistry(reference: string) {
    const found = await caseRow(app, reference);
    const subject = await subjectOfCases(app.kit.db, found ? [found.id] : [], []);
    if (!found) {
      const application = await app.kit.db('applications').where({ reference }).first('id');
      if (application) subject.applicationIds.push(application.id);
      subject.references.push(reference);
    }
    let total = 0;
    for (const entry of PERSONAL_DATA) {
      const [row] = await rowsOf(app.kit.db, entry, subject).count<{ n: number | string }[]>({ n: '*' });
      total += Number(row.n);
    }
    return total;
  }

  it('deletes cases closed without a badge 12 months after they closed, with their files, and keeps counts', async () => {
    const justOutside = await sendApplication(new Browser(app), PIP);
    const open = await sendApplication(new Browser(app), PIP);
    const closedAt = now;
    await refuseCase(app, justOutside, officer);
    await recordCaseView(app.kit.db, (await caseRow(app, justOutside)).id, officer);
    now = new Date(closedAt.getTime() + 2 * DAY_MS);
    const justInside = await sendApplication(new Browser(app), PIP);
    await refuseCase(app, justInside, officer);
    expect((await caseRow(app, justOutside)).closed_at).toBe(closedAt.toISOString());
    expect((await caseRow(app, open)).closed_at).toBeNull();
    const outsideFiles = await evidenceFilesOf(app, justOutside);
    const insideFiles = await evidenceFilesOf(app, justInside);
    expect(outsideFiles.length).toBeGreaterThan(0);
    expect(onDisk(outsideFiles)).toEqual(outsideFiles);
    // The emails sent: application received, and the refusal letter's.
    expect(await countRows(app.kit.db, 'notifications', { reference: justOutside })).toBeGreaterThan(0);

    // 12 months and one day after the first was refused: one day past its period, one day inside the other's.
    await runJobsAt(new Date(monthsAfter(closedAt, 12).getTime() + DAY_MS));
    expect(await rowsInRegistry(justOutside)).toBe(0);
    expect(onDisk(outsideFiles)).toEqual([]);
    expect(await caseRow(app, justInside)).toBeDefined();
    expect(onDisk(insideFiles)).toEqual(insideFiles);
    expect(await caseRow(app, open)).toBeDefined();

    const figures = await app.kit.db('retention_figures').where({ record_type: 'closed-without-badge' });
    expect(figures).toEqual([
      expect.objectContaining({
        workflow_id: 'case',
        state: 'decided.refused',
        eligibility_code: (await caseRow(app, justInside)).eligibility_code,
        closed_month: closedAt.toISOString().slice(0, 7),
        deleted: 1,
      }),
    ]);
    // Anonymised: nothing in the figures names or identifies the person.
    expect(JSON.stringify(figures)).not.toContain(justOutside);
    expect(JSON.stringify(figures)).not.toContain('Margaret Jones');
  });

  it('deletes a badge, its case and application 12 months after the badge expired', async () => {
    const expiry = addYears(todayInUk(now), 1);
    const expired = await sendApplication(new Browser(app), PIP);
    const stillKept = await sendApplication(new Browser(app), PIP);
    const refusedRecently = await sendApplication(new Browser(app), PIP);
    await approveCase(app, expired, officer, expiry);
    await approveCase(app, stillKept, officer, nextDay(expiry));
    const expiredFiles = await evidenceFilesOf(app, expired);
    const keptFiles = await evidenceFilesOf(app, stillKept);

    // The day after the first badge's 12 months ran out: the second badge is exactly 12 months expired.
    const runAt = new Date(`${nextDay(dateMonthsBefore(expiry, -12))}T10:00:00.000Z`);
    // A case refused within the 12 months before the run: kept.
    now = new Date(runAt.getTime() - 30 * DAY_MS);
    await refuseCase(app, refusedRecently, officer);
    await runJobsAt(runAt);

    expect(await rowsInRegistry(expired)).toBe(0);
    expect(onDisk(expiredFiles)).toEqual([]);
    expect(await caseRow(app, stillKept)).toBeDefined();
    expect(onDisk(keptFiles)).toEqual(keptFiles);
    expect(await countRows(app.kit.db, 'badges')).toBe(1);
    expect(await caseRow(app, refusedRecently)).toBeDefined();
    const figures = await app.kit
      .db('retention_figures')
      .where({ record_type: 'expired-badge' })
      .select('workflow_id', 'state', 'closed_month', 'deleted');
    expect(figures).toEqual([
      { workflow_id: 'badge', state: 'expired', closed_month: expiry.slice(0, 7), deleted: 1 },
    ]);
  });

  it("deletes an abandoned draft's evidence files with its rows", async () => {
    const browser = new Browser(app);
    await walkPersona(browser, PIP);
    const draft = (await app.kit.db('applications').whereNull('submitted_at').first('id', 'reference')) as {
      id: string;
      reference: string;
    };
    const files = await evidenceFilesOf(app, draft.reference);
    expect(onDisk(files).length).toBeGreaterThan(0);
    await app.kit
      .db('applications')
      .where({ id: draft.id })
      .update({ updated_at: new Date(now.getTime() - 29 * DAY_MS).toISOString() });
    await runJobsAt(new Date(now.getTime() + DAY_MS));
    expect(await countRows(app.kit.db, 'applications', { id: draft.id })).toBe(0);
    expect(await countRows(app.kit.db, 'evidence', { instance_id: draft.id })).toBe(0);
    expect(onDisk(files)).toEqual([]);
  });
});

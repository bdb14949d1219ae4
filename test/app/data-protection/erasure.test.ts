import type { KitApp } from '../../../app/app';
import { PERSONAL_DATA, rowsOf, type Subject } from '../../../app/data-protection/registry';
import { personOfCase } from '../../../app/data-protection/person';
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
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, signedIn } from '../../helpers/test-app';

/**
 * Erasure on request: everything the registry holds for the person goes (rows and files), nothing of
 * anyone else's changes, the erasure is logged without personal data, and it is refused while a case is
 * open or a badge is still in force.
 */
const MARGARET = PERSONAS[0]; // Margaret Jones, 1968-12-04
const PRIYA = PERSONAS[2]; // Priya Shah: someone else

/** Every row of the subject's in every table of the registry, as text to compare before and after. */
async function registryRows(app: KitApp, subject: Subject) {
  const rows: Record<string, unknown[]> = {};
  for (const entry of PERSONAL_DATA)
    rows[entry.table] = await rowsOf(app.kit.db, entry, subject).select('*').orderBy(entry.link.column);
  return rows;
}

// Several applications sent through the pages per test; PostgreSQL on a busy CI machine needs the time.
jest.setTimeout(120_000);

describe('erasure on request', () => {
  let app: KitApp;
  let officer: Awaited<ReturnType<typeof decisionMaker>>;
  beforeEach(async () => {
    app = await buildTestApp({ runJobs: false });
    officer = await decisionMaker(app);
    await addStaff(app, 'team-manager');
    await addStaff(app, 'administrator');
  });
  afterEach(() => app.kit.close());

  it("erases everything in the registry for the person, their files too, and nothing of anyone else's; it is logged", async () => {
    const first = await sendApplication(new Browser(app), MARGARET);
    const second = await sendApplication(new Browser(app), MARGARET);
    const other = await sendApplication(new Browser(app), PRIYA);
    await refuseCase(app, first, officer);
    await refuseCase(app, second, officer);
    const subject = (await personOfCase(app.kit.db, first))!.subject;
    const otherSubject = (await personOfCase(app.kit.db, other))!.subject;
    expect(subject.references.sort()).toEqual([first, second].sort());
    const files = [...(await evidenceFilesOf(app, first)), ...(await evidenceFilesOf(app, second))];
    const otherFiles = await evidenceFilesOf(app, other);
    expect(onDisk(files)).toHaveLength(files.length);
    const otherBefore = await registryRows(app, otherSubject);
    const staffBefore = await app.kit.db('staff_users').orderBy('id').select('*');

    const manager = await signedIn(app, 'team-manager@test.gov.uk');
    await manager.get(`/staff/cases/${first}`);
    const confirm = await manager.get(`/staff/cases/${first}/erase`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('govuk-warning-text');
    expect(confirm.text).toContain(second);

    // A reason is required: both questions, each with its own message, and nothing is erased.
    const refused = await manager.submit(`/staff/cases/${first}/erase`, { ground: '', details: ' ' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('govuk-error-summary');
    expect(refused.text).toContain('Select why the data is being erased');
    expect(refused.text).toContain('Enter the request’s details');
    expect(await caseRow(app, first)).toBeDefined();

    const erased = await manager.submit(`/staff/cases/${first}/erase`, {
      ground: 'request',
      details: 'Request received by email on 1 December, ticket DP-42',
    });
    expect(erased.status).toBe(303);
    const done = await manager.get(erased.headers.location);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Personal data erased');

    const after = await registryRows(app, subject);
    const kept = PERSONAL_DATA.filter((entry) => entry.keptBecause).map((entry) => entry.table);
    expect(Object.entries(after).filter(([table, rows]) => rows.length > 0 && !kept.includes(table))).toEqual(
      [],
    );
    expect(onDisk(files)).toEqual([]);
    expect(await registryRows(app, otherSubject)).toEqual(otherBefore);
    expect(onDisk(otherFiles)).toEqual(otherFiles);
    expect(await app.kit.db('staff_users').orderBy('id').select('*')).toEqual(staffBefore);

    // The log says who, when, why and which references, and nothing about the person.
    const [log] = await app.kit.db('erasure_log').select('*');
    expect(log).toMatchObject({ staff_name: 'Test team-manager', ground: 'request' });
    expect(JSON.parse(log.references).applications.sort()).toEqual([first, second].sort());
    expect(JSON.parse(log.counts)).toMatchObject({ cases: 2, applications: 2 });
    const logged = JSON.stringify(log);
    for (const personal of ['Margaret', 'Jones', '1968-12-04', subject.caseIds[0]])
      expect(logged).not.toContain(personal);
    // Anonymised counts stay for the council's reports.
    const figures = await app.kit
      .db('retention_figures')
      .where({ record_type: 'erased' })
      .select('state', 'deleted');
    expect(figures).toEqual([{ state: 'decided.refused', deleted: 2 }]);

    // Administrators read the log; a team manager may erase but not browse it.
    expect((await manager.get('/staff/erasures')).status).toBe(403);
    const admin = await signedIn(app, 'administrator@test.gov.uk');
    const list = await admin.get('/staff/erasures');
    expect(list.status).toBe(200);
    expect(list.text).toContain(first);
    expect(list.text).toContain('Test team-manager');
  });

  it('is refused while a badge is in force, and while a case is open: nothing changes', async () => {
    const withBadge = await sendApplication(new Browser(app), MARGARET);
    await approveCase(app, withBadge, officer, addYears(todayInUk(), 1));
    const open = await sendApplication(new Browser(app), PRIYA);
    const manager = await signedIn(app, 'team-manager@test.gov.uk');

    for (const [reference, why] of [
      [withBadge, 'has not expired'],
      [open, 'is still open'],
    ]) {
      const subject = (await personOfCase(app.kit.db, reference))!.subject;
      const before = await registryRows(app, subject);
      const page = await manager.get(`/staff/cases/${reference}/erase`);
      expect(page.status).toBe(409);
      expect(page.text).toContain(why);
      expect(page.text).toContain('govuk-error-summary');
      const res = await manager.submit(`/staff/cases/${reference}/erase`, {
        ground: 'request',
        details: 'Request 7',
      });
      expect(res.status).toBe(409);
      expect(res.text).toContain(why);
      expect(await registryRows(app, subject)).toEqual(before);
    }
    expect(await countRows(app.kit.db, 'erasure_log')).toBe(0);
  });

  it('is not offered to, and refused for, a decision maker', async () => {
    const reference = await sendApplication(new Browser(app), MARGARET);
    await refuseCase(app, reference, officer);
    const decider = await signedIn(app, 'decider@test.gov.uk');
    expect((await decider.get(`/staff/cases/${reference}`)).text).not.toContain('Erase this person’s data');
    const res = await decider.submit(
      `/staff/cases/${reference}/erase`,
      { ground: 'request', details: 'Request 8' },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(res.status).toBe(403);
    expect(await caseRow(app, reference)).toBeDefined();
  });
});

import { readFileSync } from 'node:fs';
import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { countRows } from '../../helpers/database';
import {
  caseRow,
  decisionMaker,
  downloadFrom,
  evidenceFilesOf,
  readZip,
  refuseCase,
} from '../../helpers/data-protection';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp, signedIn } from '../../helpers/test-app';

/**
 * The subject access export: a team manager downloads everything held about the person a case is for,
 * as a zip with a JSON index; the zip is parsed back, every file is in the index, another person's data
 * is absent, and the export is audited.
 */
const MARGARET = PERSONAS[0]; // Margaret Jones
const PRIYA = PERSONAS[2]; // Priya Shah: someone else

// Several applications sent through the pages per test; PostgreSQL on a busy CI machine needs the time.
jest.setTimeout(120_000);

describe('subject access export', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ runJobs: false });
    await addStaff(app, 'team-manager');
    await addStaff(app, 'assessor');
  });
  afterAll(() => app.kit.close());

  it('gives every record and file of the person, and nothing of anyone else, as a zip with an index', async () => {
    const first = await sendApplication(new Browser(app), MARGARET);
    const second = await sendApplication(new Browser(app), MARGARET);
    const other = await sendApplication(new Browser(app), PRIYA);
    // The second is refused, so the applicant was sent a letter: its PDF is in the zip as a file.
    await refuseCase(app, second, await decisionMaker(app));
    const manager = await signedIn(app, 'team-manager@test.gov.uk');
    await manager.get(`/staff/cases/${first}`); // a case view, which the export should include

    const page = await manager.get(`/staff/cases/${first}/export`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(first);
    expect(page.text).toContain(second);
    expect(page.text).not.toContain(other);

    const res = await downloadFrom(manager, `/staff/cases/${first}/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`subject-access-${first}.zip`);
    const entries = await readZip(res.body as Buffer);

    // The index lists every other file in the zip, and nothing that is not there.
    const index = JSON.parse(entries.get('index.json')!.toString('utf8'));
    expect(index.references.sort()).toEqual([first, second].sort());
    expect(index.missing).toEqual([]);
    expect(index.files.map((file: { path: string }) => file.path).sort()).toEqual(
      [...entries.keys()].filter((name) => name !== 'index.json').sort(),
    );

    const records = (table: string) => JSON.parse(entries.get(`records/${table}.json`)!.toString('utf8'));
    expect(
      records('cases')
        .map((row: { reference: string }) => row.reference)
        .sort(),
    ).toEqual([first, second].sort());
    expect(records('applications')).toHaveLength(2);
    expect(records('applications')[0].snapshot.context.answers.fullName).toEqual({
      fullName: 'Margaret Jones',
    });
    // Both applications' emails (the refused one's letter email too), and nobody else's.
    const emailed = records('notifications').map((row: { reference: string }) => row.reference);
    expect([...new Set(emailed)].sort()).toEqual([first, second].sort());
    expect(records('case_views').length).toBeGreaterThanOrEqual(1);
    const caseIds = [(await caseRow(app, first)).id, (await caseRow(app, second)).id];
    expect(records('audit_events').map((row: { entity_id: string }) => row.entity_id)).toEqual(
      expect.arrayContaining(caseIds),
    );
    const [letter] = await app.kit.db('letters').select('id', 'pdf');
    expect(records('letters').map((row: { id: string }) => row.id)).toEqual([letter.id]);
    expect(records('letters')[0].pdf).toBeUndefined();
    expect(entries.get(`letters/${letter.id}.pdf`)!.equals(Buffer.from(letter.pdf))).toBe(true);
    // Storage keys are the kit's own file names: not the person's data, and never given out.
    expect(JSON.stringify(records('evidence'))).not.toContain('storage_key');

    // Each evidence file, byte for byte.
    const evidenceRows = records('evidence') as Array<{ id: string; size_bytes: number }>;
    const evidenceEntries = [...entries.keys()].filter((name) => name.startsWith('evidence/'));
    expect(evidenceEntries).toHaveLength(evidenceRows.length);
    expect(evidenceRows.length).toBeGreaterThan(0);
    const onDisk = [...(await evidenceFilesOf(app, first)), ...(await evidenceFilesOf(app, second))];
    for (const row of evidenceRows) {
      const name = evidenceEntries.find((entry) => entry.includes(`/${row.id}-`))!;
      expect(entries.get(name)!.length).toBe(Number(row.size_bytes));
      expect(onDisk.some((file) => readFileSync(file).equals(entries.get(name)!))).toBe(true);
    }

    // Someone else's data is nowhere in it.
    const everything = [...entries.values()].map((bytes) => bytes.toString('latin1')).join('\n');
    expect(everything).not.toContain(other);
    expect(everything).not.toContain('Priya Shah');
    const otherCase = await caseRow(app, other);
    expect(everything).not.toContain(otherCase.id);

    // The export itself is in the case's audit, with who did it and which references it covered.
    const audit = await app.kit
      .db('audit_events')
      .where({ event: 'SUBJECT_ACCESS_EXPORT', entity_id: (await caseRow(app, first)).id })
      .select('actor_name', 'detail');
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('Test team-manager');
    expect(JSON.parse(audit[0].detail).references.sort()).toEqual([first, second].sort());
  });

  it('is not offered to, and refused for, an assessor', async () => {
    const reference = await sendApplication(new Browser(app), MARGARET);
    const assessor = await signedIn(app, 'assessor@test.gov.uk');
    const casePage = await assessor.get(`/staff/cases/${reference}`);
    expect(casePage.text).not.toContain('Download this person’s data');
    const before = await countRows(app.kit.db, 'audit_events');
    const res = await downloadFrom(assessor, `/staff/cases/${reference}/export`, `/staff/cases/${reference}`);
    expect(res.status).toBe(403);
    expect(await countRows(app.kit.db, 'audit_events')).toBe(before);
    const manager = await signedIn(app, 'team-manager@test.gov.uk');
    expect((await manager.get(`/staff/cases/${reference}`)).text).toContain('Download this person’s data');
  });
});

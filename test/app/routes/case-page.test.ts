import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { countRows } from '../../helpers/database';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

describe('the case page', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  it('warns of another open case for the same person', async () => {
    const first = await sendApplication(new Browser(app), PERSONAS[0]);
    const second = await sendApplication(new Browser(app), PERSONAS[0]);
    await addStaff(app, 'assessor', 'a@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'a@test.gov.uk');
    const page = await officer.get(`/staff/cases/${second}`);
    expect(page.text).toContain('This may be the same person as');
    expect(page.text).toContain(`href="/staff/cases/${first}"`);
    // An organisation (no date of birth, no NI number) matches no one.
    const other = await sendApplication(new Browser(app), PERSONAS[8]);
    expect((await officer.get(`/staff/cases/${other}`)).text).not.toContain('This may be the same person as');
  });

  it('keeps staff notes on the timeline, refuses an empty one, and lets read-only staff read but not write', async () => {
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    await addStaff(app, 'assessor', 'a@test.gov.uk');
    await addStaff(app, 'read-only', 'ro@test.gov.uk');
    const officer = new Browser(app);
    await officer.signIn('', 'a@test.gov.uk');
    const empty = await officer.submit(
      `/staff/cases/${reference}/notes`,
      { note: '  ' },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter a note');
    const added = await officer.submit(
      `/staff/cases/${reference}/notes`,
      { note: 'Phoned the applicant <b>about</b> the PIP letter.' },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(added.status).toBe(303);
    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.text).toContain('Phoned the applicant &lt;b&gt;about&lt;/b&gt; the PIP letter.');

    const reader = new Browser(app);
    await reader.signIn('', 'ro@test.gov.uk');
    const readOnly = await reader.get(`/staff/cases/${reference}`);
    expect(readOnly.text).toContain('Phoned the applicant');
    expect(readOnly.text).not.toContain('Add note');
    const refused = await reader.submit(
      `/staff/cases/${reference}/notes`,
      { note: 'x' },
      { fromPage: `/staff/cases/${reference}` },
    );
    expect(refused.status).toBe(403);
    expect(await countRows(app.kit.db, 'audit_events', { event: 'NOTE' })).toBe(1);
  });
});

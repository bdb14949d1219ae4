import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { ROLES, hasPermission } from '../../../workflows/permissions';
import { countRows } from '../../helpers/database';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/** The staff audit of who opened which case: GET /staff/cases/:reference records a view, and the list shows them. */
describe('who has viewed a case', () => {
  let app: KitApp;
  let reference: string;
  let other: string;
  const signedIn = async (role: (typeof ROLES)[number]) => {
    const browser = new Browser(app);
    const response = await browser.signIn('', `${role}@test.gov.uk`);
    expect(response.status).toBe(303);
    return browser;
  };

  beforeAll(async () => {
    app = await buildTestApp();
    reference = await sendApplication(new Browser(app), PERSONAS[0]);
    other = await sendApplication(new Browser(app), PERSONAS[1]);
    for (const role of ROLES) await addStaff(app, role);
  });
  afterAll(() => app.kit.close());

  it('records each opening of a case page, by whom and when, and lists them newest first', async () => {
    const caseId = (await app.kit.db('cases').where({ reference }).first('id')).id as string;
    const readOnly = await signedIn('read-only');
    const assessor = await signedIn('assessor');
    expect((await readOnly.get(`/staff/cases/${reference}`)).status).toBe(200);
    expect((await assessor.get(`/staff/cases/${reference}`)).status).toBe(200);
    expect((await assessor.get(`/staff/cases/${other}`)).status).toBe(200);
    expect(await countRows(app.kit.db, 'case_views', { case_id: caseId })).toBe(2);

    const manager = await signedIn('team-manager');
    const casePage = await manager.get(`/staff/cases/${reference}`);
    expect(casePage.text).toContain(`href="/staff/cases/${reference}/views"`);
    const list = await manager.get(`/staff/cases/${reference}/views`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Who has viewed this case');
    const names = [...list.text.matchAll(/<td class="govuk-table__cell">(Test [^<]+)<\/td>/g)].map(
      (m) => m[1],
    );
    // The manager's own view comes first; the other case's view is not listed; the list itself is not a view.
    expect(names).toEqual(['Test team-manager', 'Test assessor', 'Test read-only']);
    expect(list.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
    expect(await countRows(app.kit.db, 'case_views', { case_id: caseId })).toBe(3);
  });

  it('is shown only to roles with case:audit, and 404s for an unknown case', async () => {
    for (const role of ROLES) {
      const browser = await signedIn(role);
      const list = await browser.get(`/staff/cases/${reference}/views`);
      const casePage = await browser.get(`/staff/cases/${reference}`);
      if (hasPermission(role, 'case:audit')) {
        expect(list.status).toBe(200);
        expect(casePage.text).toContain('Who has viewed this case');
      } else {
        expect(list.status).toBe(403);
        expect(casePage.text).not.toContain('Who has viewed this case');
      }
    }
    expect(ROLES.filter((role) => hasPermission(role, 'case:audit'))).toEqual([
      'team-manager',
      'administrator',
    ]);
    const manager = await signedIn('administrator');
    expect((await manager.get('/staff/cases/BB-0000-0000/views')).status).toBe(404);
    // Signed out: to the sign-in page, never the list.
    const anonymous = new Browser(app);
    expect((await anonymous.get(`/staff/cases/${reference}/views`)).status).toBe(303);
  });
});

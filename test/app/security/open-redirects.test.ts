import type { KitApp } from '../../../app/app';
import { PERSONAS } from '../../../workflows/application/personas';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/**
 * The only redirect that takes its target from the request is "back to where you were" after assigning a
 * case (returnTo). Whatever it is given, it must stay on this service's queue or case pages (issue #10).
 */
const HOSTILE = [
  'https://elsewhere.example/phish',
  '//elsewhere.example',
  '/\\elsewhere.example',
  '\\\\elsewhere.example',
  '/staff/cases//elsewhere.example',
  '/staff/cases/../../apply',
  '/staff/cases/%2e%2e/%2e%2e/apply',
  '/staff/cases\t/x',
  'javascript:alert(1)',
  '/staff/casesX',
  ' /staff/cases',
  `/staff/cases?q=${'a'.repeat(2001)}`,
];

describe('no open redirects', () => {
  let app: KitApp;
  let reference: string;
  let manager: Browser;
  let managerId: string;
  beforeAll(async () => {
    app = await buildTestApp();
    reference = await sendApplication(new Browser(app), PERSONAS[0]);
    const account = await addStaff(app, 'team-manager');
    managerId = account.id;
    manager = new Browser(app);
    await manager.signIn('', account.email);
  });
  afterAll(() => app.kit.close());

  const cases = HOSTILE.map((value) => [
    value.length > 60 ? `${value.slice(0, 30)}… (${value.length} characters)` : value,
    value,
  ]);
  it.each(cases)('sends an assignment back to the case, never to %j', async (_label, returnTo) => {
    const caseUrl = `/staff/cases/${reference}`;
    const form = await manager.agent.get(`${caseUrl}/assign?returnTo=${encodeURIComponent(returnTo)}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="returnTo" value="${caseUrl}"`);
    const current = (await app.kit.db('cases').where({ reference }).first('assigned_to')).assigned_to;
    const res = await manager.submit(
      `${caseUrl}/assign`,
      { assignee: current === managerId ? 'none' : 'me', from: current ?? '', returnTo },
      { fromPage: caseUrl },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(caseUrl);
  });

  it('keeps a genuine return to a filtered queue page', async () => {
    const caseUrl = `/staff/cases/${reference}`;
    const current = (await app.kit.db('cases').where({ reference }).first('assigned_to')).assigned_to;
    const res = await manager.submit(
      `${caseUrl}/assign`,
      {
        assignee: current === managerId ? 'none' : 'me',
        from: current ?? '',
        returnTo: '/staff/cases?assigned=none',
      },
      { fromPage: caseUrl },
    );
    expect(res.headers.location).toBe('/staff/cases?assigned=none');
  });
});

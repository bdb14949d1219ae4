import type { KitApp } from '../../../app/app';
import { queueEmail } from '../../../app/notifications/outbox';
import { PERSONAS } from '../../../workflows/application/personas';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/** /staff/outbox: the emails sent to applicants, for assessors and above (issue #5). */
describe('the staff outbox page', () => {
  let app: KitApp;
  let reference: string;
  beforeAll(async () => {
    app = await buildTestApp({ notificationRetryMs: 0 });
    reference = await sendApplication(new Browser(app), PERSONAS[0]);
    await app.kit.notifications.idle();
  });
  afterAll(() => app.kit.close());

  async function signedIn(role: Parameters<typeof addStaff>[1]) {
    const user = await addStaff(app, role, `${role}.${Math.random().toString(36).slice(2)}@test.gov.uk`);
    const browser = new Browser(app);
    expect((await browser.signIn('', user.email)).status).toBe(303);
    return browser;
  }

  it('lists each email with its recipient, reference, words and status, linked from the navigation', async () => {
    const assessor = await signedIn('assessor');
    const cases = await assessor.get('/staff/cases');
    expect(cases.text).toContain('href="/staff/outbox"');
    const page = await assessor.get('/staff/outbox');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 class="govuk-heading-l">Emails to applicants</h1>');
    expect(page.text).toContain('resident@example.com');
    expect(page.text).toContain(`href="/staff/cases/${reference}"`);
    expect(page.text).toContain('Application received');
    expect(page.text).toContain('Kept, not emailed');
    expect(page.text).toContain('Test Council'); // the personalisation, for developers without Notify
  });

  it('is not for read-only staff, who see no link to it', async () => {
    const reader = await signedIn('read-only');
    expect((await reader.get('/staff/cases')).text).not.toContain('href="/staff/outbox"');
    expect((await reader.get('/staff/outbox')).status).toBe(403);
  });

  it('shows the newest first, 25 to a page, and older pages without skipping or repeating any', async () => {
    const start = Date.parse('2030-01-01T00:00:00Z');
    for (let i = 0; i < 30; i += 1) {
      await queueEmail(
        app.kit.db,
        {
          template: 'decision',
          language: 'en',
          to: `person${i}@example.com`,
          personalisation: { reference: `BB-TEST-${i}` },
        },
        // Two at each moment: the keyset must order ties by id.
        {
          councilId: app.kit.councilId,
          provider: 'outbox',
          now: new Date(start + Math.floor(i / 2) * 1000).toISOString(),
        },
      );
    }
    const manager = await signedIn('team-manager');
    const recipients = (html: string) =>
      [...html.matchAll(/person(\d+)@example\.com/g)].map((m) => Number(m[1]));
    const first = await manager.get('/staff/outbox');
    const firstPage = recipients(first.text);
    expect(firstPage).toHaveLength(25);
    expect(firstPage.slice(0, 2).sort((a, b) => a - b)).toEqual([28, 29]); // the newest moment first
    const older = /href="(\/staff\/outbox\?before=[0-9a-f-]+)"/.exec(first.text)![1];
    const second = await manager.get(older);
    expect(second.status).toBe(200);
    const secondPage = recipients(second.text);
    expect([...firstPage, ...secondPage].sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    expect(second.text).toContain('resident@example.com'); // the oldest, from the application
    expect(second.text).not.toContain('?before=');
    expect(second.text).toContain('href="/staff/outbox"'); // back to the newest

    expect((await manager.get('/staff/outbox?before=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await manager.get("/staff/outbox?before=' OR 1=1 --")).status).toBe(404);
  });

  it('shows a failed email with the reason', async () => {
    const id = await queueEmail(
      app.kit.db,
      { template: 'more-information', language: 'cy', to: 'failed@example.com', personalisation: {} },
      { councilId: app.kit.councilId, provider: 'notify', now: '2031-01-01T00:00:00.000Z' },
    );
    await app.kit
      .db('notifications')
      .where({ id })
      .update({ status: 'failed', error: 'GOV.UK Notify refused the email (HTTP 400)' });
    const page = await (await signedIn('administrator')).get('/staff/outbox');
    expect(page.text).toContain('Failed, will retry');
    expect(page.text).toContain('GOV.UK Notify refused the email (HTTP 400)');
    expect(page.text).toContain('More information needed (Welsh)');
  });
});

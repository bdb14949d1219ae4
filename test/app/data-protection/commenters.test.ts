import type { KitApp } from '../../../app/app';
import { retentionJob, DEFAULT_RETENTION } from '../../../app/jobs/retention';
import { hasPermission, ROLES } from '../../../workflows/permissions';
import { countRows } from '../../helpers/database';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

const BASE = '/process/case/comments';
const DAY = 24 * 60 * 60 * 1000;

/**
 * Members of the public who comment on the process maps (app/data-protection/commenters.ts): staff find
 * them by email address, export their data and erase it on request, and the retention job forgets their
 * email address a set time after their thread is settled. The comments' text stays throughout.
 */
describe("public commenters' personal data", () => {
  let app: KitApp;
  let now: Date;
  let manager: Browser;
  beforeEach(async () => {
    now = new Date();
    app = await buildTestApp({
      runJobs: false,
      clock: () => now,
      council: {
        processComments: { public: true },
        retention: { ...DEFAULT_RETENTION, commenterEmailDays: 30 },
      },
    });
    manager = new Browser(app);
    await manager.signIn('', (await addStaff(app, 'team-manager', 'tm@test.gov.uk')).email);
  });
  afterEach(() => app.kit.close());

  /** A public comment and a public reply to a staff thread, from one email address; returns the thread's url. */
  async function publicCommenter(email: string, name = 'Pat Public') {
    const visitor = new Browser(app);
    await visitor.submit(
      `${BASE}/new`,
      { state: '', event: '', comment: `An idea from ${name}`, name, email },
      { fromPage: `${BASE}/new` },
    );
    const opened = await manager.submit(
      `${BASE}/new`,
      { state: '', event: '', comment: `A thread for ${name}` },
      { fromPage: `${BASE}/new` },
    );
    const thread = opened.headers.location as string;
    await visitor.submit(
      `${thread}/reply`,
      { reply: `A reply from ${name}`, name, email },
      { fromPage: thread },
    );
    return thread;
  }

  it('finds, exports and erases a commenter by email address, keeping the text', async () => {
    await publicCommenter('Pat@Example.com');
    await publicCommenter('other@example.com', 'Olly Other');
    const page = await manager.get('/staff/commenters');
    expect(page.status).toBe(200);
    const blank = await manager.submit('/staff/commenters', { email: '' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('govuk-error-summary');
    expect(blank.text).toContain('Enter the commenter’s email address');
    const found = await manager.submit('/staff/commenters', { email: ' pat@example.COM ' });
    expect(found.status).toBe(200);
    expect(found.text).toContain('2 comments from this email address');
    expect(found.text).toContain('An idea from Pat Public');
    expect(found.text).not.toContain('Olly Other');
    const nobody = await manager.submit('/staff/commenters', { email: 'nobody@example.com' });
    expect(nobody.text).toContain('No comments are held from this email address.');

    // Assessors hold neither data:export nor data:erase.
    const assessor = new Browser(app);
    await assessor.signIn('', (await addStaff(app, 'assessor', 'as@test.gov.uk')).email);
    expect((await assessor.get('/staff/commenters')).status).toBe(403);

    const exported = await manager.submit(
      '/staff/commenters/export',
      { email: 'pat@example.com' },
      { fromPage: '/staff/commenters' },
    );
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain('subject-access-commenter.json');
    expect(exported.body.email).toBe('pat@example.com');
    expect(exported.body.comments).toHaveLength(2);
    expect(exported.body.comments.map((c: { comment: string }) => c.comment).sort()).toEqual([
      'A reply from Pat Public',
      'An idea from Pat Public',
    ]);
    expect(exported.body.comments[0]).toMatchObject({ name: 'Pat Public', email: 'Pat@Example.com' });
    expect(await countRows(app.kit.db, 'audit_events', { event: 'SUBJECT_ACCESS_EXPORT' })).toBe(2);

    const noGround = await manager.submit(
      '/staff/commenters/erase',
      { email: 'pat@example.com', ground: '', details: '' },
      { fromPage: '/staff/commenters' },
    );
    expect(noGround.status).toBe(400);
    expect(noGround.text).toContain('Select why the data is being erased');
    expect(noGround.text).toContain('Enter the request’s details');
    const erased = await manager.submit(
      '/staff/commenters/erase',
      { email: 'pat@example.com', ground: 'request', details: 'Emailed us on 1 December, ref 42' },
      { fromPage: '/staff/commenters' },
    );
    expect(erased.status).toBe(200);
    expect(erased.text).toContain('Name and email address removed from 2 comments');
    const rows = await app.kit
      .db('process_comments')
      .where({ author_type: 'public' })
      .whereLike('body', '%Pat Public%');
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row).toMatchObject({ author_email: null, author_name: 'Member of the public' });
    expect(await countRows(app.kit.db, 'process_comments', { author_email: 'other@example.com' })).toBe(2);
    const log = await app.kit.db('erasure_log').first();
    expect(JSON.parse(log.references).comments).toHaveLength(2);
    expect(JSON.stringify(log)).not.toMatch(/pat@example/i);
    const admin = new Browser(app);
    await admin.signIn('', (await addStaff(app, 'administrator', 'admin@test.gov.uk')).email);
    expect((await admin.get('/staff/erasures')).text).toContain('2 comments on the process maps');
    // Erased already: nothing left to erase.
    const again = await manager.submit(
      '/staff/commenters/erase',
      { email: 'pat@example.com', ground: 'request', details: 'Again' },
      { fromPage: '/staff/commenters' },
    );
    expect(again.status).toBe(404);
  });

  it('links to the commenters page from the staff navigation for roles that may use it, in both languages', async () => {
    const link = 'href="/staff/commenters"';
    // Every role: the link exactly when it holds data:export, which the page needs.
    for (const role of ROLES) {
      const staff = new Browser(app);
      await staff.signIn('', (await addStaff(app, role, `${role}.nav@test.gov.uk`)).email);
      const page = (await staff.get('/staff/cases')).text;
      const allowed = hasPermission(role, 'data:export');
      expect({ role, link: page.includes(link) }).toEqual({ role, link: allowed });
      expect((await staff.get('/staff/commenters')).status).toBe(allowed ? 200 : 403);
      // Beside the other data-protection link, for those who have both.
      if (hasPermission(role, 'erasures:view')) {
        expect(page.indexOf(link)).toBeLessThan(page.indexOf('href="/staff/erasures"'));
      }
    }
    const cases = await manager.get('/staff/cases');
    expect(cases.text).toMatch(/>\s*Commenters\s*</);
    expect((await manager.get('/staff/commenters')).text).toMatch(
      /<a class="govuk-service-navigation__link" href="\/staff\/commenters" aria-current="true">/,
    );
    // Also on the staff pages served outside the staff router (the process map's comments).
    expect((await manager.get(BASE)).text).toContain(link);
    // The back office is in English only; the words are in both languages' files all the same.
    expect(app.kit.translations.translator('cy').t('common:staffNavigation.commenters')).toBe('Sylwebwyr');
  });

  it('forgets an email address the set number of days after the thread is settled or the comment hidden', async () => {
    const settledThread = await publicCommenter('settled@example.com', 'Sally Settled');
    await publicCommenter('open@example.com', 'Owen Open');
    // The thread Sally replied to is resolved; her own comment (a thread of its own) is hidden.
    await manager.submit(`${settledThread}/status`, { status: 'resolved' }, { fromPage: settledThread });
    const own = await app.kit
      .db('process_comments')
      .where({ body: 'An idea from Sally Settled' })
      .first('id');
    const ownUrl = `${BASE}/${own.id}`;
    await manager.submit(`${ownUrl}/moderate`, { action: 'hide', reason: 'Off topic' }, { fromPage: ownUrl });
    const settledAt = now.getTime();
    const run = (days: number) =>
      app.kit.db.transaction((trx) =>
        retentionJob({ ...DEFAULT_RETENTION, commenterEmailDays: 30 }).run(
          trx,
          new Date(settledAt + days * DAY),
        ),
      );

    await run(29);
    expect(await countRows(app.kit.db, 'process_comments', { author_email: 'settled@example.com' })).toBe(2);
    await run(31);
    const sally = await app.kit
      .db('process_comments')
      .where({ author_type: 'public' })
      .whereLike('body', '%Sally Settled%');
    expect(sally).toHaveLength(2);
    for (const row of sally) expect(row).toMatchObject({ author_email: null, author_name: 'Sally Settled' });
    // Owen's thread is open and his comment still held: the council may still need to reply to him.
    expect(await countRows(app.kit.db, 'process_comments', { author_email: 'open@example.com' })).toBe(2);
  });
});

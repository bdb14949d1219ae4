import type { KitApp } from '../../../app/app';
import { setStatus } from '../../../app/services/process-comments';
import { countRows } from '../../helpers/database';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

const BASE = '/process/case/comments';

/** The id of the newest comment (the one just written). */
async function newestComment(app: KitApp): Promise<{ id: string; [column: string]: unknown }> {
  return app.kit.db('process_comments').orderBy('created_at', 'desc').orderBy('id', 'desc').first();
}

describe('comments on the process maps (/process/:workflow/comments)', () => {
  let app: KitApp;
  let assessor: Browser;
  let manager: Browser;
  let readOnly: Browser;
  beforeAll(async () => {
    app = await buildTestApp();
    const people = {
      assessor: await addStaff(app, 'assessor'),
      manager: await addStaff(app, 'team-manager'),
      readOnly: await addStaff(app, 'read-only'),
    };
    assessor = new Browser(app);
    await assessor.signIn('', people.assessor.email);
    manager = new Browser(app);
    await manager.signIn('', people.manager.email);
    readOnly = new Browser(app);
    await readOnly.signIn('', people.readOnly.email);
  });
  afterAll(() => app.kit.close());

  it('lets staff comment on a state, reply in its thread, and lists it under that state and the workflow', async () => {
    const page = await assessor.get(`${BASE}/new?state=assessing`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('the step assessing');
    const sent = await assessor.submit(
      `${BASE}/new`,
      { state: 'assessing', event: '', comment: 'Ask for the PIP letter before assessing.' },
      { fromPage: `${BASE}/new?state=assessing` },
    );
    expect(sent.status).toBe(303);
    const comment = await newestComment(app);
    expect(comment).toMatchObject({
      state: 'assessing',
      event: null,
      author_type: 'staff',
      visibility: 'visible',
      status: 'open',
    });
    expect(sent.headers.location).toBe(`${BASE}/${comment.id}`);

    const reply = await readOnly.submit(
      `${BASE}/${comment.id}/reply`,
      { reply: 'Agreed <b>strongly</b>' },
      { fromPage: `${BASE}/${comment.id}` },
    );
    expect(reply.status).toBe(303);
    const thread = await readOnly.get(`${BASE}/${comment.id}`);
    expect(thread.text).toContain('Agreed &lt;b&gt;strongly&lt;/b&gt;');
    expect(thread.text).not.toContain('Save status'); // moderation is for team managers

    for (const url of [`${BASE}?state=assessing`, BASE]) {
      const list = await assessor.get(url);
      expect(list.text).toContain('Ask for the PIP letter before assessing.');
      expect(list.text).toContain('Replies: 1');
    }
    expect((await assessor.get(`${BASE}?state=submitted`)).text).not.toContain('Ask for the PIP letter');
  });

  it('comments on a transition: a state and its event', async () => {
    const form = `${BASE}/new?state=assessing&event=APPROVE`;
    const sent = await assessor.submit(
      `${BASE}/new`,
      { state: 'assessing', event: 'APPROVE', comment: 'Four eyes here?' },
      { fromPage: form },
    );
    expect(sent.status).toBe(303);
    expect(await newestComment(app)).toMatchObject({ state: 'assessing', event: 'APPROVE' });
    expect((await assessor.get(`${BASE}?state=assessing&event=APPROVE`)).text).toContain(
      'APPROVE from the step assessing',
    );
  });

  it('refuses an empty or too long comment, or a target the workflow does not have, with an error summary and nothing saved', async () => {
    const before = await countRows(app.kit.db, 'process_comments');
    const empty = await assessor.submit(`${BASE}/new`, { state: '', event: '', comment: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('Enter your comment');
    const long = await assessor.submit(`${BASE}/new`, { state: '', event: '', comment: 'x'.repeat(2001) });
    expect(long.text).toContain('Your comment must be 2,000 characters or fewer');
    const unknown = await assessor.submit(`${BASE}/new`, { state: 'nowhere', event: '', comment: 'Hello' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('no longer exists');
    const eventOnly = await assessor.submit(`${BASE}/new`, { state: '', event: 'APPROVE', comment: 'Hello' });
    expect(eventOnly.status).toBe(400);
    expect(await countRows(app.kit.db, 'process_comments')).toBe(before);
    expect((await assessor.get(`${BASE}?state=nowhere`)).status).toBe(404);
    expect((await assessor.get('/process/parking/comments')).status).toBe(404);
  });

  it('lets a team manager set a status (taken into version N), hide with a reason and show again', async () => {
    await assessor.submit(
      `${BASE}/new`,
      { state: 'submitted', event: '', comment: 'Call the applicant first.' },
      { fromPage: `${BASE}/new?state=submitted` },
    );
    const { id } = await newestComment(app);
    const url = `${BASE}/${id}`;
    expect((await assessor.submit(`${url}/status`, { status: 'resolved' }, { fromPage: url })).status).toBe(
      403,
    );

    const missingVersion = await manager.submit(
      `${url}/status`,
      { status: 'taken', version: '' },
      { fromPage: url },
    );
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.text).toContain('Enter the version the idea was taken into');
    expect(
      (await manager.submit(`${url}/status`, { status: 'taken', version: '2' }, { fromPage: url })).status,
    ).toBe(303);
    expect(await app.kit.db('process_comments').where({ id }).first()).toMatchObject({
      status: 'taken',
      taken_into_version: 2,
    });
    expect((await manager.get(url)).text).toContain('Taken into version 2');

    const noReason = await manager.submit(
      `${url}/moderate`,
      { action: 'hide', reason: '' },
      { fromPage: url },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Enter why you are hiding the comment');
    expect(
      (
        await manager.submit(
          `${url}/moderate`,
          { action: 'hide', reason: 'Names a resident' },
          { fromPage: url },
        )
      ).status,
    ).toBe(303);
    expect(await app.kit.db('process_comments').where({ id }).first()).toMatchObject({
      visibility: 'hidden',
      moderation_reason: 'Names a resident',
    });
    expect((await assessor.get(url)).status).toBe(404);
    expect((await assessor.get(BASE)).text).not.toContain('Call the applicant first.');
    expect((await manager.get(BASE)).text).toContain('Call the applicant first.');
    await manager.submit(`${url}/moderate`, { action: 'show' }, { fromPage: url });
    expect((await assessor.get(url)).status).toBe(200);
  });

  it('audits every moderation action in its own transaction and shows the history to team managers only', async () => {
    await assessor.submit(
      `${BASE}/new`,
      { state: '', event: '', comment: 'Audit me' },
      { fromPage: `${BASE}/new` },
    );
    const { id } = await newestComment(app);
    const url = `${BASE}/${id}`;
    await manager.submit(`${url}/status`, { status: 'taken', version: '2' }, { fromPage: url });
    await manager.submit(`${url}/status`, { status: 'resolved' }, { fromPage: url });
    await manager.submit(`${url}/moderate`, { action: 'hide', reason: 'Off topic' }, { fromPage: url });
    await manager.submit(`${url}/moderate`, { action: 'show' }, { fromPage: url });
    // A refused form (no reason to hide) changes nothing and audits nothing.
    await manager.submit(`${url}/moderate`, { action: 'hide', reason: '' }, { fromPage: url });
    const managerRow = await app.kit.db('staff_users').where({ role: 'team-manager' }).first('id', 'name');
    const rows = await app.kit
      .db('audit_events')
      .where({ entity_type: 'process_comment', entity_id: id })
      .orderBy('id');
    expect(
      rows.map((row) => [row.event, row.from_state, row.to_state, JSON.parse(row.detail), row.actor_id]),
    ).toEqual([
      ['COMMENT_STATUS', 'open', 'taken', { takenIntoVersion: 2 }, managerRow.id],
      ['COMMENT_STATUS', 'taken', 'resolved', { takenIntoVersion: null }, managerRow.id],
      ['COMMENT_HIDDEN', 'visible', 'hidden', { reason: 'Off topic' }, managerRow.id],
      ['COMMENT_SHOWN', 'hidden', 'visible', {}, managerRow.id],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ workflow_id: 'case', actor_type: 'staff', actor_name: managerRow.name });
      expect(Date.parse(row.at)).not.toBeNaN();
    }
    const page = await manager.get(url);
    expect(page.text).toContain('Moderation history');
    expect(page.text).toContain('status taken to resolved');
    expect(page.text).toContain('hidden (was visible): Off topic');
    expect((await assessor.get(url)).text).not.toContain('Moderation history');
  });

  it('rolls the change back when its audit row cannot be written', async () => {
    await assessor.submit(
      `${BASE}/new`,
      { state: '', event: '', comment: 'Atomic' },
      { fromPage: `${BASE}/new` },
    );
    const comment = await newestComment(app);
    const { db } = app.kit;
    // A database whose transactions refuse audit rows: the status update before it must be undone too.
    // (setStatus uses only `transaction`.)
    const auditRefused = {
      transaction: (work: (trx: unknown) => Promise<unknown>) =>
        db.transaction((trx) =>
          work(
            new Proxy(trx, {
              apply: (target, self, args) => {
                if (args[0] === 'audit_events') throw new Error('audit_events unavailable');
                return Reflect.apply(target, self, args);
              },
            }),
          ),
        ),
    } as never;
    const by = { id: comment.id, name: 'Manager' };
    await expect(
      setStatus(auditRefused, comment as never, 'resolved', null, by, new Date().toISOString()),
    ).rejects.toThrow('audit_events unavailable');
    expect(await db('process_comments').where({ id: comment.id }).first()).toMatchObject({ status: 'open' });
  });

  it('exports the comments shown as CSV and JSON for team managers, without email addresses', async () => {
    expect((await assessor.get(`${BASE}/export?format=csv`)).status).toBe(403);
    await assessor.submit(
      `${BASE}/new`,
      { state: '', event: '', comment: '=HYPERLINK("x"), "quoted"' },
      { fromPage: `${BASE}/new` },
    );
    const csv = await manager.get(`${BASE}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('process-comments-case.csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,workflow,state,event,reply_to,body,author,author_type,status,taken_into_version,created_at',
    );
    expect(csv.text).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    const json = await manager.get(`${BASE}/export?format=json`);
    expect(json.body.workflow).toBe('case');
    const visible = await countRows(app.kit.db, 'process_comments', {
      workflow_id: 'case',
      visibility: 'visible',
    });
    expect(json.body.comments).toHaveLength(visible);
    expect(lines).toHaveLength(visible + 1);
    expect(JSON.stringify(json.body)).not.toMatch(/@/);
    expect((await manager.get(`${BASE}/export?format=xml`)).status).toBe(404);
  });

  it('keeps members of the public out when public comments are off', async () => {
    const visitor = new Browser(app);
    const list = await visitor.get(BASE);
    expect(list.status).toBe(303);
    expect(list.headers.location).toBe('/staff/sign-in');
  });
});

describe('public comments (council.json processComments.public)', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ council: { processComments: { public: true } } });
  });
  afterAll(() => app.kit.close());

  it('takes a comment from a member of the public with a name and email, holds it, and shows it once a team manager does', async () => {
    const visitor = new Browser(app);
    const form = await visitor.get(`${BASE}/new?state=submitted`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Your email address');
    const invalid = await visitor.submit(
      `${BASE}/new`,
      { state: 'submitted', event: '', comment: 'Too slow', name: '', email: 'nope' },
      { fromPage: `${BASE}/new?state=submitted` },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Enter your name');
    expect(invalid.text).toContain('Enter an email address in the correct format');
    const sent = await visitor.submit(`${BASE}/new`, {
      state: 'submitted',
      event: '',
      comment: 'Too slow to start',
      name: 'Pat Public',
      email: 'pat@example.com',
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${BASE}?state=submitted&held=1`);
    expect((await visitor.get(sent.headers.location)).text).toContain('Your comment will be shown once');
    const held = await newestComment(app);
    expect(held).toMatchObject({
      author_type: 'public',
      author_email: 'pat@example.com',
      visibility: 'held',
    });
    expect((await visitor.get(BASE)).text).not.toContain('Too slow to start');
    expect((await visitor.get(`${BASE}/${held.id}`)).status).toBe(404);
    // Nor can the public reply to a held thread, set a status or moderate: those are team managers' forms.
    expect(
      (
        await visitor.submit(
          `${BASE}/${held.id}/reply`,
          { reply: 'x', name: 'Pat', email: 'pat@example.com' },
          { fromPage: BASE },
        )
      ).status,
    ).toBe(404);
    for (const form of ['status', 'moderate'])
      expect(
        (await visitor.submit(`${BASE}/${held.id}/${form}`, { status: 'resolved', action: 'show' })).headers
          .location,
      ).toBe('/staff/sign-in');

    const manager = new Browser(app);
    await manager.signIn('', (await addStaff(app, 'team-manager')).email);
    const thread = await manager.get(`${BASE}/${held.id}`);
    expect(thread.text).toContain('Held for moderation');
    expect(thread.text).not.toContain('pat@example.com');
    await manager.submit(
      `${BASE}/${held.id}/moderate`,
      { action: 'show' },
      { fromPage: `${BASE}/${held.id}` },
    );
    const shown = await visitor.get(BASE);
    expect(shown.text).toContain('Too slow to start');
    expect(shown.text).toContain('Pat Public');
    expect(shown.text).not.toContain('pat@example.com');
  });

  it('speaks Welsh to the public', async () => {
    const visitor = new Browser(app);
    const form = await visitor.get(`${BASE}/new?lang=cy`);
    expect(form.text).toContain('Ychwanegu sylw');
    expect(form.text).toContain('Eich cyfeiriad e-bost');
    expect(app.kit.translations.missing).toEqual(new Set());
  });

  it('takes a reply from a member of the public, holds it, and lets a team manager show or hide it', async () => {
    const manager = new Browser(app);
    await manager.signIn('', (await addStaff(app, 'team-manager', 'tm-replies@test.gov.uk')).email);
    const staffComment = await manager.submit(
      `${BASE}/new`,
      { state: '', event: '', comment: 'Should reviews be quicker?' },
      { fromPage: `${BASE}/new` },
    );
    const threadUrl = staffComment.headers.location as string;
    const visitor = new Browser(app);
    const thread = await visitor.get(threadUrl);
    expect(thread.status).toBe(200);
    expect(thread.text).toContain('Your reply');
    expect(thread.text).toContain('Your email address');
    expect(thread.text).toContain('name="_csrf"');

    const before = await countRows(app.kit.db, 'process_comments');
    const invalid = await visitor.submit(
      `${threadUrl}/reply`,
      { reply: '', name: 'Kim', email: 'not-an-email' },
      { fromPage: threadUrl },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('govuk-error-summary');
    expect(invalid.text).toContain('Enter your reply');
    expect(invalid.text).toContain('Enter an email address in the correct format');
    const welsh = await visitor.submit(`${threadUrl}/reply?lang=cy`, { reply: '', name: '', email: '' });
    expect(welsh.status).toBe(400);
    expect(welsh.text).toContain('Rhowch eich ateb');
    expect(welsh.text).toContain('Rhowch eich enw');
    const noToken = await visitor.agent
      .post(`${threadUrl}/reply`)
      .type('form')
      .send({ reply: 'Yes', name: 'Kim', email: 'kim@example.com' });
    expect(noToken.status).toBe(403);
    expect(await countRows(app.kit.db, 'process_comments')).toBe(before);

    const sent = await visitor.submit(
      `${threadUrl}/reply`,
      { reply: 'Yes, much quicker', name: 'Kim Public', email: 'kim@example.com' },
      { fromPage: threadUrl },
    );
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${threadUrl}?held=1`);
    // The visitor chose Welsh above; the notice is in English again with ?lang=en.
    expect((await visitor.get(`${sent.headers.location}&lang=en`)).text).toContain(
      'Your reply will be shown once',
    );
    const reply = await newestComment(app);
    expect(reply).toMatchObject({
      parent_id: threadUrl.split('/').pop(),
      author_type: 'public',
      author_name: 'Kim Public',
      author_email: 'kim@example.com',
      visibility: 'held',
    });
    expect((await visitor.get(threadUrl)).text).not.toContain('Yes, much quicker');

    const managed = await manager.get(threadUrl);
    expect(managed.text).toContain('Yes, much quicker');
    expect(managed.text).toContain('Held for moderation');
    expect(managed.text).not.toContain('kim@example.com');
    const moderateUrl = `${threadUrl}/replies/${reply.id}/moderate`;
    expect(managed.text).toContain(`href="${moderateUrl}"`);
    expect((await visitor.get(moderateUrl)).headers.location).toBe('/staff/sign-in');
    const noReason = await manager.submit(moderateUrl, { action: 'hide', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('govuk-error-summary');
    expect(noReason.text).toContain('Enter why you are hiding the comment');
    expect((await manager.submit(moderateUrl, { action: 'show' })).headers.location).toBe(threadUrl);
    const shown = await visitor.get(threadUrl);
    expect(shown.text).toContain('Yes, much quicker');
    expect(shown.text).toContain('Kim Public');
    expect(shown.text).not.toContain('kim@example.com');
    expect(await countRows(app.kit.db, 'audit_events', { entity_id: reply.id, event: 'COMMENT_SHOWN' })).toBe(
      1,
    );
    // A reply id from another thread is not this thread's reply.
    expect((await manager.get(`${BASE}/${reply.id}/replies/${reply.id}/moderate`)).status).toBe(404);
  });

  it('takes at most 10 comments an hour from one address, then says so and saves nothing', async () => {
    const visitor = new Browser(app);
    const already = await countRows(app.kit.db, 'process_comments', { author_type: 'public' });
    const send = () =>
      visitor.submit(
        `${BASE}/new`,
        { state: '', event: '', comment: 'Another idea', name: 'Sam', email: 'sam@example.com' },
        { fromPage: `${BASE}/new` },
      );
    for (let sent = already; sent < 10; sent++) expect((await send()).status).toBe(303);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('govuk-error-summary');
    expect(refused.text).toContain('You have sent a lot of comments');
    expect(await countRows(app.kit.db, 'process_comments', { author_type: 'public' })).toBe(10);
    // Replies count against the same limit.
    const opener = await app.kit
      .db('process_comments')
      .where({ visibility: 'visible', parent_id: null })
      .first('id');
    const threadUrl = `${BASE}/${opener.id}`;
    const reply = await visitor.submit(
      `${threadUrl}/reply`,
      { reply: 'One more', name: 'Sam', email: 'sam@example.com' },
      { fromPage: threadUrl },
    );
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toMatch(/^\d+$/);
    expect(reply.text).toContain('govuk-error-summary');
    expect(await countRows(app.kit.db, 'process_comments', { author_type: 'public' })).toBe(10);
  });
});

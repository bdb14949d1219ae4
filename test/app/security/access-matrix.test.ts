import type { KitApp } from '../../../app/app';
import { inYears, PERSONAS } from '../../../workflows/application/personas';
import { applicationPages } from '../../../workflows/application/pages';
import { badgeEventForms } from '../../../workflows/badge/forms';
import { caseEventForms } from '../../../workflows/case/forms';
import { hasPermission, ROLES, type Permission, type Role } from '../../../workflows/permissions';
import { eventPermissions, WORKFLOWS } from '../../../workflows/registry';
import { replacementPages } from '../../../workflows/replacement/pages';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';
import { approveForm, readyForDecision } from '../../helpers/forms';

/**
 * Every route the app serves × everyone who might ask (signed out, a resident mid-application, each staff
 * role), against the rule written here for that route. The routes are read from the app's own router, so a
 * new route with no rule below fails this test until someone decides who may use it (issue #7, issue #10).
 *
 * Allowed: anything but a 403 or the sign-in redirect (a 400 for an empty form is "allowed": the form was
 * reached). Denied: 403 for staff without the permission, the sign-in page for everyone else, and the
 * database exactly as it was. Never a 5xx, for anyone.
 */

/** Who may use a route: anyone, any signed-in staff member, or staff holding a permission. */
type Needs = 'anyone' | 'staff' | Permission;

interface Probe {
  path: string;
  body?: Record<string, string>;
  needs: Needs;
  /** Sent last: it ends (or, starting an application, renews) the session that sent it. */
  endsSession?: boolean;
  /** Signing out sends everyone to the sign-in page: there, that is success, not refusal. */
  signInIsSuccess?: boolean;
}

interface Fixtures {
  reference: string;
  /** A file sent with the case `reference` (its photo). */
  evidenceId: string;
  badgeReference: string;
  /** The approval letter of the case `badgeReference`. */
  letterId: string;
  staffId: string;
  /** A comment on the case workflow's process map. */
  commentId: string;
}

const PIP = PERSONAS[0];
const firstApplicationPage = applicationPages[PIP.steps[0].state].path;
const firstReplacementPage = replacementPages.badgeNumber.path;

/** Staff event forms (`/cases/:reference/<slug>`) need the permission their statechart transition names. */
function eventProbes(kind: 'case' | 'badge', prefix: string, reference: string): Probe[] {
  const permissions = eventPermissions(WORKFLOWS[kind].machine);
  const forms = kind === 'case' ? caseEventForms : badgeEventForms;
  return forms.map((form) => ({
    path: `/staff/cases/${reference}${prefix}/${form.slug}`,
    needs: permissions.get(form.event)!,
  }));
}

/** The citizen journey routes, under a base, with the rule they share. */
function journeyRules(base: string, page: string, needs: Needs, start: boolean, uploads = false) {
  const rules: Record<string, (f: Fixtures) => Probe[]> = {
    [`GET ${base}/:page`]: () => [{ path: `${base}/${page}`, needs }],
    [`POST ${base}/:page`]: () => [{ path: `${base}/${page}`, needs }],
    [`GET ${base}/:page/add`]: () => [{ path: `${base}/${page}/add`, needs }],
    [`POST ${base}/:page/add`]: () => [{ path: `${base}/${page}/add`, needs }],
    [`GET ${base}/:page/:index/change`]: () => [{ path: `${base}/${page}/1/change`, needs }],
    [`POST ${base}/:page/:index/change`]: () => [{ path: `${base}/${page}/1/change`, needs }],
    [`GET ${base}/:page/:index/remove`]: () => [{ path: `${base}/${page}/1/remove`, needs }],
    [`POST ${base}/:page/:index/remove`]: () => [{ path: `${base}/${page}/1/remove`, needs }],
  };
  if (uploads) {
    // A person's own files only: anyone else (who may use the journey at all) gets a 404, not a refusal.
    rules[`GET ${base}/evidence/:id`] = (f) => [{ path: `${base}/evidence/${f.evidenceId}`, needs }];
    rules[`GET ${base}/evidence/:id/thumbnail`] = (f) => [
      { path: `${base}/evidence/${f.evidenceId}/thumbnail`, needs },
    ];
  }
  if (start) {
    rules[`GET ${base}/`] = () => [{ path: base, needs }];
    // Starting regenerates the session (no fixation), which signs staff out of the back office.
    rules[`POST ${base}/start`] = () => [{ path: `${base}/start`, needs, endsSession: true }];
  }
  return rules;
}

const one =
  (needs: Needs, path?: string, extra: Partial<Probe> = {}) =>
  (_f: Fixtures, pattern: string): Probe[] => [{ path: path ?? pattern, needs, ...extra }];

/** The rule of every route. Add a line here for each new route. */
const RULES: Record<string, (fixtures: Fixtures, pattern: string) => Probe[]> = {
  'GET /health': one('anyone'),
  'GET /ready': one('anyone'),
  'POST /api/v1/eligibility': one('anyone'),
  // Any other method there gets a JSON 405.
  '_ALL /api/v1/eligibility': one('anyone'),
  'GET /api/v1/openapi.json': one('anyone'),
  'GET /api/v1/workflows': one('anyone'),
  'GET /api/v1/workflows/:id': one('anyone', '/api/v1/workflows/case'),
  'GET /api/v1/workflows/:id/versions/:version': one('anyone', '/api/v1/workflows/case/versions/1'),
  'GET /api/v1/reference-data': one('anyone'),
  'GET /stylesheets/govuk-frontend.min.css': one('anyone'),
  'GET /javascripts/govuk-frontend.min.js': one('anyone'),
  'GET /': one('anyone'),
  ...journeyRules('/apply', firstApplicationPage, 'anyone', true, true),
  ...journeyRules('/replace', firstReplacementPage, 'anyone', true),
  'GET /check-progress/': one('anyone', '/check-progress'),
  // Public by default (council.json process.publicMaps); test/app/routes/process.test.ts covers "staff only".
  'GET /process/': one('anyone', '/process'),
  'GET /process/:workflow': one('anyone', '/process/case'),
  'GET /process/:workflow/diagram.svg': one('anyone', '/process/application/diagram.svg'),
  'POST /check-progress/': one('anyone', '/check-progress'),
  'GET /check-progress/organisation': one('anyone'),
  'POST /check-progress/organisation': one('anyone'),
  // The secure link is the only key: a made-up token gets the same "expired or used" page for everyone.
  // The confirmation after a reply (post/redirect/get): only the reference, from the session that sent it.
  'GET /more-information/sent': one('anyone'),
  'GET /more-information/:token': one('anyone', `/more-information/${'x'.repeat(43)}`),
  'POST /more-information/:token': one('anyone', `/more-information/${'x'.repeat(43)}`),
  'POST /more-information/:token/upload': one('anyone', `/more-information/${'x'.repeat(43)}/upload`),
  // Save and return (issue #5): a resident's own draft only (without one, the save pages redirect to the start).
  'GET /apply/save': one('anyone'),
  'POST /apply/save': one('anyone'),
  'GET /apply/saved': one('anyone'),
  'GET /replace/save': one('anyone'),
  'POST /replace/save': one('anyone'),
  'GET /replace/saved': one('anyone'),
  'GET /return/': one('anyone', '/return'),
  'POST /return/': one('anyone', '/return'),
  'GET /return/link': one('anyone'),
  'POST /return/link': one('anyone'),
  'GET /session-timeout': one('anyone'),
  'GET /session/keep-alive': one('anyone'),
  'GET /staff/sign-in': one('anyone'),
  'POST /staff/sign-in': one('anyone'),
  'POST /staff/sign-out': one('anyone', undefined, { endsSession: true, signInIsSuccess: true }),
  'GET /staff/': one('staff', '/staff'),
  'GET /staff/account': one('staff'),
  'POST /staff/account/password': one('staff'),
  'POST /staff/account/sign-out-everywhere': one('staff'),
  'GET /staff/accounts/': one('staff:manage', '/staff/accounts'),
  'GET /staff/accounts/new': one('staff:manage'),
  'POST /staff/accounts/new': one('staff:manage'),
  'GET /staff/accounts/:id': (f) => [{ path: `/staff/accounts/${f.staffId}`, needs: 'staff:manage' }],
  'GET /staff/accounts/:id/change': (f) => [
    { path: `/staff/accounts/${f.staffId}/change`, needs: 'staff:manage' },
  ],
  'POST /staff/accounts/:id/change': (f) => [
    { path: `/staff/accounts/${f.staffId}/change`, needs: 'staff:manage' },
  ],
  'POST /staff/accounts/:id/disable': (f) => [
    { path: `/staff/accounts/${f.staffId}/disable`, needs: 'staff:manage' },
  ],
  'POST /staff/accounts/:id/enable': (f) => [
    { path: `/staff/accounts/${f.staffId}/enable`, needs: 'staff:manage' },
  ],
  'GET /staff/accounts/:id/reset-password': (f) => [
    { path: `/staff/accounts/${f.staffId}/reset-password`, needs: 'staff:manage' },
  ],
  'POST /staff/accounts/:id/reset-password': (f) => [
    { path: `/staff/accounts/${f.staffId}/reset-password`, needs: 'staff:manage' },
  ],
  'GET /staff/cases': one('case:view'),
  'GET /staff/cases/:reference': (f) => [{ path: `/staff/cases/${f.reference}`, needs: 'case:view' }],
  'GET /staff/cases/:reference/views': (f) => [
    { path: `/staff/cases/${f.reference}/views`, needs: 'case:audit' },
  ],
  'POST /staff/cases/:reference/notes': (f) => [
    { path: `/staff/cases/${f.reference}/notes`, needs: 'case:assess' },
  ],
  'GET /staff/cases/:reference/assign': (f) => [
    { path: `/staff/cases/${f.reference}/assign`, needs: 'case:assign' },
  ],
  // Taking a case yourself needs case:assess; giving it to a colleague needs case:assign.
  'POST /staff/cases/:reference/assign': (f) => [
    { path: `/staff/cases/${f.reference}/assign`, body: { assignee: 'me', from: '' }, needs: 'case:assess' },
    {
      path: `/staff/cases/${f.reference}/assign`,
      body: { assignee: f.staffId, from: '' },
      needs: 'case:assign',
    },
  ],
  'GET /staff/cases/:reference/evidence/:id': (f) => [
    { path: `/staff/cases/${f.reference}/evidence/${f.evidenceId}`, needs: 'evidence:view' },
  ],
  'GET /staff/cases/:reference/evidence/:id/thumbnail': (f) => [
    { path: `/staff/cases/${f.reference}/evidence/${f.evidenceId}/thumbnail`, needs: 'evidence:view' },
  ],
  'GET /staff/cases/:reference/letters/:id': (f) => [
    { path: `/staff/cases/${f.badgeReference}/letters/${f.letterId}`, needs: 'letters:view' },
  ],
  'GET /staff/cases/:reference/letters/:id/pdf': (f) => [
    { path: `/staff/cases/${f.badgeReference}/letters/${f.letterId}/pdf`, needs: 'letters:view' },
  ],
  'GET /staff/cases/:reference/:event': (f) => eventProbes('case', '', f.reference),
  'POST /staff/cases/:reference/:event': (f) => eventProbes('case', '', f.reference),
  'GET /staff/cases/:reference/badge/:event': (f) => eventProbes('badge', '/badge', f.badgeReference),
  'POST /staff/cases/:reference/badge/:event': (f) => eventProbes('badge', '/badge', f.badgeReference),
  'GET /staff/settings': one('settings:view'),
  // Comments on the process maps: staff only while council.json processComments.public is off (the default).
  'GET /process/:workflow/comments': one('process:comment', '/process/case/comments?state=assessing'),
  'GET /process/:workflow/comments/new': one('process:comment', '/process/case/comments/new'),
  'POST /process/:workflow/comments/new': one('process:comment', '/process/case/comments/new', {
    body: { state: '', event: '', comment: 'A comment from the access matrix' },
  }),
  'GET /process/:workflow/comments/export': one(
    'process:moderate',
    '/process/case/comments/export?format=json',
  ),
  'GET /process/:workflow/comments/:id': (f) => [
    { path: `/process/case/comments/${f.commentId}`, needs: 'process:comment' },
  ],
  'POST /process/:workflow/comments/:id/reply': (f) => [
    {
      path: `/process/case/comments/${f.commentId}/reply`,
      body: { reply: 'Agreed' },
      needs: 'process:comment',
    },
  ],
  'POST /process/:workflow/comments/:id/status': (f) => [
    {
      path: `/process/case/comments/${f.commentId}/status`,
      body: { status: 'resolved' },
      needs: 'process:moderate',
    },
  ],
  'POST /process/:workflow/comments/:id/moderate': (f) => [
    {
      path: `/process/case/comments/${f.commentId}/moderate`,
      body: { action: 'show' },
      needs: 'process:moderate',
    },
  ],
  // The fixture comment has no replies: those allowed reach the page and find no such reply (404).
  'GET /process/:workflow/comments/:id/replies/:replyId/moderate': (f) => [
    {
      path: `/process/case/comments/${f.commentId}/replies/${f.commentId}/moderate`,
      needs: 'process:moderate',
    },
  ],
  'POST /process/:workflow/comments/:id/replies/:replyId/moderate': (f) => [
    {
      path: `/process/case/comments/${f.commentId}/replies/${f.commentId}/moderate`,
      body: { action: 'show' },
      needs: 'process:moderate',
    },
  ],
  'GET /staff/outbox': one('notifications:view'),
  // Data protection (app/routes/staff-data-protection.ts): the fixture case is open, so erasure is refused as
  // a conflict (409) for those allowed, never carried out; the erasure confirmation of no erasure is a 404.
  'GET /staff/cases/:reference/export': (f) => [
    { path: `/staff/cases/${f.reference}/export`, needs: 'data:export' },
  ],
  'POST /staff/cases/:reference/export': (f) => [
    { path: `/staff/cases/${f.reference}/export`, needs: 'data:export' },
  ],
  'GET /staff/cases/:reference/erase': (f) => [
    { path: `/staff/cases/${f.reference}/erase`, needs: 'data:erase' },
  ],
  'POST /staff/cases/:reference/erase': (f) => [
    {
      path: `/staff/cases/${f.reference}/erase`,
      body: { ground: 'request', details: 'Request 42' },
      needs: 'data:erase',
    },
  ],
  'GET /staff/erasures/:id': one('data:erase', '/staff/erasures/00000000-0000-0000-0000-000000000000'),
  'GET /staff/erasures': one('erasures:view'),
  // A member of the public's comments (app/data-protection/commenters.ts): no comments from this address, so
  // those allowed are told so (200, or 404 to export or erase) and nothing changes.
  'GET /staff/commenters': one('data:export'),
  'POST /staff/commenters': one('data:export', '/staff/commenters', {
    body: { email: 'no-one@example.com' },
  }),
  'POST /staff/commenters/export': one('data:export', '/staff/commenters/export', {
    body: { email: 'no-one@example.com' },
  }),
  'POST /staff/commenters/erase': one('data:erase', '/staff/commenters/erase', {
    body: { email: 'no-one@example.com', ground: 'request', details: 'Request 42' },
  }),
  // Single sign-on's /staff/sso/start and /staff/sso/callback exist only when OIDC_* is set up; they are for
  // anyone, and test/app/routes/staff-sso.test.ts drives them against a real provider.
  'GET /staff/applications/new': one('application:key'),
  'POST /staff/applications/new': one('application:key'),
  ...journeyRules('/staff/applications/apply', firstApplicationPage, 'application:key', false, true),
  ...journeyRules('/staff/applications/replace', firstReplacementPage, 'application:key', false),
};

/** Every route of the app, as "METHOD /path/:param", from its router. */
function routesOf(app: KitApp): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
    rawPath?: unknown;
  }
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
        }
      } else if (layer.handle?.stack) {
        const path = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + path);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)];
}

type Principal = 'signed out' | 'resident' | Role;
const PRINCIPALS: Principal[] = ['signed out', 'resident', ...ROLES];

function expectedAllowed(principal: Principal, needs: Needs): boolean {
  if (needs === 'anyone') return true;
  if (principal === 'signed out' || principal === 'resident') return false;
  return needs === 'staff' || hasPermission(principal, needs);
}

// Hundreds of requests per test; PostgreSQL under a busy CI machine needs the time.
jest.setTimeout(120_000);

describe('who may use each route', () => {
  let app: KitApp;
  let fixtures: Fixtures;
  const browsers = new Map<Principal, Browser>();

  beforeAll(async () => {
    app = await buildTestApp();
    const staff = Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [role, await addStaff(app, role)] as const)),
    );
    const target = await addStaff(app, 'assessor', 'someone-else@test.gov.uk');
    const reference = await sendApplication(new Browser(app), PIP);
    const badgeReference = await sendApplication(new Browser(app), PIP);
    // The second case is approved, so it has a badge for the badge routes.
    const decider = new Browser(app);
    await decider.signIn('', staff['decision-maker'].email);
    await readyForDecision(decider, badgeReference);
    const approved = await decider.submit(`/staff/cases/${badgeReference}/approve`, approveForm(inYears(2)));
    if (approved.status !== 303) throw new Error('Could not approve the badge fixture case');
    const photo = (await app.kit
      .db('evidence')
      .where({ section: 'PHOTO' })
      .orderBy('created_at')
      .first('id')) as {
      id: string;
    };
    const letter = (await app.kit.db('letters').first('id')) as { id: string };
    const commenter = new Browser(app);
    await commenter.signIn('', staff['read-only'].email);
    const commented = await commenter.submit(
      '/process/case/comments/new',
      { state: '', event: '', comment: 'A fixture comment' },
      { fromPage: '/process/case/comments/new' },
    );
    if (commented.status !== 303) throw new Error('Could not add the comment fixture');
    const comment = (await app.kit.db('process_comments').first('id')) as { id: string };
    fixtures = {
      reference,
      evidenceId: photo.id,
      badgeReference,
      letterId: letter.id,
      staffId: target.id,
      commentId: comment.id,
    };

    browsers.set('signed out', new Browser(app));
    const resident = new Browser(app);
    await resident.submit('/apply/start', {}, { fromPage: '/apply' });
    browsers.set('resident', resident);
    for (const role of ROLES) {
      const browser = new Browser(app);
      const signedIn = await browser.signIn('', staff[role].email);
      if (signedIn.status !== 303) throw new Error(`Could not sign in as ${role}`);
      browsers.set(role, browser);
    }
  });
  afterAll(() => app.kit.close());

  /**
   * Everything a refused request must leave as it was (sessions aside: every request touches its own).
   * Workflow rows bump their revision on every change and audit rows are only ever added, so counts,
   * revisions and the last audit id show any write; staff accounts are few enough to compare whole.
   */
  async function databaseState(): Promise<string> {
    const { db } = app.kit;
    const workflows = await Promise.all(
      ['applications', 'cases', 'badges'].map((table) =>
        db(table).first(db.raw('count(*) as n'), db.raw('sum(revision) as revisions')),
      ),
    );
    const audit = await db('audit_events').first(db.raw('count(*) as n'), db.raw('max(id) as last'));
    const staff = await db('staff_users').orderBy('id').select('*');
    // Each table's own state; an assignment changes cases.assigned_to without a revision.
    const assigned = await db('cases').orderBy('id').select('id', 'assigned_to');
    const comments = await db('process_comments').orderBy('id').select('*');
    return JSON.stringify([workflows, audit, staff, assigned, comments]);
  }

  it('has a rule for every route the app serves, and no rule for a route it does not', () => {
    const routes = routesOf(app);
    expect(routes.filter((route) => !(route in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('allows and denies each route for each person as its rule says, and a denial changes nothing', async () => {
    const probes = Object.entries(RULES).flatMap(([pattern, make]) => {
      const method = pattern.split(' ')[0];
      return make(fixtures, pattern.slice(method.length + 1)).map((probe) => ({ ...probe, method, pattern }));
    });
    const ordered = [...probes.filter((p) => !p.endsSession), ...probes.filter((p) => p.endsSession)];
    const wrong: string[] = [];
    let checked = 0;

    for (const principal of PRINCIPALS) {
      const browser = browsers.get(principal)!;
      for (const probe of ordered) {
        const allowed = expectedAllowed(principal, probe.needs);
        const before = allowed ? '' : await databaseState();
        let res;
        if (probe.method === 'GET') {
          res = await browser.agent.get(probe.path);
        } else if (probe.method === '_ALL') {
          res = await browser.agent.put(probe.path);
        } else {
          // A real CSRF token for this person's session: CSRF is not what should refuse them.
          await browser.get('/staff/sign-in');
          const token = /name="_csrf" value="([^"]+)"/.exec(browser.lastHtml)?.[1] ?? '';
          res = await browser.agent
            .post(probe.path)
            .type('form')
            .send({ _csrf: token, ...probe.body });
        }
        const toSignIn =
          res.status === 303 && res.headers.location === '/staff/sign-in' && !probe.signInIsSuccess;
        const refused = res.status === 403 || toSignIn;
        const label = `${principal}: ${probe.method} ${probe.path}${probe.body ? ` ${JSON.stringify(probe.body)}` : ''}`;
        if (res.status >= 500) wrong.push(`${label} gave ${res.status}`);
        else if (allowed && refused) wrong.push(`${label} was refused (${res.status}); its rule allows it`);
        else if (!allowed && !refused)
          wrong.push(`${label} was allowed (${res.status}); its rule needs ${probe.needs}`);
        else if (
          !allowed &&
          probe.needs !== 'staff' &&
          principal !== 'signed out' &&
          principal !== 'resident' &&
          res.status !== 403
        )
          wrong.push(
            `${label} should be 403 for a signed-in officer without ${probe.needs}, got ${res.status}`,
          );
        if (!allowed && (await databaseState()) !== before)
          wrong.push(`${label} was refused but changed the database`);
        checked += 1;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(probes.length * PRINCIPALS.length);
  });

  it('never shows one resident another’s answers: journey URLs carry no ids, only the session says whose', async () => {
    const first = new Browser(app);
    await first.submit('/apply/start', {}, { fromPage: '/apply' });
    const answered = await first.submit(`/apply/${firstApplicationPage}`, { applicant: 'someone-else' });
    expect(answered.status).toBe(303);
    expect((await first.get(`/apply/${firstApplicationPage}`)).text).toMatch(/value="someone-else" checked/);
    const second = new Browser(app);
    await second.submit('/apply/start', {}, { fromPage: '/apply' });
    const theirs = await second.get(`/apply/${firstApplicationPage}`);
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toMatch(/value="someone-else" checked/);
    // Someone with no application is sent to the start, whatever page they ask for.
    const stranger = await new Browser(app).get(answered.headers.location);
    expect([stranger.status, stranger.headers.location]).toEqual([303, '/apply']);
  });

  it('refuses every state-changing request without a valid CSRF token, for everyone, changing nothing', async () => {
    // The JSON API is stateless and sessionless (no cookie is read), so CSRF does not apply to it.
    const posts = Object.entries(RULES)
      .filter(([pattern]) => pattern.startsWith('POST ') && !pattern.startsWith('POST /api/'))
      .flatMap(([pattern, make]) => make(fixtures, pattern.slice('POST '.length)));
    const wrong: string[] = [];
    // A fresh sign-in for each role: the matrix above ended these sessions.
    const people: Array<[Principal, Browser]> = [['signed out', new Browser(app)]];
    for (const role of ROLES) {
      const browser = new Browser(app);
      await browser.signIn('', `${role}@test.gov.uk`);
      people.push([role, browser]);
    }
    for (const [principal, browser] of people) {
      for (const probe of posts) {
        for (const token of [undefined, 'not-the-token', '']) {
          const before = await databaseState();
          const body = token === undefined ? { ...probe.body } : { _csrf: token, ...probe.body };
          const res = await browser.agent.post(probe.path).type('form').send(body);
          const label = `${principal}: POST ${probe.path} with ${token === undefined ? 'no' : `"${token}" as`} token`;
          if (res.status !== 403 || !res.text.includes('Your session has ended')) {
            wrong.push(`${label} gave ${res.status}`);
          }
          if ((await databaseState()) !== before) wrong.push(`${label} changed the database`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(posts.length).toBeGreaterThan(30);
  });
});

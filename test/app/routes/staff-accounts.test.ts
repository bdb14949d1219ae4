import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import argon2 from 'argon2';
import type { KitApp } from '../../../app/app';
import {
  LOCK_DURATION_MS,
  MAX_FAILED_ATTEMPTS,
  PERMISSION_DESCRIPTIONS,
  STAFF_AUDIT_WORKFLOW,
} from '../../../app/services/staff';
import {
  hasPermission,
  NATIONAL_ROLE,
  PERMISSIONS,
  ROLE_NAMES,
  ROLE_PERMISSIONS,
  ROLES,
  type Permission,
} from '../../../workflows/permissions';
import { eventPermissions, WORKFLOWS } from '../../../workflows/registry';
import { code, markdownTable } from '../../../workflows/rules/markdown';
import { countRows } from '../../helpers/database';
import { addStaff, Browser, buildTestApp, csrfTokenFrom, STAFF_PASSWORD } from '../../helpers/test-app';

// Every sign-in is an argon2 verify (deliberately slow): these tests do dozens.
jest.setTimeout(60_000);

const START = new Date('2026-12-10T10:00:00.000Z');
const NEW_PASSWORD = 'a-new-password-of-my-own';
const REFUSED = 'Enter a correct email address and password';

interface Audit {
  entity_type: string;
  entity_id: string;
  workflow_id: string;
  event: string;
  from_state: string | null;
  to_state: string;
  actor_type: string;
  actor_id: string | null;
  detail: string | null;
}

describe('staff accounts and sign-in', () => {
  let app: KitApp;
  let clock: Date;
  beforeAll(async () => {
    clock = START;
    app = await buildTestApp({ clock: () => clock });
  });
  afterAll(() => app.kit.close());
  afterEach(() => {
    clock = START;
  });

  const db = () => app.kit.db;
  const minutes = (n: number) => new Date(START.getTime() + n * 60 * 1000);

  async function userRow(email: string) {
    return (await db()('staff_users').where({ email }).first()) as {
      id: string;
      name: string;
      role: string;
      disabled: boolean | number;
      failed_attempts: number | string;
      locked_until: string | null;
      session_version: number | string;
      password_change_required: boolean | number;
      password_hash: string;
    };
  }

  async function auditFor(id: string): Promise<Audit[]> {
    return (await db()('audit_events')
      .where({ entity_type: 'staff', entity_id: id })
      .orderBy('id')) as Audit[];
  }

  async function signedIn(email: string, password = STAFF_PASSWORD) {
    const browser = new Browser(app);
    const res = await browser.signIn('', email, password);
    expect(res.status).toBe(303);
    return browser;
  }

  /** A page as two people would see it, without the parts that differ per request. */
  const comparable = (html: string) =>
    html
      .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""')
      .replace(/nonce="[^"]+"/g, 'nonce=""')
      .replace(/value="[^"]*@[^"]*"/g, 'value=""');

  const oneTimePasswordIn = (html: string) => {
    const match = /<code data-one-time-password>([^<]+)<\/code>/.exec(html);
    if (!match) throw new Error('No one-time password on the page');
    return match[1];
  };

  describe('locking an account', () => {
    it('locks after 5 wrong passwords in a row for 15 minutes; a success resets the count', async () => {
      await addStaff(app, 'assessor', 'lock@test.gov.uk');
      const browser = new Browser(app);
      for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) {
        const wrong = await browser.signIn('', 'lock@test.gov.uk', 'not-the-password-at-all');
        expect(wrong.status).toBe(400);
        expect(wrong.text).toContain(REFUSED);
      }
      expect(Number((await userRow('lock@test.gov.uk')).failed_attempts)).toBe(4);
      // The right password before the fifth: in, and the count starts again.
      expect((await browser.signIn('', 'lock@test.gov.uk')).status).toBe(303);
      expect(Number((await userRow('lock@test.gov.uk')).failed_attempts)).toBe(0);

      const other = new Browser(app);
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
        expect((await other.signIn('', 'lock@test.gov.uk', 'not-the-password-at-all')).status).toBe(400);
      }
      expect((await userRow('lock@test.gov.uk')).locked_until).toBe(
        new Date(START.getTime() + LOCK_DURATION_MS).toISOString(),
      );

      // Locked: even the right password is refused, with the same words, and more tries do not extend it.
      clock = minutes(10);
      const locked = await other.signIn('', 'lock@test.gov.uk');
      expect(locked.status).toBe(400);
      expect(locked.text).toContain(REFUSED);
      expect(locked.text).toContain('an account is locked for 15 minutes');
      await other.signIn('', 'lock@test.gov.uk', 'still-not-the-password');
      clock = minutes(14);
      expect((await other.signIn('', 'lock@test.gov.uk')).status).toBe(400);
      // A session that was already signed in is not a way in for the lock, but is not ended by it either.
      expect((await browser.get('/staff/cases')).status).toBe(200);

      clock = minutes(15);
      expect((await other.signIn('', 'lock@test.gov.uk')).status).toBe(303);
      expect((await other.get('/staff/cases')).status).toBe(200);
      const row = await userRow('lock@test.gov.uk');
      expect(Number(row.failed_attempts)).toBe(0);
      expect(row.locked_until).toBeNull();
    });

    it('treats an unknown email exactly like a known one: same page, same work, locked or not', async () => {
      await addStaff(app, 'assessor', 'known@test.gov.uk');
      const verify = jest.spyOn(argon2, 'verify');
      try {
        const known = new Browser(app);
        const unknown = new Browser(app);
        for (let i = 0; i <= MAX_FAILED_ATTEMPTS; i++) {
          verify.mockClear();
          const a = await known.signIn('', 'known@test.gov.uk', 'not-the-password-at-all');
          expect(verify).toHaveBeenCalledTimes(1);
          verify.mockClear();
          const b = await unknown.signIn('', 'nobody@test.gov.uk', 'not-the-password-at-all');
          expect(verify).toHaveBeenCalledTimes(1);
          expect(b.status).toBe(a.status);
          expect(comparable(b.text)).toBe(comparable(a.text));
        }
        // Now locked: the right password for the known email looks like any wrong one for an unknown email.
        verify.mockClear();
        const locked = await known.signIn('', 'known@test.gov.uk');
        expect(verify).toHaveBeenCalledTimes(1);
        const nobody = await unknown.signIn('', 'nobody@test.gov.uk');
        expect(locked.status).toBe(400);
        expect(comparable(locked.text)).toBe(comparable(nobody.text));
      } finally {
        verify.mockRestore();
      }
      expect(await countRows(db(), 'staff_users', { email: 'nobody@test.gov.uk' })).toBe(0);
    });

    it('says so on the sign-in page before anything goes wrong', async () => {
      const page = await new Browser(app).get('/staff/sign-in');
      expect(page.text).toContain('After 5 wrong passwords in a row, an account is locked for 15 minutes.');
    });
  });

  describe('your account', () => {
    it('sign out everywhere ends every other session of the same person, and keeps this one', async () => {
      const user = await addStaff(app, 'decision-maker', 'everywhere@test.gov.uk');
      const here = await signedIn('everywhere@test.gov.uk');
      const elsewhere = await signedIn('everywhere@test.gov.uk');
      await addStaff(app, 'assessor', 'bystander@test.gov.uk');
      const someoneElse = await signedIn('bystander@test.gov.uk');
      const account = await here.get('/staff/account');
      expect(account.status).toBe(200);
      expect(account.text).toContain('Sign out everywhere');

      const res = await here.submit('/staff/account/sign-out-everywhere', {}, { fromPage: '/staff/account' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/staff/account');
      expect((await here.get('/staff/account')).text).toContain(
        'You have been signed out on every other device and browser.',
      );
      expect((await here.get('/staff/cases')).status).toBe(200);
      const ended = await elsewhere.get('/staff/cases');
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/staff/sign-in');
      expect((await someoneElse.get('/staff/cases')).status).toBe(200);
      // Signing in again works as ever.
      expect((await elsewhere.signIn('', 'everywhere@test.gov.uk')).status).toBe(303);
      expect((await elsewhere.get('/staff/cases')).status).toBe(200);
      expect((await auditFor(user.id)).map((row) => row.event)).toEqual(['SIGNED_OUT_EVERYWHERE']);
    });

    it('changes your own password: current password needed, 12 characters or more; other sessions end', async () => {
      const user = await addStaff(app, 'read-only', 'own-password@test.gov.uk');
      const here = await signedIn('own-password@test.gov.uk');
      const elsewhere = await signedIn('own-password@test.gov.uk');
      const change = (fields: Record<string, string>) =>
        here.submit('/staff/account/password', fields, { fromPage: '/staff/account' });

      const empty = await change({});
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('There is a problem');
      expect(empty.text).toContain('href="#currentPassword">Enter your current password');
      expect(empty.text).toContain('href="#newPassword">Enter a new password');
      const wrong = await change({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('Your current password is incorrect');
      const short = await change({ currentPassword: STAFF_PASSWORD, newPassword: 'too-short' });
      expect(short.status).toBe(400);
      expect(short.text).toContain('Password must be 12 characters or more');
      const same = await change({ currentPassword: STAFF_PASSWORD, newPassword: STAFF_PASSWORD });
      expect(same.status).toBe(400);
      expect(same.text).toContain('must be different from your current password');
      // Odd input (repeated fields) is an error on the page, never a 500.
      const repeated = await here.agent
        .post('/staff/account/password')
        .type('form')
        .send(`_csrf=${encodeURIComponent(csrfTokenFrom(same.text))}&currentPassword=a&currentPassword=b`);
      expect(repeated.status).toBe(400);

      const done = await change({ currentPassword: STAFF_PASSWORD, newPassword: NEW_PASSWORD });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe('/staff/account');
      expect((await here.get('/staff/cases')).status).toBe(200);
      expect((await elsewhere.get('/staff/cases')).status).toBe(303);
      expect((await new Browser(app).signIn('', 'own-password@test.gov.uk')).status).toBe(400);
      expect((await new Browser(app).signIn('', 'own-password@test.gov.uk', NEW_PASSWORD)).status).toBe(303);
      const audit = await auditFor(user.id);
      expect(audit.map((row) => row.event)).toEqual(['PASSWORD_CHANGED']);
      expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
    });

    it('shows staff navigation: "Your account" for everyone, "Staff accounts" for administrators only', async () => {
      await addStaff(app, 'team-manager', 'nav-manager@test.gov.uk');
      await addStaff(app, 'administrator', 'nav-admin@test.gov.uk');
      const manager = await (await signedIn('nav-manager@test.gov.uk')).get('/staff/cases');
      expect(manager.text).toContain('href="/staff/account"');
      expect(manager.text).not.toContain('href="/staff/accounts"');
      const admin = await (await signedIn('nav-admin@test.gov.uk')).get('/staff/cases');
      expect(admin.text).toContain('href="/staff/account"');
      expect(admin.text).toContain('href="/staff/accounts"');
    });
  });

  describe('administrators', () => {
    let admin: Browser;
    let adminId: string;
    beforeAll(async () => {
      adminId = (await addStaff(app, 'administrator', 'chief-admin@test.gov.uk')).id;
      admin = await signedIn('chief-admin@test.gov.uk');
    });

    const create = (fields: Record<string, string>) =>
      admin.submit('/staff/accounts/new', fields, { fromPage: '/staff/accounts/new' });

    it('create an account with a one-time password the person must replace at first sign-in', async () => {
      const list = await admin.get('/staff/accounts');
      expect(list.status).toBe(200);
      expect(list.text).toContain('chief-admin@test.gov.uk');

      const empty = await create({});
      expect(empty.status).toBe(400);
      for (const text of ['href="#email">Enter an email address', 'href="#name">Enter their full name'])
        expect(empty.text).toContain(text);
      expect(empty.text).toContain('href="#role">Select a role');
      expect(empty.text).toContain('govuk-error-message');
      const bad = await create({ email: 'not-an-email', name: 'x'.repeat(201), role: 'superuser' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Enter an email address in the correct format');
      expect(bad.text).toContain('Full name must be 200 characters or fewer');
      expect(bad.text).toContain('Select a role');
      const taken = await create({ email: 'CHIEF-ADMIN@test.gov.uk', name: 'Again', role: 'assessor' });
      expect(taken.status).toBe(400);
      expect(taken.text).toContain('A staff account with this email address already exists');
      const before = await countRows(db(), 'staff_users');

      const made = await create({
        email: ' New.Officer@Test.gov.uk ',
        name: 'New Officer',
        role: 'assessor',
      });
      expect(made.status).toBe(200);
      expect(made.text).toContain('Account created');
      const oneTime = oneTimePasswordIn(made.text);
      expect(oneTime.length).toBeGreaterThanOrEqual(12);
      expect(await countRows(db(), 'staff_users')).toBe(before + 1);
      const row = await userRow('new.officer@test.gov.uk');
      expect(row).toMatchObject({ name: 'New Officer', role: 'assessor' });
      expect(Boolean(row.password_change_required)).toBe(true);
      expect(row.password_hash).not.toContain(oneTime);
      // Never kept in a session either.
      const sessions = (await db()('sessions').select('sess')) as { sess: string }[];
      expect(sessions.some((session) => session.sess.includes(oneTime))).toBe(false);
      const [audit] = await auditFor(row.id);
      expect(audit).toMatchObject({
        entity_type: 'staff',
        entity_id: row.id,
        workflow_id: STAFF_AUDIT_WORKFLOW,
        event: 'ACCOUNT_CREATED',
        to_state: 'active',
        actor_type: 'staff',
        actor_id: adminId,
      });
      expect(audit.detail).not.toContain(oneTime);

      // First sign-in: nowhere to go but "Your account" until they choose a password.
      const officer = new Browser(app);
      const first = await officer.signIn('', 'new.officer@test.gov.uk', oneTime);
      expect(first.headers.location).toBe('/staff/account');
      const cases = await officer.get('/staff/cases');
      expect(cases.status).toBe(303);
      expect(cases.headers.location).toBe('/staff/account');
      expect((await officer.get('/staff/account')).text).toContain('You signed in with a one-time password');
      const changed = await officer.submit(
        '/staff/account/password',
        { currentPassword: oneTime, newPassword: NEW_PASSWORD },
        { fromPage: '/staff/account' },
      );
      expect(changed.headers.location).toBe('/staff/cases');
      expect((await officer.get('/staff/cases')).status).toBe(200);
      expect((await new Browser(app).signIn('', 'new.officer@test.gov.uk', oneTime)).status).toBe(400);
    });

    it('changes a name and role, one audit row for each, and the role applies at once', async () => {
      const user = await addStaff(app, 'read-only', 'promoted@test.gov.uk');
      const session = await signedIn('promoted@test.gov.uk');
      const url = `/staff/accounts/${user.id}/change`;
      const form = await admin.get(url);
      expect(form.status).toBe(200);
      expect(form.text).toContain('value="read-only" checked');

      const blank = await admin.submit(url, { name: ' ', role: 'nonsense' });
      expect(blank.status).toBe(400);
      expect(blank.text).toContain('Enter their full name');
      expect(blank.text).toContain('Select a role');

      const res = await admin.submit(url, { name: 'Promoted Person', role: 'decision-maker' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/staff/accounts/${user.id}`);
      expect(await userRow('promoted@test.gov.uk')).toMatchObject({
        name: 'Promoted Person',
        role: 'decision-maker',
      });
      const audit = await auditFor(user.id);
      expect(audit.map((row) => [row.event, JSON.parse(row.detail ?? '{}')])).toEqual([
        ['NAME_CHANGED', { from: 'Test read-only', to: 'Promoted Person' }],
        ['ROLE_CHANGED', { from: 'read-only', to: 'decision-maker' }],
      ]);
      expect(audit.every((row) => row.actor_id === adminId)).toBe(true);
      expect((await session.get('/staff/account')).text).toContain('Decision maker');
      // Saving with nothing changed writes nothing.
      await admin.submit(url, { name: 'Promoted Person', role: 'decision-maker' });
      expect(await auditFor(user.id)).toHaveLength(2);
    });

    it('disables an account: its sessions stop working, it cannot sign in; enabling lets it sign in again', async () => {
      const user = await addStaff(app, 'assessor', 'leaver@test.gov.uk');
      const session = await signedIn('leaver@test.gov.uk');
      const untouched = await signedIn('leaver@test.gov.uk');
      const page = await admin.get(`/staff/accounts/${user.id}`);
      expect(page.text).toContain('Disable account');

      const res = await admin.submit(
        `/staff/accounts/${user.id}/disable`,
        {},
        {
          fromPage: `/staff/accounts/${user.id}`,
        },
      );
      expect(res.status).toBe(303);
      expect((await admin.get(`/staff/accounts/${user.id}`)).text).toContain('has been disabled');
      expect(Boolean((await userRow('leaver@test.gov.uk')).disabled)).toBe(true);
      const ended = await session.get('/staff/cases');
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/staff/sign-in');
      const refused = await new Browser(app).signIn('', 'leaver@test.gov.uk');
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(REFUSED);
      expect((await admin.get('/staff/accounts')).text).toContain('Disabled');

      expect(
        (
          await admin.submit(
            `/staff/accounts/${user.id}/enable`,
            {},
            { fromPage: `/staff/accounts/${user.id}` },
          )
        ).status,
      ).toBe(303);
      expect((await new Browser(app).signIn('', 'leaver@test.gov.uk')).status).toBe(303);
      // A session from before it was disabled stays ended.
      expect((await untouched.get('/staff/cases')).status).toBe(303);
      expect((await auditFor(user.id)).map((row) => [row.event, row.from_state, row.to_state])).toEqual([
        ['DISABLED', 'active', 'disabled'],
        ['ENABLED', 'disabled', 'active'],
      ]);
    });

    it('resets a password: a new one-time password, signed out everywhere, a lock cleared', async () => {
      const user = await addStaff(app, 'team-manager', 'forgetful@test.gov.uk');
      const session = await signedIn('forgetful@test.gov.uk');
      await db()('staff_users')
        .where({ id: user.id })
        .update({ locked_until: minutes(15).toISOString(), failed_attempts: 0 });
      const confirm = await admin.get(`/staff/accounts/${user.id}/reset-password`);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('signed out everywhere');

      const res = await admin.submit(`/staff/accounts/${user.id}/reset-password`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Password reset');
      const oneTime = oneTimePasswordIn(res.text);
      expect((await session.get('/staff/cases')).status).toBe(303);
      expect((await new Browser(app).signIn('', 'forgetful@test.gov.uk')).status).toBe(400);
      const again = new Browser(app);
      const signIn = await again.signIn('', 'forgetful@test.gov.uk', oneTime);
      expect(signIn.headers.location).toBe('/staff/account');
      const audit = await auditFor(user.id);
      expect(audit.map((row) => row.event)).toEqual(['PASSWORD_RESET']);
      expect(audit[0].actor_id).toBe(adminId);
      expect(JSON.stringify(audit)).not.toContain(oneTime);
    });

    it('cannot disable, demote or reset themselves', async () => {
      const own = `/staff/accounts/${adminId}`;
      const page = await admin.get(own);
      expect(page.text).toContain('(you)');
      expect(page.text).not.toContain('Disable account');
      const auditBefore = (await auditFor(adminId)).length;

      const disable = await admin.submit(`${own}/disable`, {}, { fromPage: own });
      expect(disable.status).toBe(400);
      expect(disable.text).toContain('You cannot disable your own account');
      const demote = await admin.submit(`${own}/change`, { name: 'Chief', role: 'team-manager' });
      expect(demote.status).toBe(400);
      expect(demote.text).toContain('You cannot remove your own permission to manage staff accounts');
      const reset = await admin.submit(`${own}/reset-password`, {}, { fromPage: own });
      expect(reset.status).toBe(400);

      const row = await userRow('chief-admin@test.gov.uk');
      expect(Boolean(row.disabled)).toBe(false);
      expect(row.role).toBe('administrator');
      expect((await auditFor(adminId)).length).toBe(auditBefore);
      expect((await admin.get('/staff/accounts')).status).toBe(200);
      // Their own name they may change.
      expect(
        (await admin.submit(`${own}/change`, { name: 'Chief Admin', role: 'administrator' })).status,
      ).toBe(303);
    });

    it('gives a 404, not a 500, for accounts that do not exist', async () => {
      for (const id of ['no-such-account', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300)]) {
        expect((await admin.get(`/staff/accounts/${id}`)).status).toBe(404);
        expect((await admin.get(`/staff/accounts/${id}/change`)).status).toBe(404);
        const post = await admin.submit(`/staff/accounts/${id}/disable`, {}, { fromPage: '/staff/accounts' });
        expect(post.status).toBe(404);
      }
    });
  });

  it('refuses every /staff/accounts route to every role without staff:manage, changing nothing', async () => {
    const target = await addStaff(app, 'assessor', 'target@test.gov.uk');
    const others = ROLES.filter((role) => !hasPermission(role, 'staff:manage'));
    expect(others.length).toBeGreaterThan(0);
    const before = {
      users: await countRows(db(), 'staff_users'),
      audit: await countRows(db(), 'audit_events', { entity_type: 'staff' }),
      row: await userRow('target@test.gov.uk'),
    };
    for (const role of others) {
      await addStaff(app, role, `no-admin-${role}@test.gov.uk`);
      const browser = await signedIn(`no-admin-${role}@test.gov.uk`);
      for (const url of [
        '/staff/accounts',
        '/staff/accounts/new',
        `/staff/accounts/${target.id}`,
        `/staff/accounts/${target.id}/change`,
        `/staff/accounts/${target.id}/reset-password`,
      ]) {
        expect([role, url, (await browser.get(url)).status]).toEqual([role, url, 403]);
      }
      for (const [url, fields] of [
        ['/staff/accounts/new', { email: 'sneaky@test.gov.uk', name: 'Sneaky', role: 'administrator' }],
        [`/staff/accounts/${target.id}/change`, { name: 'Changed', role: 'administrator' }],
        [`/staff/accounts/${target.id}/disable`, {}],
        [`/staff/accounts/${target.id}/enable`, {}],
        [`/staff/accounts/${target.id}/reset-password`, {}],
      ] as const) {
        const res = await browser.submit(url, fields, { fromPage: '/staff/account' });
        expect([role, url, res.status]).toEqual([role, url, 403]);
      }
    }
    expect(await countRows(db(), 'staff_users')).toBe(before.users + others.length);
    expect(await countRows(db(), 'audit_events', { entity_type: 'staff' })).toBe(before.audit);
    expect(await userRow('target@test.gov.uk')).toEqual(before.row);
  });
});

// ——— docs/roles.md is checked against workflows/permissions.ts and the statecharts ———

/** The staff events that need a permission, from the statecharts' transition meta. */
function eventsNeeding(permission: Permission): string[] {
  return Object.entries(WORKFLOWS).flatMap(([kind, workflow]) =>
    [...eventPermissions(workflow.machine)]
      .filter(([, needed]) => needed === permission)
      .map(([event]) => `${code(event)} (${kind})`),
  );
}

/** The tables docs/roles.md must contain, as prettier prints them. */
function rolesDocTables(): string[] {
  return [
    markdownTable(
      ['Role', 'Id', 'National service role', 'Permissions'],
      ROLES.map((role) => [
        ROLE_NAMES[role],
        code(role),
        NATIONAL_ROLE[role],
        ROLE_PERMISSIONS[role].map(code).join(', '),
      ]),
    ),
    markdownTable(
      ['Permission', 'Lets someone', 'Staff events that need it', ...ROLES.map((role) => ROLE_NAMES[role])],
      PERMISSIONS.map((permission) => [
        code(permission),
        PERMISSION_DESCRIPTIONS[permission],
        eventsNeeding(permission).join(', ') || '–',
        ...ROLES.map((role) => (hasPermission(role, permission) ? 'Yes' : 'No')),
      ]),
    ),
    markdownTable(
      ['National service role', 'Kit roles'],
      (['read-only', 'editor', 'council admin'] as const).map((national) => [
        national,
        ROLES.filter((role) => NATIONAL_ROLE[role] === national)
          .map((role) => ROLE_NAMES[role])
          .join(', '),
      ]),
    ),
  ];
}

describe('docs/roles.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'roles.md'), 'utf8');

  it('has the roles, permissions and national mapping of workflows/permissions.ts', () => {
    // If this fails, paste the table printed below into docs/roles.md.
    for (const table of rolesDocTables()) expect(doc).toContain(`\n${table}\n\n`);
  });

  it('names every role and permission', () => {
    for (const role of ROLES) expect(doc).toContain(code(role));
    for (const permission of PERMISSIONS) expect(doc).toContain(code(permission));
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createApp, type KitApp } from '../../../app/app';
import { isPostgres } from '../../../app/db/connect';
import { MIGRATION_CONFIG, migrateToLatest } from '../../../app/db/migrate';
import type { Email, Notifier } from '../../../app/notifications/notifier';
import { OutboxDelivery, type NotificationRow } from '../../../app/notifications/outbox';
import { FieldSeal, UnsealError } from '../../../app/notifications/sealed-fields';
import { PERSONAS } from '../../../workflows/application/personas';
import { addDays, todayInUk } from '../../../workflows/rules/dates';
import { personaFor } from '../../helpers/case';
import { lastingDatabase, migratedDatabase } from '../../helpers/database';
import { dateBoxes } from '../../helpers/forms';
import { pageUrl, sendApplication, walkTo } from '../../helpers/journey';
import {
  receivedFrom,
  startNotifyStandIn,
  throughStandIn,
  type NotifyStandIn,
} from '../../helpers/notify-stand-in';
import { addStaff, Browser, signedIn, TEST_SECRET } from '../../helpers/test-app';

/**
 * The outbox keeps no usable secret (gap left by issues #5 and #8): the save-and-return link and code and
 * the reply link are sealed in the row until sent and withheld after, so a database reader finds nothing
 * to act as the applicant with, while GOV.UK Notify (a stand-in) is given them, on retries too. A changed
 * SESSION_SECRET makes an unsent email fail plainly, never sends it with anything else.
 */
const MARGARET = PERSONAS.find((persona) => persona.name.startsWith('England: PIP, 12 points'))!;
const MINUTE = 60 * 1000;

/** Every row of every table, as text: what someone reading the database (or a backup of it) has. */
async function everything(db: Knex): Promise<string> {
  const tables = isPostgres(db)
    ? ((await db('information_schema.tables')
        .where('table_schema', db.raw('current_schema()'))
        .select('table_name as name')) as Array<{ name: string }>)
    : ((await db('sqlite_master').where({ type: 'table' }).select('name')) as Array<{ name: string }>);
  const dump: string[] = [];
  for (const { name } of tables) dump.push(JSON.stringify(await db(name).select('*')));
  return dump.join('\n');
}

/** The link's token and the code in each form it might be kept in. */
const secretsOf = (personalisation: Record<string, string>) => {
  // The reply link is relative without SERVICE_URL.
  const link = new URL(personalisation.link, 'http://kit.test');
  return [
    link.searchParams.get('token') ?? link.pathname.slice(-43),
    personalisation.code,
    personalisation.code?.replace('-', ''),
  ].filter((value): value is string => Boolean(value));
};

describe('secrets in the email outbox', () => {
  let notify: NotifyStandIn;
  let uploadDir: string;
  let now = Date.now();
  const apps: KitApp[] = [];
  beforeAll(async () => {
    notify = await startNotifyStandIn();
    uploadDir = mkdtempSync(path.join(os.tmpdir(), 'kit-sealed-'));
  });
  beforeEach(() => {
    notify.failWith = undefined;
    notify.received.length = 0;
    notify.refused.length = 0;
  });
  afterAll(async () => {
    for (const app of apps) await app.kit.close().catch(() => undefined);
    await notify.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  /** A kit on `url` sending through the stand-in, with `secret` as SESSION_SECRET; jobs run when asked. */
  const kitOn = async (url: string, secret = TEST_SECRET) => {
    const app = await createApp({
      databaseUrl: url,
      uploadDir,
      sessionSecret: secret,
      nation: 'england',
      councilName: 'Test Council',
      ...throughStandIn(notify),
      clock: () => new Date(now),
      runJobs: false,
      logError: () => undefined,
    });
    apps.push(app);
    return app;
  };
  const rowOf = async (app: KitApp, template: Email['template']) =>
    (await app.kit
      .db('notifications')
      .where({ template })
      .orderBy('created_at', 'desc')
      .first()) as NotificationRow;
  /** The next retry, once it is due. */
  const retry = async (app: KitApp) => {
    now += 10 * MINUTE;
    await app.kit.notifications.deliverDue();
    await app.kit.notifications.idle();
  };

  it('keeps the save-and-return link and code only sealed until sent and withheld after; Notify gets them on the retry, and they work', async () => {
    const database = await lastingDatabase();
    try {
      const app = await kitOn(database.url);
      const browser = new Browser(app);
      await walkTo(browser, MARGARET, 'fullName');
      notify.failWith = 500;
      expect((await browser.submit('/apply/save', { email: 'ann@example.com' })).status).toBe(303);
      await app.kit.notifications.idle();

      const failed = await rowOf(app, 'save-and-return');
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      expect(JSON.parse(failed.personalisation)).toMatchObject({
        link: '[withheld]',
        code: '[withheld]',
        reference: failed.reference,
      });
      expect(failed.sealed).toMatch(/^v1\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
      const beforeSending = await everything(app.kit.db);

      notify.failWith = undefined;
      await retry(app);
      const [email] = receivedFrom(notify, 'saveAndReturn');
      expect(email.personalisation.link).toMatch(/\/return\/link\?token=[\w-]{43}$/);
      expect(email.personalisation.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      const sent = await rowOf(app, 'save-and-return');
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, sealed: null, error: null });
      expect(JSON.parse(sent.personalisation)).toMatchObject({ link: '[withheld]', code: '[withheld]' });
      const afterSending = await everything(app.kit.db);
      for (const secret of secretsOf(email.personalisation)) {
        expect(beforeSending).not.toContain(secret);
        expect(afterSending).not.toContain(secret);
      }

      // What Notify was given is the real thing.
      const later = new Browser(app);
      const link = new URL(email.personalisation.link);
      await later.get(`${link.pathname}${link.search}`);
      const used = await later.submit(
        '/return/link',
        { token: link.searchParams.get('token')! },
        { fromPage: `${link.pathname}${link.search}` },
      );
      expect(used.status).toBe(303);
      expect(used.headers.location).toBe(pageUrl('fullName'));
    } finally {
      await database.drop();
    }
  });

  it('keeps the reply link of a request for more information sealed, then withheld; the retried email’s link answers it', async () => {
    const database = await lastingDatabase();
    try {
      const app = await kitOn(database.url);
      const reference = await sendApplication(new Browser(app), personaFor('PIP'));
      await app.kit.notifications.idle();
      const officer = await signedIn(app, (await addStaff(app, 'assessor')).email);
      const caseUrl = `/staff/cases/${reference}`;
      await officer.submit(`${caseUrl}/start-assessment`);
      notify.failWith = 400;
      const asked = await officer.submit(`${caseUrl}/request-information`, {
        whatIsNeeded: 'Your award letter',
        ...dateBoxes('dueDate', addDays(todayInUk(), 20)),
      });
      expect(asked.status).toBe(303);
      await app.kit.notifications.idle();
      const failed = await rowOf(app, 'more-information');
      expect(failed.status).toBe('failed');
      expect(JSON.parse(failed.personalisation)).toMatchObject({
        link: '[withheld]',
        request: 'Your award letter',
      });
      expect(failed.sealed).not.toBeNull();
      const beforeSending = await everything(app.kit.db);

      notify.failWith = undefined;
      await retry(app);
      const [email] = receivedFrom(notify, 'moreInformation');
      expect(email.personalisation).toMatchObject({ request: 'Your award letter', reminder: 'no' });
      const [token] = secretsOf(email.personalisation);
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(beforeSending).not.toContain(token);
      expect(await everything(app.kit.db)).not.toContain(token);
      expect(await rowOf(app, 'more-information')).toMatchObject({ status: 'sent', sealed: null });

      const page = await new Browser(app).get(
        new URL(email.personalisation.link, 'http://kit.test').pathname,
      );
      expect(page.status).toBe(200);
      expect(page.text).toContain('Your award letter');

      // Staff reading the outbox see that it went, not the link (nor "[withheld]" jargon).
      const outbox = await officer.get('/staff/outbox');
      expect(outbox.text).toContain('More information needed');
      expect(outbox.text).not.toContain(token);
      expect(outbox.text).toContain('(only the applicant sees this)');
    } finally {
      await database.drop();
    }
  });

  it('after SESSION_SECRET changes, an unsent email fails saying so and Notify is sent nothing; the old secret sends it', async () => {
    const database = await lastingDatabase();
    try {
      const first = await kitOn(database.url);
      const browser = new Browser(first);
      await walkTo(browser, MARGARET, 'fullName');
      notify.failWith = 500;
      await browser.submit('/apply/save', { email: 'ann@example.com' });
      await first.kit.notifications.idle();
      await first.kit.close();
      notify.failWith = undefined;
      notify.refused.length = 0;

      const rotated = await kitOn(database.url, 'a-new-session-secret-after-rotation-0123456789');
      await retry(rotated);
      expect(notify.received).toEqual([]);
      expect(notify.refused).toEqual([]);
      const refused = await rowOf(rotated, 'save-and-return');
      expect(refused.status).toBe('failed');
      expect(refused.error).toContain('sealed with a different SESSION_SECRET');
      expect(refused.sealed).not.toBeNull();
      await rotated.kit.close();

      // The secret put back (a rotation rolled back): the email goes, with the link and code.
      const restored = await kitOn(database.url);
      await retry(restored);
      const [email] = receivedFrom(notify, 'saveAndReturn');
      expect(email.personalisation.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      expect(await rowOf(restored, 'save-and-return')).toMatchObject({ status: 'sent', sealed: null });
    } finally {
      await database.drop();
    }
  });
});

describe('the seal', () => {
  const seal = new FieldSeal(TEST_SECRET);

  it('gives each sealing a fresh nonce and opens only on the row it was sealed for', () => {
    const values = { link: 'https://kit.test/return/link?token=abc', code: 'ABCD-2345' };
    const one = seal.seal(values, 'notifications/1/save-and-return');
    const two = seal.seal(values, 'notifications/1/save-and-return');
    expect(one).not.toBe(two);
    expect(one).not.toContain('ABCD');
    expect(seal.unseal(one, 'notifications/1/save-and-return')).toEqual(values);
    expect(() => seal.unseal(one, 'notifications/2/save-and-return')).toThrow(UnsealError);
    const [version, keyId, nonce, ciphertext, tag] = one.split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() =>
      seal.unseal(
        [version, keyId, nonce, flipped.toString('base64url'), tag].join('.'),
        'notifications/1/save-and-return',
      ),
    ).toThrow('altered');
    expect(() => seal.unseal('plain text', 'notifications/1/save-and-return')).toThrow(UnsealError);
  });
});

describe('upgrading a database whose outbox held secrets in plain text (migration 098)', () => {
  it('withholds them in rows already sent, and a row not yet sent sends them once, then withholds them', async () => {
    const { db, close } = await migratedDatabase({ id: 'test', name: 'Test Council', nation: 'england' });
    try {
      await db.migrate.down({ ...MIGRATION_CONFIG, name: '20261204-098-sealed-notification-fields' });
      const row = (id: string, template: string, status: string, personalisation: object) => ({
        id,
        council_id: 'test',
        template,
        language: 'en',
        recipient: 'ann@example.com',
        personalisation: JSON.stringify(personalisation),
        reference: 'BB-TEST-0001',
        status,
        provider: 'notify',
        attempts: status === 'sent' ? 1 : 0,
        next_attempt_at: '2026-01-01T00:00:00.000Z',
        created_at: '2026-01-01T00:00:00.000Z',
      });
      await db('notifications').insert([
        row('00000000-0000-4000-8000-000000000001', 'save-and-return', 'sent', {
          link: 'https://kit.test/return/link?token=SENT-TOKEN',
          code: 'SENT-CODE',
          expiry_date: '1 February 2026',
        }),
        row('00000000-0000-4000-8000-000000000002', 'more-information', 'sent', {
          link: 'https://kit.test/more-information/SENT-REPLY',
          request: 'Your award letter',
        }),
        row('00000000-0000-4000-8000-000000000003', 'more-information', 'queued', {
          link: 'https://kit.test/more-information/QUEUED-REPLY',
          request: 'Your award letter',
        }),
        row('00000000-0000-4000-8000-000000000004', 'decision', 'sent', { outcome: 'Approved' }),
      ]);
      await migrateToLatest(db);

      const dump = JSON.stringify(await db('notifications').select('*'));
      for (const gone of ['SENT-TOKEN', 'SENT-CODE', 'SENT-REPLY']) expect(dump).not.toContain(gone);
      for (const kept of ['1 February 2026', 'Your award letter', 'Approved']) expect(dump).toContain(kept);

      const given: Email[] = [];
      const capturing: Notifier = {
        provider: 'notify',
        async sendEmail(email) {
          given.push(email);
          return { id: 'sent-1' };
        },
      };
      const delivery = new OutboxDelivery(db, capturing, new FieldSeal(TEST_SECRET));
      await delivery.deliverDue();
      expect(given.map((email) => email.personalisation.link)).toEqual([
        'https://kit.test/more-information/QUEUED-REPLY',
      ]);
      expect(JSON.stringify(await db('notifications').select('*'))).not.toContain('QUEUED-REPLY');
    } finally {
      await close();
    }
  });
});

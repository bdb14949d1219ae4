import type { KitApp } from '../../../app/app';
import { rateLimited, recordFailure } from '../../../app/services/rate-limits';
import { addStaff, Browser, buildTestApp, STAFF_PASSWORD } from '../../helpers/test-app';

describe('rate limits', () => {
  let app: KitApp;
  const FAILURES = 4;
  beforeAll(async () => {
    app = await buildTestApp({ staffSignInFailures: FAILURES });
  });
  afterAll(() => app.kit.close());

  it('refuses a key once its failures reach the limit in a window, and forgets them when the window ends', async () => {
    const { db } = app.kit;
    const limit = { name: 'test', limit: 3, windowMs: 60_000 };
    const start = Date.UTC(2026, 11, 4, 9);
    for (let i = 0; i < 3; i += 1) {
      expect(await rateLimited(db, limit, 'a', start + i)).toEqual({ limited: false });
      await recordFailure(db, limit, 'a', start + i);
    }
    expect(await rateLimited(db, limit, 'a', start + 10_000)).toEqual({
      limited: true,
      retryAfterMs: 50_000,
    });
    expect(await rateLimited(db, limit, 'b', start + 10_000)).toEqual({ limited: false });
    expect(await rateLimited(db, { ...limit, name: 'other' }, 'a', start)).toEqual({ limited: false });
    // A new window starts the count again.
    expect(await rateLimited(db, limit, 'a', start + 60_000)).toEqual({ limited: false });
    await recordFailure(db, limit, 'a', start + 60_000);
    expect(await db('rate_limits').where({ key: 'test:a' }).first()).toMatchObject({ count: 1 });
  });

  it('counts every one of many failures recorded at once', async () => {
    const limit = { name: 'burst', limit: 100, windowMs: 60_000 };
    const now = Date.UTC(2026, 11, 4, 10);
    await Promise.all(Array.from({ length: 20 }, () => recordFailure(app.kit.db, limit, 'x', now)));
    expect(await app.kit.db('rate_limits').where({ key: 'burst:x' }).first()).toMatchObject({ count: 20 });
  });

  it(`refuses staff sign-in from an address after ${FAILURES} failures, even with the right password`, async () => {
    const officer = await addStaff(app, 'assessor');
    const browser = new Browser(app);
    await browser.get('/staff/sign-in');
    // Password spraying: one wrong password each for many accounts that do not exist.
    const failures = await Promise.all(
      Array.from({ length: FAILURES }, (_, i) =>
        browser.agent
          .post('/staff/sign-in')
          .type('form')
          .send({
            _csrf: /name="_csrf" value="([^"]+)"/.exec(browser.lastHtml)![1],
            email: `nobody${i}@test.gov.uk`,
            password: 'Password1',
          }),
      ),
    );
    expect(failures.map((res) => res.status)).toEqual(failures.map(() => 400));
    const refused = await browser.signIn('', officer.email, STAFF_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.text).toContain('govuk-error-summary');
    expect(refused.text).toContain('too many failed attempts to sign in from your network');
    // The officer's own account is not locked: the limit is the address's, not theirs.
    const account = await app.kit.db('staff_users').where({ id: officer.id }).first();
    expect(account.failed_attempts).toBe(0);
  });
});

import type session from 'express-session';
import type { KitApp } from '../../../app/app';
import { TOUCH_AFTER_MS } from '../../../app/db/session-store';
import { Browser, buildTestApp } from '../../helpers/test-app';

/** A session as express-session hands it to the store: its data and a cookie with an expiry. */
function sessionExpiringAt(expiresAt: number): session.SessionData {
  return { cookie: { expires: new Date(expiresAt), originalMaxAge: null } } as unknown as session.SessionData;
}

describe('the session store', () => {
  let app: KitApp;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.kit.close());

  const call = (run: (done: (err?: unknown) => void) => void) =>
    new Promise<void>((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
  const storedExpiry = async (sid: string) =>
    Number((await app.kit.db('sessions').where({ sid }).first('expires_at')).expires_at);

  it('skips a touch that would move the expiry by less than TOUCH_AFTER_MS, and writes a later one', async () => {
    const store = app.kit.sessions;
    const start = Date.now() + 60 * 60 * 1000;
    await call((done) => store.set('sid-1', sessionExpiringAt(start), done));
    expect(await storedExpiry('sid-1')).toBe(start);

    await call((done) => store.touch('sid-1', sessionExpiringAt(start + TOUCH_AFTER_MS - 1), done));
    expect(await storedExpiry('sid-1')).toBe(start);

    await call((done) => store.touch('sid-1', sessionExpiringAt(start + TOUCH_AFTER_MS), done));
    expect(await storedExpiry('sid-1')).toBe(start + TOUCH_AFTER_MS);
  });

  it('judges by the expiry it read, so a session stored by another process is touched when due', async () => {
    const store = app.kit.sessions;
    const stored = Date.now() + 10 * 60 * 1000;
    // Written directly, as another process would.
    await app.kit.db('sessions').insert({
      sid: 'sid-2',
      sess: JSON.stringify(sessionExpiringAt(stored)),
      expires_at: stored,
    });
    const read = await new Promise<session.SessionData | null | undefined>((resolve, reject) =>
      store.get('sid-2', (err, sess) => (err ? reject(err) : resolve(sess))),
    );
    expect(read).toBeTruthy();
    await call((done) => store.touch('sid-2', sessionExpiringAt(stored + 1000), done));
    expect(await storedExpiry('sid-2')).toBe(stored);
    await call((done) => store.touch('sid-2', sessionExpiringAt(stored + 5 * TOUCH_AFTER_MS), done));
    expect(await storedExpiry('sid-2')).toBe(stored + 5 * TOUCH_AFTER_MS);
  });

  it('writes nothing for a page read in a session whose expiry was stored just now', async () => {
    const citizen = new Browser(app);
    await citizen.get('/apply');
    await citizen.submit('/apply/start', {}, { fromPage: '/apply' });
    // The first page after starting gives the new session its CSRF token: a change, so a write.
    await citizen.get('/apply');
    const writes: string[] = [];
    const listener = (query: { sql: string }) => {
      if (/^\s*(update|insert|delete)/i.test(query.sql)) writes.push(query.sql);
    };
    app.kit.db.on('query', listener);
    try {
      const page = await citizen.get('/apply');
      expect(page.status).toBe(200);
    } finally {
      app.kit.db.removeListener('query', listener);
    }
    expect(writes).toEqual([]);
  });
});

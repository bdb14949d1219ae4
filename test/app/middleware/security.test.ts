import { freshNonce } from '../../../app/middleware/security';
import request from 'supertest';
import type { KitApp } from '../../../app/app';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';
import { countRows } from '../../helpers/database';

describe('security from the first request', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.kit.close());

  it('sends a nonce-based CSP with no unsafe-inline, and the nonce on the template’s inline script', async () => {
    const res = await request(app).get('/apply');
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.text).toContain(`<script nonce="${nonce}">`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const again = await request(app).get('/apply');
    expect(again.headers['content-security-policy']).not.toBe(csp);
  });

  it('refuses a form posted without the CSRF token, and changes nothing', async () => {
    const browser = new Browser(app);
    await browser.get('/apply');
    const before = await countRows(app.kit.db, 'applications');
    const res = await browser.agent.post('/apply/start').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your session has ended');
    const wrong = await browser.agent.post('/apply/start').type('form').send({ _csrf: 'not-the-token' });
    expect(wrong.status).toBe(403);
    expect(await countRows(app.kit.db, 'applications')).toEqual(before);
  });

  it('keeps staff pages behind sign-in', async () => {
    for (const url of [
      '/staff',
      '/staff/cases',
      '/staff/cases/BB-AAAA-AAAA',
      '/staff/cases/BB-AAAA-AAAA/approve',
    ]) {
      const res = await request(app).get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/staff/sign-in');
    }
  });

  it('rejects a wrong password with an error summary, and accepts the right one with a new session id', async () => {
    await addStaff(app, 'assessor', 'someone@test.gov.uk');
    const browser = new Browser(app);
    const wrong = await browser.signIn('', 'someone@test.gov.uk', 'not-the-password-at-all');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Enter a correct email address and password');
    const before = await browser.get('/staff/sign-in');
    const cookieBefore = String(before.headers['set-cookie'] ?? '');
    const right = await browser.signIn('', 'someone@test.gov.uk');
    expect(right.status).toBe(303);
    const cookieAfter = String(right.headers['set-cookie']);
    expect(cookieAfter).toContain('bb.sid=');
    expect(cookieAfter).not.toBe(cookieBefore);
    expect((await browser.get('/staff/cases')).status).toBe(200);

    await browser.submit('/staff/sign-out', {}, { fromPage: '/staff/cases' });
    expect((await browser.get('/staff/cases')).status).toBe(303);
  });

  it('shows the GOV.UK 404 page for unknown addresses', async () => {
    const res = await request(app).get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('reports readiness, with the database, as JSON', async () => {
    const res = await request(app).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: { status: 'ok', migrations: 'current' } });
  });
});

describe('in production and when things break', () => {
  it('marks the session cookie Secure and sends HSTS', async () => {
    const app = await buildTestApp({ production: true });
    try {
      const res = await request(app).get('/apply').set('X-Forwarded-Proto', 'https');
      expect(String(res.headers['set-cookie'])).toContain('Secure');
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await app.kit.close();
    }
  });

  it('sends every security header on citizen, staff and API responses, and a locked-down session cookie', async () => {
    const app = await buildTestApp({ production: true });
    try {
      const https = (path: string) => request(app).get(path).set('X-Forwarded-Proto', 'https');
      for (const path of ['/apply', '/staff/sign-in', '/api/v1/openapi.json', '/no-such-page']) {
        const res = await https(path);
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("frame-ancestors 'none'");
        if (path.startsWith('/api/')) {
          // Data, never a page: nothing may run, load, post or frame.
          expect(csp).toBe("default-src 'none';form-action 'none';frame-ancestors 'none';base-uri 'none'");
        } else {
          expect(csp).toContain("object-src 'none'");
          expect(csp).toContain("base-uri 'self'");
          expect(csp).toContain("form-action 'self'");
          expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
        }
        expect(res.headers.etag).toBeUndefined();
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
      const page = await https('/staff/sign-in');
      const set = String(page.headers['set-cookie']);
      expect(set).toMatch(/^bb\.sid=/);
      expect(set).toContain('HttpOnly');
      expect(set).toContain('Secure');
      expect(set).toContain('SameSite=Lax');
      expect(page.headers['cache-control']).toBe('no-store');
    } finally {
      await app.kit.close();
    }
  });

  it('shows the GOV.UK 500 page without a stack trace when something breaks', async () => {
    const logged: unknown[] = [];
    // Not production mode here only because the test client cannot send a Secure cookie over plain HTTP;
    // the error handler is the same in both modes.
    const app = await buildTestApp({ logError: (e) => logged.push(e) });
    try {
      await app.kit.db.schema.dropTable('audit_events');
      const res = await new Browser(app).submit('/apply/start', {}, { fromPage: '/apply' });
      expect(res.status).toBe(500);
      expect(res.text).toContain('Sorry, there is a problem with the service');
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
      expect(logged).toHaveLength(1);
      expect(await countRows(app.kit.db, 'applications')).toBe(0);
    } finally {
      await app.kit.close();
    }
  });
});

describe('CSP nonces', () => {
  it('are 128 random bits each, never repeated, across several reads of the random source', () => {
    const nonces = Array.from({ length: 1000 }, () => freshNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});

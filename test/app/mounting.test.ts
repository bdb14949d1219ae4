import request from 'supertest';
import type { KitApp } from '../../app/app';
import { Browser, buildTestApp, mountInHost } from '../helpers/test-app';

/** A council embeds the kit in its own Express server under a path: every URL must carry that path. */
describe('mounted under /blue-badge in a host app', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ mountPath: '/blue-badge' });
  });
  afterAll(() => app.kit.close());

  it('serves the journey with every link, form, redirect and asset under the mount path', async () => {
    const host = mountInHost(app, '/blue-badge');
    const browser = new Browser(host);
    expect((await browser.agent.get('/blue-badge')).headers.location).toBe('/blue-badge/apply');

    const start = await browser.get('/blue-badge/apply');
    expect(start.status).toBe(200);
    const urls = [...start.text.matchAll(/(?:href|src|action)="(\/[^"]*)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url).toMatch(/^\/blue-badge\//);

    let res = await browser.submit('/blue-badge/apply/start', {}, { fromPage: '/blue-badge/apply' });
    expect(res.headers.location).toBe('/blue-badge/apply/who-is-applying');
    res = await browser.submit('/blue-badge/apply/who-is-applying', { applicant: 'myself' });
    expect(res.headers.location).toBe('/blue-badge/apply/existing-badge');
    const page = await browser.get('/blue-badge/apply/existing-badge');
    expect(page.text).toContain('action="/blue-badge/apply/existing-badge"');
    expect(page.text).toContain('href="/blue-badge/apply/who-is-applying"'); // back link

    // The staff area redirects under the mount path too.
    expect((await browser.agent.get('/blue-badge/staff/cases')).headers.location).toBe(
      '/blue-badge/staff/sign-in',
    );
  });

  it('rewrites govuk-frontend’s CSS so images load from under the mount path, without the GOV.UK-only font', async () => {
    const host = mountInHost(app, '/blue-badge');
    const css = await request(host).get('/blue-badge/stylesheets/govuk-frontend.min.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('url(/blue-badge/assets/images/');
    expect(css.text).not.toMatch(/url\(\/assets\//);
    expect(css.text).not.toContain('GDS Transport');
    const image = /url\((\/blue-badge\/assets\/images\/[^)]+)\)/.exec(css.text)![1];
    expect((await request(host).get(image)).status).toBe(200);
    expect((await request(host).get('/blue-badge/javascripts/govuk-frontend.min.js')).status).toBe(200);
    expect((await request(host).get('/blue-badge/javascripts/init.js')).status).toBe(200);
  });

  it('sets its session cookie for the mount path only', async () => {
    const host = mountInHost(app, '/blue-badge');
    const res = await request(host).get('/blue-badge/apply');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('Path=/blue-badge');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp, type CreateAppOptions, type KitApp } from '../../app/app';
import { createStaffUser } from '../../app/services/staff';
import type { Role } from '../../workflows/permissions';
import { freshDatabase } from './database';

export const TEST_SECRET = 'test-session-secret-that-is-long-enough-0123';
export const STAFF_PASSWORD = 'correct-horse-battery-staple';

/**
 * A kit on a fresh in-memory SQLite database, with everything real: sessions, CSRF, statecharts.
 * With TEST_DATABASE_URL=postgres://… each app gets a new PostgreSQL database instead (see database.ts).
 */
export async function buildTestApp(options: CreateAppOptions = {}): Promise<KitApp> {
  const database = await freshDatabase();
  // Uploaded evidence goes to a folder of this app's own, removed when it closes.
  const uploadDir = options.uploadDir ?? mkdtempSync(path.join(os.tmpdir(), 'kit-uploads-'));
  const app = await createApp({
    databaseUrl: database.url,
    uploadDir,
    sessionSecret: TEST_SECRET,
    nation: 'england',
    councilName: 'Test Council',
    logError: process.env.DEBUG_KIT ? (e) => console.error(String(e), (e as Error).message) : () => undefined,
    ...options,
  });
  const close = app.kit.close;
  app.kit.close = async () => {
    await close();
    await database.drop();
    if (!options.uploadDir) rmSync(uploadDir, { recursive: true, force: true });
  };
  return app;
}

/** The kit mounted in a host app under `mountPath`, as a council would embed it. */
export function mountInHost(app: KitApp, mountPath: string): express.Express {
  const host = express();
  host.use(mountPath, app);
  return host;
}

export async function addStaff(app: KitApp, role: Role, email = `${role}@test.gov.uk`) {
  return createStaffUser(app.kit.db, {
    councilId: app.kit.councilId,
    email,
    name: `Test ${role}`,
    role,
    password: STAFF_PASSWORD,
  });
}

/** A browser signed in to the back office as `email` (with the test password). */
export async function signedIn(app: KitApp, email: string, password = STAFF_PASSWORD): Promise<Browser> {
  const browser = new Browser(app);
  const res = await browser.signIn('', email, password);
  if (res.status !== 303) throw new Error(`Could not sign in as ${email}`);
  return browser;
}

/** The CSRF token of the first form on a page, as a browser would send it back. */
export function csrfTokenFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

/**
 * A person with a browser: keeps cookies, reads the CSRF token from the page it is on, and posts forms
 * back with it.
 */
export class Browser {
  readonly agent: TestAgent;
  private token = '';
  lastHtml = '';

  constructor(target: express.Express) {
    this.agent = request.agent(target);
  }

  async get(url: string) {
    const response = await this.agent.get(url);
    this.remember(response.text);
    return response;
  }

  /** GETs the form page first (for its token) unless `fromPage` is false, then posts the fields. */
  async submit(url: string, fields: Record<string, string> = {}, options: { fromPage?: string } = {}) {
    if (options.fromPage !== undefined) await this.get(options.fromPage);
    else await this.get(url);
    const response = await this.agent
      .post(url)
      .type('form')
      .send({ _csrf: this.token, ...fields });
    this.remember(response.text);
    return response;
  }

  /**
   * Posts an upload page's multipart form with one file, as a browser would: the page's CSRF token
   * first, then the other fields, then the file.
   */
  async upload(
    url: string,
    file: { name: string; content: Buffer; contentType?: string } | undefined,
    fields: Record<string, string> = { action: 'upload' },
    options: { token?: string } = {},
  ) {
    await this.get(url);
    let post = this.agent.post(url).field('_csrf', options.token ?? this.token);
    for (const [name, value] of Object.entries(fields)) post = post.field(name, value);
    const response = await post.attach('file', file?.content ?? Buffer.alloc(0), {
      filename: file?.name ?? '',
      contentType: file?.contentType ?? 'application/octet-stream',
    });
    this.remember(response.text);
    return response;
  }

  async signIn(mountPath: string, email: string, password = STAFF_PASSWORD) {
    return this.submit(`${mountPath}/staff/sign-in`, { email, password });
  }

  private remember(html: string) {
    this.lastHtml = html;
    const match = /name="_csrf" value="([^"]+)"/.exec(html ?? '');
    if (match) this.token = match[1];
  }
}

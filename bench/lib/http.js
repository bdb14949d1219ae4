'use strict';
/**
 * A small HTTP client for setting up benchmark sessions: keeps cookies and the page's CSRF token like a
 * browser would. Used only to prepare state before load runs (autocannon does the load, in its own process).
 */
const { Buffer } = require('node:buffer');
const http = require('node:http');
const { URL, URLSearchParams } = require('node:url');

/** Production mode marks cookies Secure and trusts the proxy: say the request came in over HTTPS. */
const FORWARDED_HEADERS = { 'x-forwarded-proto': 'https' };

/**
 * One HTTP request; resolves with the status, headers and body text (redirects are not followed).
 * @param {string} origin e.g. http://127.0.0.1:1234
 * @param {{ method?: string, path: string, headers?: Record<string, string>, body?: string | Buffer, timeoutMs?: number }} options
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string }>}
 */
function request(origin, options) {
  const url = new URL(options.path, origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}),
          ...options.headers,
        },
        agent: false,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Timed out: ${options.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The CSRF token of the first form on a page. */
function csrfTokenFrom(html) {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  return match ? match[1] : undefined;
}

/** A person with a browser: cookies, the last CSRF token seen, and form posts. */
class Browser {
  /** @param {string} origin */
  constructor(origin) {
    this.origin = origin;
    /** @type {Map<string, string>} */
    this.cookies = new Map();
    this.token = '';
  }

  /** The Cookie header this browser sends. */
  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Headers for a request from this browser (also given to autocannon for load runs). */
  headers(extra = {}) {
    const cookie = this.cookieHeader();
    return { ...FORWARDED_HEADERS, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path) {
    const res = await request(this.origin, { path, headers: this.headers() });
    this.remember(res);
    return res;
  }

  /**
   * Posts a form with this browser's CSRF token (GET the page first so the token is current).
   * @param {string} path
   * @param {Record<string, string | string[]>} fields
   */
  async post(path, fields = {}) {
    const params = new URLSearchParams({ _csrf: this.token });
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
    }
    const body = params.toString();
    const res = await request(this.origin, {
      method: 'POST',
      path,
      body,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    });
    this.remember(res);
    return res;
  }

  /**
   * Posts an upload page's form (multipart, as a browser sends it) with one file and this browser's token.
   * @param {string} path
   * @param {{ name: string, content: Buffer, contentType: string }} file
   */
  async postFile(path, file) {
    const boundary = `----kitbench${Date.now().toString(16)}`;
    const part = (headers, body) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), body, Buffer.from('\r\n')]);
    const body = Buffer.concat([
      part('Content-Disposition: form-data; name="_csrf"', Buffer.from(this.token)),
      part('Content-Disposition: form-data; name="action"', Buffer.from('upload')),
      part(
        `Content-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.contentType}`,
        file.content,
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const res = await request(this.origin, {
      method: 'POST',
      path,
      body,
      headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }),
    });
    this.remember(res);
    return res;
  }

  /** GETs the page for its token, posts the form, and checks that it redirected where expected. */
  async submit(path, fields, expectedLocation) {
    const page = await this.get(path);
    if (page.status !== 200) throw new Error(`GET ${path} returned ${page.status}`);
    const res = await this.post(path, fields);
    if (res.status !== 303 || (expectedLocation && res.headers.location !== expectedLocation)) {
      throw new Error(
        `POST ${path} returned ${res.status} to ${res.headers.location ?? '(nowhere)'}, expected 303 to ${expectedLocation}`,
      );
    }
    return res;
  }

  /** @param {{ headers: import('node:http').IncomingHttpHeaders, text: string }} res */
  remember(res) {
    const setCookie = res.headers['set-cookie'] ?? [];
    for (const line of setCookie) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      if (index > 0) this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    const token = csrfTokenFrom(res.text);
    if (token) this.token = token;
  }
}

module.exports = { request, Browser, csrfTokenFrom, FORWARDED_HEADERS };

import type express from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * CSRF tokens on every form (synchroniser token pattern: one token per session, sent as `_csrf`).
 * Never switched off for tests: the tests fetch the token from the page like a browser would.
 */
export function setUpCsrf(app: express.Express) {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
    errorConfig: { statusCode: 403, message: 'Invalid CSRF token', code: 'EBADCSRFTOKEN' },
  });
  app.use(csrfSynchronisedProtection);
  app.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    next();
  });
}

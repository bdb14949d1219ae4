import express from 'express';
import { SESSION_IDLE_MS } from '../middleware/session';

/** The warning shows this long before an idle resident's session ends (HMRC and DWP services use 2–5 minutes). */
export const TIMEOUT_WARNING_MS = 5 * 60 * 1000;

/**
 * The session timeout pattern for residents: a warning before an idle session ends, whose "Continue"
 * asks `/session/keep-alive` (any request moves the rolling session's expiry on), then the timeout page.
 * The warning is app/public/javascripts/timeout-warning.js; without JavaScript there is no warning, and
 * the timeout page (which takes `?lang=` like any page, so it keeps the language) works on its own.
 */
export function sessionTimeoutRoutes(): express.Router {
  const router = express.Router();
  router.get('/session-timeout', (_req, res) => res.render('save-return/timeout.njk'));
  router.get('/session/keep-alive', (_req, res) => res.status(204).end());
  return router;
}

/** Offers the warning on the pages of a resident journey in progress (not staff keying: its layout differs). */
export function timeoutWarning(mountPath: string, sessionKey: 'applicationId' | 'replacementId') {
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.session[sessionKey]) {
      res.locals.timeoutWarning = {
        timeoutSeconds: SESSION_IDLE_MS / 1000,
        warningSeconds: TIMEOUT_WARNING_MS / 1000,
        idleMinutes: (SESSION_IDLE_MS - TIMEOUT_WARNING_MS) / 60_000,
        warningMinutes: TIMEOUT_WARNING_MS / 60_000,
        keepAliveUrl: `${mountPath}/session/keep-alive`,
        timeoutUrl: `${mountPath}/session-timeout?lang=${res.locals.lang as string}`,
      };
    }
    next();
  };
}

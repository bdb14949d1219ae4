import express from 'express';
import type { Translator } from '../../workflows/i18n/localise';
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

/** The warning's times, in whole minutes, as its words say them. */
const IDLE_MINUTES = (SESSION_IDLE_MS - TIMEOUT_WARNING_MS) / 60_000;
const WARNING_MINUTES = TIMEOUT_WARNING_MS / 60_000;

/**
 * Offers the warning on the pages of a resident journey in progress (not staff keying: its layout differs).
 * Its sentence, the same on every page, is made once per language: i18next's interpolation, on every page
 * a resident sees, was the only translation left that went through i18next each time (about 45 µs).
 */
export function timeoutWarning(mountPath: string, sessionKey: 'applicationId' | 'replacementId') {
  const sentences = new Map<string, string>();
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.session[sessionKey]) {
      const lang = res.locals.lang as string;
      let text = sentences.get(lang);
      if (text === undefined) {
        const { t } = res.locals.translator as Translator;
        text = t('saveReturn:timeout.warning.text', {
          idleMinutes: IDLE_MINUTES,
          warningMinutes: WARNING_MINUTES,
        });
        sentences.set(lang, text);
      }
      res.locals.timeoutWarning = {
        timeoutSeconds: SESSION_IDLE_MS / 1000,
        warningSeconds: TIMEOUT_WARNING_MS / 1000,
        text,
        keepAliveUrl: `${mountPath}/session/keep-alive`,
        timeoutUrl: `${mountPath}/session-timeout?lang=${lang}`,
      };
    }
    next();
  };
}

import express from 'express';
import type { Knex } from 'knex';
import type { SsoConfig } from '../config-sso';
import { regenerateSession } from '../middleware/session';
import { SignOnError, signOnStaff, SsoClient, type PendingSignOn, type SignOnFailure } from '../services/sso';

declare module 'express-session' {
  interface SessionData {
    /** State, nonce and PKCE verifier of a sign-on in progress at the identity provider. */
    ssoPending?: PendingSignOn;
  }
}

export interface StaffSsoOptions {
  config: SsoConfig;
  councilId: string;
  councilName: string;
}

/** The refusal pages: status and words for each reason a sign-on did not end in a session. */
const FAILURES: Record<SignOnFailure, { status: number; message: string }> = {
  'provider-unavailable': {
    status: 503,
    message: 'The council’s sign-in service is not responding. Try again in a few minutes.',
  },
  cancelled: { status: 403, message: 'You did not finish signing in with your council account.' },
  'provider-error': {
    status: 502,
    message: 'The council’s sign-in service refused the request. Try again, or contact your IT service desk.',
  },
  expired: {
    status: 400,
    message: 'Your sign-in took too long or was started in another window. Start again.',
  },
  'invalid-response': {
    status: 400,
    message: 'The answer from the council’s sign-in service could not be checked. Start again.',
  },
  'no-email': {
    status: 403,
    message: 'Your council account has no email address. Contact your IT service desk.',
  },
  'no-role': {
    status: 403,
    message:
      'Your council account is not in any group that may use the Blue Badge service. Ask your manager to have you added to one.',
  },
  disabled: {
    status: 403,
    message: 'Your Blue Badge service account has been disabled. Ask an administrator to enable it.',
  },
  'email-unverified': {
    status: 403,
    message:
      'An account with your email address already exists, and the council’s sign-in service did not confirm the address is yours, so it cannot be linked to your council account. Ask an administrator.',
  },
  'subject-mismatch': {
    status: 403,
    message: 'Your email address belongs to a different account. Ask an administrator to check it.',
  },
};

/**
 * Single sign-on with the council's identity provider (OpenID Connect, authorisation code with PKCE):
 * `GET /sso/start` sends the person there; `GET /sso/callback` is where the provider sends them back.
 * Mounted under the staff router before `requireStaff`.
 */
export function staffSsoRoutes(
  options: StaffSsoOptions & { db: Knex; staffUrl: string; logError: (error: unknown) => void },
): express.Router {
  const { db, staffUrl, config, councilId, logError } = options;
  const client = new SsoClient(config);
  const router = express.Router();

  const refuse = (res: express.Response, error: unknown) => {
    if (!(error instanceof SignOnError)) throw error;
    // The provider's failures are the council's IT to look into; a person's refusal is not an error.
    if (error.reason === 'provider-unavailable' || error.reason === 'provider-error') logError(error);
    const failure = FAILURES[error.reason];
    res.status(failure.status).render('staff/sso-refused.njk', {
      message: failure.message,
      reason: error.reason,
    });
  };

  // A link, not a form: the CSP's form-action 'self' would stop a form's redirect to the provider (and
  // any provider it federates to). Starting a sign-on changes nothing but this session's pending state,
  // and the callback is bound to that state, so another site gains nothing by starting one.
  router.get('/sso/start', async (req, res) => {
    try {
      const { url, pending } = await client.start();
      req.session.ssoPending = pending;
      res.redirect(303, url);
    } catch (error) {
      refuse(res, error);
    }
  });

  router.get('/sso/callback', async (req, res) => {
    const pending = req.session.ssoPending;
    // Used once, whatever happens: a replayed callback finds nothing to check against.
    delete req.session.ssoPending;
    try {
      const identity = await client.finish(req.originalUrl, pending);
      const user = await signOnStaff(db, councilId, identity, config);
      // The same session a password sign-in makes, so timeouts and "sign out everywhere" apply alike.
      await regenerateSession(req);
      req.session.staffUserId = user.id;
      req.session.staffSignedInAt = Date.now();
      req.session.staffSessionVersion = user.sessionVersion;
      res.redirect(303, `${staffUrl}/cases`);
    } catch (error) {
      refuse(res, error);
    }
  });

  return router;
}

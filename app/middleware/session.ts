import type express from 'express';
import session from 'express-session';
import type { Knex } from 'knex';
import { KnexSessionStore } from '../db/session-store';

declare module 'express-session' {
  interface SessionData {
    /** The citizen's application in progress (or just sent). */
    applicationId?: string;
    /** The citizen's request to replace a lost, stolen or damaged badge. */
    replacementId?: string;
    /** The application or replacement request an officer is keying for a resident (app/routes/staff-keying.ts). */
    staffApplicationId?: string;
    staffReplacementId?: string;
    staffUserId?: string;
    /** Time of staff sign-in: sessions end 12 hours after it, however active. */
    staffSignedInAt?: number;
  }
}

export const SESSION_COOKIE = 'bb.sid';
/** Idle timeout: the cookie and stored session expire this long after the last request. */
export const SESSION_IDLE_MS = 60 * 60 * 1000;

export function setUpSessions(
  app: express.Express,
  options: { db: Knex; secret: string; production: boolean; mountPath: string },
): KnexSessionStore {
  const store = new KnexSessionStore(options.db, SESSION_IDLE_MS);
  app.use(
    session({
      name: SESSION_COOKIE,
      store,
      secret: options.secret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: options.production ? true : undefined,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.production,
        path: options.mountPath || '/',
        maxAge: SESSION_IDLE_MS,
      },
    }),
  );
  return store;
}

/**
 * A new session id, so an id seen (or planted) before cannot be reused: at sign-in and when an
 * application starts. The person's language choice carries over.
 */
export async function regenerateSession(req: express.Request): Promise<void> {
  const { lang } = req.session;
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
  if (lang) req.session.lang = lang;
}

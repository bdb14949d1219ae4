import type express from 'express';
import { hasPermission, type Permission } from '../../workflows/permissions';
import { findStaffUser, type StaffUser } from '../services/staff';
import type { Knex } from 'knex';

declare module 'express-session' {
  interface SessionData {
    /** The account's `session_version` at sign-in: a session holding an older one is refused. */
    staffSessionVersion?: number;
    /** A one-off confirmation for the next staff page ("Account disabled"). */
    staffNotice?: string;
  }
}

/** Staff sessions end this long after sign-in, however active (the idle timeout is the session's). */
export const STAFF_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/**
 * "Your account", under the staff router. Someone signed in with a one-time password may go nowhere
 * else until they have chosen their own.
 */
export const STAFF_ACCOUNT_PATH = '/account';

export function currentStaff(res: express.Response): StaffUser {
  const staff = res.locals.staff as StaffUser | undefined;
  if (!staff) throw new Error('currentStaff used on a route without requireStaff');
  return staff;
}

/**
 * Every staff route: a signed-in, enabled account whose sessions have not all been ended since this one
 * began ("sign out everywhere", a password reset, disabling), or the sign-in page.
 */
export function requireStaff(db: Knex, mountPath: string): express.RequestHandler {
  return async (req, res, next) => {
    try {
      const id = req.session.staffUserId;
      const signedInAt = req.session.staffSignedInAt ?? 0;
      const user =
        id && Date.now() - signedInAt < STAFF_ABSOLUTE_TIMEOUT_MS ? await findStaffUser(db, id) : undefined;
      if (!user || user.disabled || req.session.staffSessionVersion !== user.sessionVersion) {
        delete req.session.staffUserId;
        delete req.session.staffSignedInAt;
        delete req.session.staffSessionVersion;
        return res.redirect(303, `${mountPath}/staff/sign-in`);
      }
      res.locals.staff = user;
      res.locals.canManageStaff = hasPermission(user.role, 'staff:manage');
      res.locals.canKeyApplications = hasPermission(user.role, 'application:key');
      res.locals.canViewSettings = hasPermission(user.role, 'settings:view');
      res.locals.canViewOutbox = hasPermission(user.role, 'notifications:view');
      res.locals.canViewErasures = hasPermission(user.role, 'erasures:view');
      res.locals.canFindCommenters = hasPermission(user.role, 'data:export');
      if (req.session.staffNotice) {
        res.locals.staffNotice = req.session.staffNotice;
        delete req.session.staffNotice;
      }
      const onAccountPage = req.path === STAFF_ACCOUNT_PATH || req.path.startsWith(`${STAFF_ACCOUNT_PATH}/`);
      if (user.passwordChangeRequired && !onAccountPage) {
        return res.redirect(303, `${mountPath}/staff${STAFF_ACCOUNT_PATH}`);
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function requirePermission(permission: Permission): express.RequestHandler {
  return (_req, res, next) => {
    if (!hasPermission(currentStaff(res).role, permission)) return res.status(403).render('errors/403.njk');
    next();
  };
}

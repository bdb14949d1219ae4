import type express from 'express';
import { hasPermission, type Permission } from '../../workflows/permissions';
import { findStaffUser, type StaffUser } from '../services/staff';
import type { Knex } from 'knex';

/** Staff sessions end this long after sign-in, however active (the idle timeout is the session's). */
export const STAFF_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

export function currentStaff(res: express.Response): StaffUser {
  const staff = res.locals.staff as StaffUser | undefined;
  if (!staff) throw new Error('currentStaff used on a route without requireStaff');
  return staff;
}

/** Every staff route: a signed-in, enabled account, or the sign-in page. */
export function requireStaff(db: Knex, mountPath: string): express.RequestHandler {
  return async (req, res, next) => {
    try {
      const id = req.session.staffUserId;
      const signedInAt = req.session.staffSignedInAt ?? 0;
      const user =
        id && Date.now() - signedInAt < STAFF_ABSOLUTE_TIMEOUT_MS ? await findStaffUser(db, id) : undefined;
      if (!user || user.disabled) {
        delete req.session.staffUserId;
        return res.redirect(303, `${mountPath}/staff/sign-in`);
      }
      res.locals.staff = user;
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

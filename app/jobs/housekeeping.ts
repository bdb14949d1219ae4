import { SavedApplications } from '../services/saved-applications';
import { DAY_MS, HOUR_MS, type RecurringJob } from './recurring';
import { retentionJob, type RetentionPolicy } from './retention';
import { JOBS_TABLE } from './schedule';

/** Jobs that ran are kept this long for an operator to look at, then swept. */
const DONE_JOBS_KEPT_MS = 7 * DAY_MS;

/**
 * The kit's own recurring work. Expired sessions are already ignored on read; sweeping them hourly
 * keeps the table from growing without end (once across all instances, unlike a timer in each), and so
 * does sweeping jobs that ran a week ago (the outbox's retry alone runs every minute). The retention job
 * deletes personal data the council's policy says it no longer needs, daily.
 */
export function housekeepingJobs(settings: { council: { retention: RetentionPolicy } }): RecurringJob[] {
  return [
    retentionJob(settings.council.retention),
    // Saves of drafts long gone (app/services/saved-applications.ts): only hashes, but nothing kept for ever.
    {
      kind: 'kit:sweep-saved-applications',
      everyMs: DAY_MS,
      offsetMs: 3 * HOUR_MS,
      run: async (trx, now) => {
        await SavedApplications.sweep(trx, now);
      },
    },
    {
      kind: 'kit:sweep-expired-sessions',
      everyMs: HOUR_MS,
      run: async (trx, now) => {
        // Session expiry is set by express-session from the real clock (cookie.expires), so it is swept by
        // the real clock too, even when the kit runs on another (a test's clock moved on).
        await trx('sessions').where('expires_at', '<=', Date.now()).delete();
        await trx(JOBS_TABLE)
          .whereNotNull('done_at')
          .where('done_at', '<', new Date(now.getTime() - DONE_JOBS_KEPT_MS).toISOString())
          .delete();
      },
    },
  ];
}

import { DAY_MS, HOUR_MS, type RecurringJob } from './recurring';
import { SavedApplications } from '../services/saved-applications';
import { retentionJob } from './retention';

/**
 * The kit's own recurring work. Expired sessions are already ignored on read; sweeping them hourly
 * keeps the table from growing without end (once across all instances, unlike a timer in each). The
 * retention job deletes personal data the council's policy says it no longer needs, daily.
 */
export function housekeepingJobs(settings: { retentionDraftDays: number }): RecurringJob[] {
  return [
    retentionJob({ abandonedDraftDays: settings.retentionDraftDays }),
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
        await trx('sessions').where('expires_at', '<=', now.getTime()).delete();
      },
    },
  ];
}

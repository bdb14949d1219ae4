import { HOUR_MS, type RecurringJob } from './recurring';

/**
 * The kit's own recurring work. Expired sessions are already ignored on read; sweeping them hourly
 * keeps the table from growing without end (once across all instances, unlike a timer in each).
 */
export function housekeepingJobs(): RecurringJob[] {
  return [
    {
      kind: 'kit:sweep-expired-sessions',
      everyMs: HOUR_MS,
      run: async (trx, now) => {
        await trx('sessions').where('expires_at', '<=', now.getTime()).delete();
      },
    },
  ];
}

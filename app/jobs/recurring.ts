import type { Knex } from 'knex';
import type { JobHandler } from './runner';
import { scheduleJob } from './schedule';

/**
 * Work that repeats (the daily housekeeping, retention): each run is a scheduled job like any other, and
 * it schedules the next run in its own transaction. The due times lie on a fixed grid (`every`, shifted by
 * `offsetMs` from midnight UTC), and each run's unique key is its kind and due time, so instances starting
 * together, or a run that is retried, never create a second copy of the next run.
 */
export interface RecurringJob {
  kind: string;
  everyMs: number;
  /** Where on the grid, e.g. 2 hours for a daily job at 02:00 UTC. */
  offsetMs?: number;
  run: (trx: Knex.Transaction, now: Date) => Promise<void>;
}

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** The first grid time strictly after `now`. */
export function nextRun(job: Pick<RecurringJob, 'everyMs' | 'offsetMs'>, now: Date): Date {
  const offset = job.offsetMs ?? 0;
  const slot = Math.floor((now.getTime() - offset) / job.everyMs) + 1;
  return new Date(slot * job.everyMs + offset);
}

export async function scheduleNextRun(db: Knex | Knex.Transaction, job: RecurringJob, now: Date) {
  const dueAt = nextRun(job, now);
  await scheduleJob(db, job.kind, dueAt, {}, { uniqueKey: `${job.kind}@${dueAt.toISOString()}`, now });
}

/** The handler the runner calls: the job's own work, then its next run, in one transaction. */
export function recurringHandler(job: RecurringJob): JobHandler {
  return async (_scheduled, trx, now) => {
    await job.run(trx, now);
    await scheduleNextRun(trx, job, now);
  };
}

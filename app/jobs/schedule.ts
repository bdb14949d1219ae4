import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export const JOBS_TABLE = 'scheduled_jobs';

/** A JSON value a job carries to its handler: identifiers, not copies of personal data. */
export type JobPayload = Record<string, unknown>;

export interface ScheduledJob {
  id: string;
  kind: string;
  dueAt: string;
  payload: JobPayload;
  /** How many times it has been claimed, this run included. */
  attempts: number;
}

export interface ScheduleOptions {
  /** A job that must exist once only (say `case-reminder:<case id>`): scheduling it again does nothing. */
  uniqueKey?: string;
  now?: Date;
}

/**
 * Arms a timer that survives restarts: `kind`'s handler runs once, on one instance, at or soon after
 * `dueAt`. Pass the transaction of the change that arms it (a workflow effect's `trx`), so the timer
 * exists exactly when the change does. Returns the job's id (undefined when `uniqueKey` already exists).
 */
export async function scheduleJob(
  db: Knex | Knex.Transaction,
  kind: string,
  dueAt: Date,
  payload: JobPayload = {},
  options: ScheduleOptions = {},
): Promise<string | undefined> {
  const id = randomUUID();
  const row = {
    id,
    kind,
    due_at: dueAt.toISOString(),
    payload: JSON.stringify(payload),
    unique_key: options.uniqueKey ?? null,
    attempts: 0,
    created_at: (options.now ?? new Date()).toISOString(),
  };
  if (options.uniqueKey === undefined) {
    await db(JOBS_TABLE).insert(row);
    return id;
  }
  const inserted = (await db(JOBS_TABLE)
    .insert(row)
    .onConflict('unique_key')
    .ignore()
    .returning('id')) as unknown[];
  return inserted.length > 0 ? id : undefined;
}

/** Takes back a job not yet run (a timer the workflow no longer needs). True if there was one to cancel. */
export async function cancelJob(db: Knex | Knex.Transaction, id: string, now = new Date()): Promise<boolean> {
  const changed = await db(JOBS_TABLE)
    .where({ id })
    .whereNull('done_at')
    .update({ done_at: now.toISOString(), last_error: 'cancelled' });
  return changed > 0;
}

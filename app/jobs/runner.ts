import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import { isPostgres } from '../db/connect';
import type { Logger } from '../logging/logger';
import { maskPersonalData } from '../logging/personal-data';
import { scheduleNextRun, recurringHandler, type RecurringJob } from './recurring';
import { JOBS_TABLE, type JobPayload, type ScheduledJob } from './schedule';

/**
 * Runs a job's work. Its database writes go through `trx`: the job is marked done in that same
 * transaction, so they happen exactly once, together with the mark, or not at all (and the job is retried).
 */
export type JobHandler = (job: ScheduledJob, trx: Knex.Transaction, now: Date) => Promise<void>;

export interface JobRunnerOptions {
  handlers?: Record<string, JobHandler>;
  recurring?: RecurringJob[];
  /** Names this runner in `claimed_by`; unique per runner (host, process, random). */
  instanceId?: string;
  /** How often to look for due jobs (default 5 s). */
  pollMs?: number;
  /** How long a claim lasts before another instance may take the job over (default 5 minutes). */
  leaseMs?: number;
  /** Jobs claimed at a time (default 10). */
  batchSize?: number;
  /** Claims before a failing job is given up (`failed_at`) for an operator to look at (default 10). */
  maxAttempts?: number;
  /** Wait before retrying after the nth failed attempt (default 30 s, doubling, at most 6 hours). */
  retryDelayMs?: (attempts: number) => number;
  clock?: () => Date;
  logger?: Logger;
}

interface JobRow {
  id: string;
  kind: string;
  due_at: string;
  payload: string;
  attempts: number | string;
}

/** The runner's handler found its claim gone (another instance took the job over): leave the job be. */
class ClaimLost extends Error {}

const defaultRetryDelay = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 6 * 60 * 60 * 1000);

/**
 * Polls `scheduled_jobs` and runs each due job once across every instance sharing the database.
 *
 * A job is first claimed: in one short transaction the runner picks due, unclaimed (or lease-expired)
 * jobs and writes its name and a lease on them. On PostgreSQL the pick is `FOR UPDATE SKIP LOCKED`, so
 * runners on several instances each take different rows without waiting on each other. On SQLite the
 * database has a single writer and the kit a single connection, so the claim is exclusive within the
 * process; run the jobs from ONE process per SQLite database (RUN_JOBS=false on any other).
 *
 * Then each job runs in its own transaction, which first re-checks the claim and marks the job done (on
 * PostgreSQL that also locks the row, so no other runner can take it over mid-run), then calls the
 * handler. If the handler throws, the transaction rolls back and the job is put back with a delay. If the
 * instance dies, the lease runs out and another instance claims the job again.
 */
export class JobRunner {
  readonly instanceId: string;
  private readonly handlers: Map<string, JobHandler>;
  private readonly recurring: RecurringJob[];
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: (attempts: number) => number;
  private readonly clock: () => Date;
  private readonly logger?: Logger;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;
  private recurringCheckedAt = 0;

  constructor(
    private readonly db: Knex,
    options: JobRunnerOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.recurring = options.recurring ?? [];
    this.handlers = new Map(Object.entries(options.handlers ?? {}));
    for (const job of this.recurring) this.handlers.set(job.kind, recurringHandler(job));
    this.pollMs = options.pollMs ?? 5000;
    this.leaseMs = options.leaseMs ?? 5 * 60 * 1000;
    this.batchSize = options.batchSize ?? 10;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger;
  }

  /** Starts polling: at once, then every `pollMs`. The timer never keeps the process alive by itself. */
  start(): void {
    if (this.timer || this.polling || this.stopped) return;
    this.schedulePoll(0);
  }

  /**
   * Stops polling and waits for the job being run to finish, for up to `waitMs`: a shutdown must not hang
   * on a database that has gone away. A job cut short is rolled back and retaken when its lease runs out.
   */
  async stop(waitMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.polling) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      timer.unref();
    });
    await Promise.race([this.polling, gaveUp]);
    clearTimeout(timer);
  }

  /**
   * One poll: makes sure each recurring job has its next run scheduled (at most hourly), then claims and
   * runs due jobs until none are left. Returns how many ran (successfully or not).
   */
  async runDueJobs(): Promise<number> {
    const now = this.clock();
    if (this.recurring.length > 0 && now.getTime() - this.recurringCheckedAt >= 60 * 60 * 1000) {
      await this.ensureRecurring(now);
      this.recurringCheckedAt = now.getTime();
    }
    let ran = 0;
    for (;;) {
      const claimed = await this.claim(this.clock());
      for (const job of claimed) {
        if (this.stopped) break;
        await this.run(job);
        ran++;
      }
      if (claimed.length < this.batchSize || this.stopped) return ran;
    }
  }

  private schedulePoll(delayMs: number) {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.runDueJobs()
        .then(
          () => undefined,
          (error: unknown) => this.logger?.error({ err: error }, 'job runner: poll failed'),
        )
        .finally(() => {
          this.polling = undefined;
          if (!this.stopped) this.schedulePoll(this.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Schedules each recurring job's next run unless one is already waiting (or running). */
  private async ensureRecurring(now: Date) {
    for (const job of this.recurring) {
      const waiting = await this.db(JOBS_TABLE)
        .where({ kind: job.kind })
        .whereNull('done_at')
        .whereNull('failed_at')
        .first('id');
      if (!waiting) await scheduleNextRun(this.db, job, now);
    }
  }

  private async claim(now: Date): Promise<ScheduledJob[]> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const nowIso = now.toISOString();
    const rows = await this.db.transaction(async (trx) => {
      let due = trx(JOBS_TABLE)
        .whereNull('done_at')
        .whereNull('failed_at')
        .where('due_at', '<=', nowIso)
        // Only kinds this instance can run: during a rolling upgrade an older instance leaves new kinds alone.
        .whereIn('kind', kinds)
        .where((free) => free.whereNull('claimed_until').orWhere('claimed_until', '<=', nowIso))
        .orderBy([
          { column: 'due_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(this.batchSize)
        .select('id');
      if (isPostgres(this.db)) due = due.forUpdate().skipLocked();
      const ids = ((await due) as Array<{ id: string }>).map((row) => row.id);
      if (ids.length === 0) return [];
      await trx(JOBS_TABLE)
        .whereIn('id', ids)
        .update({
          claimed_by: this.instanceId,
          claimed_until: new Date(now.getTime() + this.leaseMs).toISOString(),
          attempts: trx.raw('attempts + 1'),
        });
      return (await trx(JOBS_TABLE)
        .whereIn('id', ids)
        .orderBy([
          { column: 'due_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .select('id', 'kind', 'due_at', 'payload', 'attempts')) as JobRow[];
    });
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      dueAt: row.due_at,
      payload: JSON.parse(row.payload) as JobPayload,
      attempts: Number(row.attempts),
    }));
  }

  private async run(job: ScheduledJob) {
    const handler = this.handlers.get(job.kind)!;
    const started = this.clock();
    try {
      await this.db.transaction(async (trx) => {
        const stillMine = await trx(JOBS_TABLE)
          .where({ id: job.id, claimed_by: this.instanceId })
          .whereNull('done_at')
          .update({ done_at: started.toISOString(), claimed_until: null, last_error: null });
        if (stillMine === 0) throw new ClaimLost();
        await handler(job, trx, started);
      });
      this.logger?.info({ job: { id: job.id, kind: job.kind, attempts: job.attempts } }, 'job done');
    } catch (error) {
      if (error instanceof ClaimLost) {
        this.logger?.warn({ job: { id: job.id, kind: job.kind } }, 'job taken over by another instance');
        return;
      }
      await this.recordFailure(job, error);
    }
  }

  private async recordFailure(job: ScheduledJob, error: unknown) {
    const now = this.clock();
    const giveUp = job.attempts >= this.maxAttempts;
    const message = maskPersonalData(error instanceof Error ? error.message : String(error)).slice(0, 2000);
    this.logger?.warn(
      { job: { id: job.id, kind: job.kind, attempts: job.attempts }, err: error },
      giveUp ? 'job failed; giving up' : 'job failed; will retry',
    );
    await this.db(JOBS_TABLE)
      .where({ id: job.id, claimed_by: this.instanceId })
      .whereNull('done_at')
      .update({
        claimed_by: null,
        claimed_until: null,
        last_error: message,
        ...(giveUp
          ? { failed_at: now.toISOString() }
          : { due_at: new Date(now.getTime() + this.retryDelayMs(job.attempts)).toISOString() }),
      });
  }
}

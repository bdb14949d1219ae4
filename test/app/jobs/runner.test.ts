import type { Knex } from 'knex';
import { createApp, type CreateAppOptions, type KitApp } from '../../../app/app';
import { nextRun, DAY_MS, HOUR_MS } from '../../../app/jobs/recurring';
import type { JobHandler } from '../../../app/jobs/runner';
import { JOBS_TABLE, scheduleJob } from '../../../app/jobs/schedule';
import { countRows, freshDatabase, lastingDatabase, usingPostgres } from '../../helpers/database';
import { buildTestApp, TEST_SECRET } from '../../helpers/test-app';

/**
 * Scheduled work (app/jobs/): each due job runs once, its writes commit with the mark that it ran,
 * failures are retried later, a crashed instance's claim is taken over once its lease runs out, jobs
 * outlive the process, and on PostgreSQL two instances on one database never run the same job twice.
 */
const RUNS = 'test_job_runs';
const START = new Date('2026-12-04T09:00:00.000Z');

async function createRunsTable(db: Knex) {
  if (await db.schema.hasTable(RUNS)) return;
  await db.schema.createTable(RUNS, (t) => {
    t.increments('id');
    t.string('job_id', 36).notNullable();
    t.string('instance', 100).notNullable();
  });
}

/** A handler that records each run in the database, through the job's own transaction. */
const recordRun =
  (instance: string): JobHandler =>
  async (job, trx) => {
    await trx(RUNS).insert({ job_id: job.id, instance });
  };

async function runsPerJob(db: Knex): Promise<Map<string, number>> {
  const rows = (await db(RUNS)
    .select('job_id')
    .count<Array<{ job_id: string; n: number | string }>>({
      n: '*',
    })
    .groupBy('job_id')) as Array<{ job_id: string; n: number | string }>;
  return new Map(rows.map((row) => [row.job_id, Number(row.n)]));
}

async function jobRow(db: Knex, id: string) {
  return db(JOBS_TABLE).where({ id }).first();
}

describe('the job runner, driven one poll at a time', () => {
  let app: KitApp;
  let now: Date;
  let failuresLeft: number;
  const clock = () => now;

  beforeEach(async () => {
    now = START;
    failuresLeft = 0;
    app = await buildTestApp({
      runJobs: false,
      // Counts runs exactly: without the outbox's minute retry, which is a recurring job of its own.
      notificationRetryMs: 0,
      jobs: {
        clock,
        leaseMs: 60_000,
        retryDelayMs: (attempts) => attempts * 1000,
        maxAttempts: 3,
        handlers: {
          'test:record': recordRun('only'),
          'test:flaky': async (job, trx) => {
            await trx(RUNS).insert({ job_id: job.id, instance: 'flaky' });
            if (failuresLeft-- > 0) throw new Error('the printer for AB123456C is offline');
          },
        },
      },
    });
    await createRunsTable(app.kit.db);
  });
  afterEach(async () => {
    await app.kit.close();
  });

  it('runs a due job once, with its payload, and leaves a job not yet due', async () => {
    const db = app.kit.db;
    const due = await scheduleJob(db, 'test:record', new Date(START.getTime() - 1000), { caseId: 'c-1' });
    const later = await scheduleJob(db, 'test:record', new Date(START.getTime() + 60_000));
    expect(await app.kit.jobs.runDueJobs()).toBe(1);
    expect(await app.kit.jobs.runDueJobs()).toBe(0);
    expect(await runsPerJob(db)).toEqual(new Map([[due, 1]]));
    const row = await jobRow(db, due!);
    expect(row).toMatchObject({ done_at: START.toISOString(), attempts: 1, last_error: null });
    expect(JSON.parse(row.payload)).toEqual({ caseId: 'c-1' });
    expect((await jobRow(db, later!)).done_at).toBeNull();

    now = new Date(START.getTime() + 60_000);
    expect(await app.kit.jobs.runDueJobs()).toBe(1);
    expect((await runsPerJob(db)).get(later!)).toBe(1);
  });

  it('arms a timer only if the transaction that arms it commits, and a unique key only once', async () => {
    const db = app.kit.db;
    await expect(
      db.transaction(async (trx) => {
        await scheduleJob(trx, 'test:record', START);
        throw new Error('the transition failed');
      }),
    ).rejects.toThrow('the transition failed');
    expect(await countRows(db, JOBS_TABLE, { kind: 'test:record' })).toBe(0);

    const first = await scheduleJob(db, 'test:record', START, {}, { uniqueKey: 'reminder:c-1' });
    const again = await scheduleJob(db, 'test:record', START, {}, { uniqueKey: 'reminder:c-1' });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeUndefined();
    expect(await countRows(db, JOBS_TABLE, { kind: 'test:record' })).toBe(1);
  });

  it('rolls back a failed run, retries it after a delay, and gives up after maxAttempts', async () => {
    const db = app.kit.db;
    failuresLeft = 1;
    const flaky = (await scheduleJob(db, 'test:flaky', START))!;
    expect(await app.kit.jobs.runDueJobs()).toBe(1);
    let row = await jobRow(db, flaky);
    expect(row).toMatchObject({ done_at: null, claimed_by: null, attempts: 1 });
    // The message is kept for an operator, with personal data masked like the logs.
    expect(row.last_error).toBe('the printer for [ni-number] is offline');
    expect(row.due_at).toBe(new Date(START.getTime() + 1000).toISOString());
    expect(await countRows(db, RUNS)).toBe(0); // its write was rolled back with it

    expect(await app.kit.jobs.runDueJobs()).toBe(0); // not due again yet
    now = new Date(START.getTime() + 1000);
    expect(await app.kit.jobs.runDueJobs()).toBe(1);
    row = await jobRow(db, flaky);
    expect(row).toMatchObject({ done_at: now.toISOString(), attempts: 2, last_error: null });
    expect(await runsPerJob(db)).toEqual(new Map([[flaky, 1]]));

    failuresLeft = 99;
    const hopeless = (await scheduleJob(db, 'test:flaky', now))!;
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await app.kit.jobs.runDueJobs()).toBe(1);
      now = new Date(now.getTime() + attempt * 1000);
    }
    row = await jobRow(db, hopeless);
    expect(row.failed_at).toEqual(expect.any(String));
    expect(row.attempts).toBe(3);
    now = new Date(now.getTime() + DAY_MS);
    await app.kit.jobs.runDueJobs();
    expect(await jobRow(db, hopeless)).toMatchObject({ attempts: 3, done_at: null });
  });

  it('takes over a job claimed by an instance that crashed, once its lease has run out', async () => {
    const db = app.kit.db;
    const id = (await scheduleJob(db, 'test:record', START))!;
    await db(JOBS_TABLE)
      .where({ id })
      .update({
        claimed_by: 'crashed-instance',
        claimed_until: new Date(START.getTime() + 60_000).toISOString(),
        attempts: 1,
      });
    expect(await app.kit.jobs.runDueJobs()).toBe(0);
    now = new Date(START.getTime() + 60_000);
    expect(await app.kit.jobs.runDueJobs()).toBe(1);
    expect(await runsPerJob(db)).toEqual(new Map([[id, 1]]));
    expect(await jobRow(db, id)).toMatchObject({ attempts: 2, done_at: now.toISOString() });
  });

  it('leaves alone a job whose claim another instance has taken over in the meantime', async () => {
    const db = app.kit.db;
    const id = (await scheduleJob(db, 'test:record', START))!;
    // This runner claims it, then (its lease over, say, after a long pause) another takes it over first.
    const runner = app.kit.jobs as unknown as {
      claim(now: Date): Promise<unknown[]>;
      run(job: unknown): Promise<void>;
    };
    const [job] = await runner.claim(START);
    await db(JOBS_TABLE).where({ id }).update({ claimed_by: 'another-instance' });
    await runner.run(job);
    expect(await countRows(db, RUNS)).toBe(0);
    expect(await jobRow(db, id)).toMatchObject({ claimed_by: 'another-instance', done_at: null });
  });

  it('only claims kinds this instance has a handler for', async () => {
    const db = app.kit.db;
    const unknown = (await scheduleJob(db, 'a-newer-version:thing', START))!;
    expect(await app.kit.jobs.runDueJobs()).toBe(0);
    expect(await jobRow(db, unknown)).toMatchObject({ claimed_by: null, attempts: 0 });
  });
});

describe('recurring jobs', () => {
  it('fall on a fixed grid', () => {
    const daily2am = { everyMs: DAY_MS, offsetMs: 2 * HOUR_MS };
    expect(nextRun(daily2am, new Date('2026-12-04T01:59:59.000Z')).toISOString()).toBe(
      '2026-12-04T02:00:00.000Z',
    );
    expect(nextRun(daily2am, new Date('2026-12-04T02:00:00.000Z')).toISOString()).toBe(
      '2026-12-05T02:00:00.000Z',
    );
    expect(nextRun({ everyMs: HOUR_MS }, new Date('2026-12-04T09:30:00.000Z')).toISOString()).toBe(
      '2026-12-04T10:00:00.000Z',
    );
  });

  it('sweep expired sessions hourly: one next run however many instances start, each run scheduling the next', async () => {
    let now = START;
    const app = await buildTestApp({ runJobs: false, notificationRetryMs: 0, jobs: { clock: () => now } });
    try {
      const db = app.kit.db;
      const sweeps = () =>
        db(JOBS_TABLE)
          .where({ kind: 'kit:sweep-expired-sessions' })
          .orderBy('due_at')
          .select('due_at', 'done_at');
      await app.kit.jobs.runDueJobs();
      await app.kit.jobs.runDueJobs();
      expect(await sweeps()).toEqual([{ due_at: '2026-12-04T10:00:00.000Z', done_at: null }]);

      // Session expiries come from the real clock (express-session), and the sweep reads the real clock
      // too: relative to the test's clock, these rows would expire once the real date passed START + 1 day.
      await db('sessions').insert([
        { sid: 'old', sess: '{}', expires_at: Date.now() - 1 },
        { sid: 'live', sess: '{}', expires_at: Date.now() + DAY_MS },
      ]);
      now = new Date('2026-12-04T10:00:05.000Z');
      expect(await app.kit.jobs.runDueJobs()).toBe(1);
      expect((await db('sessions').select('sid')).map((row) => row.sid)).toEqual(['live']);
      expect(await sweeps()).toEqual([
        { due_at: '2026-12-04T10:00:00.000Z', done_at: '2026-12-04T10:00:05.000Z' },
        { due_at: '2026-12-04T11:00:00.000Z', done_at: null },
      ]);
    } finally {
      await app.kit.close();
    }
  });
});

const appOn = (url: string, options: CreateAppOptions) =>
  createApp({
    databaseUrl: url,
    sessionSecret: TEST_SECRET,
    nation: 'england',
    councilName: 'Test Council',
    logError: () => undefined,
    ...options,
  });

async function until(condition: () => Promise<boolean>, ms = 15_000) {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}

describe('jobs outlive the process', () => {
  it('fires a job scheduled before a restart, once, from the runner the new process starts', async () => {
    const database = await lastingDatabase();
    try {
      const before = await appOn(database.url, { runJobs: false });
      await createRunsTable(before.kit.db);
      const id = (await scheduleJob(before.kit.db, 'test:record', new Date()))!;
      await before.kit.close();

      const after = await appOn(database.url, {
        jobs: { pollMs: 20, handlers: { 'test:record': recordRun('after') } },
      });
      try {
        await until(async () => (await runsPerJob(after.kit.db)).has(id));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await runsPerJob(after.kit.db)).toEqual(new Map([[id, 1]]));
      } finally {
        await after.kit.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('runs each job once from the runner createApp starts (on SQLite: the single runner)', async () => {
    const app = await buildTestApp({
      jobs: { pollMs: 20, batchSize: 3, handlers: { 'test:record': recordRun('one') } },
    });
    try {
      await createRunsTable(app.kit.db);
      const ids = [];
      for (let i = 0; i < 10; i++) ids.push(await scheduleJob(app.kit.db, 'test:record', new Date()));
      await until(async () => (await runsPerJob(app.kit.db)).size === ids.length);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const runs = await runsPerJob(app.kit.db);
      expect([...runs.values()]).toEqual(ids.map(() => 1));
    } finally {
      await app.kit.close();
    }
  });
});

const onPostgres = usingPostgres() ? describe : describe.skip;
if (!usingPostgres()) {
  // Said once, plainly, in the test output: CI runs this file again with TEST_DATABASE_URL set.
  console.info('Skipping the two-instance job tests: they need TEST_DATABASE_URL=postgres://…');
}

onPostgres('two instances on one PostgreSQL database (needs TEST_DATABASE_URL=postgres://…)', () => {
  it('run each of many due jobs exactly once between them', async () => {
    const database = await freshDatabase();
    const slow =
      (instance: string): JobHandler =>
      async (job, trx) => {
        await recordRun(instance)(job, trx, new Date());
        await new Promise((resolve) => setTimeout(resolve, 5)); // long enough for the runners to overlap
      };
    // One after the other: knex refuses to run migrations from two places at once.
    const first = await appOn(database.url, {
      runJobs: false,
      jobs: { pollMs: 10, batchSize: 4, handlers: { 'test:record': slow('first') } },
    });
    const second = await appOn(database.url, {
      runJobs: false,
      jobs: { pollMs: 10, batchSize: 4, handlers: { 'test:record': slow('second') } },
    });
    try {
      await createRunsTable(first.kit.db);
      const due = new Date(Date.now() - 1000);
      const ids = new Set<string>();
      for (let i = 0; i < 60; i++) ids.add((await scheduleJob(first.kit.db, 'test:record', due, { i }))!);
      first.kit.jobs.start();
      second.kit.jobs.start();
      await until(
        async () =>
          (await countRows(first.kit.db, JOBS_TABLE, { kind: 'test:record', claimed_until: null })) ===
            ids.size && (await countRows(first.kit.db, RUNS)) >= ids.size,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));

      const runs = await runsPerJob(first.kit.db);
      expect(new Set(runs.keys())).toEqual(ids);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      expect(await countRows(first.kit.db, RUNS)).toBe(ids.size);
      const byInstance = await first.kit
        .db(RUNS)
        .select('instance')
        .count<Array<{ instance: string; n: string }>>({ n: '*' })
        .groupBy('instance');
      // Informative, not asserted: how the work was shared.
      console.info(
        `jobs run per instance: ${byInstance.map((row) => `${row.instance} ${row.n}`).join(', ')}`,
      );
    } finally {
      await first.kit.close();
      await second.kit.close();
      await database.drop();
    }
  });
});

describe('stopping the runner', () => {
  it('waits for the job in hand, but not for ever', async () => {
    let release: () => void = () => undefined;
    let running = false;
    const app = await buildTestApp({
      runJobs: false,
      jobs: {
        handlers: {
          'test:stuck': () =>
            new Promise<void>((resolve) => {
              running = true;
              release = resolve;
            }),
        },
      },
    });
    try {
      await scheduleJob(app.kit.db, 'test:stuck', new Date(Date.now() - 1000));
      app.kit.jobs.start();
      // Watched from memory: on SQLite the job's transaction holds the kit's one connection meanwhile.
      await until(async () => running);
      const started = Date.now();
      await app.kit.jobs.stop(300);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      release();
      await app.kit.close();
    }
  });
});

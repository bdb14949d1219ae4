import type { Knex } from 'knex';

/**
 * Scheduled work that outlives a process (issue #9, app/jobs/): timers a workflow arms, expiries,
 * reminders, the daily housekeeping. Any instance may run a due job; a runner claims it first by writing
 * `claimed_by` and a lease, `claimed_until`, so exactly one instance runs it, and a job whose lease ran
 * out (its instance crashed) is claimed again. Times are ISO-8601 UTC strings, as everywhere in the schema,
 * so they compare in time order as strings.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('scheduled_jobs', (t) => {
    t.string('id', 36).primary();
    t.string('kind', 100).notNullable();
    t.string('due_at', 30).notNullable();
    // JSON: what the handler needs (a case id, say), never more personal data than that.
    t.text('payload').notNullable();
    // Set for a job that must exist once only (each run of a recurring job): a second insert is ignored.
    t.string('unique_key', 200).unique();
    t.string('claimed_by', 100);
    t.string('claimed_until', 30);
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.string('done_at', 30);
    // Set when a job has failed too often to try again: left for an operator to look at.
    t.string('failed_at', 30);
    t.string('created_at', 30).notNullable();
    // The runner's question: which jobs are waiting and due (open jobs only, in due order).
    t.index(['done_at', 'failed_at', 'due_at'], 'scheduled_jobs_due_index');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('scheduled_jobs');
}

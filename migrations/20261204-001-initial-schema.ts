import type { Knex } from 'knex';

/**
 * The first schema. Written once for SQLite and PostgreSQL alike.
 * Timestamps are stored as ISO-8601 UTC strings and dates as YYYY-MM-DD strings: both drivers then
 * return exactly what was written, and strings sort in time order.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('councils', (t) => {
    t.string('id', 40).primary();
    t.string('name', 200).notNullable();
    t.string('nation', 20).notNullable();
    t.string('created_at', 30).notNullable();
  });

  await db.schema.createTable('staff_users', (t) => {
    t.string('id', 36).primary();
    t.string('council_id', 40).notNullable().references('councils.id');
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('role', 40).notNullable();
    t.text('password_hash').notNullable();
    t.boolean('disabled').notNullable().defaultTo(false);
    t.string('created_at', 30).notNullable();
  });

  await db.schema.createTable('sessions', (t) => {
    t.string('sid', 255).primary();
    t.text('sess').notNullable();
    // Milliseconds since the epoch: compared numerically when sweeping expired sessions.
    t.bigInteger('expires_at').notNullable().index();
  });

  // Columns every workflow instance table has: the persisted XState snapshot and its machine version.
  const workflowColumns = (t: Knex.CreateTableBuilder) => {
    t.string('workflow_id', 60).notNullable();
    t.integer('workflow_version').notNullable();
    t.string('state', 200).notNullable();
    t.text('snapshot').notNullable();
    // Optimistic concurrency: every write checks and bumps it, so two officers cannot both move a case.
    t.integer('revision').notNullable().defaultTo(1);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
  };

  await db.schema.createTable('applications', (t) => {
    t.string('id', 36).primary();
    t.string('reference', 20).notNullable().unique();
    t.string('council_id', 40).notNullable().references('councils.id');
    workflowColumns(t);
    t.string('submitted_at', 30);
  });

  await db.schema.createTable('cases', (t) => {
    t.string('id', 36).primary();
    t.string('reference', 20).notNullable().unique();
    t.string('application_id', 36).notNullable().references('applications.id');
    t.string('council_id', 40).notNullable().references('councils.id');
    workflowColumns(t);
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_date_of_birth', 10);
    t.string('postcode', 10);
    t.string('eligibility_outcome', 30).notNullable();
    t.string('eligibility_code', 20);
    t.boolean('fast_track').notNullable().defaultTo(false);
    t.string('submitted_at', 30).notNullable();
    t.index(['council_id', 'state', 'submitted_at']);
  });

  await db.schema.createTable('badges', (t) => {
    t.string('id', 36).primary();
    t.string('badge_number', 6).notNullable().unique();
    t.string('case_id', 36).notNullable().references('cases.id');
    t.string('council_id', 40).notNullable().references('councils.id');
    workflowColumns(t);
    t.string('eligibility_code', 20).notNullable();
    t.string('start_date', 10).notNullable();
    t.string('expiry_date', 10).notNullable();
    t.index(['case_id']);
  });

  // Badge numbers count down from 63,999,999 (KKKKKK); one row holds the next value to try.
  await db.schema.createTable('badge_number_sequence', (t) => {
    t.integer('id').primary();
    t.integer('next_value').notNullable();
  });
  await db('badge_number_sequence').insert({ id: 1, next_value: 63_999_999 });

  await db.schema.createTable('audit_events', (t) => {
    t.increments('id').primary();
    t.string('entity_type', 30).notNullable();
    t.string('entity_id', 36).notNullable();
    t.string('workflow_id', 60).notNullable();
    t.integer('workflow_version').notNullable();
    t.string('event', 60).notNullable();
    t.string('from_state', 200);
    t.string('to_state', 200).notNullable();
    t.string('actor_type', 20).notNullable();
    t.string('actor_id', 36);
    t.string('actor_name', 200);
    t.text('detail');
    t.string('at', 30).notNullable();
    t.index(['entity_type', 'entity_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'audit_events',
    'badge_number_sequence',
    'badges',
    'cases',
    'applications',
    'sessions',
    'staff_users',
    'councils',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}

import type { Knex } from 'knex';

/**
 * What the retention job (app/jobs/retention.ts) keeps when it deletes personal data: anonymised counts
 * only, by kind of record and the state it was left in (which page an abandoned application stopped at,
 * say), so a council can still report on demand and drop-off after the records themselves are gone.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('retention_figures', (t) => {
    t.increments('id').primary();
    t.string('run_at', 30).notNullable();
    t.string('record_type', 40).notNullable();
    t.string('workflow_id', 60).notNullable();
    t.string('state', 200).notNullable();
    t.integer('deleted').notNullable();
    t.index(['record_type', 'run_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('retention_figures');
}

import type { Knex } from 'knex';

/**
 * Data protection (issue #9). `erasure_log`: every erasure on request, recorded without personal data
 * (who erased, when, on which ground, the application, case and badge references that went, and how many
 * records of each kind), visible to administrators. `retention_figures` gains the anonymised facts a
 * council still reports on once the records themselves are gone: the eligibility route and the month the
 * record closed or expired.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('erasure_log', (t) => {
    t.string('id', 36).primary();
    t.string('council_id', 40).notNullable().references('councils.id');
    t.string('erased_at', 30).notNullable();
    t.string('staff_user_id', 36).notNullable();
    t.string('staff_name', 200).notNullable();
    t.string('ground', 40).notNullable();
    t.text('details').notNullable();
    // JSON: the references erased (application/case reference, badge numbers) and counts per table.
    t.text('references').notNullable();
    t.text('counts').notNullable();
    t.index(['council_id', 'erased_at']);
  });
  await db.schema.alterTable('retention_figures', (t) => {
    t.string('eligibility_code', 20).nullable();
    t.string('closed_month', 7).nullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('retention_figures', (t) => {
    t.dropColumn('closed_month');
    t.dropColumn('eligibility_code');
  });
  await db.schema.dropTable('erasure_log');
}

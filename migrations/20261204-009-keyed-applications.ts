import type { Knex } from 'knex';

/**
 * Applications keyed by staff from a paper form, a phone call or a visit: the national channel code
 * (blue-badge-scheme.md §9, [BBDS-REF]) and the staff account that keyed it. Online applications have
 * no `keyed_by`, and only staff may answer the questions of one that has (app/engine/workflow-store.ts).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('applications', (t) => {
    t.string('channel', 10).notNullable().defaultTo('ONLINE');
    t.string('keyed_by', 36).references('staff_users.id');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('applications', (t) => {
    t.dropColumn('keyed_by');
    t.dropColumn('channel');
  });
}

import type { Knex } from 'knex';

/** The national service's party, application type and channel codes on each case (blue-badge-scheme.md §9). */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.string('party', 10).notNullable().defaultTo('PERSON');
    t.string('application_type', 10).notNullable().defaultTo('NEW');
    t.string('channel', 10).notNullable().defaultTo('ONLINE');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.dropColumn('party');
    t.dropColumn('application_type');
    t.dropColumn('channel');
  });
}

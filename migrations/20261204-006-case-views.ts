import type { Knex } from 'knex';

/**
 * Who looked at which case, and when (issue #9, data protection): a row each time a member of staff opens
 * a case page, so a council can answer "who has seen my application?" and spot browsing without a reason.
 * Kept apart from `audit_events`, which records the workflow's transitions: a view changes nothing.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('case_views', (t) => {
    t.increments('id').primary();
    t.string('case_id', 36).notNullable().references('cases.id');
    t.string('staff_user_id', 36).notNullable().references('staff_users.id');
    // The name at the time of the view, as audit rows keep it, should the account be renamed later.
    t.string('staff_name', 200).notNullable();
    t.string('viewed_at', 30).notNullable();
    t.index(['case_id', 'viewed_at']);
    t.index(['staff_user_id', 'viewed_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('case_views');
}

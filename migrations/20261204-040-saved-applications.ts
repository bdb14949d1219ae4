import type { Knex } from 'knex';

/**
 * "Save and come back later": one row per save, holding only hashes of what the applicant was sent (the
 * link's token, the code, the email address), never the values, so a copy of the database cannot be used
 * to return to someone's application (app/services/saved-applications.ts).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('saved_applications', (t) => {
    t.string('id', 36).primary();
    // No foreign key: the draft retention job deletes unsent applications, and a return after that
    // must still be able to say plainly that the saved application has expired.
    t.string('application_id', 36).notNullable().index();
    t.string('workflow_kind', 20).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('email_hash', 64).notNullable().index();
    t.string('code_hash', 64).notNullable();
    // The page they saved from, where returning puts them back.
    t.string('page_path', 200).notNullable();
    t.string('language', 2).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable().index();
    // Single use: set when the link or code is used, or when a later save replaces this one.
    t.string('used_at', 30);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('saved_applications');
}

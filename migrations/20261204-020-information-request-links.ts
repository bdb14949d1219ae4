import type { Knex } from 'knex';

/**
 * The single-purpose links an applicant replies to a request for more information through (no sign-in):
 * only a SHA-256 hash of each token is kept, so the table alone cannot be used to reply.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('information_request_links', (t) => {
    t.string('token_hash', 64).primary();
    t.string('case_id', 36).notNullable().references('id').inTable('cases');
    // The request's id in the case's `informationRequests`: a link answers that request only.
    t.string('request_id', 64).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('used_at', 30).nullable();
    t.index(['case_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('information_request_links');
}

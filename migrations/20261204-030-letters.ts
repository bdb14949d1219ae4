import type { Knex } from 'knex';

/**
 * Letters sent to applicants (app/letters/): kept on the case as they went out, the HTML to read and
 * print and the PDF itself (stored rather than re-rendered, so a template or settings change never alters
 * a letter already sent). Written in the transaction of the transition that sends it, with the outbox row
 * of the email that told the applicant, if they gave an email address.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('letters', (t) => {
    t.string('id', 36).primary();
    t.string('case_id', 36).notNullable().references('cases.id');
    // approval | refusal | information-request | reminder | withdrawal | review-outcome
    t.string('kind', 30).notNullable();
    t.string('language', 2).notNullable();
    t.text('html').notNullable();
    t.binary('pdf').notNullable();
    t.string('notification_id', 36).references('notifications.id');
    t.string('created_at', 30).notNullable();
    t.index(['case_id', 'created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('letters');
}

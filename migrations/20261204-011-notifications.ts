import type { Knex } from 'knex';

/**
 * The notifications outbox (app/notifications/). A row is written in the same transaction as the
 * transition that causes it, so an email is never lost, nor sent for a change that rolled back; it is
 * delivered after commit and retried until it goes. With no email service set up (provider `outbox`) the
 * row is the message: staff and developers read it at /staff/outbox.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('notifications', (t) => {
    t.string('id', 36).primary();
    t.string('council_id', 40).notNullable().references('councils.id');
    // application-received | save-and-return | more-information | decision (app/notifications/notifier.ts)
    t.string('template', 40).notNullable();
    t.string('language', 2).notNullable();
    t.string('recipient', 254).notNullable();
    t.text('personalisation').notNullable();
    // The application reference, sent to GOV.UK Notify as its `reference`.
    t.string('reference', 40);
    // queued → sending → sent, or failed (retried at next_attempt_at)
    t.string('status', 10).notNullable();
    t.string('provider', 10).notNullable();
    t.string('provider_id', 100);
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 30).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('sent_at', 30);
    t.text('error');
    t.index(['status', 'next_attempt_at']);
    t.index(['council_id', 'created_at', 'id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('notifications');
}

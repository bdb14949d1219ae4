import type { Knex } from 'knex';

/**
 * Every online payment attempt (app/payments/): written by the transition that starts it and updated by
 * the one that records the provider's verdict, each in its transaction with its audit row. No foreign key
 * to `applications`: a payment is a financial record, kept when a draft that never went is deleted.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('payments', (t) => {
    t.string('id', 36).primary();
    t.string('application_id', 36).notNullable();
    t.string('council_id', 40).notNullable();
    // The application's reference, sent to the provider as the payment's reference.
    t.string('reference', 40).notNullable();
    t.string('provider', 20).notNullable();
    t.string('provider_payment_id', 100).notNullable();
    t.integer('amount_pence').notNullable();
    // created → success | failed | cancelled | error | incomplete (left unfinished, then cancelled)
    t.string('status', 12).notNullable();
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.string('finished_at', 30);
    t.unique(['provider', 'provider_payment_id']);
    t.index(['application_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('payments');
}

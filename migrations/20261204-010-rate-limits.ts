import type { Knex } from 'knex';

/**
 * Attempts counted per key (e.g. failed sign-ins from one address) in fixed windows, in the database so
 * that every instance behind a load balancer counts together (app/services/rate-limits.ts).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('rate_limits', (t) => {
    t.string('key', 200).primary();
    // Milliseconds since the epoch, compared numerically.
    t.bigInteger('window_started_at').notNullable();
    t.integer('count').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('rate_limits');
}

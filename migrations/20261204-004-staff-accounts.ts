import type { Knex } from 'knex';

/**
 * Staff account hardening (issue #7):
 * - `failed_attempts` and `locked_until` lock an account for a while after repeated wrong passwords;
 * - `session_version` is copied into a staff session at sign-in, and a session whose copy is older is
 *   refused, so bumping it signs the person out everywhere;
 * - `password_change_required` marks a one-time password an administrator was shown, which must be
 *   replaced at the next sign-in.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('staff_users', (t) => {
    t.integer('failed_attempts').notNullable().defaultTo(0);
    // An ISO-8601 UTC timestamp, like every other time in the schema; null when not locked.
    t.string('locked_until', 30);
    t.integer('session_version').notNullable().defaultTo(1);
    t.boolean('password_change_required').notNullable().defaultTo(false);
  });
}

const COLUMNS = ['failed_attempts', 'locked_until', 'session_version', 'password_change_required'];

export async function down(db: Knex): Promise<void> {
  if (db.client.dialect === 'postgresql') {
    await db.schema.alterTable('staff_users', (t) => t.dropColumns(...COLUMNS));
    return;
  }
  // SQLite drops a column in place (3.35+). knex would rebuild the table instead, which fails once
  // other tables refer to staff accounts.
  for (const column of COLUMNS) await db.raw('alter table ?? drop column ??', ['staff_users', column]);
}

import type { Knex } from 'knex';

/**
 * Single sign-on (issue #7): `sso_subject` is the identity provider's `sub` for the person, recorded at
 * their first sign-on. Emails change (marriage, a renamed domain); the subject does not, so later
 * sign-ons find the account by it. Unique, so one person at the provider is one account here.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('staff_users', (t) => {
    // OpenID Connect caps `sub` at 255 ASCII characters.
    t.string('sso_subject', 255).unique();
  });
}

export async function down(db: Knex): Promise<void> {
  if (db.client.dialect === 'postgresql') {
    await db.schema.alterTable('staff_users', (t) => t.dropColumn('sso_subject'));
    return;
  }
  // SQLite cannot drop a column that a unique index covers: drop the index first (knex's name for it).
  await db.raw('drop index if exists ??', ['staff_users_sso_subject_unique']);
  await db.raw('alter table ?? drop column ??', ['staff_users', 'sso_subject']);
}

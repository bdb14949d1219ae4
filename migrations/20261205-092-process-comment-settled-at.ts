import type { Knex } from 'knex';

/**
 * When a comment thread was settled (marked resolved or taken into a version): a member of the public's
 * email address is kept `retention.commenterEmailDays` after it (app/data-protection/commenters.ts), then
 * removed while the comment's text stays. Threads settled before this migration count from their last change.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('process_comments', (t) => {
    t.string('settled_at', 30);
  });
  await db('process_comments')
    .whereNull('parent_id')
    .whereIn('status', ['resolved', 'taken'])
    .update({ settled_at: db.ref('updated_at') });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('process_comments', (t) => {
    t.dropColumn('settled_at');
  });
}

import type { Knex } from 'knex';

/**
 * Comments on the process maps (issue #12): on a workflow, one of its states or one of its transitions
 * (a state and an event). A reply points at the comment that opened its thread. Public comments are held
 * until a team manager shows them; any comment can be hidden with a reason.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('process_comments', (t) => {
    t.string('id', 36).primary();
    t.string('council_id', 40).notNullable().references('councils.id');
    t.string('workflow_id', 60).notNullable();
    // Null for a comment on the whole workflow; the source state of a transition otherwise.
    t.string('state', 200);
    t.string('event', 100);
    t.string('parent_id', 36).references('process_comments.id');
    t.text('body').notNullable();
    t.string('author_type', 10).notNullable();
    t.string('author_id', 36);
    t.string('author_name', 200).notNullable();
    // Public comments only: never shown on a page or exported.
    t.string('author_email', 254);
    t.string('status', 20).notNullable().defaultTo('open');
    t.integer('taken_into_version');
    t.string('visibility', 10).notNullable();
    t.text('moderation_reason');
    t.string('moderated_by', 200);
    t.string('moderated_at', 30);
    t.string('created_at', 30).notNullable();
    t.string('updated_at', 30).notNullable();
    t.index(['council_id', 'workflow_id', 'created_at'], 'process_comments_workflow_index');
    t.index(['parent_id'], 'process_comments_parent_index');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('process_comments');
}

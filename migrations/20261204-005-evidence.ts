import type { Knex } from 'knex';

/**
 * Evidence files (issue #5): one row per uploaded file. The bytes are in the evidence storage
 * (app/uploads/storage.ts) under `storage_key`, a generated name; `original_name` is for display only.
 * Keyed by workflow kind and instance id rather than a foreign key to one table, so any journey the
 * generic runner serves can take uploads. `section` is the national evidence type (PHOTO, PROOF_ID,
 * PROOF_ADD, PROOF_ELIG, SUPPORT_DOCS: blue-badge-scheme.md §9, [BBDS-REF]).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('evidence', (t) => {
    t.string('id', 36).primary();
    t.string('workflow_kind', 40).notNullable();
    t.string('instance_id', 36).notNullable();
    t.string('section', 20).notNullable();
    t.string('original_name', 200).notNullable();
    t.string('content_type', 100).notNullable();
    t.integer('size_bytes').notNullable();
    t.string('storage_key', 200).notNullable().unique();
    t.string('thumbnail_key', 200);
    t.integer('width');
    t.integer('height');
    t.string('created_at', 30).notNullable();
    t.index(['workflow_kind', 'instance_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('evidence');
}

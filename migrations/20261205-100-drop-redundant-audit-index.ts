import type { Knex } from 'knex';

/**
 * Every read of the audit trail looks rows up by `entity_id` (a UUID, unique across entity types), which
 * the (entity_id, id) index added by 20261204-007 serves in timeline order. The first index,
 * (entity_type, entity_id), then served nothing, yet every state change paid to keep it: one more B-tree
 * page written with each audit row (an answer POST's commit wrote five pages, now four).
 */
const COLUMNS = ['entity_type', 'entity_id'];
const INDEX = 'audit_events_entity_type_entity_id_index';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('audit_events', (t) => {
    t.dropIndex(COLUMNS, INDEX);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('audit_events', (t) => {
    t.index(COLUMNS, INDEX);
  });
}

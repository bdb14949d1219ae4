import type { Knex } from 'knex';

/**
 * A case's timeline reads its audit rows by `entity_id IN (…) ORDER BY id` (app/services/cases.ts
 * caseTimeline): the case, its application and its badges, whatever their entity type. The only index,
 * (entity_type, entity_id), cannot serve a lookup without entity_type, so every case page read the whole
 * audit table (about 16 rows per case: 100 ms at 100,000 cases on SQLite, a second at a million; see
 * docs/performance.md). With (entity_id, id) each id is an index range already in timeline order.
 */
const INDEX = 'audit_events_entity_id_index';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('audit_events', (t) => {
    t.index(['entity_id', 'id'], INDEX);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('audit_events', (t) => {
    t.dropIndex(['entity_id', 'id'], INDEX);
  });
}

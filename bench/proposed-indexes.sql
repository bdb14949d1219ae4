-- Indexes the benchmark suggests for the kit's migrations (see docs/performance.md). They are NOT part of
-- the kit: `node bench/run.js --proposed-indexes` adds them to the run's own database, after the kit's
-- migrations and before seeding, to measure what they would change. Valid on SQLite and PostgreSQL.

-- A case's timeline: WHERE entity_id IN (…) ORDER BY id (app/services/cases.ts caseTimeline). The only
-- index, (entity_type, entity_id), cannot serve a query without entity_type, so every case page reads the
-- whole audit table (about 16 rows per case).
create index audit_events_entity_id_index on audit_events (entity_id, id);

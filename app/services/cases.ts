import type { Knex } from 'knex';

export interface TimelineEntry {
  at: string;
  entityType: string;
  event: string;
  fromState: string | null;
  toState: string;
  actor: string;
  detail: Record<string, unknown> | null;
}

/** Every transition of the case, its application and its badge, oldest first. */
export async function caseTimeline(db: Knex, caseId: string, reference: string): Promise<TimelineEntry[]> {
  const related = await db('applications').where({ reference }).first('id');
  const badges = (await db('badges').where({ case_id: caseId }).select('id')) as Array<{ id: string }>;
  const ids = [caseId, ...(related ? [related.id as string] : []), ...badges.map((b) => b.id)];
  const rows = (await db('audit_events').whereIn('entity_id', ids).orderBy('id', 'asc')) as Array<
    Record<string, unknown>
  >;
  return rows.map((row) => ({
    at: String(row.at),
    entityType: String(row.entity_type),
    event: String(row.event),
    fromState: (row.from_state as string | null) ?? null,
    toState: String(row.to_state),
    actor:
      row.actor_type === 'citizen'
        ? 'Applicant'
        : row.actor_name
          ? String(row.actor_name)
          : String(row.actor_type),
    detail: row.detail ? (JSON.parse(String(row.detail)) as Record<string, unknown>) : null,
  }));
}

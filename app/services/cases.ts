import type { Knex } from 'knex';

export interface CaseListItem {
  reference: string;
  applicantName: string;
  state: string;
  eligibilityOutcome: string;
  eligibilityCode: string | null;
  fastTrack: boolean;
  submittedAt: string;
}

/** Cases for the council, fast-track first, then oldest first (the queue grows filters in a later issue). */
export async function listCases(db: Knex, councilId: string, limit = 100): Promise<CaseListItem[]> {
  const rows = (await db('cases')
    .where({ council_id: councilId })
    .orderBy([
      { column: 'fast_track', order: 'desc' },
      { column: 'submitted_at', order: 'asc' },
    ])
    .limit(limit)
    .select(
      'reference',
      'applicant_name',
      'state',
      'eligibility_outcome',
      'eligibility_code',
      'fast_track',
      'submitted_at',
    )) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    reference: String(row.reference),
    applicantName: String(row.applicant_name),
    state: String(row.state),
    eligibilityOutcome: String(row.eligibility_outcome),
    eligibilityCode: (row.eligibility_code as string | null) ?? null,
    fastTrack: Boolean(row.fast_track),
    submittedAt: String(row.submitted_at),
  }));
}

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

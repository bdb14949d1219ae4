import type { Knex } from 'knex';

export interface CaseView {
  staffName: string;
  staffUserId: string;
  viewedAt: string;
}

/** Records that `staff` opened the case. Awaited before the page is shown: no record, no personal data. */
export async function recordCaseView(
  db: Knex,
  caseId: string,
  staff: { id: string; name: string },
  now = new Date(),
): Promise<void> {
  await db('case_views').insert({
    case_id: caseId,
    staff_user_id: staff.id,
    staff_name: staff.name,
    viewed_at: now.toISOString(),
  });
}

/** The latest views of a case, newest first. */
export async function caseViews(db: Knex, caseId: string, limit = 500): Promise<CaseView[]> {
  const rows = (await db('case_views')
    .where({ case_id: caseId })
    .orderBy([
      { column: 'viewed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit)
    .select('staff_name', 'staff_user_id', 'viewed_at')) as Array<{
    staff_name: string;
    staff_user_id: string;
    viewed_at: string;
  }>;
  return rows.map((row) => ({
    staffName: row.staff_name,
    staffUserId: row.staff_user_id,
    viewedAt: row.viewed_at,
  }));
}

import type { Knex } from 'knex';
import type { StaffUser } from './staff';
// Open cases are the statechart's undecided states (app/services/queue.ts reads them from it).
import { OPEN_STATES } from './queue';

export const NOTE_MAX_LENGTH = 2000;

/**
 * A staff note on a case: kept with the case's audit trail (event NOTE), so the timeline shows notes and
 * transitions in one order. Notes are shown on staff pages only, never to the applicant.
 */
export async function addCaseNote(
  db: Knex,
  caseRow: CaseAuditTarget,
  author: StaffUser,
  text: string,
  at: string,
): Promise<void> {
  await addStaffAuditRow(db, caseRow, author, 'NOTE', { note: text }, at);
}

export interface CaseAuditTarget {
  id: string;
  workflow_id: string;
  workflow_version: number;
  state: string;
}

/**
 * An audit row for something an officer did to a case that is not a transition (a note, a subject access
 * export): the state stays as it is.
 */
export async function addStaffAuditRow(
  db: Knex,
  caseRow: CaseAuditTarget,
  staff: { id: string; name: string },
  event: string,
  detail: Record<string, unknown>,
  at: string,
): Promise<void> {
  await db('audit_events').insert({
    entity_type: 'case',
    entity_id: caseRow.id,
    workflow_id: caseRow.workflow_id,
    workflow_version: caseRow.workflow_version,
    event,
    from_state: caseRow.state,
    to_state: caseRow.state,
    actor_type: 'staff',
    actor_id: staff.id,
    actor_name: staff.name,
    detail: JSON.stringify(detail),
    at,
  });
}

export interface PossibleDuplicate {
  reference: string;
  applicantName: string;
  state: string;
  why: string;
  badgeNumber?: string;
}

/** At most this many are listed: enough to act on, and a page that stays small whatever the data. */
export const DUPLICATES_SHOWN = 50;

interface DuplicateSubject {
  id: string;
  council_id: string;
  applicant_name: string;
  applicant_date_of_birth: string | null;
  postcode: string | null;
  ni_number?: string | null;
}

/**
 * Other open cases, and live badges, that may be the same person (blue-badge-scheme.md §9: the national
 * service refuses a duplicate of a live badge): the same name and date of birth, the same date of birth
 * and postcode, or the same National Insurance number.
 */
export async function possibleDuplicates(
  db: Knex,
  caseRow: DuplicateSubject,
  today: string,
): Promise<PossibleDuplicate[]> {
  const query = possibleDuplicatesQuery(db, caseRow, today);
  if (!query) return [];
  const rows = (await query) as Array<Record<string, string | null>>;
  return rows.map((row) => ({
    reference: String(row.reference),
    applicantName: String(row.applicant_name),
    state: String(row.state),
    badgeNumber: row.badge_number ?? undefined,
    why:
      caseRow.ni_number && row.ni_number === caseRow.ni_number
        ? 'Same National Insurance number'
        : String(row.applicant_name).toLowerCase() === caseRow.applicant_name.toLowerCase()
          ? 'Same name and date of birth'
          : 'Same date of birth and postcode',
  }));
}

/**
 * The query behind possibleDuplicates, or undefined when the case has nothing to match on. `council_id = ?` is repeated inside each OR branch rather than put once
 * outside: only then can SQLite answer each branch from its own index (date of birth, NI number) and
 * union them (a MULTI-INDEX OR); with the council outside it walked every case of the council.
 */
function possibleDuplicatesQuery(db: Knex, caseRow: DuplicateSubject, today: string) {
  const dob = caseRow.applicant_date_of_birth;
  if (!dob && !caseRow.ni_number) return undefined;
  const council = caseRow.council_id;
  return db('cases as c')
    .leftJoin('badges as b', 'b.case_id', 'c.id')
    .where((match) => {
      if (dob) {
        match.orWhere((q) =>
          q
            .where('c.council_id', council)
            .andWhere('c.applicant_date_of_birth', dob)
            .andWhereRaw('lower(c.applicant_name) = lower(?)', [caseRow.applicant_name]),
        );
        if (caseRow.postcode)
          match.orWhere((q) =>
            q
              .where('c.council_id', council)
              .andWhere('c.applicant_date_of_birth', dob)
              .andWhere('c.postcode', caseRow.postcode),
          );
      }
      if (caseRow.ni_number)
        match.orWhere((q) => q.where('c.council_id', council).andWhere('c.ni_number', caseRow.ni_number));
    })
    .whereNot('c.id', caseRow.id)
    .where((live) =>
      live
        .whereIn('c.state', OPEN_STATES)
        .orWhere((badge) =>
          badge.whereIn('b.state', ['ordered', 'issued']).andWhere('b.expiry_date', '>=', today),
        ),
    )
    .orderBy([
      { column: 'c.submitted_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
    .limit(DUPLICATES_SHOWN)
    .select(
      'c.reference',
      'c.applicant_name',
      'c.state',
      'c.applicant_date_of_birth',
      'c.postcode',
      'c.ni_number',
      'b.badge_number',
    );
}

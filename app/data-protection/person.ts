import type { Knex } from 'knex';
import { subjectOfCases, type Subject } from './registry';

export interface PersonRecords {
  subject: Subject;
  /** The person's cases, oldest first: what the officer is shown before exporting or erasing. */
  cases: Array<{
    id: string;
    reference: string;
    state: string;
    closed_at: string | null;
    submitted_at: string;
  }>;
  badges: Array<{ badge_number: string; expiry_date: string; closed_at: string | null; case_id: string }>;
}

/**
 * Everything the council holds about the person a case is for: that case, and their other cases in the
 * council, matched exactly (the same National Insurance number, or the same name and date of birth, as
 * the duplicate check does), with the applications they came from and their badges. Drafts never sent
 * carry no name to match on; they are deleted 28 days after their last change anyway.
 */
export async function personOfCase(
  db: Knex | Knex.Transaction,
  reference: string,
): Promise<PersonRecords | undefined> {
  const found = (await db('cases').where({ reference }).first()) as Record<string, string | null> | undefined;
  if (!found) return undefined;
  const cases = (await db('cases')
    .where({ council_id: found.council_id })
    .where((same) => {
      same.where('id', found.id);
      if (found.ni_number) same.orWhere('ni_number', found.ni_number);
      if (found.applicant_date_of_birth)
        same.orWhere((q) =>
          q
            .where('applicant_date_of_birth', found.applicant_date_of_birth)
            .andWhereRaw('lower(applicant_name) = lower(?)', [found.applicant_name]),
        );
    })
    .orderBy([{ column: 'submitted_at' }, { column: 'id' }])
    .select('id', 'reference', 'state', 'closed_at', 'submitted_at')) as PersonRecords['cases'];
  const subject = await subjectOfCases(
    db,
    cases.map((row) => row.id),
  );
  const badges = (await db('badges')
    .whereIn('id', subject.badgeIds)
    .orderBy('expiry_date')
    .select('badge_number', 'expiry_date', 'closed_at', 'case_id')) as PersonRecords['badges'];
  return { subject, cases, badges };
}

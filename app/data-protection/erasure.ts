import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { maskPersonalData } from '../logging/personal-data';
import type { EvidenceStorage } from '../uploads/storage';
import { recordFigures } from '../jobs/retention';
import { deleteFiles, deleteSubjectRecords } from './delete-records';
import { personOfCase, type PersonRecords } from './person';

/** Why personal data is erased (UK GDPR Article 17(1)); recorded in the erasure log. */
export const ERASURE_GROUNDS = {
  request: 'The person asked for their data to be erased',
  'no-longer-needed': 'The council no longer needs the data',
  objection: 'The person objected and there is no overriding reason to keep it',
  unlawful: 'The data was processed unlawfully',
  'legal-obligation': 'A court, tribunal or the law requires it',
} as const;
export type ErasureGround = keyof typeof ERASURE_GROUNDS;
export const ERASURE_DETAILS_MAX = 500;

/**
 * Why the council must keep the data for now, in words for the officer. Erasure is refused while:
 * - a case is still open (not yet ended): decide it, or withdraw it, first;
 * - a badge has not expired and is still in force (its workflow has not ended, e.g. cancelled): the
 *   council must cancel it first, since enforcement officers check badges in use [S11, BBDS-BM] and the
 *   national record must match.
 * Facts used are generic (`closed_at`, expiry dates), never state names.
 */
export function erasureRefusals(person: PersonRecords, today: string): string[] {
  const refusals: string[] = [];
  for (const row of person.cases)
    if (!row.closed_at)
      refusals.push(`Case ${row.reference} is still open. Decide it or withdraw it before erasing.`);
  for (const badge of person.badges)
    if (!badge.closed_at && badge.expiry_date >= today)
      refusals.push(
        `Badge ${badge.badge_number} has not expired (it expires on ${badge.expiry_date}). The council must cancel it before erasing.`,
      );
  return refusals;
}

export interface ErasureRequest {
  reference: string;
  ground: ErasureGround;
  details: string;
  staff: { id: string; name: string };
  councilId: string;
  now: Date;
  today: string;
}

export type ErasureOutcome =
  | { ok: true; id: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'refused'; refusals: string[] };

/**
 * Erases a person's personal data on request: in one transaction, every row of theirs in the personal
 * data registry goes, anonymised counts are kept (`retention_figures`, record type `erased`), and the
 * erasure is logged without personal data (who, when, the ground, the references). Their evidence files
 * are deleted once it commits (and by a job should this process stop first).
 */
/**
 * The erasure log's row for one erasure, in its transaction: who, on what ground, and what went (by
 * reference and count, never the data itself). Returns its id.
 */
export async function logErasure(
  trx: Knex.Transaction,
  request: Pick<ErasureRequest, 'ground' | 'details' | 'staff' | 'councilId' | 'now'>,
  references: { applications: string[]; badges: string[]; comments?: string[] },
  counts: Record<string, number>,
): Promise<string> {
  const id = randomUUID();
  await trx('erasure_log').insert({
    id,
    council_id: request.councilId,
    erased_at: request.now.toISOString(),
    staff_user_id: request.staff.id,
    staff_name: request.staff.name,
    ground: request.ground,
    // Officers are asked not to write personal details here; anything that looks like them is masked.
    details: maskPersonalData(request.details),
    references: JSON.stringify(references),
    counts: JSON.stringify(counts),
  });
  return id;
}

export async function eraseSubject(
  db: Knex,
  storage: EvidenceStorage,
  request: ErasureRequest,
): Promise<ErasureOutcome> {
  const outcome = await db.transaction(async (trx): Promise<ErasureOutcome & { fileKeys?: string[] }> => {
    const person = await personOfCase(trx, request.reference);
    if (!person) return { ok: false, reason: 'not-found' };
    const refusals = erasureRefusals(person, request.today);
    if (refusals.length > 0) return { ok: false, reason: 'refused', refusals };
    const figures = (await trx('cases')
      .whereIn('id', person.subject.caseIds)
      .select('workflow_id', 'state', 'eligibility_code', 'closed_at')) as Array<{
      workflow_id: string;
      state: string;
      eligibility_code: string | null;
      closed_at: string | null;
    }>;
    const deleted = await deleteSubjectRecords(trx, person.subject, request.now);
    await recordFigures(
      trx,
      request.now,
      'erased',
      figures.map((row) => ({ ...row, closed_month: row.closed_at?.slice(0, 7) ?? null })),
    );
    const id = await logErasure(
      trx,
      request,
      {
        applications: person.subject.references,
        badges: person.badges.map((badge) => badge.badge_number),
      },
      { ...deleted.counts, files: deleted.fileKeys.length },
    );
    return { ok: true, id, fileKeys: deleted.fileKeys };
  });
  if (!outcome.ok) return outcome;
  await deleteFiles(storage, outcome.fileKeys ?? []);
  return { ok: true, id: outcome.id };
}

export interface ErasureLogEntry {
  id: string;
  erasedAt: string;
  staffName: string;
  ground: string;
  details: string;
  references: { applications: string[]; badges: string[]; comments?: string[] };
  counts: Record<string, number>;
}

export async function erasureLog(db: Knex, councilId: string, where: { id?: string } = {}, limit = 500) {
  const rows = (await db('erasure_log')
    .where({ council_id: councilId, ...where })
    .orderBy([
      { column: 'erased_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit)) as Array<Record<string, string>>;
  return rows.map((row): ErasureLogEntry => ({
    id: row.id,
    erasedAt: row.erased_at,
    staffName: row.staff_name,
    ground: ERASURE_GROUNDS[row.ground as ErasureGround] ?? row.ground,
    details: row.details,
    references: JSON.parse(row.references) as ErasureLogEntry['references'],
    counts: JSON.parse(row.counts) as Record<string, number>,
  }));
}

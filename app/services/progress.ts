import { createHash, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';

/** A reference as people type it (`bb 7k3m 9xq4`), in the form the service gives it (`BB-7K3M-9XQ4`). */
export function normaliseReference(value: string): string {
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return /^BB[A-Z0-9]{8}$/.test(compact) ? `BB-${compact.slice(2, 6)}-${compact.slice(6)}` : value.trim();
}

/** Postcodes compared without case or spaces: `sw1a1aa` is `SW1A 1AA`. */
const compactPostcode = (value: string) => value.toUpperCase().replace(/\s+/g, '');

/** Compares two strings in time that does not depend on where they differ. */
function same(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export interface ProgressFound {
  reference: string;
  state: string;
  submittedAt: string;
}

/**
 * The case matching all three details, or undefined for any mismatch. The same work is done whatever
 * is wrong — an unknown reference, a wrong date of birth, a wrong postcode — one query and both
 * comparisons, so neither the answer nor its timing says which detail was right.
 */
export async function findProgress(
  db: Knex,
  councilId: string,
  details: { reference: string; dateOfBirth: string; postcode: string },
): Promise<ProgressFound | undefined> {
  const row = (await db('cases')
    .where({ council_id: councilId, reference: normaliseReference(details.reference) })
    .first('reference', 'state', 'submitted_at', 'applicant_date_of_birth', 'postcode')) as
    | {
        reference: string;
        state: string;
        submitted_at: string;
        applicant_date_of_birth: string | null;
        postcode: string | null;
      }
    | undefined;
  // A case without a date of birth (an organisation's) can never match: '' is never a valid answer.
  const dateMatches = same(row?.applicant_date_of_birth ?? '', details.dateOfBirth);
  const postcodeMatches = same(compactPostcode(row?.postcode ?? ''), compactPostcode(details.postcode));
  if (!row || !dateMatches || !postcodeMatches || details.dateOfBirth === '') return undefined;
  return { reference: row.reference, state: row.state, submittedAt: row.submitted_at };
}

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

/**
 * An organisation's name compared as people type it: case, accents, punctuation and spacing aside
 * (`St John's  Care Home` is `st johns care home`).
 */
export function comparableName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What finds a case: its reference and postcode, with the person's date of birth or the organisation's name. */
export type ProgressDetails = { reference: string; postcode: string } & (
  { dateOfBirth: string } | { organisationName: string }
);

export interface ProgressFound {
  reference: string;
  state: string;
  submittedAt: string;
}

/**
 * The case matching all three details, or undefined for any mismatch. The same work is done whatever
 * is wrong — an unknown reference, a wrong date of birth or name, a wrong postcode — one query and the
 * same comparisons, so neither the answer nor its timing says which detail was right. A person's case is
 * found only by a date of birth, an organisation's (which has none) only by its name.
 */
export async function findProgress(
  db: Knex,
  councilId: string,
  details: ProgressDetails,
): Promise<ProgressFound | undefined> {
  const row = (await db('cases')
    .where({ council_id: councilId, reference: normaliseReference(details.reference) })
    .first(
      'reference',
      'state',
      'submitted_at',
      'applicant_name',
      'applicant_date_of_birth',
      'postcode',
      'party',
    )) as
    | {
        reference: string;
        state: string;
        submitted_at: string;
        applicant_name: string;
        applicant_date_of_birth: string | null;
        postcode: string | null;
        party: string;
      }
    | undefined;
  const byOrganisation = 'organisationName' in details;
  const expected = byOrganisation
    ? comparableName(row?.applicant_name ?? '')
    : (row?.applicant_date_of_birth ?? '');
  const given = byOrganisation ? comparableName(details.organisationName) : details.dateOfBirth;
  const identityMatches = same(expected, given);
  const postcodeMatches = same(compactPostcode(row?.postcode ?? ''), compactPostcode(details.postcode));
  const rightKind = row?.party === (byOrganisation ? 'ORG' : 'PERSON');
  // '' is never a valid answer: a case missing the detail asked for can never match.
  if (!row || !rightKind || !identityMatches || !postcodeMatches || given === '') return undefined;
  return { reference: row.reference, state: row.state, submittedAt: row.submitted_at };
}

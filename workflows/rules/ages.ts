/**
 * Which age-bound routes apply. Ages are judged on the assessment date. DISPUTED in the reference:
 * the regulations give the child criteria to a child "not more than 3" and the others to a person
 * "more than 2" [S1, S8], GOV.UK says "under 3" and "aged 3 or over" [S4]. The 2011 amendment's note
 * reads these as exact ages ("children between the ages of 2 and 3"), and so does the setting.
 */
import { birthday } from './dates';
import type { CouncilRuleSettings } from './settings';

type Reading = CouncilRuleSettings['childAgeReading'];

/** The child routes (CHILDBULK, CHILDVEHIC). A missing date of birth cannot show a young child. */
export function childRoutesApply(dateOfBirth: string | undefined, on: string, reading: Reading): boolean {
  if (dateOfBirth === undefined) return false;
  const third = birthday(dateOfBirth, 3);
  return reading === 'under-3' ? on < third : on <= third;
}

/** The other person routes. A missing date of birth does not show a young child, so they apply. */
export function personRoutesApply(dateOfBirth: string | undefined, on: string, reading: Reading): boolean {
  if (dateOfBirth === undefined) return true;
  return reading === 'under-3' ? on >= birthday(dateOfBirth, 3) : on > birthday(dateOfBirth, 2);
}

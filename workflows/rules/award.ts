/**
 * Benefit awards must be current when the council decides: an award that has ended does not qualify
 * [S1, BBDS-CIT]. ISO dates compare as strings.
 */

/** Current on `on`: indefinite (null), not given (undefined: taken on trust), or ending on or after `on`. */
export function isAwardCurrent(endDate: string | null | undefined, on: string): boolean {
  return endDate === undefined || endDate === null || endDate >= on;
}

/** The sentence a reason ends with, so the officer sees how the award limits the badge. */
export function awardSentence(endDate: string | null | undefined): string {
  if (endDate === null) return 'The award is indefinite.';
  if (endDate === undefined)
    return 'No award end date was given: check the award letter before setting the expiry date.';
  return `The award ends on ${endDate}, so the badge can last no longer than that.`;
}

import type { EligibilityRequest, EligibilityResult, Nation } from '../../../workflows/rules';

export const ASSESSED = '2025-06-02';
export const THREE_YEARS_ON = '2028-06-02';
export const ADULT_BIRTH_DATE = '1970-04-15';

type Facts = Omit<EligibilityRequest, 'nation' | 'applicant' | 'organisation'>;

/** A person assessed on ASSESSED, with the facts given. */
export function person(
  nation: Nation,
  facts: Facts = {},
  dateOfBirth = ADULT_BIRTH_DATE,
): EligibilityRequest {
  return { nation, assessmentDate: ASSESSED, applicant: { type: 'person', dateOfBirth }, ...facts };
}

export function organisation(nation: Nation, facts: EligibilityRequest['organisation']): EligibilityRequest {
  return { nation, assessmentDate: ASSESSED, applicant: { type: 'organisation' }, organisation: facts };
}

export const walking = (expectedDurationMonths: number): Facts => ({
  conditions: { walking: { veryConsiderableDifficulty: true, expectedDurationMonths } },
});

export const codes = (result: EligibilityResult) => result.routes.map((route) => route.code);

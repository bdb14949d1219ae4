import type { Answers } from '../forms/fields';
import type { EligibilityRequest, Nation, PipPoints } from '../rules/types';

/**
 * Turns the applicant's answers into the facts the eligibility rules judge. The rules themselves live
 * only in workflows/rules: the journey's guards, the officer's case page and the public API all call them.
 */
export function applicationFacts(
  answers: Record<string, Answers>,
  nation: Nation,
  assessmentDate?: string,
): EligibilityRequest {
  const facts: EligibilityRequest = {
    nation,
    applicant: { type: 'person' },
    benefits: {},
  };
  if (assessmentDate) facts.assessmentDate = assessmentDate;
  const dateOfBirth = answers.dateOfBirth?.dateOfBirth;
  if (dateOfBirth) facts.applicant.dateOfBirth = dateOfBirth;
  const movingAround = answers.pip?.movingAroundPoints;
  if (movingAround !== undefined && movingAround !== 'none') {
    facts.benefits = { pip: { movingAroundPoints: Number(movingAround) as PipPoints } };
  }
  return facts;
}

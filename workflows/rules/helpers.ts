/**
 * Small helpers for the citizen journey (which questions to ask, guards) and the officer's case page
 * (labels, summaries, checking an expiry date). All pure.
 */
import { childRoutesApply, personRoutesApply } from './ages';
import { RULES, ruleFor, type NationRule } from './definitions';
import { resolveRuleSettings, type CouncilRuleSettings } from './settings';
import type { EligibilityCode, EligibilityResult, Nation, Outcome } from './types';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  'eligible-automatic': 'Eligible without further assessment',
  'further-assessment': 'Eligible subject to further assessment',
  'not-eligible': 'Not eligible',
};

/** The codes open to this kind of applicant in a nation, in the order of docs/rules.md. */
export function routesAvailable(nation: Nation, applicantType: 'person' | 'organisation'): EligibilityCode[] {
  return RULES.filter((rule) => rule.nations[nation] !== undefined)
    .filter((rule) => (rule.applicant === 'organisation') === (applicantType === 'organisation'))
    .map((rule) => rule.code);
}

/** Whether a code is valid for a council in this nation; the national service refuses the others [BBDS-BM]. */
export function isCodeAvailableIn(code: EligibilityCode, nation: Nation): boolean {
  return ruleFor(code).nations[nation] !== undefined;
}

/** What a route needs in a nation, for the case page; undefined where the nation has no such route. */
export function routeSummary(code: EligibilityCode, nation: Nation): NationRule['summary'] | undefined {
  return ruleFor(code).nations[nation]?.summary;
}

export const isEligible = (result: EligibilityResult): boolean => result.outcome !== 'not-eligible';
export const isEligibleWithoutAssessment = (result: EligibilityResult): boolean =>
  result.outcome === 'eligible-automatic';
export const needsFurtherAssessment = (result: EligibilityResult): boolean =>
  result.outcome === 'further-assessment';

/** Whether to ask the young-child questions (CHILDBULK, CHILDVEHIC) of someone born on `dateOfBirth`. */
export function childQuestionsApply(
  dateOfBirth: string,
  onDate: string,
  settings?: Partial<CouncilRuleSettings>,
): boolean {
  return childRoutesApply(dateOfBirth, onDate, resolveRuleSettings(settings).childAgeReading);
}

/** Whether to ask the other person questions (benefits, walking, sight…) of someone born on `dateOfBirth`. */
export function personQuestionsApply(
  dateOfBirth: string,
  onDate: string,
  settings?: Partial<CouncilRuleSettings>,
): boolean {
  return personRoutesApply(dateOfBirth, onDate, resolveRuleSettings(settings).childAgeReading);
}

/** Whether an expiry date the decision maker chose is within the rules: from the start date to latestExpiryDate. */
export function isExpiryDateAllowed(
  expiryDate: string,
  startDate: string,
  result: EligibilityResult,
): boolean {
  return result.latestExpiryDate !== null && expiryDate >= startDate && expiryDate <= result.latestExpiryDate;
}

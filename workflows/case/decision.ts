import { addYears } from '../rules/dates';
import type { FieldError } from '../forms/fields';
import { assessEligibility, type CouncilRuleSettings } from '../rules';
import type { EligibilityRequest, EligibilityResult } from '../rules/types';

export interface ApprovalDetails {
  startDate: string;
  expiryDate: string;
}

/**
 * The longest badge the rules allow if it starts on `startDate`: 3 years at most, capped by the award
 * that qualifies and by any category limit (blue-badge-scheme.md §6, [S3, T2, T3, W2, O8]).
 * The rules are asked again with the start date as the assessment date, so an award that ends before
 * the badge would start is caught too.
 */
export function latestExpiryFor(
  facts: EligibilityRequest,
  startDate: string,
  settings?: Partial<CouncilRuleSettings>,
): string | null {
  return assessEligibility({ ...facts, assessmentDate: startDate }, { settings }).latestExpiryDate;
}

/** Why an approval cannot stand, field by field; empty when it can. Used by the guard and the form alike. */
export function approvalProblems(
  facts: EligibilityRequest,
  details: ApprovalDetails,
  today: string,
  settings?: Partial<CouncilRuleSettings>,
): FieldError[] {
  const problems: FieldError[] = [];
  if (details.startDate < today) {
    problems.push({
      field: 'startDate',
      href: '#startDate-day',
      text: 'Start date must be today or in the future',
    });
    return problems;
  }
  if (details.startDate > addYears(today, 1)) {
    problems.push({
      field: 'startDate',
      href: '#startDate-day',
      text: 'Start date must be within a year from today',
    });
    return problems;
  }
  const latest = latestExpiryFor(facts, details.startDate, settings);
  if (latest === null) {
    problems.push({
      field: 'startDate',
      href: '#startDate-day',
      text: 'The eligibility rules do not allow a badge from this start date: refuse the application or check the evidence',
    });
    return problems;
  }
  if (details.expiryDate <= details.startDate) {
    problems.push({
      field: 'expiryDate',
      href: '#expiryDate-day',
      text: 'Expiry date must be after the start date',
    });
  } else if (details.expiryDate > latest) {
    problems.push({
      field: 'expiryDate',
      href: '#expiryDate-day',
      text: `Expiry date must be on or before ${latest}, the latest the rules allow`,
    });
  }
  return problems;
}

/** The eligibility code a badge is ordered under: the best route the rules found. */
export function badgeEligibilityCode(result: EligibilityResult): string | null {
  const automatic = result.routes.find((route) => route.outcome === 'eligible-automatic');
  return (automatic ?? result.routes[0])?.code ?? null;
}

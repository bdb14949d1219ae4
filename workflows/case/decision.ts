import { addYears } from '../rules/dates';
import { formatDate, type FieldError } from '../forms/fields';
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

/** What an approval is checked against: the facts and settings, or the badge a replacement replaces. */
export interface ApprovalBasis {
  facts: EligibilityRequest;
  ruleSettings?: Partial<CouncilRuleSettings>;
  /** A replacement keeps the original badge's expiry date (blue-badge-scheme.md §8, [S3, BBDS-BM]). */
  replacement?: { expiryDate: string };
}

/** The latest expiry an approval starting on `startDate` may have, or null if none is allowed. */
export function latestExpiryForCase(basis: ApprovalBasis, startDate: string): string | null {
  if (basis.replacement)
    return basis.replacement.expiryDate > startDate ? basis.replacement.expiryDate : null;
  return latestExpiryFor(basis.facts, startDate, basis.ruleSettings);
}

/** Why an approval cannot stand, field by field; empty when it can. Used by the guard and the form alike. */
export function approvalProblems(
  basis: ApprovalBasis,
  details: ApprovalDetails,
  today: string,
): FieldError[] {
  const startProblem = (text: string): FieldError[] => [{ field: 'startDate', href: '#startDate-day', text }];
  const expiryProblem = (text: string): FieldError[] => [
    { field: 'expiryDate', href: '#expiryDate-day', text },
  ];
  if (details.startDate < today) return startProblem('Start date must be today or in the future');
  if (details.startDate > addYears(today, 1))
    return startProblem('Start date must be within a year from today');
  const latest = latestExpiryForCase(basis, details.startDate);
  if (latest === null) {
    return startProblem(
      basis.replacement
        ? 'The badge being replaced has expired by this start date: the holder must reapply'
        : 'The eligibility rules do not allow a badge from this start date: refuse the application or check the evidence',
    );
  }
  if (details.expiryDate <= details.startDate)
    return expiryProblem('Expiry date must be after the start date');
  if (details.expiryDate > latest) {
    return expiryProblem(`Expiry date must be on or before ${formatDate(latest)}, the latest allowed`);
  }
  return [];
}

/** The eligibility code a badge is ordered under: the best route the rules found. */
export function badgeEligibilityCode(result: EligibilityResult): string | null {
  const automatic = result.routes.find((route) => route.outcome === 'eligible-automatic');
  return (automatic ?? result.routes[0])?.code ?? null;
}

/**
 * The longest badge the rules allow if approved on the assessment date [S3, T2, W2, O8, BBDS-BM]:
 * at most 3 years, ending on the anniversary itself (the national service accepts an expiry up to
 * start + 3 years), no later than the qualifying award's end date, and within any category limit.
 */
import { addYears } from './dates';
import { MAX_BADGE_YEARS } from './definitions';

export interface ExpiryLimit {
  /** The qualifying award's end date; null (indefinite) or absent means no cap. */
  awardEndDate?: string | null;
  /** A category limit in years, such as Wales TEMP's 1 year [W2]. */
  maxBadgeYears?: number;
}

/** The latest expiry one route allows. */
export function routeExpiryLimit(assessmentDate: string, limit: ExpiryLimit): string {
  const byCategory = addYears(assessmentDate, limit.maxBadgeYears ?? MAX_BADGE_YEARS);
  const awardEnd = limit.awardEndDate;
  return typeof awardEnd === 'string' && awardEnd < byCategory ? awardEnd : byCategory;
}

/** The most generous of the routes' limits, or null when there is no route to approve on. */
export function latestExpiryDate(assessmentDate: string, limits: readonly ExpiryLimit[]): string | null {
  const dates = limits.map((limit) => routeExpiryLimit(assessmentDate, limit));
  return dates.length === 0 ? null : dates.reduce((latest, date) => (date > latest ? date : latest));
}

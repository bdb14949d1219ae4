import type { CouncilRuleSettings } from './settings';
import type { EligibilityRequest, Nation, RouteOutcome } from './types';

/** What every route evaluator sees: the known facts only, the date they are judged on, and the settings. */
export interface RuleContext {
  readonly nation: Nation;
  readonly assessmentDate: string;
  readonly facts: EligibilityRequest;
  readonly settings: CouncilRuleSettings;
}

/** A route the facts meet. */
export interface RouteMatch {
  /** Plain English: why the facts meet the route. */
  reason: string;
  /** The qualifying award's end date: null if indefinite; absent if no award is involved or none was given. */
  awardEndDate?: string | null;
  /** Overrides the definition's outcome where a council setting changes it. */
  outcome?: RouteOutcome;
  /** Fast-track this result even though the route itself is not always fast-tracked. */
  fastTrack?: true;
}

/** Decides one route for the context's nation; returns null when the facts do not meet it. */
export type RouteEvaluator = (context: RuleContext) => RouteMatch | null;

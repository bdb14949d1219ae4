/**
 * assessEligibility: the facts a council knows, through every route open in the applicant's nation.
 * Pure and synchronous (no I/O, no clock unless assessmentDate and options.today are both absent), so
 * a statechart guard can call it. It expects a request that passed validateEligibilityRequest; an
 * impossible date throws a RangeError.
 */
import { childRoutesApply, personRoutesApply } from './ages';
import type { RouteMatch, RuleContext } from './context';
import { todayInUk } from './dates';
import { RULES, type NationRule, type RuleDefinition } from './definitions';
import { latestExpiryDate, type ExpiryLimit } from './expiry';
import { pickKnownFacts } from './known-facts';
import { EVALUATORS } from './routes';
import { resolveRuleSettings, type CouncilRuleSettings } from './settings';
import { citeSources } from './sources';
import type { EligibilityRequest, EligibilityResult, Outcome, RouteResult } from './types';

export interface AssessOptions {
  /** The council's choices; anything not given takes DEFAULT_RULE_SETTINGS. */
  settings?: Partial<CouncilRuleSettings>;
  /** The date to judge on when the request has no assessmentDate (YYYY-MM-DD); defaults to today in the UK. */
  today?: string;
}

interface MetRoute {
  result: RouteResult;
  limit: ExpiryLimit;
  fastTrack: boolean;
}

/** Whether the rule is for this applicant at their age on the assessment date. */
function isForApplicant(rule: RuleDefinition, context: RuleContext): boolean {
  const applicant = context.facts.applicant;
  if (rule.applicant === 'organisation') return applicant?.type === 'organisation';
  if (applicant?.type !== 'person') return false;
  const { dateOfBirth } = applicant;
  const reading = context.settings.childAgeReading;
  if (rule.applicant === 'young-child') return childRoutesApply(dateOfBirth, context.assessmentDate, reading);
  if (rule.applicant === 'person') return personRoutesApply(dateOfBirth, context.assessmentDate, reading);
  return true;
}

function toMetRoute(rule: RuleDefinition, nationRule: NationRule, match: RouteMatch): MetRoute {
  return {
    result: {
      code: rule.code,
      outcome: match.outcome ?? nationRule.outcome,
      reason: match.reason,
      source: citeSources(nationRule.sources),
    },
    limit: {
      awardEndDate: nationRule.cappedByAward ? match.awardEndDate : undefined,
      maxBadgeYears: nationRule.maxBadgeYears,
    },
    fastTrack: nationRule.fastTrack === true || match.fastTrack === true,
  };
}

function meetRoute(rule: RuleDefinition, context: RuleContext): MetRoute[] {
  const nationRule = rule.nations[context.nation];
  if (!nationRule || !isForApplicant(rule, context)) return [];
  const match = EVALUATORS[rule.code](context);
  return match ? [toMetRoute(rule, nationRule, match)] : [];
}

/** Any automatic route wins, then any further-assessment route [BBDS-REF]. */
function bestOutcome(routes: readonly RouteResult[]): Outcome {
  if (routes.some((r) => r.outcome === 'eligible-automatic')) return 'eligible-automatic';
  if (routes.some((r) => r.outcome === 'further-assessment')) return 'further-assessment';
  return 'not-eligible';
}

export function assessEligibility(
  request: EligibilityRequest,
  options: AssessOptions = {},
): EligibilityResult {
  const facts = pickKnownFacts(request);
  const context: RuleContext = {
    nation: facts.nation,
    assessmentDate: facts.assessmentDate ?? options.today ?? todayInUk(),
    facts,
    settings: resolveRuleSettings(options.settings),
  };
  const met = RULES.flatMap((rule) => meetRoute(rule, context));
  const routes = met.map((m) => m.result);
  const outcome = bestOutcome(routes);
  // The badge is approved on the winning kind of route, so only those set its length.
  const winningLimits = met.filter((m) => m.result.outcome === outcome).map((m) => m.limit);
  return {
    outcome,
    nation: context.nation,
    routes,
    fastTrack: met.some((m) => m.fastTrack),
    latestExpiryDate: latestExpiryDate(context.assessmentDate, winningLimits),
  };
}

/**
 * The reference Blue Badge eligibility rules for England, Scotland and Wales: pure TypeScript, no
 * express. Rules and their sources: docs/rules.md (generated from definitions.ts). The API contract:
 * docs/schemas/. Conformance scenarios: docs/conformance/eligibility.json.
 */
export * from './types';
export { assessEligibility, type AssessOptions } from './assess';
export {
  validateEligibilityRequest,
  type EligibilityValidationResult,
  type ValidateOptions,
} from './validate';
export type { EligibilityFieldError } from './schema-errors';
export {
  DEFAULT_RULE_SETTINGS,
  RULE_SETTING_DOCS,
  resolveRuleSettings,
  type CouncilRuleSettings,
  type RuleSettingDoc,
} from './settings';
export {
  ENDURING_MONTHS,
  MAX_BADGE_YEARS,
  NOT_MODELLED,
  PRINCIPLES,
  RULES,
  TEMPORARY_MIN_MONTHS,
  ruleFor,
  type NationRule,
  type Principle,
  type RouteApplicant,
  type RuleDefinition,
} from './definitions';
export { SOURCES, citeSources, type Source, type SourceCode } from './sources';
export { loadEligibilitySchema, findPackageRoot, type JsonSchema } from './schema-files';
export { isRealDate, todayInUk } from './dates';
export {
  OUTCOME_LABELS,
  childQuestionsApply,
  isCodeAvailableIn,
  isEligible,
  isEligibleWithoutAssessment,
  isExpiryDateAllowed,
  needsFurtherAssessment,
  personQuestionsApply,
  routeSummary,
  routesAvailable,
} from './helpers';

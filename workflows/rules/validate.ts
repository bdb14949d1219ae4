/**
 * validateEligibilityRequest: the published request schema (docs/schemas/eligibility-request.schema.json,
 * JSON Schema 2020-12, checked with ajv and ajv-formats) plus the checks a schema cannot make.
 * Unknown fields, `__proto__` and `constructor` included, are rejected rather than dropped: a supplier
 * who misspells a field learns at once instead of getting a result that quietly ignored it.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { todayInUk } from './dates';
import { pickKnownFacts } from './known-facts';
import { PLANNING_DESCRIPTOR_POINTS } from './pip-scores';
import { describeSchemaErrors, type EligibilityFieldError } from './schema-errors';
import { loadEligibilitySchema } from './schema-files';
import type { EligibilityRequest } from './types';

export type EligibilityValidationResult =
  { ok: true; value: EligibilityRequest } | { ok: false; errors: EligibilityFieldError[] };

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // strictRequired is off because the schema's if/then names dateOfBirth, defined beside it.
    const ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    });
    addFormats(ajv, ['date']);
    compiled = ajv.compile(loadEligibilitySchema('request'));
  }
  return compiled;
}

const AWARDS = ['pip', 'adp', 'dla', 'cdp'] as const;
const SCORED_AWARDS = ['pip', 'adp'] as const;

/** Checks across fields, run once the shape is right. */
function semanticErrors(request: EligibilityRequest, today: string): EligibilityFieldError[] {
  const errors: EligibilityFieldError[] = [];
  const onDate = request.assessmentDate ?? today;
  let dateOfBirth = request.applicant.type === 'person' ? request.applicant.dateOfBirth : undefined;
  if (dateOfBirth !== undefined && dateOfBirth > onDate) {
    dateOfBirth = undefined; // wrong already, so not a yardstick for the award dates
    errors.push({
      pointer: '/applicant/dateOfBirth',
      detail:
        request.assessmentDate === undefined
          ? `dateOfBirth must not be in the future (today is ${today})`
          : `dateOfBirth must not be after the assessment date (${onDate})`,
    });
  }
  for (const award of AWARDS) {
    const end = request.benefits?.[award]?.awardEndDate;
    if (dateOfBirth !== undefined && typeof end === 'string' && end < dateOfBirth) {
      errors.push({
        pointer: `/benefits/${award}/awardEndDate`,
        detail: `awardEndDate must not be before the applicant's dateOfBirth (${dateOfBirth})`,
      });
    }
  }
  for (const award of SCORED_AWARDS) {
    const facts = request.benefits?.[award];
    const descriptor = facts?.planningJourneysDescriptor;
    if (descriptor === undefined || facts?.planningJourneysPoints === undefined) continue;
    const expected = PLANNING_DESCRIPTOR_POINTS[descriptor];
    if (facts.planningJourneysPoints !== expected) {
      errors.push({
        pointer: `/benefits/${award}/planningJourneysPoints`,
        detail: `planningJourneysPoints must be ${expected} for descriptor ${descriptor} (descriptors score a 0, b 4, c 8, d 10, e 10, f 12)`,
      });
    }
  }
  return errors;
}

export interface ValidateOptions {
  /** The date "the future" starts after when the request has no assessmentDate; defaults to today in the UK. */
  today?: string;
}

export function validateEligibilityRequest(
  body: unknown,
  options: ValidateOptions = {},
): EligibilityValidationResult {
  const validate = schemaValidator();
  if (!validate(body)) return { ok: false, errors: describeSchemaErrors(validate.errors ?? []) };
  const request = pickKnownFacts(body as EligibilityRequest);
  const errors = semanticErrors(request, options.today ?? todayInUk());
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: request };
}

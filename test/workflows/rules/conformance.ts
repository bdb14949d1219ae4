/** Loads docs/conformance/eligibility.json and compares a result with a scenario's expectations. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findPackageRoot,
  type EligibilityCode,
  type EligibilityRequest,
  type EligibilityResult,
  type Nation,
  type Outcome,
  type RouteOutcome,
} from '../../../workflows/rules';

export interface Scenario {
  id: string;
  description: string;
  nation: Nation;
  rule: EligibilityCode;
  source: string;
  request: EligibilityRequest;
  expected: {
    outcome: Outcome;
    routes: (EligibilityCode | { code: EligibilityCode; outcome: RouteOutcome })[];
    latestExpiryDate: string | null;
    fastTrack: boolean;
  };
}

export interface ConformanceFile {
  title: string;
  description: string;
  howToRun: string[];
  scenarios: Scenario[];
}

export const CONFORMANCE_PATH = join(findPackageRoot(__dirname), 'docs/conformance/eligibility.json');

export function loadConformance(): ConformanceFile {
  return JSON.parse(readFileSync(CONFORMANCE_PATH, 'utf8')) as ConformanceFile;
}

/** The parts of a result a scenario checks, in a form whose diff reads well when a test fails. */
function comparable(result: EligibilityResult, scenario: Scenario) {
  const checkedOutcomes = scenario.expected.routes.flatMap((r) => (typeof r === 'string' ? [] : [r.code]));
  return {
    outcome: result.outcome,
    latestExpiryDate: result.latestExpiryDate,
    fastTrack: result.fastTrack,
    codes: result.routes.map((r) => r.code).sort(),
    routeOutcomes: Object.fromEntries(
      result.routes.filter((r) => checkedOutcomes.includes(r.code)).map((r) => [r.code, r.outcome]),
    ),
  };
}

export function expectedComparable(scenario: Scenario) {
  const { expected } = scenario;
  return {
    outcome: expected.outcome,
    latestExpiryDate: expected.latestExpiryDate,
    fastTrack: expected.fastTrack,
    codes: expected.routes.map((r) => (typeof r === 'string' ? r : r.code)).sort(),
    routeOutcomes: Object.fromEntries(
      expected.routes.flatMap((r) => (typeof r === 'string' ? [] : [[r.code, r.outcome]])),
    ),
  };
}

export function expectToMatchScenario(result: EligibilityResult, scenario: Scenario): void {
  expect(comparable(result, scenario)).toEqual(expectedComparable(scenario));
}

import {
  RULES,
  SOURCES,
  assessEligibility,
  loadEligibilitySchema,
  validateEligibilityRequest,
  type Nation,
} from '../../../workflows/rules';
import { expectToMatchScenario, loadConformance } from './conformance';
import { compileSchema } from './schema-check';

const conformance = loadConformance();
const { scenarios } = conformance;
const validResponse = compileSchema(loadEligibilitySchema('response'));

describe('docs/conformance/eligibility.json', () => {
  it('explains how to run it and holds at least 60 scenarios with unique ids', () => {
    expect(conformance.howToRun.length).toBeGreaterThan(0);
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it('covers every nation, every rule code, and each outcome in each nation', () => {
    for (const nation of ['england', 'scotland', 'wales'] as Nation[]) {
      const outcomes = new Set(scenarios.filter((s) => s.nation === nation).map((s) => s.expected.outcome));
      expect([...outcomes].sort()).toEqual(['eligible-automatic', 'further-assessment', 'not-eligible']);
    }
    const tested = new Set(scenarios.map((s) => s.rule));
    expect(RULES.map((rule) => rule.code).filter((code) => !tested.has(code))).toEqual([]);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))(
    '%s: is well formed and cites known sources',
    (_id, scenario) => {
      expect(scenario.request.nation).toBe(scenario.nation);
      expect(scenario.request.assessmentDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(scenario.description.length).toBeGreaterThan(10);
      for (const code of scenario.source.split(/,\s*/)) expect(Object.keys(SOURCES)).toContain(code);
    },
  );
});

describe.each(scenarios.map((s) => [s.id, s] as const))('conformance %s', (_id, scenario) => {
  it('is a valid request', () => {
    expect(validateEligibilityRequest(scenario.request)).toEqual({ ok: true, value: scenario.request });
  });

  it('gives the expected result, which matches the response schema', () => {
    const result = assessEligibility(scenario.request);
    expectToMatchScenario(result, scenario);
    const valid = validResponse(result);
    expect(validResponse.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

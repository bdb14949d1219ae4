import {
  NOT_MODELLED,
  PRINCIPLES,
  RULES,
  RULE_SETTING_DOCS,
  SOURCES,
  loadEligibilitySchema,
  type EligibilityCode,
  type JsonSchema,
  type Nation,
} from '../../../workflows/rules';
import { REQUEST_SHAPE } from '../../../workflows/rules/known-facts';
import { EVALUATORS } from '../../../workflows/rules/routes';

const nationsOf = (code: EligibilityCode) =>
  Object.keys(RULES.find((rule) => rule.code === code)?.nations ?? {}).sort() as Nation[];

describe('RULES', () => {
  it('has one definition and one evaluator per code', () => {
    const codes = RULES.map((rule) => rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(EVALUATORS).sort()).toEqual([...codes].sort());
  });

  it('uses exactly the codes the response schema allows', () => {
    const schema = loadEligibilitySchema('response') as {
      properties: { routes: { items: { properties: { code: { enum: string[] } } } } };
    };
    expect([...schema.properties.routes.items.properties.code.enum].sort()).toEqual(
      RULES.map((r) => r.code).sort(),
    );
  });

  it.each([
    ['HIDDEN', ['england']],
    ['ADP', ['scotland']],
    ['CDP', ['scotland']],
    ['TRAF_RISK', ['scotland']],
    ['COGNITIVE', ['wales']],
    ['TEMP', ['scotland', 'wales']],
    ['PIP', ['england', 'scotland', 'wales']],
    ['ORG', ['england', 'scotland', 'wales']],
  ] as const)('opens %s in %j only', (code, nations) => {
    expect(nationsOf(code)).toEqual(nations);
  });

  it('cites at least one source for every route in every nation', () => {
    for (const rule of RULES) {
      for (const [nation, nationRule] of Object.entries(rule.nations)) {
        expect({ code: rule.code, nation, cited: nationRule.sources.length > 0 }).toEqual({
          code: rule.code,
          nation,
          cited: true,
        });
      }
    }
  });

  it('cites every listed source somewhere', () => {
    const cited = new Set([
      ...RULES.flatMap((rule) => Object.values(rule.nations).flatMap((n) => n.sources)),
      ...[...PRINCIPLES, ...NOT_MODELLED].flatMap((p) => p.sources),
      ...RULE_SETTING_DOCS.flatMap((doc) => doc.sources),
    ]);
    expect(Object.keys(SOURCES).filter((code) => !cited.has(code as keyof typeof SOURCES))).toEqual([]);
  });

  it('keeps organisations to further assessment and TEMP in Wales to 1 year', () => {
    const org = RULES.find((rule) => rule.code === 'ORG');
    expect(Object.values(org?.nations ?? {}).map((n) => n.outcome)).toEqual(
      Array(3).fill('further-assessment'),
    );
    expect(RULES.find((rule) => rule.code === 'TEMP')?.nations.wales?.maxBadgeYears).toBe(1);
    expect(RULES.find((rule) => rule.code === 'TEMP')?.nations.scotland?.maxBadgeYears).toBeUndefined();
  });
});

describe('the known-facts shape', () => {
  type Node = true | { [key: string]: Node };
  /** The request schema's property tree, in REQUEST_SHAPE's form. */
  function schemaShape(schema: JsonSchema): Node {
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (schema.type !== 'object' || !properties) return true;
    return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, schemaShape(value)]));
  }

  it('lists exactly the fields of the published request schema', () => {
    expect(REQUEST_SHAPE).toEqual(schemaShape(loadEligibilitySchema('request')));
  });
});

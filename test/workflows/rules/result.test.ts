import { RULES, assessEligibility, type EligibilityRequest } from '../../../workflows/rules';
import { ASSESSED, THREE_YEARS_ON, codes, person, walking } from './builders';

describe('the overall outcome', () => {
  it('is automatic when any route is automatic, even with further-assessment routes', () => {
    const result = assessEligibility(
      person('england', { sightImpairment: 'severely-sight-impaired', ...walking(40) }),
    );
    expect(result.outcome).toBe('eligible-automatic');
    expect(result.routes.map((r) => [r.code, r.outcome])).toEqual([
      ['BLIND', 'eligible-automatic'],
      ['WALKD', 'further-assessment'],
    ]);
  });

  it('is not eligible with no routes, and then has no expiry date', () => {
    expect(assessEligibility(person('scotland'))).toEqual({
      outcome: 'not-eligible',
      nation: 'scotland',
      routes: [],
      fastTrack: false,
      latestExpiryDate: null,
    });
  });

  it('lists routes in the order of the rule definitions', () => {
    const everything = person('england', {
      benefits: {
        pip: { movingAroundPoints: 8 },
        dla: { mobilityRate: 'higher' },
        wpms: { receiving: true },
      },
      sightImpairment: 'severely-sight-impaired',
      conditions: {
        walking: { veryConsiderableDifficulty: true, expectedDurationMonths: 40 },
        terminalIllness: { specialRules: true },
      },
    });
    const order = RULES.map((rule) => rule.code);
    const listed = codes(assessEligibility(everything));
    expect(listed).toEqual(['PIP', 'DLA', 'WPMS', 'BLIND', 'WALKD', 'TERMILL']);
    expect([...listed].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(listed);
  });
});

describe('latestExpiryDate', () => {
  const pip = (awardEndDate: string | null) => ({ pip: { movingAroundPoints: 8 as const, awardEndDate } });

  it('is the 3rd anniversary of the assessment date for an uncapped route', () => {
    expect(
      assessEligibility(person('england', { benefits: { wpms: { receiving: true } } })).latestExpiryDate,
    ).toBe(THREE_YEARS_ON);
  });

  it('is capped by the award end date, but never beyond 3 years', () => {
    expect(assessEligibility(person('england', { benefits: pip('2026-02-01') })).latestExpiryDate).toBe(
      '2026-02-01',
    );
    expect(assessEligibility(person('england', { benefits: pip('2028-06-03') })).latestExpiryDate).toBe(
      THREE_YEARS_ON,
    );
    expect(assessEligibility(person('england', { benefits: pip(null) })).latestExpiryDate).toBe(
      THREE_YEARS_ON,
    );
  });

  it('takes the most generous automatic route', () => {
    const result = assessEligibility(
      person('england', {
        benefits: { ...pip('2026-02-01'), dla: { mobilityRate: 'higher', awardEndDate: '2027-03-31' } },
      }),
    );
    expect(result.latestExpiryDate).toBe('2027-03-31');
  });

  it('ignores further-assessment routes when an automatic route wins', () => {
    const result = assessEligibility(person('wales', { benefits: pip('2026-02-01'), ...walking(40) }));
    expect(result.latestExpiryDate).toBe('2026-02-01');
  });

  it('goes to 28 February three years after 29 February', () => {
    const leap = {
      ...person('england', { benefits: { wpms: { receiving: true } } }),
      assessmentDate: '2024-02-29',
    };
    expect(assessEligibility(leap).latestExpiryDate).toBe('2027-02-28');
  });
});

describe('the assessment date', () => {
  const request = (): EligibilityRequest => {
    const { assessmentDate: _unused, ...rest } = person('england', {
      benefits: { pip: { movingAroundPoints: 8, awardEndDate: '2025-06-10' } },
    });
    return rest;
  };

  it('defaults to options.today when the request has none', () => {
    expect(assessEligibility(request(), { today: '2025-06-10' }).latestExpiryDate).toBe('2025-06-10');
    expect(assessEligibility(request(), { today: '2025-06-11' }).outcome).toBe('not-eligible');
  });

  it('wins over options.today when given', () => {
    expect(
      assessEligibility({ ...request(), assessmentDate: ASSESSED }, { today: '2030-01-01' }).outcome,
    ).toBe('eligible-automatic');
  });
});

describe('facts outside the contract never change a result', () => {
  const baseline = assessEligibility(person('england'));

  it('ignores a JSON "__proto__" key, at the top or nested', () => {
    const parsed = JSON.parse(
      `{"nation":"england","assessmentDate":"${ASSESSED}","applicant":{"type":"person","dateOfBirth":"1970-04-15"},` +
        '"__proto__":{"sightImpairment":"severely-sight-impaired"},' +
        '"benefits":{"__proto__":{"wpms":{"receiving":true}}}}',
    ) as EligibilityRequest;
    expect(assessEligibility(parsed)).toEqual(baseline);
    expect(({} as Record<string, unknown>).wpms).toBeUndefined();
  });

  it('ignores inherited properties', () => {
    const benefits = Object.create({ wpms: { receiving: true } }) as EligibilityRequest['benefits'];
    expect(assessEligibility({ ...person('england'), benefits })).toEqual(baseline);
  });

  it('ignores unknown keys such as constructor', () => {
    const extra = { ...person('england'), constructor: { name: 'x' }, outcome: 'eligible-automatic' };
    expect(assessEligibility(extra as EligibilityRequest)).toEqual(baseline);
  });
});

describe('a person without a date of birth (an unvalidated call)', () => {
  const noBirthDate = (facts: Partial<EligibilityRequest>): EligibilityRequest => ({
    nation: 'england',
    assessmentDate: ASSESSED,
    applicant: { type: 'person' },
    ...facts,
  });

  it('is not shown to be a young child', () => {
    const result = assessEligibility(noBirthDate({ conditions: { child: { bulkyMedicalEquipment: true } } }));
    expect(result.outcome).toBe('not-eligible');
  });

  it('can still meet the other person routes', () => {
    expect(codes(assessEligibility(noBirthDate({ sightImpairment: 'severely-sight-impaired' })))).toEqual([
      'BLIND',
    ]);
  });
});

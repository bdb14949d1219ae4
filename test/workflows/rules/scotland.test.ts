import { assessEligibility } from '../../../workflows/rules';
import { THREE_YEARS_ON, codes, organisation, person, walking } from './builders';

const assess = (request: Parameters<typeof assessEligibility>[0]) => assessEligibility(request);

describe('Scotland: PIP and ADP [T1, T2, T10, T12]', () => {
  it.each([
    [{ movingAroundPoints: 8 }, true],
    [{ movingAroundPoints: 4 }, false],
    [{ planningJourneysPoints: 12 }, true],
    [{ planningJourneysDescriptor: 'f' }, true],
    [{ planningJourneysPoints: 10, planningJourneysDescriptor: 'e' }, false],
    [{ planningJourneysDescriptor: 'd' }, false],
  ] as const)('PIP %j qualifies: %s', (scores, qualifies) => {
    expect(
      codes(assess(person('scotland', { benefits: { pip: { ...scores, awardEndDate: null } } }))),
    ).toEqual(qualifies ? ['PIP'] : []);
  });

  it.each([
    [{ movingAroundPoints: 8 }, true],
    [{ planningJourneysPoints: 12 }, true],
    [{ planningJourneysPoints: 10, planningJourneysDescriptor: 'e' }, false],
    [{ enhancedMobilitySpecialRules: true }, true],
    [{ enhancedMobilitySpecialRules: false, movingAroundPoints: 4 }, false],
  ] as const)('ADP %j qualifies: %s', (facts, qualifies) => {
    expect(
      codes(assess(person('scotland', { benefits: { adp: { ...facts, awardEndDate: null } } }))),
    ).toEqual(qualifies ? ['ADP'] : []);
  });

  it('fast-tracks ADP under the special rules only', () => {
    const special = assess(person('scotland', { benefits: { adp: { enhancedMobilitySpecialRules: true } } }));
    expect(special).toMatchObject({ outcome: 'eligible-automatic', fastTrack: true });
    expect(special.routes[0].reason).toContain('special rules');
    const scored = assess(person('scotland', { benefits: { adp: { movingAroundPoints: 10 } } }));
    expect(scored.fastTrack).toBe(false);
  });

  it('does not take an ADP award that has ended', () => {
    const ended = assess(
      person('scotland', { benefits: { adp: { movingAroundPoints: 12, awardEndDate: '2025-06-01' } } }),
    );
    expect(ended.outcome).toBe('not-eligible');
  });
});

describe('Scotland: DLA, CDP, sight [T1, T10, T11, T13]', () => {
  it('takes higher rate DLA and CDP mobility, not lower', () => {
    expect(codes(assess(person('scotland', { benefits: { dla: { mobilityRate: 'higher' } } })))).toEqual([
      'DLA',
    ]);
    expect(
      codes(assess(person('scotland', { benefits: { cdp: { mobilityRate: 'higher' } } }, '2016-01-01'))),
    ).toEqual(['CDP']);
    expect(
      codes(assess(person('scotland', { benefits: { cdp: { mobilityRate: 'lower' } } }, '2016-01-01'))),
    ).toEqual([]);
  });

  it('no longer takes partially sighted people', () => {
    expect(codes(assess(person('scotland', { sightImpairment: 'sight-impaired' })))).toEqual([]);
    expect(assess(person('scotland', { sightImpairment: 'severely-sight-impaired' })).routes[0].reason).toBe(
      'Registered blind (severely sight impaired).',
    );
  });
});

describe('Scotland: walking, TEMP and traffic risk [T9, T15, T4]', () => {
  it.each([
    [11, []],
    [12, ['TEMP']],
    [35, ['TEMP']],
    [36, ['WALKD']],
  ])('a walking difficulty of %i months meets %j', (months, expected) => {
    expect(codes(assess(person('scotland', walking(months))))).toEqual(expected);
  });

  it('gives a Scottish TEMP badge the general 3-year limit', () => {
    expect(assess(person('scotland', walking(12))).latestExpiryDate).toBe(THREE_YEARS_ON);
  });

  it('names the independent mobility assessor', () => {
    expect(assess(person('scotland', walking(40))).routes[0].reason).toContain(
      'independent mobility assessor',
    );
  });

  it('takes no awareness of traffic danger as further assessment', () => {
    const result = assess(
      person('scotland', { conditions: { trafficRisk: { noAwarenessOfTrafficDanger: true } } }),
    );
    expect(result.routes).toEqual([
      expect.objectContaining({ code: 'TRAF_RISK', outcome: 'further-assessment' }),
    ]);
  });

  it.each([
    [
      'HIDDEN',
      {
        conditions: {
          nonVisible: { veryConsiderablePsychologicalDistress: true, expectedDurationMonths: 60 },
        },
      },
    ],
    ['COGNITIVE', { conditions: { cognitive: { needsSupervisionOnJourneys: true } } }],
    [
      'AFCS tariff 6 mental disorder',
      { benefits: { afcs: { tariffLevel: 6, permanentMentalDisorder: true } } },
    ],
  ])('%s is not a route', (_name, facts) => {
    expect(assess(person('scotland', facts)).outcome).toBe('not-eligible');
  });
});

describe('Scotland: organisations must care for and transport disabled people [T14]', () => {
  it.each([
    [{ caresForDisabledPeople: true, transportsDisabledPeople: true }, ['ORG']],
    [{ caresForDisabledPeople: true, transportsDisabledPeople: false }, []],
    [{ caresForDisabledPeople: false, transportsDisabledPeople: true }, []],
  ])('%j meets %j', (facts, expected) => {
    expect(codes(assess(organisation('scotland', facts)))).toEqual(expected);
  });
});

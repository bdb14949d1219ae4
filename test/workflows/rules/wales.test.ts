import { assessEligibility } from '../../../workflows/rules';
import { ASSESSED, THREE_YEARS_ON, codes, organisation, person, walking } from './builders';

const assess = (request: Parameters<typeof assessEligibility>[0]) => assessEligibility(request);
const ONE_YEAR_ON = '2026-06-02';

describe('Wales: PIP [W1]', () => {
  it.each([
    [{ movingAroundPoints: 8 }, true],
    [{ planningJourneysPoints: 12 }, true],
    [{ planningJourneysDescriptor: 'e' }, false],
    [{ planningJourneysPoints: 10 }, false],
  ] as const)('%j qualifies: %s', (scores, qualifies) => {
    expect(codes(assess(person('wales', { benefits: { pip: scores } })))).toEqual(qualifies ? ['PIP'] : []);
  });
});

describe('Wales: AFCS, including tariff 6 for a permanent mental disorder [W12, BBDS-CIT]', () => {
  it.each([
    [6, true, false, true],
    [6, false, false, false],
    [5, true, false, false],
    [7, true, false, false],
    [8, false, true, true],
    [9, true, true, false],
  ])(
    'tariff %i, mental disorder %s, certificate %s qualifies: %s',
    (tariffLevel, mental, certificate, qualifies) => {
      const afcs = {
        tariffLevel,
        permanentMentalDisorder: mental,
        permanentSubstantialDisabilityCertificate: certificate,
      };
      expect(codes(assess(person('wales', { benefits: { afcs } })))).toEqual(qualifies ? ['AFRFCS'] : []);
    },
  );

  it('explains the Welsh rule in the reason', () => {
    const [route] = assess(
      person('wales', { benefits: { afcs: { tariffLevel: 6, permanentMentalDisorder: true } } }),
    ).routes;
    expect(route.reason).toContain('qualifies in Wales without a walking certificate');
    expect(route.source).toContain('W12');
  });
});

describe('Wales: walking and TEMP [W2, W9, W10]', () => {
  it.each([
    [11, [], null],
    [12, ['TEMP'], ONE_YEAR_ON],
    [35, ['TEMP'], ONE_YEAR_ON],
    [36, ['WALKD'], THREE_YEARS_ON],
  ])('a walking difficulty of %i months meets %j, badge until %s', (months, expected, expiry) => {
    const result = assess(person('wales', walking(months)));
    expect(codes(result)).toEqual(expected);
    expect(result.latestExpiryDate).toBe(expiry);
  });

  it('names the Independent Advisory Service', () => {
    expect(assess(person('wales', walking(36))).routes[0].reason).toContain('Independent Advisory Service');
  });
});

describe('Wales: cognitive impairment, sight, organisations [W4, W1, S10]', () => {
  it('takes a cognitive impairment needing supervision as further assessment', () => {
    const result = assess(
      person('wales', { conditions: { cognitive: { needsSupervisionOnJourneys: true } } }),
    );
    expect(result).toMatchObject({ outcome: 'further-assessment', latestExpiryDate: THREE_YEARS_ON });
    expect(codes(result)).toEqual(['COGNITIVE']);
  });

  it('takes COGNITIVE from any age over the child limit, not only working age', () => {
    const pensioner = person(
      'wales',
      { conditions: { cognitive: { needsSupervisionOnJourneys: true } } },
      '1940-01-01',
    );
    expect(codes(assess(pensioner))).toEqual(['COGNITIVE']);
  });

  it('does not take partially sighted people', () => {
    expect(assess(person('wales', { sightImpairment: 'sight-impaired' })).outcome).toBe('not-eligible');
  });

  it('needs an organisation to care for disabled people, not to transport them', () => {
    expect(codes(assess(organisation('wales', { caresForDisabledPeople: true })))).toEqual(['ORG']);
    expect(codes(assess(organisation('wales', { transportsDisabledPeople: true })))).toEqual([]);
  });

  it.each([
    ['HIDDEN', { conditions: { nonVisible: { riskOfSeriousHarm: true, expectedDurationMonths: 60 } } }],
    ['TRAF_RISK', { conditions: { trafficRisk: { noAwarenessOfTrafficDanger: true } } }],
    ['ADP', { benefits: { adp: { movingAroundPoints: 12 as const } } }],
    ['CDP', { benefits: { cdp: { mobilityRate: 'higher' as const } } }],
  ])('%s is not a route', (_name, facts) => {
    expect(assess(person('wales', facts)).outcome).toBe('not-eligible');
  });

  it('judges the award on the assessment date', () => {
    expect(
      codes(
        assess(person('wales', { benefits: { dla: { mobilityRate: 'higher', awardEndDate: ASSESSED } } })),
      ),
    ).toEqual(['DLA']);
  });
});

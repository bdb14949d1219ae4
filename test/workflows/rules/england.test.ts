import { assessEligibility } from '../../../workflows/rules';
import { ASSESSED, THREE_YEARS_ON, codes, organisation, person, walking } from './builders';

const assess = (request: Parameters<typeof assessEligibility>[0]) => assessEligibility(request);

describe('England: PIP [S2, S4, O11]', () => {
  it.each([
    [0, false],
    [4, false],
    [8, true],
    [10, true],
    [12, true],
  ] as const)('moving around %i points qualifies: %s', (points, qualifies) => {
    const result = assess(
      person('england', { benefits: { pip: { movingAroundPoints: points, awardEndDate: null } } }),
    );
    expect(codes(result)).toEqual(qualifies ? ['PIP'] : []);
  });

  it('qualifies on planning descriptor E, even without the points', () => {
    const result = assess(person('england', { benefits: { pip: { planningJourneysDescriptor: 'e' } } }));
    expect(result.routes[0]).toMatchObject({ code: 'PIP', outcome: 'eligible-automatic' });
    expect(result.routes[0].reason).toContain('descriptor E');
  });

  it.each(['a', 'b', 'c', 'd', 'f'] as const)('does not qualify on planning descriptor %s', (descriptor) => {
    const result = assess(
      person('england', { benefits: { pip: { planningJourneysDescriptor: descriptor } } }),
    );
    expect(result.outcome).toBe('not-eligible');
  });

  it('names both grounds when moving around and descriptor E both qualify', () => {
    const result = assess(
      person('england', {
        benefits: { pip: { movingAroundPoints: 12, planningJourneysDescriptor: 'e', awardEndDate: null } },
      }),
    );
    expect(result.routes[0].reason).toMatch(/12 points for moving around .* and 10 points for planning/);
  });

  it('cites the England sources by code and address', () => {
    const [route] = assess(person('england', { benefits: { pip: { movingAroundPoints: 8 } } })).routes;
    expect(route.source).toContain('S2 legislation.gov.uk/uksi/2019/891');
    expect(route.source).toContain('BBDS-CIT github.com/uk-gov-dft/bluebadge-citizen-webapp');
  });

  it('says in the reason how the award limits the badge', () => {
    const reasonFor = (awardEndDate: string | null | undefined) =>
      assess(person('england', { benefits: { pip: { movingAroundPoints: 8, awardEndDate } } })).routes[0]
        .reason;
    expect(reasonFor('2027-01-31')).toContain('ends on 2027-01-31');
    expect(reasonFor(null)).toContain('indefinite');
    expect(reasonFor(undefined)).toContain('check the award letter');
  });
});

describe('England: DLA, WPMS, AFCS and sight [S1, S8, O3, O15]', () => {
  it('takes higher rate DLA mobility only while the award is current', () => {
    const dla = (awardEndDate: string) =>
      codes(assess(person('england', { benefits: { dla: { mobilityRate: 'higher', awardEndDate } } })));
    expect(dla(ASSESSED)).toEqual(['DLA']);
    expect(dla('2025-06-01')).toEqual([]);
  });

  it('needs the WPMS to be received, not just mentioned', () => {
    expect(codes(assess(person('england', { benefits: { wpms: { receiving: true } } })))).toEqual(['WPMS']);
    expect(codes(assess(person('england', { benefits: { wpms: {} } })))).toEqual([]);
  });

  it.each([
    [1, true, true],
    [8, true, true],
    [9, true, false],
    [8, false, false],
    [6, false, false],
  ])('AFCS tariff %i with certificate %s qualifies: %s', (tariffLevel, certificate, qualifies) => {
    const result = assess(
      person('england', {
        benefits: {
          afcs: {
            tariffLevel,
            permanentSubstantialDisabilityCertificate: certificate,
            permanentMentalDisorder: true,
          },
        },
      }),
    );
    expect(codes(result)).toEqual(qualifies ? ['AFRFCS'] : []);
  });

  it('takes severely sight impaired, not sight impaired', () => {
    expect(codes(assess(person('england', { sightImpairment: 'severely-sight-impaired' })))).toEqual([
      'BLIND',
    ]);
    expect(codes(assess(person('england', { sightImpairment: 'sight-impaired' })))).toEqual([]);
  });
});

describe('England: walking and hidden disabilities need 36 months [S2, O3]', () => {
  it.each([
    [35, []],
    [36, ['WALKD']],
    [1200, ['WALKD']],
  ])('walking difficulty for %i months meets %j (England has no TEMP)', (months, expected) => {
    expect(codes(assess(person('england', walking(months))))).toEqual(expected);
  });

  it('needs very considerable difficulty as well as the duration', () => {
    const result = assess(
      person('england', {
        conditions: { walking: { veryConsiderableDifficulty: false, expectedDurationMonths: 60 } },
      }),
    );
    expect(result.outcome).toBe('not-eligible');
  });

  it('does not meet WALKD when the duration is unknown', () => {
    const result = assess(
      person('england', { conditions: { walking: { veryConsiderableDifficulty: true } } }),
    );
    expect(result.outcome).toBe('not-eligible');
  });

  it.each([
    [{ veryConsiderablePsychologicalDistress: true }, 36, true],
    [{ riskOfSeriousHarm: true }, 36, true],
    [{ riskOfSeriousHarm: true }, 35, false],
    [{ veryConsiderablePsychologicalDistress: false, riskOfSeriousHarm: false }, 60, false],
  ])('HIDDEN with %j for %i months: %s', (effects, expectedDurationMonths, qualifies) => {
    const result = assess(
      person('england', { conditions: { nonVisible: { ...effects, expectedDurationMonths } } }),
    );
    expect(result.routes).toEqual(
      qualifies ? [expect.objectContaining({ code: 'HIDDEN', outcome: 'further-assessment' })] : [],
    );
  });

  it('names both effects in the HIDDEN reason', () => {
    const [route] = assess(
      person('england', {
        conditions: {
          nonVisible: {
            veryConsiderablePsychologicalDistress: true,
            riskOfSeriousHarm: true,
            expectedDurationMonths: 40,
          },
        },
      }),
    ).routes;
    expect(route.reason).toContain('psychological distress and a risk of serious harm');
  });
});

describe('England: arms, children, terminal illness, organisations', () => {
  it.each([
    ['drivesRegularly', false],
    ['severeDisabilityBothArms', false],
    ['cannotOperateParkingMeters', false],
  ])('ARMS fails when %s is %s', (key, value) => {
    const arms = {
      drivesRegularly: true,
      severeDisabilityBothArms: true,
      cannotOperateParkingMeters: true,
      [key]: value,
    };
    expect(codes(assess(person('england', { conditions: { arms } })))).toEqual([]);
  });

  it('offers both child routes to a child under 3', () => {
    const result = assess(
      person(
        'england',
        { conditions: { child: { bulkyMedicalEquipment: true, needsVehicleNearForTreatment: true } } },
        '2024-09-01',
      ),
    );
    expect(codes(result)).toEqual(['CHILDBULK', 'CHILDVEHIC']);
    expect(result.outcome).toBe('further-assessment');
  });

  it('ignores the child facts for an adult', () => {
    const result = assess(person('england', { conditions: { child: { bulkyMedicalEquipment: true } } }));
    expect(result.outcome).toBe('not-eligible');
  });

  it('fast-tracks terminal illness as further assessment by default [BBDS-CIT, O10]', () => {
    const result = assess(person('england', { conditions: { terminalIllness: { specialRules: true } } }));
    expect(result).toMatchObject({
      outcome: 'further-assessment',
      fastTrack: true,
      latestExpiryDate: THREE_YEARS_ON,
    });
  });

  it('offers TERMILL at any age', () => {
    const baby = person('england', { conditions: { terminalIllness: { specialRules: true } } }, '2025-01-01');
    expect(codes(assess(baby))).toEqual(['TERMILL']);
  });

  it('needs an organisation to care for disabled people [S10, O4]', () => {
    expect(codes(assess(organisation('england', { caresForDisabledPeople: true })))).toEqual(['ORG']);
    expect(codes(assess(organisation('england', { transportsDisabledPeople: true })))).toEqual([]);
  });

  it('does not assess an organisation for person routes, nor a person for ORG', () => {
    const orgWithBenefits = { ...organisation('england', {}), benefits: { wpms: { receiving: true } } };
    expect(codes(assess(orgWithBenefits))).toEqual([]);
    const personWithOrgFacts = { ...person('england'), organisation: { caresForDisabledPeople: true } };
    expect(codes(assess(personWithOrgFacts))).toEqual([]);
  });
});

describe('England: routes from other nations are closed', () => {
  it.each([
    ['ADP', { benefits: { adp: { movingAroundPoints: 12 as const, enhancedMobilitySpecialRules: true } } }],
    ['CDP', { benefits: { cdp: { mobilityRate: 'higher' as const } } }],
    ['TRAF_RISK', { conditions: { trafficRisk: { noAwarenessOfTrafficDanger: true } } }],
    ['COGNITIVE', { conditions: { cognitive: { needsSupervisionOnJourneys: true } } }],
    [
      'AFCS tariff 6 mental disorder',
      { benefits: { afcs: { tariffLevel: 6, permanentMentalDisorder: true } } },
    ],
  ])('%s is not a route', (_name, facts) => {
    expect(assess(person('england', facts)).outcome).toBe('not-eligible');
  });
});

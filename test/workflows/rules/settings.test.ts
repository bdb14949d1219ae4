import {
  DEFAULT_RULE_SETTINGS,
  RULE_SETTING_DOCS,
  assessEligibility,
  resolveRuleSettings,
  type CouncilRuleSettings,
} from '../../../workflows/rules';
import { codes, person } from './builders';

describe('resolveRuleSettings', () => {
  it('fills in the defaults', () => {
    expect(resolveRuleSettings()).toEqual(DEFAULT_RULE_SETTINGS);
    expect(resolveRuleSettings({ terminalIllnessAutomatic: true })).toEqual({
      ...DEFAULT_RULE_SETTINGS,
      terminalIllnessAutomatic: true,
    });
  });

  it('rejects an unknown key and a value outside the documented ones', () => {
    expect(() =>
      resolveRuleSettings({ terminalIllnesAutomatic: true } as Partial<CouncilRuleSettings>),
    ).toThrow(/Unknown eligibility rule setting "terminalIllnesAutomatic"/);
    expect(() =>
      resolveRuleSettings({ childAgeReading: 'under-4' } as unknown as CouncilRuleSettings),
    ).toThrow(/"childAgeReading" must be one of "under-3", "not-more-than-3"/);
  });

  it('documents every setting with its default among its values', () => {
    expect(RULE_SETTING_DOCS.map((doc) => doc.key).sort()).toEqual(Object.keys(DEFAULT_RULE_SETTINGS).sort());
    for (const doc of RULE_SETTING_DOCS) expect(doc.values).toContain(DEFAULT_RULE_SETTINGS[doc.key]);
  });
});

describe('terminalIllnessAutomatic [BBDS-CIT, O10, O17]', () => {
  const terminallyIll = person('wales', { conditions: { terminalIllness: { specialRules: true } } });

  it('makes TERMILL automatic, still fast-tracked', () => {
    const result = assessEligibility(terminallyIll, { settings: { terminalIllnessAutomatic: true } });
    expect(result).toMatchObject({
      outcome: 'eligible-automatic',
      fastTrack: true,
      latestExpiryDate: '2028-06-02',
    });
    expect(result.routes[0]).toMatchObject({ code: 'TERMILL', outcome: 'eligible-automatic' });
  });

  it('leaves TERMILL further assessment when false', () => {
    const result = assessEligibility(terminallyIll, { settings: { terminalIllnessAutomatic: false } });
    expect(result.routes[0].outcome).toBe('further-assessment');
  });
});

describe('childAgeReading [S1, S8, S4]', () => {
  // Born 2022-06-02: 2nd birthday 2024-06-02, 3rd birthday 2025-06-02.
  const child = (assessmentDate: string) => ({
    ...person(
      'england',
      {
        sightImpairment: 'severely-sight-impaired',
        conditions: { child: { bulkyMedicalEquipment: true } },
      },
      '2022-06-02',
    ),
    assessmentDate,
  });
  const routesOn = (date: string, childAgeReading: CouncilRuleSettings['childAgeReading']) =>
    codes(assessEligibility(child(date), { settings: { childAgeReading } }));

  it.each([
    ['2024-06-02', ['CHILDBULK']],
    ['2024-06-03', ['CHILDBULK']],
    ['2025-06-01', ['CHILDBULK']],
    ['2025-06-02', ['BLIND']],
  ])('under-3 (GOV.UK): on %s meets %j', (date, expected) => {
    expect(routesOn(date, 'under-3')).toEqual(expected);
  });

  it.each([
    ['2024-06-02', ['CHILDBULK']],
    ['2024-06-03', ['BLIND', 'CHILDBULK']],
    ['2025-06-02', ['BLIND', 'CHILDBULK']],
    ['2025-06-03', ['BLIND']],
  ])('not-more-than-3 (regulations): on %s meets %j', (date, expected) => {
    expect(routesOn(date, 'not-more-than-3')).toEqual(expected);
  });

  it('gives someone born on 29 February their 3rd birthday on 1 March', () => {
    const leapling = (assessmentDate: string) => ({
      ...person('england', { conditions: { child: { bulkyMedicalEquipment: true } } }, '2024-02-29'),
      assessmentDate,
    });
    expect(codes(assessEligibility(leapling('2027-02-28')))).toEqual(['CHILDBULK']);
    expect(codes(assessEligibility(leapling('2027-03-01')))).toEqual([]);
  });
});

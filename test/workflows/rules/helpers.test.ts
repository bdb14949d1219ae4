import {
  OUTCOME_LABELS,
  assessEligibility,
  childQuestionsApply,
  isCodeAvailableIn,
  isEligible,
  isEligibleWithoutAssessment,
  isExpiryDateAllowed,
  needsFurtherAssessment,
  personQuestionsApply,
  routeSummary,
  routesAvailable,
} from '../../../workflows/rules';
import { ASSESSED, THREE_YEARS_ON, person, walking } from './builders';

describe('helpers for the journey', () => {
  it('lists the routes open to a person or an organisation in a nation', () => {
    expect(routesAvailable('wales', 'organisation')).toEqual(['ORG']);
    const england = routesAvailable('england', 'person');
    expect(england).toContain('HIDDEN');
    expect(england).not.toContain('ORG');
    expect(england).not.toContain('TEMP');
    expect(routesAvailable('scotland', 'person')).toEqual(
      expect.arrayContaining(['ADP', 'CDP', 'TEMP', 'TRAF_RISK']),
    );
  });

  it('says which question groups apply at an age', () => {
    expect(childQuestionsApply('2022-06-03', ASSESSED)).toBe(true);
    expect(childQuestionsApply('2022-06-02', ASSESSED)).toBe(false);
    expect(childQuestionsApply('2022-06-02', ASSESSED, { childAgeReading: 'not-more-than-3' })).toBe(true);
    expect(personQuestionsApply('2022-06-03', ASSESSED)).toBe(false);
    expect(personQuestionsApply('2022-06-02', ASSESSED)).toBe(true);
  });

  it('gives guard-friendly predicates', () => {
    const automatic = assessEligibility(person('england', { sightImpairment: 'severely-sight-impaired' }));
    const further = assessEligibility(person('england', walking(40)));
    const none = assessEligibility(person('england'));
    expect([automatic, further, none].map(isEligible)).toEqual([true, true, false]);
    expect([automatic, further, none].map(isEligibleWithoutAssessment)).toEqual([true, false, false]);
    expect([automatic, further, none].map(needsFurtherAssessment)).toEqual([false, true, false]);
  });
});

describe('helpers for the case page', () => {
  it('labels every outcome', () => {
    expect(OUTCOME_LABELS['further-assessment']).toBe('Eligible subject to further assessment');
  });

  it('knows which codes a nation can order badges under', () => {
    expect(isCodeAvailableIn('HIDDEN', 'england')).toBe(true);
    expect(isCodeAvailableIn('HIDDEN', 'scotland')).toBe(false);
  });

  it('summarises a route per nation', () => {
    expect(routeSummary('ORG', 'scotland')).toContain('both cares for and transports');
    expect(routeSummary('COGNITIVE', 'england')).toBeUndefined();
  });

  it('checks an expiry date against the start date and latestExpiryDate', () => {
    const result = assessEligibility(person('england', { benefits: { wpms: { receiving: true } } }));
    expect(isExpiryDateAllowed(THREE_YEARS_ON, ASSESSED, result)).toBe(true);
    expect(isExpiryDateAllowed('2028-06-03', ASSESSED, result)).toBe(false);
    expect(isExpiryDateAllowed('2025-06-01', ASSESSED, result)).toBe(false);
    expect(isExpiryDateAllowed(ASSESSED, ASSESSED, assessEligibility(person('england')))).toBe(false);
  });
});

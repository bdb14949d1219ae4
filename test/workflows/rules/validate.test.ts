import { validateEligibilityRequest } from '../../../workflows/rules';
import { ASSESSED, person } from './builders';

/** The errors for a body, as { pointer: detail }. */
function errorsFor(body: unknown, today = '2025-06-02'): Record<string, string> {
  const result = validateEligibilityRequest(body, { today });
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(body)}`);
  return Object.fromEntries(result.errors.map((e) => [e.pointer, e.detail]));
}

const valid = person('england', { benefits: { pip: { movingAroundPoints: 8, awardEndDate: null } } });

describe('validateEligibilityRequest: valid requests', () => {
  it('accepts a full request and returns its facts', () => {
    const result = validateEligibilityRequest(valid);
    expect(result).toEqual({ ok: true, value: valid });
  });

  it('accepts an organisation without a date of birth', () => {
    const body = {
      nation: 'wales',
      applicant: { type: 'organisation' },
      organisation: { caresForDisabledPeople: true },
    };
    expect(validateEligibilityRequest(body).ok).toBe(true);
  });

  it('accepts a birth on the assessment date and any real assessment date', () => {
    expect(validateEligibilityRequest(person('england', {}, ASSESSED)).ok).toBe(true);
    expect(validateEligibilityRequest({ ...valid, assessmentDate: '2099-02-28' }).ok).toBe(true);
    expect(validateEligibilityRequest({ ...valid, assessmentDate: '2024-02-29' }).ok).toBe(true);
  });
});

describe('validateEligibilityRequest: the shape', () => {
  it('names an unknown nation', () => {
    expect(errorsFor({ ...valid, nation: 'northern-ireland' })).toEqual({
      '/nation': 'nation must be one of england, scotland, wales',
    });
  });

  it('names missing required fields', () => {
    expect(errorsFor({ nation: 'england' })).toEqual({ '/applicant': 'applicant is required' });
    expect(errorsFor({ applicant: { type: 'organisation' } })).toEqual({ '/nation': 'nation is required' });
    expect(errorsFor({ nation: 'england', applicant: { type: 'person' } })).toEqual({
      '/applicant/dateOfBirth': 'dateOfBirth is required when applicant.type is person',
    });
  });

  it.each([7, 9, '8', -4])('names PIP points of %p', (points) => {
    expect(
      errorsFor(person('england', { benefits: { pip: { movingAroundPoints: points as never } } })),
    ).toEqual({
      '/benefits/pip/movingAroundPoints': 'movingAroundPoints must be one of 0, 4, 8, 10, 12',
    });
  });

  it.each([
    [
      '/assessmentDate',
      { ...valid, assessmentDate: '2023-02-30' },
      'assessmentDate must be a real date written as YYYY-MM-DD',
    ],
    [
      '/assessmentDate',
      { ...valid, assessmentDate: '2023-2-3' },
      'assessmentDate must be a real date written as YYYY-MM-DD',
    ],
    [
      '/applicant/dateOfBirth',
      person('england', {}, '1990-13-01'),
      'dateOfBirth must be a real date written as YYYY-MM-DD',
    ],
    [
      '/benefits/dla/awardEndDate',
      person('england', { benefits: { dla: { mobilityRate: 'higher', awardEndDate: 'soon' } } }),
      'awardEndDate must be a real date written as YYYY-MM-DD, or null',
    ],
  ])('names an impossible date at %s', (pointer, body, detail) => {
    expect(errorsFor(body)).toEqual({ [pointer]: detail });
  });

  it.each([
    ['/benefits', { benefits: [] }, 'benefits must be a JSON object'],
    [
      '/benefits/wpms/receiving',
      { benefits: { wpms: { receiving: 'yes' } } },
      'receiving must be true or false',
    ],
    [
      '/benefits/afcs/tariffLevel',
      { benefits: { afcs: { tariffLevel: 0 } } },
      'tariffLevel must be a whole number from 1 to 15',
    ],
    [
      '/benefits/afcs/tariffLevel',
      { benefits: { afcs: { tariffLevel: 16 } } },
      'tariffLevel must be a whole number from 1 to 15',
    ],
    [
      '/benefits/afcs/tariffLevel',
      { benefits: { afcs: { tariffLevel: 2.5 } } },
      'tariffLevel must be a whole number',
    ],
    [
      '/conditions/walking/expectedDurationMonths',
      { conditions: { walking: { expectedDurationMonths: -1 } } },
      'expectedDurationMonths must be a whole number from 0 to 1200',
    ],
    [
      '/sightImpairment',
      { sightImpairment: 'blind' },
      'sightImpairment must be one of severely-sight-impaired, sight-impaired, none',
    ],
    [
      '/benefits/dla/mobilityRate',
      { benefits: { dla: { mobilityRate: 1 } } },
      'mobilityRate must be one of higher, lower',
    ],
  ])('names a wrong type at %s', (pointer, facts, detail) => {
    expect(errorsFor({ ...valid, ...facts })).toEqual({ [pointer]: detail });
  });

  it.each([[[]], ['a string'], [42], [null]])('wants a JSON object, not %p', (body) => {
    expect(errorsFor(body)).toEqual({ '': 'The request body must be a JSON object' });
  });

  it('reports every problem at once, one per field', () => {
    const errors = errorsFor({
      nation: 'mars',
      applicant: { type: 'person', dateOfBirth: '2023-02-30' },
      sightImpairment: 3,
    });
    expect(Object.keys(errors).sort()).toEqual(['/applicant/dateOfBirth', '/nation', '/sightImpairment']);
  });
});

describe('validateEligibilityRequest: unknown keys are rejected', () => {
  it('rejects a JSON "__proto__" key, at the top and nested, without polluting anything', () => {
    const body: unknown = JSON.parse(
      '{"nation":"england","applicant":{"type":"organisation","__proto__":{"type":"person"}},"__proto__":{"polluted":true}}',
    );
    const errors = errorsFor(body);
    expect(Object.keys(errors).sort()).toEqual(['/__proto__', '/applicant/__proto__']);
    expect(errors['/__proto__']).toMatch(/^__proto__ is not a recognised field/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects constructor and misspelt fields by pointer', () => {
    expect(
      errorsFor({ ...valid, constructor: {}, benefits: { pip: { movingAroundPoint: 8 } }, 'a/b~c': 1 }),
    ).toEqual({
      '/constructor': expect.stringMatching(/^constructor is not a recognised field/),
      '/benefits/pip/movingAroundPoint': expect.stringMatching(
        /^movingAroundPoint is not a recognised field/,
      ),
      '/a~1b~0c': expect.stringMatching(/^a\/b~c is not a recognised field/),
    });
  });
});

describe('validateEligibilityRequest: checks across fields', () => {
  it('refuses a date of birth after the assessment date', () => {
    expect(errorsFor(person('england', {}, '2025-06-03'))).toEqual({
      '/applicant/dateOfBirth': 'dateOfBirth must not be after the assessment date (2025-06-02)',
    });
  });

  it('refuses a date of birth in the future when there is no assessment date', () => {
    const body = { nation: 'england', applicant: { type: 'person', dateOfBirth: '2025-01-02' } };
    expect(errorsFor(body, '2025-01-01')).toEqual({
      '/applicant/dateOfBirth': 'dateOfBirth must not be in the future (today is 2025-01-01)',
    });
    expect(validateEligibilityRequest(body, { today: '2025-01-02' }).ok).toBe(true);
  });

  it('refuses an award that ended before the applicant was born', () => {
    expect(
      errorsFor(
        person('england', { benefits: { pip: { movingAroundPoints: 8, awardEndDate: '1969-12-31' } } }),
      ),
    ).toEqual({
      '/benefits/pip/awardEndDate':
        "awardEndDate must not be before the applicant's dateOfBirth (1970-04-15)",
    });
  });

  it('reports a future date of birth once, not again through the award dates', () => {
    const body = person(
      'england',
      { benefits: { pip: { movingAroundPoints: 8, awardEndDate: '2027-01-31' } } },
      '2030-01-01',
    );
    expect(Object.keys(errorsFor(body))).toEqual(['/applicant/dateOfBirth']);
  });

  it.each([
    ['pip', 'e', 12, 10],
    ['adp', 'f', 10, 12],
  ] as const)('refuses %s descriptor %s with %i points', (benefit, descriptor, points, expected) => {
    const facts = { planningJourneysDescriptor: descriptor, planningJourneysPoints: points };
    expect(errorsFor(person('scotland', { benefits: { [benefit]: facts } }))).toEqual({
      [`/benefits/${benefit}/planningJourneysPoints`]: expect.stringContaining(
        `planningJourneysPoints must be ${expected} for descriptor ${descriptor}`,
      ),
    });
  });

  it('accepts a descriptor that matches its points', () => {
    const facts = { planningJourneysDescriptor: 'd' as const, planningJourneysPoints: 10 as const };
    expect(validateEligibilityRequest(person('england', { benefits: { pip: facts } })).ok).toBe(true);
  });
});

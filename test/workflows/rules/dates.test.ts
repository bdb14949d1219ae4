import { addYears, birthday, isRealDate, todayInUk } from '../../../workflows/rules/dates';

describe('isRealDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01'])('accepts %s', (date) => {
    expect(isRealDate(date)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2023-02-30',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-2-3',
    '20230203',
    '',
    20230203,
    null,
  ])('rejects %p', (date) => {
    expect(isRealDate(date)).toBe(false);
  });
});

describe('addYears', () => {
  it('keeps the day, and turns 29 February into 28 February in a common year', () => {
    expect(addYears('2025-06-02', 3)).toBe('2028-06-02');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('refuses an impossible date', () => {
    expect(() => addYears('2023-02-30', 1)).toThrow(RangeError);
  });
});

describe('birthday', () => {
  it('puts a 29 February birthday on 1 March in a common year', () => {
    expect(birthday('2024-02-29', 3)).toBe('2027-03-01');
    expect(birthday('2024-02-29', 4)).toBe('2028-02-29');
    expect(birthday('2022-06-03', 3)).toBe('2025-06-03');
  });
});

describe('todayInUk', () => {
  it('uses the UK date, not UTC', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(todayInUk(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(todayInUk(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
  });

  it('changes date on the last minute boundary of the UK day, whichever instant it was asked about before', () => {
    // Midnight in British Summer Time is 23:00 UTC; in winter it is midnight UTC.
    const instants: Array<[string, string]> = [
      ['2025-06-30T22:59:59.999Z', '2025-06-30'],
      ['2025-06-30T23:00:00.000Z', '2025-07-01'],
      ['2025-06-30T22:59:00.000Z', '2025-06-30'],
      ['2025-06-30T22:59:30.000Z', '2025-06-30'],
      ['2026-01-01T00:00:00.000Z', '2026-01-01'],
      ['2025-12-31T23:59:59.999Z', '2025-12-31'],
      ['2026-01-01T00:00:59.999Z', '2026-01-01'],
    ];
    for (const [instant, date] of instants) expect(todayInUk(new Date(instant))).toBe(date);
    expect(() => todayInUk(new Date('not a date'))).toThrow(RangeError);
  });
});

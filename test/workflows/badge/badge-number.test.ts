import {
  BADGE_NUMBER_PATTERN,
  decodeBadgeNumber,
  encodeBadgeNumber,
  FIRST_BADGE_VALUE,
  isBlocked,
  takeBadgeNumber,
} from '../../../workflows/badge/badge-number';

describe('national badge numbers (blue-badge-scheme.md §9)', () => {
  it('starts at KKKKKK, which is 63,999,999 in base 20 without the letter I', () => {
    expect(FIRST_BADGE_VALUE).toBe(63_999_999);
    expect(encodeBadgeNumber(63_999_999)).toBe('KKKKKK');
    expect(encodeBadgeNumber(0)).toBe('000000');
    expect(encodeBadgeNumber(19)).toBe('00000K');
    expect(encodeBadgeNumber(20)).toBe('000010');
  });

  it('round-trips every sampled value and only ever uses the national alphabet', () => {
    for (let value = 0; value <= FIRST_BADGE_VALUE; value += 999_983) {
      const number = encodeBadgeNumber(value);
      expect(number).toMatch(BADGE_NUMBER_PATTERN);
      expect(number).not.toContain('I');
      expect(decodeBadgeNumber(number)).toBe(value);
    }
  });

  it('refuses values outside the sequence and strings that are not badge numbers', () => {
    expect(() => encodeBadgeNumber(64_000_000)).toThrow(RangeError);
    expect(() => encodeBadgeNumber(-1)).toThrow(RangeError);
    expect(() => decodeBadgeNumber('ABCDEI')).toThrow(RangeError);
  });

  it('counts down, skipping numbers with a blocked combination', () => {
    expect(takeBadgeNumber(63_999_999)).toEqual({ badgeNumber: 'KKKKKK', nextValue: 63_999_998 });
    const blocked = decodeBadgeNumber('00FCK0');
    const taken = takeBadgeNumber(blocked, ['FCK']);
    expect(isBlocked('00FCK0', ['FCK'])).toBe(true);
    expect(taken.badgeNumber).toBe('00FCJK');
    expect(taken.nextValue).toBe(decodeBadgeNumber('00FCJK') - 1);
  });
});

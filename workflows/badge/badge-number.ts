/**
 * Badge numbers in the national format (blue-badge-scheme.md §9, [BBDS-COM, BBDS-BM]): 6 characters in
 * base 20 over `0123456789ABCDEFGHJK` (no I), taken from a sequence that counts down from 63,999,999
 * (`KKKKKK`), skipping numbers that contain a blocked letter combination.
 */
export const BADGE_ALPHABET = '0123456789ABCDEFGHJK';
export const BADGE_NUMBER_LENGTH = 6;
export const FIRST_BADGE_VALUE = 20 ** BADGE_NUMBER_LENGTH - 1; // 63,999,999 = KKKKKK

/**
 * The national list of blocked combinations is not published in the kit's reference; these are the
 * kit's own defaults (words a badge holder should not have to display). Councils may pass their own.
 */
export const DEFAULT_BLOCKED_COMBINATIONS: readonly string[] = ['FCK', 'FAG', 'HAG', 'BAD', 'DEAD', 'DEAF'];

export const BADGE_NUMBER_PATTERN = /^[0-9A-HJK]{6}$/;

export function encodeBadgeNumber(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > FIRST_BADGE_VALUE) {
    throw new RangeError(`Badge sequence value out of range: ${value}`);
  }
  let rest = value;
  let out = '';
  for (let i = 0; i < BADGE_NUMBER_LENGTH; i++) {
    out = BADGE_ALPHABET[rest % 20] + out;
    rest = Math.floor(rest / 20);
  }
  return out;
}

export function decodeBadgeNumber(badgeNumber: string): number {
  if (!BADGE_NUMBER_PATTERN.test(badgeNumber)) throw new RangeError(`Not a badge number: ${badgeNumber}`);
  return [...badgeNumber].reduce((total, char) => total * 20 + BADGE_ALPHABET.indexOf(char), 0);
}

export function isBlocked(
  badgeNumber: string,
  blocked: readonly string[] = DEFAULT_BLOCKED_COMBINATIONS,
): boolean {
  return blocked.some((combination) => badgeNumber.includes(combination));
}

/** The next number to issue from `value` downwards, and the sequence value to store for next time. */
export function takeBadgeNumber(
  value: number,
  blocked: readonly string[] = DEFAULT_BLOCKED_COMBINATIONS,
): { badgeNumber: string; nextValue: number } {
  for (let candidate = value; candidate >= 0; candidate--) {
    const badgeNumber = encodeBadgeNumber(candidate);
    if (!isBlocked(badgeNumber, blocked)) return { badgeNumber, nextValue: candidate - 1 };
  }
  throw new Error('The badge number sequence is exhausted');
}

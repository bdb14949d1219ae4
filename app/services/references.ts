import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be misread for one another over the phone (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
const REFERENCE_ALPHABET = '3467ACDEFGHJKMNPQRTUVWXY';

/** A case reference such as `BB-7K3M-9XQ4`: random, so references reveal nothing about volumes. */
export function newReference(): string {
  const pick = () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  const block = () => Array.from({ length: 4 }, pick).join('');
  return `BB-${block()}-${block()}`;
}

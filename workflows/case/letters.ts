import type { Nation } from '../rules/types';
import type { CaseRefusal } from './records';

/**
 * The letters a case sends the applicant. A transition asks for one with the `sendLetter` effect
 * (`{ type: 'sendLetter', params: { letter: 'refusal' } }`); the app renders, keeps and sends it
 * (app/letters/).
 */
export const LETTER_KINDS = [
  'approval',
  'refusal',
  'information-request',
  'reminder',
  'withdrawal',
  'review-outcome',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export interface SendLetterParams {
  letter: LetterKind;
}

export function isLetterKind(value: unknown): value is LetterKind {
  return typeof value === 'string' && (LETTER_KINDS as readonly string[]).includes(value);
}

/** Days to ask for a Scottish statutory review [T7] or appeal to the Welsh Ministers [W11]. */
export const REVIEW_REQUEST_DAYS = 28;

/** One way to challenge a refusal, and the last day to ask where the law sets one. */
export interface ReviewRight {
  kind: 'reconsideration' | 'statutory-review' | 'welsh-ministers-appeal';
  /** yyyy-mm-dd, the last day the request can be made; absent where no time limit applies. */
  deadline?: string;
  source: string;
}

/**
 * What a refused applicant may do, by nation (blue-badge-scheme.md §7): England, the council reconsiders
 * (no statutory appeal) [S3]; Scotland, a statutory review asked for in writing within 28 days [T7];
 * Wales, reconsideration, and for a misuse or false-representation refusal an appeal to the Welsh
 * Ministers within 28 days [W11, W7].
 */
export function reviewRights(
  nation: Nation,
  refusal: Pick<CaseRefusal, 'decidedAt' | 'misuseOrFalseRepresentation'>,
): ReviewRight[] {
  const deadline = addDays(refusal.decidedAt.slice(0, 10), REVIEW_REQUEST_DAYS);
  if (nation === 'scotland') return [{ kind: 'statutory-review', deadline, source: 'T7' }];
  if (nation === 'wales') {
    const rights: ReviewRight[] = [{ kind: 'reconsideration', source: 'W7, W8' }];
    if (refusal.misuseOrFalseRepresentation)
      rights.push({ kind: 'welsh-ministers-appeal', deadline, source: 'W11' });
    return rights;
  }
  return [{ kind: 'reconsideration', source: 'S3' }];
}

/** yyyy-mm-dd plus whole days, on the calendar (no time zones involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

import { journeyNotes } from '../journey/process-map';
import type { ProcessMapNotes } from '../process-map/notes';
import en from './locales/en.json';

/** The replacement journey's process map notes (blue-badge-scheme.md §8). */
export const replacementProcessMap: ProcessMapNotes = journeyNotes({
  basePath: '/replace',
  actor: 'The badge holder (or an officer keying the request)',
  words: en,
  guards: {
    stolen: 'the badge was stolen (a crime reference number is needed) [S3, BBDS-BM]',
    expiresWithinThreeMonths: 'the badge expires within 3 months: reapply instead [S3, O12]',
  },
});

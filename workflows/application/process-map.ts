import { answerWords, journeyNotes } from '../journey/process-map';
import type { ProcessMapNotes } from '../process-map/notes';
import en from './locales/en.json';

/** The application's process map notes: its guards in plain English, and where its pages are. */
export const applicationProcessMap: ProcessMapNotes = journeyNotes({
  basePath: '/apply',
  actor: 'The applicant (or an officer keying a paper, phone or in-person application)',
  words: en,
  guards: {
    answerIs: (params) => answerWords(en, params, 'is'),
    answerIncludes: (params) => answerWords(en, params, 'includes'),
    automaticallyEligible: 'the answers so far make the applicant eligible without further assessment [S3]',
    mayBeEligible: 'the answers meet at least one eligibility route, with or without further assessment [S3]',
    eligibleThroughBenefit:
      'eligible without further assessment through a benefit (PIP, ADP, DLA, CDP, AFCS, WPMS)',
    needsFurtherAssessment: 'eligible subject to further assessment by the council [S3]',
    aged16OrOver:
      'the applicant is 16 or over (asked for a National Insurance number and proof of address) [BBDS-CIT]',
  },
});

import { setup, type AnyStateMachine } from 'xstate';
import type { JourneyContext, JourneyEvent } from '../journey/events';
import type { JourneyFee } from '../journey/fee';
import {
  answersWith,
  endingStates,
  journeyActions,
  journeyGuards,
  questionState,
  revisits,
  type NextStep,
} from '../journey/statechart';
import { todayInUk } from '../rules/dates';
import type { Nation } from '../rules/types';
import { replacementPages, type ReplacementState } from './pages';

/**
 * A short journey to replace a lost, stolen or damaged badge (blue-badge-scheme.md §8): a stolen badge
 * needs a crime reference number; a badge that expires within 3 months is not replaced, and the holder is
 * sent to reapply instead [S3, BBDS-BM, O12]. The replacement keeps the original dates and gets a new number.
 */
export const REPLACEMENT_WORKFLOW = { id: 'replacement', version: 1 } as const;

export interface ReplacementInput {
  nation: Nation;
  /** The council's fee for a replacement (usually £10 [O12]); none due when absent (workflows/journey/fee.ts). */
  fee?: JourneyFee;
}
export interface ReplacementContext extends JourneyContext, ReplacementInput {}

/** The national replace reason codes [BBDS-REF]. */
export type ReplaceReason = 'LOST' | 'STOLE' | 'DAMAGED';

/** A badge expiring before this date is not replaced: the same day 3 months from `today`. */
export function replacementCutOff(today: string): string {
  const [y, m, d] = today.split('-').map(Number);
  const month = m + 3;
  const year = y + Math.floor((month - 1) / 12);
  const monthOfYear = ((month - 1) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, monthOfYear, 0)).getUTCDate();
  return `${year}-${String(monthOfYear).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

// eslint-disable-next-line prefer-const -- assigned after the machine below is built
let self: AnyStateMachine;

const REVISITABLE: ReplacementState[] = [
  'badgeNumber',
  'reason',
  'crimeReference',
  'badgeExpiry',
  'fullName',
  'dateOfBirth',
  'address',
  'contact',
  'checkAnswers',
];

const input = (context: ReplacementContext): ReplacementInput => ({
  nation: context.nation,
  fee: context.fee,
});

const machineSetup = setup({
  types: { context: {} as ReplacementContext, events: {} as JourneyEvent, input: {} as ReplacementInput },
  guards: {
    ...journeyGuards<ReplacementContext>(() => self, input),
    stolen: ({ context, event }) => answersWith(context, event).reason?.reason === 'STOLE',
    expiresWithinThreeMonths: ({ context, event }) => {
      const expiry = answersWith(context, event).badgeExpiry?.expiryDate;
      return expiry !== undefined && expiry < replacementCutOff(todayInUk());
    },
  },
  actions: {
    ...journeyActions<ReplacementContext>(() => self, input),
    /** Effect: the app opens a REPLACE case for the council, in the same transaction. */
    submitReplacement: () => undefined,
  },
});

const question = (
  state: ReplacementState,
  ...next: NextStep<ReplacementState, 'stolen' | 'expiresWithinThreeMonths'>[]
) => questionState(state, replacementPages[state], next);

export const replacementMachine = machineSetup.createMachine({
  id: REPLACEMENT_WORKFLOW.id,
  description: 'A badge holder reports a badge lost, stolen or damaged and asks for a replacement.',
  context: ({ input }) => ({ ...input, answers: {}, lists: {}, reviewing: false }),
  initial: 'badgeNumber',
  on: revisits(REVISITABLE),
  states: {
    badgeNumber: question('badgeNumber', 'reason'),
    reason: question('reason', { target: 'crimeReference', guard: 'stolen' }, 'badgeExpiry'),
    crimeReference: question('crimeReference', 'badgeExpiry'),
    badgeExpiry: question(
      'badgeExpiry',
      { target: 'mustReapply', guard: 'expiresWithinThreeMonths' },
      'fullName',
    ),
    fullName: question('fullName', 'dateOfBirth'),
    dateOfBirth: question('dateOfBirth', 'address'),
    address: question('address', 'contact'),
    contact: question('contact', 'checkAnswers'),
    mustReapply: {
      meta: { page: replacementPages.mustReapply },
      description: 'The badge expires within 3 months: the holder reapplies instead.',
    },
    ...endingStates(
      replacementPages,
      'submitReplacement',
      'The request has become a REPLACE case for the council.',
    ),
  },
});
self = replacementMachine;

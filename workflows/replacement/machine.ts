import { setup, type AnyStateMachine } from 'xstate';
import type { JourneyContext, JourneyEvent } from '../journey/events';
import type { JourneyFee } from '../journey/fee';
import { addressFields, badgeNumberField, contactFields } from '../application/page-definitions';
import { contentPage, endingPages } from '../journey/pages';
import {
  answersWith,
  endingStates,
  journeyActions,
  journeyGuards,
  journeyStates,
  questionStep,
  revisitable,
  revisits,
  type NextStep,
  type PageSpec,
} from '../journey/statechart';
import { todayInUk } from '../rules/dates';
import type { Nation } from '../rules/types';

/**
 * A short journey to replace a lost, stolen or damaged badge (blue-badge-scheme.md §8): a stolen badge
 * needs a crime reference number; a badge that expires within 3 months is not replaced, and the holder is
 * sent to reapply instead [S3, BBDS-BM, O12]. The replacement keeps the original dates and gets a new number.
 * Each state carries its page (what it asks, and its limits); ./pages.ts reads them back for the app.
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

type Guard = 'stolen' | 'expiresWithinThreeMonths';

/** A question state: its page and where it leads. */
const question = (pageSpec: PageSpec, ...next: NextStep<string, Guard>[]) =>
  questionStep<Guard>(pageSpec, ...next);

const ending = endingPages('request-sent');

const replacementStates = journeyStates({
  badgeNumber: question({ path: 'badge-number', section: 'badge', fields: [badgeNumberField()] }, 'reason'),
  reason: question(
    {
      path: 'what-happened',
      section: 'badge',
      fields: [
        {
          kind: 'radios',
          name: 'reason',
          options: [{ value: 'LOST' }, { value: 'STOLE' }, { value: 'DAMAGED' }],
        },
      ],
    },
    { target: 'crimeReference', guard: 'stolen' },
    'badgeExpiry',
  ),
  crimeReference: question(
    {
      path: 'crime-reference',
      section: 'badge',
      fields: [{ kind: 'text', name: 'crimeReference', width: '20', spellcheck: false, maxLength: 30 }],
    },
    'badgeExpiry',
  ),
  badgeExpiry: question(
    { path: 'expiry-date', section: 'badge', fields: [{ kind: 'date', name: 'expiryDate' }] },
    { target: 'mustReapply', guard: 'expiresWithinThreeMonths' },
    'fullName',
  ),
  fullName: question(
    {
      path: 'name',
      section: 'holder',
      fields: [{ kind: 'text', name: 'fullName', autocomplete: 'name', spellcheck: false, maxLength: 100 }],
    },
    'dateOfBirth',
  ),
  dateOfBirth: question(
    {
      path: 'date-of-birth',
      section: 'holder',
      fields: [{ kind: 'date', name: 'dateOfBirth', constraint: 'past' }],
    },
    'address',
  ),
  address: question(
    { path: 'address', section: 'holder', summaryLabel: true, fields: addressFields() },
    'contact',
  ),
  contact: question({ path: 'contact-details', section: 'holder', fields: contactFields() }, 'checkAnswers'),
  mustReapply: {
    meta: { page: contentPage({ path: 'apply-for-a-new-badge' }) },
    description: 'The badge expires within 3 months: the holder reapplies instead.',
  },
  ...endingStates(ending, 'submitReplacement', 'The request has become a REPLACE case for the council.'),
});

/** The replacement journey's state (and page) names. */
export type ReplacementState = keyof typeof replacementStates;

export const replacementMachine = machineSetup.createMachine({
  id: REPLACEMENT_WORKFLOW.id,
  description: 'A badge holder reports a badge lost, stolen or damaged and asks for a replacement.',
  context: ({ input }) => ({ ...input, answers: {}, lists: {}, reviewing: false }),
  initial: 'badgeNumber',
  on: revisits(revisitable(replacementStates)),
  states: replacementStates,
});
self = replacementMachine;

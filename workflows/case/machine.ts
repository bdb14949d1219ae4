import { assign, setup } from 'xstate';
import type { Answers } from '../forms/fields';
import type { Permission } from '../permissions';
import type { CouncilRuleSettings } from '../rules';
import type { EligibilityRequest, EligibilityResult, Nation } from '../rules/types';
import { approvalProblems } from './decision';
import type { CaseDecision, CaseFee, CaseReview, CaseWithdrawal, InformationRequest } from './records';
import type { Language } from '../forms/fields';
import type { SendLetterParams } from './letters';

/**
 * The council's case: what happens to an application once it is sent. Each transition names the
 * permission an officer needs for it (`meta.permission`): the one place that rule lives.
 */
export const CASE_WORKFLOW = { id: 'case', version: 1 } as const;

export type { CaseDecision } from './records';

/** National codes (blue-badge-scheme.md §9, [BBDS-REF]). */
export type ApplicationTypeCode = 'NEW' | 'RENEW' | 'CANCEL' | 'REPLACE';
export type ChannelCode = 'ONLINE' | 'PAPER' | 'PHONE' | 'INPERSON';

export interface CaseContext {
  reference: string;
  nation: Nation;
  applicationType: ApplicationTypeCode;
  channel: ChannelCode;
  /** The applicant's answers as sent (only those on the journey's path), and their "add another" lists. */
  answers: Record<string, Answers>;
  lists: Record<string, Answers[]>;
  /** The facts the rules judged, and their verdict when the application was sent. */
  facts: EligibilityRequest;
  eligibility: EligibilityResult;
  ruleSettings?: Partial<CouncilRuleSettings>;
  /** Set on a REPLACE case: the badge it replaces. */
  replacement?: CaseReplacement;
  /** Set when staff keyed the application for the resident (channel PAPER, PHONE or INPERSON). */
  keyedBy?: { id: string; name: string };
  /** The fee as it stood when the application was sent (absent on cases opened before fees existed). */
  fee?: CaseFee;
  decision?: CaseDecision;
  /** Every request for more information, oldest first; the last is the open one while the case waits. */
  informationRequests?: InformationRequest[];
  withdrawal?: CaseWithdrawal;
  reviews?: CaseReview[];
  /** The applicant's language for letters and emails (absent on cases opened before it was kept: English). */
  language?: Language;
}

export interface CaseInput {
  reference: string;
  nation: Nation;
  applicationType: ApplicationTypeCode;
  channel: ChannelCode;
  answers: Record<string, Answers>;
  lists: Record<string, Answers[]>;
  facts: EligibilityRequest;
  eligibility: EligibilityResult;
  ruleSettings?: Partial<CouncilRuleSettings>;
  replacement?: CaseReplacement;
  /** Set when staff keyed the application for the resident (channel PAPER, PHONE or INPERSON). */
  keyedBy?: { id: string; name: string };
  /** The fee as it stood when the application was sent (workflows/journey/fee.ts caseFeeOf). */
  fee?: CaseFee;
  /** The language the applicant used: their letters and emails are in it. */
  language?: Language;
}

export interface CaseReplacement {
  badgeNumber: string;
  reason: 'LOST' | 'STOLE' | 'DAMAGED';
  crimeReference?: string;
  /** The replacement keeps the original badge's dates. */
  startDate?: string;
  expiryDate: string;
  /** The original badge's eligibility code, when this council issued it through the kit. */
  eligibilityCode?: string;
}

/** `today` is supplied by the server, never by a form: guards stay pure and testable on any date. */
export type CaseEvent =
  | { type: 'START_ASSESSMENT'; today: string }
  | { type: 'APPROVE'; startDate: string; expiryDate: string; today: string }
  | { type: 'REFUSE'; reason: string; today: string };

export interface TransitionMeta {
  permission: Permission;
  /** Plain English for the process map. */
  description?: string;
}

export const caseMachine = setup({
  types: { context: {} as CaseContext, events: {} as CaseEvent, input: {} as CaseInput },
  guards: {
    approvalAllowed: ({ context, event }) =>
      event.type === 'APPROVE' && approvalProblems(context, event, event.today).length === 0,
    reasonGiven: ({ event }) => event.type === 'REFUSE' && event.reason.trim().length > 0,
  },
  actions: {
    recordApproval: assign({
      decision: ({ event }) =>
        event.type === 'APPROVE'
          ? {
              outcome: 'approved',
              startDate: event.startDate,
              expiryDate: event.expiryDate,
              decidedAt: event.today,
            }
          : undefined,
    }),
    recordRefusal: assign({
      decision: ({ event }) =>
        event.type === 'REFUSE'
          ? { outcome: 'refused', reason: event.reason, decidedAt: event.today }
          : undefined,
    }),
    /** Effect: the app orders the badge (allocates its number, starts its workflow) in the same transaction. */
    orderBadge: () => undefined,
    /** Effect: the app renders the letter, keeps it on the case and emails the applicant (app/letters/). */
    sendLetter: (_, _params: SendLetterParams) => undefined,
  },
}).createMachine({
  id: CASE_WORKFLOW.id,
  description: 'The council assesses a Blue Badge application and decides it.',
  context: ({ input }) => ({ ...input }),
  initial: 'submitted',
  states: {
    submitted: {
      description: 'Sent by the applicant, waiting for an officer.',
      on: {
        START_ASSESSMENT: {
          target: 'assessing',
          meta: {
            permission: 'case:assess',
            description: 'An officer starts the assessment',
          } satisfies TransitionMeta,
        },
      },
    },
    assessing: {
      description: 'An officer checks the answers and evidence against the rules.',
      on: {
        APPROVE: {
          guard: 'approvalAllowed',
          target: 'decided.approved',
          actions: ['recordApproval', { type: 'sendLetter', params: { letter: 'approval' } }],
          meta: {
            permission: 'case:decide',
            description: 'A decision maker approves, with a start and expiry date the rules allow',
          } satisfies TransitionMeta,
        },
        REFUSE: {
          guard: 'reasonGiven',
          target: 'decided.refused',
          actions: ['recordRefusal', { type: 'sendLetter', params: { letter: 'refusal' } }],
          meta: {
            permission: 'case:decide',
            description: 'A decision maker refuses, giving the reason',
          } satisfies TransitionMeta,
        },
      },
    },
    decided: {
      description: 'A decision has been made.',
      initial: 'approved',
      states: {
        approved: {
          description: 'Approved: the badge is ordered straight away.',
          always: { target: '#case.badgeOrdered', actions: 'orderBadge' },
        },
        refused: { description: 'Refused, with the reason recorded for the letter.', type: 'final' },
      },
    },
    badgeOrdered: {
      description: 'A badge has been ordered; its own workflow takes it from here.',
      type: 'final',
    },
  },
});

import { assign, setup } from 'xstate';
import type { CaseContext, CaseInput } from '../machine';
import { approvalProblems } from '../decision';
import type { SendLetterParams } from '../letters';

/**
 * Case workflow version 1, frozen: the machine cases sent before version 2 keep running on until the
 * council migrates them (`npm run kit -- migrate-workflow case --to 2`). Never edit it: change the
 * current machine (workflows/case/machine.ts) and add a migration instead (docs/process/CHANGELOG.md).
 */
export const CASE_V1 = 1;

export type CaseV1Event =
  | { type: 'START_ASSESSMENT'; today: string }
  | { type: 'APPROVE'; startDate: string; expiryDate: string; today: string }
  | { type: 'REFUSE'; reason: string; today: string };

export const caseMachineV1 = setup({
  types: { context: {} as CaseContext, events: {} as CaseV1Event, input: {} as CaseInput },
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
  id: 'case',
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
          },
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
          },
        },
        REFUSE: {
          guard: 'reasonGiven',
          target: 'decided.refused',
          actions: ['recordRefusal', { type: 'sendLetter', params: { letter: 'refusal' } }],
          meta: {
            permission: 'case:decide',
            description: 'A decision maker refuses, giving the reason',
          },
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

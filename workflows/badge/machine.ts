import { setup } from 'xstate';
import type { TransitionMeta } from '../case/machine';

/** A badge's life after it is ordered. Statuses follow the national service's (blue-badge-scheme.md §9, [BBDS-BM]). */
export const BADGE_WORKFLOW = { id: 'badge', version: 1 } as const;

export interface BadgeContext {
  badgeNumber: string;
  caseReference: string;
  eligibilityCode: string;
  startDate: string;
  expiryDate: string;
}

export type BadgeEvent = { type: 'ISSUE'; today: string };

export const badgeMachine = setup({
  types: { context: {} as BadgeContext, events: {} as BadgeEvent, input: {} as BadgeContext },
}).createMachine({
  id: BADGE_WORKFLOW.id,
  description: 'A Blue Badge from order to issue.',
  context: ({ input }) => ({ ...input }),
  initial: 'ordered',
  states: {
    ordered: {
      description: 'ORDERED: waiting to be printed and posted.',
      on: {
        ISSUE: {
          target: 'issued',
          meta: {
            permission: 'badge:manage',
            description: 'The badge has been printed and posted',
          } satisfies TransitionMeta,
        },
      },
    },
    issued: { description: 'ISSUED: with the holder.' },
  },
});

import { setup } from 'xstate';
import type { TransitionMeta } from '../../case/machine';
import type { BadgeContext } from '../machine';

/**
 * Badge workflow version 1, frozen: ordered, then issued, and nothing after. Badges ordered before version 2
 * keep running on it until the council migrates them (`npm run kit -- migrate-workflow badge --to 2`).
 * Never edit it: change the current machine (workflows/badge/machine.ts) and add a migration instead
 * (docs/process/CHANGELOG.md).
 */
export const BADGE_V1 = 1;

export type BadgeV1Event = { type: 'ISSUE'; today: string };

export const badgeMachineV1 = setup({
  types: { context: {} as BadgeContext, events: {} as BadgeV1Event, input: {} as BadgeContext },
}).createMachine({
  id: 'badge',
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

import { assign, setup } from 'xstate';
import type { TransitionMeta } from '../case/machine';
import { daysBetween } from '../rules/dates';

/**
 * A badge's life after it is ordered: issued, then cancelled, replaced or expired. Statuses follow the
 * national service's (blue-badge-scheme.md §8 and §9, [BBDS-BM], [BBDS-REF]).
 */
export const BADGE_WORKFLOW = { id: 'badge', version: 2 } as const;

/** National cancel reason codes [BBDS-REF]: revoked, holder died, no longer eligible, not delivered, lost, stolen, damaged. */
export const CANCEL_REASONS = [
  'REVOKE',
  'DECEASE',
  'NOLONG',
  'UNDELIVER',
  'LOST',
  'STOLE',
  'DAMAGED',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
/** National replace reason codes [BBDS-REF]: a replacement is ordered for these, and the old badge is replaced. */
export const REPLACE_REASONS = ['STOLE', 'LOST', 'DAMAGED', 'UNDELIVER'] as const;
export type ReplaceReason = (typeof REPLACE_REASONS)[number];

export interface StaffRef {
  id: string;
  name: string;
}

export interface BadgeContext {
  badgeNumber: string;
  caseReference: string;
  eligibilityCode: string;
  startDate: string;
  expiryDate: string;
  /** The day it was ordered (UK date): the expiry timer armed at the order counts from it. Version 2. */
  orderedOn?: string;
  /** The day it was recorded as issued: the expiry timer armed then counts from it. Version 2. */
  issuedOn?: string;
  /**
   * The day a badge ordered on version 1 (which has neither day) was moved onto version 2: the expiry timer
   * armed by the move counts from it.
   */
  migratedOn?: string;
  /** Why and when it was cancelled [BBDS-BM cancel_reason_code]. */
  cancellation?: { reason: CancelReason; on: string; by?: StaffRef };
  /** Why and when a replacement took its place [BBDS-BM replace_reason_code]. */
  replacement?: { reason: ReplaceReason; on: string; by?: StaffRef };
}

export type BadgeEvent =
  | { type: 'ISSUE'; today: string }
  | { type: 'CANCEL'; reason: string; today: string; by?: StaffRef }
  | { type: 'REPLACE'; reason: string; today: string; by?: StaffRef };

const DAY_MS = 24 * 60 * 60 * 1000;

/** True while the badge is in force: up to and including its expiry date. */
export const notExpired = (context: BadgeContext, today: string): boolean => today <= context.expiryDate;

/**
 * How long from the day the timer is armed (the day it was issued, or else ordered, or else moved onto
 * version 2) until the badge has expired: the start of the day after its expiry date. Armed part-way through
 * that day, it fires at the same hour the day after expiry. Never negative: a badge already past its date
 * expires at once.
 */
export function untilExpired(context: BadgeContext): number {
  const from = context.issuedOn ?? context.orderedOn ?? context.migratedOn ?? context.startDate;
  return Math.max(daysBetween(from, context.expiryDate) + 1, 0) * DAY_MS;
}

const expire = {
  badgeExpiry: {
    target: '#badge.expired',
    meta: { description: 'The badge reaches the end of its expiry date' },
  },
} as const;

const cancelMeta = {
  permission: 'badge:manage',
  description: 'An officer cancels the badge with a national cancel reason',
} satisfies TransitionMeta;

export const badgeMachine = setup({
  types: { context: {} as BadgeContext, events: {} as BadgeEvent, input: {} as BadgeContext },
  delays: { badgeExpiry: ({ context }) => untilExpired(context) },
  guards: {
    cancelAllowed: ({ context, event }) =>
      event.type === 'CANCEL' &&
      (CANCEL_REASONS as readonly string[]).includes(event.reason) &&
      notExpired(context, event.today),
    replaceAllowed: ({ context, event }) =>
      event.type === 'REPLACE' &&
      (REPLACE_REASONS as readonly string[]).includes(event.reason) &&
      notExpired(context, event.today),
  },
  actions: {
    recordIssue: assign({ issuedOn: ({ event }) => event.today }),
    recordCancellation: assign({
      cancellation: ({ event }) =>
        event.type === 'CANCEL'
          ? { reason: event.reason as CancelReason, on: event.today, ...(event.by ? { by: event.by } : {}) }
          : undefined,
    }),
    recordReplacement: assign({
      replacement: ({ event }) =>
        event.type === 'REPLACE'
          ? { reason: event.reason as ReplaceReason, on: event.today, ...(event.by ? { by: event.by } : {}) }
          : undefined,
    }),
  },
}).createMachine({
  id: BADGE_WORKFLOW.id,
  description: 'A Blue Badge from order to issue, and how it ends: cancelled, replaced or expired.',
  context: ({ input }) => ({ ...input }),
  initial: 'ordered',
  states: {
    ordered: {
      description: 'ORDERED: waiting to be printed and posted.',
      after: expire,
      on: {
        ISSUE: {
          target: 'issued',
          actions: 'recordIssue',
          meta: {
            permission: 'badge:manage',
            description: 'The badge has been printed and posted',
          } satisfies TransitionMeta,
        },
        CANCEL: {
          guard: 'cancelAllowed',
          target: 'cancelled',
          actions: 'recordCancellation',
          meta: cancelMeta,
        },
      },
    },
    issued: {
      description: 'ISSUED: with the holder, in force until its expiry date.',
      after: expire,
      on: {
        CANCEL: {
          guard: 'cancelAllowed',
          target: 'cancelled',
          actions: 'recordCancellation',
          meta: cancelMeta,
        },
        REPLACE: {
          guard: 'replaceAllowed',
          target: 'replaced',
          actions: 'recordReplacement',
          meta: {
            permission: 'badge:manage',
            description:
              'A replacement is ordered for a lost, stolen, damaged or undelivered badge; this one is cancelled [S3, BBDS-BM]',
          } satisfies TransitionMeta,
        },
      },
    },
    cancelled: {
      type: 'final',
      description: 'CANCELLED: no longer valid; using it is an offence [S11, W5].',
    },
    replaced: {
      type: 'final',
      description:
        'REPLACED: a new badge with a new number took its place, with the same dates [S3, BBDS-BM].',
    },
    expired: {
      type: 'final',
      description: 'Expired: past its expiry date; the holder reapplies to renew [S3, W8].',
    },
  },
});

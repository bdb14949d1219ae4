import type { Field } from '../forms/fields';
import type { StaffEventForm } from '../forms/staff-events';
import { CANCEL_REASONS, notExpired, REPLACE_REASONS, type BadgeContext } from './machine';

/** A reason as radios: the options' words are in the locales (`fields.reason.options.<CODE>`). */
const reasonField = (codes: readonly string[]): Field => ({
  kind: 'radios',
  name: 'reason',
  options: codes.map((value) => ({ value, text: value })),
});

/** Cancelling or replacing needs a badge still in force [BBDS-BM]; the statechart's guard checks the same. */
const inForce = (context: BadgeContext, _values: Record<string, string>, today: string) =>
  notExpired(context, today)
    ? []
    : [{ field: 'reason', href: '#reason', text: `This badge expired on ${context.expiryDate}` }];

/** The officer's forms for badge events; their words are in ./locales/<language>.json under `events.<EVENT>`. */
export const badgeEventForms: StaffEventForm<BadgeContext>[] = [
  { event: 'ISSUE', slug: 'issue', fields: [], toEvent: (_values, today) => ({ type: 'ISSUE', today }) },
  {
    event: 'CANCEL',
    slug: 'cancel',
    warning: true,
    fields: [reasonField(CANCEL_REASONS)],
    check: inForce,
    toEvent: (values, today, server) => ({
      type: 'CANCEL',
      reason: values.reason,
      today,
      ...(server ? { by: server.by } : {}),
    }),
  },
  {
    event: 'REPLACE',
    slug: 'replace',
    fields: [reasonField(REPLACE_REASONS)],
    check: inForce,
    toEvent: (values, today, server) => ({
      type: 'REPLACE',
      reason: values.reason,
      today,
      ...(server ? { by: server.by } : {}),
    }),
  },
];

export const BADGE_NAMESPACE = 'badge';

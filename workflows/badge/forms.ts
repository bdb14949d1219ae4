import type { StaffEventForm } from '../forms/staff-events';
import type { BadgeContext } from './machine';

/** The officer's forms for badge events; their words are in ./locales/en.json under `events.<EVENT>`. */
export const badgeEventForms: StaffEventForm<BadgeContext>[] = [
  { event: 'ISSUE', slug: 'issue', fields: [], toEvent: (_values, today) => ({ type: 'ISSUE', today }) },
];

export const BADGE_NAMESPACE = 'badge';

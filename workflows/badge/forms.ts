import type { StaffEventForm } from '../forms/staff-events';
import type { BadgeContext } from './machine';

export const badgeEventForms: StaffEventForm<BadgeContext>[] = [
  {
    event: 'ISSUE',
    slug: 'issue',
    title: 'Record the badge as issued',
    action: 'Record as issued',
    button: 'Record as issued',
    fields: [],
    toEvent: (_values, today) => ({ type: 'ISSUE', today }),
  },
];

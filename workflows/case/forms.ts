import { addYears } from '../rules/dates';
import type { StaffEventForm } from '../forms/staff-events';
import { approvalProblems, latestExpiryForCase } from './decision';
import type { CaseContext } from './machine';

/** The officer's forms for case events; their words are in ./locales/en.json under `events.<EVENT>`. */
export const caseEventForms: StaffEventForm<CaseContext>[] = [
  {
    event: 'START_ASSESSMENT',
    slug: 'start-assessment',
    fields: [],
    toEvent: (_values, today) => ({ type: 'START_ASSESSMENT', today }),
  },
  {
    event: 'APPROVE',
    slug: 'approve',
    fields: [
      { kind: 'date', name: 'startDate', constraint: 'not-past' },
      { kind: 'date', name: 'expiryDate' },
    ],
    defaults: (context, today) => ({
      startDate: today,
      expiryDate: latestExpiryForCase(context, today) ?? addYears(today, 3),
    }),
    check: (context, values, today) =>
      approvalProblems(context, { startDate: values.startDate, expiryDate: values.expiryDate }, today),
    toEvent: (values, today) => ({
      type: 'APPROVE',
      startDate: values.startDate,
      expiryDate: values.expiryDate,
      today,
    }),
  },
  {
    event: 'REFUSE',
    slug: 'refuse',
    warning: true,
    fields: [{ kind: 'textarea', name: 'reason', maxLength: 2000 }],
    toEvent: (values, today) => ({ type: 'REFUSE', reason: values.reason, today }),
  },
];

export const CASE_NAMESPACE = 'case';

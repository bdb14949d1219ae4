import { addYears } from '../dates';
import type { StaffEventForm } from '../forms/staff-events';
import { approvalProblems, latestExpiryFor } from './decision';
import type { CaseContext } from './machine';

export const caseEventForms: StaffEventForm<CaseContext>[] = [
  {
    event: 'START_ASSESSMENT',
    slug: 'start-assessment',
    title: 'Start the assessment',
    action: 'Start assessment',
    button: 'Start assessment',
    fields: [],
    toEvent: (_values, today) => ({ type: 'START_ASSESSMENT', today }),
  },
  {
    event: 'APPROVE',
    slug: 'approve',
    title: 'Approve the application',
    action: 'Approve',
    button: 'Approve and order badge',
    fields: [
      {
        kind: 'date',
        name: 'startDate',
        label: 'Badge start date',
        hint: 'Today or later, for example 1 6 2027',
        constraint: 'not-past',
        errors: {
          required: 'Enter the badge start date',
          invalid: 'Start date must be a real date',
          notPast: 'Start date must be today or in the future',
        },
      },
      {
        kind: 'date',
        name: 'expiryDate',
        label: 'Badge expiry date',
        hint: 'Set to the latest the rules allow; you can only make it earlier',
        errors: { required: 'Enter the badge expiry date', invalid: 'Expiry date must be a real date' },
      },
    ],
    defaults: (context, today) => ({
      startDate: today,
      expiryDate: latestExpiryFor(context.facts, today) ?? addYears(today, 3),
    }),
    check: (context, values, today) =>
      approvalProblems(context.facts, { startDate: values.startDate, expiryDate: values.expiryDate }, today),
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
    title: 'Refuse the application',
    action: 'Refuse',
    button: 'Refuse application',
    warning: true,
    fields: [
      {
        kind: 'textarea',
        name: 'reason',
        label: 'Reason for refusal',
        hint: 'This is written in the letter to the applicant, so use plain English',
        maxLength: 2000,
        errors: {
          required: 'Enter the reason for refusal',
          tooLong: 'Reason must be 2,000 characters or fewer',
        },
      },
    ],
    toEvent: (values, today) => ({ type: 'REFUSE', reason: values.reason, today }),
  },
];

import { addDays, addYears } from '../rules/dates';
import type { Field, FieldError } from '../forms/fields';
import type { StaffEventForm, StaffEventServer } from '../forms/staff-events';
import { ASSESSMENT_FACTORS, desktopAssessmentKind, meetsProblem } from './assessment';
import { approvalProblems, latestExpiryForCase } from './decision';
import {
  fourEyesProblem,
  notForReassessmentAllowed,
  refusalProblem,
  reviewerProblem,
  reviewRequestProblem,
  type CaseContext,
} from './machine';
import {
  DESKTOP_ASSESSMENT_KINDS,
  EVIDENCE_ITEMS,
  REFUSAL_REASON_CODES,
  type AssessedFactor,
  type CaseReview,
  type DesktopAssessmentKind,
  type RefusalReasonCode,
} from './records';

const yesNo = [{ value: 'yes' }, { value: 'no' }];
const problem = (field: string, text: string, href = `#${field}`): FieldError[] => [{ field, href, text }];
const by = (server?: StaffEventServer) => (server ? { by: server.by } : {});

/** Each evidence item: accepted, rejected (with the reason) or not needed for this applicant. */
const evidenceFields: Field[] = EVIDENCE_ITEMS.flatMap((item): Field[] => [
  {
    kind: 'radios',
    name: item,
    options: [{ value: 'accepted' }, { value: 'rejected' }, { value: 'not-needed' }],
  },
  { kind: 'text', name: `${item}Reason`, maxLength: 500, when: { field: item, value: 'rejected' } },
]);

/** Each factor the guidance names: present or not, the evidence seen, and an optional note. */
const factorFields = (kind: DesktopAssessmentKind): Field[] => [
  ...ASSESSMENT_FACTORS[kind].flatMap((factor): Field[] => [
    { kind: 'radios', name: factor, options: yesNo },
    { kind: 'text', name: `${factor}Evidence`, maxLength: 500 },
    { kind: 'text', name: `${factor}Note`, maxLength: 500, optional: true },
  ]),
  {
    kind: 'radios',
    name: 'outcome',
    options: [{ value: 'meets' }, { value: 'does-not-meet' }, { value: 'refer' }],
  },
];

const factorsFrom = (kind: DesktopAssessmentKind, values: Record<string, string>): AssessedFactor[] =>
  ASSESSMENT_FACTORS[kind].map((factor) => ({
    factor,
    present: values[factor] === 'yes',
    evidenceSeen: values[`${factor}Evidence`],
    ...(values[`${factor}Note`] ? { note: values[`${factor}Note`] } : {}),
  }));

const desktopForm = (kind: DesktopAssessmentKind): StaffEventForm<CaseContext> => ({
  event: 'RECORD_DESKTOP_ASSESSMENT',
  slug: `desktop-assessment-${kind}`,
  words: `RECORD_DESKTOP_ASSESSMENT.${kind}`,
  appliesTo: (context) => desktopAssessmentKind(context.eligibility) === kind,
  fields: factorFields(kind),
  check: (context, values) => {
    const text =
      values.outcome === 'meets' ? meetsProblem(kind, factorsFrom(kind, values), context.nation) : undefined;
    return text ? problem('outcome', text) : [];
  },
  toEvent: (values, today, server) => ({
    type: 'RECORD_DESKTOP_ASSESSMENT',
    kind,
    factors: factorsFrom(kind, values),
    outcome: values.outcome,
    today,
    ...by(server),
  }),
});

const fourEyes = (context: CaseContext, server?: StaffEventServer) => {
  const text = server && fourEyesProblem(context, server.by, server.settings.fourEyes);
  return text ? problem('fourEyes', text, '#case-errors') : [];
};

/** The officer's forms for case events; their words are in ./locales/en.json under `events.<EVENT>`. */
export const caseEventForms: StaffEventForm<CaseContext>[] = [
  {
    event: 'START_ASSESSMENT',
    slug: 'start-assessment',
    fields: [],
    toEvent: (_values, today, server) => ({ type: 'START_ASSESSMENT', today, ...by(server) }),
  },
  {
    event: 'CHECK_EVIDENCE',
    slug: 'check-evidence',
    fields: evidenceFields,
    toEvent: (values, today, server) => ({
      type: 'CHECK_EVIDENCE',
      checks: EVIDENCE_ITEMS.map((item) => ({
        item,
        outcome: values[item],
        ...(values[item] === 'rejected' ? { reason: values[`${item}Reason`] } : {}),
      })),
      today,
      ...by(server),
    }),
  },
  ...DESKTOP_ASSESSMENT_KINDS.map(desktopForm),
  {
    event: 'BOOK_APPOINTMENT',
    slug: 'book-appointment',
    fields: [
      { kind: 'date', name: 'date', constraint: 'not-past' },
      { kind: 'text', name: 'place', maxLength: 200 },
    ],
    toEvent: (values, today, server) => ({
      type: 'BOOK_APPOINTMENT',
      date: values.date,
      place: values.place,
      today,
      ...by(server),
    }),
  },
  {
    event: 'RECORD_ATTENDANCE',
    slug: 'record-attendance',
    fields: [{ kind: 'radios', name: 'attended', options: yesNo }],
    toEvent: (values, today, server) => ({
      type: 'RECORD_ATTENDANCE',
      attended: values.attended === 'yes',
      today,
      ...by(server),
    }),
  },
  {
    event: 'RECORD_ASSESSOR_OUTCOME',
    slug: 'assessor-outcome',
    fields: [
      { kind: 'radios', name: 'outcome', options: [{ value: 'meets' }, { value: 'does-not-meet' }] },
      { kind: 'textarea', name: 'report', maxLength: 2000 },
    ],
    toEvent: (values, today, server) => ({
      type: 'RECORD_ASSESSOR_OUTCOME',
      outcome: values.outcome,
      report: values.report,
      today,
      ...by(server),
    }),
  },
  {
    event: 'REQUEST_INFORMATION',
    slug: 'request-information',
    fields: [
      { kind: 'textarea', name: 'whatIsNeeded', maxLength: 2000 },
      { kind: 'date', name: 'dueDate', constraint: 'not-past' },
    ],
    defaults: (_context, today, server) => ({
      dueDate: addDays(today, server?.settings.withdrawalDays ?? 28),
    }),
    check: (_context, values, today) =>
      values.dueDate <= today ? problem('dueDate', 'Due date must be after today', '#dueDate-day') : [],
    toEvent: (values, today, server) => ({
      type: 'REQUEST_INFORMATION',
      id: globalThis.crypto.randomUUID(),
      whatIsNeeded: values.whatIsNeeded,
      dueDate: values.dueDate,
      reminderDays: server?.settings.evidenceReminderDays ?? 14,
      today,
      ...by(server),
    }),
  },
  {
    event: 'APPROVE',
    slug: 'approve',
    fields: [
      { kind: 'date', name: 'startDate', constraint: 'not-past' },
      { kind: 'date', name: 'expiryDate' },
      { kind: 'radios', name: 'notForReassessment', options: yesNo, optional: true },
    ],
    defaults: (context, today) => ({
      startDate: today,
      expiryDate: latestExpiryForCase(context, today) ?? addYears(today, 3),
      notForReassessment: 'no',
    }),
    check: (context, values, today, server) => {
      const dates = approvalProblems(
        context,
        { startDate: values.startDate, expiryDate: values.expiryDate },
        today,
      );
      if (dates.length > 0) return dates;
      const rejected = context.evidenceChecks?.find((check) => check.outcome === 'rejected');
      if (rejected)
        return problem(
          'case',
          `The ${rejected.item} evidence was rejected: ask the applicant for more information, or refuse`,
          '#case-errors',
        );
      if (values.notForReassessment === 'yes' && !notForReassessmentAllowed(context))
        return problem(
          'notForReassessment',
          'Not for reassessment is only for a person eligible subject to further assessment',
        );
      return fourEyes(context, server);
    },
    toEvent: (values, today, server) => ({
      type: 'APPROVE',
      startDate: values.startDate,
      expiryDate: values.expiryDate,
      notForReassessment: values.notForReassessment === 'yes',
      fourEyes: server?.settings.fourEyes ?? false,
      today,
      ...by(server),
    }),
  },
  {
    event: 'REFUSE',
    slug: 'refuse',
    warning: true,
    fields: [
      { kind: 'checkboxes', name: 'reasons', options: REFUSAL_REASON_CODES.map((value) => ({ value })) },
      { kind: 'textarea', name: 'reason', maxLength: 2000 },
      { kind: 'radios', name: 'misuseOrFalseRepresentation', options: yesNo, optional: true },
    ],
    check: (context, values, _today, server) => {
      const text = refusalProblem(values.reasons?.split(','), values.reason ?? '');
      return text ? problem('reasons', text) : fourEyes(context, server);
    },
    toEvent: (values, today, server) => ({
      type: 'REFUSE',
      reasons: values.reasons.split(',') as RefusalReasonCode[],
      reason: values.reason,
      misuseOrFalseRepresentation: values.misuseOrFalseRepresentation === 'yes',
      fourEyes: server?.settings.fourEyes ?? false,
      today,
      ...by(server),
    }),
  },
  {
    event: 'WITHDRAW',
    slug: 'withdraw',
    warning: true,
    fields: [],
    toEvent: (_values, today, server) => ({ type: 'WITHDRAW', today, ...by(server) }),
  },
  {
    event: 'REQUEST_REVIEW',
    slug: 'request-review',
    fields: [
      {
        kind: 'radios',
        name: 'kind',
        options: [
          { value: 'reconsideration', nations: ['england', 'wales'] },
          { value: 'statutory-review', nations: ['scotland'] },
          { value: 'welsh-ministers-appeal', nations: ['wales'] },
        ],
      },
      { kind: 'date', name: 'requestedOn' },
      { kind: 'radios', name: 'inWriting', options: yesNo, optional: true },
    ],
    defaults: (_context, today) => ({ requestedOn: today }),
    check: (context, values, today) => {
      const kind = values.kind as CaseReview['kind'];
      const text = reviewRequestProblem(context, kind, values.requestedOn, today, values.inWriting === 'yes');
      return text ? problem(text.includes('writing') ? 'inWriting' : 'kind', text) : [];
    },
    toEvent: (values, today, server) => ({
      type: 'REQUEST_REVIEW',
      kind: values.kind,
      requestedOn: values.requestedOn,
      inWriting: values.inWriting === 'yes',
      today,
      ...by(server),
    }),
  },
  {
    event: 'DECIDE_REVIEW',
    slug: 'decide-review',
    fields: [
      { kind: 'radios', name: 'outcome', options: [{ value: 'upheld' }, { value: 'overturned' }] },
      { kind: 'textarea', name: 'note', maxLength: 2000 },
    ],
    check: (context, _values, _today, server) => {
      const text = server && reviewerProblem(context, server.by);
      return text ? problem('outcome', text) : [];
    },
    toEvent: (values, today, server) => ({
      type: 'DECIDE_REVIEW',
      outcome: values.outcome,
      note: values.note,
      today,
      ...by(server),
    }),
  },
];

export const CASE_NAMESPACE = 'case';

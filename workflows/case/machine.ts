import { and, assign, setup } from 'xstate';
import { addDays, daysBetween } from '../rules/dates';
import type { Answers } from '../forms/fields';
import type { Permission } from '../permissions';
import type { CouncilRuleSettings } from '../rules';
import type { EligibilityRequest, EligibilityResult, Nation } from '../rules/types';
import { ASSESSOR_FOR, desktopAssessmentKind, meetsProblem } from './assessment';
import { approvalProblems, badgeEligibilityCode } from './decision';
import type {
  AssessedFactor,
  AssessorReferral,
  CaseDecision,
  CaseFee,
  CaseReview,
  CaseWithdrawal,
  DesktopAssessment,
  DesktopAssessmentKind,
  EvidenceCheck,
  InformationRequest,
  RefusalReasonCode,
  StaffRef,
} from './records';
import type { Language } from '../forms/fields';
import type { SendLetterParams } from './letters';

/**
 * The council's case: what happens to an application once it is sent. Each transition names the
 * permission an officer needs for it (`meta.permission`): the one place that rule lives.
 */
export const CASE_WORKFLOW = { id: 'case', version: 2 } as const;

export type { CaseDecision } from './records';

/** National codes (blue-badge-scheme.md §9, [BBDS-REF]). */
export type ApplicationTypeCode = 'NEW' | 'RENEW' | 'CANCEL' | 'REPLACE';
export type ChannelCode = 'ONLINE' | 'PAPER' | 'PHONE' | 'INPERSON';

export interface CaseContext {
  reference: string;
  nation: Nation;
  applicationType: ApplicationTypeCode;
  channel: ChannelCode;
  /** The applicant's answers as sent (only those on the journey's path), and their "add another" lists. */
  answers: Record<string, Answers>;
  lists: Record<string, Answers[]>;
  /** The facts the rules judged, and their verdict when the application was sent. */
  facts: EligibilityRequest;
  eligibility: EligibilityResult;
  ruleSettings?: Partial<CouncilRuleSettings>;
  /** Set on a REPLACE case: the badge it replaces. */
  replacement?: CaseReplacement;
  /** Set when staff keyed the application for the resident (channel PAPER, PHONE or INPERSON). */
  keyedBy?: { id: string; name: string };
  /** The fee as it stood when the application was sent (absent on cases opened before fees existed). */
  fee?: CaseFee;
  decision?: CaseDecision;
  /** Every request for more information, oldest first; the last is the open one while the case waits. */
  informationRequests?: InformationRequest[];
  withdrawal?: CaseWithdrawal;
  reviews?: CaseReview[];
  /** The officer's check of each evidence item, as last recorded. */
  evidenceChecks?: EvidenceCheck[];
  desktopAssessment?: DesktopAssessment;
  referral?: AssessorReferral;
  /** Everyone who assessed the case: with four eyes on, none of them may decide it. */
  assessedBy?: StaffRef[];
  /** The applicant's language for letters and emails (absent on cases opened before it was kept: English). */
  language?: Language;
}

export interface CaseInput {
  reference: string;
  nation: Nation;
  applicationType: ApplicationTypeCode;
  channel: ChannelCode;
  answers: Record<string, Answers>;
  lists: Record<string, Answers[]>;
  facts: EligibilityRequest;
  eligibility: EligibilityResult;
  ruleSettings?: Partial<CouncilRuleSettings>;
  replacement?: CaseReplacement;
  /** Set when staff keyed the application for the resident (channel PAPER, PHONE or INPERSON). */
  keyedBy?: { id: string; name: string };
  /** The fee as it stood when the application was sent (workflows/journey/fee.ts caseFeeOf). */
  fee?: CaseFee;
  /** The language the applicant used: their letters and emails are in it. */
  language?: Language;
}

export interface CaseReplacement {
  badgeNumber: string;
  reason: 'LOST' | 'STOLE' | 'DAMAGED';
  crimeReference?: string;
  /** The replacement keeps the original badge's dates. */
  startDate?: string;
  expiryDate: string;
  /** The original badge's eligibility code, when this council issued it through the kit. */
  eligibilityCode?: string;
}

/**
 * What staff send. `today` and `by` (the officer) are supplied by the server, never by a form: guards
 * stay pure and testable on any date. `fourEyes` is the council's setting (`decisions.fourEyes`) in force
 * when the decision is made.
 */
export interface Staffed {
  today: string;
  by?: StaffRef;
}
export type CaseEvent =
  | ({ type: 'START_ASSESSMENT' } & Staffed)
  | ({
      type: 'CHECK_EVIDENCE';
      checks: Array<Pick<EvidenceCheck, 'item' | 'outcome' | 'reason'>>;
    } & Staffed)
  | ({
      type: 'RECORD_DESKTOP_ASSESSMENT';
      kind: DesktopAssessmentKind;
      factors: AssessedFactor[];
      outcome: DesktopAssessment['outcome'];
    } & Staffed)
  | ({ type: 'BOOK_APPOINTMENT'; date: string; place: string } & Staffed)
  | ({ type: 'RECORD_ATTENDANCE'; attended: boolean } & Staffed)
  | ({ type: 'RECORD_ASSESSOR_OUTCOME'; outcome: 'meets' | 'does-not-meet'; report: string } & Staffed)
  | ({
      type: 'REQUEST_INFORMATION';
      id: string;
      whatIsNeeded: string;
      dueDate: string;
      /** `reminders.evidenceReminderDays` in force when asked. */
      reminderDays: number;
    } & Staffed)
  /** The applicant's reply through the secure link (a citizen event: no staff permission). */
  | { type: 'INFORMATION_RECEIVED'; reply: string; today: string }
  | ({ type: 'WITHDRAW' } & Staffed)
  | ({
      type: 'APPROVE';
      startDate: string;
      expiryDate: string;
      notForReassessment?: boolean;
      fourEyes?: boolean;
    } & Staffed)
  | ({
      type: 'REFUSE';
      reason: string;
      reasons?: RefusalReasonCode[];
      misuseOrFalseRepresentation?: boolean;
      fourEyes?: boolean;
    } & Staffed)
  | ({
      type: 'REQUEST_REVIEW';
      kind: CaseReview['kind'];
      requestedOn: string;
      /** Scotland's statutory review is requested in writing [T7]. */
      inWriting?: boolean;
    } & Staffed)
  | ({ type: 'DECIDE_REVIEW'; outcome: 'upheld' | 'overturned'; note: string } & Staffed);

export interface TransitionMeta {
  permission: Permission;
  /** Plain English for the process map. */
  description?: string;
}

/** Days to ask for a review or appeal: Scotland's statutory review [T7], Wales's appeal [W11]. */
export const REVIEW_DAYS = 28;

/** The open (last) request for information. */
export const openRequest = (context: CaseContext): InformationRequest | undefined =>
  context.informationRequests?.at(-1);

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a staff member may not make this decision; undefined when they may. Used by guards and forms. */
export function fourEyesProblem(context: CaseContext, by: StaffRef | undefined, fourEyes: boolean) {
  if (!fourEyes || !by) return undefined;
  return context.assessedBy?.some((officer) => officer.id === by.id)
    ? 'You assessed this case. The council requires a different decision maker (four eyes): ask a colleague to decide it'
    : undefined;
}

/** The reviews a refusal allows in its nation (blue-badge-scheme.md §7 [S3, T7, W11]). */
export function reviewKindsFor(context: CaseContext): CaseReview['kind'][] {
  const decision = context.decision;
  if (decision?.outcome !== 'refused') return [];
  if (context.nation === 'scotland') return ['statutory-review'];
  if (context.nation === 'wales' && decision.misuseOrFalseRepresentation)
    return ['reconsideration', 'welsh-ministers-appeal'];
  return ['reconsideration'];
}

/** Why this review cannot be asked for now; undefined when it can. */
export function reviewRequestProblem(
  context: CaseContext,
  kind: CaseReview['kind'],
  requestedOn: string,
  today: string,
  inWriting = true,
): string | undefined {
  if (!reviewKindsFor(context).includes(kind)) return 'This kind of review is not open for this decision';
  if (kind === 'statutory-review' && !inWriting)
    return 'A statutory review must be asked for in writing: ask the applicant to write to the council';
  if (context.reviews?.some((review) => review.kind === kind))
    return 'This kind of review has already been made for this decision';
  if (requestedOn > today) return 'The date the request was received must be today or in the past';
  const decidedAt = context.decision!.decidedAt.slice(0, 10);
  if (requestedOn < decidedAt) return 'The request cannot be received before the decision';
  // England and Wales reconsideration has no statutory time limit [S3, W7].
  if (kind !== 'reconsideration' && daysBetween(decidedAt, requestedOn) > REVIEW_DAYS)
    return `The request must be received within ${REVIEW_DAYS} days of the decision`;
  return undefined;
}

/** Scotland: the review is decided by someone not involved in the first decision [T7]. */
export function reviewerProblem(context: CaseContext, by: StaffRef | undefined): string | undefined {
  const review = context.reviews?.at(-1);
  if (review?.kind !== 'statutory-review' || !by) return undefined;
  const involved = [context.decision?.decidedBy, ...(context.assessedBy ?? [])];
  return involved.some((officer) => officer?.id === by.id)
    ? 'You were involved in the first decision. A statutory review must be decided by someone who was not'
    : undefined;
}

/** Why a refusal cannot stand; undefined when it can. */
export function refusalProblem(reasons: readonly string[] | undefined, reason: string): string | undefined {
  if (!reasons || reasons.length === 0) return 'Select at least one reason for refusal';
  if (reason.trim() === '') return 'Enter the reason for refusal';
  return undefined;
}

/** The national flag is for persons with a non-automatic eligibility code only [BBDS-BM]. */
export function notForReassessmentAllowed(context: CaseContext): boolean {
  if (context.facts.applicant.type !== 'person') return false;
  const code = context.replacement?.eligibilityCode ?? badgeEligibilityCode(context.eligibility);
  const route = context.eligibility.routes.find((candidate) => candidate.code === code);
  return route?.outcome === 'further-assessment';
}

const withAssessor = (context: CaseContext, event: { by?: StaffRef }): StaffRef[] => {
  const known = context.assessedBy ?? [];
  return event.by && !known.some((officer) => officer.id === event.by!.id) ? [...known, event.by] : known;
};
const afterDays = (days: number) => Math.max(days, 0) * DAY_MS;

const checkEvidenceMeta = {
  permission: 'case:assess',
  description: 'An officer accepts or rejects each evidence item, giving a reason for each rejection',
} satisfies TransitionMeta;
const desktopMeta = {
  permission: 'case:assess',
  description: 'An officer records the desktop assessment: each factor, the evidence seen and a note',
} satisfies TransitionMeta;
const attendanceMeta = {
  permission: 'case:assess',
  description: 'An officer records whether the applicant attended (if not, a new appointment is needed)',
} satisfies TransitionMeta;
const reviewMeta = {
  permission: 'case:decide',
  description: 'The refusal is upheld, or overturned and decided again',
} satisfies TransitionMeta;

/** The officer asks the applicant for more: from any point of the assessment, or before deciding. */
const requestInformation = {
  guard: 'requestValid',
  target: '#case.awaitingInformation',
  // The request's own email carries the reply link; the letter is kept on the case for post.
  actions: [
    'recordInformationRequest',
    'notifyInformationRequest',
    { type: 'sendLetter', params: { letter: 'information-request' } },
  ],
  meta: {
    permission: 'case:assess',
    description: 'An officer asks the applicant for more information by a due date',
  } satisfies TransitionMeta,
} as const;
/** The applicant asks to withdraw (by phone, letter or email): an officer records it. */
const withdraw = {
  target: '#case.withdrawn',
  actions: ['recordWithdrawal', { type: 'sendLetter', params: { letter: 'withdrawal' } }],
  meta: {
    permission: 'case:assess',
    description: 'An officer withdraws the application at the applicant’s request',
  } satisfies TransitionMeta,
} as const;

export const caseMachine = setup({
  types: { context: {} as CaseContext, events: {} as CaseEvent, input: {} as CaseInput },
  delays: {
    /** The reminder goes `reminderDays` after the request. */
    informationReminder: ({ context }) => afterDays(openRequest(context)?.reminderDays ?? 0),
    /** No reply by the due date: the case is withdrawn the day after it. */
    informationDue: ({ context }) => {
      const request = openRequest(context);
      return request ? afterDays(daysBetween(request.requestedAt.slice(0, 10), request.dueDate) + 1) : 0;
    },
  },
  guards: {
    approvalAllowed: ({ context, event }) =>
      event.type === 'APPROVE' &&
      approvalProblems(context, event, event.today).length === 0 &&
      !context.evidenceChecks?.some((check) => check.outcome === 'rejected') &&
      (!event.notForReassessment || notForReassessmentAllowed(context)) &&
      !fourEyesProblem(context, event.by, event.fourEyes ?? false),
    refusalAllowed: ({ context, event }) =>
      event.type === 'REFUSE' &&
      !refusalProblem(event.reasons, event.reason) &&
      !fourEyesProblem(context, event.by, event.fourEyes ?? false),
    evidenceChecked: ({ event }) =>
      event.type === 'CHECK_EVIDENCE' &&
      event.checks.length > 0 &&
      event.checks.every((check) => check.outcome !== 'rejected' || (check.reason ?? '').trim() !== ''),
    needsDesktopAssessment: ({ context }) =>
      desktopAssessmentKind(context.eligibility) !== undefined && !context.desktopAssessment,
    referralOpen: ({ context }) =>
      context.desktopAssessment?.outcome === 'refer' && context.referral?.outcome === undefined,
    appointmentOpen: ({ context }) =>
      context.referral?.appointment !== undefined && context.referral.attended === undefined,
    referralAttended: ({ context }) => context.referral?.attended === true,
    desktopAssessmentValid: ({ context, event }) =>
      event.type === 'RECORD_DESKTOP_ASSESSMENT' &&
      event.kind === desktopAssessmentKind(context.eligibility) &&
      (event.outcome !== 'meets' || !meetsProblem(event.kind, event.factors, context.nation)),
    refers: ({ event }) => event.type === 'RECORD_DESKTOP_ASSESSMENT' && event.outcome === 'refer',
    appointmentValid: ({ event }) =>
      event.type === 'BOOK_APPOINTMENT' && event.date >= event.today && event.place.trim() !== '',
    attended: ({ event }) => event.type === 'RECORD_ATTENDANCE' && event.attended,
    requestValid: ({ event }) =>
      event.type === 'REQUEST_INFORMATION' && event.whatIsNeeded.trim() !== '' && event.dueDate > event.today,
    reminderBeforeDue: ({ context }) => {
      const request = openRequest(context);
      return (
        request !== undefined &&
        addDays(request.requestedAt.slice(0, 10), request.reminderDays ?? 0) < request.dueDate
      );
    },
    replyGiven: ({ event }) => event.type === 'INFORMATION_RECEIVED' && event.reply.trim() !== '',
    reviewRequestValid: ({ context, event }) =>
      event.type === 'REQUEST_REVIEW' &&
      !reviewRequestProblem(context, event.kind, event.requestedOn, event.today, event.inWriting ?? false),
    reviewOverturned: ({ context, event }) =>
      event.type === 'DECIDE_REVIEW' && event.outcome === 'overturned' && !reviewerProblem(context, event.by),
    reviewUpheld: ({ context, event }) =>
      event.type === 'DECIDE_REVIEW' && event.outcome === 'upheld' && !reviewerProblem(context, event.by),
  },
  actions: {
    recordAssessor: assign({ assessedBy: ({ context, event }) => withAssessor(context, event as Staffed) }),
    recordEvidenceChecks: assign({
      evidenceChecks: ({ event }) =>
        event.type === 'CHECK_EVIDENCE'
          ? event.checks.map((check) => ({
              item: check.item,
              outcome: check.outcome,
              ...(check.outcome === 'rejected' ? { reason: check.reason } : {}),
              checkedAt: event.today,
              ...(event.by ? { checkedBy: event.by } : {}),
            }))
          : undefined,
      assessedBy: ({ context, event }) => withAssessor(context, event as Staffed),
    }),
    recordDesktopAssessment: assign({
      desktopAssessment: ({ event }) =>
        event.type === 'RECORD_DESKTOP_ASSESSMENT'
          ? {
              kind: event.kind,
              factors: event.factors,
              outcome: event.outcome,
              assessedAt: event.today,
              ...(event.by ? { assessedBy: event.by } : {}),
            }
          : undefined,
      referral: ({ context, event }) =>
        event.type === 'RECORD_DESKTOP_ASSESSMENT' && event.outcome === 'refer'
          ? {
              assessor: ASSESSOR_FOR[context.nation],
              question: `Desktop assessment (${event.kind}) referred for a face-to-face assessment`,
              referredAt: event.today,
              ...(event.by ? { referredBy: event.by } : {}),
            }
          : context.referral,
      assessedBy: ({ context, event }) => withAssessor(context, event as Staffed),
    }),
    recordAppointment: assign({
      referral: ({ context, event }) =>
        event.type === 'BOOK_APPOINTMENT' && context.referral
          ? {
              ...context.referral,
              appointment: { date: event.date, place: event.place },
              attended: undefined,
            }
          : context.referral,
    }),
    recordAttendance: assign({
      referral: ({ context, event }) =>
        event.type === 'RECORD_ATTENDANCE' && context.referral
          ? { ...context.referral, attended: event.attended }
          : context.referral,
    }),
    recordAssessorOutcome: assign({
      referral: ({ context, event }) =>
        event.type === 'RECORD_ASSESSOR_OUTCOME' && context.referral
          ? { ...context.referral, outcome: event.outcome, report: event.report, completedAt: event.today }
          : context.referral,
      assessedBy: ({ context, event }) => withAssessor(context, event as Staffed),
    }),
    recordInformationRequest: assign({
      informationRequests: ({ context, event }) =>
        event.type === 'REQUEST_INFORMATION'
          ? [
              ...(context.informationRequests ?? []),
              {
                id: event.id,
                whatIsNeeded: event.whatIsNeeded,
                requestedAt: event.today,
                ...(event.by ? { requestedBy: event.by } : {}),
                dueDate: event.dueDate,
                reminderDays: event.reminderDays,
              },
            ]
          : context.informationRequests,
    }),
    recordReminder: assign({
      informationRequests: ({ context }) =>
        (context.informationRequests ?? []).map((request, index, all) =>
          index === all.length - 1
            ? {
                ...request,
                reminderSentAt: addDays(request.requestedAt.slice(0, 10), request.reminderDays ?? 0),
              }
            : request,
        ),
    }),
    recordReply: assign({
      informationRequests: ({ context, event }) =>
        (context.informationRequests ?? []).map((request, index, all) =>
          index === all.length - 1 && event.type === 'INFORMATION_RECEIVED'
            ? { ...request, reply: event.reply, repliedAt: event.today }
            : request,
        ),
    }),
    recordNoReply: assign({
      withdrawal: ({ context }) => ({
        withdrawnAt: addDays(openRequest(context)?.dueDate ?? '', 1),
        reason: 'no-reply' as const,
      }),
    }),
    recordWithdrawal: assign({
      withdrawal: ({ event }) => ({ withdrawnAt: event.today, reason: 'applicant-request' as const }),
    }),
    recordApproval: assign({
      decision: ({ event }) =>
        event.type === 'APPROVE'
          ? {
              outcome: 'approved',
              startDate: event.startDate,
              expiryDate: event.expiryDate,
              decidedAt: event.today,
              ...(event.by ? { decidedBy: event.by } : {}),
              ...(event.notForReassessment ? { notForReassessment: true } : {}),
            }
          : undefined,
    }),
    recordRefusal: assign({
      decision: ({ context, event }) =>
        event.type === 'REFUSE'
          ? {
              outcome: 'refused',
              reason: event.reason,
              ...(event.reasons ? { reasons: event.reasons } : {}),
              ...(event.reasons?.includes('NOT_ELIGIBLE')
                ? { notEligibleRoutes: context.eligibility.routes.map((route) => route.code) }
                : {}),
              // The council refunds a paid fee on refusal [S3].
              refundFee: context.fee?.status === 'paid',
              misuseOrFalseRepresentation: event.misuseOrFalseRepresentation ?? false,
              decidedAt: event.today,
              ...(event.by ? { decidedBy: event.by } : {}),
            }
          : undefined,
    }),
    recordReviewRequest: assign({
      reviews: ({ context, event }) =>
        event.type === 'REQUEST_REVIEW'
          ? [
              ...(context.reviews ?? []),
              {
                kind: event.kind,
                requestedAt: event.requestedOn,
                deadline: addDays(context.decision!.decidedAt.slice(0, 10), REVIEW_DAYS),
              },
            ]
          : context.reviews,
    }),
    recordReviewOutcome: assign({
      reviews: ({ context, event }) =>
        (context.reviews ?? []).map((review, index, all) =>
          index === all.length - 1 && event.type === 'DECIDE_REVIEW'
            ? {
                ...review,
                outcome: event.outcome,
                decidedAt: event.today,
                note: event.note,
                ...(event.by ? { decidedBy: event.by } : {}),
              }
            : review,
        ),
    }),
    /** Effect: the app orders the badge (allocates its number, starts its workflow) in the same transaction. */
    orderBadge: () => undefined,
    /** Effect: a single-purpose link for the reply, and the email telling the applicant what is needed. */
    notifyInformationRequest: () => undefined,
    /** Effect: the reminder email (the request is still open and the due date not yet passed). */
    notifyInformationReminder: () => undefined,
    /** Effect: the links to an answered request stop working. */
    closeReplyLinks: () => undefined,
    /** Effect: the app renders the letter, keeps it on the case and emails the applicant (app/letters/). */
    sendLetter: (_, _params: SendLetterParams) => undefined,
  },
}).createMachine({
  id: CASE_WORKFLOW.id,
  description: 'The council assesses a Blue Badge application and decides it.',
  context: ({ input }) => ({ ...input }),
  initial: 'submitted',
  states: {
    submitted: {
      description: 'Sent by the applicant, waiting for an officer.',
      on: {
        START_ASSESSMENT: {
          target: 'assessing',
          actions: 'recordAssessor',
          meta: {
            permission: 'case:assess',
            description: 'An officer starts the assessment',
          } satisfies TransitionMeta,
        },
        WITHDRAW: withdraw,
      },
    },
    assessing: {
      description: 'An officer checks the answers and evidence against the rules.',
      initial: 'checkingEvidence',
      on: {
        REQUEST_INFORMATION: requestInformation,
        WITHDRAW: withdraw,
      },
      states: {
        checkingEvidence: {
          description:
            'An officer accepts or rejects each evidence item: identity, address, photo and proof of benefit.',
          on: {
            CHECK_EVIDENCE: [
              {
                guard: and(['evidenceChecked', 'needsDesktopAssessment']),
                target: 'desktopAssessment',
                actions: 'recordEvidenceChecks',
                meta: checkEvidenceMeta,
              },
              // Back from a request for information: the referral carries on where it was.
              {
                guard: and(['evidenceChecked', 'referralOpen', 'appointmentOpen']),
                target: 'referral.appointmentBooked',
                actions: 'recordEvidenceChecks',
                meta: checkEvidenceMeta,
              },
              {
                guard: and(['evidenceChecked', 'referralOpen', 'referralAttended']),
                target: 'referral.attended',
                actions: 'recordEvidenceChecks',
                meta: checkEvidenceMeta,
              },
              {
                guard: and(['evidenceChecked', 'referralOpen']),
                target: 'referral',
                actions: 'recordEvidenceChecks',
                meta: checkEvidenceMeta,
              },
              {
                guard: 'evidenceChecked',
                target: '#case.deciding',
                actions: 'recordEvidenceChecks',
                meta: checkEvidenceMeta,
              },
            ],
          },
        },
        desktopAssessment: {
          description:
            'An officer assesses the further-assessment route at their desk: each factor the guidance names, with the evidence seen and a note.',
          on: {
            RECORD_DESKTOP_ASSESSMENT: [
              {
                guard: and(['desktopAssessmentValid', 'refers']),
                target: 'referral',
                actions: 'recordDesktopAssessment',
                meta: desktopMeta,
              },
              {
                guard: 'desktopAssessmentValid',
                target: '#case.deciding',
                actions: 'recordDesktopAssessment',
                meta: desktopMeta,
              },
            ],
          },
        },
        referral: {
          description:
            'Referred to an expert assessor (England), an independent mobility assessor (Scotland) or the Independent Advisory Service (Wales).',
          initial: 'awaitingAppointment',
          states: {
            awaitingAppointment: {
              description: 'Waiting for the assessor to give an appointment.',
              on: {
                BOOK_APPOINTMENT: {
                  guard: 'appointmentValid',
                  target: 'appointmentBooked',
                  actions: 'recordAppointment',
                  meta: {
                    permission: 'case:assess',
                    description: 'An officer records the assessment appointment',
                  } satisfies TransitionMeta,
                },
              },
            },
            appointmentBooked: {
              description: 'An appointment with the assessor is booked.',
              on: {
                RECORD_ATTENDANCE: [
                  {
                    guard: 'attended',
                    target: 'attended',
                    actions: 'recordAttendance',
                    meta: attendanceMeta,
                  },
                  { target: 'awaitingAppointment', actions: 'recordAttendance', meta: attendanceMeta },
                ],
              },
            },
            attended: {
              description: 'The applicant attended; waiting for the assessor’s report.',
              on: {
                RECORD_ASSESSOR_OUTCOME: {
                  target: '#case.deciding',
                  actions: 'recordAssessorOutcome',
                  meta: {
                    permission: 'case:assess',
                    description: 'An officer records the assessor’s outcome and report',
                  } satisfies TransitionMeta,
                },
              },
            },
          },
        },
      },
    },
    awaitingInformation: {
      description:
        'Waiting for the applicant to reply to a request for more information, by the due date; a reminder goes before it.',
      after: {
        informationReminder: {
          guard: 'reminderBeforeDue',
          actions: [
            'recordReminder',
            'notifyInformationReminder',
            { type: 'sendLetter', params: { letter: 'reminder' } },
          ],
          meta: { description: 'A reminder goes to the applicant when no reply has come' },
        },
        informationDue: {
          target: 'withdrawn',
          actions: ['recordNoReply', { type: 'sendLetter', params: { letter: 'withdrawal' } }],
          meta: { description: 'No reply by the due date: the application is withdrawn' },
        },
      },
      on: {
        INFORMATION_RECEIVED: {
          guard: 'replyGiven',
          target: 'assessing',
          actions: ['recordReply', 'closeReplyLinks'],
          meta: { description: 'The applicant replies through the secure link, with any files' },
        },
        WITHDRAW: withdraw,
      },
    },
    deciding: {
      description: 'Assessed: waiting for a decision maker to approve or refuse.',
      on: {
        APPROVE: {
          guard: 'approvalAllowed',
          target: 'decided.approved',
          actions: ['recordApproval', { type: 'sendLetter', params: { letter: 'approval' } }],
          meta: {
            permission: 'case:decide',
            description: 'A decision maker approves, with a start and expiry date the rules allow',
          } satisfies TransitionMeta,
        },
        REFUSE: {
          guard: 'refusalAllowed',
          target: 'decided.refused',
          actions: ['recordRefusal', { type: 'sendLetter', params: { letter: 'refusal' } }],
          meta: {
            permission: 'case:decide',
            description: 'A decision maker refuses, giving one or more reasons',
          } satisfies TransitionMeta,
        },
        REQUEST_INFORMATION: requestInformation,
        WITHDRAW: withdraw,
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
        refused: {
          // Decided, though a review or appeal may reopen it: the queue counts it as decided, and
          // 'ended' makes it a resting end for data protection (closed_at; hasEnded in the adapter).
          tags: ['decided', 'ended'],
          description:
            'Refused, with the reasons recorded for the letter; the applicant may ask for a review or appeal.',
          on: {
            REQUEST_REVIEW: {
              guard: 'reviewRequestValid',
              target: '#case.underReview',
              actions: 'recordReviewRequest',
              meta: {
                permission: 'case:decide',
                description:
                  'The applicant asks for a reconsideration, a statutory review (Scotland) or appeals to the Welsh Ministers',
              } satisfies TransitionMeta,
            },
          },
        },
      },
    },
    underReview: {
      description:
        'The refusal is being looked at again: reconsidered by the council, reviewed by someone not involved (Scotland) or appealed to the Welsh Ministers.',
      on: {
        DECIDE_REVIEW: [
          {
            guard: 'reviewOverturned',
            target: 'deciding',
            actions: ['recordReviewOutcome', { type: 'sendLetter', params: { letter: 'review-outcome' } }],
            meta: reviewMeta,
          },
          {
            guard: 'reviewUpheld',
            target: 'decided.refused',
            actions: ['recordReviewOutcome', { type: 'sendLetter', params: { letter: 'review-outcome' } }],
            meta: reviewMeta,
          },
        ],
      },
    },
    withdrawn: {
      description: 'Withdrawn: the applicant asked, or did not reply to a request for information in time.',
      type: 'final',
    },
    badgeOrdered: {
      description: 'A badge has been ordered; its own workflow takes it from here.',
      type: 'final',
    },
  },
});

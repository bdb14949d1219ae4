/**
 * What a case records about its assessment, decision and review: the shapes the case statechart writes
 * into its context and the letters, emails, exports and APIs read. One definition, so the statechart,
 * the letters and the specification cannot disagree. Sources are keys of blue-badge-scheme.md's list.
 */

/** Someone on the council's staff, as they were named when they acted. */
export interface StaffRef {
  id: string;
  name: string;
}

/**
 * Why an application may be refused (blue-badge-scheme.md §7 [S3, S9, S12]). `NOT_ELIGIBLE` names the
 * routes judged in `CaseRefusal.notEligibleRoutes`.
 */
export const REFUSAL_REASON_CODES = [
  'NOT_ELIGIBLE',
  'INSUFFICIENT_EVIDENCE',
  'MISUSE_CONVICTION',
  'IDENTITY_DOUBT',
  'FEE_UNPAID',
] as const;
export type RefusalReasonCode = (typeof REFUSAL_REASON_CODES)[number];

export interface CaseApproval {
  outcome: 'approved';
  startDate: string;
  expiryDate: string;
  decidedAt: string;
  decidedBy?: StaffRef;
  /** The national `notForReassessment` flag: persons with a non-automatic eligibility code only [BBDS-BM]. */
  notForReassessment?: boolean;
}

export interface CaseRefusal {
  outcome: 'refused';
  /** The officer's own words for the letter. */
  reason: string;
  /** One or more national grounds; absent only on cases decided before reason codes existed. */
  reasons?: RefusalReasonCode[];
  /** With `NOT_ELIGIBLE`: the eligibility codes (routes) the applicant was judged against. */
  notEligibleRoutes?: string[];
  /** The council refunds the fee on refusal [S3]: true when a paid fee is to be refunded. */
  refundFee?: boolean;
  /** True when the refusal is for misuse or false representation: Wales then allows an appeal [W11]. */
  misuseOrFalseRepresentation?: boolean;
  decidedAt: string;
  decidedBy?: StaffRef;
}

export type CaseDecision = CaseApproval | CaseRefusal;

/** A request to the applicant for more information or evidence, and what came of it. */
export interface InformationRequest {
  id: string;
  /** What the officer asked for, in their words (shown to the applicant and in the letter). */
  whatIsNeeded: string;
  requestedAt: string;
  requestedBy?: StaffRef;
  /** The date (yyyy-mm-dd) after which the case is withdrawn if nothing came back. */
  dueDate: string;
  /** Days after the request the reminder goes (`reminders.evidenceReminderDays` when asked). */
  reminderDays?: number;
  reminderSentAt?: string;
  repliedAt?: string;
  /** The applicant's reply in their words; their files are evidence rows linked to the case. */
  reply?: string;
}

/** How a case ended without a decision. */
export interface CaseWithdrawal {
  withdrawnAt: string;
  reason: 'no-reply' | 'applicant-request';
}

/**
 * A request to look at a refusal again: reconsideration by the council (England, Wales), a statutory
 * review within 28 days decided by someone not involved in the first decision (Scotland [T7]), or an
 * appeal to the Welsh Ministers within 28 days on misuse or false-representation refusals (Wales [W11]).
 */
export interface CaseReview {
  kind: 'reconsideration' | 'statutory-review' | 'welsh-ministers-appeal';
  requestedAt: string;
  /** The last day (yyyy-mm-dd) the request could be made. */
  deadline: string;
  outcome?: 'upheld' | 'overturned';
  decidedAt?: string;
  decidedBy?: StaffRef;
  note?: string;
}

/** How the fee stands (blue-badge-scheme.md §6 [S3, W3]). */
export interface CaseFee {
  amountPence: number;
  status: 'not-required' | 'paid' | 'pay-later';
  /** The payment provider's id when paid online (GOV.UK Pay's payment_id). */
  paymentReference?: string;
  paidAt?: string;
}

/** The evidence items an officer checks on every case (blue-badge-scheme.md §5 [S3, BBDS-CIT]). */
export const EVIDENCE_ITEMS = ['identity', 'address', 'photo', 'benefit'] as const;
export type EvidenceItem = (typeof EVIDENCE_ITEMS)[number];

/** One evidence item accepted or rejected (with the reason), or not needed for this applicant. */
export interface EvidenceCheck {
  item: EvidenceItem;
  outcome: 'accepted' | 'rejected' | 'not-needed';
  /** Why it was rejected: required with `rejected`. */
  reason?: string;
  checkedAt: string;
  checkedBy?: StaffRef;
}

/** The structured desktop assessments of the further-assessment routes (blue-badge-scheme.md §3, §4). */
export const DESKTOP_ASSESSMENT_KINDS = ['walking', 'non-visible', 'arms', 'child', 'organisation'] as const;
export type DesktopAssessmentKind = (typeof DESKTOP_ASSESSMENT_KINDS)[number];

/** One factor the guidance names, judged from the evidence. */
export interface AssessedFactor {
  factor: string;
  present: boolean;
  /** The evidence the officer relied on (a letter, a report, the applicant's description). */
  evidenceSeen: string;
  note?: string;
}

/** An officer's structured desktop assessment of a further-assessment route. */
export interface DesktopAssessment {
  kind: DesktopAssessmentKind;
  factors: AssessedFactor[];
  /** `refer`: an expert (England) or independent mobility (Scotland) assessor or the IAS (Wales) decides. */
  outcome: 'meets' | 'does-not-meet' | 'refer';
  assessedAt: string;
  assessedBy?: StaffRef;
}

/** Who assesses face to face in each nation (blue-badge-scheme.md §3 [S2, T15, W9]). */
export type AssessorKind =
  'expert-assessor' | 'independent-mobility-assessor' | 'independent-advisory-service';

/** A referral to an assessor, with its appointment, attendance and outcome. */
export interface AssessorReferral {
  assessor: AssessorKind;
  /** What the officer asks the assessor to judge. */
  question: string;
  referredAt: string;
  referredBy?: StaffRef;
  appointment?: { date: string; place: string };
  attended?: boolean;
  outcome?: 'meets' | 'does-not-meet';
  /** The assessor's conclusion in brief. */
  report?: string;
  completedAt?: string;
}

import type { CaseContext } from '../../workflows/case/machine';
import { formatDate } from '../../workflows/forms/fields';
import type { Translator } from '../../workflows/i18n/localise';

/** A row of a govukSummaryList. */
interface Row {
  key: { text: string };
  value: { text: string };
}
const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });
const byWhom = (officer?: { name: string }, at?: string) =>
  [officer?.name, at ? formatDate(at) : undefined].filter(Boolean).join(', ');

const REVIEW_KINDS: Record<string, string> = {
  reconsideration: 'Reconsideration by the council',
  'statutory-review': 'Statutory review',
  'welsh-ministers-appeal': 'Appeal to the Welsh Ministers',
};
const ASSESSORS: Record<string, string> = {
  'expert-assessor': 'Expert assessor',
  'independent-mobility-assessor': 'Independent mobility assessor',
  'independent-advisory-service': 'Independent Advisory Service',
};

/**
 * What the case page shows of the assessment, in the words of the officer's own forms
 * (workflows/case/locales/en.json), so the record reads as the questions were asked.
 */
export function assessmentSummary(context: CaseContext, tr: Translator) {
  const field = (form: string, name: string) => `case:events.${form}.fields.${name}`;
  const evidence = (context.evidenceChecks ?? []).map((check) =>
    row(
      tr.t(`${field('CHECK_EVIDENCE', check.item)}.label`),
      tr.t(`${field('CHECK_EVIDENCE', check.item)}.options.${check.outcome}`) +
        (check.reason ? `: ${check.reason}` : ''),
    ),
  );
  const desktop = context.desktopAssessment;
  const desktopForm = desktop && `RECORD_DESKTOP_ASSESSMENT.${desktop.kind}`;
  const decision = context.decision;
  return {
    evidence: evidence.length > 0 ? evidence : undefined,
    evidenceBy: byWhom(context.evidenceChecks?.[0]?.checkedBy, context.evidenceChecks?.[0]?.checkedAt),
    desktop:
      desktop && desktopForm
        ? {
            title: tr.t(`case:events.${desktopForm}.title`),
            rows: [
              ...desktop.factors.map((factor) =>
                row(
                  tr.t(`${field(desktopForm, factor.factor)}.label`),
                  `${factor.present ? 'Yes' : 'No'}. Evidence seen: ${factor.evidenceSeen}` +
                    (factor.note ? `. Note: ${factor.note}` : ''),
                ),
              ),
              row('Outcome', tr.t(`${field(desktopForm, 'outcome')}.options.${desktop.outcome}`)),
              row('Assessed by', byWhom(desktop.assessedBy, desktop.assessedAt)),
            ],
          }
        : undefined,
    referral: context.referral && [
      row('Referred to', ASSESSORS[context.referral.assessor]),
      row('Referred', byWhom(context.referral.referredBy, context.referral.referredAt)),
      row(
        'Appointment',
        context.referral.appointment
          ? `${formatDate(context.referral.appointment.date)}, ${context.referral.appointment.place}`
          : 'Not booked yet',
      ),
      row(
        'Attended',
        context.referral.attended === undefined ? '–' : context.referral.attended ? 'Yes' : 'No',
      ),
      row(
        'Assessor’s outcome',
        context.referral.outcome
          ? `${context.referral.outcome === 'meets' ? 'Meets the criteria' : 'Does not meet the criteria'}: ${context.referral.report ?? ''}`
          : '–',
      ),
    ],
    decision: decision && [
      row('Decided by', byWhom(decision.decidedBy, decision.decidedAt)),
      ...(decision.outcome === 'refused'
        ? [
            row(
              'Grounds',
              (decision.reasons ?? [])
                .map((code) => tr.t(`${field('REFUSE', 'reasons')}.options.${code}`))
                .join('; ') || '–',
            ),
            row('Fee to refund', decision.refundFee ? 'Yes' : 'No'),
            row('Misuse or false representation', decision.misuseOrFalseRepresentation ? 'Yes' : 'No'),
          ]
        : [row('Not for reassessment', decision.notForReassessment ? 'Yes' : 'No')]),
    ],
    reviews: (context.reviews ?? []).map((review) => [
      row('Kind', REVIEW_KINDS[review.kind]),
      row('Received', formatDate(review.requestedAt)),
      row(
        'Outcome',
        review.outcome
          ? `${review.outcome === 'upheld' ? 'Upheld' : 'Overturned'}: ${review.note ?? ''}`
          : 'Not decided yet',
      ),
      ...(review.outcome ? [row('Decided by', byWhom(review.decidedBy, review.decidedAt))] : []),
    ]),
    withdrawal: context.withdrawal && [
      row('Withdrawn', formatDate(context.withdrawal.withdrawnAt)),
      row(
        'Why',
        context.withdrawal.reason === 'no-reply'
          ? 'No reply to the request for information by its due date'
          : 'The applicant asked',
      ),
    ],
  };
}

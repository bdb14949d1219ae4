import type { ProcessMapNotes } from '../process-map/notes';

/**
 * The case's process map notes: its guards in plain English, where its cases are listed, and the council's
 * target for deciding (council.json `targets`), which applies while a case waits for a decision.
 */
export const caseProcessMap: ProcessMapNotes = {
  actor: 'The system',
  guards: {
    approvalAllowed: 'the start and expiry dates are ones the rules allow for this applicant [S3, BBDS-BM]',
    // Case v1 (workflows/case/versions/v1.ts) still uses this one for its open cases.
    reasonGiven: 'a reason for the refusal is given',
    refusalAllowed:
      'at least one refusal reason code and the reason in words are given, and (with four eyes on) the decision maker did not assess the case',
    evidenceChecked: 'every evidence item is checked, with a reason for each one rejected',
    needsDesktopAssessment: 'the route needs a further (desktop) assessment and none is recorded yet [S3]',
    referralOpen: 'the case was referred to the nation’s assessor and the assessor’s outcome is not in yet',
    appointmentOpen: 'an appointment with the assessor is booked and attendance is not recorded yet',
    referralAttended: 'the applicant attended the assessor’s appointment',
    desktopAssessmentValid:
      'the desktop assessment is for this route, and a “meets” outcome has the factors the guidance needs [S3, T7, W11]',
    refers: 'the officer refers the case to the nation’s assessor',
    appointmentValid: 'the appointment is today or later and has a place',
    attended: 'the applicant attended',
    requestValid: 'what is needed is given and the due date is after today',
    replyGiven: 'the applicant’s reply is not empty',
    reminderBeforeDue: 'the reminder day comes before the due date',
    reviewRequestValid:
      'the review is one the nation allows for this refusal, not asked for before, received after the decision and in time (28 days for a statutory review or appeal) [S3, T7, W11]',
    reviewOverturned:
      'the refusal is overturned, by someone not involved in the first decision for a Scottish statutory review [T7]',
    reviewUpheld:
      'the refusal is upheld, by someone not involved in the first decision for a Scottish statutory review [T7]',
  },
  screens: { kind: 'staff', queueFilter: (state) => state },
  targetTime: ({ final, automatic }, targets) => {
    if (final || automatic) return undefined;
    const routes = Object.entries(targets.routeWeeks)
      .map(([route, weeks]) => `${route}: ${weeks} week${weeks === 1 ? '' : 's'}`)
      .join(', ');
    const weeks = `${targets.decisionWeeks} week${targets.decisionWeeks === 1 ? '' : 's'}`;
    return `Decide within ${weeks} of the application being sent${routes ? ` (${routes})` : ''} (council setting targets.decisionWeeks)`;
  },
};

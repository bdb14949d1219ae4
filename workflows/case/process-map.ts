import type { ProcessMapNotes } from '../process-map/notes';

/**
 * The case's process map notes: its guards in plain English, where its cases are listed, and the council's
 * target for deciding (council.json `targets`), which applies while a case waits for a decision.
 */
export const caseProcessMap: ProcessMapNotes = {
  actor: 'The system',
  guards: {
    approvalAllowed: 'the start and expiry dates are ones the rules allow for this applicant [S3, BBDS-BM]',
    reasonGiven: 'a reason for the refusal is given',
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

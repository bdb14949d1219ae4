import type { ProcessMapNotes } from '../process-map/notes';

/** The badge's process map notes. Badges are listed and acted on from their case's page. */
export const badgeProcessMap: ProcessMapNotes = {
  actor: 'The system',
  guards: {
    cancelAllowed:
      'a national cancel reason is given (REVOKE, DECEASE, NOLONG, UNDELIVER, LOST, STOLE, DAMAGED) and the badge has not expired [BBDS-REF, BBDS-BM]',
    replaceAllowed:
      'a national replace reason is given (STOLE, LOST, DAMAGED, UNDELIVER) and the badge has not expired [BBDS-REF, BBDS-BM]',
  },
  delays: { badgeExpiry: 'the day after its expiry date' },
  screens: { kind: 'staff' },
};

import type { ProcessMapNotes } from '../process-map/notes';

/** The badge's process map notes. Badges are listed and acted on from their case's page. */
export const badgeProcessMap: ProcessMapNotes = {
  actor: 'The system',
  guards: {},
  screens: { kind: 'staff' },
};

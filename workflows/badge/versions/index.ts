import { mapStates, type WorkflowMigration, type WorkflowVersion } from '../../engine/versions';
import { BADGE_V1, badgeMachineV1 } from './v1';

/**
 * The badge workflow's history: frozen earlier machines and the steps between them
 * (docs/process/CHANGELOG.md). The registry keeps those below the current version.
 */
export const BADGE_EARLIER_VERSIONS: WorkflowVersion[] = [{ version: BADGE_V1, machine: badgeMachineV1 }];

/**
 * Version 1 → 2: a badge's life after issue (cancel, replace, expire). An ordered badge stays ordered and an
 * issued one stays issued; the context passes through with `migratedOn`, the day of the move (version 1
 * recorded neither the day it was ordered nor issued), from which the expiry timer the move arms counts:
 * it fires the day after the expiry date, as for a badge ordered on version 2 (docs/process/CHANGELOG.md).
 */
export const badgeV1ToV2: WorkflowMigration = mapStates({
  from: BADGE_V1,
  description:
    'Open badges keep their place: ordered stays ordered, issued stays issued; they can now be cancelled, replaced and expire.',
  states: { ordered: 'ordered', issued: 'issued' },
  mapContext: (context, { today }) => ({ ...context, migratedOn: today }),
});

export const BADGE_MIGRATIONS: WorkflowMigration[] = [badgeV1ToV2];

import { mapStates, type WorkflowMigration, type WorkflowVersion } from '../../engine/versions';
import { CASE_V1, caseMachineV1 } from './v1';

/**
 * The case workflow's history: frozen earlier machines and the steps between them
 * (docs/process/CHANGELOG.md). The registry keeps those below the current version.
 */
export const CASE_EARLIER_VERSIONS: WorkflowVersion[] = [{ version: CASE_V1, machine: caseMachineV1 }];

/**
 * Version 1 → 2: the assessment becomes a compound state. A case waiting for an officer waits on; one being
 * assessed is entered at version 2's first assessment step (its initial child, resolved by the v2 machine).
 * Decided cases are final and never migrated.
 */
export const caseV1ToV2: WorkflowMigration = mapStates({
  from: CASE_V1,
  description:
    'Open cases keep their place: submitted stays submitted; assessing starts at the first assessment step.',
  states: { submitted: 'submitted', assessing: 'assessing' },
});

export const CASE_MIGRATIONS: WorkflowMigration[] = [caseV1ToV2];

import type { Knex } from 'knex';
import { backfillClosedAt } from './20261204-060-workflow-closed-at';

/**
 * Refused cases rest at an end a review may reopen: the case statechart v2 tags `decided.refused`
 * `ended` (workflows/case/machine.ts), and hasEnded() now counts it. Databases where migration 060 ran
 * before that left refused cases without `closed_at`; this fills it in the same way, from the audit row
 * that took the case into its state. No council holds refused v2 cases yet, so it simply runs the same
 * back-fill over cases again.
 */
export async function up(db: Knex): Promise<void> {
  await backfillClosedAt(db, 'cases');
}

export async function down(): Promise<void> {
  // Nothing to undo: `closed_at` is derived from the statechart and the audit rows.
}

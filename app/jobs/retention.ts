import type { Knex } from 'knex';
import { DAY_MS, HOUR_MS, type RecurringJob } from './recurring';

export interface RetentionPolicy {
  /** Applications and replacement requests started but never sent are deleted this many days after their last change. */
  abandonedDraftDays: number;
}

/** Deleted a batch at a time, so one run never holds a long transaction (the rest go in the next batch). */
const BATCH = 500;

/**
 * The daily retention job (02:00 UTC), part of the council's retention policy (configuration:
 * RETENTION_DRAFT_DAYS). For now it covers abandoned drafts: their snapshot (every answer) and their audit
 * rows are deleted, and only a count per workflow and state is kept in `retention_figures`.
 */
export function retentionJob(policy: RetentionPolicy): RecurringJob {
  return {
    kind: 'kit:retention',
    everyMs: DAY_MS,
    offsetMs: 2 * HOUR_MS,
    run: async (trx, now) => {
      await deleteAbandonedDrafts(trx, policy, now);
    },
  };
}

export async function deleteAbandonedDrafts(
  trx: Knex.Transaction,
  policy: RetentionPolicy,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.abandonedDraftDays * DAY_MS).toISOString();
  let deleted = 0;
  for (;;) {
    const drafts = (await trx('applications')
      .whereNull('submitted_at')
      .where('updated_at', '<', cutoff)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'workflow_id', 'state')) as Array<{ id: string; workflow_id: string; state: string }>;
    if (drafts.length === 0) return deleted;
    const ids = drafts.map((draft) => draft.id);
    await trx('audit_events')
      .whereIn('entity_id', ids)
      .whereIn('entity_type', ['application', 'replacement'])
      .delete();
    await trx('applications').whereIn('id', ids).whereNull('submitted_at').delete();
    const counts = new Map<string, { workflow_id: string; state: string; deleted: number }>();
    for (const draft of drafts) {
      const key = `${draft.workflow_id}\n${draft.state}`;
      const entry = counts.get(key) ?? { workflow_id: draft.workflow_id, state: draft.state, deleted: 0 };
      entry.deleted++;
      counts.set(key, entry);
    }
    await trx('retention_figures').insert(
      [...counts.values()].map((entry) => ({
        run_at: now.toISOString(),
        record_type: 'abandoned-draft',
        ...entry,
      })),
    );
    deleted += drafts.length;
  }
}

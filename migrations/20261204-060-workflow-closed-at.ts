import type { Knex } from 'knex';
import { hasEnded, restoreSnapshot } from '../workflows/engine/xstate-adapter';
import { WORKFLOWS } from '../workflows/registry';

/**
 * When each workflow instance reached the end of its process (issue #9, data protection): set by the
 * workflow store when a snapshot ends (app/engine/workflow-store.ts), whatever the final state is called,
 * so retention ("12 months after the case was closed") never depends on particular state names.
 * Instances that had already ended are back-filled from their audit rows: the time they entered the state
 * they are in.
 */
const TABLES = ['applications', 'cases', 'badges'] as const;

export async function up(db: Knex): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table, (t) => {
      t.string('closed_at', 30).nullable();
      t.index(['closed_at'], `${table}_closed_at_index`);
    });
    await backfillClosedAt(db, table);
  }
}

export async function down(db: Knex): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table, (t) => {
      t.dropIndex(['closed_at'], `${table}_closed_at_index`);
      t.dropColumn('closed_at');
    });
  }
}

interface Row {
  id: string;
  workflow_id: string;
  state: string;
  snapshot: string;
  updated_at: string;
}

/** Sets `closed_at` on instances already ended: the time of the audit row that took them into their state. */
export async function backfillClosedAt(db: Knex, table: string): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db(table)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'workflow_id', 'state', 'snapshot', 'updated_at')) as Row[];
    if (rows.length === 0) return;
    for (const row of rows) {
      if (!ended(row)) continue;
      const entered = (await db('audit_events')
        .where({ entity_id: row.id, to_state: row.state })
        .max({ at: 'at' })
        .first()) as { at: string | null } | undefined;
      await db(table)
        .where({ id: row.id })
        .update({ closed_at: entered?.at ?? row.updated_at });
    }
    after = rows[rows.length - 1].id;
  }
}

function ended(row: Row): boolean {
  const workflow = Object.values(WORKFLOWS).find((candidate) => candidate.id === row.workflow_id);
  if (!workflow) return false;
  try {
    return hasEnded(restoreSnapshot(workflow.machine, JSON.parse(row.snapshot)));
  } catch {
    // A snapshot the current machine cannot read (an older version's state): left open, as before.
    return false;
  }
}

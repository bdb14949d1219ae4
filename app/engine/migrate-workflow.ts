import type { WorkflowKind } from '../../workflows/registry';
import type { Actor } from './actor';
import { WORKFLOW_TABLES, type WorkflowStore } from './workflow-store';

export interface MigrationReport {
  moved: Array<{ id: string; from: number; fromState: string; toState: string }>;
  refused: Array<{ id: string; from: number; state: string; reason: string }>;
  /** Instances that have ended stay on the version they ended on. */
  ended: number;
}

/**
 * Moves every open instance of a workflow saved by a version below `to` onto version `to`, one by one,
 * each in its own transaction with its audit row, so one refusal never holds the others back.
 */
export async function migrateOpenInstances(
  store: WorkflowStore,
  kind: WorkflowKind,
  to: number,
  options: { dryRun?: boolean; actor?: Actor } = {},
): Promise<MigrationReport> {
  const workflow = store.workflows[kind];
  if (!store.machineFor(kind, to)) {
    throw new Error(`${kind} has no version ${to} (versions: ${knownVersions(store, kind).join(', ')})`);
  }
  const actor: Actor = options.actor ?? { type: 'system', name: 'migrate-workflow' };
  const rows = (await store
    .db(WORKFLOW_TABLES[kind])
    .where({ workflow_id: workflow.id })
    .andWhere('workflow_version', '<', to)
    .orderBy('created_at')
    .select('id', 'workflow_version', 'state')) as Array<{
    id: string;
    workflow_version: number;
    state: string;
  }>;
  const report: MigrationReport = { moved: [], refused: [], ended: 0 };
  for (const row of rows) {
    const outcome = await store.migrate(kind, row.id, to, actor, { dryRun: options.dryRun });
    if (outcome.ok) {
      report.moved.push({
        id: row.id,
        from: outcome.from,
        fromState: outcome.fromState,
        toState: outcome.toState,
      });
    } else if (outcome.reason === 'ended') {
      report.ended++;
    } else {
      const reason = outcome.detail ?? outcome.reason;
      report.refused.push({ id: row.id, from: row.workflow_version, state: row.state, reason });
    }
  }
  return report;
}

function knownVersions(store: WorkflowStore, kind: WorkflowKind): number[] {
  const workflow = store.workflows[kind];
  return [...(workflow.earlier ?? []).map((entry) => entry.version), workflow.version];
}

/** The report as the command prints it. */
export function describeMigration(
  kind: string,
  to: number,
  report: MigrationReport,
  dryRun: boolean,
): string {
  const verb = dryRun ? 'would move' : 'moved';
  const lines = [
    `${kind} → version ${to}${dryRun ? ' (dry run: nothing was changed)' : ''}: ${verb} ${report.moved.length}, refused ${report.refused.length}, ${report.ended} ended instance(s) left as they are.`,
    ...report.moved.map((m) => `  ${verb} ${m.id}: version ${m.from} ${m.fromState} → ${m.toState}`),
    ...report.refused.map((r) => `  refused ${r.id}: version ${r.from} ${r.state}: ${r.reason}`),
  ];
  return lines.join('\n');
}

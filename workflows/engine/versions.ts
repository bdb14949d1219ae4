import type { AnyStateMachine } from 'xstate';
import {
  persistSnapshot,
  restoreSnapshot,
  stateName,
  type PersistedWorkflowSnapshot,
} from './xstate-adapter';

/**
 * Workflow versions. Every stored instance records the version it started on and keeps moving on that
 * version's machine, so deploying a new version never changes a case half-way. A council moves open
 * instances to the next version when it chooses (`npm run kit -- migrate-workflow`), one migration step
 * (N → N+1) at a time. docs/architecture.md "Versioning a workflow" explains the steps.
 */

/** A version of a workflow that instances may still be running on. */
export interface WorkflowVersion {
  version: number;
  machine: AnyStateMachine;
}

export type MigrationOutcome =
  { ok: true; snapshot: PersistedWorkflowSnapshot } | { ok: false; reason: string };

/** When a migration runs: the day (UK date, `YYYY-MM-DD`) the instance moves and its new timers are armed. */
export interface MigrationMoment {
  today: string;
}

/** Moves one open instance from version `from` to `from + 1`, or refuses it with a reason. */
export interface WorkflowMigration {
  from: number;
  to: number;
  /** Plain English for the changelog and the command's report. */
  description: string;
  /** `target` is the machine of version `to`: state values are resolved with it, never guessed. */
  migrate(
    persisted: PersistedWorkflowSnapshot,
    target: AnyStateMachine,
    moment: MigrationMoment,
  ): MigrationOutcome;
}

/**
 * The usual migration: each open state of version `from` maps to a state of version `to` (a compound target
 * is entered at its initial child, as the new machine says), the context passes through `mapContext`, and
 * an instance in a state the map does not name is refused. Entry actions of the target state do not run:
 * a migration moves where an instance stands, it does not replay how it got there. Its timers (`after`)
 * are armed, as entering it arms them (`WorkflowStore.migrate`), counted from the day it moves: a context
 * its delays read from (a date they count from) is made right by `mapContext`, which is given that day.
 */
export function mapStates(options: {
  from: number;
  description: string;
  states: Record<string, string>;
  mapContext?: (context: Record<string, unknown>, moment: MigrationMoment) => Record<string, unknown>;
}): WorkflowMigration {
  return {
    from: options.from,
    to: options.from + 1,
    description: options.description,
    migrate(persisted, target, moment) {
      if (persisted.status !== 'active') return { ok: false, reason: `it has ended (${persisted.status})` };
      const from = stateName(persisted.value);
      const to = options.states[from];
      if (to === undefined) return { ok: false, reason: `no mapping for state ${from}` };
      const context = persisted.context as Record<string, unknown>;
      try {
        const resolved = restoreSnapshot(target, {
          value: statePathValue(to),
          context: options.mapContext ? options.mapContext(context, moment) : context,
          status: 'active',
        });
        return { ok: true, snapshot: persistSnapshot(target, resolved) };
      } catch (error) {
        return {
          ok: false,
          reason: `state ${to} does not exist in version ${options.from + 1}: ${String(error)}`,
        };
      }
    },
  };
}

/** `decided.refused` → `{ decided: 'refused' }`, the shape XState resolves. */
function statePathValue(path: string): PersistedWorkflowSnapshot['value'] {
  const [head, ...rest] = path.split('.');
  return rest.length === 0 ? head! : { [head!]: statePathValue(rest.join('.')) };
}

/** Applies the migrations from `from` up to `to` in turn; the first refusal stops it. */
export function migrateSnapshot(
  persisted: PersistedWorkflowSnapshot,
  from: number,
  to: number,
  migrations: readonly WorkflowMigration[],
  machineOf: (version: number) => AnyStateMachine | undefined,
  moment: MigrationMoment,
): MigrationOutcome {
  let snapshot = persisted;
  for (let version = from; version < to; version++) {
    const step = migrations.find((migration) => migration.from === version);
    const target = machineOf(version + 1);
    if (!step || !target)
      return { ok: false, reason: `no migration from version ${version} to ${version + 1}` };
    const outcome = step.migrate(snapshot, target, moment);
    if (!outcome.ok) return outcome;
    snapshot = outcome.snapshot;
  }
  return { ok: true, snapshot };
}

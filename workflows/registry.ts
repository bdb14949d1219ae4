import type { AnyStateMachine } from 'xstate';
import { APPLICATION_WORKFLOW, applicationMachine } from './application/machine';
import { BADGE_WORKFLOW, badgeMachine } from './badge/machine';
import { CASE_WORKFLOW, caseMachine } from './case/machine';
import { REPLACEMENT_WORKFLOW, replacementMachine } from './replacement/machine';
import { BADGE_EARLIER_VERSIONS, BADGE_MIGRATIONS } from './badge/versions';
import { CASE_EARLIER_VERSIONS, CASE_MIGRATIONS } from './case/versions';
import type { WorkflowMigration, WorkflowVersion } from './engine/versions';
import type { Permission } from './permissions';

export interface WorkflowDefinition {
  id: string;
  version: number;
  machine: AnyStateMachine;
  /**
   * A citizen journey staff may also key on a resident's behalf (a paper form, a phone call, a visit):
   * the permission that lets them answer its questions. Its staff events keep their own permissions.
   */
  keyedWith?: Permission;
  /** Earlier versions instances may still be running on: each keeps moving on its own machine. */
  earlier?: WorkflowVersion[];
  /** Steps from version N to N+1 that move open instances on (`npm run kit -- migrate-workflow`). */
  migrations?: WorkflowMigration[];
}

/** Every workflow the kit runs. The process map, the docs and the tests all start from this list. */
export const WORKFLOWS = {
  application: { ...APPLICATION_WORKFLOW, machine: applicationMachine, keyedWith: 'application:key' },
  replacement: { ...REPLACEMENT_WORKFLOW, machine: replacementMachine, keyedWith: 'application:key' },
  case: {
    ...CASE_WORKFLOW,
    machine: caseMachine,
    ...history(CASE_WORKFLOW.version, CASE_EARLIER_VERSIONS, CASE_MIGRATIONS),
  },
  badge: {
    ...BADGE_WORKFLOW,
    machine: badgeMachine,
    ...history(BADGE_WORKFLOW.version, BADGE_EARLIER_VERSIONS, BADGE_MIGRATIONS),
  },
} satisfies Record<string, WorkflowDefinition>;

export type WorkflowKind = keyof typeof WORKFLOWS;
export type WorkflowRegistry = Record<WorkflowKind, WorkflowDefinition>;

/** True for a workflow id the kit runs (an id from a URL or a command line, say). */
export function isWorkflowKind(value: string): value is WorkflowKind {
  return Object.hasOwn(WORKFLOWS, value);
}

/**
 * A workflow's frozen versions and migrations below its current version. A frozen machine is kept in
 * the repository before the version after it lands, so the new version wires itself in when it does.
 */
function history(current: number, earlier: WorkflowVersion[], migrations: WorkflowMigration[]) {
  return {
    earlier: earlier.filter((entry) => entry.version < current),
    migrations: migrations.filter((migration) => migration.to <= current),
  };
}

/** The machine instances of `version` run on, or undefined when this kit no longer has it. */
export function machineOf(workflow: WorkflowDefinition, version: number): AnyStateMachine | undefined {
  if (version === workflow.version) return workflow.machine;
  return workflow.earlier?.find((entry) => entry.version === version)?.machine;
}

/** Every version of a workflow this kit can run, oldest first. */
export function versionsOf(workflow: WorkflowDefinition): WorkflowVersion[] {
  return [...(workflow.earlier ?? []), { version: workflow.version, machine: workflow.machine }];
}

interface TransitionLike {
  eventType: string;
  meta?: { permission?: Permission };
}
interface StateNodeLike {
  transitions: Map<string, TransitionLike[]>;
  states: Record<string, StateNodeLike>;
}

/**
 * The permission each staff event needs, read from the statechart's transition meta.
 * Throws if two transitions for the same event disagree: one event, one permission.
 */
export function eventPermissions(machine: AnyStateMachine): Map<string, Permission> {
  const found = new Map<string, Permission>();
  const visit = (node: StateNodeLike) => {
    for (const transitions of node.transitions.values()) {
      for (const transition of transitions) {
        const permission = transition.meta?.permission;
        if (!permission) continue;
        const existing = found.get(transition.eventType);
        if (existing && existing !== permission) {
          throw new Error(`${machine.id}: ${transition.eventType} needs both ${existing} and ${permission}`);
        }
        found.set(transition.eventType, permission);
      }
    }
    Object.values(node.states).forEach(visit);
  };
  visit(machine.root as unknown as StateNodeLike);
  return found;
}

import type { AnyStateMachine } from 'xstate';
import { APPLICATION_WORKFLOW, applicationMachine } from './application/machine';
import { BADGE_WORKFLOW, badgeMachine } from './badge/machine';
import { CASE_WORKFLOW, caseMachine } from './case/machine';
import { REPLACEMENT_WORKFLOW, replacementMachine } from './replacement/machine';
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
}

/** Every workflow the kit runs. The process map, the docs and the tests all start from this list. */
export const WORKFLOWS = {
  application: { ...APPLICATION_WORKFLOW, machine: applicationMachine, keyedWith: 'application:key' },
  replacement: { ...REPLACEMENT_WORKFLOW, machine: replacementMachine, keyedWith: 'application:key' },
  case: { ...CASE_WORKFLOW, machine: caseMachine },
  badge: { ...BADGE_WORKFLOW, machine: badgeMachine },
} satisfies Record<string, WorkflowDefinition>;

export type WorkflowKind = keyof typeof WORKFLOWS;

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

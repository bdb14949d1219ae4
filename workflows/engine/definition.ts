import type { AnyStateMachine } from 'xstate';

/**
 * A statechart as plain JSON for the reference specification (GET /api/v1/workflows/{id}/versions/{n}):
 * a stable, documented shape that suppliers can rely on, built from the machine itself so it cannot drift.
 * XState's own internals are never exposed. The OpenAPI document's WorkflowDefinition schema describes it
 * (app/api/reference-openapi.ts).
 */
export interface WorkflowDefinitionDocument {
  id: string;
  version: number;
  description: string | null;
  /** The state an instance starts in (a path such as `submitted`). */
  initial: string;
  /** Every state, parents before children, identified by its dotted path (`decided.refused`). */
  states: StateDocument[];
}

export interface StateDocument {
  path: string;
  parent: string | null;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  description: string | null;
  /** For a compound state: the child it is entered at. */
  initial: string | null;
  transitions: TransitionDocument[];
}

export interface TransitionDocument {
  /** `event`: sent by someone; `automatic`: taken at once on entry; `delayed`: taken after `delay`. */
  kind: 'event' | 'automatic' | 'delayed';
  /** The event type (`event` transitions only). */
  event: string | null;
  /** Milliseconds, or the name of a council-set delay (`delayed` transitions only). */
  delay: number | string | null;
  /** Target state paths; empty for a transition that stays where it is. */
  targets: string[];
  /** The name of the condition that must hold, if any. */
  guard: string | null;
  /** The staff permission the event needs (workflows/permissions.ts); null for citizen or automatic moves. */
  permission: string | null;
  description: string | null;
  /** Named actions: context updates and the effects the app performs in the same transaction. */
  actions: string[];
}

interface NodeLike {
  path: string[];
  type: StateDocument['type'];
  description?: string;
  states: Record<string, NodeLike>;
  initial?: { target: NodeLike[] };
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
  after: Array<TransitionLike & { delay: number | string }>;
}
interface TransitionLike {
  eventType: string;
  target?: NodeLike[];
  guard?: unknown;
  actions: unknown[];
  meta?: { permission?: string; description?: string };
}

const pathOf = (node: NodeLike) => node.path.join('.');

function nameOf(item: unknown): string | null {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') {
    return (item as { type: string }).type;
  }
  return null;
}

function transitionDocument(
  transition: TransitionLike,
  kind: TransitionDocument['kind'],
  delay: number | string | null,
): TransitionDocument {
  return {
    kind,
    event: kind === 'event' ? transition.eventType : null,
    delay,
    targets: (transition.target ?? []).map(pathOf),
    guard: transition.guard === undefined ? null : (nameOf(transition.guard) ?? 'inline condition'),
    permission: transition.meta?.permission ?? null,
    description: transition.meta?.description ?? null,
    actions: transition.actions.map(nameOf).filter((name): name is string => name !== null),
  };
}

export function describeMachine(machine: AnyStateMachine, version: number): WorkflowDefinitionDocument {
  const delays = (machine.implementations.delays ?? {}) as Record<string, unknown>;
  const states: StateDocument[] = [];
  const visit = (node: NodeLike, parent: string | null) => {
    const delayed = node.after.map((t) => {
      const named = typeof t.delay === 'string' ? delays[t.delay] : undefined;
      return transitionDocument(t, 'delayed', typeof named === 'number' ? named : t.delay);
    });
    const delayedTypes = new Set(node.after.map((t) => t.eventType));
    const byEvent = [...node.transitions.entries()]
      .filter(([type]) => !delayedTypes.has(type))
      .flatMap(([, list]) => list.map((t) => transitionDocument(t, 'event', null)));
    const automatic = (node.always ?? []).map((t) => transitionDocument(t, 'automatic', null));
    const path = pathOf(node);
    states.push({
      path,
      parent,
      type: node.type,
      description: node.description ?? null,
      initial: node.initial?.target[0] ? pathOf(node.initial.target[0]) : null,
      transitions: [...byEvent, ...automatic, ...delayed],
    });
    Object.values(node.states).forEach((child) => visit(child, path));
  };
  const root = machine.root as unknown as NodeLike;
  Object.values(root.states).forEach((child) => visit(child, null));
  return {
    id: machine.id,
    version,
    description: (root.description as string | undefined) ?? null,
    initial: root.initial?.target[0] ? pathOf(root.initial.target[0]) : '',
    states,
  };
}

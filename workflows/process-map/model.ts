import type { AnyStateMachine } from 'xstate';
import { ROLES, hasPermission, type Permission, type Role } from '../permissions';
import type { WorkflowDefinition } from '../registry';
import type { GuardWords, ProcessMapNotes, TargetSettings } from './notes';

/**
 * A workflow's process map, read from its statechart: every state (nested ones inside their parent), what
 * it means, who acts there, its target time and screen, and every way out of it with its event, guard in
 * plain English and permission. Pure: the diagram (dot.ts), the /process pages and docs/process/ are
 * all drawn from this.
 */
export interface ProcessMap {
  id: string;
  version: number;
  description: string;
  /** Every state, parents before their children, in the machine's order. */
  states: ProcessState[];
  /** Transitions defined on the machine's root: possible from any state. */
  anywhere: ProcessTransition[];
  /** Notes for events drawn once rather than from every state (notes.summarised). */
  notes: string[];
}

export interface ProcessState {
  /** The state's path, dotted: `decided.refused`. */
  id: string;
  /** Its own name, and its parent's id (none at the top level). */
  key: string;
  parent?: string;
  depth: number;
  description?: string;
  /** `compound` has child states (drawn as a cluster); `final` ends the workflow or its parent. */
  kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The state the workflow (or its parent) starts in. */
  initial: boolean;
  /** Left without anyone acting: an `always` or `after` transition. */
  automatic: boolean;
  /** Staff roles that may act here, from the permissions of its transitions (workflows/permissions.ts). */
  roles: Role[];
  /** Who else acts: the resident, or nobody (the system). */
  actor?: string;
  targetTime?: string;
  screen?: Screen;
  transitions: ProcessTransition[];
}

export interface Screen {
  /** A path inside the kit (the mount path goes in front). */
  href: string;
  label: string;
}

export interface ProcessTransition {
  source: string;
  /** The event as the statechart names it (`APPROVE`), or a word for automatic ones. */
  event: string;
  kind: 'event' | 'always' | 'after' | 'done';
  /** "after 28 days", "automatically", or the event name. */
  label: string;
  /** Target state ids; empty when the transition stays where it is. */
  targets: string[];
  guard?: { name: string; description: string };
  permission?: Permission;
  roles: Role[];
  description?: string;
  actions: string[];
  /** Drawn once as this note (notes.summarised), not as an arrow. */
  summarisedBy?: string;
}

/** The parts of xstate's StateNode the map reads. */
interface NodeLike {
  key: string;
  id: string;
  path: string[];
  type: ProcessState['kind'];
  description?: string;
  parent?: NodeLike;
  states: Record<string, NodeLike>;
  config: { initial?: unknown };
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
  meta?: { page?: { path: string } };
}
interface TransitionLike {
  eventType: string;
  target?: NodeLike[];
  guard?: unknown;
  meta?: { permission?: Permission; description?: string };
  actions: unknown[];
  delay?: number | string;
}

const DAY = 24 * 60 * 60 * 1000;

/** A delay in words: whole days, hours or minutes where the number allows, else milliseconds. */
export function delayInWords(delay: number | string, named: Record<string, string> = {}): string {
  if (typeof delay === 'string') return named[delay] ?? delay;
  const units: Array<[number, string]> = [
    [DAY, 'day'],
    [60 * 60 * 1000, 'hour'],
    [60 * 1000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (delay >= size && delay % size === 0) {
      const count = delay / size;
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${delay} ms`;
}

/** A guard's name and parameters, however the machine wrote it (`and`/`or`/`not` keep their parts). */
export interface GuardReference {
  name: string;
  params: Record<string, string>;
  parts?: GuardReference[];
}

export function guardReference(guard: unknown): GuardReference | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return { name: guard, params: {} };
  if (typeof guard === 'function') {
    // xstate's and([...]), or([...]) and not(...) are functions carrying their parts.
    const parts = (guard as { guards?: unknown[] }).guards;
    return {
      name: guard.name || 'inline guard',
      params: {},
      parts: Array.isArray(parts) ? parts.map(guardReference).filter((p) => p !== undefined) : undefined,
    };
  }
  if (guard && typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, string> };
    return { name: type, params: params && typeof params === 'object' ? params : {} };
  }
  return { name: String(guard), params: {} };
}

/** The guard in plain English; undefined when some part of it has no words in the notes. */
export function describeGuard(
  reference: GuardReference,
  guards: Record<string, GuardWords>,
): string | undefined {
  if (reference.parts) {
    const parts = reference.parts.map((part) => describeGuard(part, guards));
    if (parts.some((part) => part === undefined)) return undefined;
    if (reference.name === 'not') return `not (${parts[0]})`;
    return parts.join(reference.name === 'or' ? ' or ' : ' and ');
  }
  const words = guards[reference.name];
  if (words === undefined) return undefined;
  return typeof words === 'function' ? words(reference.params) : words;
}

/** Every named guard inside a reference (the parts of and/or/not). */
export function guardNames(reference: GuardReference): GuardReference[] {
  return reference.parts ? reference.parts.flatMap(guardNames) : [reference];
}

const rolesFor = (permission?: Permission): Role[] =>
  permission ? ROLES.filter((role) => hasPermission(role, permission)) : [];

const stateId = (node: NodeLike) => node.path.join('.');

function actionNames(actions: unknown[]): string[] {
  return actions.flatMap((action) => {
    if (typeof action === 'string') return [action];
    if (action && typeof action === 'object' && 'type' in action)
      return [String((action as { type: unknown }).type)];
    return [];
  });
}

function summarises(
  summary: NonNullable<ProcessMapNotes['summarised']>[number],
  eventType: string,
  guard: GuardReference | undefined,
  root: boolean,
): boolean {
  if (summary.events && root && summary.events.test(eventType)) return true;
  return (
    summary.guard !== undefined &&
    guard !== undefined &&
    guardNames(guard).some((g) => g.name === summary.guard)
  );
}

function transitionOf(
  node: NodeLike,
  transition: TransitionLike,
  kind: ProcessTransition['kind'],
  notes: ProcessMapNotes,
  root: boolean,
): ProcessTransition {
  const reference = guardReference(transition.guard);
  const description = reference ? (describeGuard(reference, notes.guards) ?? reference.name) : undefined;
  const permission = transition.meta?.permission;
  const label =
    kind === 'after'
      ? `after ${delayInWords(transition.delay ?? 0, notes.delays)}`
      : kind === 'always'
        ? 'automatically'
        : kind === 'done'
          ? transition.eventType.startsWith('xstate.error.')
            ? 'if it fails'
            : 'when finished'
          : transition.eventType;
  return {
    source: stateId(node),
    event: kind === 'event' ? transition.eventType : label,
    kind,
    label,
    targets: (transition.target ?? []).map(stateId),
    guard: reference && description !== undefined ? { name: reference.name, description } : undefined,
    permission,
    roles: rolesFor(permission),
    description: transition.meta?.description,
    actions: actionNames(transition.actions),
    summarisedBy: (notes.summarised ?? []).find((s) => summarises(s, transition.eventType, reference, root))
      ?.note,
  };
}

function transitionsOf(node: NodeLike, notes: ProcessMapNotes, root = false): ProcessTransition[] {
  const found: ProcessTransition[] = [];
  for (const [eventType, transitions] of node.transitions) {
    const kind = eventType.startsWith('xstate.after.')
      ? 'after'
      : eventType.startsWith('xstate.done.') || eventType.startsWith('xstate.error.')
        ? 'done'
        : 'event';
    for (const transition of transitions) found.push(transitionOf(node, transition, kind, notes, root));
  }
  for (const transition of node.always ?? [])
    found.push(transitionOf(node, transition, 'always', notes, root));
  return found;
}

function screenFor(
  id: string,
  node: NodeLike,
  notes: ProcessMapNotes,
  automatic: boolean,
): Screen | undefined {
  const screens = notes.screens;
  if (screens.kind === 'journey') {
    const page = node.meta?.page;
    return page
      ? { href: `${screens.basePath}/${page.path}`, label: `${screens.basePath}/${page.path}` }
      : undefined;
  }
  // A parent is shown through its children; a state left at once is never seen on a screen.
  if (Object.keys(node.states).length > 0 || automatic) return undefined;
  const filter = screens.queueFilter?.(id);
  return filter
    ? { href: `/staff/cases?state=${encodeURIComponent(filter)}`, label: 'Cases in this state' }
    : { href: '/staff/cases', label: 'Cases (each case page offers its next steps)' };
}

export interface ProcessMapOptions {
  notes: ProcessMapNotes;
  /** The council's target times (council.json `targets`); the schema's defaults for the docs. */
  targets: TargetSettings;
}

export function buildProcessMap(definition: WorkflowDefinition, options: ProcessMapOptions): ProcessMap {
  const { machine } = definition;
  const { notes } = options;
  const root = machine.root as unknown as NodeLike;
  const states: ProcessState[] = [];
  const visit = (node: NodeLike, depth: number) => {
    const id = stateId(node);
    const transitions = transitionsOf(node, notes);
    const automatic = transitions.some((t) => t.kind === 'always' || t.kind === 'after');
    const final = node.type === 'final';
    const roles = [...new Set(transitions.flatMap((t) => t.roles))];
    const parent = node.parent;
    const initialKey = parent?.config.initial;
    const residentActs = transitions.some((t) => t.kind === 'event' && !t.permission);
    states.push({
      id,
      key: node.key,
      parent: parent && parent !== root ? stateId(parent) : undefined,
      depth,
      description: node.description ?? notes.stateTitle?.(id),
      kind: node.type,
      initial: initialKey === node.key,
      automatic,
      roles: ROLES.filter((role) => roles.includes(role)),
      actor: residentActs ? notes.actor : undefined,
      // Target times belong to the states a case rests in, not to the parents that group them.
      targetTime:
        Object.keys(node.states).length > 0
          ? undefined
          : notes.targetTime?.({ id, final, automatic }, options.targets),
      screen: screenFor(id, node, notes, automatic),
      transitions,
    });
    for (const child of Object.values(node.states)) visit(child, depth + 1);
  };
  for (const child of Object.values(root.states)) visit(child, 0);
  const anywhere = transitionsOf(root, notes, true);
  const all = [...anywhere, ...states.flatMap((s) => s.transitions)];
  const summaryNotes = [...new Set(all.flatMap((t) => (t.summarisedBy ? [t.summarisedBy] : [])))];
  return {
    id: definition.id,
    version: definition.version,
    description: root.description ?? definition.id,
    states,
    anywhere,
    notes: summaryNotes,
  };
}

/** Every guard a machine names, with its parameters, wherever it is used (for the "every guard has words" test). */
export function guardsUsed(machine: AnyStateMachine): GuardReference[] {
  const found: GuardReference[] = [];
  const visit = (node: NodeLike) => {
    const all = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const transition of all) {
      const reference = guardReference(transition.guard);
      if (reference) found.push(...guardNames(reference));
    }
    Object.values(node.states).forEach(visit);
  };
  visit(machine.root as unknown as NodeLike);
  return found;
}

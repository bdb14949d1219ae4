import {
  createMachine,
  getNextTransitions,
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type StateValue,
} from 'xstate';

/**
 * The only module that touches XState's snapshot API. xstate 6 changes how snapshots are restored,
 * so everything else calls these functions and stays the same when that day comes.
 */

/** What is stored in the database for a workflow instance. */
export interface PersistedWorkflowSnapshot {
  value: StateValue;
  context: unknown;
  status: string;
  historyValue?: unknown;
}

/** An effect the statechart asks for: performed by the app in the same transaction as the transition. */
export interface Effect {
  type: string;
  params: unknown;
}

export interface TransitionOutcome<TSnapshot> {
  snapshot: TSnapshot;
  effects: Effect[];
  changed: boolean;
}

export function startSnapshot<TMachine extends AnyStateMachine>(
  machine: TMachine,
  input?: unknown,
): TransitionOutcome<AnyMachineSnapshot> {
  const [snapshot, actions] = initialTransition(machine, input as never);
  return { snapshot: snapshot as AnyMachineSnapshot, effects: toEffects(actions), changed: true };
}

export function restoreSnapshot(
  machine: AnyStateMachine,
  persisted: PersistedWorkflowSnapshot,
): AnyMachineSnapshot {
  return machine.resolveState({
    value: persisted.value,
    context: persisted.context,
    status: persisted.status,
    historyValue: persisted.historyValue,
  } as never) as AnyMachineSnapshot;
}

export function persistSnapshot(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
): PersistedWorkflowSnapshot {
  const persisted = machine.getPersistedSnapshot(snapshot) as unknown as PersistedWorkflowSnapshot;
  return {
    value: persisted.value,
    context: persisted.context,
    status: persisted.status,
    historyValue: persisted.historyValue,
  };
}

/** Sends one event; `changed` is false when no transition was enabled for it (the snapshot is returned unchanged). */
export function applyEvent(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): TransitionOutcome<AnyMachineSnapshot> {
  let next: AnyMachineSnapshot;
  let actions: Parameters<typeof toEffects>[0];
  try {
    [next, actions] = transition(machine, snapshot as never, event as never) as [
      AnyMachineSnapshot,
      typeof actions,
    ];
  } catch (error) {
    if (refusedByGuard(error)) return { snapshot, effects: [], changed: false };
    throw error;
  }
  // XState hands back the very snapshot, with no actions, when no transition took the event; so only then
  // is `can` asked (a transition to the same state with nothing to do is still taken). Asking it for
  // every event worked out each transition twice.
  if (next === snapshot && actions.length === 0 && !canTake(snapshot, event)) {
    return { snapshot, effects: [], changed: false };
  }
  return { snapshot: next, effects: toEffects(actions), changed: true };
}

/**
 * Whether an enabled transition takes the event. A guard that throws on an event missing the fields it
 * reads (a malformed event, never one a form built) refuses the event, changing nothing, instead of
 * failing the request.
 */
function canTake(snapshot: AnyMachineSnapshot, event: EventObject): boolean {
  try {
    return snapshot.can(event);
  } catch (error) {
    if (refusedByGuard(error)) return false;
    throw error;
  }
}

/** XState 5 reports any guard that throws as a plain Error with this message (no cause to inspect). */
function refusedByGuard(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Unable to evaluate guard');
}

/**
 * The timers entering the snapshot's states arms (their `after` transitions), as arm-timer effects: what a
 * transition into that configuration from outside it would arm, worked out by XState itself (the same
 * delayed raises `applyEvent` turns into effects). A migrated instance is placed in its new version's state
 * without a transition, so the store arms these for it. Only timers: no other entry action is replayed.
 */
export function enteringTimers(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): Effect[] {
  const config = machine.config as unknown as StateConfigLike;
  // The same machine, started in the snapshot's states with its context: its first step enters them.
  const entering = createMachine(
    { ...startingAt(config, snapshot.value), context: snapshot.context } as never,
    machine.implementations as never,
  );
  const [entered, actions] = initialTransition(entering);
  if (entered.status === 'error') throw entered.error;
  const armed = new Map<string, Effect>();
  for (const effect of toEffects(actions)) {
    const { id } = effect.params as ArmTimerParams | DisarmTimerParams;
    if (effect.type === ARM_TIMER) armed.set(id, effect);
    if (effect.type === DISARM_TIMER) armed.delete(id);
  }
  return [...armed.values()];
}

interface StateConfigLike {
  type?: string;
  initial?: string;
  states?: Record<string, StateConfigLike>;
}

/** A state's config with `initial` set, at every level, to the child `value` names. */
function startingAt(config: StateConfigLike, value: StateValue): StateConfigLike {
  if (typeof value === 'string') return { ...config, initial: value };
  const children = Object.entries(value);
  if (children.length === 0) return config;
  const states = { ...config.states };
  for (const [key, child] of children) {
    if (states[key] && child !== undefined) states[key] = startingAt(states[key], child as StateValue);
  }
  // A parallel state enters all its regions; any other enters the one child its value names.
  return config.type === 'parallel' ? { ...config, states } : { ...config, initial: children[0]![0], states };
}

/** `decided.approved` for nested states; the form stored in the `state` column and written in audits. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? [];
  if (key === undefined) return '';
  return child === undefined ? key : `${key}.${stateName(child as StateValue)}`;
}

interface ExecutableActionLike {
  type: string;
  params?: unknown;
}

/**
 * A delayed transition (`after`) asks to be woken later: the store arms a timer that survives restarts
 * (a scheduled job) with the event to send back, and disarms it when the state is left first.
 */
export const ARM_TIMER = 'xstate.armTimer';
export const DISARM_TIMER = 'xstate.disarmTimer';
export interface ArmTimerParams {
  /** The timer's id in the statechart (for `after`, the delayed event's own type). */
  id: string;
  event: EventObject;
  delayMs: number;
}
export interface DisarmTimerParams {
  id: string;
}

/**
 * Built-in actions (assign, raise…) are already applied in the snapshot; what remains are named effects,
 * and the delayed raises and cancels the pure transition cannot perform itself, as timer effects.
 */
function toEffects(actions: unknown[]): Effect[] {
  return (actions as ExecutableActionLike[]).flatMap((action): Effect[] => {
    if (typeof action.type !== 'string') return [];
    const params = (action.params ?? {}) as Record<string, unknown>;
    if (action.type === 'xstate.raise' && typeof params.delay === 'number') {
      const event = params.event as EventObject;
      const timer: ArmTimerParams = { id: String(params.id ?? event.type), event, delayMs: params.delay };
      return [{ type: ARM_TIMER, params: timer }];
    }
    if (action.type === 'xstate.cancel') {
      const timer: DisarmTimerParams = { id: String(params.sendId) };
      return [{ type: DISARM_TIMER, params: timer }];
    }
    if (action.type.startsWith('xstate.')) return [];
    return [{ type: action.type, params: action.params }];
  });
}

/** Event types some transition from the current state listens for (guards not yet judged). */
export function listenedEvents(snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  const types = getNextTransitions(snapshot).map((t) => t.eventType);
  return [...new Set(types.filter((type) => type !== '' && !type.startsWith('xstate.')))];
}

/**
 * True when the instance has reached the end of its process: the machine is done, every state it is in
 * is a final state (a final state inside a compound one leaves the machine itself active), or it rests in
 * a state tagged `ended`: an end that something may still reopen, such as a case's `decided.refused`,
 * which a review can take back to a decision, so it cannot be a final state. Data protection keys
 * retention on this (closed_at), never on particular state names.
 */
export function hasEnded(snapshot: AnyMachineSnapshot): boolean {
  if (snapshot.status === 'done') return true;
  if (snapshot.hasTag('ended')) return true;
  const nodes = (snapshot as unknown as { _nodes?: Array<{ type: string; states: object }> })._nodes ?? [];
  const leaves = nodes.filter((node) => Object.keys(node.states).length === 0);
  return leaves.length > 0 && leaves.every((node) => node.type === 'final');
}

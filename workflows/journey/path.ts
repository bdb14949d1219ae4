import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { Answers } from '../forms/fields';
import { applyEvent, startSnapshot } from '../engine/xstate-adapter';
import { todayInUk } from '../rules/dates';
import type { JourneyContext, JourneyEvent } from './events';
import { asksSomething, type JourneyPage, type JourneyStateMeta } from './pages';

export interface JourneyPath {
  /** Question states on the path that have answers, in order. */
  answered: string[];
  /** The first state on the path without an answer, or a state that asks nothing (check answers, an exit). */
  next: string;
}

/** The meta of a journey state, or undefined for states that are not pages. */
export function pageOf(machine: AnyStateMachine, stateName: string): JourneyPage | undefined {
  const node = machine.root.states[stateName];
  return (node?.meta as JourneyStateMeta | undefined)?.page;
}

/**
 * Every page of a journey by state, in the statechart's order, read from the states' `meta.page`: the
 * statechart is the one list of a journey's pages (routes, check your answers, the case page, the process
 * map and the tests all read it from there).
 */
export function journeyPages(machine: AnyStateMachine): Record<string, JourneyPage> {
  return Object.fromEntries(
    Object.keys(machine.root.states).flatMap((state) => {
      const page = pageOf(machine, state);
      return page ? [[state, page]] : [];
    }),
  );
}

export function currentState(snapshot: AnyMachineSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0];
}

/**
 * Replays the statechart from the start with the answers given, as if the person answered every page
 * again without reviewing. The path it takes is the one the statechart itself would take, so check
 * your answers, back links and "is this page reachable" can never disagree with the process.
 *
 * A replay is a dozen or more XState transitions, and one request needs the same path several times
 * (is the page allowed, its back link, the guards of the events it sends), so results are remembered:
 * see memoPath. The result is frozen, as it is shared.
 */
export function journeyPath(
  machine: AnyStateMachine,
  answers: Record<string, Answers>,
  input: unknown,
  /** Uploaded files, by upload page: replayed there so the statechart can check required files. */
  lists: Record<string, Answers[]> = {},
): JourneyPath {
  return memoPath(machine, answers, input, lists, () => replayPath(machine, answers, input, lists));
}

/** Paths remembered per machine, the most recently used last (a Map keeps insertion order). */
const rememberedPaths = new WeakMap<AnyStateMachine, Map<string, JourneyPath>>();
/** Enough for every person active in the last minutes on one process; each entry is a few kB at most. */
export const REMEMBERED_PATHS = 500;

/**
 * A path is a pure function of the machine, the answers, the input and the day: guards may compare
 * dates with today (e.g. "aged 16 or over"), and they read nothing else (the replay starts from a fresh
 * snapshot with only those answers and files). So the key is today's date and the JSON of the input,
 * answers and lists, never an object's identity: the same answers restored by another request, or rebuilt by a guard
 * (answersWith), find the same entry.
 */
function memoPath(
  machine: AnyStateMachine,
  answers: Record<string, Answers>,
  input: unknown,
  lists: Record<string, Answers[]>,
  replay: () => JourneyPath,
): JourneyPath {
  let paths = rememberedPaths.get(machine);
  if (!paths) {
    paths = new Map();
    rememberedPaths.set(machine, paths);
  }
  const day = todayInUk();
  const inputJson = JSON.stringify(input) ?? '';
  // One request asks for the same snapshot's path several times: the same answers object, not just equal
  // answers. Snapshots are never changed in place, so that object's path is found without writing its JSON.
  const last = lastPathOf.get(answers);
  if (
    last &&
    last.machine === machine &&
    last.lists === lists &&
    last.day === day &&
    last.inputJson === inputJson
  ) {
    return last.path;
  }
  // The lists too: uploaded files are replayed, and a required upload page is answered only with files.
  const key = `${day}\n${inputJson}\n${JSON.stringify(answers)}\n${JSON.stringify(lists)}`;
  let path = paths.get(key);
  if (path) {
    paths.delete(key);
  } else {
    path = replay();
    Object.freeze(path.answered);
    Object.freeze(path);
    if (paths.size >= REMEMBERED_PATHS) paths.delete(paths.keys().next().value as string);
  }
  paths.set(key, path);
  lastPathOf.set(answers, { machine, lists, day, inputJson, path });
  return path;
}

/** The path last found for an answers object (see memoPath); gone with the object. */
const lastPathOf = new WeakMap<
  object,
  {
    machine: AnyStateMachine;
    lists: Record<string, Answers[]>;
    day: string;
    inputJson: string;
    path: JourneyPath;
  }
>();

function replayPath(
  machine: AnyStateMachine,
  answers: Record<string, Answers>,
  input: unknown,
  lists: Record<string, Answers[]>,
): JourneyPath {
  let snapshot = startSnapshot(machine, input).snapshot;
  const answered: string[] = [];
  const seen = new Set<string>();
  for (;;) {
    const state = currentState(snapshot);
    const page = pageOf(machine, state);
    const stored = answers[state];
    if (!page || !asksSomething(page) || !page.checkAnswers || stored === undefined || seen.has(state)) {
      return { answered, next: state };
    }
    seen.add(state);
    if (page.upload) {
      for (const item of lists[state] ?? []) {
        const add: JourneyEvent = { type: 'ADD_ITEM', list: state, item };
        snapshot = applyEvent(machine, snapshot, add).snapshot;
      }
    }
    const submit: JourneyEvent = { type: 'SUBMIT', page: state, answers: stored };
    const outcome = applyEvent(machine, snapshot, submit);
    if (!outcome.changed) return { answered, next: state };
    answered.push(state);
    snapshot = outcome.snapshot;
  }
}

/** The answers (and "add another" lists) on the path only: what is shown, submitted and assessed. */
export function answersOnPath(
  machine: AnyStateMachine,
  context: JourneyContext,
  input: unknown,
): { answers: Record<string, Answers>; lists: Record<string, Answers[]> } {
  const { answered } = journeyPath(machine, context.answers, input, context.lists);
  return {
    answers: Object.fromEntries(answered.map((state) => [state, context.answers[state]])),
    lists: Object.fromEntries(
      answered.filter((state) => context.lists?.[state]).map((state) => [state, context.lists[state]]),
    ),
  };
}

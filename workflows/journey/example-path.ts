import type { AnyStateMachine } from 'xstate';
import { applyEvent, startSnapshot } from '../engine/xstate-adapter';
import type { Answers } from '../forms/fields';
import { sampleAnswers } from '../forms/sample-answers';
import type { Nation } from '../rules/types';
import type { JourneyEvent } from './events';
import { asksSomething, type JourneyPage, type UploadedFileItem } from './pages';
import { currentState, pageOf } from './path';

/**
 * One page of an example journey (a persona's step): the answers given, the items of an "add another"
 * list, or the example files uploaded (test/fixtures/evidence/) before Continue.
 * `sampled` marks a step nobody wrote: its answers come from the page's field definitions (sampleAnswers).
 */
export type ExampleStep<S extends string = string> = (
  { state: S; answers: Answers } | { state: S; items: Answers[] } | { state: S; files: string[] }
) & { sampled?: true };

/**
 * The whole path an example takes through a journey, page by page, to check your answers or an end: the
 * steps written for it, and a sampled step (a valid answer made from the page's fields) for each page on
 * the path nobody wrote an answer for. So a new question needs no edit to the examples: every example
 * walks through it. A written step the path never reaches, or reaches out of the written order, or an
 * answer the statechart refuses, is an error: the examples stay true to the statechart.
 */
export function examplePath<S extends string>(
  machine: AnyStateMachine,
  example: { name: string; nation: Nation; steps: ExampleStep<S>[] },
  input: unknown = { nation: example.nation },
): ExampleStep<S>[] {
  const written = new Map<string, ExampleStep<S>>(example.steps.map((step) => [step.state, step]));
  let snapshot = startSnapshot(machine, input).snapshot;
  const path: ExampleStep<S>[] = [];
  for (;;) {
    const state = currentState(snapshot);
    const page = pageOf(machine, state);
    if (!page || !asksSomething(page) || !page.checkAnswers) break;
    if (path.some((step) => step.state === state))
      throw new Error(`${example.name}: ${state} comes round again`);
    const step = written.get(state) ?? sampledStep(state as S, page, example.nation);
    for (const event of stepEvents(step)) {
      const outcome = applyEvent(machine, snapshot, event);
      if (!outcome.changed) throw new Error(`${example.name}: ${event.type} refused on ${state}`);
      snapshot = outcome.snapshot;
    }
    path.push(step);
  }
  const reached = path.filter((step) => written.get(step.state) === step);
  if (reached.length !== example.steps.length || reached.some((step, i) => step !== example.steps[i])) {
    const states = (steps: ExampleStep[]) => steps.map((step) => step.state).join(', ');
    throw new Error(
      `${example.name}: the answers written (${states(example.steps)}) are not the path taken (${states(path)})`,
    );
  }
  return path;
}

/** A valid step for a page nobody wrote one for, made from its field definitions. */
export function sampledStep<S extends string>(state: S, page: JourneyPage, nation: Nation): ExampleStep<S> {
  if (page.upload)
    return { state, files: [page.upload.accept === 'images' ? 'photo.jpg' : 'letter.pdf'], sampled: true };
  if (page.itemFields) return { state, items: [sampleAnswers(page.itemFields, nation)], sampled: true };
  return { state, answers: sampleAnswers(page.fields, nation), sampled: true };
}

/**
 * The journey events one step makes. `files` are the items of files really stored for an upload page;
 * without them, example items stand in.
 */
export function stepEvents(step: ExampleStep, files: UploadedFileItem[] = []): JourneyEvent[] {
  if ('files' in step) {
    return [
      ...step.files.map((name, index): JourneyEvent => ({
        type: 'ADD_ITEM',
        list: step.state,
        item: files[index] ?? exampleFile(name, index),
      })),
      { type: 'SUBMIT', page: step.state, answers: {} },
    ];
  }
  if ('items' in step) {
    return [
      ...step.items.map((item): JourneyEvent => ({ type: 'ADD_ITEM', list: step.state, item })),
      { type: 'SUBMIT', page: step.state, answers: { addAnother: 'no' } },
    ];
  }
  return [{ type: 'SUBMIT', page: step.state, answers: step.answers }];
}

/**
 * What the journey records for an example file when an example is replayed without a server (the
 * statechart tests, the demo data): no bytes are stored, so staff see no file behind it.
 */
export function exampleFile(name: string, index: number): UploadedFileItem {
  const contentType = name.endsWith('.pdf')
    ? 'application/pdf'
    : name.endsWith('.png')
      ? 'image/png'
      : 'image/jpeg';
  return { evidenceId: `example-${index + 1}`, name, contentType, size: '1024' };
}

import { assign, type AnyStateMachine } from 'xstate';
import type { Answers } from '../forms/fields';
import { listsAfter, type JourneyContext, type JourneyEvent } from './events';
import { feeGuards, feeStates, feeUpdates } from './fee';
import { asksSomething, questionPage, type JourneyPage } from './pages';
import { answersOnPath, journeyPath } from './path';

/**
 * The parts every citizen journey's statechart shares: the guards and actions behind check your answers,
 * change links and "add another" lists, and the shape of a question state. A journey passes a function
 * that returns its own machine (the guards replay it) and its input.
 */
export function answersWith(context: JourneyContext, event: JourneyEvent): Record<string, Answers> {
  if (event.type !== 'SUBMIT') return context.answers;
  return { ...context.answers, [event.page]: event.answers };
}

type GuardArgs<C> = { context: C; event: JourneyEvent };

export function journeyGuards<C extends JourneyContext>(
  machine: () => AnyStateMachine,
  input: (context: C) => unknown,
) {
  const path = (context: C, answers: Record<string, Answers>) =>
    journeyPath(machine(), answers, input(context), context.lists);
  return {
    /** After check your answers, a changed answer leads straight back there if nothing else is now missing. */
    canReturnToCheckAnswers: ({ context, event }: GuardArgs<C>) =>
      context.reviewing && path(context, answersWith(context, event)).next === 'checkAnswers',
    /** A page may be revisited when it is on the path the answers so far lead along. */
    onPath: ({ context }: GuardArgs<C>, params: { state: string }) => {
      const current = path(context, context.answers);
      if (params.state === 'checkAnswers') return context.reviewing && current.next === 'checkAnswers';
      return current.answered.includes(params.state) || current.next === params.state;
    },
    answersComplete: ({ context }: GuardArgs<C>) => path(context, context.answers).next === 'checkAnswers',
    isThisList: ({ event }: GuardArgs<C>, params: { state: string }) =>
      (event.type === 'ADD_ITEM' || event.type === 'CHANGE_ITEM' || event.type === 'REMOVE_ITEM') &&
      event.list === params.state,
    /** A required upload page with nothing uploaded yet: its SUBMIT is refused. */
    filesMissing: ({ context }: GuardArgs<C>, params: { state: string }) =>
      (context.lists?.[params.state] ?? []).length === 0,
    ...feeGuards,
  };
}

export function journeyActions<C extends JourneyContext>(
  machine: () => AnyStateMachine,
  input: (context: C) => unknown,
) {
  // One type for all four: assign() cannot see that a generic C has JourneyContext's fields.
  const update = (change: (args: GuardArgs<C>) => Partial<JourneyContext>) =>
    assign<C, JourneyEvent, undefined, JourneyEvent, never>(
      (args) => change(args as GuardArgs<C>) as Partial<C>,
    );
  return {
    saveAnswers: update(({ context, event }) => ({ answers: answersWith(context, event) })),
    updateList: update(({ context, event }) => ({ lists: listsAfter(context, event) })),
    startReviewing: update(() => ({ reviewing: true })),
    /** On sending, answers the path no longer uses (an abandoned branch) are removed for good. */
    keepOnlyAnswersOnPath: update(({ context }) => {
      const onPath = answersOnPath(machine(), context, input(context));
      return { ...onPath, answers: { ...onPath.answers, declaration: context.answers.declaration } };
    }),
    startPayment: update(feeUpdates.startPayment),
    recordPaid: update(feeUpdates.recordPaid),
    recordPaymentProblem: update(feeUpdates.recordPaymentProblem),
    recordPayLater: update(feeUpdates.recordPayLater),
    /** Effect: the app writes the payments row of a payment just started (app/payments/effects.ts). */
    recordPaymentAttempt: () => undefined,
    /** Effect: the app records the provider's verdict on that row. */
    recordPaymentOutcome: () => undefined,
  };
}

/** A transition to the next state, with the guard that chooses it (none for the fallback). */
export type NextStep<S extends string, G> = S | { target: S; guard: G };

/**
 * A question state: SUBMIT saves the answers, returns to check answers when it can, else takes the first
 * next step whose guard passes. A list page also takes its own item events.
 */
export function questionState<S extends string, G>(state: S, page: JourneyPage, next: NextStep<S, G>[]) {
  // Uploaded files are added and removed, never changed in place.
  const itemEvents = page.upload ? ['ADD_ITEM', 'REMOVE_ITEM'] : ['ADD_ITEM', 'CHANGE_ITEM', 'REMOVE_ITEM'];
  const listEvents =
    page.itemFields || page.upload
      ? Object.fromEntries(
          itemEvents.map((type) => [
            type,
            { guard: { type: 'isThisList' as const, params: { state } }, actions: 'updateList' as const },
          ]),
        )
      : {};
  return {
    meta: { page },
    on: {
      ...listEvents,
      SUBMIT: [
        // A transition that goes nowhere and does nothing: the event is refused (snapshot.can is false).
        ...(page.upload?.required ? [{ guard: { type: 'filesMissing' as const, params: { state } } }] : []),
        {
          guard: 'canReturnToCheckAnswers' as const,
          target: 'checkAnswers',
          actions: 'saveAnswers' as const,
        },
        ...next.map((step) =>
          typeof step === 'string'
            ? { target: step, actions: 'saveAnswers' as const }
            : { ...step, actions: 'saveAnswers' as const },
        ),
      ],
    },
  };
}

/** What a question state shows: a page built with questionPage, listPage or uploadPage, or a question page's parts. */
export type PageSpec = Parameters<typeof questionPage>[0];

const QUESTION = Symbol('question');

/** A question state not yet named: `journeyStates` names it after its key. */
export interface QuestionStep<G> {
  readonly [QUESTION]: { page: JourneyPage; next: NextStep<string, G>[] };
}

/**
 * A question state with its page beside it: `contactPreference: questionStep({ path, section, fields }, 'photo')`
 * in a journey's `journeyStates({...})`. The page travels in the state's `meta.page`, so the statechart is the
 * journey's one list of pages (journeyPages): a new page is one entry in the statechart's file.
 */
export function questionStep<G>(page: PageSpec, ...next: NextStep<string, G>[]): QuestionStep<G> {
  return { [QUESTION]: { page: questionPage(page), next } };
}

function isQuestionStep(state: unknown): state is QuestionStep<unknown> {
  return typeof state === 'object' && state !== null && QUESTION in state;
}

type QuestionStateOf<S extends string, G> = ReturnType<typeof questionState<S, G>>;
export type JourneyStates<T> = {
  [K in keyof T]: T[K] extends QuestionStep<infer G> ? QuestionStateOf<K & string, G> : T[K];
};

/** A journey's states, each `questionStep` made a question state named after its key. */
export function journeyStates<T extends Record<string, object>>(states: T): JourneyStates<T> {
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => [
      name,
      isQuestionStep(state) ? questionState(name, state[QUESTION].page, state[QUESTION].next) : state,
    ]),
  ) as JourneyStates<T>;
}

/**
 * The states a back or change link may return to, read from the states' pages: every page that asks
 * something and shows on check your answers, and check your answers itself.
 */
export function revisitable(states: Record<string, { meta?: { page?: JourneyPage } }>): string[] {
  return Object.entries(states)
    .filter(([name, state]) => {
      const page = state.meta?.page;
      return (
        name === 'checkAnswers' || (page !== undefined && asksSomething(page) && page.checkAnswers === true)
      );
    })
    .map(([name]) => name);
}

/** `GOTO.<state>` at the machine's root for each state a back or change link may return to. */
export function revisits(states: readonly string[]) {
  return Object.fromEntries(
    states.map((state) => [
      `GOTO.${state}`,
      { target: `.${state}`, guard: { type: 'onPath' as const, params: { state } } },
    ]),
  );
}

/**
 * The states every citizen journey ends with: check your answers (from where CONTINUE goes on only when
 * nothing is missing), the declaration (whose SUBMIT prunes abandoned answers and asks for `effect`, or
 * first asks for the fee when one is due: workflows/journey/fee.ts), and the final submitted state.
 */
export function endingStates<Effect extends string>(
  pages: { checkAnswers: JourneyPage; declaration: JourneyPage; submitted: JourneyPage },
  effect: Effect,
  submittedDescription: string,
) {
  const send = ['keepOnlyAnswersOnPath' as const, effect] as const;
  return {
    checkAnswers: {
      meta: { page: pages.checkAnswers },
      entry: 'startReviewing' as const,
      on: { CONTINUE: { guard: 'answersComplete' as const, target: 'declaration' } },
    },
    declaration: {
      meta: { page: pages.declaration },
      on: {
        SUBMIT: [
          { guard: 'feeDue' as const, target: 'fee', actions: 'saveAnswers' as const },
          { target: 'submitted', actions: ['saveAnswers' as const, ...send] },
        ],
      },
    },
    ...feeStates(send),
    submitted: { meta: { page: pages.submitted }, description: submittedDescription, type: 'final' as const },
  };
}

import { assign, setup, type AnyStateMachine } from 'xstate';
import type { Answers } from '../forms/fields';
import { journeyPath } from '../journey/path';
import type { JourneyContext, JourneyEvent } from '../journey/events';
import { assessEligibility, type CouncilRuleSettings } from '../rules';
import type { Nation } from '../rules/types';
import { applicationFacts } from './facts';
import { applicationPages, type ApplicationState } from './pages';

/**
 * The citizen's application: each question page is a state; SUBMIT carries the page's validated answers
 * and the transitions (with their guards) decide what comes next. The app never chooses a page itself.
 *
 * Bump `version` whenever a change would make a stored snapshot mean something different.
 */
export const APPLICATION_WORKFLOW = { id: 'application', version: 1 } as const;

export interface ApplicationInput {
  nation: Nation;
  /** The council's rule settings at the time the application started. */
  ruleSettings?: Partial<CouncilRuleSettings>;
}

export interface ApplicationContext extends JourneyContext, ApplicationInput {}

/** The input that starts this application again from scratch: the journey path replays with it. */
export function applicationInput(context: ApplicationContext): ApplicationInput {
  return { nation: context.nation, ruleSettings: context.ruleSettings };
}

function answersWith(context: ApplicationContext, event: JourneyEvent): Record<string, Answers> {
  if (event.type !== 'SUBMIT') return context.answers;
  return { ...context.answers, [event.page]: event.answers };
}

function answer(event: JourneyEvent, field: string): string | undefined {
  return event.type === 'SUBMIT' ? event.answers[field] : undefined;
}

/**
 * The guards replay this very statechart (journeyPath), so they need a reference to it; it is set once the
 * machine is built, below.
 */
// eslint-disable-next-line prefer-const -- assigned after the machine below is built
let self: AnyStateMachine;
const pathFor = (answers: Record<string, Answers>, context: ApplicationContext) =>
  journeyPath(self, answers, applicationInput(context));

/** States a change or back link may return to. */
const REVISITABLE: ApplicationState[] = [
  'whoIsApplying',
  'pip',
  'fullName',
  'dateOfBirth',
  'address',
  'checkAnswers',
];

const machineSetup = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as JourneyEvent,
    input: {} as ApplicationInput,
  },
  guards: {
    /** After check your answers, a changed answer leads straight back there if nothing else is now missing. */
    canReturnToCheckAnswers: ({ context, event }) =>
      context.reviewing && pathFor(answersWith(context, event), context).next === 'checkAnswers',
    applyingForThemselves: ({ event }) => answer(event, 'applicant') === 'myself',
    automaticallyEligible: ({ context, event }) =>
      assessEligibility(applicationFacts(answersWith(context, event), context.nation), {
        settings: context.ruleSettings,
      }).outcome === 'eligible-automatic',
    /** A page may be revisited when it is on the path the answers so far lead along. */
    onPath: ({ context }, params: { state: ApplicationState }) => {
      const path = pathFor(context.answers, context);
      if (params.state === 'checkAnswers') return context.reviewing && path.next === 'checkAnswers';
      return path.answered.includes(params.state) || path.next === params.state;
    },
    answersComplete: ({ context }) => pathFor(context.answers, context).next === 'checkAnswers',
  },
  actions: {
    saveAnswers: assign({ answers: ({ context, event }) => answersWith(context, event) }),
    startReviewing: assign({ reviewing: true }),
    /** Effect: the app turns the application into a council case, in the same transaction. */
    submitApplication: () => undefined,
  },
});

/** A question state: SUBMIT saves the answers, returns to check answers when it can, else goes on. */
type RouteGuard = 'applyingForThemselves' | 'automaticallyEligible';

function question(state: ApplicationState, next: Array<{ target: ApplicationState; guard?: RouteGuard }>) {
  return {
    meta: { page: applicationPages[state] },
    on: {
      SUBMIT: [
        { guard: 'canReturnToCheckAnswers', target: 'checkAnswers', actions: 'saveAnswers' },
        ...next.map((transition) => ({ ...transition, actions: 'saveAnswers' as const })),
      ],
    },
  } as const;
}

export const applicationMachine = machineSetup.createMachine({
  id: APPLICATION_WORKFLOW.id,
  description: 'A resident applies for a Blue Badge for themselves.',
  context: ({ input }) => ({ ...input, answers: {}, reviewing: false }),
  initial: 'whoIsApplying',
  on: Object.fromEntries(
    REVISITABLE.map((state) => [
      `GOTO.${state}`,
      { target: `.${state}`, guard: { type: 'onPath', params: { state } } },
    ]),
  ),
  states: {
    whoIsApplying: question('whoIsApplying', [
      { guard: 'applyingForThemselves', target: 'pip' },
      { target: 'contactCouncil' },
    ]),
    pip: question('pip', [{ guard: 'automaticallyEligible', target: 'fullName' }, { target: 'otherRoutes' }]),
    fullName: question('fullName', [{ target: 'dateOfBirth' }]),
    dateOfBirth: question('dateOfBirth', [{ target: 'address' }]),
    address: question('address', [{ target: 'checkAnswers' }]),
    checkAnswers: {
      meta: { page: applicationPages.checkAnswers },
      entry: 'startReviewing',
      on: { CONTINUE: { guard: 'answersComplete', target: 'declaration' } },
    },
    declaration: {
      meta: { page: applicationPages.declaration },
      on: { SUBMIT: { target: 'submitted', actions: ['saveAnswers', 'submitApplication'] } },
    },
    submitted: {
      meta: { page: applicationPages.submitted },
      description: 'The application has become a case for the council to assess.',
      type: 'final',
    },
    contactCouncil: {
      meta: { page: applicationPages.contactCouncil },
      description:
        'Applications for someone else or an organisation are taken by the council directly (for now).',
    },
    otherRoutes: {
      meta: { page: applicationPages.otherRoutes },
      description: 'Not automatically eligible: the council can assess other routes.',
    },
  },
});
self = applicationMachine;

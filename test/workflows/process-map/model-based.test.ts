import { getAdjacencyMap } from '@xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { applicationFacts } from '../../../workflows/application/facts';
import { applicationInput, type ApplicationContext } from '../../../workflows/application/machine';
import { inYears, PERSONAS, personaEvents, yearsAgo } from '../../../workflows/application/personas';
import { badgeEventForms } from '../../../workflows/badge/forms';
import type { CaseInput } from '../../../workflows/case/machine';
import { caseEventForms } from '../../../workflows/case/forms';
import { applyEvent, startSnapshot, stateName } from '../../../workflows/engine/xstate-adapter';
import type { StaffEventForm } from '../../../workflows/forms/staff-events';
import type { JourneyEvent } from '../../../workflows/journey/events';
import { answersOnPath } from '../../../workflows/journey/path';
import { PROCESS_MAP_NOTES, processMap } from '../../../workflows/process-map';
import { assessEligibility } from '../../../workflows/rules';
import { todayInUk } from '../../../workflows/rules/dates';
import { WORKFLOWS, type WorkflowKind } from '../../../workflows/registry';
import { formAnswers } from '../../helpers/staff-forms';

/**
 * Model-based tests with @xstate/graph: each workflow's statechart is explored with real events (the
 * personas' answers for the citizen journeys, the officers' own forms for staff workflows), so guards are
 * judged as they are in the service. From the states found it proves that every state can be reached,
 * every state can reach an end, and every staff event needs a permission and has a form.
 *
 * Guards: citizen journeys' guards replay the answers (journey/path.ts), so their events are the
 * personas' answers page by page, plus every back and change link (GOTO.<page>). Staff events are made by
 * each form's own defaults (which propose values the rules allow) with a sample for any field without one.
 * A journey is explored once per persona (the answers decide the path, so one persona's stay together).
 * States are told apart by their value, the answers, whether check your answers has been seen, and which
 * lists have items (not how many, which keeps the exploration finite).
 */

jest.setTimeout(120_000);

interface Scenario {
  name: string;
  input: unknown;
  events: (snapshot: AnyMachineSnapshot) => EventObject[];
  /**
   * Tell states apart by their answers too (exact, for one persona's answers), or only by where they
   * are (mixing several personas' answers: someone on "not eligible" goes back and answers differently).
   */
  byAnswers?: boolean;
}

const TODAY = todayInUk();

/** Every `xstate.after.*` event a machine has: delayed transitions are explored by sending them. */
function delayedEvents(machine: AnyStateMachine): EventObject[] {
  const found = new Set<string>();
  const visit = (node: { transitions: Map<string, unknown[]>; states: Record<string, unknown> }) => {
    for (const type of node.transitions.keys()) if (type.startsWith('xstate.after.')) found.add(type);
    Object.values(node.states).forEach((child) => visit(child as typeof node));
  };
  visit(machine.root as never);
  return [...found].map((type) => ({ type }));
}

/** The events sequences send in each state, replayed on the machine: the answers a page gets. */
function eventsByState(machine: AnyStateMachine, input: unknown, sequences: JourneyEvent[][]) {
  const byState = new Map<string, Map<string, EventObject>>();
  for (const sequence of sequences) {
    let snapshot = startSnapshot(machine, input).snapshot;
    for (const event of sequence) {
      const state = stateName(snapshot.value);
      if (!byState.has(state)) byState.set(state, new Map());
      byState.get(state)!.set(JSON.stringify(event), event);
      const outcome = applyEvent(machine, snapshot, event);
      if (!outcome.changed) throw new Error(`${event.type} refused in ${state}`);
      snapshot = outcome.snapshot;
    }
  }
  // Back and change links to the pages these answers visit (the others are refused anyway).
  const gotos = Object.keys(machine.root.on ?? {})
    .filter((type) => type.startsWith('GOTO.') && byState.has(type.slice('GOTO.'.length)))
    .map((type) => ({ type }));
  const delayed = delayedEvents(machine);
  return (snapshot: AnyMachineSnapshot) => [
    ...(byState.get(stateName(snapshot.value))?.values() ?? []),
    ...gotos,
    ...delayed,
  ];
}

/**
 * Each form's answer with its defaults and samples, and once more for every other option of each of its
 * radios (an outcome, an attendance, a review's result), so every branch an officer can choose is taken.
 * `extra` are events from outside the staff forms (an applicant's reply through its secure link).
 */
function formEvents<C>(forms: StaffEventForm<C>[], machine: AnyStateMachine, extra: EventObject[] = []) {
  const delayed = delayedEvents(machine);
  return (snapshot: AnyMachineSnapshot) => [
    ...forms.flatMap((form) => {
      const values = formAnswers(form, snapshot.context as C, TODAY);
      const variants = form.fields.flatMap((field) =>
        field.kind === 'radios'
          ? field.options
              .filter((option) => option.value !== values[field.name])
              .map((option) => ({ ...values, [field.name]: option.value }))
          : [],
      );
      return [values, ...variants].map((answers) => form.toEvent(answers, TODAY) as EventObject);
    }),
    ...extra,
    ...delayed,
  ];
}

/**
 * Events in a staff workflow that are not an officer's: the applicant's reply to a request for more
 * information comes through the secure reply link (app/routes/more-information.ts), so it has no staff
 * permission and no staff form.
 */
const CITIZEN_EVENTS: Partial<Record<WorkflowKind, EventObject[]>> = {
  case: [{ type: 'INFORMATION_RECEIVED', reply: 'A photo of my current badge', today: TODAY } as EventObject],
};

/** The case a persona's application opens (as app/services/effects.ts makes it). */
function caseInputFor(persona: (typeof PERSONAS)[number]): CaseInput {
  let snapshot = startSnapshot(WORKFLOWS.application.machine, { nation: persona.nation }).snapshot;
  for (const event of personaEvents(persona))
    snapshot = applyEvent(WORKFLOWS.application.machine, snapshot, event).snapshot;
  const context = snapshot.context as ApplicationContext;
  const { answers, lists } = answersOnPath(WORKFLOWS.application.machine, context, applicationInput(context));
  const facts = applicationFacts(answers, persona.nation, TODAY);
  return {
    reference: 'BB-TEST-0001',
    nation: persona.nation,
    applicationType: 'NEW',
    channel: 'ONLINE',
    answers,
    lists,
    facts,
    eligibility: assessEligibility(facts),
  };
}

const replacementAnswers = (reason: string, expiry: string): JourneyEvent[] => [
  { type: 'SUBMIT', page: 'badgeNumber', answers: { badgeNumber: 'AB12CD' } },
  { type: 'SUBMIT', page: 'reason', answers: { reason } },
  ...(reason === 'STOLE'
    ? [{ type: 'SUBMIT' as const, page: 'crimeReference', answers: { crimeReference: 'CR/12345/26' } }]
    : []),
  { type: 'SUBMIT', page: 'badgeExpiry', answers: { expiryDate: expiry } },
  { type: 'SUBMIT', page: 'fullName', answers: { fullName: 'Margaret Jones' } },
  { type: 'SUBMIT', page: 'dateOfBirth', answers: { dateOfBirth: yearsAgo(78) } },
  {
    type: 'SUBMIT',
    page: 'address',
    answers: { addressLine1: '12 High Street', town: 'Demo Town', postcode: 'SW1A 1AA' },
  },
  { type: 'SUBMIT', page: 'contact', answers: { phone: '01632 960 001' } },
  { type: 'CONTINUE' },
  { type: 'SUBMIT', page: 'declaration', answers: { confirm: 'yes' } },
];

/** A council fee payable online (blue-badge-scheme.md §6 [S3]), as council.json `fee` gives it. */
const ONLINE_FEE = { amountPence: 1000, onlinePayment: true };
const payment = {
  howToPay: (page: string, howToPay: 'online' | 'later'): JourneyEvent => ({
    type: 'SUBMIT',
    page,
    answers: { howToPay },
  }),
  started: {
    type: 'PAYMENT_STARTED',
    provider: 'govuk-pay',
    paymentId: 'p1',
    amountPence: 1000,
  } as JourneyEvent,
  succeeded: { type: 'PAYMENT_SUCCEEDED', paymentId: 'p1', paidAt: `${TODAY}T10:00:00.000Z` } as JourneyEvent,
  failed: { type: 'PAYMENT_FAILED', paymentId: 'p1', problem: 'cancelled' } as JourneyEvent,
};

/**
 * After the declaration, with a fee due: paid at once; failed, then paid on the retry; failed, then paid
 * later; paid later from the start (journey/fee.ts).
 */
const feeAnswers = (declared: JourneyEvent[]): JourneyEvent[][] => [
  [...declared, payment.howToPay('fee', 'online'), payment.started, payment.succeeded],
  [
    ...declared,
    payment.howToPay('fee', 'online'),
    payment.started,
    payment.failed,
    payment.howToPay('paymentNotCompleted', 'online'),
    payment.started,
    payment.succeeded,
  ],
  [
    ...declared,
    payment.howToPay('fee', 'online'),
    payment.started,
    payment.failed,
    payment.howToPay('paymentNotCompleted', 'later'),
  ],
  [...declared, payment.howToPay('fee', 'later')],
];

const eligiblePersona = PERSONAS.find((p) => p.expected)!;
const furtherAssessmentPersona = PERSONAS.find(
  (p) => p.expected?.outcome === 'further-assessment' && p.expected.code === 'WALKD',
)!;

/** How each workflow is explored: a new workflow does not compile until it has a scenario. */
const SCENARIOS: Record<WorkflowKind, () => Scenario[]> = {
  // One exploration per persona (the answers decide the path, so each persona's stay together), and one
  // per nation mixing its personas' answers.
  application: () => [
    ...PERSONAS.map((persona) => {
      const input = { nation: persona.nation };
      return {
        name: persona.name,
        input,
        byAnswers: true,
        events: eventsByState(WORKFLOWS.application.machine, input, [personaEvents(persona)]),
      };
    }),
    ...(['england', 'scotland', 'wales'] as const).map((nation) => {
      const input = { nation };
      const sequences = PERSONAS.filter((p) => p.nation === nation).map((p) => personaEvents(p));
      return { name: nation, input, events: eventsByState(WORKFLOWS.application.machine, input, sequences) };
    }),
    // An eligible persona where the council charges a fee.
    (() => {
      const input = { nation: eligiblePersona.nation, fee: ONLINE_FEE };
      const sequences = feeAnswers(personaEvents(eligiblePersona));
      return {
        name: 'with a fee',
        input,
        events: eventsByState(WORKFLOWS.application.machine, input, sequences),
      };
    })(),
  ],
  replacement: () => {
    const input = { nation: 'england' };
    // Stolen (with a crime reference) and lost; one badge expiring within 3 months, one later.
    const sequences = [
      replacementAnswers('STOLE', inYears(2)),
      replacementAnswers('LOST', TODAY).slice(0, 3),
    ];
    const withFee = { ...input, fee: ONLINE_FEE };
    return [
      { name: 'england', input, events: eventsByState(WORKFLOWS.replacement.machine, input, sequences) },
      {
        name: 'england, with a fee',
        input: withFee,
        events: eventsByState(WORKFLOWS.replacement.machine, withFee, feeAnswers(sequences[0])),
      },
    ];
  },
  // An automatic route (straight to a decision) and a route that needs a desktop assessment and may be
  // referred to the nation's assessor.
  case: () =>
    [eligiblePersona, furtherAssessmentPersona].map((persona) => ({
      name: persona.name,
      input: caseInputFor(persona),
      events: formEvents(caseEventForms, WORKFLOWS.case.machine, CITIZEN_EVENTS.case),
    })),
  badge: () => [
    {
      name: 'a badge',
      input: {
        badgeNumber: 'AB12CD',
        caseReference: 'BB-TEST-0001',
        eligibilityCode: 'PIP',
        startDate: TODAY,
        expiryDate: inYears(3),
        orderedOn: TODAY,
      },
      events: formEvents(badgeEventForms, WORKFLOWS.badge.machine),
    },
  ],
};

/** Staff forms by workflow: every staff event needs one (the screen where an officer acts). */
const STAFF_FORMS: Partial<Record<WorkflowKind, StaffEventForm<never>[]>> = {
  case: caseEventForms as StaffEventForm<never>[],
  badge: badgeEventForms as StaffEventForm<never>[],
};

/** States not explored yet: none (keep it empty; a state listed here hides from the test below). */
const NOT_YET_EXPLORED: Partial<Record<WorkflowKind, string[]>> = {};

const serializer = (byAnswers: boolean) => (snapshot: AnyMachineSnapshot) => {
  const context = snapshot.context as {
    reviewing?: boolean;
    lists?: Record<string, unknown[]>;
    answers?: unknown;
    paymentAttempt?: unknown;
  };
  const lists = Object.entries(context.lists ?? {})
    .filter(([, items]) => items.length > 0)
    .map(([name]) => name)
    .sort();
  return JSON.stringify([
    snapshot.value,
    context.reviewing ?? null,
    lists,
    byAnswers ? context.answers : null,
    // Waiting for the provider's verdict on a payment, or not yet started one.
    context.paymentAttempt !== undefined,
  ]);
};

interface Explored {
  /** Every state id reached (parents too), including states passed through on an `always` transition. */
  reached: Set<string>;
  /** States reached from which no exploration reached a final state. */
  stuck: Set<string>;
}

function explore(kind: WorkflowKind): Explored {
  const machine: AnyStateMachine = WORKFLOWS[kind].machine;
  const map = processMap(kind);
  const finals = new Set(map.states.filter((s) => s.kind === 'final').map((s) => s.id));
  const transient = new Set(
    map.states.filter((s) => s.transitions.some((t) => t.kind === 'always')).map((s) => s.id),
  );
  const ends = finals;
  const reached = new Set<string>();
  const finishes = new Set<string>();
  const withParents = (id: string) => id.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
  for (const scenario of SCENARIOS[kind]()) {
    const serialize = serializer(scenario.byAnswers === true);
    const adjacency = getAdjacencyMap(machine, {
      input: scenario.input,
      events: scenario.events,
      serializeState: serialize,
    } as never) as Record<
      string,
      {
        state: AnyMachineSnapshot;
        transitions: Record<string, { event: EventObject; state: AnyMachineSnapshot }>;
      }
    >;
    const edges = new Map<string, Set<string>>();
    for (const [key, { state, transitions }] of Object.entries(adjacency)) {
      const id = stateName(state.value);
      withParents(id).forEach((s) => reached.add(s));
      edges.set(key, new Set(Object.values(transitions).map((t) => serialize(t.state))));
      // A state left at once by an `always` transition is never rested in: it was passed through when
      // an event taken here targets it.
      for (const { event } of Object.values(transitions)) {
        for (const source of withParents(id)) {
          const model = map.states.find((s) => s.id === source);
          for (const t of model?.transitions ?? []) {
            if (t.event !== event.type) continue;
            t.targets
              .filter((target) => transient.has(target))
              .forEach((target) => withParents(target).forEach((s) => reached.add(s)));
          }
        }
      }
    }
    // Which snapshots can reach a final state: work backwards from the final ones.
    const canFinish = new Set(
      Object.entries(adjacency)
        .filter(([, { state }]) => ends.has(stateName(state.value)))
        .map(([key]) => key),
    );
    let grew = true;
    while (grew) {
      grew = false;
      for (const [key, next] of edges) {
        if (!canFinish.has(key) && [...next].some((n) => canFinish.has(n))) {
          canFinish.add(key);
          grew = true;
        }
      }
    }
    for (const [key, { state }] of Object.entries(adjacency)) {
      if (canFinish.has(key)) finishes.add(stateName(state.value));
    }
  }
  const atRest = [...reached].filter((id) => map.states.find((s) => s.id === id)?.kind !== 'compound');
  return { reached, stuck: new Set(atRest.filter((id) => !finishes.has(id) && !transient.has(id))) };
}

describe.each(Object.keys(WORKFLOWS) as WorkflowKind[])(
  'the %s workflow, explored with @xstate/graph',
  (kind) => {
    const map = processMap(kind);
    let explored: Explored;
    beforeAll(() => {
      explored = explore(kind);
    });

    it('reaches every state with real events', () => {
      const unexplored = NOT_YET_EXPLORED[kind] ?? [];
      expect(map.states.map((s) => s.id).filter((id) => !explored.reached.has(id))).toEqual(unexplored);
    });

    it('can reach a final state from every state it reaches', () => {
      expect([...explored.stuck].sort()).toEqual([]);
    });

    it('describes every state, and gives each a screen or an automatic way on', () => {
      expect(map.states.filter((s) => !s.description).map((s) => s.id)).toEqual([]);
      const silent = map.states.filter(
        (s) =>
          s.kind === 'atomic' &&
          !s.screen &&
          !s.automatic &&
          !s.transitions.some((t) => t.actions.length > 0),
      );
      expect(silent.map((s) => s.id)).toEqual([]);
    });

    it('needs a permission for every staff event, and has a form for each', () => {
      if (PROCESS_MAP_NOTES[kind].screens.kind !== 'staff') {
        // Citizen journeys: their events are the resident's; staff key them with the workflow's `keyedWith`.
        expect(WORKFLOWS[kind]).toHaveProperty('keyedWith');
        return;
      }
      const citizen = new Set((CITIZEN_EVENTS[kind] ?? []).map((event) => event.type));
      const all = [...map.states.flatMap((s) => s.transitions), ...map.anywhere].filter(
        (t) => t.kind === 'event',
      );
      // The applicant's own events need no staff permission: one that has one is an officer's after all.
      expect(all.filter((t) => citizen.has(t.event) && t.permission).map((t) => t.event)).toEqual([]);
      const events = all.filter((t) => !citizen.has(t.event));
      expect(events.filter((t) => !t.permission).map((t) => `${t.source} ${t.event}`)).toEqual([]);
      const forms = new Set((STAFF_FORMS[kind] ?? []).map((form) => form.event));
      expect(events.filter((t) => !forms.has(t.event)).map((t) => t.event)).toEqual([]);
    });
  },
);

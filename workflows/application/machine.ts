import { setup, type AnyStateMachine } from 'xstate';
import { chosen } from '../forms/fields';
import type { JourneyContext, JourneyEvent } from '../journey/events';
import type { JourneyFee } from '../journey/fee';
import {
  answersWith,
  endingStates,
  journeyActions,
  journeyGuards,
  questionState,
  revisits,
  type NextStep,
} from '../journey/statechart';
import { assessEligibility, type CouncilRuleSettings } from '../rules';
import { addYears, todayInUk } from '../rules/dates';
import type { Nation } from '../rules/types';
import { asksSomething } from '../journey/pages';
import { applicationFacts } from './facts';
import { applicationPages, type ApplicationState } from './pages';

/**
 * The citizen's application: each question page is a state; SUBMIT carries the page's validated answers
 * and the transitions (with their guards) decide what comes next: benefits first, then the main reason,
 * then personal details; organisations have their own branch. The app never chooses a page itself.
 *
 * Bump `version` whenever a change would make a stored snapshot mean something different.
 */
export const APPLICATION_WORKFLOW = { id: 'application', version: 3 } as const;

export interface ApplicationInput {
  nation: Nation;
  /** The council's rule settings at the time the application started. */
  ruleSettings?: Partial<CouncilRuleSettings>;
  /** The council's fee when the application started; none due when absent (workflows/journey/fee.ts). */
  fee?: JourneyFee;
}

export interface ApplicationContext extends JourneyContext, ApplicationInput {}

/** The input that starts this application again from scratch: the journey path replays with it. */
export function applicationInput(context: ApplicationContext): ApplicationInput {
  return { nation: context.nation, ruleSettings: context.ruleSettings, fee: context.fee };
}

function eligibility(context: ApplicationContext, event: JourneyEvent) {
  const facts = applicationFacts(answersWith(context, event), context.nation);
  return assessEligibility(facts, { settings: context.ruleSettings });
}
const outcome = (context: ApplicationContext, event: JourneyEvent) => eligibility(context, event).outcome;

/** Routes proved by an award letter (PIP, DLA…): the letter is asked for (§5, [S3, BBDS-CIT]). */
const BENEFIT_ROUTES: ReadonlySet<string> = new Set(['PIP', 'ADP', 'DLA', 'CDP', 'AFRFCS', 'WPMS']);

/**
 * The guards replay this very statechart (journeyPath), so they need a reference to it; it is set once the
 * machine is built, below.
 */
// eslint-disable-next-line prefer-const -- assigned after the machine below is built
let self: AnyStateMachine;

type AnswerParams = { state: ApplicationState; field: string; value: string };

const machineSetup = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as JourneyEvent,
    input: {} as ApplicationInput,
  },
  guards: {
    ...journeyGuards<ApplicationContext>(() => self, applicationInput),
    /** An answer (the one being sent, or one given earlier) has this value. */
    answerIs: ({ context, event }, params: AnswerParams) =>
      answersWith(context, event)[params.state]?.[params.field] === params.value,
    /** A checkboxes answer includes this value. */
    answerIncludes: ({ context, event }, params: AnswerParams) =>
      chosen(answersWith(context, event)[params.state]?.[params.field]).includes(params.value),
    automaticallyEligible: ({ context, event }) => outcome(context, event) === 'eligible-automatic',
    mayBeEligible: ({ context, event }) => outcome(context, event) !== 'not-eligible',
    eligibleThroughBenefit: ({ context, event }) =>
      eligibility(context, event).routes.some(
        (route) => route.outcome === 'eligible-automatic' && BENEFIT_ROUTES.has(route.code),
      ),
    needsFurtherAssessment: ({ context, event }) => outcome(context, event) === 'further-assessment',
    /** Under-16s are not asked for a National Insurance number (§5, [BBDS-CIT]). */
    aged16OrOver: ({ context, event }) => {
      const dateOfBirth = answersWith(context, event).dateOfBirth?.dateOfBirth;
      return dateOfBirth !== undefined && addYears(dateOfBirth, 16) <= todayInUk();
    },
  },
  actions: {
    ...journeyActions<ApplicationContext>(() => self, applicationInput),
    /** Effect: the app turns the application into a council case, in the same transaction. */
    submitApplication: () => undefined,
  },
});

type Guard =
  | 'automaticallyEligible'
  | 'mayBeEligible'
  | 'aged16OrOver'
  | 'eligibleThroughBenefit'
  | 'needsFurtherAssessment'
  | { type: 'answerIs' | 'answerIncludes'; params: AnswerParams };
type Next = NextStep<ApplicationState, Guard>;

const is = (state: ApplicationState, field: string, value: string): Guard => ({
  type: 'answerIs',
  params: { state, field, value },
});
const includes = (state: ApplicationState, field: string, value: string): Guard => ({
  type: 'answerIncludes',
  params: { state, field, value },
});

const question = (state: ApplicationState, ...next: Next[]) =>
  questionState(state, applicationPages[state], next);

/** Benefits are asked in this order, each only if ticked; then sight impairment. */
const BENEFIT_GROUPS: Array<{ benefit: string; first: ApplicationState }> = [
  { benefit: 'pip', first: 'pip' },
  { benefit: 'adp', first: 'adp' },
  { benefit: 'dla', first: 'dla' },
  { benefit: 'cdp', first: 'cdp' },
  { benefit: 'afcs', first: 'afcs' },
];
function afterBenefit(index: number): Next[] {
  return [
    ...BENEFIT_GROUPS.slice(index + 1).map(({ benefit, first }) => ({
      target: first,
      guard: includes('benefits', 'benefits', benefit),
    })),
    'sight',
  ];
}

/** After the benefit and sight questions: straight to personal details when automatically eligible. */
const afterAutomaticQuestions: Next[] = [
  { target: 'fullName', guard: 'automaticallyEligible' },
  'mainReason',
];
/** The last eligibility question: on to personal details, or the "not eligible" page. */
const afterEligibility: Next[] = [{ target: 'fullName', guard: 'mayBeEligible' }, 'notEligible'];

/**
 * After proof of address (or identity, for under-16s, who need no proof of address [BBDS-CIT]): the award
 * letter for a benefit route, supporting documents (optional) for a route the council assesses.
 */
const afterAddressProof: Next[] = [
  { target: 'proofBenefit', guard: 'eligibleThroughBenefit' },
  { target: 'supportingDocuments', guard: 'needsFurtherAssessment' },
  'checkAnswers',
];

const REVISITABLE = (Object.keys(applicationPages) as ApplicationState[]).filter(
  (state) => asksSomething(applicationPages[state]) && state !== 'declaration',
);

export const applicationMachine = machineSetup.createMachine({
  id: APPLICATION_WORKFLOW.id,
  description:
    'A resident applies for a Blue Badge, for themselves, for someone else or for an organisation.',
  context: ({ input }) => ({ ...input, answers: {}, lists: {}, reviewing: false }),
  initial: 'whoIsApplying',
  on: revisits([...REVISITABLE, 'checkAnswers']),
  states: {
    whoIsApplying: question(
      'whoIsApplying',
      { target: 'helper', guard: is('whoIsApplying', 'applicant', 'someone-else') },
      { target: 'orgName', guard: is('whoIsApplying', 'applicant', 'organisation') },
      'existingBadge',
    ),
    helper: question('helper', 'existingBadge'),
    existingBadge: question(
      'existingBadge',
      { target: 'badgeNumber', guard: is('existingBadge', 'hasBadge', 'yes') },
      'dateOfBirth',
    ),
    badgeNumber: question('badgeNumber', 'dateOfBirth'),
    dateOfBirth: question('dateOfBirth', 'benefits'),
    benefits: question('benefits', ...afterBenefit(-1)),
    pip: question('pip', 'pipAward'),
    pipAward: question('pipAward', ...afterBenefit(0)),
    adp: question('adp', 'adpAward'),
    adpAward: question('adpAward', ...afterBenefit(1)),
    dla: question('dla', 'dlaAward'),
    dlaAward: question('dlaAward', ...afterBenefit(2)),
    cdp: question('cdp', 'cdpAward'),
    cdpAward: question('cdpAward', ...afterBenefit(3)),
    afcs: question('afcs', ...afterBenefit(4)),
    sight: question(
      'sight',
      { target: 'sightCouncil', guard: is('sight', 'sightImpairment', 'severely-sight-impaired') },
      ...afterAutomaticQuestions,
    ),
    sightCouncil: question('sightCouncil', ...afterAutomaticQuestions),
    mainReason: question(
      'mainReason',
      { target: 'walkingDifficulty', guard: is('mainReason', 'reason', 'walking') },
      { target: 'nonVisible', guard: is('mainReason', 'reason', 'nonVisible') },
      { target: 'arms', guard: is('mainReason', 'reason', 'arms') },
      { target: 'childNeeds', guard: is('mainReason', 'reason', 'child') },
      { target: 'terminal', guard: is('mainReason', 'reason', 'terminal') },
      { target: 'trafficRisk', guard: is('mainReason', 'reason', 'trafficRisk') },
      { target: 'cognitive', guard: is('mainReason', 'reason', 'cognitive') },
      'notEligible',
    ),
    walkingDifficulty: question(
      'walkingDifficulty',
      { target: 'breathlessness', guard: includes('walkingDifficulty', 'difficulties', 'BREATH') },
      'walkingTime',
    ),
    breathlessness: question('breathlessness', 'walkingTime'),
    walkingTime: question('walkingTime', 'walkingRoute'),
    walkingRoute: question('walkingRoute', 'duration'),
    nonVisible: question('nonVisible', 'duration'),
    duration: question(
      'duration',
      { target: 'mobilityAids', guard: is('mainReason', 'reason', 'walking') },
      'professionals',
    ),
    mobilityAids: question('mobilityAids', 'medications'),
    medications: question('medications', 'treatments'),
    treatments: question('treatments', 'professionals'),
    arms: question('arms', 'professionals'),
    childNeeds: question(
      'childNeeds',
      { target: 'childEquipment', guard: is('childNeeds', 'need', 'equipment') },
      'professionals',
    ),
    childEquipment: question('childEquipment', 'professionals'),
    terminal: question('terminal', 'professionals'),
    trafficRisk: question('trafficRisk', 'professionals'),
    cognitive: question('cognitive', 'professionals'),
    professionals: question('professionals', ...afterEligibility),
    fullName: question('fullName', 'birthName'),
    birthName: question('birthName', { target: 'niNumber', guard: 'aged16OrOver' }, 'address'),
    niNumber: question('niNumber', 'address'),
    address: question('address', 'contact'),
    contact: question('contact', 'photo'),
    photo: question('photo', 'proofId'),
    proofId: question('proofId', { target: 'proofAddress', guard: 'aged16OrOver' }, ...afterAddressProof),
    proofAddress: question('proofAddress', ...afterAddressProof),
    proofBenefit: question('proofBenefit', 'checkAnswers'),
    supportingDocuments: question('supportingDocuments', 'checkAnswers'),
    orgName: question('orgName', 'orgAddress'),
    orgAddress: question('orgAddress', 'orgCare'),
    orgCare: question('orgCare', 'orgTransport'),
    orgTransport: question('orgTransport', 'vehicles'),
    vehicles: question('vehicles', 'badgeCount'),
    badgeCount: question('badgeCount', 'orgContact'),
    orgContact: question('orgContact', { target: 'checkAnswers', guard: 'mayBeEligible' }, 'notEligible'),
    notEligible: {
      meta: { page: applicationPages.notEligible },
      description: 'The answers meet no eligibility route: the page explains why and what else might help.',
    },
    ...endingStates(
      applicationPages,
      'submitApplication',
      'The application has become a case for the council to assess.',
    ),
  },
});
self = applicationMachine;

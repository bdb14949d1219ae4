import { setup, type AnyStateMachine } from 'xstate';
import { chosen } from '../forms/fields';
import type { JourneyContext, JourneyEvent } from '../journey/events';
import { applicationFee, type ApplicationFees } from './fee';
import {
  answersWith,
  endingStates,
  journeyActions,
  journeyGuards,
  journeyStates,
  questionStep,
  revisitable,
  revisits,
  type NextStep,
  type PageSpec,
} from '../journey/statechart';
import { assessEligibility, type CouncilRuleSettings } from '../rules';
import { addYears, todayInUk } from '../rules/dates';
import type { Nation } from '../rules/types';
import { applicationFacts } from './facts';
import { page } from './page-definitions';

/**
 * The citizen's application: each question page is a state; SUBMIT carries the page's validated answers
 * and the transitions (with their guards) decide what comes next: benefits first, then the main reason,
 * then personal details; organisations have their own branch. The app never chooses a page itself.
 * Each state carries its page (`question(page, ...next)`): the long list of existing pages is in
 * ./page-definitions.ts, and a new page may be written in full right here; ./pages.ts reads them all back.
 *
 * Bump `version` whenever a change would make a stored snapshot mean something different.
 */
export const APPLICATION_WORKFLOW = { id: 'application', version: 3 } as const;

/** `fee` and `organisationFee`: the council's fees when the application started (./fee.ts). */
export interface ApplicationInput extends ApplicationFees {
  nation: Nation;
  /** The council's rule settings at the time the application started. */
  ruleSettings?: Partial<CouncilRuleSettings>;
}

export interface ApplicationContext extends JourneyContext, ApplicationInput {}

/** The input that starts this application again from scratch: the journey path replays with it. */
export function applicationInput(context: ApplicationContext): ApplicationInput {
  const { nation, ruleSettings, fee, organisationFee } = context;
  return { nation, ruleSettings, fee, organisationFee };
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

type AnswerParams = { state: string; field: string; value: string };

const machineSetup = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as JourneyEvent,
    input: {} as ApplicationInput,
  },
  guards: {
    ...journeyGuards<ApplicationContext>(() => self, applicationInput),
    /** The fee an organisation pays depends on how many badges it asks for (./fee.ts). */
    feeDue: ({ context, event }) =>
      (applicationFee(context, answersWith(context, event))?.amountPence ?? 0) > 0,
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
type Next = NextStep<string, Guard>;

const is = (state: string, field: string, value: string): Guard => ({
  type: 'answerIs',
  params: { state, field, value },
});
const includes = (state: string, field: string, value: string): Guard => ({
  type: 'answerIncludes',
  params: { state, field, value },
});

/** A question state: its page (from ./page-definitions.ts, or written here in full) and where it leads. */
const question = (pageSpec: PageSpec, ...next: Next[]) => questionStep<Guard>(pageSpec, ...next);

/** Benefits are asked in this order, each only if ticked; then sight impairment. */
const BENEFIT_GROUPS: Array<{ benefit: string; first: string }> = [
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

const applicationStates = journeyStates({
  whoIsApplying: question(
    page.whoIsApplying,
    { target: 'helper', guard: is('whoIsApplying', 'applicant', 'someone-else') },
    { target: 'orgName', guard: is('whoIsApplying', 'applicant', 'organisation') },
    'existingBadge',
  ),
  helper: question(page.helper, 'existingBadge'),
  existingBadge: question(
    page.existingBadge,
    { target: 'badgeNumber', guard: is('existingBadge', 'hasBadge', 'yes') },
    'dateOfBirth',
  ),
  badgeNumber: question(page.badgeNumber, 'dateOfBirth'),
  dateOfBirth: question(page.dateOfBirth, 'benefits'),
  benefits: question(page.benefits, ...afterBenefit(-1)),
  pip: question(page.pip, 'pipAward'),
  pipAward: question(page.pipAward, ...afterBenefit(0)),
  adp: question(page.adp, 'adpAward'),
  adpAward: question(page.adpAward, ...afterBenefit(1)),
  dla: question(page.dla, 'dlaAward'),
  dlaAward: question(page.dlaAward, ...afterBenefit(2)),
  cdp: question(page.cdp, 'cdpAward'),
  cdpAward: question(page.cdpAward, ...afterBenefit(3)),
  afcs: question(page.afcs, ...afterBenefit(4)),
  sight: question(
    page.sight,
    { target: 'sightCouncil', guard: is('sight', 'sightImpairment', 'severely-sight-impaired') },
    ...afterAutomaticQuestions,
  ),
  sightCouncil: question(page.sightCouncil, ...afterAutomaticQuestions),
  mainReason: question(
    page.mainReason,
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
    page.walkingDifficulty,
    { target: 'breathlessness', guard: includes('walkingDifficulty', 'difficulties', 'BREATH') },
    'walkingTime',
  ),
  breathlessness: question(page.breathlessness, 'walkingTime'),
  walkingTime: question(page.walkingTime, 'walkingRoute'),
  walkingRoute: question(page.walkingRoute, 'duration'),
  nonVisible: question(page.nonVisible, 'duration'),
  duration: question(
    page.duration,
    { target: 'mobilityAids', guard: is('mainReason', 'reason', 'walking') },
    'professionals',
  ),
  mobilityAids: question(page.mobilityAids, 'medications'),
  medications: question(page.medications, 'treatments'),
  treatments: question(page.treatments, 'professionals'),
  arms: question(page.arms, 'professionals'),
  childNeeds: question(
    page.childNeeds,
    { target: 'childEquipment', guard: is('childNeeds', 'need', 'equipment') },
    'professionals',
  ),
  childEquipment: question(page.childEquipment, 'professionals'),
  terminal: question(page.terminal, 'professionals'),
  trafficRisk: question(page.trafficRisk, 'professionals'),
  cognitive: question(page.cognitive, 'professionals'),
  professionals: question(page.professionals, ...afterEligibility),
  fullName: question(page.fullName, 'birthName'),
  birthName: question(page.birthName, { target: 'niNumber', guard: 'aged16OrOver' }, 'address'),
  niNumber: question(page.niNumber, 'address'),
  address: question(page.address, 'contact'),
  contact: question(page.contact, 'photo'),
  photo: question(page.photo, 'proofId'),
  proofId: question(page.proofId, { target: 'proofAddress', guard: 'aged16OrOver' }, ...afterAddressProof),
  proofAddress: question(page.proofAddress, ...afterAddressProof),
  proofBenefit: question(page.proofBenefit, 'checkAnswers'),
  supportingDocuments: question(page.supportingDocuments, 'checkAnswers'),
  orgName: question(page.orgName, 'orgAddress'),
  orgAddress: question(page.orgAddress, 'orgCare'),
  orgCare: question(page.orgCare, 'orgTransport'),
  orgTransport: question(page.orgTransport, 'vehicles'),
  vehicles: question(page.vehicles, 'badgeCount'),
  badgeCount: question(page.badgeCount, 'orgContact'),
  orgContact: question(page.orgContact, { target: 'checkAnswers', guard: 'mayBeEligible' }, 'notEligible'),
  notEligible: {
    meta: { page: page.notEligible },
    description: 'The answers meet no eligibility route: the page explains why and what else might help.',
  },
  ...endingStates(page, 'submitApplication', 'The application has become a case for the council to assess.'),
});

/** The application's state (and page) names. */
export type ApplicationState = keyof typeof applicationStates;

export const applicationMachine = machineSetup.createMachine({
  id: APPLICATION_WORKFLOW.id,
  description:
    'A resident applies for a Blue Badge, for themselves, for someone else or for an organisation.',
  context: ({ input }) => ({ ...input, answers: {}, lists: {}, reviewing: false }),
  initial: 'whoIsApplying',
  on: revisits(revisitable(applicationStates)),
  states: applicationStates,
});
self = applicationMachine;

import type { EligibilityCode, Nation, Outcome } from '../rules/types';
import type { JourneyEvent } from '../journey/events';
import { examplePath, exampleFile, stepEvents, type ExampleStep } from '../journey/example-path';
import type { UploadedFileItem } from '../journey/pages';
import { applicationMachine, type ApplicationState } from './machine';

/**
 * Example applicants, one or more per eligibility route and nation: the answers each gives, page by page,
 * and what the council should get. The table-driven journey test walks every one through HTTP, the demo
 * data is made from some, and they read as worked examples of the process for suppliers.
 * Dates are written relative to today (`yearsAgo`, `inYears`) so the personas never go stale.
 *
 * Each persona's `steps` are its whole path through the statechart: the answers written below, and for a
 * page on its path with no answer written (a question added since), a valid answer made from the page's
 * fields (workflows/journey/example-path.ts; such a step is marked `sampled`). So adding a question needs
 * no edit here; write an answer only where it matters (for eligibility, or to show something).
 */
export type PersonaStep = ExampleStep<ApplicationState>;

export interface Persona {
  name: string;
  nation: Nation;
  steps: PersonaStep[];
  /** What the case should record; undefined for a persona who ends on the "not eligible" page. */
  expected:
    | {
        outcome: Outcome;
        code: EligibilityCode | null;
        fastTrack?: boolean;
        applicationType?: 'NEW' | 'RENEW';
      }
    | undefined;
}

function shift(years: number, days = 0): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
export const yearsAgo = (years: number, days = 0) => shift(-years, -days);
export const inYears = (years: number) => shift(years);

const myself: PersonaStep = { state: 'whoIsApplying', answers: { applicant: 'myself' } };
const noBadge: PersonaStep = { state: 'existingBadge', answers: { hasBadge: 'no' } };
const born = (date: string) => ({ state: 'dateOfBirth' as const, answers: { dateOfBirth: date } });
const benefits = (...list: string[]) => ({
  state: 'benefits' as const,
  answers: { benefits: list.join(',') },
});
const notSightImpaired: PersonaStep = { state: 'sight', answers: { sightImpairment: 'none' } };
const reason = (value: string) => ({ state: 'mainReason' as const, answers: { reason: value } });
const noItems = (state: ApplicationState): PersonaStep => ({ state, items: [] });
const professionals: PersonaStep = {
  state: 'professionals',
  items: [{ professional: 'Dr Amina Patel, GP', location: 'High Street Surgery' }],
};

/** A valid, made-up National Insurance number of each persona's own, so personas never look like duplicates. */
function niNumberFor(fullName: string): string {
  const digits = [...fullName].reduce((total, char) => (total * 31 + char.charCodeAt(0)) % 1_000_000, 7);
  return `AB${String(digits).padStart(6, '0')}C`;
}

/**
 * The evidence a route needs (blue-badge-scheme.md §5, [S3, BBDS-CIT]): a photo and proof of identity
 * always, proof of address from 16, the award letter on a benefit route, and documents (optional) where
 * the council assesses. `documents` are the supporting documents uploaded, if any.
 */
type Proof = { route: 'benefit' | 'other' } | { route: 'assessment'; documents: string[] };

function evidence(adult: boolean, proof: Proof): PersonaStep[] {
  return [
    { state: 'photo', files: ['photo.jpg'] },
    { state: 'proofId', files: ['letter.pdf'] },
    ...(adult ? [{ state: 'proofAddress' as const, files: ['letter.pdf'] }] : []),
    ...(proof.route === 'benefit' ? [{ state: 'proofBenefit' as const, files: ['letter.pdf'] }] : []),
    ...(proof.route === 'assessment'
      ? [{ state: 'supportingDocuments' as const, files: proof.documents }]
      : []),
  ];
}

const BENEFIT: Proof = { route: 'benefit' };
const ASSESSED: Proof = { route: 'assessment', documents: ['letter.pdf'] };

function personal(fullName: string, proof: Proof, adult = true): PersonaStep[] {
  return [
    { state: 'fullName', answers: { fullName } },
    { state: 'birthName', answers: { sameName: 'yes' } },
    ...(adult ? [{ state: 'niNumber' as const, answers: { niNumber: niNumberFor(fullName) } }] : []),
    {
      state: 'address',
      answers: { addressLine1: '12 High Street', town: 'Demo Town', postcode: 'SW1A 1AA' },
    },
    { state: 'contact', answers: { phone: '01632 960 001', email: 'resident@example.com' } },
    ...evidence(adult, proof),
  ];
}

const walking = (duration: string): PersonaStep[] => [
  reason('walking'),
  {
    state: 'walkingDifficulty',
    answers: { difficulties: 'PAIN,BREATH', description: 'Pain in both knees; I stop every few steps.' },
  },
  { state: 'breathlessness', answers: { triggers: 'UPHILL,OWNPACE' } },
  { state: 'walkingTime', answers: { walkingTime: 'LESSMIN' } },
  {
    state: 'walkingRoute',
    answers: { route: 'Front door to the bus stop, about 40 metres, 5 minutes with 2 stops.' },
  },
  { state: 'duration', answers: { duration } },
  { state: 'mobilityAids', items: [{ aid: 'Walking stick', usage: 'always', providedBy: 'PRESCRIBE' }] },
  {
    state: 'medications',
    items: [{ medication: 'Naproxen', dosage: '500mg', frequency: 'Twice a day', prescribed: 'yes' }],
  },
  noItems('treatments'),
  professionals,
];

const WRITTEN: Persona[] = [
  {
    name: 'England: PIP, 12 points for moving around',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(58)),
      benefits('pip'),
      { state: 'pip', answers: { movingAroundPoints: '12', planningDescriptor: 'a' } },
      { state: 'pipAward', answers: { awardEnds: 'date', awardEndDate: inYears(2) } },
      notSightImpaired,
      ...personal('Margaret Jones', BENEFIT),
    ],
    expected: { outcome: 'eligible-automatic', code: 'PIP' },
  },
  {
    name: 'England: reapplying with DLA higher rate, for someone else',
    nation: 'england',
    steps: [
      { state: 'whoIsApplying', answers: { applicant: 'someone-else' } },
      { state: 'helper', answers: { helperName: 'Tom Okafor', helperRelationship: 'Son' } },
      { state: 'existingBadge', answers: { hasBadge: 'yes' } },
      { state: 'badgeNumber', answers: { badgeNumber: 'KKKKKJ' } },
      born(yearsAgo(81)),
      benefits('dla'),
      { state: 'dla', answers: { mobilityRate: 'higher' } },
      { state: 'dlaAward', answers: { awardEnds: 'indefinite' } },
      notSightImpaired,
      ...personal('Grace Okafor', BENEFIT),
    ],
    expected: { outcome: 'eligible-automatic', code: 'DLA', applicationType: 'RENEW' },
  },
  {
    name: 'England: severely sight impaired',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(44)),
      benefits('none'),
      { state: 'sight', answers: { sightImpairment: 'severely-sight-impaired' } },
      { state: 'sightCouncil', answers: { registeringCouncil: 'Demo County Council' } },
      ...personal('Priya Shah', { route: 'other' }),
    ],
    expected: { outcome: 'eligible-automatic', code: 'BLIND' },
  },
  {
    name: 'England: walking difficulty expected to last 3 years or more',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(67)),
      benefits('none'),
      notSightImpaired,
      ...walking('36-or-more'),
      ...personal('Samuel Green', { route: 'assessment', documents: ['letter.pdf', 'photo.png'] }),
    ],
    expected: { outcome: 'further-assessment', code: 'WALKD' },
  },
  {
    name: 'England: non-visible condition',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(12)),
      benefits('none'),
      notSightImpaired,
      reason('nonVisible'),
      {
        state: 'nonVisible',
        answers: { effects: 'distress,harm', description: 'Runs into the road when overwhelmed.' },
      },
      { state: 'duration', answers: { duration: '36-or-more' } },
      professionals,
      ...personal('Leo Brown', ASSESSED, false),
    ],
    expected: { outcome: 'further-assessment', code: 'HIDDEN' },
  },
  {
    name: 'England: severe disability in both arms',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(39)),
      benefits('none'),
      notSightImpaired,
      reason('arms'),
      {
        state: 'arms',
        answers: {
          drivesRegularly: 'yes',
          severeDisabilityBothArms: 'yes',
          cannotOperateParkingMeters: 'yes',
        },
      },
      professionals,
      ...personal('Dan Evans', { route: 'assessment', documents: [] }),
    ],
    expected: { outcome: 'further-assessment', code: 'ARMS' },
  },
  {
    name: 'England: a child under 3 with bulky medical equipment',
    nation: 'england',
    steps: [
      { state: 'whoIsApplying', answers: { applicant: 'someone-else' } },
      { state: 'helper', answers: { helperName: 'Ruth Hill', helperRelationship: 'Mother' } },
      noBadge,
      born(yearsAgo(1)),
      benefits('none'),
      notSightImpaired,
      reason('child'),
      { state: 'childNeeds', answers: { need: 'equipment' } },
      { state: 'childEquipment', answers: { equipment: 'ventilator,oxygen' } },
      professionals,
      ...personal('Ava Hill', ASSESSED, false),
    ],
    expected: { outcome: 'further-assessment', code: 'CHILDBULK' },
  },
  {
    name: 'England: terminal illness, fast-tracked',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(71)),
      benefits('none'),
      notSightImpaired,
      reason('terminal'),
      { state: 'terminal', answers: { specialRules: 'yes' } },
      professionals,
      ...personal('Frank Moore', ASSESSED),
    ],
    expected: { outcome: 'further-assessment', code: 'TERMILL', fastTrack: true },
  },
  {
    name: 'England: an organisation that cares for and carries disabled people',
    nation: 'england',
    steps: [
      { state: 'whoIsApplying', answers: { applicant: 'organisation' } },
      { state: 'orgName', answers: { organisationName: 'Oakwood Care Home' } },
      {
        state: 'orgAddress',
        answers: { addressLine1: '1 Oak Lane', town: 'Demo Town', postcode: 'SW1A 2AA' },
      },
      { state: 'orgCare', answers: { cares: 'yes', description: 'Residential care for 40 older people.' } },
      { state: 'orgTransport', answers: { transports: 'yes' } },
      {
        state: 'vehicles',
        items: [{ registration: 'AB12 CDE', makeAndModel: 'Ford Transit' }, { registration: 'XY34 ZZZ' }],
      },
      { state: 'badgeCount', answers: { numberOfBadges: '2' } },
      { state: 'orgContact', answers: { contactName: 'Jo Manager', phone: '01632 960 002' } },
    ],
    expected: { outcome: 'further-assessment', code: 'ORG' },
  },
  {
    name: 'England: PIP with 4 points and no other reason: not eligible',
    nation: 'england',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(50)),
      benefits('pip'),
      { state: 'pip', answers: { movingAroundPoints: '4', planningDescriptor: 'a' } },
      { state: 'pipAward', answers: { awardEnds: 'indefinite' } },
      notSightImpaired,
      reason('none'),
    ],
    expected: undefined,
  },
  {
    name: 'Scotland: Adult Disability Payment',
    nation: 'scotland',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(33)),
      benefits('adp'),
      { state: 'adp', answers: { movingAroundPoints: '10', planningDescriptor: 'a', specialRules: 'no' } },
      { state: 'adpAward', answers: { awardEnds: 'date', awardEndDate: inYears(1) } },
      notSightImpaired,
      ...personal('Iona MacLeod', BENEFIT),
    ],
    expected: { outcome: 'eligible-automatic', code: 'ADP' },
  },
  {
    name: 'Scotland: Child Disability Payment, higher rate mobility',
    nation: 'scotland',
    steps: [
      { state: 'whoIsApplying', answers: { applicant: 'someone-else' } },
      { state: 'helper', answers: { helperName: 'Fiona Reid', helperRelationship: 'Mother' } },
      noBadge,
      born(yearsAgo(7)),
      benefits('cdp'),
      { state: 'cdp', answers: { mobilityRate: 'higher' } },
      { state: 'cdpAward', answers: { awardEnds: 'indefinite' } },
      notSightImpaired,
      ...personal('Callum Reid', BENEFIT, false),
    ],
    expected: { outcome: 'eligible-automatic', code: 'CDP' },
  },
  {
    name: 'Scotland: no awareness of danger from traffic',
    nation: 'scotland',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(24)),
      benefits('none'),
      notSightImpaired,
      reason('trafficRisk'),
      {
        state: 'trafficRisk',
        answers: { noAwarenessOfDanger: 'yes', description: 'Walks into traffic without looking.' },
      },
      professionals,
      ...personal('Ewan Stewart', ASSESSED),
    ],
    expected: { outcome: 'further-assessment', code: 'TRAF_RISK' },
  },
  {
    name: 'Scotland: temporary walking difficulty (12 months to 3 years)',
    nation: 'scotland',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(45)),
      benefits('none'),
      notSightImpaired,
      ...walking('12-to-35'),
      ...personal('Ailsa Grant', ASSESSED),
    ],
    expected: { outcome: 'further-assessment', code: 'TEMP' },
  },
  {
    name: 'Wales: cognitive impairment',
    nation: 'wales',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(78)),
      benefits('none'),
      notSightImpaired,
      reason('cognitive'),
      {
        state: 'cognitive',
        answers: { needsSupervision: 'yes', description: 'Dementia: gets lost without someone with her.' },
      },
      professionals,
      ...personal('Megan Jones', ASSESSED),
    ],
    expected: { outcome: 'further-assessment', code: 'COGNITIVE' },
  },
  {
    name: 'Wales: Armed Forces Compensation Scheme, tariff 6 for a permanent mental disorder',
    nation: 'wales',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(36)),
      benefits('afcs'),
      { state: 'afcs', answers: { tariffLevel: '6', certificate: 'no', mentalDisorder: 'yes' } },
      notSightImpaired,
      ...personal('Rhys Davies', BENEFIT),
    ],
    expected: { outcome: 'eligible-automatic', code: 'AFRFCS' },
  },
  {
    name: 'Wales: temporary walking difficulty',
    nation: 'wales',
    steps: [
      myself,
      noBadge,
      born(yearsAgo(52)),
      benefits('none'),
      notSightImpaired,
      ...walking('12-to-35'),
      ...personal('Carys Price', ASSESSED),
    ],
    expected: { outcome: 'further-assessment', code: 'TEMP' },
  },
];

/** The personas, each with its whole path: the steps written above, and sampled ones where none is. */
export const PERSONAS: Persona[] = WRITTEN.map((persona) => ({
  ...persona,
  steps: examplePath(applicationMachine, persona),
}));

/**
 * The journey events a persona's answers make, through to sending the application (if eligible).
 * `files` are the items of files really stored for its upload pages; without them, example items stand in.
 */
export function personaEvents(
  persona: Persona,
  files: Record<string, UploadedFileItem[]> = {},
): JourneyEvent[] {
  const events = persona.steps.flatMap((step) => stepEvents(step, files[step.state]));
  if (!persona.expected) return events;
  return [
    ...events,
    { type: 'CONTINUE' },
    { type: 'SUBMIT', page: 'declaration', answers: { confirm: 'yes' } },
  ];
}

export { exampleFile };

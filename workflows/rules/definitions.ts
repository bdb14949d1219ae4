/**
 * The reference eligibility rules as data: what each route needs in each nation, in plain English,
 * with its sources. `assessEligibility` takes outcomes and badge limits from here, and docs/rules.md
 * is generated from here, so the documentation cannot drift from the code.
 * Facts and source codes come from /work/shared/reference/blue-badge-scheme.md, sections 2, 3, 4 and 6.
 */
import type { CouncilRuleSettings } from './settings';
import type { SourceCode } from './sources';
import type { EligibilityCode, Nation, RouteOutcome } from './types';

/** The longest badge the rules allow, in years [S3, O8]. */
export const MAX_BADGE_YEARS = 3;
/** "Enduring" in England: expected to last at least 3 years (DfT guidance 4.61, quoted in [O3]). */
export const ENDURING_MONTHS = 36;
/** The shortest temporary walking difficulty Scotland and Wales accept [T15, W2]. */
export const TEMPORARY_MIN_MONTHS = 12;

/**
 * Who a route is for:
 * - 'young-child': the child criteria, which stop at the child age limit (setting `childAgeReading`);
 * - 'person': the other criteria for individuals, from the age the regulations call "more than 2";
 * - 'person-any-age': individuals of any age (terminal illness, a council fast track, not an age-bound criterion);
 * - 'organisation': organisations only.
 */
export type RouteApplicant = 'young-child' | 'person' | 'person-any-age' | 'organisation';

export interface NationRule {
  outcome: RouteOutcome;
  /** What the applicant must meet, for a council officer. */
  summary: string;
  sources: readonly SourceCode[];
  /** The badge ends no later than the qualifying award's end date [S3, T2, O8]. */
  cappedByAward?: true;
  /** A category limit shorter than MAX_BADGE_YEARS. */
  maxBadgeYears?: number;
  /** Results meeting this route are fast-tracked. */
  fastTrack?: true;
  /** Council settings that change this rule. */
  settings?: readonly (keyof CouncilRuleSettings)[];
}

export interface RuleDefinition {
  code: EligibilityCode;
  name: string;
  applicant: RouteApplicant;
  /** A nation missing here does not have the route. */
  nations: Partial<Record<Nation, NationRule>>;
}

const sameInEveryNation = (rule: NationRule, sources: Record<Nation, readonly SourceCode[]>) => ({
  england: { ...rule, sources: sources.england },
  scotland: { ...rule, sources: sources.scotland },
  wales: { ...rule, sources: sources.wales },
});

export const RULES: readonly RuleDefinition[] = [
  {
    code: 'PIP',
    name: 'Personal Independence Payment',
    applicant: 'person',
    nations: {
      england: {
        outcome: 'eligible-automatic',
        summary:
          'Gets PIP with 8 or more points for moving around (mobility activity 2: only that activity counts, not the mobility total), or exactly 10 points for planning and following journeys under descriptor E (overwhelming psychological distress, since 30 August 2019). Descriptors D (10 points) and F (12 points) do not qualify.',
        sources: ['S2', 'S4', 'O1', 'O2', 'O5', 'O11', 'BBDS-CIT'],
        cappedByAward: true,
      },
      scotland: {
        outcome: 'eligible-automatic',
        summary:
          'Gets PIP with 8 or more points for moving around, or 12 or more for planning and following journeys. There is no descriptor E rule.',
        sources: ['T1', 'T2', 'O5'],
        cappedByAward: true,
      },
      wales: {
        outcome: 'eligible-automatic',
        summary:
          'Gets PIP with 8 or more points for moving around, or 12 or more for planning and following journeys. There is no descriptor E rule.',
        sources: ['W1', 'O5'],
        cappedByAward: true,
      },
    },
  },
  {
    code: 'ADP',
    name: 'Adult Disability Payment',
    applicant: 'person',
    nations: {
      scotland: {
        outcome: 'eligible-automatic',
        summary:
          'Gets Adult Disability Payment with 8 or more points for moving around or 12 or more for planning and following journeys, or gets the enhanced mobility component under the terminal-illness special rules (fast-tracked).',
        sources: ['T10', 'T12'],
        cappedByAward: true,
      },
    },
  },
  {
    code: 'DLA',
    name: 'Disability Living Allowance',
    applicant: 'person',
    nations: {
      england: {
        outcome: 'eligible-automatic',
        summary: 'Gets the higher rate of the DLA mobility component. The lower rate does not qualify.',
        sources: ['S1'],
        cappedByAward: true,
      },
      scotland: {
        outcome: 'eligible-automatic',
        summary:
          'Gets the higher rate of the DLA mobility component, including Scottish Adult DLA. The lower rate does not qualify.',
        sources: ['T1', 'T10', 'T11'],
        cappedByAward: true,
      },
      wales: {
        outcome: 'eligible-automatic',
        summary: 'Gets the higher rate of the DLA mobility component. The lower rate does not qualify.',
        sources: ['W1'],
        cappedByAward: true,
      },
    },
  },
  {
    code: 'CDP',
    name: 'Child Disability Payment',
    applicant: 'person',
    nations: {
      scotland: {
        outcome: 'eligible-automatic',
        summary:
          'Gets the higher rate of the Child Disability Payment mobility component. The lower rate does not qualify.',
        sources: ['T10', 'T11'],
        cappedByAward: true,
      },
    },
  },
  {
    code: 'WPMS',
    name: "War Pensioners' Mobility Supplement",
    applicant: 'person',
    nations: sameInEveryNation(
      { outcome: 'eligible-automatic', summary: "Gets War Pensioners' Mobility Supplement.", sources: [] },
      { england: ['S1'], scotland: ['T1', 'BBDS-REF'], wales: ['W1', 'BBDS-REF'] },
    ),
  },
  {
    code: 'AFRFCS',
    name: 'Armed Forces Compensation Scheme',
    applicant: 'person',
    nations: {
      england: {
        outcome: 'eligible-automatic',
        summary:
          'Received an Armed Forces Compensation Scheme lump sum at tariff level 1 to 8 and holds a certificate of permanent and substantial disability causing inability to walk or very considerable difficulty walking; both are needed. Armed Forces Independence Payment alone does not count.',
        sources: ['S1', 'S8', 'O3'],
      },
      scotland: {
        outcome: 'eligible-automatic',
        summary:
          'Received an Armed Forces Compensation Scheme lump sum at tariff level 1 to 8 and holds a certificate of permanent and substantial disability causing inability to walk or very considerable difficulty walking; both are needed.',
        sources: ['T1'],
      },
      wales: {
        outcome: 'eligible-automatic',
        summary:
          'Received an Armed Forces Compensation Scheme lump sum at tariff level 1 to 8 and holds a certificate of permanent and substantial disability causing inability to walk or very considerable difficulty walking; or, in Wales only, a lump sum at tariff level 6 for a permanent mental disorder, with no walking certificate needed.',
        sources: ['W1', 'W12', 'BBDS-CIT'],
      },
    },
  },
  {
    code: 'BLIND',
    name: 'Severely sight impaired',
    applicant: 'person',
    nations: {
      england: {
        outcome: 'eligible-automatic',
        summary:
          'Registered as severely sight impaired. Sight impaired (partially sighted) does not qualify.',
        sources: ['S1', 'O15'],
      },
      scotland: {
        outcome: 'eligible-automatic',
        summary:
          'Registered blind (severely sight impaired). Partially sighted people lost automatic eligibility in 2022.',
        sources: ['T13'],
      },
      wales: {
        outcome: 'eligible-automatic',
        summary: 'Registered blind (severely sight impaired). Partially sighted does not qualify.',
        sources: ['W1'],
      },
    },
  },
  {
    code: 'WALKD',
    name: 'Walking difficulty',
    applicant: 'person',
    nations: {
      england: {
        outcome: 'further-assessment',
        summary:
          'An enduring and substantial disability causing inability to walk or very considerable difficulty walking (pain, breathlessness, balance, time taken, speed, danger), expected to last 36 months or more. An expert assessor confirms it.',
        sources: ['S2', 'O3', 'BBDS-CIT'],
      },
      scotland: {
        outcome: 'further-assessment',
        summary:
          'A permanent and substantial disability: unable or virtually unable to walk. The kit reads "permanent" as expected to last 36 months or more; 12 to 35 months is TEMP. An independent mobility assessor confirms it.',
        sources: ['T9', 'T15', 'O3'],
      },
      wales: {
        outcome: 'further-assessment',
        summary:
          'A permanent walking difficulty. The kit reads "permanent" as expected to last 36 months or more; 12 to 35 months is TEMP. The Independent Advisory Service (occupational therapists) assesses it.',
        sources: ['W9', 'W6', 'O3'],
      },
    },
  },
  {
    code: 'HIDDEN',
    name: 'Non-visible (hidden) disability',
    applicant: 'person',
    nations: {
      england: {
        outcome: 'further-assessment',
        summary:
          'During a journey, very considerable psychological distress, or a risk of serious harm to themselves or others, from an enduring and substantial disability expected to last 36 months or more (since 30 August 2019). Examples: aggression, refusing to walk, running off, ignoring instructions, overwhelming anxiety or fear of busy spaces, avoiding journeys.',
        sources: ['S2', 'O3'],
      },
    },
  },
  {
    code: 'TEMP',
    name: 'Temporary walking difficulty',
    applicant: 'person',
    nations: {
      scotland: {
        outcome: 'further-assessment',
        summary:
          'A temporary walking disability (very considerable difficulty walking) expected to last at least 12 months and under 36, certified by an independent mobility assessor.',
        sources: ['T15', 'T10'],
      },
      wales: {
        outcome: 'further-assessment',
        summary:
          'A temporary walking difficulty expected to last 12 months or more and under 36 (since 1 October 2016). The badge lasts 1 year.',
        sources: ['W2', 'W10'],
        maxBadgeYears: 1,
      },
    },
  },
  {
    code: 'ARMS',
    name: 'Severe disability in both arms',
    applicant: 'person',
    nations: sameInEveryNation(
      {
        outcome: 'further-assessment',
        summary:
          'Drives regularly, has a severe disability in both arms, and cannot operate some or all types of parking meter; all three are needed.',
        sources: [],
      },
      { england: ['S1'], scotland: ['T1'], wales: ['W1'] },
    ),
  },
  {
    code: 'CHILDBULK',
    name: 'Young child with bulky medical equipment',
    applicant: 'young-child',
    nations: sameInEveryNation(
      {
        outcome: 'further-assessment',
        summary:
          'A child under 3 who must always be accompanied by bulky medical equipment (ventilator, suction, feed pump, parenteral equipment, syringe driver, oxygen administration, oxygen saturation monitor, hip-dysplasia cast, or other).',
        sources: [],
        settings: ['childAgeReading'],
      },
      { england: ['S1', 'S8', 'S4', 'BBDS-CIT'], scotland: ['T1', 'S4'], wales: ['W1', 'S4'] },
    ),
  },
  {
    code: 'CHILDVEHIC',
    name: 'Young child who must be near a vehicle',
    applicant: 'young-child',
    nations: sameInEveryNation(
      {
        outcome: 'further-assessment',
        summary: 'A child under 3 who must be kept near a vehicle for emergency medical treatment.',
        sources: [],
        settings: ['childAgeReading'],
      },
      { england: ['S1', 'S4'], scotland: ['T1', 'S4'], wales: ['W1', 'S4'] },
    ),
  },
  {
    code: 'TERMILL',
    name: 'Terminal illness',
    applicant: 'person-any-age',
    nations: sameInEveryNation(
      {
        outcome: 'further-assessment',
        summary:
          'Terminally ill, with special-rules evidence (an SR1 form). Further assessment on a fast track (priority queue, shortest target time); the council setting terminalIllnessAutomatic makes it automatic.',
        sources: [],
        fastTrack: true,
        settings: ['terminalIllnessAutomatic'],
      },
      {
        england: ['BBDS-CIT', 'BBDS-REF', 'O10', 'O17'],
        scotland: ['BBDS-CIT', 'BBDS-REF', 'O10', 'O17'],
        wales: ['BBDS-CIT', 'BBDS-REF', 'O10', 'O17'],
      },
    ),
  },
  {
    code: 'COGNITIVE',
    name: 'Cognitive impairment',
    applicant: 'person',
    nations: {
      wales: {
        outcome: 'further-assessment',
        summary:
          'A cognitive impairment needing supervision on journeys; since December 2014 this is open to people who are not of working age too.',
        sources: ['W4', 'W9'],
      },
    },
  },
  {
    code: 'TRAF_RISK',
    name: 'No awareness of danger from traffic',
    applicant: 'person',
    nations: {
      scotland: {
        outcome: 'further-assessment',
        summary:
          'A mental disorder with no awareness of the danger from traffic, certified or self-evident. The national online form cannot take this; the kit can.',
        sources: ['T4', 'T5', 'T6', 'T12'],
      },
    },
  },
  {
    code: 'ORG',
    name: 'Organisation',
    applicant: 'organisation',
    nations: {
      england: {
        outcome: 'further-assessment',
        summary:
          "An organisation that cares for disabled people, for each vehicle that carries them. The council looks for a need beyond the individuals' own badges: care homes, hospices and social services may qualify; taxis and community transport usually do not.",
        sources: ['S10', 'O4'],
      },
      scotland: {
        outcome: 'further-assessment',
        summary:
          'An organisation that both cares for and transports disabled people; caring alone is not enough.',
        sources: ['S10', 'T14'],
      },
      wales: {
        outcome: 'further-assessment',
        summary:
          "An organisation that cares for disabled people, for each vehicle that carries them. The council looks for a need beyond the individuals' own badges.",
        sources: ['S10', 'O4'],
      },
    },
  },
];

export interface Principle {
  title: string;
  text: string;
  sources: readonly SourceCode[];
}

/** How routes combine into a result; rendered at the top of docs/rules.md. */
export const PRINCIPLES: readonly Principle[] = [
  {
    title: 'Outcome',
    text: 'Every route the facts meet is listed. Any automatic route makes the applicant eligible without further assessment; otherwise any further-assessment route makes them eligible subject to further assessment; otherwise they are not eligible.',
    sources: ['BBDS-REF'],
  },
  {
    title: 'Nations',
    text: "A route is only open in the nations whose tables list it; facts for another nation's route (say, ADP in England) are ignored.",
    sources: ['BBDS-REF'],
  },
  {
    title: 'Current awards',
    text: 'A benefit award must be current on the assessment date: one that ended the day before does not qualify, one that ends that day does. An end date of null means an indefinite award. If no end date is given at all, the award is taken as current and the reason asks the officer to check the award letter.',
    sources: ['S1', 'BBDS-CIT'],
  },
  {
    title: 'Ages',
    text: 'Ages are judged on the assessment date. The child routes apply until the day before the 3rd birthday and the other person routes from the 3rd birthday (setting childAgeReading). Terminal illness and organisations have no age limit. Someone born on 29 February has their birthday on 1 March in a common year.',
    sources: ['S1', 'S8', 'S4'],
  },
  {
    title: 'Durations',
    text: 'England: walking difficulty (WALKD) and hidden disability (HIDDEN) need an expected duration of 36 months or more ("enduring"). Scotland and Wales: a walking difficulty expected to last 36 months or more is WALKD (permanent); 12 to 35 months is TEMP; under 12 months meets neither. A missing duration meets none of these.',
    sources: ['O3', 'T15', 'W2'],
  },
  {
    title: 'Badge length',
    text: "latestExpiryDate is the longest badge the rules allow if approved on the assessment date: the 3rd anniversary of that date (the national service accepts expiry up to start + 3 years; from 29 February, 28 February), no later than the qualifying award's end date, and no longer than a category limit (Wales TEMP: 1 year). Among the routes with the winning outcome the most generous counts. It is null when not eligible. The decision maker may shorten it.",
    sources: ['S3', 'T2', 'W2', 'O8', 'BBDS-BM'],
  },
  {
    title: 'Fast track',
    text: 'fastTrack is true when a route is met on terminal-illness grounds: TERMILL, or ADP through the terminal-illness special rules.',
    sources: ['O10', 'T12'],
  },
  {
    title: 'Applicants',
    text: 'An organisation is only assessed for ORG, which is always further assessment; a person is never assessed for ORG.',
    sources: ['S10', 'BBDS-BM'],
  },
  {
    title: "Today's rules",
    text: 'The rules are those in force now. The assessment date moves ages and award dates, not the law: a rule introduced in 2019 also applies to an earlier assessment date.',
    sources: [],
  },
];

/** Rules from the reference that the kit does not decide, with why. */
export const NOT_MODELLED: readonly Principle[] = [
  {
    title: 'Scotland: PIP revision after losing DLA',
    text: 'A person who lost DLA higher rate mobility on reassessment to PIP qualifies if they asked for the PIP decision to be revised (1-year badge) or their DLA award was indefinite. The request does not carry these facts, so the officer decides such cases.',
    sources: ['T3'],
  },
];

export function ruleFor(code: EligibilityCode): RuleDefinition {
  const rule = RULES.find((r) => r.code === code);
  if (!rule) throw new RangeError(`No rule with code ${code}`);
  return rule;
}

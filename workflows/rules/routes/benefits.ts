/** The benefit routes: all automatic, all needing an award that is current on the assessment date. */
import { awardSentence, isAwardCurrent } from '../award';
import type { RouteEvaluator } from '../context';
import { planningPoints } from '../pip-scores';
import type { MobilityRateFacts, Nation, PipFacts } from '../types';

const MOVING_AROUND_MIN = 8;
const PLANNING_MIN = 12;

/**
 * PIP-style scores that qualify, as phrases.
 * England [S2, S4, O1, O2, O11, BBDS-CIT]: moving around (activity 2 alone, not the mobility total)
 * 8 or more, or planning descriptor E (10 points) since 30 Aug 2019; D (10) and F (12) do not.
 * Scotland [T1, T2] and Wales [W1] (and ADP [T10, T12]): moving around 8 or more, or planning 12 or more.
 */
function scoreGrounds(facts: PipFacts, nation: Nation): string[] {
  const grounds: string[] = [];
  const moving = facts.movingAroundPoints;
  if (moving !== undefined && moving >= MOVING_AROUND_MIN) {
    grounds.push(`${moving} points for moving around (${MOVING_AROUND_MIN} or more qualifies)`);
  }
  if (nation === 'england') {
    if (facts.planningJourneysDescriptor === 'e') {
      grounds.push(
        '10 points for planning and following journeys under descriptor E (overwhelming psychological distress), which qualifies in England',
      );
    }
  } else {
    const planning = planningPoints(facts);
    if (planning !== undefined && planning >= PLANNING_MIN) {
      grounds.push(
        `${planning} points for planning and following journeys (${PLANNING_MIN} or more qualifies)`,
      );
    }
  }
  return grounds;
}

export const pip: RouteEvaluator = ({ facts, nation, assessmentDate }) => {
  const award = facts.benefits?.pip;
  if (!award || !isAwardCurrent(award.awardEndDate, assessmentDate)) return null;
  const grounds = scoreGrounds(award, nation);
  if (grounds.length === 0) return null;
  return {
    reason: `Gets PIP with ${grounds.join(' and ')}. ${awardSentence(award.awardEndDate)}`,
    awardEndDate: award.awardEndDate,
  };
};

/** ADP, Scotland only [T10, T12]: PIP's Scottish scores, or enhanced mobility under the terminal-illness special rules. */
export const adp: RouteEvaluator = ({ facts, assessmentDate }) => {
  const award = facts.benefits?.adp;
  if (!award || !isAwardCurrent(award.awardEndDate, assessmentDate)) return null;
  const grounds = scoreGrounds(award, 'scotland');
  const specialRules = award.enhancedMobilitySpecialRules === true;
  if (specialRules) grounds.push('the enhanced mobility component under the terminal-illness special rules');
  if (grounds.length === 0) return null;
  return {
    reason: `Gets Adult Disability Payment with ${grounds.join(' and ')}. ${awardSentence(award.awardEndDate)}`,
    awardEndDate: award.awardEndDate,
    ...(specialRules ? { fastTrack: true as const } : {}),
  };
};

function higherRateMobility(award: MobilityRateFacts | undefined, assessmentDate: string, benefit: string) {
  if (award?.mobilityRate !== 'higher' || !isAwardCurrent(award.awardEndDate, assessmentDate)) return null;
  return {
    reason: `Gets the higher rate of the ${benefit} mobility component. ${awardSentence(award.awardEndDate)}`,
    awardEndDate: award.awardEndDate,
  };
}

/** DLA higher rate mobility: England [S1], Scotland including Scottish Adult DLA [T1, T10, T11], Wales [W1]. */
export const dla: RouteEvaluator = ({ facts, assessmentDate }) =>
  higherRateMobility(facts.benefits?.dla, assessmentDate, 'Disability Living Allowance');

/** Child Disability Payment higher rate mobility, Scotland only [T10, T11]. */
export const cdp: RouteEvaluator = ({ facts, assessmentDate }) =>
  higherRateMobility(facts.benefits?.cdp, assessmentDate, 'Child Disability Payment');

/** War Pensioners' Mobility Supplement, every nation [S1, T1, W1, BBDS-REF]. */
export const wpms: RouteEvaluator = ({ facts }) =>
  facts.benefits?.wpms?.receiving === true ? { reason: "Gets War Pensioners' Mobility Supplement." } : null;

const AFCS_MAX_TARIFF = 8;
const WALES_MENTAL_DISORDER_TARIFF = 6;

/**
 * Armed Forces Compensation Scheme: a lump sum at tariff 1 to 8 and the walking certificate, both
 * needed [S1, S8, O3, T1]. Wales only: tariff 6 for a permanent mental disorder, no certificate [W12, BBDS-CIT].
 */
export const afcs: RouteEvaluator = ({ facts, nation }) => {
  const award = facts.benefits?.afcs;
  const tariff = award?.tariffLevel;
  if (!award || tariff === undefined) return null;
  if (tariff >= 1 && tariff <= AFCS_MAX_TARIFF && award.permanentSubstantialDisabilityCertificate === true) {
    return {
      reason: `Received an Armed Forces Compensation Scheme lump sum at tariff level ${tariff} and holds a certificate of permanent and substantial disability affecting walking.`,
    };
  }
  if (
    nation === 'wales' &&
    tariff === WALES_MENTAL_DISORDER_TARIFF &&
    award.permanentMentalDisorder === true
  ) {
    return {
      reason:
        'Received an Armed Forces Compensation Scheme lump sum at tariff level 6 for a permanent mental disorder, which qualifies in Wales without a walking certificate.',
    };
  }
  return null;
};

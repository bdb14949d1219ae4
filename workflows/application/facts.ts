import { chosen, type Answers } from '../forms/fields';
import { PLANNING_DESCRIPTOR_POINTS } from '../rules/pip-scores';
import type { EligibilityRequest, Nation, PipDescriptor, PipPoints } from '../rules/types';

/**
 * Turns the applicant's answers into the facts the eligibility rules judge. The rules themselves live
 * only in workflows/rules: the journey's guards, the officer's case page and the public API all call them.
 * Only answers on the journey's path are passed in, so an abandoned branch never counts.
 */

/** The rules count months; the journey asks for a band (blue-badge-scheme.md §3: 12 and 36 months matter). */
const DURATION_MONTHS: Record<string, number> = { 'under-12': 11, '12-to-35': 12, '36-or-more': 36 };

const awardEndDate = (answers: Answers | undefined): string | null | undefined => {
  if (!answers) return undefined;
  return answers.awardEnds === 'indefinite' ? null : answers.awardEndDate;
};

function pipLike(scores: Answers | undefined, award: Answers | undefined) {
  if (!scores) return undefined;
  const descriptor = scores.planningDescriptor as PipDescriptor | undefined;
  return {
    movingAroundPoints: Number(scores.movingAroundPoints) as PipPoints,
    ...(descriptor
      ? {
          planningJourneysDescriptor: descriptor,
          planningJourneysPoints: PLANNING_DESCRIPTOR_POINTS[descriptor],
        }
      : {}),
    ...(award ? { awardEndDate: awardEndDate(award) } : {}),
  };
}

export function applicationFacts(
  answers: Record<string, Answers>,
  nation: Nation,
  assessmentDate?: string,
): EligibilityRequest {
  const applicant = answers.whoIsApplying?.applicant;
  if (applicant === 'organisation') {
    return {
      nation,
      ...(assessmentDate ? { assessmentDate } : {}),
      applicant: { type: 'organisation' },
      organisation: {
        caresForDisabledPeople: answers.orgCare ? answers.orgCare.cares === 'yes' : undefined,
        transportsDisabledPeople: answers.orgTransport
          ? answers.orgTransport.transports === 'yes'
          : undefined,
      },
    };
  }

  const benefits = chosen(answers.benefits?.benefits);
  const reason = answers.mainReason?.reason;
  const months = DURATION_MONTHS[answers.duration?.duration ?? ''];
  const facts: EligibilityRequest = {
    nation,
    ...(assessmentDate ? { assessmentDate } : {}),
    applicant: {
      type: 'person',
      ...(answers.dateOfBirth ? { dateOfBirth: answers.dateOfBirth.dateOfBirth } : {}),
    },
    benefits: {},
    conditions: {},
  };
  const pip = pipLike(answers.pip, answers.pipAward);
  if (pip && benefits.includes('pip')) facts.benefits!.pip = pip;
  const adp = pipLike(answers.adp, answers.adpAward);
  if (adp && benefits.includes('adp')) {
    facts.benefits!.adp = { ...adp, enhancedMobilitySpecialRules: answers.adp.specialRules === 'yes' };
  }
  for (const benefit of ['dla', 'cdp'] as const) {
    const rate = answers[benefit]?.mobilityRate as 'higher' | 'lower' | undefined;
    if (rate && benefits.includes(benefit)) {
      facts.benefits![benefit] = {
        mobilityRate: rate,
        awardEndDate: awardEndDate(answers[`${benefit}Award`]),
      };
    }
  }
  if (benefits.includes('wpms')) facts.benefits!.wpms = { receiving: true };
  if (answers.afcs && benefits.includes('afcs')) {
    facts.benefits!.afcs = {
      tariffLevel: Number(answers.afcs.tariffLevel),
      permanentSubstantialDisabilityCertificate: answers.afcs.certificate === 'yes',
      ...(answers.afcs.mentalDisorder
        ? { permanentMentalDisorder: answers.afcs.mentalDisorder === 'yes' }
        : {}),
    };
  }
  const sight = answers.sight?.sightImpairment as EligibilityRequest['sightImpairment'];
  if (sight) facts.sightImpairment = sight;

  const conditions = facts.conditions!;
  if (reason === 'walking' && answers.walkingDifficulty) {
    conditions.walking = {
      // The applicant says walking is very difficult; the assessor judges how much (§3, [S2]).
      veryConsiderableDifficulty: chosen(answers.walkingDifficulty.difficulties).length > 0,
      ...(months !== undefined ? { expectedDurationMonths: months } : {}),
    };
  }
  if (reason === 'nonVisible' && answers.nonVisible) {
    const effects = chosen(answers.nonVisible.effects);
    conditions.nonVisible = {
      veryConsiderablePsychologicalDistress: effects.includes('distress'),
      riskOfSeriousHarm: effects.includes('harm'),
      ...(months !== undefined ? { expectedDurationMonths: months } : {}),
    };
  }
  if (reason === 'arms' && answers.arms) {
    conditions.arms = {
      drivesRegularly: answers.arms.drivesRegularly === 'yes',
      severeDisabilityBothArms: answers.arms.severeDisabilityBothArms === 'yes',
      cannotOperateParkingMeters: answers.arms.cannotOperateParkingMeters === 'yes',
    };
  }
  if (reason === 'child' && answers.childNeeds) {
    conditions.child = {
      bulkyMedicalEquipment: answers.childNeeds.need === 'equipment',
      needsVehicleNearForTreatment: answers.childNeeds.need === 'vehicle',
    };
  }
  if (reason === 'terminal' && answers.terminal) {
    conditions.terminalIllness = { specialRules: answers.terminal.specialRules === 'yes' };
  }
  if (reason === 'trafficRisk' && answers.trafficRisk) {
    conditions.trafficRisk = {
      noAwarenessOfTrafficDanger: answers.trafficRisk.noAwarenessOfDanger === 'yes',
    };
  }
  if (reason === 'cognitive' && answers.cognitive) {
    conditions.cognitive = { needsSupervisionOnJourneys: answers.cognitive.needsSupervision === 'yes' };
  }
  return facts;
}

/** The national application type (§9): RENEW when the applicant holds a badge now. */
export function applicationType(answers: Record<string, Answers>): 'NEW' | 'RENEW' {
  return answers.existingBadge?.hasBadge === 'yes' ? 'RENEW' : 'NEW';
}

/** Condition routes: sight, walking, hidden disabilities, arms, terminal illness, and the Scottish and Welsh extras. */
import type { RouteEvaluator } from '../context';
import { ENDURING_MONTHS, TEMPORARY_MIN_MONTHS } from '../definitions';
import type { Nation } from '../types';

/** Severely sight impaired only; sight impaired (partially sighted) does not qualify [S1, O15, T13, W1]. */
export const blind: RouteEvaluator = ({ facts, nation }) => {
  if (facts.sightImpairment !== 'severely-sight-impaired') return null;
  return {
    reason:
      nation === 'england'
        ? 'Registered as severely sight impaired.'
        : 'Registered blind (severely sight impaired).',
  };
};

const WALKING_ASSESSOR: Record<Nation, string> = {
  england: 'an expert assessor', // [S2]
  scotland: 'an independent mobility assessor', // [T15]
  wales: 'the Independent Advisory Service', // [W9]
};

/**
 * Walking difficulty expected to last 36 months or more: "enduring" in England [S2, O3, BBDS-CIT];
 * the kit's reading of "permanent" in Scotland [T9] and Wales [W9], where shorter is TEMP.
 */
export const walkingDifficulty: RouteEvaluator = ({ facts, nation }) => {
  const walking = facts.conditions?.walking;
  const months = walking?.expectedDurationMonths;
  if (walking?.veryConsiderableDifficulty !== true || months === undefined || months < ENDURING_MONTHS)
    return null;
  return {
    reason: `Has very considerable difficulty walking, expected to last ${months} months (${ENDURING_MONTHS} or more qualifies); ${WALKING_ASSESSOR[nation]} must confirm it.`,
  };
};

/**
 * Temporary walking difficulty, Scotland [T15, T10] and Wales [W2, W10]: at least 12 months and under
 * the 36 that make it permanent (WALKD), so one difficulty never meets both.
 */
export const temporaryWalkingDifficulty: RouteEvaluator = ({ facts, nation }) => {
  const walking = facts.conditions?.walking;
  const months = walking?.expectedDurationMonths;
  if (walking?.veryConsiderableDifficulty !== true || months === undefined) return null;
  if (months < TEMPORARY_MIN_MONTHS || months >= ENDURING_MONTHS) return null;
  return {
    reason: `Has a temporary walking difficulty expected to last ${months} months (${TEMPORARY_MIN_MONTHS} to ${ENDURING_MONTHS - 1} months qualifies); ${WALKING_ASSESSOR[nation]} must confirm it.`,
  };
};

/**
 * England's hidden-disability criterion since 30 Aug 2019 [S2, O3]: very considerable psychological
 * distress or risk of serious harm on journeys, from an enduring disability (36 months or more).
 * Its "very considerable difficulty walking" limb is WALKD.
 */
export const hiddenDisability: RouteEvaluator = ({ facts }) => {
  const nonVisible = facts.conditions?.nonVisible;
  const months = nonVisible?.expectedDurationMonths;
  if (!nonVisible || months === undefined || months < ENDURING_MONTHS) return null;
  const effects = [
    nonVisible.veryConsiderablePsychologicalDistress === true
      ? 'very considerable psychological distress'
      : null,
    nonVisible.riskOfSeriousHarm === true ? 'a risk of serious harm to themselves or others' : null,
  ].filter((effect): effect is string => effect !== null);
  if (effects.length === 0) return null;
  return {
    reason: `During journeys has ${effects.join(' and ')}, from a disability expected to last ${months} months (${ENDURING_MONTHS} or more qualifies); an expert assessor must confirm it.`,
  };
};

/** All three needed: drives regularly, severe disability in both arms, cannot operate parking meters [S1, T1, W1]. */
export const arms: RouteEvaluator = ({ facts }) => {
  const arms = facts.conditions?.arms;
  if (
    arms?.drivesRegularly !== true ||
    arms.severeDisabilityBothArms !== true ||
    arms.cannotOperateParkingMeters !== true
  ) {
    return null;
  }
  return {
    reason:
      'Drives regularly, has a severe disability in both arms and cannot operate some or all parking meters.',
  };
};

/**
 * Terminal illness, DISPUTED [BBDS-CIT, BBDS-REF, O10, O17]: further assessment on a fast track by
 * default; the council setting terminalIllnessAutomatic makes special-rules evidence automatic.
 */
export const terminalIllness: RouteEvaluator = ({ facts, settings }) => {
  if (facts.conditions?.terminalIllness?.specialRules !== true) return null;
  if (settings.terminalIllnessAutomatic) {
    return {
      reason:
        'Is terminally ill with special-rules evidence, which this council accepts without further assessment.',
      outcome: 'eligible-automatic',
    };
  }
  return { reason: 'Is terminally ill with special-rules evidence; the council checks it on a fast track.' };
};

/** Scotland only [T4, T5, T6, T12]: a mental disorder with no awareness of danger from traffic. */
export const trafficRisk: RouteEvaluator = ({ facts }) =>
  facts.conditions?.trafficRisk?.noAwarenessOfTrafficDanger === true
    ? {
        reason:
          'Has a mental disorder with no awareness of the danger from traffic; the council must confirm it.',
      }
    : null;

/** Wales only [W4, W9]: a cognitive impairment needing supervision on journeys, at any working or other age. */
export const cognitiveImpairment: RouteEvaluator = ({ facts }) =>
  facts.conditions?.cognitive?.needsSupervisionOnJourneys === true
    ? { reason: 'Has a cognitive impairment and needs supervision on journeys; the council must confirm it.' }
    : null;

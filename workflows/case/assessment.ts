import type { EligibilityCode, EligibilityResult, Nation } from '../rules/types';
import type { AssessedFactor, AssessorKind, DesktopAssessmentKind } from './records';

/**
 * The further-assessment routes' desktop assessments: the factors the guidance names for each
 * (blue-badge-scheme.md §3, §4), and when they add up to "meets the criteria". Pure, so the statechart's
 * guards and the officer's form use the same rules.
 */
export const ASSESSMENT_FACTORS: Record<DesktopAssessmentKind, readonly string[]> = {
  // What makes walking very difficult [S2, BBDS-CIT], and that it is enduring (3 years England, 12 months TEMP) [O3, T15, W2].
  walking: ['pain', 'breathlessness', 'balance', 'timeTaken', 'speed', 'danger', 'enduring'],
  // England's non-visible criteria since 30 Aug 2019 [S2, O3]; Scotland's traffic risk [T4]; Wales's cognitive impairment [W4].
  'non-visible': [
    'psychologicalDistress',
    'riskOfHarm',
    'walkingDifficulty',
    'noAwarenessOfTraffic',
    'supervisionOnJourneys',
    'enduring',
  ],
  // All three are needed [S1].
  arms: ['drivesRegularly', 'severeDisabilityBothArms', 'cannotOperateMeters'],
  // Under 3 on the date of assessment, with bulky equipment or kept near a vehicle for treatment [S1, S8].
  child: ['underThree', 'bulkyEquipment', 'vehicleNearForTreatment'],
  // Concerned with the care of disabled people and carrying them; in Scotland both [S10, O4, T14].
  organisation: ['caresForDisabledPeople', 'transportsDisabledPeople', 'needBeyondOwnBadges'],
};

const ROUTE_KIND: Partial<Record<EligibilityCode, DesktopAssessmentKind>> = {
  WALKD: 'walking',
  TEMP: 'walking',
  TERMILL: 'walking',
  HIDDEN: 'non-visible',
  TRAF_RISK: 'non-visible',
  COGNITIVE: 'non-visible',
  ARMS: 'arms',
  CHILDBULK: 'child',
  CHILDVEHIC: 'child',
  ORG: 'organisation',
};

/**
 * The desktop assessment a case needs, or undefined when it needs none: an automatic route (a benefit,
 * registered blind) is decided on its evidence alone (§2), and so is a replacement or a case the rules
 * found not eligible.
 */
export function desktopAssessmentKind(eligibility: EligibilityResult): DesktopAssessmentKind | undefined {
  if (eligibility.routes.some((route) => route.outcome === 'eligible-automatic')) return undefined;
  for (const route of eligibility.routes) {
    const kind = ROUTE_KIND[route.code];
    if (kind) return kind;
  }
  return undefined;
}

/** Who assesses face to face in each nation [S2, T15, W9]. */
export const ASSESSOR_FOR: Record<Nation, AssessorKind> = {
  england: 'expert-assessor',
  scotland: 'independent-mobility-assessor',
  wales: 'independent-advisory-service',
};

/** Why factors recorded as present cannot add up to "meets the criteria"; undefined when they can. */
export function meetsProblem(
  kind: DesktopAssessmentKind,
  factors: readonly AssessedFactor[],
  nation: Nation,
): string | undefined {
  const present = (name: string) => factors.some((f) => f.factor === name && f.present);
  const any = (...names: string[]) => names.some(present);
  switch (kind) {
    case 'walking':
      return any('pain', 'breathlessness', 'balance', 'timeTaken', 'speed', 'danger') && present('enduring')
        ? undefined
        : 'To meet the criteria the walking difficulty must be enduring and at least one factor present';
    case 'non-visible':
      return any(
        'psychologicalDistress',
        'riskOfHarm',
        'walkingDifficulty',
        'noAwarenessOfTraffic',
        'supervisionOnJourneys',
      ) && present('enduring')
        ? undefined
        : 'To meet the criteria the condition must be enduring and at least one factor present';
    case 'arms':
      return ASSESSMENT_FACTORS.arms.every(present)
        ? undefined
        : 'To meet the criteria all three arms factors must be present';
    case 'child':
      return present('underThree') && any('bulkyEquipment', 'vehicleNearForTreatment')
        ? undefined
        : 'To meet the criteria the child must be under 3 and need bulky equipment or a vehicle nearby';
    case 'organisation':
      return present('caresForDisabledPeople') &&
        (nation !== 'scotland' || present('transportsDisabledPeople'))
        ? undefined
        : nation === 'scotland'
          ? 'In Scotland the organisation must both care for and transport disabled people'
          : 'To meet the criteria the organisation must care for disabled people';
  }
}

import type { RouteEvaluator } from '../context';
import type { EligibilityCode } from '../types';
import { adp, afcs, cdp, dla, pip, wpms } from './benefits';
import { childNeedingVehicleNear, childWithBulkyEquipment } from './children';
import {
  arms,
  blind,
  cognitiveImpairment,
  hiddenDisability,
  temporaryWalkingDifficulty,
  terminalIllness,
  trafficRisk,
  walkingDifficulty,
} from './conditions';
import { organisation } from './organisation';

/** One evaluator per eligibility code; the type makes a code without one a compile error. */
export const EVALUATORS: Readonly<Record<EligibilityCode, RouteEvaluator>> = {
  PIP: pip,
  ADP: adp,
  DLA: dla,
  CDP: cdp,
  WPMS: wpms,
  AFRFCS: afcs,
  BLIND: blind,
  WALKD: walkingDifficulty,
  HIDDEN: hiddenDisability,
  TEMP: temporaryWalkingDifficulty,
  ARMS: arms,
  CHILDBULK: childWithBulkyEquipment,
  CHILDVEHIC: childNeedingVehicleNear,
  TERMILL: terminalIllness,
  COGNITIVE: cognitiveImpairment,
  TRAF_RISK: trafficRisk,
  ORG: organisation,
};

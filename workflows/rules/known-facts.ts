/**
 * Copies only the facts the contract defines, and only the object's own properties, into fresh plain
 * objects. So an unknown key, an inherited property or a JSON `"__proto__"` key can never change a
 * result, even when a caller skips validateEligibilityRequest (which rejects unknown keys outright).
 */
import type { EligibilityRequest } from './types';

/** Every key of T, recursively: `true` for a value, a nested shape for an object. */
type Shape<T> = {
  [K in keyof Required<T>]-?: NonNullable<T[K]> extends string | number | boolean
    ? true
    : Shape<NonNullable<T[K]>>;
};

const AWARD = { awardEndDate: true } as const;
const PIP_FACTS = {
  movingAroundPoints: true,
  planningJourneysPoints: true,
  planningJourneysDescriptor: true,
  ...AWARD,
} as const;

/** The contract's keys; the compiler checks this against EligibilityRequest in both directions. */
export const REQUEST_SHAPE: Shape<EligibilityRequest> = {
  nation: true,
  assessmentDate: true,
  applicant: { type: true, dateOfBirth: true },
  benefits: {
    pip: PIP_FACTS,
    adp: { ...PIP_FACTS, enhancedMobilitySpecialRules: true },
    dla: { mobilityRate: true, ...AWARD },
    cdp: { mobilityRate: true, ...AWARD },
    wpms: { receiving: true },
    afcs: {
      tariffLevel: true,
      permanentSubstantialDisabilityCertificate: true,
      permanentMentalDisorder: true,
    },
  },
  sightImpairment: true,
  conditions: {
    walking: { veryConsiderableDifficulty: true, expectedDurationMonths: true },
    nonVisible: {
      veryConsiderablePsychologicalDistress: true,
      riskOfSeriousHarm: true,
      expectedDurationMonths: true,
    },
    arms: { drivesRegularly: true, severeDisabilityBothArms: true, cannotOperateParkingMeters: true },
    child: { bulkyMedicalEquipment: true, needsVehicleNearForTreatment: true },
    terminalIllness: { specialRules: true },
    trafficRisk: { noAwarenessOfTrafficDanger: true },
    cognitive: { needsSupervisionOnJourneys: true },
  },
  organisation: { caresForDisabledPeople: true, transportsDisabledPeople: true },
};

type ShapeNode = true | { readonly [key: string]: ShapeNode };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(value: unknown, shape: ShapeNode): unknown {
  if (shape === true) return isPlainObject(value) || Array.isArray(value) ? undefined : value;
  if (!isPlainObject(value)) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    if (!Object.hasOwn(value, key)) continue;
    const picked = pick(value[key], shape[key]);
    if (picked !== undefined) copy[key] = picked;
  }
  return copy;
}

/** The request's known facts only, as a new object; anything else is dropped. */
export function pickKnownFacts(request: EligibilityRequest): EligibilityRequest {
  return (pick(request, REQUEST_SHAPE) ?? {}) as EligibilityRequest;
}

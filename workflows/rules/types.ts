/**
 * The eligibility contract: the facts a council knows about an applicant, and what the rules conclude.
 * These types mirror the public API `POST /api/v1/eligibility` exactly (docs/schemas/), so suppliers
 * can code against either. Dates are ISO `YYYY-MM-DD` strings.
 */

export type Nation = 'england' | 'scotland' | 'wales';
export const NATIONS: readonly Nation[] = ['england', 'scotland', 'wales'];

export type PipPoints = 0 | 4 | 8 | 10 | 12;
export type PipDescriptor = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

export interface PipFacts {
  movingAroundPoints?: PipPoints;
  planningJourneysPoints?: PipPoints;
  planningJourneysDescriptor?: PipDescriptor;
  /** null means the award is indefinite (has no end date). */
  awardEndDate?: string | null;
}

export interface AdpFacts extends PipFacts {
  enhancedMobilitySpecialRules?: boolean;
}

export interface MobilityRateFacts {
  mobilityRate?: 'higher' | 'lower';
  /** null means the award is indefinite. */
  awardEndDate?: string | null;
}

export interface EligibilityRequest {
  nation: Nation;
  /** The day ages and award end dates are judged on; defaults to today. */
  assessmentDate?: string;
  applicant: { type: 'person' | 'organisation'; dateOfBirth?: string };
  benefits?: {
    pip?: PipFacts;
    adp?: AdpFacts;
    dla?: MobilityRateFacts;
    cdp?: MobilityRateFacts;
    wpms?: { receiving?: boolean };
    afcs?: {
      tariffLevel?: number;
      permanentSubstantialDisabilityCertificate?: boolean;
      permanentMentalDisorder?: boolean;
    };
  };
  sightImpairment?: 'severely-sight-impaired' | 'sight-impaired' | 'none';
  conditions?: {
    walking?: { veryConsiderableDifficulty?: boolean; expectedDurationMonths?: number };
    nonVisible?: {
      veryConsiderablePsychologicalDistress?: boolean;
      riskOfSeriousHarm?: boolean;
      expectedDurationMonths?: number;
    };
    arms?: {
      drivesRegularly?: boolean;
      severeDisabilityBothArms?: boolean;
      cannotOperateParkingMeters?: boolean;
    };
    child?: { bulkyMedicalEquipment?: boolean; needsVehicleNearForTreatment?: boolean };
    terminalIllness?: { specialRules?: boolean };
    trafficRisk?: { noAwarenessOfTrafficDanger?: boolean };
    cognitive?: { needsSupervisionOnJourneys?: boolean };
  };
  organisation?: { caresForDisabledPeople?: boolean; transportsDisabledPeople?: boolean };
}

export type RouteOutcome = 'eligible-automatic' | 'further-assessment';
export type Outcome = RouteOutcome | 'not-eligible';

export type EligibilityCode =
  | 'PIP'
  | 'ADP'
  | 'DLA'
  | 'CDP'
  | 'AFRFCS'
  | 'WPMS'
  | 'BLIND'
  | 'WALKD'
  | 'HIDDEN'
  | 'TEMP'
  | 'ARMS'
  | 'CHILDBULK'
  | 'CHILDVEHIC'
  | 'TERMILL'
  | 'COGNITIVE'
  | 'TRAF_RISK'
  | 'ORG';

export interface RouteResult {
  code: EligibilityCode;
  outcome: RouteOutcome;
  /** Plain English a council officer or resident can read. */
  reason: string;
  /** Citation, e.g. "S1 reg 4(2)(a); BBDS-REF" (see docs/rules.md for the source list). */
  source: string;
}

export interface EligibilityResult {
  outcome: Outcome;
  nation: Nation;
  routes: RouteResult[];
  fastTrack: boolean;
  latestExpiryDate: string | null;
}

/**
 * The reference data of the specification (GET /api/v1/reference-data): the codes a supplier's system must
 * understand, read from the definitions the kit itself runs on, so the published list cannot drift.
 * National codes are the Blue Badge Digital Service's (blue-badge-scheme.md §9 [BBDS-REF, BBDS-BM]).
 */
import { REFUSAL_REASON_CODES, type RefusalReasonCode } from './case/records';
import type { ApplicationTypeCode, ChannelCode } from './case/machine';
import { describeMachine } from './engine/definition';
import { EVIDENCE_TYPES, type EvidenceType } from './journey/pages';
import { RULES } from './rules/definitions';
import { NATIONS, type Nation } from './rules/types';
import { WORKFLOWS } from './registry';

interface Coded {
  code: string;
  description: string;
}

const APPLICATION_TYPES: Record<ApplicationTypeCode, string> = {
  NEW: 'A first badge, or a new one after an earlier badge ended.',
  RENEW: 'A badge for someone whose badge is ending or has ended.',
  CANCEL: 'A badge cancelled (returned, misused, the holder died).',
  REPLACE: 'A lost, stolen or damaged badge replaced, keeping its expiry date.',
};

const CHANNELS: Record<ChannelCode, string> = {
  ONLINE: 'Sent by the applicant online.',
  PAPER: 'A paper form keyed by staff.',
  PHONE: 'Taken over the phone by staff.',
  INPERSON: 'Taken in person by staff.',
};

const EVIDENCE: Record<EvidenceType, string> = {
  PHOTO: 'A photo of the badge holder (a person).',
  PROOF_ID: 'Proof of identity.',
  PROOF_ADD: 'Proof of address (16 and over).',
  PROOF_ELIG: 'Proof of eligibility: a benefit award letter.',
  SUPPORT_DOCS: 'Supporting documents for a route the council assesses.',
};

const REFUSAL_REASONS: Record<RefusalReasonCode, string> = {
  NOT_ELIGIBLE:
    'The applicant meets no eligibility route (the routes judged are recorded with the decision) [S3, S12].',
  INSUFFICIENT_EVIDENCE: 'The evidence does not show the applicant meets the route claimed [S3].',
  MISUSE_CONVICTION: 'A relevant conviction for misusing a badge [S9, S12].',
  IDENTITY_DOUBT: 'The applicant’s identity could not be confirmed [S3].',
  FEE_UNPAID: 'The fee was not paid [S3].',
};

/** The national badge statuses [BBDS-BM]; the kit's badge workflow maps its states onto them. */
const BADGE_STATUSES: Record<string, string> = {
  ORDERED: 'Ordered, waiting to be printed.',
  PROCESSED: 'Sent to print.',
  ISSUED: 'Printed and posted to the holder.',
  REJECT: 'Rejected by the printer.',
  CANCELLED: 'Cancelled.',
  REPLACED: 'Replaced by another badge.',
  DELETED: 'Deleted.',
};

const coded = (table: Record<string, string>): Coded[] =>
  Object.entries(table).map(([code, description]) => ({ code, description }));

export interface EligibilityCodeReference {
  code: string;
  name: string;
  applicant: string;
  outcome: string;
  summary: string;
  sources: string[];
}

/** The states of a workflow's current version, as statuses: path and description. */
function statuses(kind: 'case' | 'badge'): Coded[] {
  const workflow = WORKFLOWS[kind];
  return describeMachine(workflow.machine, workflow.version).states.map((state) => ({
    code: state.path,
    description: state.description ?? '',
  }));
}

export function referenceData() {
  const eligibilityCodes = Object.fromEntries(
    NATIONS.map((nation: Nation) => [
      nation,
      RULES.flatMap((rule): EligibilityCodeReference[] => {
        const rules = rule.nations[nation];
        if (!rules) return [];
        return [
          {
            code: rule.code,
            name: rule.name,
            applicant: rule.applicant,
            outcome: rules.outcome,
            summary: rules.summary,
            sources: [...rules.sources],
          },
        ];
      }),
    ]),
  ) as Record<Nation, EligibilityCodeReference[]>;
  return {
    nations: [...NATIONS],
    eligibilityCodes,
    refusalReasons: REFUSAL_REASON_CODES.map((code) => ({ code, description: REFUSAL_REASONS[code] })),
    caseStatuses: statuses('case'),
    badgeStatuses: coded(BADGE_STATUSES),
    badgeWorkflowStates: statuses('badge'),
    applicationTypes: coded(APPLICATION_TYPES),
    channels: coded(CHANNELS),
    evidenceTypes: EVIDENCE_TYPES.map((code) => ({ code, description: EVIDENCE[code] })),
    parties: coded({
      PERSON: 'A person applying for themselves or through someone else.',
      ORG: 'An organisation that cares for or transports disabled people.',
    }),
  };
}

export type ReferenceData = ReturnType<typeof referenceData>;

/**
 * Staff roles and what each may do. The statecharts name the permission each event needs
 * (transition `meta.permission`); this table says which roles hold it.
 *
 * The national Blue Badge service has three roles [BBDS-COM]: read-only (find and view badges),
 * editor (order, cancel, replace, renew badges and work applications) and council admin (users).
 * The kit splits "editor" into assessor, decision maker and team manager, so that the person who
 * assesses need not be the person who decides.
 */
export const ROLES = ['read-only', 'assessor', 'decision-maker', 'team-manager', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'case:view',
  'case:assess',
  'case:decide',
  /** Assign a case to a colleague (anyone with `case:assess` may assign an unassigned case to themselves). */
  'case:assign',
  /** Open the evidence (photo, proofs, documents) attached to a case. */
  'evidence:view',
  /** Key an application or a replacement request on a resident's behalf (paper, phone, in person). */
  'application:key',
  'badge:manage',
  'staff:manage',
  /** See the council settings in force (read-only: they are changed in the settings file). */
  'settings:view',
  /** See who has opened a case (GET /staff/cases/:reference/views). */
  'case:audit',
  /** Read the emails sent to applicants (the outbox): recipients are personal data. */
  'notifications:view',
  /** Download everything held about a person (subject access export, docs/data-protection.md). */
  'data:export',
  /** Erase a person's personal data on request (docs/data-protection.md). */
  'data:erase',
  /** Read the erasure log: who erased what, when and why. */
  'erasures:view',
  /** Read and download the letters sent to an applicant (app/letters/), from the case page. */
  'letters:view',
  /** Comment on the process maps (/process/:workflow/comments): a workflow, a state or a transition. */
  'process:comment',
  /** Moderate comments on the process maps (show, hide, set their status) and export them. */
  'process:moderate',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Each role can do all that the one before it can, and more. */
const READ_ONLY: readonly Permission[] = ['case:view', 'evidence:view', 'letters:view', 'process:comment'];
// Assessors and above help applicants with their emails (the outbox holds personal data).
const ASSESSOR: readonly Permission[] = [
  ...READ_ONLY,
  'case:assess',
  'application:key',
  'notifications:view',
];
const DECISION_MAKER: readonly Permission[] = [...ASSESSOR, 'case:decide', 'badge:manage'];
const TEAM_MANAGER: readonly Permission[] = [
  ...DECISION_MAKER,
  'case:assign',
  'case:audit',
  'process:moderate',
  'data:export',
  'data:erase',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  'read-only': READ_ONLY,
  assessor: ASSESSOR,
  'decision-maker': DECISION_MAKER,
  'team-manager': TEAM_MANAGER,
  administrator: [...TEAM_MANAGER, 'staff:manage', 'settings:view', 'erasures:view'],
};

export const ROLE_NAMES: Record<Role, string> = {
  'read-only': 'Read only',
  assessor: 'Assessor',
  'decision-maker': 'Decision maker',
  'team-manager': 'Team manager',
  administrator: 'Administrator',
};

/** The national service's role each kit role maps to [BBDS-COM]. */
export const NATIONAL_ROLE: Record<Role, 'read-only' | 'editor' | 'council admin'> = {
  'read-only': 'read-only',
  assessor: 'editor',
  'decision-maker': 'editor',
  'team-manager': 'editor',
  administrator: 'council admin',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

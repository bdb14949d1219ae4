import type { Knex } from 'knex';
import type { EventObject } from 'xstate';
import { PERSONAS, personaEvents } from '../../workflows/application/personas';
import type { Role } from '../../workflows/permissions';
import type { Nation } from '../../workflows/rules/types';
import type { WorkflowStore } from '../engine/workflow-store';
import { newReference } from './references';
import { createStaffUser } from './staff';
import type { EvidenceStore } from '../uploads/evidence';
import { demoEvidence } from './demo-evidence';

/** Demo sign-ins, printed at start-up outside production. Never created when NODE_ENV=production. */
export const DEMO_PASSWORD = 'demo-password-change-me';
export const DEMO_STAFF: Array<{ email: string; name: string; role: Role }> = [
  { email: 'decision.maker@example.gov.uk', name: 'Dee Maker', role: 'decision-maker' },
  { email: 'assessor@example.gov.uk', name: 'Asha Assessor', role: 'assessor' },
  { email: 'read.only@example.gov.uk', name: 'Reed Only', role: 'read-only' },
  { email: 'team.manager@example.gov.uk', name: 'Tam Manager', role: 'team-manager' },
  { email: 'admin@example.gov.uk', name: 'Ada Admin', role: 'administrator' },
];

/**
 * On an empty database: demo staff for every role and a few sent applications, made by driving the real
 * statecharts (so the demo shows exactly what the service would record). Returns false if data exists.
 */
export async function seedDemoData(
  db: Knex,
  store: WorkflowStore,
  councilId: string,
  nation: Nation,
  /** Where the demo applications' files are stored; without it they list example files with no bytes. */
  evidence?: EvidenceStore,
): Promise<boolean> {
  const existing = await db('staff_users').count<{ count: number | string }[]>({ count: '*' });
  if (Number(existing[0].count) > 0) return false;
  for (const staff of DEMO_STAFF) await createStaffUser(db, { ...staff, councilId, password: DEMO_PASSWORD });
  // A few sent applications of different kinds, from the personas the journey tests walk.
  const personas = PERSONAS.filter((persona) => persona.nation === nation && persona.expected).slice(0, 4);
  for (const persona of personas) {
    const row = await store.create('application', {
      input: { nation },
      columns: { reference: newReference(), council_id: councilId },
      actor: { type: 'citizen' },
    });
    const files = evidence ? await demoEvidence(evidence, row.id, persona, store.now()) : {};
    const sent = await store.send('application', row.id, personaEvents(persona, files) as EventObject[], {
      type: 'citizen',
      id: row.id,
    });
    if (!sent.ok) throw new Error(`Demo application "${persona.name}" could not be sent: ${sent.reason}`);
  }
  return true;
}

export function demoSignInHelp(baseUrl: string): string {
  return [
    `Demo staff sign-in at ${baseUrl}/staff/sign-in (password for all: ${DEMO_PASSWORD})`,
    ...DEMO_STAFF.map((staff) => `  ${staff.role.padEnd(15)} ${staff.email}`),
  ].join('\n');
}

import type { Knex } from 'knex';
import { hasPermission, ROLES } from '../../workflows/permissions';
import { isPostgres } from '../db/connect';
import type { StaffUser } from './staff';

/**
 * Who is working on a case. Assignment is deliberately NOT a statechart transition: it says who does
 * the work, not what state the case is in, so it changes no snapshot and no revision (an officer halfway
 * through a decision form is not interrupted by a reassignment). It is a plain update of
 * `cases.assigned_to` with its audit row (event ASSIGNED, from and to the case's current state), both in
 * one transaction, here rather than in the workflow store.
 *
 * Who may assign: anyone who can assess (`case:assess`) may take an unassigned case themselves, and give
 * their own back (unassign it); giving a case to a colleague, taking one a colleague holds, or unassigning
 * it, needs `case:assign` (team managers and administrators).
 */

/** Roles whose holders can work a case, and so can be given one. */
const ASSIGNABLE_ROLES = ROLES.filter((role) => hasPermission(role, 'case:assess'));

export interface Colleague {
  id: string;
  name: string;
}

/** Enabled staff of the council who can work cases, by name. */
export async function assignableStaff(db: Knex, councilId: string): Promise<Colleague[]> {
  const rows = (await db('staff_users')
    .where({ council_id: councilId, disabled: false })
    .whereIn('role', ASSIGNABLE_ROLES)
    .orderBy([{ column: 'name' }, { column: 'id' }])
    .select('id', 'name')) as Array<{ id: string; name: string }>;
  return rows.map((row) => ({ id: String(row.id), name: String(row.name) }));
}

/** What an officer may do about a case's assignment. */
export function assignmentChoices(staff: StaffUser, assignedTo: string | null) {
  const canAssign = hasPermission(staff.role, 'case:assign');
  return {
    /** "Assign to me": the case is not already theirs, and is free or they may reassign. */
    assignToMe:
      hasPermission(staff.role, 'case:assess') &&
      assignedTo !== staff.id &&
      (assignedTo === null || canAssign),
    /** "Assign to…" a colleague. */
    assignToOthers: canAssign,
    /** "Unassign": back to the unassigned pile, by a team manager or by the officer who has it. */
    unassign:
      assignedTo !== null &&
      (canAssign || (assignedTo === staff.id && hasPermission(staff.role, 'case:assess'))),
  };
}

export type AssignResult =
  { ok: true } | { ok: false; reason: 'not-found' | 'forbidden' | 'not-assignable' | 'conflict' };

/**
 * Assigns the case to `assigneeId`, or to no one when it is null. `expectedAssignee` is who the officer saw it assigned to (null for
 * nobody): if it has changed since, nothing is written and the result is a conflict.
 */
export async function assignCase(
  db: Knex,
  options: {
    caseId: string;
    councilId: string;
    assigneeId: string | null;
    by: StaffUser;
    expectedAssignee: string | null;
    now: string;
  },
): Promise<AssignResult> {
  const { by, assigneeId } = options;
  return db.transaction(async (trx) => {
    let query = trx('cases').where({ id: options.caseId, council_id: options.councilId }).first();
    if (isPostgres(trx)) query = query.forUpdate();
    const row = (await query) as
      | {
          id: string;
          state: string;
          workflow_id: string;
          workflow_version: number;
          assigned_to: string | null;
        }
      | undefined;
    if (!row) return { ok: false, reason: 'not-found' } as const;
    const current = row.assigned_to ?? null;
    if (current !== options.expectedAssignee) return { ok: false, reason: 'conflict' } as const;

    // Without case:assign an officer may only take a free case, or give back (unassign) their own.
    const allowed =
      hasPermission(by.role, 'case:assign') ||
      (hasPermission(by.role, 'case:assess') &&
        (assigneeId === by.id
          ? current === null || current === by.id
          : assigneeId === null && current === by.id));
    if (!allowed) return { ok: false, reason: 'forbidden' } as const;
    if (current === assigneeId) return { ok: true } as const;

    if (assigneeId !== null) {
      const assignee = (await trx('staff_users')
        .where({ id: assigneeId, council_id: options.councilId, disabled: false })
        .whereIn('role', ASSIGNABLE_ROLES)
        .first('id')) as { id: string } | undefined;
      if (!assignee) return { ok: false, reason: 'not-assignable' } as const;
    }

    // Compare-and-set as well as the row lock: SQLite has no SELECT … FOR UPDATE.
    const changed = await trx('cases')
      .where({ id: row.id })
      .where((same) =>
        current === null ? same.whereNull('assigned_to') : same.where('assigned_to', current),
      )
      .update({ assigned_to: assigneeId });
    if (changed !== 1) return { ok: false, reason: 'conflict' } as const;

    await trx('audit_events').insert({
      entity_type: 'case',
      entity_id: row.id,
      workflow_id: row.workflow_id,
      workflow_version: row.workflow_version,
      event: assigneeId === null ? 'UNASSIGNED' : 'ASSIGNED',
      from_state: row.state,
      to_state: row.state,
      actor_type: 'staff',
      actor_id: by.id,
      actor_name: by.name,
      detail: JSON.stringify({ assignedTo: assigneeId, assignedBy: by.id }),
      at: options.now,
    });
    return { ok: true } as const;
  });
}

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AnyEventObject as EventObject, AnyMachineSnapshot } from 'xstate';
import {
  applyEvent,
  hasEnded,
  persistSnapshot,
  restoreSnapshot,
  startSnapshot,
  stateName,
  type Effect,
  type PersistedWorkflowSnapshot,
} from '../../workflows/engine/xstate-adapter';
import { hasPermission } from '../../workflows/permissions';
import {
  WORKFLOWS,
  eventPermissions,
  type WorkflowDefinition,
  type WorkflowKind,
} from '../../workflows/registry';
import { isPostgres } from '../db/connect';
import type { Actor } from './actor';

/** The table that holds each kind of workflow instance (see migrations). */
export const WORKFLOW_TABLES: Record<WorkflowKind, string> = {
  application: 'applications',
  // A replacement request is a short application: same table, its own workflow id.
  replacement: 'applications',
  case: 'cases',
  badge: 'badges',
};

export interface WorkflowRow {
  id: string;
  workflow_id: string;
  workflow_version: number;
  state: string;
  snapshot: string;
  revision: number;
  [column: string]: unknown;
}

export interface EffectContext {
  trx: Knex.Transaction;
  store: WorkflowStore;
  kind: WorkflowKind;
  row: WorkflowRow;
  snapshot: AnyMachineSnapshot;
  effect: Effect;
  actor: Actor;
  now: string;
}

/** Performs an effect a statechart asked for. It runs inside the transition's transaction. */
export type EffectHandler = (context: EffectContext) => Promise<void>;

export type SendResult =
  | { ok: true; snapshot: AnyMachineSnapshot; row: WorkflowRow }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'forbidden' | 'conflict' | 'outdated' };

export class WorkflowStore {
  private readonly permissions = new Map(
    Object.entries(WORKFLOWS).map(([kind, workflow]) => [kind, eventPermissions(workflow.machine)]),
  );

  constructor(
    readonly db: Knex,
    private readonly effects: Record<string, EffectHandler>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  now(): string {
    return this.clock().toISOString();
  }

  /** Starts a new workflow instance, with its audit row, in the given transaction or a new one. */
  async create(
    kind: WorkflowKind,
    options: {
      id?: string;
      input?: unknown;
      columns?: Record<string, unknown>;
      actor: Actor;
      trx?: Knex.Transaction;
    },
  ): Promise<WorkflowRow> {
    const run = async (trx: Knex.Transaction) => {
      const workflow = WORKFLOWS[kind];
      const { snapshot, effects } = startSnapshot(workflow.machine, options.input);
      const now = this.now();
      const row: WorkflowRow = {
        id: options.id ?? randomUUID(),
        ...options.columns,
        workflow_id: workflow.id,
        workflow_version: workflow.version,
        state: stateName(snapshot.value),
        snapshot: JSON.stringify(persistSnapshot(workflow.machine, snapshot)),
        revision: 1,
        created_at: now,
        updated_at: now,
        closed_at: hasEnded(snapshot) ? now : null,
      };
      await trx(WORKFLOW_TABLES[kind]).insert(row);
      await this.audit(trx, kind, row, 'created', null, row.state, options.actor, undefined, now);
      await this.perform(trx, kind, row, snapshot, effects, options.actor, now);
      return row;
    };
    return options.trx ? run(options.trx) : this.db.transaction(run);
  }

  /** False for an instance saved by another version of its workflow (it cannot be moved on). */
  isCurrentVersion(kind: WorkflowKind, row: WorkflowRow): boolean {
    return row.workflow_version === WORKFLOWS[kind].version;
  }

  async load(
    kind: WorkflowKind,
    id: string,
    trx: Knex | Knex.Transaction = this.db,
  ): Promise<{ row: WorkflowRow; snapshot: AnyMachineSnapshot } | undefined> {
    let query = trx<WorkflowRow>(WORKFLOW_TABLES[kind]).where({ id }).first();
    if (trx !== this.db && isPostgres(this.db)) query = query.forUpdate();
    const row = (await query) as WorkflowRow | undefined;
    if (!row) return undefined;
    const workflow = WORKFLOWS[kind];
    const persisted = JSON.parse(row.snapshot) as PersistedWorkflowSnapshot;
    return { row, snapshot: restoreSnapshot(workflow.machine, persisted) };
  }

  /**
   * Sends events to one instance: the new snapshot, its audit rows and any effects are written in one
   * transaction, or none of them are. Several events (e.g. go back to a page, then answer it) apply together.
   * Staff events are refused unless the actor's role holds the permission the statechart names.
   */
  async send(
    kind: WorkflowKind,
    id: string,
    events: EventObject | EventObject[],
    actor: Actor,
    options: { expectedRevision?: number } = {},
  ): Promise<SendResult> {
    const list = Array.isArray(events) ? events : [events];
    const workflow: WorkflowDefinition = WORKFLOWS[kind];
    const permissions = this.permissions.get(kind)!;
    const keyedWith = workflow.keyedWith;
    const journeyEvents = list.filter((event) => !permissions.has(event.type));
    for (const event of list) {
      const permission = permissions.get(event.type) ?? (actor.type === 'staff' ? keyedWith : undefined);
      const permitted = permission
        ? actor.type === 'staff' && hasPermission(actor.role, permission)
        : actor.type !== 'staff';
      if (!permitted) return { ok: false, reason: 'forbidden' };
    }
    try {
      return await this.db.transaction(async (trx) => {
        const loaded = await this.load(kind, id, trx);
        if (!loaded) return { ok: false, reason: 'not-found' } as const;
        const { row } = loaded;
        if (!this.isCurrentVersion(kind, row)) return { ok: false, reason: 'outdated' } as const;
        // A journey's questions are answered by whoever started it: the resident online, or staff for one
        // they keyed (`keyed_by`). Neither may answer the other's.
        const answeredByOther =
          (actor.type === 'staff' && !row.keyed_by) || (actor.type === 'citizen' && Boolean(row.keyed_by));
        if (keyedWith && journeyEvents.length > 0 && answeredByOther) {
          return { ok: false, reason: 'forbidden' } as const;
        }
        if (options.expectedRevision !== undefined && options.expectedRevision !== row.revision) {
          return { ok: false, reason: 'conflict' } as const;
        }
        const now = this.now();
        let snapshot = loaded.snapshot;
        const steps: Array<{ event: EventObject; from: string; to: string; effects: Effect[] }> = [];
        for (const event of list) {
          const outcome = applyEvent(workflow.machine, snapshot, event);
          if (!outcome.changed) throw new RefusedTransition();
          steps.push({
            event,
            from: stateName(snapshot.value),
            to: stateName(outcome.snapshot.value),
            effects: outcome.effects,
          });
          snapshot = outcome.snapshot;
        }
        const updated: WorkflowRow = {
          ...row,
          state: stateName(snapshot.value),
          snapshot: JSON.stringify(persistSnapshot(workflow.machine, snapshot)),
          revision: row.revision + 1,
          updated_at: now,
          // When the instance reached the end of its process (retention counts from it); cleared if it moves on again.
          closed_at: hasEnded(snapshot) ? (row.closed_at ?? now) : null,
        };
        const count = await trx(WORKFLOW_TABLES[kind]).where({ id, revision: row.revision }).update({
          state: updated.state,
          snapshot: updated.snapshot,
          revision: updated.revision,
          updated_at: now,
          closed_at: updated.closed_at,
        });
        if (count !== 1) throw new ConcurrentChange();
        for (const step of steps) {
          await this.audit(
            trx,
            kind,
            updated,
            step.event.type,
            step.from,
            step.to,
            actor,
            auditDetail(step.event),
            now,
          );
          await this.perform(trx, kind, updated, snapshot, step.effects, actor, now);
        }
        return { ok: true, snapshot, row: updated } as const;
      });
    } catch (error) {
      if (error instanceof RefusedTransition) return { ok: false, reason: 'not-allowed' };
      if (error instanceof ConcurrentChange) return { ok: false, reason: 'conflict' };
      throw error;
    }
  }

  private async perform(
    trx: Knex.Transaction,
    kind: WorkflowKind,
    row: WorkflowRow,
    snapshot: AnyMachineSnapshot,
    effects: Effect[],
    actor: Actor,
    now: string,
  ): Promise<void> {
    for (const effect of effects) {
      const handler = this.effects[effect.type];
      if (!handler) throw new Error(`No handler for effect ${kind}.${effect.type}`);
      await handler({ trx, store: this, kind, row, snapshot, effect, actor, now });
    }
  }

  private async audit(
    trx: Knex.Transaction,
    kind: WorkflowKind,
    row: WorkflowRow,
    event: string,
    from: string | null,
    to: string,
    actor: Actor,
    detail: Record<string, unknown> | undefined,
    at: string,
  ): Promise<void> {
    await trx('audit_events').insert({
      entity_type: kind,
      entity_id: row.id,
      workflow_id: row.workflow_id,
      workflow_version: row.workflow_version,
      event,
      from_state: from,
      to_state: to,
      actor_type: actor.type,
      actor_id: actor.type === 'system' ? null : (actor.id ?? null),
      actor_name: actor.type === 'citizen' ? null : actor.name,
      detail: detail ? JSON.stringify(detail) : null,
      at,
    });
  }
}

class RefusedTransition extends Error {}
class ConcurrentChange extends Error {}

/**
 * What an audit row records about an event. Journey answers stay in the snapshot only (personal data is
 * not copied around); staff decisions are recorded in full, because the audit is their record.
 */
function auditDetail(event: EventObject): Record<string, unknown> | undefined {
  const { type: _type, ...rest } = event as EventObject & Record<string, unknown>;
  if ('answers' in rest) return { page: rest.page };
  return Object.keys(rest).length > 0 ? rest : undefined;
}

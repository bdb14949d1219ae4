import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AnyEventObject as EventObject, AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import {
  ARM_TIMER,
  DISARM_TIMER,
  applyEvent,
  enteringTimers,
  hasEnded,
  persistSnapshot,
  restoreSnapshot,
  startSnapshot,
  stateName,
  type ArmTimerParams,
  type DisarmTimerParams,
  type Effect,
  type PersistedWorkflowSnapshot,
} from '../../workflows/engine/xstate-adapter';
import { migrateSnapshot } from '../../workflows/engine/versions';
import { hasPermission, type Permission } from '../../workflows/permissions';
import { todayInUk } from '../../workflows/rules/dates';
import {
  WORKFLOWS,
  eventPermissions,
  machineOf,
  type WorkflowKind,
  type WorkflowRegistry,
} from '../../workflows/registry';
import { isPostgres } from '../db/connect';
import { directSqlite, type DirectSqlite } from '../db/direct-sqlite';
import { ParameterisedQuery } from '../db/parameterised-query';
import type { Actor } from './actor';
import { armTimer, disarmTimer } from './timers';

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

export type MigrateResult =
  | { ok: true; from: number; to: number; fromState: string; toState: string }
  | { ok: false; reason: 'not-found' | 'ended' | 'refused' | 'conflict'; detail?: string };

export class WorkflowStore {
  /** Each machine's event permissions, read once (every version has its own). */
  private readonly permissions = new WeakMap<AnyStateMachine, Map<string, Permission>>();

  /** On SQLite, reads outside a transaction and effect-free writes run on the connection itself. */
  private readonly direct: DirectSqlite | undefined;

  /** The statements every answer sends, compiled once (app/db/parameterised-query.ts). */
  private readonly queries: InstanceQueries;

  /** `workflows`: the registry to run; tests pass one with a fixture's versions. */
  constructor(
    readonly db: Knex,
    private readonly effects: Record<string, EffectHandler>,
    private readonly clock: () => Date = () => new Date(),
    readonly workflows: WorkflowRegistry = WORKFLOWS,
  ) {
    this.direct = directSqlite(db);
    this.queries = new InstanceQueries(db);
  }

  private permissionsOf(machine: AnyStateMachine): Map<string, Permission> {
    let found = this.permissions.get(machine);
    if (!found) this.permissions.set(machine, (found = eventPermissions(machine)));
    return found;
  }

  /** The machine an instance saved at `version` runs on, or undefined when this kit no longer has it. */
  machineFor(kind: WorkflowKind, version: number): AnyStateMachine | undefined {
    return machineOf(this.workflows[kind], version);
  }

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
      const workflow = this.workflows[kind];
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

  /** False for an instance saved by another version of its workflow (journeys start such a person again). */
  isCurrentVersion(kind: WorkflowKind, row: WorkflowRow): boolean {
    return row.workflow_version === this.workflows[kind].version;
  }

  async load(
    kind: WorkflowKind,
    id: string,
    /** Read within this transaction (locked on PostgreSQL until it ends). */
    trx?: Knex.Transaction,
  ): Promise<{ row: WorkflowRow; snapshot: AnyMachineSnapshot } | undefined> {
    const select = this.queries.select(WORKFLOW_TABLES[kind]);
    let row: WorkflowRow | undefined;
    if (!trx && this.direct) {
      row = (await this.direct.rows<WorkflowRow>(select.toNative({ id })))[0];
    } else {
      let query = select.toKnex({ id });
      if (trx) query = query.transacting(trx);
      if (trx && isPostgres(this.db)) query = query.forUpdate();
      row = (await query) as WorkflowRow | undefined;
    }
    if (!row) return undefined;
    // Restored with the machine of the version it was saved by; one this kit no longer has is read with the
    // current machine (for display only: `send` refuses to move it).
    const machine = this.machineFor(kind, row.workflow_version) ?? this.workflows[kind].machine;
    const persisted = JSON.parse(row.snapshot) as PersistedWorkflowSnapshot;
    return { row, snapshot: restoreSnapshot(machine, persisted) };
  }

  /**
   * Sends events to one instance: the new snapshot, its audit rows and any effects are written in one
   * transaction, or none of them are. Several events (e.g. go back to a page, then answer it) apply together.
   * Staff events are refused unless the actor's role holds the permission the statechart names.
   *
   * `loaded`: the instance as the caller has just read it (a page it served from that copy). The events
   * are judged on it without reading it again, and the update only lands if the revision is still the one
   * read (optimistic locking). If another request moved the instance on in between, or the copy refuses
   * the events, the instance is read again (locked, on PostgreSQL) and the events judged on it, as if no
   * copy had been given. On SQLite, events with no effects (a journey's answers) are then written straight
   * on the connection (app/db/direct-sqlite.ts): the same two statements, without knex's transaction.
   */
  async send(
    kind: WorkflowKind,
    id: string,
    events: EventObject | EventObject[],
    actor: Actor,
    /** `trx`: within a transaction already open (a timer's job), as a savepoint of it. */
    options: {
      expectedRevision?: number;
      trx?: Knex.Transaction;
      loaded?: { row: WorkflowRow; snapshot: AnyMachineSnapshot };
    } = {},
  ): Promise<SendResult> {
    const list = Array.isArray(events) ? events : [events];
    const copy = options.loaded?.row.id === id ? options.loaded : undefined;
    const planned = copy ? this.planOnCopy(kind, copy, list, actor, options.expectedRevision) : undefined;
    // Never inside a transaction already open: it holds SQLite's only connection.
    const direct =
      planned && !options.trx && planned.steps.every((step) => step.effects.length === 0)
        ? this.direct
        : undefined;
    if (planned && direct) {
      const written = await direct.atomically((run) => {
        const { row, updated } = planned;
        const update = this.queries.update(WORKFLOW_TABLES[kind], row, updated);
        if (run.changes(update.query.toNative(update.values)) !== 1) return STALE;
        // One row at a time: a prepared insert costs less than compiling one for each number of rows.
        for (const step of planned.steps) {
          run.changes(this.queries.audit.toNative(this.stepAudit(kind, updated, step, actor)));
        }
        return { ok: true, snapshot: planned.snapshot, row: updated } as const;
      });
      if (written !== STALE) return written;
    }
    const within = options.trx
      ? options.trx.transaction.bind(options.trx)
      : this.db.transaction.bind(this.db);
    try {
      return await within(async (trx: Knex.Transaction) => {
        if (planned && !direct) {
          const written = await this.write(trx, kind, planned, actor);
          if (written !== STALE) return written;
        }
        const loaded = await this.load(kind, id, trx);
        if (!loaded) return { ok: false, reason: 'not-found' } as const;
        const plan = this.plan(kind, loaded, list, actor, options.expectedRevision);
        if (!('updated' in plan)) return plan;
        const written = await this.write(trx, kind, plan, actor);
        return written === STALE ? CONFLICT : written;
      });
    } catch (error) {
      if (error instanceof RefusedTransition) return { ok: false, reason: 'not-allowed' };
      throw error;
    }
  }

  /** `plan` on the caller's copy; undefined when the copy refuses: the instance as it is then decides. */
  private planOnCopy(
    kind: WorkflowKind,
    copy: { row: WorkflowRow; snapshot: AnyMachineSnapshot },
    list: EventObject[],
    actor: Actor,
    expectedRevision: number | undefined,
  ): Plan | undefined {
    try {
      const plan = this.plan(kind, copy, list, actor, expectedRevision);
      return 'updated' in plan ? plan : undefined;
    } catch (error) {
      if (error instanceof RefusedTransition) return undefined;
      throw error;
    }
  }

  /**
   * What sending the events to this copy of the instance would do, written nowhere: the refusal, or the
   * updated row and each step's audit and effects. Throws RefusedTransition when a state takes no such event.
   */
  private plan(
    kind: WorkflowKind,
    loaded: { row: WorkflowRow; snapshot: AnyMachineSnapshot },
    list: EventObject[],
    actor: Actor,
    expectedRevision: number | undefined,
  ): Plan | SendResult {
    const { row } = loaded;
    const keyedWith = this.workflows[kind].keyedWith;
    const machine = this.machineFor(kind, row.workflow_version);
    if (!machine) return { ok: false, reason: 'outdated' } as const;
    const permissions = this.permissionsOf(machine);
    // Judged against the machine of the instance's own version (an event may need another permission there).
    const refused = list.some((event) => {
      const permission = permissions.get(event.type) ?? (actor.type === 'staff' ? keyedWith : undefined);
      return permission
        ? !(actor.type === 'staff' && hasPermission(actor.role, permission))
        : actor.type === 'staff';
    });
    if (refused) return { ok: false, reason: 'forbidden' } as const;
    const journeyEvents = list.filter((event) => !permissions.has(event.type));
    // A journey's questions are answered by whoever started it: the resident online, or staff for one
    // they keyed (`keyed_by`). Neither may answer the other's.
    const answeredByOther =
      (actor.type === 'staff' && !row.keyed_by) || (actor.type === 'citizen' && Boolean(row.keyed_by));
    if (keyedWith && journeyEvents.length > 0 && answeredByOther) {
      return { ok: false, reason: 'forbidden' } as const;
    }
    if (expectedRevision !== undefined && expectedRevision !== row.revision) return CONFLICT;
    const now = this.now();
    let snapshot = loaded.snapshot;
    const steps: PlannedStep[] = [];
    for (const event of list) {
      const outcome = applyEvent(machine, snapshot, event);
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
      snapshot: JSON.stringify(persistSnapshot(machine, snapshot)),
      revision: row.revision + 1,
      updated_at: now,
      // When the instance reached the end of its process (retention counts from it); cleared if it moves on again.
      closed_at: hasEnded(snapshot) ? (row.closed_at ?? now) : null,
    };
    return { row, updated, snapshot, steps };
  }

  private stepAudit(kind: WorkflowKind, updated: WorkflowRow, step: PlannedStep, actor: Actor): AuditRow {
    const at = String(updated.updated_at);
    return auditRow(kind, updated, step.event.type, step.from, step.to, actor, auditDetail(step.event), at);
  }

  /** Writes a plan in the transaction; STALE when the stored row is no longer the plan's revision. */
  private async write(
    trx: Knex.Transaction,
    kind: WorkflowKind,
    plan: Plan,
    actor: Actor,
  ): Promise<SendResult | typeof STALE> {
    const { row, updated, snapshot } = plan;
    const update = this.queries.update(WORKFLOW_TABLES[kind], row, updated);
    const count = await update.query.toKnex(update.values).transacting(trx);
    if (count !== 1) return STALE;
    // Audit rows go in one insert, up to the first step with effects: those run after their step's row,
    // and may write audit rows of their own, which must follow it.
    let unwritten: AuditRow[] = [];
    for (const step of plan.steps) {
      unwritten.push(this.stepAudit(kind, updated, step, actor));
      if (step.effects.length === 0) continue;
      await trx('audit_events').insert(unwritten);
      unwritten = [];
      await this.perform(trx, kind, updated, snapshot, step.effects, actor, String(updated.updated_at));
    }
    if (unwritten.length > 0) await trx('audit_events').insert(unwritten);
    return { ok: true, snapshot, row: updated } as const;
  }

  /**
   * Moves one open instance to version `to` with the workflow's migrations, in its own transaction with a
   * `MIGRATED` audit row (from/to version in its detail) and the timers entering its new state arms (its
   * `after` transitions, armed as `send` arms them). `dryRun` checks it and writes nothing.
   */
  async migrate(
    kind: WorkflowKind,
    id: string,
    to: number,
    actor: Actor,
    options: { dryRun?: boolean } = {},
  ): Promise<MigrateResult> {
    const workflow = this.workflows[kind];
    return this.db.transaction(async (trx) => {
      let query = trx<WorkflowRow>(WORKFLOW_TABLES[kind]).where({ id }).first();
      if (isPostgres(this.db)) query = query.forUpdate();
      const row = (await query) as WorkflowRow | undefined;
      if (!row) return { ok: false, reason: 'not-found' } as const;
      const persisted = JSON.parse(row.snapshot) as PersistedWorkflowSnapshot;
      const machine = this.machineFor(kind, row.workflow_version);
      if (!machine)
        return {
          ok: false,
          reason: 'refused',
          detail: `version ${row.workflow_version} is unknown`,
        } as const;
      if (hasEnded(restoreSnapshot(machine, persisted))) return { ok: false, reason: 'ended' } as const;
      const now = this.now();
      const moment = { today: todayInUk(new Date(now)) };
      const outcome = migrateSnapshot(
        persisted,
        row.workflow_version,
        to,
        workflow.migrations ?? [],
        (v) => this.machineFor(kind, v),
        moment,
      );
      if (!outcome.ok) return { ok: false, reason: 'refused', detail: outcome.reason } as const;
      const fromState = row.state;
      const toState = stateName(outcome.snapshot.value);
      const result = { ok: true, from: row.workflow_version, to, fromState, toState } as const;
      if (options.dryRun) return result;
      const updated: WorkflowRow = {
        ...row,
        workflow_version: to,
        state: toState,
        snapshot: JSON.stringify(outcome.snapshot),
        revision: row.revision + 1,
        updated_at: now,
      };
      const count = await trx(WORKFLOW_TABLES[kind]).where({ id, revision: row.revision }).update({
        workflow_version: to,
        state: toState,
        snapshot: updated.snapshot,
        revision: updated.revision,
        updated_at: now,
      });
      if (count !== 1) return { ok: false, reason: 'conflict' } as const;
      const detail = { fromVersion: row.workflow_version, toVersion: to };
      await this.audit(trx, kind, updated, 'MIGRATED', fromState, toState, actor, detail, now);
      // No transition brought it into its new state, so nothing armed that state's timers: arm them here.
      const target = this.machineFor(kind, to)!;
      const snapshot = restoreSnapshot(target, outcome.snapshot);
      await this.perform(trx, kind, updated, snapshot, enteringTimers(target, snapshot), actor, now);
      return result;
    });
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
      const at = { kind, instanceId: row.id, revision: row.revision, now };
      if (effect.type === ARM_TIMER) {
        await armTimer(trx, at, effect.params as ArmTimerParams);
        continue;
      }
      if (effect.type === DISARM_TIMER) {
        await disarmTimer(trx, at, effect.params as DisarmTimerParams);
        continue;
      }
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
    await trx('audit_events').insert(auditRow(kind, row, event, from, to, actor, detail, at));
  }
}

type AuditRow = ReturnType<typeof auditRow>;

interface UpdateValues extends Record<string, unknown> {
  id: string;
  revision: number;
  state: string;
  snapshot: string;
  next_revision: number;
  updated_at: unknown;
  closed_at: unknown;
}

/** The reads and writes of `load` and `send`, per table, each written once for knex and for SQLite. */
class InstanceQueries {
  private readonly selects = new Map<string, ParameterisedQuery<{ id: string }>>();
  private readonly updates = new Map<string, ParameterisedQuery<UpdateValues>>();
  readonly audit: ParameterisedQuery<AuditRow>;

  constructor(private readonly db: Knex) {
    // The columns of a row auditRow makes, so a column added there is written here too.
    const sample = auditRow(
      'case',
      { id: '' } as WorkflowRow,
      '',
      null,
      '',
      { type: 'system', name: '' },
      undefined,
      '',
    );
    const columns = Object.keys(sample) as Array<keyof AuditRow & string>;
    this.audit = new ParameterisedQuery((v) =>
      db('audit_events').insert(Object.fromEntries(columns.map((column) => [column, v(column)]))),
    );
  }

  select(table: string): ParameterisedQuery<{ id: string }> {
    let query = this.selects.get(table);
    if (!query)
      this.selects.set(
        table,
        (query = new ParameterisedQuery((v) =>
          this.db(table)
            .where({ id: v('id') })
            .first(),
        )),
      );
    return query;
  }

  /** The update that lands only on the revision the plan was made from (optimistic locking). */
  update(table: string, row: WorkflowRow, updated: WorkflowRow) {
    // closed_at is set only when it changes: it is indexed, and an index is rewritten for every column set.
    const setsClosedAt = updated.closed_at !== row.closed_at;
    const key = `${table} ${setsClosedAt}`;
    let query = this.updates.get(key);
    if (!query) {
      query = new ParameterisedQuery((v) =>
        this.db(table)
          .where({ id: v('id'), revision: v('revision') })
          .update({
            state: v('state'),
            snapshot: v('snapshot'),
            revision: v('next_revision'),
            updated_at: v('updated_at'),
            ...(setsClosedAt ? { closed_at: v('closed_at') } : {}),
          }),
      );
      this.updates.set(key, query);
    }
    const values: UpdateValues = {
      id: row.id,
      revision: row.revision,
      state: updated.state,
      snapshot: updated.snapshot,
      next_revision: updated.revision,
      updated_at: updated.updated_at,
      closed_at: updated.closed_at,
    };
    return { query, values };
  }
}

/** One `audit_events` row: who moved which instance from where to where, and when. */
function auditRow(
  kind: WorkflowKind,
  row: WorkflowRow,
  event: string,
  from: string | null,
  to: string,
  actor: Actor,
  detail: Record<string, unknown> | undefined,
  at: string,
) {
  return {
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
  };
}

/** `write`'s answer when the stored instance has moved on from the copy its plan was made from. */
const STALE = Symbol('stale');

interface PlannedStep {
  event: EventObject;
  from: string;
  to: string;
  effects: Effect[];
}

/** Sending events to one copy of an instance, worked out and not yet written (WorkflowStore.plan). */
interface Plan {
  row: WorkflowRow;
  updated: WorkflowRow;
  snapshot: AnyMachineSnapshot;
  steps: PlannedStep[];
}
const CONFLICT = { ok: false, reason: 'conflict' } as const;

class RefusedTransition extends Error {}

/**
 * What an audit row records about an event. Journey answers stay in the snapshot only (personal data is
 * not copied around); staff decisions are recorded in full, because the audit is their record.
 */
function auditDetail(event: EventObject): Record<string, unknown> | undefined {
  const { type: _type, ...rest } = event as EventObject & Record<string, unknown>;
  if ('answers' in rest) return { page: rest.page };
  return Object.keys(rest).length > 0 ? rest : undefined;
}

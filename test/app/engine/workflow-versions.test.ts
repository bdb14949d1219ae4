import type { Knex } from 'knex';
import { createMachine, type AnyEventObject, type AnyStateMachine } from 'xstate';
import { describeMigration, migrateOpenInstances } from '../../../app/engine/migrate-workflow';
import { WORKFLOW_TIMER_JOB } from '../../../app/engine/timers';
import { WORKFLOW_TABLES, WorkflowStore } from '../../../app/engine/workflow-store';
import { createEffects } from '../../../app/services/effects';
import { PERSONAS, personaEvents } from '../../../workflows/application/personas';
import { badgeEventForms } from '../../../workflows/badge/forms';
import { badgeMachineV1 } from '../../../workflows/badge/versions/v1';
import { caseEventForms } from '../../../workflows/case/forms';
import type { StaffEventForm } from '../../../workflows/forms/staff-events';
import type { CaseContext } from '../../../workflows/case/machine';
import { mapStates } from '../../../workflows/engine/versions';
import {
  listenedEvents,
  persistSnapshot,
  restoreSnapshot,
  type PersistedWorkflowSnapshot,
} from '../../../workflows/engine/xstate-adapter';
import { WORKFLOWS, machineOf, type WorkflowKind, type WorkflowRegistry } from '../../../workflows/registry';
import { REGISTRY_WITH_CASE_V2 } from '../../fixtures/workflows/case-v2';
import { countRows, migratedDatabase } from '../../helpers/database';
import { formAnswers } from '../../helpers/staff-forms';

const TODAY = '2026-12-04';
const DAY_MS = 24 * 60 * 60 * 1000;
const manager = {
  type: 'staff',
  id: '00000000-0000-0000-0000-000000000009',
  name: 'Manager',
  role: 'administrator',
} as const;

/** The same registry as it was when `kind` was at `version` (instances are created on that version). */
function atVersion(registry: WorkflowRegistry, kind: WorkflowKind, version: number): WorkflowRegistry {
  const workflow = registry[kind];
  return { ...registry, [kind]: { ...workflow, version, machine: machineOf(workflow, version)! } };
}

/** Every resting state a person can be in: atomic, not final, not passed through at once (`always`). */
function openStates(machine: AnyStateMachine): string[] {
  interface Node {
    path: string[];
    type: string;
    always?: unknown[];
    states: Record<string, Node>;
  }
  const found: string[] = [];
  const visit = (node: Node) => {
    const children = Object.values(node.states);
    if (children.length === 0 && node.type !== 'final' && !(node.always && node.always.length > 0)) {
      found.push(node.path.join('.'));
    }
    children.forEach(visit);
  };
  visit(machine.root as unknown as Node);
  return found;
}

/**
 * The events an officer could send of this type: made by the kit's staff forms that apply to the case (its
 * defaults and samples), or with the fields the forms send for an event no form makes. The store judges
 * them as it would a real one.
 */
function sampleEvents(type: string, context: CaseContext, kind: WorkflowKind = 'case'): AnyEventObject[] {
  const kindForms = (kind === 'badge' ? badgeEventForms : caseEventForms) as StaffEventForm<CaseContext>[];
  const forms = kindForms.filter((form) => form.event === type && (form.appliesTo?.(context) ?? true));
  if (forms.length > 0) return forms.map((form) => form.toEvent(formAnswers(form, context, TODAY), TODAY));
  return [{ type, today: TODAY, reason: 'Test reason', reasons: ['NOT_ELIGIBLE'], startDate: TODAY }];
}

describe('workflow versions: each instance moves on the machine of the version it started on', () => {
  let db: Knex;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await migratedDatabase({ id: 'c', name: 'C', nation: 'england' }));
  });
  afterEach(() => close());

  let sent = 0;
  /** A case made the real way: a persona's application sent through the store. */
  async function sentCase(store: WorkflowStore): Promise<string> {
    sent++;
    const reference = `BB-TEST-${String(sent).padStart(4, '0')}`;
    const app = await store.create('application', {
      input: { nation: 'england' },
      columns: { reference, council_id: 'c' },
      actor: { type: 'citizen' },
    });
    const result = await store.send('application', app.id, personaEvents(PERSONAS[0]) as AnyEventObject[], {
      type: 'citizen',
      id: app.id,
    });
    expect(result.ok).toBe(true);
    return (await db('cases').where({ reference }).first('id')).id;
  }

  let badges = 0;
  /** An instance of `kind` made the real way: a case from a sent application, a badge ordered for one. */
  async function instanceOf(store: WorkflowStore, kind: WorkflowKind): Promise<string> {
    const caseId = await sentCase(store);
    if (kind === 'case') return caseId;
    expect(kind).toBe('badge'); // teach instanceOf another kind first
    badges++;
    const badgeNumber = `T${String(badges).padStart(5, '0')}`;
    const expiryDate = `${Number(TODAY.slice(0, 4)) + 2}${TODAY.slice(4)}`;
    const created = await store.create('badge', {
      input: {
        badgeNumber,
        caseReference: (await db('cases').where({ id: caseId }).first('reference')).reference,
        eligibilityCode: 'PIP',
        startDate: TODAY,
        expiryDate,
      },
      columns: {
        badge_number: badgeNumber,
        case_id: caseId,
        council_id: 'c',
        eligibility_code: 'PIP',
        start_date: TODAY,
        expiry_date: expiryDate,
      },
      actor: manager,
    });
    return created.id;
  }

  /** Puts an instance in `state` of its own version's machine, keeping its context. */
  async function placeIn(store: WorkflowStore, kind: WorkflowKind, id: string, state: string) {
    const loaded = (await store.load(kind, id))!;
    const machine = store.machineFor(kind, loaded.row.workflow_version)!;
    const value = state
      .split('.')
      .reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
    const snapshot = restoreSnapshot(machine, {
      value: value as PersistedWorkflowSnapshot['value'],
      context: loaded.snapshot.context,
      status: 'active',
    });
    await db(WORKFLOW_TABLES[kind])
      .where({ id })
      .update({ state, snapshot: JSON.stringify(persistSnapshot(machine, snapshot)) });
  }

  it('keeps a version 1 case on version 1 after version 2 is deployed, and starts new cases on version 2', async () => {
    const oldCase = await sentCase(
      new WorkflowStore(db, createEffects(), undefined, atVersion(REGISTRY_WITH_CASE_V2, 'case', 1)),
    );
    const deployed = new WorkflowStore(db, createEffects(), undefined, REGISTRY_WITH_CASE_V2);
    const newCase = await sentCase(deployed);

    expect(
      await deployed.send('case', oldCase, { type: 'START_ASSESSMENT', today: TODAY }, manager),
    ).toMatchObject({ ok: true });
    // Still on version 1's machine: `assessing` is a plain state there, and REFUSE is taken from it.
    const oldRow = await db('cases').where({ id: oldCase }).first();
    expect([oldRow.workflow_version, oldRow.state]).toEqual([1, 'assessing']);
    const refused = await deployed.send(
      'case',
      oldCase,
      { type: 'REFUSE', reason: 'No evidence', today: TODAY },
      manager,
    );
    expect(refused).toMatchObject({ ok: true });
    expect((await db('cases').where({ id: oldCase }).first()).state).toBe('decided.refused');

    await deployed.send('case', newCase, { type: 'START_ASSESSMENT', today: TODAY }, manager);
    const newRow = await db('cases').where({ id: newCase }).first();
    expect([newRow.workflow_version, newRow.state]).toEqual([2, 'assessing.checkingEvidence']);
    expect(await deployed.send('case', newCase, { type: 'APPROVE', today: TODAY }, manager)).toEqual({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('refuses to move an instance whose version the kit no longer has', async () => {
    const store = new WorkflowStore(db, createEffects(), undefined, REGISTRY_WITH_CASE_V2);
    const id = await sentCase(store);
    await db('cases').where({ id }).update({ workflow_version: 0 });
    expect(await store.send('case', id, { type: 'START_ASSESSMENT', today: TODAY }, manager)).toEqual({
      ok: false,
      reason: 'outdated',
    });
  });

  it('migrates open version 1 cases one by one with an audit row, leaves ended ones, and a dry run changes nothing', async () => {
    const v1 = new WorkflowStore(db, createEffects(), undefined, atVersion(REGISTRY_WITH_CASE_V2, 'case', 1));
    const waiting = await sentCase(v1);
    const assessing = await sentCase(v1);
    await v1.send('case', assessing, { type: 'START_ASSESSMENT', today: TODAY }, manager);
    const ended = await sentCase(v1);
    await v1.send('case', ended, { type: 'START_ASSESSMENT', today: TODAY }, manager);
    await v1.send('case', ended, { type: 'REFUSE', reason: 'No evidence', today: TODAY }, manager);
    const deployed = new WorkflowStore(db, createEffects(), undefined, REGISTRY_WITH_CASE_V2);

    const auditBefore = await countRows(db, 'audit_events');
    const before = await db('cases').orderBy('id').select();
    const dry = await migrateOpenInstances(deployed, 'case', 2, { dryRun: true });
    expect(dry.moved.map((m) => [m.id, m.fromState, m.toState]).sort()).toEqual(
      [
        [waiting, 'submitted', 'submitted'],
        [assessing, 'assessing', 'assessing.checkingEvidence'],
      ].sort(),
    );
    expect(await db('cases').orderBy('id').select()).toEqual(before);
    expect(await countRows(db, 'audit_events')).toBe(auditBefore);
    expect(describeMigration('case', 2, dry, true)).toMatch(/dry run.*would move 2, refused 0, 1 ended/);

    const report = await migrateOpenInstances(deployed, 'case', 2);
    expect(report).toMatchObject({ refused: [], ended: 1 });
    expect(report.moved).toHaveLength(2);
    const rows = Object.fromEntries((await db('cases').select()).map((row) => [row.id, row]));
    expect([rows[waiting].workflow_version, rows[waiting].state, rows[waiting].revision]).toEqual([
      2,
      'submitted',
      2,
    ]);
    expect([rows[assessing].workflow_version, rows[assessing].state]).toEqual([
      2,
      'assessing.checkingEvidence',
    ]);
    expect([rows[ended].workflow_version, rows[ended].state]).toEqual([1, 'decided.refused']);
    const audit = await db('audit_events').where({ entity_id: assessing, event: 'MIGRATED' }).first();
    expect(audit).toMatchObject({
      from_state: 'assessing',
      to_state: 'assessing.checkingEvidence',
      workflow_version: 2,
      actor_type: 'system',
    });
    expect(JSON.parse(audit.detail)).toEqual({ fromVersion: 1, toVersion: 2 });
    // The context came across: the case still knows its reference and answers.
    const moved = (await deployed.load('case', assessing))!;
    expect((moved.snapshot.context as { reference: string }).reference).toBe(rows[assessing].reference);

    expect(
      await deployed.send('case', assessing, { type: 'EVIDENCE_CHECKED', today: TODAY }, manager),
    ).toMatchObject({ ok: true });
    // Nothing left to move the second time.
    expect((await migrateOpenInstances(deployed, 'case', 2)).moved).toEqual([]);
  });

  it('reports an instance the migration cannot map and leaves it exactly as it was', async () => {
    const partial: WorkflowRegistry = {
      ...REGISTRY_WITH_CASE_V2,
      case: {
        ...REGISTRY_WITH_CASE_V2.case,
        migrations: [
          mapStates({ from: 1, description: 'only waiting cases', states: { submitted: 'submitted' } }),
        ],
      },
    };
    const v1 = new WorkflowStore(db, createEffects(), undefined, atVersion(partial, 'case', 1));
    const assessing = await sentCase(v1);
    await v1.send('case', assessing, { type: 'START_ASSESSMENT', today: TODAY }, manager);
    const before = await db('cases').where({ id: assessing }).first();
    const report = await migrateOpenInstances(
      new WorkflowStore(db, createEffects(), undefined, partial),
      'case',
      2,
    );
    expect(report.moved).toEqual([]);
    expect(report.refused).toEqual([
      { id: assessing, from: 1, state: 'assessing', reason: 'no mapping for state assessing' },
    ]);
    expect(await db('cases').where({ id: assessing }).first()).toEqual(before);
    expect(describeMigration('case', 2, report, false)).toContain('refused 1');
  });

  it('arms the timers of the state a migrated instance lands in, and none where that state has none', async () => {
    // Badge version 2 as a fixture: `ordered` has no timer, `issued` has one (the kit's own has both).
    const fixtureBadgeV2 = createMachine({
      id: 'badge',
      context: ({ input }: { input: Record<string, unknown> }) => ({ ...input }),
      initial: 'ordered',
      states: {
        ordered: { on: { ISSUE: { target: 'issued', meta: { permission: 'badge:manage' } } } },
        issued: { after: { [7 * DAY_MS]: 'expired' } },
        expired: { type: 'final' },
      },
    });
    const registry: WorkflowRegistry = {
      ...WORKFLOWS,
      badge: {
        id: 'badge',
        version: 2,
        machine: fixtureBadgeV2,
        earlier: [{ version: 1, machine: badgeMachineV1 }],
        migrations: [
          mapStates({ from: 1, description: 'fixture', states: { ordered: 'ordered', issued: 'issued' } }),
        ],
      },
    };
    const now = new Date(`${TODAY}T10:00:00Z`);
    const v1 = new WorkflowStore(db, createEffects(), () => now, atVersion(registry, 'badge', 1));
    const deployed = new WorkflowStore(db, createEffects(), () => now, registry);
    const ordered = await instanceOf(v1, 'badge');
    const issued = await instanceOf(v1, 'badge');
    await placeIn(v1, 'badge', issued, 'issued');
    const timersOf = (id: string) =>
      db('scheduled_jobs')
        .where({ kind: WORKFLOW_TIMER_JOB })
        .whereLike('unique_key', `timer:badge:${id}:%`)
        .select('due_at', 'payload');

    expect(await deployed.migrate('badge', ordered, 2, manager)).toMatchObject({
      ok: true,
      toState: 'ordered',
    });
    expect(await timersOf(ordered)).toEqual([]);
    expect(await deployed.migrate('badge', issued, 2, manager)).toMatchObject({
      ok: true,
      toState: 'issued',
    });
    const [timer, ...more] = await timersOf(issued);
    expect(more).toEqual([]);
    expect(timer.due_at).toBe(new Date(now.getTime() + 7 * DAY_MS).toISOString());
    // The event `send` would have armed on entering `issued`: it moves the badge on when it fires.
    expect(JSON.parse(timer.payload).event).toEqual({ type: `xstate.after.${7 * DAY_MS}.badge.issued` });

    // The kit's own case migration lands in states with no timer: it arms none.
    const v1Case = await sentCase(
      new WorkflowStore(db, createEffects(), undefined, atVersion(REGISTRY_WITH_CASE_V2, 'case', 1)),
    );
    const caseStore = new WorkflowStore(db, createEffects(), undefined, REGISTRY_WITH_CASE_V2);
    const jobsBefore = await countRows(db, 'scheduled_jobs');
    expect(await caseStore.migrate('case', v1Case, 2, manager)).toMatchObject({ ok: true });
    expect(await countRows(db, 'scheduled_jobs')).toBe(jobsBefore);
  });

  it('refuses a version the workflow does not have', async () => {
    const store = new WorkflowStore(db, createEffects(), undefined, REGISTRY_WITH_CASE_V2);
    await expect(migrateOpenInstances(store, 'case', 7)).rejects.toThrow(
      'case has no version 7 (versions: 1, 2)',
    );
  });

  // Every migration the kit registers (case v1 → v2 once the rewrite lands), and the fixture's.
  const registered = (Object.keys(WORKFLOWS) as WorkflowKind[]).flatMap((kind) =>
    ((WORKFLOWS as WorkflowRegistry)[kind].migrations ?? []).map((migration) => ({
      name: `kit ${kind}`,
      registry: WORKFLOWS as WorkflowRegistry,
      kind,
      migration,
    })),
  );
  const fixtures = (REGISTRY_WITH_CASE_V2.case.migrations ?? []).map((migration) => ({
    name: 'fixture case',
    registry: REGISTRY_WITH_CASE_V2,
    kind: 'case' as WorkflowKind,
    migration,
  }));
  describe.each([...registered, ...fixtures])(
    '$name migration $migration.from → $migration.to',
    ({ registry, kind, migration }) => {
      it('moves an instance in each open state, or refuses it untouched; a moved one takes its next event', async () => {
        const older = new WorkflowStore(
          db,
          createEffects(),
          undefined,
          atVersion(registry, kind, migration.from),
        );
        const newer = new WorkflowStore(
          db,
          createEffects(),
          undefined,
          atVersion(registry, kind, migration.to),
        );
        const states = openStates(older.machineFor(kind, migration.from)!);
        expect(states.length).toBeGreaterThan(0);
        let moved = 0;
        for (const state of states) {
          const id = await instanceOf(older, kind);
          await placeIn(older, kind, id, state);
          const before = await db(WORKFLOW_TABLES[kind]).where({ id }).first();
          const outcome = await newer.migrate(kind, id, migration.to, manager);
          if (!outcome.ok) {
            expect(outcome).toMatchObject({ reason: 'refused', detail: expect.any(String) });
            expect(await db(WORKFLOW_TABLES[kind]).where({ id }).first()).toEqual(before);
            continue;
          }
          moved++;
          const loaded = (await newer.load(kind, id))!;
          expect(loaded.row.workflow_version).toBe(migration.to);
          expect(loaded.snapshot.status).toBe('active');
          const next = listenedEvents(loaded.snapshot);
          let accepted = false;
          const events = next.flatMap((type) =>
            sampleEvents(type, loaded.snapshot.context as CaseContext, kind),
          );
          for (const event of events) {
            if ((await newer.send(kind, id, event, manager)).ok) {
              accepted = true;
              break;
            }
          }
          expect({ state, to: loaded.row.state, accepted }).toEqual({
            state,
            to: loaded.row.state,
            accepted: true,
          });
        }
        expect(moved).toBeGreaterThan(0);
      });
    },
  );
});

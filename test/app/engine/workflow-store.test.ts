import { connectDatabase } from '../../../app/db/connect';
import { migrateToLatest } from '../../../app/db/migrate';
import { WorkflowStore } from '../../../app/engine/workflow-store';
import { allocateBadgeNumber, createEffects } from '../../../app/services/effects';
import { ensureCouncil } from '../../../app/services/councils';
import type { Knex } from 'knex';
import { countRows, freshDatabase } from '../../helpers/database';
import { PERSONAS, personaEvents } from '../../../workflows/application/personas';
import type { EventObject } from 'xstate';
import { addYears, todayInUk } from '../../../workflows/rules/dates';
import { assessedEvents } from '../../helpers/case';

const staff = (role: 'assessor' | 'read-only' | 'decision-maker') =>
  ({ type: 'staff', id: '00000000-0000-0000-0000-000000000001', name: 'Officer', role }) as const;

describe('the workflow store: snapshot and audit in one transaction', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    db = connectDatabase(database.url);
    await migrateToLatest(db);
    await ensureCouncil(db, { id: 'c', name: 'C', nation: 'england' });
  });
  afterEach(async () => {
    await db.destroy();
    await drop();
  });

  async function sentCase(store: WorkflowStore): Promise<string> {
    const app = await store.create('application', {
      input: { nation: 'england' },
      columns: { reference: 'BB-TEST-0001', council_id: 'c' },
      actor: { type: 'citizen' },
    });
    const sent = await store.send('application', app.id, personaEvents(PERSONAS[0]) as EventObject[], {
      type: 'citizen',
      id: app.id,
    });
    expect(sent.ok).toBe(true);
    return (await db('cases').first('id')).id;
  }

  it('writes one audit row per event, with who, from and to', async () => {
    const store = new WorkflowStore(db, createEffects());
    const caseId = await sentCase(store);
    const result = await store.send(
      'case',
      caseId,
      { type: 'START_ASSESSMENT', today: '2026-12-04' },
      staff('assessor'),
    );
    expect(result.ok).toBe(true);
    const audit = await db('audit_events').where({ entity_id: caseId }).orderBy('id');
    expect(audit.map((a) => [a.event, a.from_state, a.to_state, a.actor_type, a.actor_name])).toEqual([
      ['created', null, 'submitted', 'citizen', null],
      ['START_ASSESSMENT', 'submitted', 'assessing.checkingEvidence', 'staff', 'Officer'],
    ]);
  });

  it('keeps answers out of audit rows', async () => {
    const store = new WorkflowStore(db, createEffects());
    await sentCase(store);
    const details = (await db('audit_events').whereNotNull('detail').select('detail')).map((row) =>
      String(row.detail),
    );
    expect(details.join(' ')).not.toContain('Margaret Jones');
    expect(details).toContain(JSON.stringify({ page: 'fullName' }));
  });

  it('refuses an event the role may not send, and an event the state does not allow', async () => {
    const store = new WorkflowStore(db, createEffects());
    const caseId = await sentCase(store);
    expect(
      await store.send('case', caseId, { type: 'START_ASSESSMENT', today: '2026-12-04' }, staff('read-only')),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(
      await store.send(
        'case',
        caseId,
        { type: 'START_ASSESSMENT', today: '2026-12-04' },
        { type: 'citizen' },
      ),
    ).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(
      await store.send(
        'case',
        caseId,
        { type: 'REFUSE', reason: 'x', today: '2026-12-04' },
        staff('decision-maker'),
      ),
    ).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    expect((await db('cases').first()).state).toBe('submitted');
  });

  it('refuses a change made from an out-of-date revision (two officers at once)', async () => {
    const store = new WorkflowStore(db, createEffects());
    const caseId = await sentCase(store);
    const { revision } = await db('cases').where({ id: caseId }).first('revision');
    const first = await store.send(
      'case',
      caseId,
      { type: 'START_ASSESSMENT', today: '2026-12-04' },
      staff('assessor'),
      {
        expectedRevision: revision,
      },
    );
    expect(first.ok).toBe(true);
    const second = await store.send(
      'case',
      caseId,
      { type: 'WITHDRAW', today: '2026-12-04' },
      staff('decision-maker'),
      { expectedRevision: revision },
    );
    expect(second).toEqual({ ok: false, reason: 'conflict' });
    expect((await db('cases').where({ id: caseId }).first()).state).toBe('assessing.checkingEvidence');
  });

  describe("with the caller's copy of the instance (a page served from it)", () => {
    it('judges the events on the copy without reading the instance again, and writes both steps', async () => {
      const store = new WorkflowStore(db, createEffects());
      const caseId = await sentCase(store);
      const loaded = (await store.load('case', caseId))!;
      const reads = jest.spyOn(store, 'load');
      const result = await store.send(
        'case',
        caseId,
        [
          { type: 'START_ASSESSMENT', today: '2026-12-04' },
          { type: 'WITHDRAW', today: '2026-12-04' },
        ],
        staff('decision-maker'),
        { loaded },
      );
      expect(result).toMatchObject({
        ok: true,
        row: { revision: loaded.row.revision + 1, state: 'withdrawn' },
      });
      expect(reads).not.toHaveBeenCalled();
      const stored = await db('cases').where({ id: caseId }).first();
      expect(stored).toMatchObject({ state: 'withdrawn', revision: loaded.row.revision + 1 });
      const audit = await db('audit_events').where({ entity_id: caseId }).orderBy('id');
      expect(audit.map((a) => [a.event, a.from_state, a.to_state, a.actor_name])).toEqual([
        ['created', null, 'submitted', null],
        ['START_ASSESSMENT', 'submitted', 'assessing.checkingEvidence', 'Officer'],
        ['WITHDRAW', 'assessing.checkingEvidence', 'withdrawn', 'Officer'],
      ]);
    });

    it('writes nothing when the audit insert fails after the update (one transaction)', async () => {
      const store = new WorkflowStore(db, createEffects());
      const caseId = await sentCase(store);
      const loaded = (await store.load('case', caseId))!;
      const before = await db('cases').where({ id: caseId }).first();
      // The audit trail's table out of reach: the update before the insert must be undone with it.
      await db.schema.renameTable('audit_events', 'audit_events_away');
      try {
        await expect(
          store.send('case', caseId, { type: 'START_ASSESSMENT', today: '2026-12-04' }, staff('assessor'), {
            loaded,
          }),
        ).rejects.toHaveProperty('message', expect.stringMatching(/audit_events/));
      } finally {
        await db.schema.renameTable('audit_events_away', 'audit_events');
      }
      expect(await db('cases').where({ id: caseId }).first()).toEqual(before);
      expect(await countRows(db, 'audit_events', { entity_id: caseId })).toBe(1);
    });

    it('reads the instance again and judges the events on it when the copy is out of date', async () => {
      const store = new WorkflowStore(db, createEffects());
      const caseId = await sentCase(store);
      const stale = (await store.load('case', caseId))!;
      const moved = await store.send(
        'case',
        caseId,
        { type: 'START_ASSESSMENT', today: '2026-12-04' },
        staff('assessor'),
      );
      expect(moved.ok).toBe(true);
      // On the stale copy START_ASSESSMENT could be sent again; on the instance as it is, it cannot.
      expect(
        await store.send(
          'case',
          caseId,
          { type: 'START_ASSESSMENT', today: '2026-12-04' },
          staff('assessor'),
          {
            loaded: stale,
          },
        ),
      ).toEqual({ ok: false, reason: 'not-allowed' });
      const withdrawn = await store.send(
        'case',
        caseId,
        { type: 'WITHDRAW', today: '2026-12-04' },
        staff('decision-maker'),
        {
          loaded: stale,
        },
      );
      expect(withdrawn).toMatchObject({ ok: true, row: { revision: stale.row.revision + 2 } });
      const audit = await db('audit_events').where({ entity_id: caseId }).orderBy('id');
      expect(audit.map((a) => [a.event, a.from_state])).toEqual([
        ['created', null],
        ['START_ASSESSMENT', 'submitted'],
        ['WITHDRAW', 'assessing.checkingEvidence'],
      ]);
    });

    it('refuses an out-of-date copy when the caller named the revision it expects', async () => {
      const store = new WorkflowStore(db, createEffects());
      const caseId = await sentCase(store);
      const stale = (await store.load('case', caseId))!;
      await store.send('case', caseId, { type: 'START_ASSESSMENT', today: '2026-12-04' }, staff('assessor'));
      expect(
        await store.send('case', caseId, { type: 'WITHDRAW', today: '2026-12-04' }, staff('decision-maker'), {
          loaded: stale,
          expectedRevision: stale.row.revision,
        }),
      ).toEqual({ ok: false, reason: 'conflict' });
      expect((await db('cases').where({ id: caseId }).first()).state).toBe('assessing.checkingEvidence');
    });

    it('keeps audit rows in order around an effect that writes its own (the application sent becomes a case)', async () => {
      const store = new WorkflowStore(db, createEffects());
      const app = await store.create('application', {
        input: { nation: 'england' },
        columns: { reference: 'BB-TEST-0002', council_id: 'c' },
        actor: { type: 'citizen' },
      });
      const loaded = (await store.load('application', app.id))!;
      const sent = await store.send(
        'application',
        app.id,
        personaEvents(PERSONAS[0]) as EventObject[],
        {
          type: 'citizen',
          id: app.id,
        },
        { loaded },
      );
      expect(sent.ok).toBe(true);
      const caseId = (await db('cases').first('id')).id;
      const rows = await db('audit_events').orderBy('id').select('entity_type', 'entity_id', 'event');
      const caseCreated = rows.findIndex((row) => row.entity_id === caseId && row.event === 'created');
      const lastApplicationRow = rows.map((row) => row.entity_type).lastIndexOf('application');
      // The case's "created" row follows the application's row for the event that sent it, and nothing of
      // the application's comes after it.
      expect(rows[caseCreated - 1]).toMatchObject({ entity_type: 'application', entity_id: app.id });
      expect(lastApplicationRow).toBe(caseCreated - 1);
    });
  });

  it('undoes the transition and its audit row when an effect fails', async () => {
    const effects = createEffects();
    const store = new WorkflowStore(db, {
      ...effects,
      // Takes a badge number first, so the test shows that is undone too.
      orderBadge: async ({ trx }) => {
        await allocateBadgeNumber(trx);
        throw new Error('printer on fire');
      },
    });
    const caseId = await sentCase(store);
    const today = todayInUk();
    await store.send('case', caseId, assessedEvents(today), staff('assessor'));
    const auditBefore = await countRows(db, 'audit_events');
    await expect(
      store.send(
        'case',
        caseId,
        {
          type: 'APPROVE',
          startDate: today,
          expiryDate: addYears(today, 1),
          today,
        },
        staff('decision-maker'),
      ),
    ).rejects.toThrow('printer on fire');
    expect((await db('cases').where({ id: caseId }).first()).state).toBe('deciding');
    expect(await countRows(db, 'audit_events')).toEqual(auditBefore);
    expect(await countRows(db, 'badges')).toBe(0);
    expect((await db('badge_number_sequence').first()).next_value).toBe(63_999_999);
  });

  it('refuses to move an instance saved by another version of its workflow', async () => {
    const store = new WorkflowStore(db, createEffects());
    const caseId = await sentCase(store);
    await db('cases').where({ id: caseId }).update({ workflow_version: 0 });
    expect(
      await store.send('case', caseId, { type: 'START_ASSESSMENT', today: '2026-12-04' }, staff('assessor')),
    ).toEqual({
      ok: false,
      reason: 'outdated',
    });
  });
});

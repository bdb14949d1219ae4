import type { KitApp } from '../../../app/app';
import { backfillClosedAt } from '../../../migrations/20261204-060-workflow-closed-at';
import { badgeMachine } from '../../../workflows/badge/machine';
import { caseMachine } from '../../../workflows/case/machine';
import { hasEnded, restoreSnapshot } from '../../../workflows/engine/xstate-adapter';
import { PERSONAS } from '../../../workflows/application/personas';
import { addYears, todayInUk } from '../../../workflows/rules/dates';
import { approveCase, caseRow, decisionMaker, refuseCase } from '../../helpers/data-protection';
import { sendApplication } from '../../helpers/journey';
import { Browser, buildTestApp } from '../../helpers/test-app';

/**
 * When a workflow instance ends (`closed_at`): read from the statechart (done, only in final states, or
 * resting in a state tagged `ended`, as a refusal a review may reopen), never from state names; set by the workflow store, and back-filled by migration 060 from audit rows.
 */
const at = (machine: typeof caseMachine | typeof badgeMachine, value: unknown) =>
  hasEnded(restoreSnapshot(machine, { value: value as never, context: {}, status: 'active' }));

describe('when a workflow instance has ended', () => {
  it('is when every state it is in is final, nested ones included, or it rests at an end tagged ended', () => {
    expect(at(caseMachine, 'submitted')).toBe(false);
    expect(at(caseMachine, 'assessing')).toBe(false);
    // Refused is not final (a review may reopen it) but tagged 'ended'; under review it is open again.
    expect(at(caseMachine, { decided: 'refused' })).toBe(true);
    expect(at(caseMachine, 'underReview')).toBe(false);
    expect(at(caseMachine, 'badgeOrdered')).toBe(true);
    // A badge with its holder is in force, not ended.
    expect(at(badgeMachine, 'issued')).toBe(false);
  });

  describe('in the database', () => {
    let app: KitApp;
    beforeAll(async () => {
      app = await buildTestApp({ runJobs: false });
    });
    afterAll(() => app.kit.close());

    it('is set by the workflow store when a case ends, and back-filled from the audit rows by the migration', async () => {
      const officer = await decisionMaker(app);
      const refused = await sendApplication(new Browser(app), PERSONAS[0]);
      const approved = await sendApplication(new Browser(app), PERSONAS[0]);
      const open = await sendApplication(new Browser(app), PERSONAS[0]);
      await refuseCase(app, refused, officer);
      await approveCase(app, approved, officer, addYears(todayInUk(), 1));

      const closedAt = async (reference: string) => (await caseRow(app, reference)).closed_at;
      const enteredAt = async (reference: string) =>
        (
          await app.kit
            .db('audit_events')
            .where({ entity_id: (await caseRow(app, reference)).id, entity_type: 'case' })
            .orderBy('id', 'desc')
            .first('at')
        ).at;
      expect(await closedAt(refused)).toBe(await enteredAt(refused));
      expect(await closedAt(approved)).toBe(await enteredAt(approved));
      expect(await closedAt(open)).toBeNull();
      const [badge] = await app.kit.db('badges').select('closed_at');
      expect(badge.closed_at).toBeNull();

      // As before the migration: the column empty. The back-fill finds the same times.
      await app.kit.db('cases').update({ closed_at: null });
      // A later change (a note) must not move the time the case ended.
      await app.kit
        .db('cases')
        .where({ reference: refused })
        .update({ updated_at: '2099-01-01T00:00:00.000Z' });
      await backfillClosedAt(app.kit.db, 'cases');
      expect(await closedAt(refused)).toBe(await enteredAt(refused));
      expect(await closedAt(approved)).toBe(await enteredAt(approved));
      expect(await closedAt(open)).toBeNull();
    });

    it('is cleared when a review reopens a refusal, and set again from when the refusal is upheld', async () => {
      const officer = await decisionMaker(app, 'reviewer@test.gov.uk');
      const reference = await sendApplication(new Browser(app), PERSONAS[0]);
      await refuseCase(app, reference, officer);
      const row = async () => caseRow(app, reference);
      const refusedAt = (await row()).closed_at;
      expect(refusedAt).not.toBeNull();

      const today = todayInUk(new Date(app.kit.store.now()));
      const review = {
        type: 'REQUEST_REVIEW',
        kind: 'reconsideration',
        requestedOn: today,
        inWriting: true,
        today,
      };
      expect((await app.kit.store.send('case', (await row()).id, [review], officer)).ok).toBe(true);
      expect((await row()).state).toBe('underReview');
      expect((await row()).closed_at).toBeNull();

      const upheld = { type: 'DECIDE_REVIEW', outcome: 'upheld', note: 'Looked again', today };
      expect((await app.kit.store.send('case', (await row()).id, [upheld], officer)).ok).toBe(true);
      const lastAudit = await app.kit
        .db('audit_events')
        .where({ entity_id: (await row()).id, entity_type: 'case' })
        .orderBy('id', 'desc')
        .first('at', 'to_state');
      expect(lastAudit.to_state).toBe((await row()).state);
      expect((await row()).closed_at).toBe(lastAudit.at);
    });
  });
});

import type { AnyMachineSnapshot } from 'xstate';
import { inYears } from '../../../workflows/application/personas';
import {
  caseMachine,
  CASE_WORKFLOW,
  type CaseContext,
  type CaseInput,
} from '../../../workflows/case/machine';
import { EVIDENCE_ITEMS } from '../../../workflows/case/records';
import { ASSESSMENT_FACTORS } from '../../../workflows/case/assessment';
import {
  applyEvent,
  ARM_TIMER,
  DISARM_TIMER,
  startSnapshot,
  stateName,
  type ArmTimerParams,
  type Effect,
} from '../../../workflows/engine/xstate-adapter';
import { eventPermissions } from '../../../workflows/registry';
import { addDays, todayInUk } from '../../../workflows/rules/dates';
import { caseInputFor, personaFor } from '../../helpers/case';

const today = todayInUk();
const ANNE = { id: 'officer-anne', name: 'Anne Assessor' };
const DEV = { id: 'officer-dev', name: 'Dev Decider' };
const DAY = 24 * 60 * 60 * 1000;

type Event = { type: string } & Record<string, unknown>;

/** A case, moved on by each event in turn; throws if one is refused. */
class CaseRun {
  snapshot: AnyMachineSnapshot;
  effects: Effect[] = [];
  constructor(input: CaseInput) {
    this.snapshot = startSnapshot(caseMachine, input).snapshot;
  }
  get state() {
    return stateName(this.snapshot.value);
  }
  get context() {
    return this.snapshot.context as CaseContext;
  }
  send(event: Event) {
    const outcome = applyEvent(caseMachine, this.snapshot, event as never);
    if (!outcome.changed) throw new Error(`${event.type} refused in ${this.state}`);
    this.snapshot = outcome.snapshot;
    this.effects = outcome.effects;
    return this;
  }
  refuses(event: Event) {
    return !applyEvent(caseMachine, this.snapshot, event as never).changed;
  }
}

const allAccepted = EVIDENCE_ITEMS.map((item) => ({ item, outcome: 'accepted' }));
const startAndCheck = (run: CaseRun) =>
  run
    .send({ type: 'START_ASSESSMENT', today, by: ANNE })
    .send({ type: 'CHECK_EVIDENCE', checks: allAccepted, today, by: ANNE });
const approve = (extra: Record<string, unknown> = {}) => ({
  type: 'APPROVE',
  startDate: today,
  expiryDate: inYears(1),
  today,
  by: DEV,
  ...extra,
});
const refuse = (extra: Record<string, unknown> = {}) => ({
  type: 'REFUSE',
  reasons: ['NOT_ELIGIBLE'],
  reason: 'You do not meet the criteria',
  today,
  by: DEV,
  ...extra,
});
const factors = (kind: keyof typeof ASSESSMENT_FACTORS, present: boolean) =>
  ASSESSMENT_FACTORS[kind].map((factor) => ({ factor, present, evidenceSeen: 'GP letter' }));

describe('the case statechart', () => {
  it('is version 2, describes every state, and names the permission and purpose of every staff transition', () => {
    expect(CASE_WORKFLOW.version).toBe(2);
    type Node = {
      description?: string;
      states: Record<string, Node>;
      transitions: Map<string, Array<{ eventType: string; meta?: Record<string, unknown> }>>;
    };
    const visit = (node: Node, path: string) => {
      expect([path, typeof node.description]).toEqual([path, 'string']);
      for (const transitions of node.transitions.values()) {
        for (const transition of transitions) {
          if (transition.eventType === 'INFORMATION_RECEIVED' || transition.eventType.startsWith('xstate.'))
            continue;
          expect([transition.eventType, transition.meta?.permission]).toEqual([
            transition.eventType,
            expect.any(String),
          ]);
          expect(transition.meta?.description).toEqual(expect.any(String));
        }
      }
      Object.entries(node.states).forEach(([key, child]) => visit(child, `${path}.${key}`));
    };
    visit(caseMachine.root as unknown as Node, 'case');
    expect(eventPermissions(caseMachine).get('APPROVE')).toBe('case:decide');
    expect(eventPermissions(caseMachine).get('CHECK_EVIDENCE')).toBe('case:assess');
  });

  describe('automatic routes', () => {
    it('go from the evidence checks straight to a decision, and an approval orders the badge', () => {
      const run = new CaseRun(caseInputFor(personaFor('PIP'), today));
      run.send({ type: 'START_ASSESSMENT', today, by: ANNE });
      expect(run.state).toBe('assessing.checkingEvidence');
      run.send({ type: 'CHECK_EVIDENCE', checks: allAccepted, today, by: ANNE });
      expect(run.state).toBe('deciding');
      expect(run.context.evidenceChecks).toHaveLength(4);
      expect(run.context.assessedBy).toEqual([ANNE]);
      run.send(approve());
      expect(run.state).toBe('badgeOrdered');
      expect(run.effects.map((effect) => effect.type)).toContain('orderBadge');
      expect(run.context.decision).toMatchObject({ outcome: 'approved', decidedBy: DEV });
    });

    it('refuse an event missing the fields its guard reads, rather than throwing', () => {
      const run = new CaseRun(caseInputFor(personaFor('PIP'), today));
      run.send({ type: 'START_ASSESSMENT', today, by: ANNE });
      expect(run.refuses({ type: 'CHECK_EVIDENCE', today, by: ANNE })).toBe(true);
      expect(run.state).toBe('assessing.checkingEvidence');
    });

    it('need a reason for every rejected item, and a rejected item stops an approval', () => {
      const run = new CaseRun(caseInputFor(personaFor('PIP'), today));
      run.send({ type: 'START_ASSESSMENT', today, by: ANNE });
      const rejected = [{ item: 'photo', outcome: 'rejected' }, ...allAccepted.slice(0, 3)];
      expect(run.refuses({ type: 'CHECK_EVIDENCE', checks: rejected, today })).toBe(true);
      expect(run.refuses({ type: 'CHECK_EVIDENCE', checks: [], today })).toBe(true);
      run.send({
        type: 'CHECK_EVIDENCE',
        checks: [{ item: 'photo', outcome: 'rejected', reason: 'Not a face' }, ...allAccepted.slice(0, 3)],
        today,
      });
      expect(run.context.evidenceChecks?.[0]).toMatchObject({ outcome: 'rejected', reason: 'Not a face' });
      expect(run.refuses(approve())).toBe(true);
      expect(run.refuses(refuse())).toBe(false);
    });

    it('do not allow the not-for-reassessment flag, which is for further-assessment routes only [BBDS-BM]', () => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor('PIP'), today)));
      expect(run.refuses(approve({ notForReassessment: true }))).toBe(true);
      run.send(approve({ notForReassessment: false }));
    });
  });

  describe('further-assessment routes', () => {
    it.each([
      ['WALKD', 'walking'],
      ['HIDDEN', 'non-visible'],
      ['ARMS', 'arms'],
      ['CHILDBULK', 'child'],
      ['ORG', 'organisation'],
    ] as const)('%s: the %s desktop assessment of every factor, then a decision', (code, kind) => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor(code), today)));
      expect(run.state).toBe('assessing.desktopAssessment');
      const other = kind === 'arms' ? 'walking' : 'arms';
      const record = (outcome: string, present = true, as: string = kind) => ({
        type: 'RECORD_DESKTOP_ASSESSMENT',
        kind: as,
        factors: factors(as as never, present),
        outcome,
        today,
        by: ANNE,
      });
      // The wrong route's assessment, or "meets" with no factor present, is refused.
      expect(run.refuses(record('meets', true, other))).toBe(true);
      expect(run.refuses(record('meets', false))).toBe(true);
      run.send(record('meets'));
      expect(run.state).toBe('deciding');
      expect(run.context.desktopAssessment).toMatchObject({ kind, outcome: 'meets', assessedBy: ANNE });
      expect(run.context.desktopAssessment?.factors).toHaveLength(ASSESSMENT_FACTORS[kind].length);
      // The flag is for persons only [BBDS-BM].
      expect(run.refuses(approve({ notForReassessment: true }))).toBe(code === 'ORG');
      run.send(approve({ notForReassessment: code !== 'ORG' }));
      expect(run.state).toBe('badgeOrdered');
      expect(run.context.decision).toMatchObject({ outcome: 'approved' });
      expect(Object.entries(run.context.decision!)).toEqual(
        code === 'ORG'
          ? expect.not.arrayContaining([['notForReassessment', true]])
          : expect.arrayContaining([['notForReassessment', true]]),
      );
    });

    it.each([
      ['england', 'expert-assessor'],
      ['scotland', 'independent-mobility-assessor'],
      ['wales', 'independent-advisory-service'],
    ] as const)('%s: refers to the %s, with appointment, attendance and outcome', (nation, assessor) => {
      const persona = personaFor(nation === 'england' ? 'WALKD' : 'TEMP', nation);
      const run = startAndCheck(new CaseRun(caseInputFor(persona, today)));
      run.send({
        type: 'RECORD_DESKTOP_ASSESSMENT',
        kind: 'walking',
        factors: factors('walking', false),
        outcome: 'refer',
        today,
        by: ANNE,
      });
      expect(run.state).toBe('assessing.referral.awaitingAppointment');
      expect(run.context.referral?.assessor).toBe(assessor);
      expect(
        run.refuses({ type: 'BOOK_APPOINTMENT', date: addDays(today, -1), place: 'Clinic', today }),
      ).toBe(true);
      expect(run.refuses({ type: 'BOOK_APPOINTMENT', date: addDays(today, 7), place: ' ', today })).toBe(
        true,
      );
      run.send({ type: 'BOOK_APPOINTMENT', date: addDays(today, 7), place: 'Clinic', today, by: ANNE });
      expect(run.state).toBe('assessing.referral.appointmentBooked');
      run.send({ type: 'RECORD_ATTENDANCE', attended: false, today, by: ANNE });
      expect(run.state).toBe('assessing.referral.awaitingAppointment');
      run.send({ type: 'BOOK_APPOINTMENT', date: addDays(today, 14), place: 'Clinic', today, by: ANNE });
      run.send({ type: 'RECORD_ATTENDANCE', attended: true, today, by: ANNE });
      expect(run.state).toBe('assessing.referral.attended');
      run.send({ type: 'RECORD_ASSESSOR_OUTCOME', outcome: 'meets', report: 'Walks 20 m', today, by: ANNE });
      expect(run.state).toBe('deciding');
      expect(run.context.referral).toMatchObject({
        appointment: { date: addDays(today, 14) },
        attended: true,
        outcome: 'meets',
      });
    });
  });

  describe('asking for more information', () => {
    const request = (extra: Record<string, unknown> = {}) => ({
      type: 'REQUEST_INFORMATION',
      id: 'request-1',
      whatIsNeeded: 'A clearer photo',
      dueDate: addDays(today, 28),
      reminderDays: 14,
      today,
      by: ANNE,
      ...extra,
    });
    const armed = (run: CaseRun) =>
      run.effects
        .filter((effect) => effect.type === ARM_TIMER)
        .map((effect) => effect.params as ArmTimerParams);

    it('waits in its own state with a reminder and a withdrawal timer, and goes back to the evidence on a reply', () => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor('PIP'), today)));
      expect(run.refuses(request({ whatIsNeeded: ' ' }))).toBe(true);
      expect(run.refuses(request({ dueDate: today }))).toBe(true);
      run.send(request());
      expect(run.state).toBe('awaitingInformation');
      expect(run.effects.map((effect) => effect.type)).toContain('notifyInformationRequest');
      const timers = armed(run);
      expect(timers.map((timer) => timer.delayMs).sort((a, b) => a - b)).toEqual([14 * DAY, 29 * DAY]);
      expect(run.refuses({ type: 'INFORMATION_RECEIVED', reply: ' ', today })).toBe(true);
      run.send({ type: 'INFORMATION_RECEIVED', reply: 'Photo attached', today });
      expect(run.state).toBe('assessing.checkingEvidence');
      expect(run.context.informationRequests?.[0]).toMatchObject({
        reply: 'Photo attached',
        repliedAt: today,
      });
      expect(run.effects.map((effect) => effect.type)).toEqual(
        expect.arrayContaining([DISARM_TIMER, 'closeReplyLinks']),
      );
      // Evidence checked again: straight back to the decision.
      run.send({ type: 'CHECK_EVIDENCE', checks: allAccepted, today, by: ANNE });
      expect(run.state).toBe('deciding');
    });

    it('sends a reminder, then withdraws the application when the due date passes with no reply', () => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor('PIP'), today))).send(request());
      const [reminder, due] = armed(run).sort((a, b) => a.delayMs - b.delayMs);
      run.send(reminder.event);
      expect(run.state).toBe('awaitingInformation');
      expect(run.effects.map((effect) => effect.type)).toContain('notifyInformationReminder');
      expect(run.context.informationRequests?.[0].reminderSentAt).toBe(addDays(today, 14));
      run.send(due.event);
      expect(run.state).toBe('withdrawn');
      expect(run.context.withdrawal).toEqual({ withdrawnAt: addDays(today, 29), reason: 'no-reply' });
    });

    it('sends no reminder when it would not come before the due date', () => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor('PIP'), today))).send(
        request({ dueDate: addDays(today, 10) }),
      );
      const reminder = armed(run).find((timer) => timer.id.includes('informationReminder'))!;
      expect(run.refuses(reminder.event)).toBe(true);
    });

    it('carries a referral on where it was after the reply', () => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor('WALKD'), today)));
      run.send({
        type: 'RECORD_DESKTOP_ASSESSMENT',
        kind: 'walking',
        factors: factors('walking', false),
        outcome: 'refer',
        today,
      });
      run.send({ type: 'BOOK_APPOINTMENT', date: addDays(today, 7), place: 'Clinic', today });
      run.send(request()).send({ type: 'INFORMATION_RECEIVED', reply: 'Here', today });
      run.send({ type: 'CHECK_EVIDENCE', checks: allAccepted, today });
      expect(run.state).toBe('assessing.referral.appointmentBooked');
    });

    it('withdraws at the applicant’s request', () => {
      const run = new CaseRun(caseInputFor(personaFor('PIP'), today)).send({ type: 'WITHDRAW', today });
      expect(run.state).toBe('withdrawn');
      expect(run.context.withdrawal).toEqual({ withdrawnAt: today, reason: 'applicant-request' });
    });
  });

  describe('deciding', () => {
    it('with four eyes on, refuses a decision by an officer who assessed, and takes one by another', () => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor('PIP'), today)));
      expect(run.refuses(approve({ by: ANNE, fourEyes: true }))).toBe(true);
      expect(run.refuses(refuse({ by: ANNE, fourEyes: true }))).toBe(true);
      expect(run.refuses(approve({ by: ANNE, fourEyes: false }))).toBe(false);
      run.send(approve({ by: DEV, fourEyes: true }));
      expect(run.state).toBe('badgeOrdered');
    });

    it('refuses with one or more reasons and free text, flagging a paid fee for refund', () => {
      const input = { ...caseInputFor(personaFor('WALKD'), today) } as CaseInput & Partial<CaseContext>;
      const run = new CaseRun(input);
      run.snapshot = caseMachine.resolveState({
        value: 'deciding',
        context: { ...run.context, fee: { amountPence: 1000, status: 'paid' } },
      });
      expect(run.refuses(refuse({ reasons: [] }))).toBe(true);
      expect(run.refuses(refuse({ reason: '  ' }))).toBe(true);
      run.send(refuse({ reasons: ['NOT_ELIGIBLE', 'INSUFFICIENT_EVIDENCE'] }));
      expect(run.state).toBe('decided.refused');
      expect(run.context.decision).toMatchObject({
        outcome: 'refused',
        reasons: ['NOT_ELIGIBLE', 'INSUFFICIENT_EVIDENCE'],
        notEligibleRoutes: ['WALKD'],
        refundFee: true,
        misuseOrFalseRepresentation: false,
        decidedBy: DEV,
      });
    });
  });

  describe('reviews and appeals', () => {
    const refused = (code: string, nation: string, extra: Record<string, unknown> = {}) => {
      const run = startAndCheck(new CaseRun(caseInputFor(personaFor(code, nation), today)));
      if (run.state !== 'deciding') {
        run.send({
          type: 'RECORD_DESKTOP_ASSESSMENT',
          kind: 'walking',
          factors: factors('walking', false),
          outcome: 'does-not-meet',
          today,
          by: ANNE,
        });
      }
      return run.send(refuse(extra));
    };
    const review = (kind: string, requestedOn = today, inWriting = true) => ({
      type: 'REQUEST_REVIEW',
      kind,
      requestedOn,
      inWriting,
      today,
    });
    const decideReview = (outcome: string, by: { id: string; name: string }) => ({
      type: 'DECIDE_REVIEW',
      outcome,
      note: 'Looked again',
      today,
      by,
    });

    it('England: reconsideration by the council; overturned re-enters the decision', () => {
      const run = refused('WALKD', 'england');
      expect(run.refuses(review('statutory-review'))).toBe(true);
      expect(run.refuses(review('welsh-ministers-appeal'))).toBe(true);
      expect(run.refuses(review('reconsideration', addDays(today, 1)))).toBe(true);
      run.send(review('reconsideration'));
      expect(run.state).toBe('underReview');
      run.send(decideReview('overturned', DEV));
      expect(run.state).toBe('deciding');
      expect(run.context.reviews?.[0]).toMatchObject({ kind: 'reconsideration', outcome: 'overturned' });
      run.send(approve());
      expect(run.state).toBe('badgeOrdered');
    });

    it('Scotland: a statutory review within 28 days, decided by someone not involved [T7]', () => {
      const run = refused('TEMP', 'scotland');
      expect(run.refuses(review('reconsideration'))).toBe(true);
      expect(run.refuses(review('statutory-review', today, false))).toBe(true);
      run.send(review('statutory-review'));
      expect(run.context.reviews?.[0].deadline).toBe(addDays(today, 28));
      expect(run.refuses(decideReview('upheld', DEV))).toBe(true);
      expect(run.refuses(decideReview('upheld', ANNE))).toBe(true);
      run.send(decideReview('upheld', { id: 'officer-rita', name: 'Rita Reviewer' }));
      expect(run.state).toBe('decided.refused');
      expect(run.refuses(review('statutory-review'))).toBe(true);
    });

    it('Scotland: a request after 28 days is refused', () => {
      const run = refused('TEMP', 'scotland');
      run.snapshot = caseMachine.resolveState({
        value: run.snapshot.value,
        context: { ...run.context, decision: { ...run.context.decision!, decidedAt: addDays(today, -29) } },
      });
      expect(run.refuses(review('statutory-review'))).toBe(true);
    });

    it('Wales: a misuse or false-representation refusal may be appealed to the Welsh Ministers [W11]', () => {
      expect(refused('TEMP', 'wales').refuses(review('welsh-ministers-appeal'))).toBe(true);
      const run = refused('TEMP', 'wales', { misuseOrFalseRepresentation: true });
      run.send(review('welsh-ministers-appeal'));
      run.send(decideReview('upheld', DEV));
      expect(run.state).toBe('decided.refused');
      // The council may still be asked to reconsider.
      run.send(review('reconsideration'));
      expect(run.state).toBe('underReview');
    });
  });
});

import { addDays, reviewRights } from '../../../workflows/case/letters';
import { caseMachine, type CaseEvent } from '../../../workflows/case/machine';
import { applyEvent, startSnapshot } from '../../../workflows/engine/xstate-adapter';

/** Which letters the case statechart asks for, and each nation's rights after a refusal (§7). */
describe('review and appeal rights after a refusal', () => {
  const refused = { decidedAt: '2026-12-04' };

  it('England: reconsideration by the council, with no time limit in law [S3]', () => {
    expect(reviewRights('england', refused)).toEqual([{ kind: 'reconsideration', source: 'S3' }]);
  });

  it('Scotland: a statutory review asked for within 28 days [T7]', () => {
    expect(reviewRights('scotland', refused)).toEqual([
      { kind: 'statutory-review', deadline: '2027-01-01', source: 'T7' },
    ]);
  });

  it('Wales: reconsideration; an appeal to the Welsh Ministers within 28 days only for misuse or false representation [W11]', () => {
    expect(reviewRights('wales', refused).map((right) => right.kind)).toEqual(['reconsideration']);
    expect(reviewRights('wales', { ...refused, misuseOrFalseRepresentation: true })).toEqual([
      { kind: 'reconsideration', source: 'W7, W8' },
      { kind: 'welsh-ministers-appeal', deadline: '2027-01-01', source: 'W11' },
    ]);
  });

  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2028-02-10', 28)).toBe('2028-03-09');
    expect(addDays('2027-02-10', 28)).toBe('2027-03-10');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('the case statechart asks for a letter with each decision', () => {
  const assessing = () => {
    const { snapshot } = startSnapshot(caseMachine, {
      reference: 'BB-ABCD-EFGH',
      nation: 'england',
      applicationType: 'NEW',
      channel: 'ONLINE',
      answers: {},
      lists: {},
      facts: { nation: 'england', assessmentDate: '2026-12-04', applicant: { type: 'person' } },
      eligibility: { outcome: 'further-assessment', routes: [], fastTrack: false },
    });
    const start: CaseEvent = { type: 'START_ASSESSMENT', today: '2026-12-04' };
    return applyEvent(caseMachine, snapshot, start).snapshot;
  };

  it('refusing asks for the refusal letter after the refusal is recorded', () => {
    const refuse: CaseEvent = {
      type: 'REFUSE',
      reason: 'No evidence',
      today: '2026-12-04',
    };
    const outcome = applyEvent(caseMachine, assessing(), refuse);
    expect(outcome.effects).toEqual([{ type: 'sendLetter', params: { letter: 'refusal' } }]);
    expect(outcome.snapshot.context.decision).toMatchObject({ outcome: 'refused', reason: 'No evidence' });
  });
});

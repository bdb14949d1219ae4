import { applicationMachine } from '../../../workflows/application/machine';
import { applicationPages } from '../../../workflows/application/pages';
import { applyEvent, startSnapshot } from '../../../workflows/engine/xstate-adapter';
import { journeyPath } from '../../../workflows/journey/path';
import type { JourneyEvent } from '../../../workflows/journey/events';

const input = { nation: 'england' as const };
const submit = (page: string, answers: Record<string, string>): JourneyEvent => ({
  type: 'SUBMIT',
  page,
  answers,
});

describe('the application statechart', () => {
  it('has a page for every state and a state for every page', () => {
    const states = Object.keys(applicationMachine.root.states).sort();
    expect(Object.keys(applicationPages).sort()).toEqual(states);
    for (const state of states) {
      expect(applicationMachine.root.states[state].meta).toEqual({
        page: applicationPages[state as keyof typeof applicationPages],
      });
    }
    const paths = Object.values(applicationPages).map((page) => page.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('walks the automatic PIP route to a sent application, asking for the submitApplication effect once', () => {
    let snapshot = startSnapshot(applicationMachine, input).snapshot;
    const steps: Array<[JourneyEvent, string]> = [
      [submit('whoIsApplying', { applicant: 'myself' }), 'pip'],
      [submit('pip', { movingAroundPoints: '8' }), 'fullName'],
      [submit('fullName', { fullName: 'A Person' }), 'dateOfBirth'],
      [submit('dateOfBirth', { dateOfBirth: '1970-01-01' }), 'address'],
      [submit('address', { addressLine1: '1 Road', town: 'Town', postcode: 'SW1A 1AA' }), 'checkAnswers'],
      [{ type: 'CONTINUE' }, 'declaration'],
    ];
    for (const [event, expected] of steps) {
      const outcome = applyEvent(applicationMachine, snapshot, event);
      expect(outcome.changed).toBe(true);
      expect(outcome.effects).toEqual([]);
      snapshot = outcome.snapshot;
      expect(snapshot.value).toBe(expected);
    }
    const sent = applyEvent(applicationMachine, snapshot, submit('declaration', { confirm: 'yes' }));
    expect(sent.snapshot.value).toBe('submitted');
    expect(sent.snapshot.status).toBe('done');
    expect(sent.effects.map((effect) => effect.type)).toEqual(['submitApplication']);
  });

  it('sends PIP scores under 8 away from the automatic route, using the eligibility rules', () => {
    for (const [points, expected] of [
      ['0', 'otherRoutes'],
      ['4', 'otherRoutes'],
      ['none', 'otherRoutes'],
      ['8', 'fullName'],
      ['10', 'fullName'],
      ['12', 'fullName'],
    ]) {
      const path = journeyPath(
        applicationMachine,
        { whoIsApplying: { applicant: 'myself' }, pip: { movingAroundPoints: points } },
        input,
      );
      expect([points, path.next]).toEqual([points, expected]);
    }
  });

  it('does not let a page be revisited before the path reaches it, nor check your answers before it is complete', () => {
    const snapshot = startSnapshot(applicationMachine, input).snapshot;
    expect(snapshot.can({ type: 'GOTO.address' })).toBe(false);
    expect(snapshot.can({ type: 'GOTO.checkAnswers' })).toBe(false);
    expect(snapshot.can({ type: 'GOTO.whoIsApplying' })).toBe(true);
    expect(snapshot.can({ type: 'CONTINUE' })).toBe(false);
  });

  it('leaves answers from an abandoned branch off the path', () => {
    const answers = {
      whoIsApplying: { applicant: 'someone-else' },
      pip: { movingAroundPoints: '12' },
      fullName: { fullName: 'Left Behind' },
    };
    expect(journeyPath(applicationMachine, answers, input)).toEqual({
      answered: ['whoIsApplying'],
      next: 'contactCouncil',
    });
  });
});

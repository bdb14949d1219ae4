import { assign, createMachine, enqueueActions } from 'xstate';
import { applyEvent, startSnapshot } from '../../../workflows/engine/xstate-adapter';

describe('applyEvent: whether a statechart takes an event, and what it then asks for', () => {
  let guardRuns = 0;
  const machine = createMachine({
    initial: 'waiting',
    context: { answered: 0 },
    states: {
      waiting: {
        on: {
          ANSWER: {
            guard: ({ event }) => {
              guardRuns += 1;
              return (event as unknown as { answer: { valid: boolean } }).answer.valid;
            },
            actions: assign({ answered: ({ context }) => context.answered + 1 }),
          },
          REMIND: {
            actions: enqueueActions(({ enqueue }) => enqueue({ type: 'sendReminder', params: { to: 'x' } })),
          },
          STAY: { target: 'waiting' },
          FINISH: 'done',
        },
      },
      done: { type: 'final' },
    },
  });
  const start = () => startSnapshot(machine).snapshot;

  beforeEach(() => {
    guardRuns = 0;
  });

  it('takes an event a transition accepts, judging its guard once', () => {
    const outcome = applyEvent(machine, start(), { type: 'ANSWER', answer: { valid: true } } as never);
    expect(outcome.changed).toBe(true);
    expect(outcome.snapshot.context).toEqual({ answered: 1 });
    expect(guardRuns).toBe(1);
  });

  it('refuses an event no transition takes, or whose guard says no, changing nothing', () => {
    const snapshot = start();
    for (const event of [{ type: 'NOT_AN_EVENT' }, { type: 'ANSWER', answer: { valid: false } }]) {
      const outcome = applyEvent(machine, snapshot, event as never);
      expect(outcome).toEqual({ snapshot, effects: [], changed: false });
    }
  });

  it('refuses a malformed event that makes a guard throw, instead of failing', () => {
    const snapshot = start();
    expect(applyEvent(machine, snapshot, { type: 'ANSWER' })).toEqual({
      snapshot,
      effects: [],
      changed: false,
    });
  });

  it('takes a transition that only asks for an effect, and one back to the same state', () => {
    const reminded = applyEvent(machine, start(), { type: 'REMIND' });
    expect(reminded.changed).toBe(true);
    expect(reminded.effects).toEqual([{ type: 'sendReminder', params: { to: 'x' } }]);
    expect(applyEvent(machine, start(), { type: 'STAY' }).changed).toBe(true);
  });

  it('moves to the target state', () => {
    const outcome = applyEvent(machine, start(), { type: 'FINISH' });
    expect(outcome.changed).toBe(true);
    expect(outcome.snapshot.value).toBe('done');
  });
});

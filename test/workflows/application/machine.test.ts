import { applicationMachine } from '../../../workflows/application/machine';
import { applicationPages } from '../../../workflows/application/pages';
import { PERSONAS, personaEvents } from '../../../workflows/application/personas';
import { applyEvent, startSnapshot } from '../../../workflows/engine/xstate-adapter';
import type { JourneyEvent } from '../../../workflows/journey/events';
import { feePages } from '../../../workflows/journey/fee';
import type { Nation } from '../../../workflows/rules/types';
import { journeyPath } from '../../../workflows/journey/path';

const england: { nation: Nation } = { nation: 'england' };

function run(events: JourneyEvent[], input = england) {
  let snapshot = startSnapshot(applicationMachine, input).snapshot;
  const effects: string[] = [];
  for (const event of events) {
    const outcome = applyEvent(applicationMachine, snapshot, event);
    if (!outcome.changed) throw new Error(`${event.type} refused in ${String(snapshot.value)}`);
    effects.push(...outcome.effects.map((effect) => effect.type));
    snapshot = outcome.snapshot;
  }
  return { snapshot, effects };
}

describe('the application statechart', () => {
  it('keeps each page on its state: the page list is read from the statechart, each page at its own address', () => {
    const states = Object.keys(applicationMachine.root.states);
    expect(Object.keys(applicationPages)).toEqual(states);
    for (const state of states) {
      expect(applicationMachine.root.states[state].meta).toEqual({
        page: applicationPages[state as keyof typeof applicationPages],
      });
    }
    // The fee's pages are shared by every journey (workflows/journey/fee.ts).
    expect(applicationPages).toMatchObject(feePages);
    const paths = Object.values(applicationPages).map((page) => page.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('lets back and change links return to the pages check your answers shows, and to check your answers', () => {
    const revisitable = Object.keys(applicationMachine.root.config.on ?? {})
      .filter((event) => event.startsWith('GOTO.'))
      .map((event) => event.slice('GOTO.'.length));
    expect(revisitable).toEqual(
      expect.arrayContaining(['whoIsApplying', 'mobilityAids', 'photo', 'checkAnswers']),
    );
    for (const state of ['declaration', 'fee', 'paying', 'paymentNotCompleted', 'notEligible', 'submitted'])
      expect(revisitable).not.toContain(state);
    // Every other page asks something and is shown on check your answers.
    expect(revisitable).toHaveLength(Object.keys(applicationPages).length - 6);
  });

  it.each(PERSONAS.map((persona) => [persona.name, persona] as const))(
    '%s: the statechart alone takes the answers to the right end',
    (_name, persona) => {
      const { snapshot, effects } = run(personaEvents(persona), { nation: persona.nation });
      if (persona.expected) {
        expect(snapshot.value).toBe('submitted');
        expect(effects).toEqual(['submitApplication']);
      } else {
        expect(snapshot.value).toBe('notEligible');
        expect(effects).toEqual([]);
      }
    },
  );

  it('does not let a page be revisited before the path reaches it, nor check your answers before it is complete', () => {
    const snapshot = startSnapshot(applicationMachine, england).snapshot;
    expect(snapshot.can({ type: 'GOTO.address' })).toBe(false);
    expect(snapshot.can({ type: 'GOTO.checkAnswers' })).toBe(false);
    expect(snapshot.can({ type: 'GOTO.whoIsApplying' })).toBe(true);
    expect(snapshot.can({ type: 'CONTINUE' })).toBe(false);
  });

  it('accepts list events only on the list’s own page', () => {
    const snapshot = startSnapshot(applicationMachine, england).snapshot;
    expect(snapshot.can({ type: 'ADD_ITEM', list: 'mobilityAids', item: { aid: 'x' } })).toBe(false);
  });

  it('leaves answers from an abandoned branch off the path', () => {
    const answers = {
      whoIsApplying: { applicant: 'organisation' },
      existingBadge: { hasBadge: 'no' },
      fullName: { fullName: 'Left Behind' },
      orgName: { organisationName: 'Oakwood' },
    };
    expect(journeyPath(applicationMachine, answers, england)).toEqual({
      answered: ['whoIsApplying', 'orgName'],
      next: 'orgAddress',
    });
  });
});

describe('sending the application', () => {
  it('removes the answers of branches the path no longer takes', () => {
    const persona = PERSONAS[0];
    const events = personaEvents(persona);
    const declaration = events.length - 1;
    // Wander down the organisation branch first, then come back and apply as a person.
    const detour: JourneyEvent[] = [
      { type: 'SUBMIT', page: 'whoIsApplying', answers: { applicant: 'organisation' } },
      { type: 'SUBMIT', page: 'orgName', answers: { organisationName: 'Abandoned Ltd' } },
      { type: 'GOTO.whoIsApplying' },
    ];
    const { snapshot } = run([...detour, ...events.slice(0, declaration), events[declaration]]);
    expect(snapshot.value).toBe('submitted');
    expect(snapshot.context.answers.orgName).toBeUndefined();
    expect(snapshot.context.answers.fullName).toEqual({ fullName: 'Margaret Jones' });
    expect(snapshot.context.answers.declaration).toEqual({ confirm: 'yes' });
  });
});

import { applyEvent, startSnapshot } from '../../../workflows/engine/xstate-adapter';
import { feePages } from '../../../workflows/journey/fee';
import { examplePath, stepEvents, type ExampleStep } from '../../../workflows/journey/example-path';
import { replacementMachine } from '../../../workflows/replacement/machine';
import { replacementPages } from '../../../workflows/replacement/pages';
import { addYears, todayInUk } from '../../../workflows/rules/dates';

describe('the replacement statechart', () => {
  it('keeps each page on its state: the page list is read from the statechart, each page at its own address', () => {
    const states = Object.keys(replacementMachine.root.states);
    expect(Object.keys(replacementPages)).toEqual(states);
    for (const state of states) {
      expect(replacementMachine.root.states[state].meta).toEqual({
        page: replacementPages[state as keyof typeof replacementPages],
      });
    }
    expect(replacementPages).toMatchObject(feePages);
    expect(replacementPages.badgeNumber).toMatchObject({
      path: 'badge-number',
      view: 'journey/question.njk',
    });
    const paths = Object.values(replacementPages).map((page) => page.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('lets back and change links return to each question and to check your answers', () => {
    const revisitable = Object.keys(replacementMachine.root.config.on ?? {}).map((event) =>
      event.replace(/^GOTO\./, ''),
    );
    expect(revisitable).toEqual([
      'badgeNumber',
      'reason',
      'crimeReference',
      'badgeExpiry',
      'fullName',
      'dateOfBirth',
      'address',
      'contact',
      'checkAnswers',
    ]);
  });

  it('takes an example with answers only where they matter to the end, the rest made from the pages', () => {
    const example: { name: string; nation: 'england'; steps: ExampleStep[] } = {
      name: 'a stolen badge',
      nation: 'england',
      steps: [
        { state: 'reason', answers: { reason: 'STOLE' } },
        { state: 'badgeExpiry', answers: { expiryDate: addYears(todayInUk(), 2) } },
      ],
    };
    const path = examplePath(replacementMachine, example);
    expect(path.map((step) => step.state)).toEqual([
      'badgeNumber',
      'reason',
      'crimeReference',
      'badgeExpiry',
      'fullName',
      'dateOfBirth',
      'address',
      'contact',
    ]);
    let snapshot = startSnapshot(replacementMachine, { nation: 'england' }).snapshot;
    for (const event of [
      ...path.flatMap((step) => stepEvents(step)),
      { type: 'CONTINUE' as const },
      { type: 'SUBMIT' as const, page: 'declaration', answers: { confirm: 'yes' } },
    ]) {
      const outcome = applyEvent(replacementMachine, snapshot, event);
      expect(outcome.changed).toBe(true);
      snapshot = outcome.snapshot;
    }
    expect(snapshot.value).toBe('submitted');
    expect(snapshot.context.answers.badgeNumber).toEqual({ badgeNumber: 'KKKKKJ' });
  });
});

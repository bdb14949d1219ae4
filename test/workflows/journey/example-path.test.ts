import { applicationMachine } from '../../../workflows/application/machine';
import { applicationPages } from '../../../workflows/application/pages';
import { PERSONAS, type Persona } from '../../../workflows/application/personas';
import { fieldsForNation, formValuesFor, validateFields, type Field } from '../../../workflows/forms/fields';
import { sampleAnswers } from '../../../workflows/forms/sample-answers';
import { examplePath } from '../../../workflows/journey/example-path';
import type { JourneyPage } from '../../../workflows/journey/pages';
import { replacementPages } from '../../../workflows/replacement/pages';
import { NATIONS } from '../../../workflows/rules/types';

/**
 * The example applicants answer a page nobody wrote an answer for (a question added since) with one made
 * from the page's fields, so a new question needs no edit to them (docs/extending.md, example 1).
 */

const TODAY = '2026-06-15';
const pagesOf = (pages: Record<string, JourneyPage>) =>
  Object.entries(pages).filter(([, page]) => page.fields.length > 0 || page.itemFields);

describe('sample answers, made from a page’s fields', () => {
  it.each(NATIONS)('pass the checks of every page of both journeys, in %s', (nation) => {
    for (const [state, page] of [...pagesOf(applicationPages), ...pagesOf(replacementPages)]) {
      for (const fields of [page.fields, page.itemFields ?? []].filter((list) => list.length > 0)) {
        const answers = sampleAnswers(fields, nation, TODAY);
        const asked = fieldsForNation(fields, nation);
        const checked = validateFields(asked, formValuesFor(asked, answers), TODAY);
        expect({ state, errors: checked.errors }).toEqual({ state, errors: [] });
        expect(checked.values).toEqual(answers);
      }
    }
  });

  it('take the first option offered in the nation, a date that meets its constraint, and leave optional text blank', () => {
    const fields: Field[] = [
      {
        kind: 'radios',
        name: 'pick',
        options: [{ value: 'scots', nations: ['scotland'] }, { value: 'all' }],
      },
      { kind: 'checkboxes', name: 'ticks', options: [{ value: 'none', exclusive: true }, { value: 'a' }] },
      { kind: 'text', name: 'why', maxLength: 5, when: { field: 'pick', value: 'all' } },
      { kind: 'text', name: 'hidden', maxLength: 5, when: { field: 'pick', value: 'scots' } },
      { kind: 'text', name: 'maybe', maxLength: 50, optional: true },
      { kind: 'date', name: 'born', constraint: 'past' },
      { kind: 'date', name: 'ends', constraint: 'not-past' },
      { kind: 'number', name: 'count', min: 3, max: 9 },
      { kind: 'checkbox', name: 'confirm' },
    ];
    expect(sampleAnswers(fields, 'england', TODAY)).toEqual({
      pick: 'all',
      ticks: 'a',
      why: 'Examp',
      born: '1986-06-15',
      ends: '2027-06-15',
      count: '3',
      confirm: 'yes',
    });
    expect(sampleAnswers(fields, 'scotland', TODAY)).toMatchObject({ pick: 'scots', hidden: 'Examp' });
  });

  it('use a text field’s example, and say so when a pattern has none', () => {
    const postcode: Field = {
      kind: 'text',
      name: 'postcode',
      maxLength: 8,
      pattern: /^[A-Z]{2}\d \d[A-Z]{2}$/,
    };
    expect(() => sampleAnswers([postcode], 'england', TODAY)).toThrow(
      'No valid sample answer for postcode: give the field an `example`',
    );
    expect(sampleAnswers([{ ...postcode, example: 'SW1 1AA' }], 'england', TODAY)).toEqual({
      postcode: 'SW1 1AA',
    });
  });
});

describe('an example’s whole path', () => {
  const margaret = PERSONAS[0];
  const written = (steps: Persona['steps']) => ({ ...margaret, steps });

  it('is the steps written, when they answer every page on the path', () => {
    for (const persona of PERSONAS) expect(persona.steps.filter((step) => step.sampled)).toEqual([]);
    expect(examplePath(applicationMachine, margaret)).toEqual(margaret.steps);
  });

  it('answers a page with no written answer from its fields, and marks the step sampled', () => {
    const withoutName = margaret.steps.filter((step) => step.state !== 'fullName' && step.state !== 'photo');
    const path = examplePath(applicationMachine, written(withoutName));
    expect(path.map((step) => step.state)).toEqual(margaret.steps.map((step) => step.state));
    expect(path.find((step) => step.state === 'fullName')).toEqual({
      state: 'fullName',
      answers: { fullName: 'Example answer' },
      sampled: true,
    });
    expect(path.find((step) => step.state === 'photo')).toEqual({
      state: 'photo',
      files: ['photo.jpg'],
      sampled: true,
    });
  });

  it('refuses written answers the path never reaches, or reaches in another order', () => {
    const offPath = [...margaret.steps, { state: 'orgName' as const, answers: { organisationName: 'Oak' } }];
    expect(() => examplePath(applicationMachine, written(offPath))).toThrow(
      /the answers written \(.*orgName\) are not the path taken/,
    );
    const swapped = [margaret.steps[1], margaret.steps[0], ...margaret.steps.slice(2)];
    expect(() => examplePath(applicationMachine, written(swapped))).toThrow(/are not the path taken/);
  });

  it('refuses an answer the statechart refuses', () => {
    const noPhoto = margaret.steps.map((step) =>
      step.state === 'photo' ? { state: 'photo' as const, files: [] } : step,
    );
    expect(() => examplePath(applicationMachine, written(noPhoto))).toThrow('SUBMIT refused on photo');
  });
});

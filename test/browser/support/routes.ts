import { applicationPages, type ApplicationState } from '../../../workflows/application/pages';
import { PERSONAS, type Persona, type PersonaStep } from '../../../workflows/application/personas';
import { fieldsForNation, type Answers, type Field } from '../../../workflows/forms/fields';
import type { JourneyPage } from '../../../workflows/journey/pages';

/**
 * The routes the browser suite drives are the kit's own personas (workflows/application/personas.ts):
 * for each page (a state of the statechart), the answers a person gives, or the items they add to an
 * "add another" list. A new route is a new persona there; the browser suite picks it up — every persona
 * is walked in personas.test.ts, and the headline ones below get the full treatment in both modes.
 */
export const pages = applicationPages as Record<ApplicationState, JourneyPage>;

export const pathOf = (state: ApplicationState) => pages[state].path;

/**
 * The journeys issue #6 asks for, found by what they are rather than by name, so a renamed persona
 * still counts. Each must exist: a missing one fails the suite rather than quietly shrinking it.
 * The first four run with and without JavaScript; the last two (the "add another" lists and the
 * organisation pages, in a file of their own) with JavaScript, to keep the suite within its time.
 */
const HEADLINE_CHOICES: Array<{ about: string; is: (persona: Persona) => boolean }> = [
  { about: 'PIP, automatically eligible', is: (p) => p.expected?.code === 'PIP' },
  {
    about: 'DLA, for someone else, with a badge now',
    is: (p) => p.expected?.code === 'DLA' && answerOf(p, 'whoIsApplying', 'applicant') === 'someone-else',
  },
  { about: 'severely sight impaired', is: (p) => p.expected?.code === 'BLIND' },
  { about: 'not eligible', is: (p) => p.expected === undefined },
  { about: 'walking difficulty, with "add another" lists', is: (p) => p.expected?.code === 'WALKD' },
  { about: 'an organisation', is: (p) => p.expected?.code === 'ORG' },
];

export function headlinePersonas(): Persona[] {
  return HEADLINE_CHOICES.map(({ about, is }) => {
    const persona = PERSONAS.find((candidate) => candidate.nation === 'england' && is(candidate));
    if (!persona) throw new Error(`No England persona is "${about}" in workflows/application/personas.ts`);
    return persona;
  });
}

/** The headline journeys that run with and without JavaScript (citizen*.test.ts). */
export const mainJourneys = () => headlinePersonas().slice(0, 4);

/** The headline journeys that run with JavaScript only (citizen-lists.test.ts). */
export const moreJourneys = () => headlinePersonas().slice(4);

/** The PIP persona: the one applied for in Welsh and with the keyboard only. */
export const pipPersona = () => headlinePersonas()[0];

/** The DLA persona, applying for someone else (questions worded about "them"). */
export const someoneElsePersona = () => headlinePersonas()[1];

export function answerOf(persona: Persona, state: ApplicationState, field: string): string | undefined {
  const step = persona.steps.find((candidate) => candidate.state === state);
  return step && 'answers' in step ? step.answers[field] : undefined;
}

/** What a person does to one field: type into it, choose a radio option, tick a checkbox. */
export type Entry =
  | { kind: 'type'; name: string; value: string }
  | { kind: 'choose'; name: string; value: string }
  | { kind: 'tick'; name: string; value: string };

/**
 * A page's answers as what a person does, in the page's order (so a radio comes before the question it
 * reveals): dates as three boxes, checkboxes ticked one by one.
 */
export function entriesFor(fields: readonly Field[], answers: Answers): Entry[] {
  for (const name of Object.keys(answers)) {
    if (!fields.some((field) => field.name === name)) throw new Error(`No field "${name}" on the page`);
  }
  return fields.flatMap((field): Entry[] => {
    const value = answers[field.name];
    if (value === undefined) return [];
    switch (field.kind) {
      case 'radios':
        return [{ kind: 'choose', name: field.name, value }];
      case 'checkbox':
        return [{ kind: 'tick', name: field.name, value: 'yes' }];
      case 'checkboxes': {
        const ticked = value.split(',');
        return field.options
          .filter((option) => ticked.includes(option.value))
          .map((option) => ({ kind: 'tick', name: field.name, value: option.value }));
      }
      case 'date': {
        const [year, month, day] = value.split('-');
        return [
          { kind: 'type', name: `${field.name}-day`, value: String(Number(day)) },
          { kind: 'type', name: `${field.name}-month`, value: String(Number(month)) },
          { kind: 'type', name: `${field.name}-year`, value: year },
        ];
      }
      default:
        return [{ kind: 'type', name: field.name, value }];
    }
  });
}

/** Whether sending the page empty shows errors: some field is asked unconditionally and required. */
export function emptyShowsErrors(fields: readonly Field[]): boolean {
  return fields.some((field) => !field.when && !(field.kind === 'text' && field.optional));
}

/** The fields of a step's page in the persona's nation. */
export function fieldsOf(persona: Persona, step: PersonaStep, item = false): Field[] {
  const page = pages[step.state];
  return fieldsForNation((item ? page.itemFields : page.fields) ?? [], persona.nation);
}

/**
 * Words check your answers must show for a persona: what they typed (normalised as the page does,
 * e.g. postcodes in capitals). Choices and dates are shown in the page's language, so are left out.
 */
export function typedWords(persona: Persona): string[] {
  return persona.steps.flatMap((step) => {
    const typed = (fields: Field[], answers: Answers) =>
      fields.flatMap((field) => {
        const value = answers[field.name];
        if (value === undefined || (field.kind !== 'text' && field.kind !== 'textarea')) return [];
        return [field.kind === 'text' && field.normalise ? field.normalise(value) : value];
      });
    if ('files' in step) return step.files; // check your answers lists the files by name
    if ('items' in step) return step.items.flatMap((item) => typed(fieldsOf(persona, step, true), item));
    return typed(fieldsOf(persona, step), step.answers);
  });
}

/** The answer changed through check your answers' Change link: the applicant's (or organisation's) name. */
export function changeFor(persona: Persona): { state: ApplicationState; answers: Answers; shows: string } {
  for (const [state, field] of [
    ['fullName', 'fullName'],
    ['orgName', 'organisationName'],
  ] as const) {
    const value = answerOf(persona, state, field);
    if (value) {
      const changed = `${value} Smith`;
      return { state, answers: { [field]: changed }, shows: changed };
    }
  }
  throw new Error(`${persona.name} gives neither a name nor an organisation name`);
}

/** A page whose questions or options differ between nations (e.g. Adult Disability Payment in Scotland). */
export function variesByNation(state: ApplicationState): boolean {
  return [...pages[state].fields, ...(pages[state].itemFields ?? [])].some(
    (field) =>
      field.nations !== undefined ||
      ((field.kind === 'radios' || field.kind === 'checkboxes') &&
        field.options.some((option) => option.nations !== undefined)),
  );
}

/**
 * What makes a page the same page for auditing: its path and variant (`/add`, `#error`…), and the
 * nation where the page differs between nations.
 */
export function auditKey(persona: Persona, state: ApplicationState, variant = ''): string {
  return `${variesByNation(state) ? `${persona.nation}:` : ''}${pathOf(state)}${variant}`;
}

/** The audit keys a persona's journey produces (as applyAs makes them), error states included. */
export function auditKeysOf(persona: Persona): string[] {
  return persona.steps.flatMap((step) => {
    const keys = [auditKey(persona, step.state), `${auditKey(persona, step.state)}#error`];
    if ('files' in step && step.files.length > 0) keys.push(auditKey(persona, step.state, '#files'));
    if ('items' in step)
      keys.push(
        auditKey(persona, step.state, '/add'),
        `${auditKey(persona, step.state, '/add')}#error`,
        auditKey(persona, step.state, '#items'),
      );
    return keys;
  });
}

export { PERSONAS, type ApplicationState, type Persona, type PersonaStep };

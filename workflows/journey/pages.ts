import type { Field } from '../forms/fields';

/**
 * What a state of a citizen journey shows. The statechart decides which page comes next; the page
 * says what is asked and how it is checked (the same split as govuk-casa's plan and page definitions).
 */
export interface JourneyPage {
  /** The URL segment: `/apply/<path>`. */
  path: string;
  /** The page's `<h1>` and `<title>`: filled in by localisation (workflows/i18n/localise.ts). */
  title?: string;
  /** Template under views/, e.g. `journey/question.njk` (the generic question page). */
  view: string;
  /** Questions asked; a page with none is a content page (an explanation, a next step). */
  fields: Field[];
  caption?: string;
  hint?: string;
  /** Extra paragraphs for content pages. */
  body?: string[];
  /** Other words the page's template shows (`<state>.text.*`), filled in by localisation. */
  texts?: Record<string, string>;
  /** On check your answers, show the page's fields as one row (e.g. an address) labelled `<state>.summaryLabel`. */
  summaryLabel?: string | true;
  /** Shown on check your answers (question pages only). */
  checkAnswers?: boolean;
  /** Label of the main button. */
  button?: string;
  /** Check your answers groups rows under section headings (`<ns>:sections.<section>`). */
  section?: string;
  /**
   * An "add another" list page (the GOV.UK "add to a list" pattern): these are the fields of one item;
   * `fields` holds the page's own "do you need to add another?" question. Items are kept in
   * `context.lists[<state>]`; words under `<state>.item.fields.<field>`.
   */
  itemFields?: Field[];
  /** The heading of an item's page, filled in by localisation (`<state>.item.title`). */
  itemTitle?: string;
}

export interface JourneyStateMeta {
  page: JourneyPage;
  /** Plain English for the process map. */
  description?: string;
}

export function questionPage(
  page: Omit<JourneyPage, 'view' | 'checkAnswers'> & { view?: string },
): JourneyPage {
  return { view: 'journey/question.njk', checkAnswers: true, ...page };
}

export function listPage(
  page: Omit<JourneyPage, 'view' | 'checkAnswers' | 'fields'> & { itemFields: Field[] },
): JourneyPage {
  return {
    view: 'journey/list.njk',
    checkAnswers: true,
    fields: [{ kind: 'radios', name: 'addAnother', options: [{ value: 'yes' }, { value: 'no' }] }],
    ...page,
  };
}

export function contentPage(page: Omit<JourneyPage, 'view' | 'fields'> & { view?: string }): JourneyPage {
  return { view: 'journey/content.njk', fields: [], ...page };
}

/** The last three pages every citizen journey ends with: check answers, declaration, confirmation. */
export function endingPages(submittedPath: string) {
  return {
    checkAnswers: { path: 'check-your-answers', view: 'journey/check-answers.njk', fields: [] },
    declaration: {
      path: 'declaration',
      view: 'journey/declaration.njk',
      fields: [{ kind: 'checkbox', name: 'confirm' }],
    },
    submitted: { path: submittedPath, view: 'journey/confirmation.njk', fields: [] },
  } satisfies Record<string, JourneyPage>;
}

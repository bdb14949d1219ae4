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
  /**
   * An evidence upload page: the person adds files one at a time (each an `ADD_ITEM` of
   * `context.lists[<state>]`, removed with `REMOVE_ITEM`), then carries on with `SUBMIT`.
   */
  upload?: UploadSection;
  /** Where the page's words live when not in the journey's own namespace (shared pages, e.g. the fee's). */
  namespace?: string;
  /**
   * The app serves this page through a handover it registers under this name (e.g. `payment`, which
   * sends the person to the payment provider and checks how it went when they come back).
   */
  handover?: string;
}

/** The national evidence types (blue-badge-scheme.md §9, [BBDS-REF, BBDS-BM]). */
export const EVIDENCE_TYPES = ['PHOTO', 'PROOF_ID', 'PROOF_ADD', 'PROOF_ELIG', 'SUPPORT_DOCS'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export interface UploadSection {
  evidenceType: EvidenceType;
  /** `images`: JPG, PNG or GIF (the photo); `documents`: those or PDF (§5, [BBDS-CIT]). */
  accept: 'images' | 'documents';
  /** The statechart refuses to go on from the page until at least one file is uploaded. */
  required: boolean;
}

/** The national form's limit: up to 15 files a section (blue-badge-scheme.md §5, [BBDS-CIT]). */
export const MAX_FILES_PER_SECTION = 15;

/** What the journey keeps about each uploaded file (the bytes and the rest are in the evidence store). */
export interface UploadedFileItem {
  [key: string]: string;
  evidenceId: string;
  name: string;
  contentType: string;
  size: string;
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

export function uploadPage(
  page: Omit<JourneyPage, 'view' | 'checkAnswers' | 'fields'> & { upload: UploadSection },
): JourneyPage {
  return { view: 'journey/upload.njk', checkAnswers: true, fields: [], ...page };
}

/** Pages that take answers (questions, lists, uploads), as opposed to content pages. */
export const asksSomething = (page: JourneyPage) => page.fields.length > 0 || page.upload !== undefined;

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

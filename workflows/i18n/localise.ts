import { ERROR_KINDS, type Field } from '../forms/fields';
import type { JourneyPage } from '../journey/pages';

/**
 * What localisation needs from a translation library (i18next's `TFunction` and `exists` fit).
 * Kept this small so the workflows stay importable without the app.
 */
export interface Translator {
  t(key: string, options?: Record<string, unknown>): string;
  exists(key: string, options?: Record<string, unknown>): boolean;
}

/**
 * Copy that changes with who is applying: with `wording: 'they'`, `<key>_they` is used where it exists
 * ("What is their name?"), else `<key>`. i18next calls this a context.
 */
export type Wording = 'you' | 'they';

/**
 * Page and field text comes from translation files by convention, so a definition holds no words:
 *
 *   <ns>:<state>.title | .hint | .caption | .body (a list) | .button | .summaryLabel
 *   <ns>:<state>.text.<anything> (other words a page's own template shows, as `page.texts`)
 *   <ns>:<state>.fields.<field>.label | .hint | .summary | .text (a checkbox's words)
 *   <ns>:<state>.fields.<field>.options.<value> | .optionHints.<value>
 *   <ns>:<state>.fields.<field>.errors.<required | invalid | past | notPast | tooLong | pattern>
 *
 * Optional keys (hints, captions…) are used only where they exist; required ones (title, label, option
 * text) are always looked up, so a missing one shows up as a missing key, which the tests catch.
 */
export function localiseFields(
  fields: readonly Field[],
  base: string,
  tr: Translator,
  wording: Wording = 'you',
): Field[] {
  const context = wording === 'they' ? { context: 'they' } : undefined;
  const t = (key: string) => tr.t(key, context);
  return fields.map((field) => {
    const key = `${base}.fields.${field.name}`;
    const optional = (suffix: string) => (tr.exists(`${key}.${suffix}`) ? t(`${key}.${suffix}`) : undefined);
    const errors = Object.fromEntries(
      ERROR_KINDS.filter((kind) => tr.exists(`${key}.errors.${kind}`)).map((kind) => [
        kind,
        t(`${key}.errors.${kind}`),
      ]),
    );
    const localised = {
      ...field,
      label: t(`${key}.label`),
      hint: optional('hint'),
      summaryLabel: optional('summary'),
      errors,
    } as Field;
    if (localised.kind === 'radios' || localised.kind === 'checkboxes') {
      localised.options = localised.options.map((option) => ({
        ...option,
        text: t(`${key}.options.${option.value}`),
        hint: optional(`optionHints.${option.value}`),
      }));
    }
    if (localised.kind === 'checkbox') localised.text = t(`${key}.text`);
    return localised;
  });
}

export function localisePage(
  page: JourneyPage,
  namespace: string,
  state: string,
  tr: Translator,
  wording: Wording = 'you',
): JourneyPage {
  const base = `${namespace}:${state}`;
  const context = wording === 'they' ? { context: 'they' } : {};
  const optional = (suffix: string) =>
    tr.exists(`${base}.${suffix}`) ? tr.t(`${base}.${suffix}`, context) : undefined;
  return {
    ...page,
    title: tr.t(`${base}.title`, context),
    hint: optional('hint'),
    caption: optional('caption'),
    button: optional('button'),
    summaryLabel: page.summaryLabel === undefined ? undefined : tr.t(`${base}.summaryLabel`, context),
    body: tr.exists(`${base}.body`)
      ? (tr.t(`${base}.body`, { ...context, returnObjects: true }) as unknown as string[])
      : undefined,
    texts: pageTexts(tr, `${base}.text`, wording),
    fields: localiseFields(page.fields, base, tr, wording),
    itemFields: page.itemFields ? localiseFields(page.itemFields, `${base}.item`, tr, wording) : undefined,
    itemTitle: page.itemFields ? tr.t(`${base}.item.title`, context) : undefined,
  };
}

/** `<state>.text.*`, with each `<key>_they` used in place of `<key>` for "they" wording. */
function pageTexts(tr: Translator, key: string, wording: Wording): Record<string, string> {
  if (!tr.exists(key)) return {};
  const all = tr.t(key, { returnObjects: true }) as unknown as Record<string, string>;
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (name.endsWith('_they')) continue;
    texts[name] = wording === 'they' && all[`${name}_they`] !== undefined ? all[`${name}_they`] : value;
  }
  return texts;
}

/** Localised pages remembered per translator (one per language), keyed by what localisePage reads. */
const localisedPages = new WeakMap<Translator, Map<string, JourneyPage>>();
/** More than every page × wording × variant of the kit's journeys; a bound all the same. */
const LOCALISED_PAGES = 2000;

/**
 * localisePage, remembered: a page's words depend only on the page, its state, the translator and the
 * wording, and translation files do not change while the app runs. Looking them up is most of what
 * check your answers costs (every answered page is localised for its summary row), so each variant is
 * localised once. The key is the page's JSON (functions and patterns by their source), so a page that
 * adaptPage rebuilt with the same content finds the same entry. The result is frozen, as it is shared.
 */
export function localisedPage(
  page: JourneyPage,
  namespace: string,
  state: string,
  tr: Translator,
  wording: Wording = 'you',
): JourneyPage {
  let pages = localisedPages.get(tr);
  if (!pages) {
    pages = new Map();
    localisedPages.set(tr, pages);
  }
  const key = `${namespace}\n${state}\n${wording}\n${pageKey(page)}`;
  let found = pages.get(key);
  if (!found) {
    found = deepFreeze(localisePage(page, namespace, state, tr, wording));
    if (pages.size >= LOCALISED_PAGES) pages.delete(pages.keys().next().value as string);
    pages.set(key, found);
  }
  return found;
}

/** A page's JSON, worked out once per page object (definitions are never changed once made). */
const pageKeys = new WeakMap<JourneyPage, string>();
function pageKey(page: JourneyPage): string {
  let key = pageKeys.get(page);
  if (key === undefined) {
    key = JSON.stringify(page, bySource);
    pageKeys.set(page, key);
  }
  return key;
}

function bySource(_key: string, value: unknown): unknown {
  return typeof value === 'function' || value instanceof RegExp ? String(value) : value;
}

/** Freezes plain objects and arrays (not functions or patterns, which the definitions share). */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof RegExp))) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

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

import type { Field } from '../forms/fields';
import type { JourneyPage } from '../journey/pages';

/**
 * What localisation needs from a translation library (i18next's `TFunction` and `exists` fit).
 * Kept this small so the workflows stay importable without the app.
 */
export interface Translator {
  t(key: string, options?: Record<string, unknown>): string;
  exists(key: string): boolean;
}

/**
 * Page and field text comes from translation files by convention, so a definition holds no words:
 *
 *   <ns>:<state>.title | .hint | .caption | .body (a list) | .button | .summaryLabel
 *   <ns>:<state>.fields.<field>.label | .hint | .summary | .text (a checkbox's words)
 *   <ns>:<state>.fields.<field>.options.<value> | .optionHints.<value>
 *   <ns>:<state>.fields.<field>.errors.<required | invalid | past | notPast | tooLong | pattern>
 *
 * Optional keys (hints, captions…) are used only where they exist; required ones (title, label, option
 * text) are always looked up, so a missing one shows up as a missing key, which the tests catch.
 */
export function localiseFields(fields: readonly Field[], base: string, tr: Translator): Field[] {
  return fields.map((field) => {
    const key = `${base}.fields.${field.name}`;
    const optional = (suffix: string) =>
      tr.exists(`${key}.${suffix}`) ? tr.t(`${key}.${suffix}`) : undefined;
    const errors = Object.fromEntries(
      ['required', 'invalid', 'past', 'notPast', 'tooLong', 'pattern']
        .filter((kind) => tr.exists(`${key}.errors.${kind}`))
        .map((kind) => [kind, tr.t(`${key}.errors.${kind}`)]),
    );
    const localised = {
      ...field,
      label: tr.t(`${key}.label`),
      hint: optional('hint'),
      summaryLabel: optional('summary'),
      errors,
    } as Field;
    if (localised.kind === 'radios') {
      localised.options = localised.options.map((option) => ({
        ...option,
        text: tr.t(`${key}.options.${option.value}`),
        hint: optional(`optionHints.${option.value}`),
      }));
    }
    if (localised.kind === 'checkbox') localised.text = tr.t(`${key}.text`);
    return localised;
  });
}

export function localisePage(
  page: JourneyPage,
  namespace: string,
  state: string,
  tr: Translator,
): JourneyPage {
  const base = `${namespace}:${state}`;
  const optional = (suffix: string) =>
    tr.exists(`${base}.${suffix}`) ? tr.t(`${base}.${suffix}`) : undefined;
  return {
    ...page,
    title: tr.t(`${base}.title`),
    hint: optional('hint'),
    caption: optional('caption'),
    button: optional('button'),
    summaryLabel: page.summaryLabel === undefined ? undefined : tr.t(`${base}.summaryLabel`),
    body: tr.exists(`${base}.body`)
      ? (tr.t(`${base}.body`, { returnObjects: true }) as unknown as string[])
      : undefined,
    fields: localiseFields(page.fields, base, tr),
  };
}

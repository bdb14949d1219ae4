import { displayValue, type Answers, type Field, type Language } from '../../workflows/forms/fields';
import type { JourneyPage } from '../../workflows/journey/pages';

export interface SummaryRow {
  key: string;
  lines: string[];
  /** The page's section, for check your answers' headings. */
  section?: string;
  /** Where "Change" goes (check your answers only). */
  changeHref?: string;
  /** Set on the rows of one "add another" item. */
  itemIndex?: number;
}

const shown = (fields: readonly Field[], stored: Answers, language: Language) =>
  fields
    .filter((field) => !field.when || stored[field.when.field] === field.when.value)
    .map((field) => displayValue(field, stored[field.name], language))
    .filter((value) => value !== '');

/**
 * Answers as summary-list rows, labelled as the person saw them: used by check your answers, the
 * "add another" list pages and the officer's case page, so all read the same. `pages` must already be
 * localised. A list is one row, or with `perItem` (the list's own page) a row per item.
 */
export function answerSummary(
  pages: Array<{ state: string; page: JourneyPage }>,
  answers: Record<string, Answers>,
  lists: Record<string, Answers[]>,
  language: Language,
  options: { changeHref?: (state: string) => string; perItem?: boolean } = {},
): SummaryRow[] {
  const { changeHref, perItem = false } = options;
  return pages.flatMap(({ state, page }): SummaryRow[] => {
    if (!page.checkAnswers) return [];
    const stored = answers[state] ?? {};
    const href = changeHref?.(state);
    const section = page.section;
    if (page.upload) {
      const names = (lists[state] ?? []).map((item) => item.name);
      return [{ key: String(page.summaryLabel ?? page.title), lines: names, changeHref: href, section }];
    }
    if (page.itemFields) {
      const items = lists[state] ?? [];
      const itemFields = page.itemFields;
      if (!perItem) {
        const lines = items.map((item) => shown(itemFields, item, language).join(' – '));
        return [{ key: String(page.summaryLabel ?? page.title), lines, changeHref: href, section }];
      }
      return items.map((item, itemIndex) => {
        const [first, ...rest] = shown(itemFields, item, language);
        return { key: first ?? '', lines: rest, itemIndex, section };
      });
    }
    if (page.summaryLabel) {
      return [
        {
          key: String(page.summaryLabel),
          lines: shown(page.fields, stored, language),
          changeHref: href,
          section,
        },
      ];
    }
    return page.fields
      .filter((field) => stored[field.name] !== undefined)
      .map((field) => ({
        key: field.summaryLabel ?? field.label ?? field.name,
        lines: [displayValue(field, stored[field.name], language)],
        changeHref: href,
        section,
      }));
  });
}

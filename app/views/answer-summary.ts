import { displayValue, type Answers, type Language } from '../../workflows/forms/fields';
import type { JourneyPage } from '../../workflows/journey/pages';

export interface SummaryRow {
  key: string;
  lines: string[];
  /** Where "Change" goes (check your answers only). */
  changeHref?: string;
}

/**
 * Answers as summary-list rows, labelled as the person saw them: used by check your answers and by the
 * officer's case page, so both always read the same. `pages` must already be localised.
 */
export function answerSummary(
  pages: Array<{ state: string; page: JourneyPage }>,
  answers: Record<string, Answers>,
  language: Language,
  changeHref?: (state: string) => string,
): SummaryRow[] {
  return pages.flatMap(({ state, page }) => {
    if (!page.checkAnswers) return [];
    const stored = answers[state] ?? {};
    const href = changeHref?.(state);
    if (page.summaryLabel) {
      const lines = page.fields
        .map((field) => displayValue(field, stored[field.name], language))
        .filter((v) => v !== '');
      return [{ key: String(page.summaryLabel), lines, changeHref: href }];
    }
    return page.fields
      .filter((field) => stored[field.name] !== undefined)
      .map((field) => ({
        key: field.summaryLabel ?? field.label ?? field.name,
        lines: [displayValue(field, stored[field.name], language)],
        changeHref: href,
      }));
  });
}

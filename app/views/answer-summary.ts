import { displayValue, type Answers } from '../../workflows/forms/fields';
import type { JourneyPage } from '../../workflows/journey/pages';

export interface SummaryRow {
  key: string;
  lines: string[];
  /** Where "Change" goes (check your answers only). */
  changeHref?: string;
}

/**
 * Answers as summary-list rows, labelled as the person saw them: used by check your answers and by the
 * officer's case page, so both always read the same.
 */
export function answerSummary(
  pages: Array<{ state: string; page: JourneyPage }>,
  answers: Record<string, Answers>,
  changeHref?: (state: string) => string,
): SummaryRow[] {
  return pages.flatMap(({ state, page }) => {
    if (!page.checkAnswers) return [];
    const stored = answers[state] ?? {};
    const href = changeHref?.(state);
    if (page.summaryLabel) {
      const lines = page.fields
        .map((field) => displayValue(field, stored[field.name]))
        .filter((v) => v !== '');
      return [{ key: page.summaryLabel, lines, changeHref: href }];
    }
    return page.fields
      .filter((field) => stored[field.name] !== undefined)
      .map((field) => ({
        key: field.summaryLabel ?? field.label,
        lines: [displayValue(field, stored[field.name])],
        changeHref: href,
      }));
  });
}

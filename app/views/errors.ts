import type { FieldError } from '../../workflows/forms/fields';

/** The one place validation errors become govukErrorSummary items. */
export function errorSummaryItems(errors: FieldError[]): Array<{ text: string; href: string }> {
  return errors.map((error) => ({ text: error.text, href: error.href }));
}

/** Inline error message for a field, as govuk-frontend macros take it. */
export function errorFor(errors: FieldError[], field: string): { text: string } | undefined {
  const found = errors.find((error) => error.field === field);
  return found ? { text: found.text } : undefined;
}

import type express from 'express';
import type { Field, FieldError } from '../../workflows/forms/fields';
import { errorSummaryItems } from './errors';

/** A page with a form of declarative fields: the values to show, each error inline and in the summary. */
export function renderFormPage(
  res: express.Response,
  view: string,
  form: { status: number; fields: Field[]; values: Record<string, string>; errors: FieldError[] },
  locals: Record<string, unknown> = {},
): void {
  const { status, ...shown } = form;
  res.status(status).render(view, { ...shown, errorList: errorSummaryItems(form.errors), ...locals });
}

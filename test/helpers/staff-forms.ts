import type { Field } from '../../workflows/forms/fields';
import type { StaffEventForm } from '../../workflows/forms/staff-events';

/** A sample answer for a staff form field the form has no default for. */
export function sampleAnswer(field: Field, today: string): string {
  switch (field.kind) {
    case 'date':
      return today;
    case 'radios':
    case 'checkboxes':
      return field.options[0].value;
    case 'number':
      return '1';
    case 'checkbox':
      return 'yes';
    default:
      return 'Given by the officer for the test';
  }
}

/** A form's answers as an officer would send them: its defaults for this case, a sample for the rest. */
export function formAnswers<C>(form: StaffEventForm<C>, context: C, today: string): Record<string, string> {
  const defaults = form.defaults?.(context, today) ?? {};
  return Object.fromEntries(form.fields.map((f) => [f.name, defaults[f.name] ?? sampleAnswer(f, today)]));
}

/**
 * The event an officer sends through the first of `forms` for `type` that applies to the case: its
 * defaults and samples, with `answers` over them.
 */
export function staffFormEvent<C>(
  forms: StaffEventForm<C>[],
  type: string,
  context: C,
  today: string,
  answers: Record<string, string> = {},
) {
  const form = forms.find(
    (candidate) => candidate.event === type && (candidate.appliesTo?.(context) ?? true),
  );
  if (!form) throw new Error(`No staff form sends ${type} for this case`);
  return form.toEvent({ ...formAnswers(form, context, today), ...answers }, today);
}

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

import { addYears, todayInUk } from '../rules/dates';
import type { Nation } from '../rules/types';
import { fieldsForNation, formValuesFor, validateFields, type Answers, type Field } from './fields';

/**
 * A valid answer to a page, made from its field definitions alone: what a test driver sends for a page an
 * example applicant (workflows/application/personas.ts) has no answer of their own for, so adding a
 * question never means editing every example. Radios and checkboxes take their first option offered in
 * the nation; text its `example` (or a few words); a number its minimum; a date one that meets its
 * constraint; a single checkbox is ticked; optional text is left blank. A field revealed under a radio
 * option is answered only when that option is the one taken. The answer is checked with the page's own
 * validation, and a field it cannot satisfy (a `pattern` without an `example`) is an error that says so.
 */
export function sampleAnswers(fields: readonly Field[], nation: Nation, today = todayInUk()): Answers {
  const asked = fieldsForNation(fields, nation);
  const answers: Answers = {};
  for (const field of asked) {
    if (field.when && answers[field.when.field] !== field.when.value) continue;
    const value = sampleValue(field, today);
    if (value !== undefined) answers[field.name] = value;
  }
  const { values, errors } = validateFields(asked, formValuesFor(asked, answers), today);
  if (errors.length > 0) {
    const names = errors.map((error) => error.field).join(', ');
    throw new Error(
      `No valid sample answer for ${names}: give the field an \`example\` that passes its checks`,
    );
  }
  return values;
}

function sampleValue(field: Field, today: string): string | undefined {
  switch (field.kind) {
    case 'radios':
      return field.optional ? undefined : field.options[0]?.value;
    case 'checkboxes':
      return (field.options.find((option) => !option.exclusive) ?? field.options[0])?.value;
    case 'number':
      return String(field.min);
    case 'date':
      // A date of birth (past) 40 years ago; an end date (not past) a year ahead.
      return field.constraint === 'past'
        ? addYears(today, -40)
        : field.constraint === 'not-past'
          ? addYears(today, 1)
          : today;
    case 'checkbox':
      return 'yes';
    case 'text':
      if (field.example !== undefined) return field.example;
      return field.optional ? undefined : 'Example answer'.slice(0, field.maxLength);
    case 'textarea':
      return 'An example answer, made up for a test.'.slice(0, field.maxLength);
  }
}

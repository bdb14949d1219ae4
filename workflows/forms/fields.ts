/**
 * Declarative form fields: what a page asks, and how an answer is checked. The journey runner renders
 * them with govuk-frontend macros and validates posts with `validateFields`; the process map and the
 * API documentation read the same definitions.
 */

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

interface FieldBase {
  name: string;
  label: string;
  hint?: string;
  /** Shown on check your answers; defaults to the label. */
  summaryLabel?: string;
}

export interface RadiosField extends FieldBase {
  kind: 'radios';
  options: Option[];
  errors: { required: string };
}

export interface TextField extends FieldBase {
  kind: 'text';
  maxLength: number;
  optional?: boolean;
  autocomplete?: string;
  /** govuk-input width class suffix, e.g. '10' or 'one-half'. */
  width?: string;
  spellcheck?: boolean;
  /** Applied before validation, e.g. upper-casing a postcode. */
  normalise?: (value: string) => string;
  pattern?: { regex: RegExp; message: string };
  errors: { required?: string; tooLong: string };
}

export interface TextareaField extends FieldBase {
  kind: 'textarea';
  maxLength: number;
  errors: { required: string; tooLong: string };
}

export interface DateField extends FieldBase {
  kind: 'date';
  /** 'past': must be before today (dates of birth). */
  constraint?: 'past' | 'not-past';
  errors: { required: string; invalid: string; past?: string; notPast?: string };
}

export interface CheckboxField extends FieldBase {
  kind: 'checkbox';
  /** The text beside the single box. */
  text: string;
  errors: { required: string };
}

export type Field = RadiosField | TextField | TextareaField | DateField | CheckboxField;

export type Answers = Record<string, string>;

export interface FieldError {
  /** The field's name; `href` links the error summary to the input. */
  field: string;
  href: string;
  text: string;
}

export interface ValidationResult {
  values: Answers;
  errors: FieldError[];
  /** What the person typed, to show back to them when there are errors. */
  raw: Record<string, string>;
}

/** The id of the element an error links to, following govuk-frontend's own naming. */
export function inputId(field: Field): string {
  if (field.kind === 'date') return `${field.name}-day`;
  return field.name;
}

function firstString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/** Control characters other than newlines and tabs never belong in an answer. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
}

export function validateFields(
  fields: readonly Field[],
  body: Record<string, unknown>,
  today: string,
): ValidationResult {
  const values: Answers = {};
  const errors: FieldError[] = [];
  const raw: Record<string, string> = {};
  const fail = (field: Field, text: string, href = `#${inputId(field)}`) =>
    errors.push({ field: field.name, href, text });

  for (const field of fields) {
    if (field.kind === 'date') {
      const parts = ['day', 'month', 'year'].map((part) => clean(firstString(body[`${field.name}-${part}`])));
      const [day, month, year] = parts;
      raw[`${field.name}-day`] = day;
      raw[`${field.name}-month`] = month;
      raw[`${field.name}-year`] = year;
      if (parts.every((p) => p === '')) {
        fail(field, field.errors.required);
        continue;
      }
      const iso = toIsoDate(day, month, year);
      if (iso === null) {
        fail(field, field.errors.invalid);
        continue;
      }
      if (field.constraint === 'past' && iso >= today) {
        fail(field, field.errors.past ?? field.errors.invalid);
        continue;
      }
      if (field.constraint === 'not-past' && iso < today) {
        fail(field, field.errors.notPast ?? field.errors.invalid);
        continue;
      }
      values[field.name] = iso;
      continue;
    }

    let value = clean(firstString(body[field.name]));
    raw[field.name] = value;
    if (field.kind === 'radios') {
      if (!field.options.some((option) => option.value === value)) fail(field, field.errors.required);
      else values[field.name] = value;
      continue;
    }
    if (field.kind === 'checkbox') {
      if (value !== 'yes') fail(field, field.errors.required);
      else values[field.name] = 'yes';
      continue;
    }
    if (field.kind === 'text' && field.normalise) value = field.normalise(value);
    if (value === '') {
      if (field.kind === 'text' && field.optional) continue;
      fail(field, field.errors.required ?? 'Enter an answer');
      continue;
    }
    if (value.length > field.maxLength) {
      fail(field, field.errors.tooLong);
      continue;
    }
    if (field.kind === 'text' && field.pattern && !field.pattern.regex.test(value)) {
      fail(field, field.pattern.message);
      continue;
    }
    values[field.name] = value;
  }
  return { values, errors, raw };
}

/** A real calendar date from day, month and year boxes, or null. Years must have four digits. */
export function toIsoDate(day: string, month: string, year: string): string | null {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (y < 1900 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** How an answer reads back on check your answers and the case page. */
export function displayValue(field: Field, value: string | undefined): string {
  if (value === undefined || value === '') return '';
  if (field.kind === 'radios') return field.options.find((o) => o.value === value)?.text ?? value;
  if (field.kind === 'checkbox') return field.text;
  if (field.kind === 'date') return formatDate(value);
  return value;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** GOV.UK style: 4 June 2027. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** Stored answers as a form's inputs expect them: a date becomes its day, month and year boxes. */
export function formValuesFor(fields: readonly Field[], stored: Answers): Record<string, string> {
  const values: Record<string, string> = { ...stored };
  for (const field of fields) {
    const value = stored[field.name];
    if (field.kind === 'date' && value) {
      const [year, month, day] = value.split('-');
      values[`${field.name}-day`] = String(Number(day));
      values[`${field.name}-month`] = String(Number(month));
      values[`${field.name}-year`] = year;
    }
  }
  return values;
}

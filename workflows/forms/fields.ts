/**
 * Declarative form fields: what a page asks, and how an answer is checked. The journey runner renders
 * them with govuk-frontend macros and validates posts with `validateFields`; the process map and the
 * API documentation read the same definitions.
 */

import type { Nation } from '../rules/types';

/**
 * Text (labels, hints, error messages) is not written here: it comes from the workflow's translation
 * files by a naming convention (see workflows/i18n/localise.ts), so every field can be read in English
 * and Welsh. A definition says only what is asked and what a valid answer is.
 */
export interface Option {
  value: string;
  /** Only offered in these nations (e.g. Adult Disability Payment in Scotland). */
  nations?: readonly Nation[];
  /** A checkbox that means "none of these": it cannot be chosen with the others. */
  exclusive?: boolean;
  /** Filled in by localisation. */
  text?: string;
  hint?: string;
}

export type ErrorKind =
  'required' | 'invalid' | 'past' | 'notPast' | 'tooLong' | 'pattern' | 'range' | 'exclusive';

export const ERROR_KINDS: readonly ErrorKind[] = [
  'required',
  'invalid',
  'past',
  'notPast',
  'tooLong',
  'pattern',
  'range',
  'exclusive',
];

interface FieldBase {
  name: string;
  /** Asked only when another field on the page has this value (shown under that radio option). */
  when?: { field: string; value: string };
  /** Only asked in these nations. */
  nations?: readonly Nation[];
  /** Filled in by localisation: the question, its hint, its label on check your answers, its errors. */
  label?: string;
  hint?: string;
  summaryLabel?: string;
  errors?: Partial<Record<ErrorKind, string>>;
}

export interface RadiosField extends FieldBase {
  kind: 'radios';
  options: Option[];
  /** May be left unanswered (a staff form's yes-or-no that defaults to no). */
  optional?: boolean;
}

export interface CheckboxesField extends FieldBase {
  kind: 'checkboxes';
  options: Option[];
}

/** A whole number, e.g. a tariff level or a number of badges. */
export interface NumberField extends FieldBase {
  kind: 'number';
  min: number;
  max: number;
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
  /** Answers must match; the message is the field's `pattern` error. */
  pattern?: RegExp;
  /**
   * A made-up answer that passes the checks (`pattern` above all): test drivers use it when an example
   * applicant has no answer of their own for the page (workflows/forms/sample-answers.ts).
   */
  example?: string;
}

export interface TextareaField extends FieldBase {
  kind: 'textarea';
  maxLength: number;
}

export interface DateField extends FieldBase {
  kind: 'date';
  /** 'past': must be before today (dates of birth); 'not-past': today or later. */
  constraint?: 'past' | 'not-past';
}

export interface CheckboxField extends FieldBase {
  kind: 'checkbox';
  /** The text beside the single box; filled in by localisation. */
  text?: string;
}

export type Field =
  RadiosField | CheckboxesField | NumberField | TextField | TextareaField | DateField | CheckboxField;

/** Values of a checkboxes answer (stored comma-separated; option values never contain commas). */
export function chosen(value: string | undefined): string[] {
  return value ? value.split(',') : [];
}

/** The fields asked in a nation. */
export function fieldsForNation(fields: readonly Field[], nation: Nation): Field[] {
  return fields
    .filter((field) => !field.nations || field.nations.includes(nation))
    .map((field) =>
      field.kind === 'radios' || field.kind === 'checkboxes'
        ? { ...field, options: field.options.filter((o) => !o.nations || o.nations.includes(nation)) }
        : field,
    );
}

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

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
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
  const fail = (field: Field, kind: ErrorKind) =>
    errors.push({
      field: field.name,
      href: `#${inputId(field)}`,
      text: field.errors?.[kind] ?? field.errors?.invalid ?? kind,
    });

  for (const field of fields) {
    // A field revealed by another's answer counts only when that answer was given.
    if (field.when && values[field.when.field] !== field.when.value) continue;
    if (field.kind === 'checkboxes') {
      const picked = allStrings(body[field.name])
        .map(clean)
        .filter((v) => v !== '');
      raw[field.name] = picked.join(',');
      const known = picked.every((v) => field.options.some((o) => o.value === v));
      if (picked.length === 0) fail(field, 'required');
      else if (!known) fail(field, 'invalid');
      else if (picked.length > 1 && field.options.some((o) => o.exclusive && picked.includes(o.value))) {
        fail(field, 'exclusive');
      } else values[field.name] = [...new Set(picked)].join(',');
      continue;
    }
    if (field.kind === 'number') {
      const text = clean(firstString(body[field.name])).replace(/,/g, '');
      raw[field.name] = text;
      if (text === '') fail(field, 'required');
      else if (!/^\d{1,9}$/.test(text)) fail(field, 'invalid');
      else if (Number(text) < field.min || Number(text) > field.max) fail(field, 'range');
      else values[field.name] = String(Number(text));
      continue;
    }
    if (field.kind === 'date') {
      const parts = ['day', 'month', 'year'].map((part) => clean(firstString(body[`${field.name}-${part}`])));
      const [day, month, year] = parts;
      raw[`${field.name}-day`] = day;
      raw[`${field.name}-month`] = month;
      raw[`${field.name}-year`] = year;
      if (parts.every((p) => p === '')) {
        fail(field, 'required');
        continue;
      }
      const iso = toIsoDate(day, month, year);
      if (iso === null) {
        fail(field, 'invalid');
        continue;
      }
      if (field.constraint === 'past' && iso >= today) {
        fail(field, 'past');
        continue;
      }
      if (field.constraint === 'not-past' && iso < today) {
        fail(field, 'notPast');
        continue;
      }
      values[field.name] = iso;
      continue;
    }

    let value = clean(firstString(body[field.name]));
    raw[field.name] = value;
    if (field.kind === 'radios') {
      if (field.optional && value === '') continue;
      if (!field.options.some((option) => option.value === value)) fail(field, 'required');
      else values[field.name] = value;
      continue;
    }
    if (field.kind === 'checkbox') {
      if (value !== 'yes') fail(field, 'required');
      else values[field.name] = 'yes';
      continue;
    }
    if (field.kind === 'text' && field.normalise) value = field.normalise(value);
    if (value === '') {
      if (field.kind === 'text' && field.optional) continue;
      fail(field, 'required');
      continue;
    }
    if (value.length > field.maxLength) {
      fail(field, 'tooLong');
      continue;
    }
    if (field.kind === 'text' && field.pattern && !field.pattern.test(value)) {
      fail(field, 'pattern');
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
export function displayValue(field: Field, value: string | undefined, language: Language = 'en'): string {
  if (value === undefined || value === '') return '';
  if (field.kind === 'radios') return field.options.find((o) => o.value === value)?.text ?? value;
  if (field.kind === 'checkboxes') {
    return chosen(value)
      .map((v) => field.options.find((o) => o.value === v)?.text ?? v)
      .join(', ');
  }
  if (field.kind === 'checkbox') return field.text ?? value;
  if (field.kind === 'date') return formatDate(value, language);
  return value;
}

export type Language = 'en' | 'cy';

const MONTHS: Record<Language, string[]> = {
  en: [
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
  ],
  cy: [
    'Ionawr',
    'Chwefror',
    'Mawrth',
    'Ebrill',
    'Mai',
    'Mehefin',
    'Gorffennaf',
    'Awst',
    'Medi',
    'Hydref',
    'Tachwedd',
    'Rhagfyr',
  ],
};

/** GOV.UK style: 4 June 2027 (4 Mehefin 2027 in Welsh). */
export function formatDate(iso: string, language: Language = 'en'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  return `${Number(match[3])} ${MONTHS[language][Number(match[2]) - 1]} ${match[1]}`;
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

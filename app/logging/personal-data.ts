/**
 * The last line of defence between personal data and the logs. The kit never logs request bodies or query
 * strings, but free text still reaches a log line: an error message quoting an SQL statement with its
 * values, a path an embedder chose, a message someone writes later. Every string a log line carries goes
 * through here, and anything shaped like an email address, a National Insurance number, a postcode, a date
 * or a quoted SQL value is masked.
 */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // SQL string literals, as knex quotes bound values in its error messages ('…', with '' inside).
  [/'(?:[^']|'')*'/g, "'[redacted]'"],
  [/[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)+/gi, '[email]'],
  // Two letters, six digits, a letter A–D, with or without spaces (HMRC's format, loosely).
  [/\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi, '[ni-number]'],
  // A UK postcode: outward code (A9, A99, A9A, AA9, AA99, AA9A) then inward code (9AA).
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, '[postcode]'],
  [/\b\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.]+Z?)?\b/g, '[date]'],
  [/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, '[date]'],
  [
    /\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ion|chwe|maw|ebr|mai|meh|gor|aws|med|hyd|tach|rhag)[a-z]*\s+\d{4}\b/gi,
    '[date]',
  ],
];

/** Every pattern above needs a quote, an @ or a digit: a string with none of them is returned as it is. */
const COULD_MATCH = /['@\d]/;

export function maskPersonalData(text: string): string {
  if (!COULD_MATCH.test(text)) return text;
  let masked = text;
  for (const [pattern, replacement] of PATTERNS) masked = masked.replace(pattern, replacement);
  return masked;
}

/**
 * Masks every string inside plain objects and arrays. Other objects (errors, requests) are left to their
 * serializers, which mask their own output.
 */
export function maskStrings<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskPersonalData(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, depth + 1)) as T;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  // Copied only when something in it is masked: most log objects (a request line) have nothing to mask.
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const masked = maskStrings(item, depth + 1);
    if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
  }
  return (copy ?? value) as T;
}

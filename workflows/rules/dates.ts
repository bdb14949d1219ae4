/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` strings, without `Date` (whose time zones and two-digit-year
 * quirks have no place in eligibility). Valid ISO dates with four-digit years sort as strings, so the
 * rules compare them with `<` and `>=`.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parse(text: string): CalendarDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function format({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseOrThrow(text: string): CalendarDate {
  const date = parse(text);
  if (!date) throw new RangeError(`Not a real date in the form YYYY-MM-DD: ${JSON.stringify(text)}`);
  return date;
}

/** True for a real calendar date written `YYYY-MM-DD` (so 2023-02-30 and 2023-2-3 are false). */
export function isRealDate(text: unknown): text is string {
  return typeof text === 'string' && parse(text) !== null;
}

/**
 * The same day `years` later. 29 February becomes 28 February in a common year, so a badge never
 * outlasts its limit; the national service checks expiry against start + 3 years the same way [BBDS-BM].
 */
export function addYears(date: string, years: number): string {
  const { year, month, day } = parseOrThrow(date);
  const target = year + years;
  return format({ year: target, month, day: Math.min(day, daysInMonth(target, month)) });
}

/**
 * The day someone born on `dateOfBirth` turns `age`. People born on 29 February have their birthday
 * on 1 March in a common year, the usual reading in UK law.
 */
export function birthday(dateOfBirth: string, age: number): string {
  const { year, month, day } = parseOrThrow(dateOfBirth);
  const target = year + age;
  if (month === 2 && day === 29 && !isLeapYear(target)) return format({ year: target, month: 3, day: 1 });
  return format({ year: target, month, day });
}

/**
 * Made once: building an Intl.DateTimeFormat costs far more than using one (it loads locale and time
 * zone data), and todayInUk runs in guards each time a journey's path is replayed (9 % of a question
 * page's CPU when it was made per call; docs/performance.md). Formatters are immutable, so sharing is safe.
 */
const UK_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The last answer, by the minute it was for. The UK's offset from UTC is always whole hours, so its date
 * can only change on a minute's boundary: every instant of one UTC minute has the same UK date. The
 * formatter was still 1–2 % of a question page's and the eligibility API's CPU (several calls a request).
 */
let lastMinute = Number.NaN;
let lastDate = '';

/** Today's date in the UK, where every council using the kit is. */
export function todayInUk(now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    const parts = UK_DATE.formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    lastDate = `${part('year')}-${part('month')}-${part('day')}`;
    lastMinute = minute;
  }
  return lastDate;
}

/** `date` plus `days` calendar days (negative to go back), as yyyy-mm-dd. */
export function addDays(date: string, days: number): string {
  parseOrThrow(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (yyyy-mm-dd); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const DAY_MS = 24 * 60 * 60 * 1000;

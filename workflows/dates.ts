/** Calendar arithmetic on ISO `YYYY-MM-DD` strings, in UTC so a server's time zone never shifts a date. */

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function parse(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Same day N years on; 29 February becomes 28 February in a year that has none. */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function minDate(...dates: Array<string | null | undefined>): string | null {
  const real = dates.filter((d): d is string => typeof d === 'string');
  return real.length === 0 ? null : real.reduce((a, b) => (a < b ? a : b));
}

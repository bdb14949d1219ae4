/**
 * The same moment `months` calendar months earlier (UTC), the day clamped to the month's length: 31 March
 * less one month is 28 or 29 February, so a period never ends later than the policy says.
 */
export function monthsBefore(moment: Date, months: number): Date {
  const year = moment.getUTCFullYear();
  const month = moment.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(moment.getUTCDate(), lastDay),
      moment.getUTCHours(),
      moment.getUTCMinutes(),
      moment.getUTCSeconds(),
      moment.getUTCMilliseconds(),
    ),
  );
}

/** A `YYYY-MM-DD` date `months` months earlier (clamped as monthsBefore). */
export function dateMonthsBefore(date: string, months: number): string {
  return monthsBefore(new Date(`${date}T00:00:00.000Z`), months)
    .toISOString()
    .slice(0, 10);
}

import { govukDateTime } from '../../../app/views/nunjucks';
import { formatDate } from '../../../workflows/forms/fields';

/** The case page's times: the filter's formatters, made once, write what toLocale…String wrote per call. */
describe('the govukDateTime filter', () => {
  const perCall = (value: string) => {
    const time = new Date(value).toLocaleTimeString('en-GB', {
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZone: 'Europe/London',
    });
    return `${formatDate(new Date(value).toLocaleDateString('en-CA', { timeZone: 'Europe/London' }))} at ${time.replace(' ', '')}`;
  };

  it.each([
    '2026-12-05T01:51:00.000Z', // winter: GMT
    '2026-07-01T23:30:00.000Z', // summer: the next day in the UK (BST)
    '2026-03-29T00:59:59.000Z', // the minute before the clocks go forward
    '2026-03-29T01:00:00.000Z',
    '2026-10-25T00:30:00.000Z', // the hour that happens twice
    '2026-10-25T01:30:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '2027-01-01T12:00:00.000Z', // noon
    '2027-01-01T00:00:00.000Z', // midnight
  ])('%s', (value) => {
    expect(govukDateTime(value)).toBe(perCall(value));
  });

  it('matches over a year of times, every 97 minutes', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let t = start; t < start + 366 * 24 * 3600_000; t += 97 * 60_000) {
      const value = new Date(t).toISOString();
      expect(govukDateTime(value)).toBe(perCall(value));
    }
  });

  it('writes nothing for no time', () => {
    expect(govukDateTime('')).toBe('');
  });
});

import { maskPersonalData, maskStrings } from '../../../app/logging/personal-data';
import { requestId } from '../../../app/middleware/request-log';
import { loadConfig } from '../../../app/config';

describe('the personal-data mask on every logged string', () => {
  it.each([
    ['an email', 'sent to jo.bloggs+bb@example.co.uk today', 'sent to [email] today'],
    ['an NI number', 'NI AB123456C and QQ 12 34 56 D', 'NI [ni-number] and [ni-number]'],
    ['a postcode', 'lives at SW1A 1AA, or m11ae', 'lives at [postcode], or [postcode]'],
    ['an ISO date', 'born 1950-03-14', 'born [date]'],
    [
      'a written date',
      'born 14/03/1950 or 14 March 1950 or 14 Mawrth 1950',
      'born [date] or [date] or [date]',
    ],
    ['an SQL literal', "where name like '%o''brien%' and id = 3", "where name like '[redacted]' and id = 3"],
  ])('masks %s', (_kind, text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('leaves the paths, references and request ids a log line needs', () => {
    const line = 'GET /staff/cases/BB-7K3M-9XQ4 id 770589f2-a47d-4464-a8ca-e89fd54d4d6c /apply/date-of-birth';
    expect(maskPersonalData(line)).toBe(line);
  });

  it('masks strings inside plain objects and arrays, leaving errors to their serializer', () => {
    const error = new Error('AB123456C');
    const masked = maskStrings({ a: ['x@y.org', { b: 'SW1A 2AA' }], n: 3, error });
    expect(masked).toEqual({ a: ['[email]', { b: '[postcode]' }], n: 3, error });
    expect(masked.error).toBe(error);
  });
});

describe('request ids', () => {
  it('keeps a short plain incoming id and replaces anything else', () => {
    expect(requestId('abc-123_X.y')).toBe('abc-123_X.y');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(65), '<script>', ['a', 'b']]) {
      expect(requestId(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to info, silent under jest, and refuses an unknown level', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ JEST_WORKER_ID: '1' }).logLevel).toBe('silent');
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of fatal, error/);
  });
});

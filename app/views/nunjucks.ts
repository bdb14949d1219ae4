import path from 'node:path';
import type express from 'express';
import nunjucks from 'nunjucks';
import { displayValue, formatDate, inputId, type Language } from '../../workflows/forms/fields';
import type { Translations } from '../i18n';
import { fromPackageRoot } from '../package-root';
import { formatPence } from '../payments/money';
import { CachedPartsExtension, PARTS_REMEMBERED } from './cached-parts';
import { rememberImports } from './remembered-imports';

/**
 * Nunjucks with the kit's views first, then govuk-frontend's own template and macros.
 * Caching is on except in development, where templates reload as they are edited.
 */
export function setUpNunjucks(
  app: express.Express,
  options: { production: boolean; mountPath: string; translations: Translations },
) {
  const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  const noCache = !options.production && process.env.NODE_ENV === 'development';
  const env = nunjucks.configure([fromPackageRoot('views'), govukFrontendDist], {
    autoescape: true,
    express: app,
    noCache,
  });
  app.set('view engine', 'njk');
  // `{% cached %}` remembers nothing while templates reload (development): an edited layout shows at once.
  env.addExtension('cached', new CachedPartsExtension(noCache ? 0 : PARTS_REMEMBERED));
  if (!noCache) rememberImports(env);
  env.addGlobal('mountPath', options.mountPath);
  // English until the language middleware has run (e.g. an error before the session is read).
  env.addGlobal('t', options.translations.translator('en').t);
  env.addFilter('govukDate', function (this: { ctx?: { lang?: Language } }, value: string) {
    return value ? formatDate(value, this.ctx?.lang ?? 'en') : '';
  });
  env.addFilter('govukDateTime', govukDateTime);
  const nunjucksTrim = env.getFilter('trim');
  env.addFilter('trim', (value: unknown) => trimmed(value) ?? nunjucksTrim(value));
  env.addFilter('inputId', inputId);
  env.addFilter('pence', formatPence);
  env.addFilter('displayValue', displayValue);
  return env;
}

/**
 * The formatters are made once: `toLocaleTimeString`/`toLocaleDateString` build a new Intl formatter on every
 * call, and the case page's timeline formats a time per event (30 % of that page's CPU).
 */
const UK_TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});
/** en-CA writes a date as YYYY-MM-DD: the day in the UK, for formatDate. */
const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** "5 December 2026 at 1:51am", in UK time. */
export function govukDateTime(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return `${formatDate(UK_DAY.format(date))} at ${UK_TIME.format(date).replace(' ', '')}`;
}

/**
 * Nunjucks's own `trim` (`replace(/^\s*|\s*$/g, '')`) tries the end-of-string match at every position of
 * the string: govuk-frontend's macros trim every component's whole HTML, and it was 3 % of a question
 * page's CPU. String#trim removes exactly the same characters (JavaScript's `\s`) without the scan.
 * Anything but a string is left to Nunjucks's filter.
 */
function trimmed(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (value instanceof nunjucks.runtime.SafeString) {
    return new nunjucks.runtime.SafeString(value.toString().trim());
  }
  return undefined;
}

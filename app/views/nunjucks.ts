import path from 'node:path';
import type express from 'express';
import nunjucks from 'nunjucks';
import { displayValue, formatDate, inputId, type Language } from '../../workflows/forms/fields';
import type { Translations } from '../i18n';
import { fromPackageRoot } from '../package-root';
import { formatPence } from '../payments/money';

/**
 * Nunjucks with the kit's views first, then govuk-frontend's own template and macros.
 * Caching is on except in development, where templates reload as they are edited.
 */
export function setUpNunjucks(
  app: express.Express,
  options: { production: boolean; mountPath: string; translations: Translations },
) {
  const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  const env = nunjucks.configure([fromPackageRoot('views'), govukFrontendDist], {
    autoescape: true,
    express: app,
    noCache: !options.production && process.env.NODE_ENV === 'development',
  });
  app.set('view engine', 'njk');
  env.addGlobal('mountPath', options.mountPath);
  // English until the language middleware has run (e.g. an error before the session is read).
  env.addGlobal('t', options.translations.translator('en').t);
  env.addFilter('govukDate', function (this: { ctx?: { lang?: Language } }, value: string) {
    return value ? formatDate(value, this.ctx?.lang ?? 'en') : '';
  });
  env.addFilter('govukDateTime', (value: string) => {
    if (!value) return '';
    const time = new Date(value).toLocaleTimeString('en-GB', {
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZone: 'Europe/London',
    });
    return `${formatDate(new Date(value).toLocaleDateString('en-CA', { timeZone: 'Europe/London' }))} at ${time.replace(' ', '')}`;
  });
  env.addFilter('inputId', inputId);
  env.addFilter('pence', formatPence);
  env.addFilter('displayValue', displayValue);
  return env;
}

import path from 'node:path';
import nunjucks from 'nunjucks';
import { fromPackageRoot } from '../package-root';
import type { LetterContent } from './content';

let environment: nunjucks.Environment | undefined;

/** The kit's views and govuk-frontend's macros, escaping everything: a letter is rendered outside a request. */
function letterEnvironment(): nunjucks.Environment {
  const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  environment ??= new nunjucks.Environment(
    new nunjucks.FileSystemLoader([fromPackageRoot('views'), govukFrontendDist]),
    { autoescape: true },
  );
  return environment;
}

/**
 * The letter as an HTML fragment with GOV.UK typography (views/letters/letter.njk). It is stored as
 * rendered, so staff see exactly what was sent; the logo is inlined, so it needs no file to display.
 */
export function renderLetterHtml(letter: LetterContent): string {
  const logoSrc = letter.logo
    ? `data:image/${letter.logo.type === 'svg' ? 'svg+xml' : letter.logo.type};base64,${letter.logo.data.toString('base64')}`
    : undefined;
  return letterEnvironment().render('letters/letter.njk', { letter, logoSrc });
}

import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { fromPackageRoot } from '../package-root';

const govukDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');
const ONE_DAY = 24 * 60 * 60 * 1000;

/**
 * govuk-frontend's precompiled CSS, JavaScript, fonts and images, served from the package itself (no Sass
 * step). The CSS names its fonts and images as `/assets/…`; it is rewritten once at start-up to carry the
 * mount path, so the kit works under any prefix.
 */
export function assetRoutes(mountPath: string): express.Router {
  const router = express.Router();
  const css = fs
    .readFileSync(path.join(govukDist, 'govuk-frontend.min.css'), 'utf8')
    // GDS Transport is licensed for GOV.UK only: a council service falls back to the system font stack.
    .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '')
    .replace(/GDS Transport,/g, '')
    .replace(/url\(\/assets\//g, `url(${mountPath}/assets/`)
    .replace(/\/\*# sourceMappingURL=.*?\*\//g, '');
  router.get('/stylesheets/govuk-frontend.min.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('text/css').send(css);
  });
  router.get('/javascripts/govuk-frontend.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400');
    res.sendFile(path.join(govukDist, 'govuk-frontend.min.js'));
  });
  // The kit's own stylesheets (the letters' print layout); govuk-frontend's is served above.
  router.use(
    '/stylesheets',
    express.static(fromPackageRoot('app', 'public', 'stylesheets'), { maxAge: ONE_DAY }),
  );
  router.use(
    '/javascripts',
    express.static(fromPackageRoot('app', 'public', 'javascripts'), { maxAge: ONE_DAY }),
  );
  router.use(
    '/assets',
    express.static(path.join(govukDist, 'assets'), { maxAge: ONE_DAY, fallthrough: false }),
  );
  return router;
}

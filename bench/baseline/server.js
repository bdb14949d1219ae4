'use strict';
/**
 * The benchmark's baseline: the least an Express + Nunjucks + govuk-frontend service must do to serve the
 * kit's question page. The same layout (bench/baseline/views/layout.njk mirrors views/layouts/base.njk), a
 * govukInput and a govukButton, a session cookie (Secure, rolling, behind `trust proxy` as in the kit's
 * production mode) and a CSRF token kept in the session and compared on every POST.
 *
 * It also answers POST /api/eligibility, the eligibility API's equivalent: express.json, a small
 * validation and a JSON answer (no rules are assessed).
 *
 * Deliberately bare: sessions live in express-session's MemoryStore (no database), and there is no
 * helmet, no translations, no statechart and no persistence. The kit's figures divided by these say what
 * everything the kit adds costs on the same machine in the same run.
 *
 * Run: PORT=0 node bench/baseline/server.js — it prints its URL.
 */
const { Buffer } = require('node:buffer');
const crypto = require('node:crypto');
const path = require('node:path');
const express = require('express');
const session = require('express-session');
const nunjucks = require('nunjucks');

const COUNCIL_NAME = 'Bench Council';
const SESSION_SECRET = process.env.SESSION_SECRET || crypto.randomBytes(32).toString('hex');

/** The answers a session at "check your answers" has (only the name is asked by this baseline). */
const OTHER_ANSWERS = {
  applicant: 'Myself',
  points: '12 points',
  dateOfBirth: '17 May 1948',
  address: ['12 High Street', 'Testville', 'SW1A 1AA'],
};

function createBaselineApp() {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  // Production settings: templates compiled once and cached.
  nunjucks.configure([path.join(__dirname, 'views'), govukFrontendDist], {
    autoescape: true,
    express: app,
    noCache: false,
  });
  app.set('view engine', 'njk');
  app.locals.councilName = COUNCIL_NAME;

  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  // The eligibility API's equivalent: JSON in, a small validation, JSON out; no session, as in the kit.
  app.post('/api/eligibility', express.json({ limit: '1mb' }), (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    const problems = eligibilityProblems(req.body);
    if (problems.length > 0) return res.status(400).json({ title: 'Not valid', errors: problems });
    const { nation, assessmentDate, applicant } = req.body;
    res.json({ nation, assessmentDate, applicantType: applicant.type, outcome: 'not-assessed', routes: [] });
  });
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(
    session({
      name: 'baseline.sid',
      secret: SESSION_SECRET,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      proxy: true,
      // MemoryStore: fine for a baseline; the kit keeps its sessions in its database.
      cookie: { httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: 60 * 60 * 1000 },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));

  // The synchroniser token pattern, as the kit does it: one token per session, sent back as `_csrf`.
  app.use((req, res, next) => {
    if (!req.session.csrfToken) req.session.csrfToken = crypto.randomBytes(32).toString('hex');
    if (req.method === 'POST') {
      const sent = Buffer.from(typeof req.body?._csrf === 'string' ? req.body._csrf : '');
      const expected = Buffer.from(req.session.csrfToken);
      if (sent.length !== expected.length || !crypto.timingSafeEqual(sent, expected)) {
        return res.status(403).send('Invalid CSRF token');
      }
    }
    res.locals.csrfToken = req.session.csrfToken;
    res.locals.currentPath = req.path;
    next();
  });

  app.get('/question', (req, res) =>
    res.render('question.njk', { values: { fullName: req.session.fullName ?? '' }, backLink: '/start' }),
  );

  app.post('/question', (req, res) => {
    const fullName = typeof req.body?.fullName === 'string' ? req.body.fullName.trim() : '';
    const error =
      fullName === ''
        ? 'Enter your full name'
        : fullName.length > 100
          ? 'Full name must be 100 characters or fewer'
          : undefined;
    if (error) {
      return res.status(400).render('question.njk', {
        values: { fullName },
        error,
        errorList: [{ text: error, href: '#fullName' }],
        backLink: '/start',
      });
    }
    req.session.fullName = fullName;
    res.redirect(303, '/check-answers');
  });

  app.get('/check-answers', (req, res) =>
    res.render('check-answers.njk', {
      backLink: '/question',
      summary: [
        { key: 'Applying for', lines: [OTHER_ANSWERS.applicant], changeHref: '/who-is-applying' },
        { key: 'PIP ‘moving around’ score', lines: [OTHER_ANSWERS.points], changeHref: '/pip-moving-around' },
        { key: 'Name', lines: [req.session.fullName ?? ''], changeHref: '/question' },
        { key: 'Date of birth', lines: [OTHER_ANSWERS.dateOfBirth], changeHref: '/date-of-birth' },
        { key: 'Address', lines: OTHER_ANSWERS.address, changeHref: '/address' },
      ],
    }),
  );
  return app;
}

const NATIONS = ['england', 'scotland', 'wales'];

/** The least an eligibility endpoint checks: a nation it knows, a date, and who the applicant is. */
function eligibilityProblems(body) {
  const problems = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['The body must be an object'];
  if (!NATIONS.includes(body.nation)) problems.push('nation must be england, scotland or wales');
  if (body.assessmentDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.assessmentDate)))
    problems.push('assessmentDate must be YYYY-MM-DD');
  if (typeof body.applicant !== 'object' || body.applicant === null) problems.push('applicant is required');
  else if (!['person', 'organisation'].includes(body.applicant.type))
    problems.push('applicant.type must be person or organisation');
  return problems;
}

if (require.main === module) {
  const app = createBaselineApp();
  const server = app.listen(Number(process.env.PORT ?? 0), () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    console.log(`Baseline at http://localhost:${port}/question`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

module.exports = { createBaselineApp };

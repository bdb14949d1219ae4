'use strict';
/**
 * One benchmark run: the kit (production mode, its own database) and the bare baseline, each in its own
 * process, loaded in turn by autocannon from a third process over loopback. See docs/performance.md.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { prepareDatabase } = require('./database');
const { Browser, FORWARDED_HEADERS } = require('./http');
const { LoadGenerator } = require('./load');
const { loadTemplate, seedCases, seededCaseId } = require('./seed');
const { startServer } = require('./servers');

const ROOT = path.resolve(__dirname, '..', '..');

/** The scenario names, in the order they run and are reported. */
const SCENARIOS = [
  'question-get',
  'question-post',
  'check-answers-get',
  'eligibility-api',
  'queue-100k',
  'case-page-100k',
  'queue-1m',
];

const MODES = {
  full: { durationSec: 10, warmupSec: 3, connections: 10, casesSmall: 100_000, casesLarge: 1_000_000 },
  quick: { durationSec: 2, warmupSec: 0.5, connections: 10, casesSmall: 1_000, casesLarge: 5_000 },
};

const SESSION_SECRET = 'benchmark-session-secret-that-is-long-enough-0123456789';
const STAFF = { email: 'bench.officer@bench.gov.uk', name: 'Bench Officer', password: 'bench-officer-password-0123' };
const NAMES = ['Margaret Jones', 'Margaret Ann Jones'];

/**
 * @typedef {object} BenchmarkOptions
 * @property {boolean} [quick] small seeds and 2-second runs
 * @property {boolean} [postgres] PostgreSQL instead of a SQLite file
 * @property {string} [postgresUrl] the server to create the run's database on
 * @property {number} [durationSec]
 * @property {number} [warmupSec]
 * @property {number} [connections]
 * @property {number} [casesSmall] cases seeded for queue-100k and case-page-100k
 * @property {number} [casesLarge] cases seeded for queue-1m
 * @property {string} [kitDist] the compiled kit (default: dist/)
 * @property {(line: string) => void} [log]
 */

/** Cleanups of the run in progress, so an interrupted run still stops its servers and drops its database. */
let activeCleanup;

/** Stops the run in progress (for SIGINT): servers, load generator, database. */
async function abortRun() {
  if (activeCleanup) await activeCleanup();
}

/** @param {BenchmarkOptions} options */
async function runBenchmark(options = {}) {
  const mode = options.quick ? 'quick' : 'full';
  const settings = {
    ...MODES[mode],
    ...definedOnly({
      durationSec: options.durationSec,
      warmupSec: options.warmupSec,
      connections: options.connections,
      casesSmall: options.casesSmall,
      casesLarge: options.casesLarge,
    }),
  };
  const log = options.log ?? ((line) => console.error(line));
  const kitCli = path.join(path.resolve(ROOT, options.kitDist ?? 'dist'), 'app', 'cli.js');
  if (!fs.existsSync(kitCli)) throw new Error(`${kitCli} is missing: run \`npm run build\` first`);

  const runStarted = performance.now();
  const database = await prepareDatabase({ postgres: Boolean(options.postgres), postgresUrl: options.postgresUrl });
  log(`Database: ${database.kind}${database.kind === 'postgres' ? ` (${database.url})` : ''}`);
  const load = new LoadGenerator();
  /** @type {import('./servers').RunningServer[]} */
  const servers = [];
  /** @type {import('knex').Knex | undefined} */
  let db;
  let cleanedUp = false;
  const cleanup = async () => {
    if (cleanedUp) return;
    cleanedUp = true;
    load.close();
    await Promise.all(servers.map((server) => server.stop()));
    if (db) await db.destroy();
    await database.drop();
  };
  activeCleanup = cleanup;

  const kitEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: database.url,
    SESSION_SECRET,
    COUNCIL_NAME: 'Bench Council',
    UPLOAD_DIR: path.join(os.tmpdir(), 'blue-badge-bench-uploads'),
  };

  try {
    // Baseline first, then the kit: each cold start is timed with the machine otherwise idle.
    const baseline = await startServer({
      name: 'baseline',
      script: path.join(ROOT, 'bench', 'baseline', 'server.js'),
      cwd: ROOT,
      env: { PATH: kitEnv.PATH, HOME: kitEnv.HOME, NODE_ENV: 'production', PORT: '0' },
      readyPath: '/question',
    });
    servers.push(baseline);
    const kit = await startServer({
      name: 'kit',
      script: kitCli,
      args: ['start'],
      cwd: ROOT,
      env: kitEnv,
      readyPath: '/apply',
    });
    servers.push(kit);
    const kitStartMemory = kit.memory();
    log(
      `Kit listening after ${Math.round(kit.listeningMs)} ms, first 200 after ${Math.round(kit.coldStartMs)} ms, ` +
        `RSS ${kitStartMemory.rssMb.toFixed(1)} MB; baseline first 200 after ${Math.round(baseline.coldStartMs)} ms`,
    );
    db = database.connect();

    const measure = async (label, spec) => {
      const warmup = settings.warmupSec > 0 ? await load.run({ ...spec, durationSec: settings.warmupSec }) : null;
      const result = await load.run({ ...spec, durationSec: settings.durationSec });
      log(
        `  ${label.padEnd(28)} ${result.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms} ms  ` +
          `p99 ${result.p99Ms} ms  errors ${result.errors}${result.errorSamples.length ? ` (${result.errorSamples.join(', ')})` : ''}`,
      );
      return { ...result, warmup };
    };
    const base = { origin: '', connections: settings.connections, durationSec: settings.durationSec };
    const onKit = { ...base, origin: kit.origin };
    const onBaseline = { ...base, origin: baseline.origin };

    // One real application, sent through the kit's own journey: the case every seeded case copies.
    const templateReference = await sendApplication(kit.origin);
    // One citizen session per connection, each at "check your answers"; the same for the baseline.
    const citizens = [];
    for (let i = 0; i < settings.connections; i++) citizens.push(await citizenAtCheckAnswers(kit.origin));
    const baselineCitizens = [];
    for (let i = 0; i < settings.connections; i++) baselineCitizens.push(await baselineCitizen(baseline.origin));

    /** @type {Record<string, { kit: object, baseline?: object, seededCases?: number }>} */
    const measured = {};
    log('Citizen pages:');
    measured['question-get'] = {
      baseline: await measure('baseline GET /question', {
        ...onBaseline,
        clients: baselineCitizens.map((b) => [{ method: 'GET', path: '/question', headers: b.headers() }]),
        expect: { statuses: [200] },
      }),
      kit: await measure('kit GET /apply/name', {
        ...onKit,
        clients: citizens.map((b) => [{ method: 'GET', path: '/apply/name', headers: b.headers() }]),
        expect: { statuses: [200] },
      }),
    };

    const formPosts = (browsers, postPath) =>
      browsers.map((b) =>
        NAMES.map((fullName) => ({
          method: 'POST',
          path: postPath,
          headers: b.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
          body: new URLSearchParams({ _csrf: b.token, fullName }).toString(),
        })),
      );
    const revisionsBefore = await applicationRevisions(db);
    measured['question-post'] = {
      baseline: await measure('baseline POST /question', {
        ...onBaseline,
        clients: formPosts(baselineCitizens, '/question'),
        expect: { statuses: [303], location: '/check-answers' },
      }),
      kit: await measure('kit POST /apply/name', {
        ...onKit,
        clients: formPosts(citizens, '/apply/name'),
        expect: { statuses: [303], location: '/apply/check-your-answers' },
      }),
    };
    const questionPostCheck = await checkTransitions(db, revisionsBefore, measured['question-post'].kit, settings);
    log(
      `  question-post check: ${questionPostCheck.transitions} transitions saved for ${questionPostCheck.redirects} ` +
        `redirects counted: ${questionPostCheck.ok ? 'ok' : 'MISMATCH'}`,
    );

    measured['check-answers-get'] = {
      baseline: await measure('baseline GET /check-answers', {
        ...onBaseline,
        clients: baselineCitizens.map((b) => [{ method: 'GET', path: '/check-answers', headers: b.headers() }]),
        expect: { statuses: [200] },
      }),
      kit: await measure('kit GET check-your-answers', {
        ...onKit,
        clients: citizens.map((b) => [
          { method: 'GET', path: '/apply/check-your-answers', headers: b.headers() },
        ]),
        expect: { statuses: [200] },
      }),
    };

    const bodies = eligibilityBodies();
    measured['eligibility-api'] = {
      kit: await measure('kit POST /api/v1/eligibility', {
        ...onKit,
        // Each connection cycles through the conformance requests, starting at a different one.
        clients: Array.from({ length: settings.connections }, (_, i) =>
          bodies.map((_body, j) => ({
            method: 'POST',
            path: '/api/v1/eligibility',
            headers: { 'content-type': 'application/json' },
            body: bodies[(i + j) % bodies.length],
          })),
        ),
        expect: { statuses: [200] },
      }),
    };

    // Staff: the queue and case pages over many cases.
    await createStaff(kitCli, kitEnv);
    const officers = [];
    for (let i = 0; i < settings.connections; i++) officers.push(await signIn(kit.origin));
    const template = await loadTemplate(db, templateReference);
    const seeding = [];
    const seedTo = async (total) => {
      const existing = seeding.reduce((sum, step) => sum + step.cases, 0);
      const started = performance.now();
      await seedCases(db, template, { from: existing + 1, to: total - 1 });
      const seconds = (performance.now() - started) / 1000;
      const count = Number((await db('cases').count({ n: '*' }))[0].n);
      seeding.push({ cases: total - 1 - existing, seconds: round(seconds, 1), totalCases: count });
      log(`Seeded ${(total - 1 - existing).toLocaleString('en-GB')} cases in ${seconds.toFixed(1)} s (${count.toLocaleString('en-GB')} in all)`);
      return count;
    };
    const queueSpec = {
      ...onKit,
      timeoutSec: 60,
      clients: officers.map((b) => [{ method: 'GET', path: '/staff/cases', headers: b.headers() }]),
      expect: { statuses: [200] },
    };

    const smallCount = await seedTo(settings.casesSmall);
    log(`Staff pages, ${smallCount.toLocaleString('en-GB')} cases:`);
    measured['queue-100k'] = { kit: await measure('kit GET /staff/cases', queueSpec), seededCases: smallCount };
    const references = await sampleReferences(db, settings.casesSmall - 1, settings.connections * 20);
    measured['case-page-100k'] = {
      kit: await measure('kit GET /staff/cases/<ref>', {
        ...onKit,
        timeoutSec: 60,
        clients: officers.map((b, i) =>
          references
            .filter((_, j) => j % officers.length === i)
            .map((reference) => ({ method: 'GET', path: `/staff/cases/${reference}`, headers: b.headers() })),
        ),
        expect: { statuses: [200] },
      }),
      seededCases: smallCount,
    };

    const largeCount = await seedTo(settings.casesLarge);
    log(`Staff pages, ${largeCount.toLocaleString('en-GB')} cases:`);
    measured['queue-1m'] = { kit: await measure('kit GET /staff/cases', queueSpec), seededCases: largeCount };

    const kitMemory = kit.memory();
    const baselineMemory = baseline.memory();
    const scenarios = SCENARIOS.map((name) => scenarioEntry(name, measured[name]));
    return {
      generatedAt: new Date().toISOString(),
      mode,
      database: database.kind,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: round(os.totalmem() / 1024 ** 3, 1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      settings: {
        durationSec: settings.durationSec,
        warmupSec: settings.warmupSec,
        connections: settings.connections,
        casesSmall: settings.casesSmall,
        casesLarge: settings.casesLarge,
      },
      scenarios,
      rssMb: round(kitMemory.peakRssMb, 1),
      coldStartMs: Math.round(kit.coldStartMs),
      kit: {
        listeningMs: Math.round(kit.listeningMs),
        rssAfterStartMb: round(kitStartMemory.rssMb, 1),
        rssAtEndMb: round(kitMemory.rssMb, 1),
      },
      baseline: {
        coldStartMs: Math.round(baseline.coldStartMs),
        rssMb: round(baselineMemory.peakRssMb, 1),
        sessionStore: 'express-session MemoryStore',
      },
      seeding,
      checks: { questionPost: questionPostCheck },
      errors: scenarios.reduce((sum, s) => sum + s.errors + (s.baseline?.errors ?? 0), 0),
      totalSeconds: round((performance.now() - runStarted) / 1000, 1),
    };
  } finally {
    await cleanup();
    activeCleanup = undefined;
  }
}

/** A scenario as the JSON reports it. */
function scenarioEntry(name, measured) {
  const { kit, baseline } = measured;
  const summary = (r) => ({
    reqPerSec: round(r.reqPerSec, 1),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    requests: r.requests,
    errors: r.errors,
    statusCodes: r.statusCodes,
  });
  return {
    name,
    ...summary(kit),
    ratioToBaseline: baseline ? round(kit.reqPerSec / baseline.reqPerSec, 3) : null,
    ...(measured.seededCases !== undefined ? { seededCases: measured.seededCases } : {}),
    warmupErrors: kit.warmup?.errors ?? 0,
    ...(kit.errorSamples.length ? { errorSamples: kit.errorSamples } : {}),
    baseline: baseline ? summary(baseline) : null,
  };
}

/** Answers every page up to "check your answers", as a resident would; the browser stays there. */
async function citizenAtCheckAnswers(origin) {
  const b = new Browser(origin);
  await b.get('/apply');
  const started = await b.post('/apply/start');
  if (started.status !== 303) throw new Error(`POST /apply/start returned ${started.status}`);
  await b.submit('/apply/who-is-applying', { applicant: 'myself' }, '/apply/pip-moving-around');
  await b.submit('/apply/pip-moving-around', { movingAroundPoints: '12' }, '/apply/name');
  await b.submit('/apply/name', { fullName: NAMES[0] }, '/apply/date-of-birth');
  await b.submit(
    '/apply/date-of-birth',
    { 'dateOfBirth-day': '17', 'dateOfBirth-month': '5', 'dateOfBirth-year': '1948' },
    '/apply/address',
  );
  await b.submit(
    '/apply/address',
    { addressLine1: '12 High Street', town: 'Testville', postcode: 'SW1A 1AA' },
    '/apply/check-your-answers',
  );
  const page = await b.get('/apply/check-your-answers');
  if (page.status !== 200 || !page.text.includes(NAMES[0])) throw new Error('Check your answers did not show');
  return b;
}

/** Sends a whole application through the kit; returns its case reference. */
async function sendApplication(origin) {
  const b = await citizenAtCheckAnswers(origin);
  await b.submit('/apply/check-your-answers', {}, '/apply/declaration');
  await b.submit('/apply/declaration', { confirm: 'yes' }, '/apply/application-sent');
  const sent = await b.get('/apply/application-sent');
  const reference = /BB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(sent.text)?.[0];
  if (!reference) throw new Error('No reference on the confirmation page');
  return reference;
}

/** A baseline session with a name given (so "check your answers" has all its rows). */
async function baselineCitizen(origin) {
  const b = new Browser(origin);
  await b.submit('/question', { fullName: NAMES[0] }, '/check-answers');
  return b;
}

/** The staff account, made by the kit's own CLI (`create-staff`, password from STAFF_PASSWORD). */
function createStaff(kitCli, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [kitCli, 'create-staff', '--email', STAFF.email, '--name', STAFF.name, '--role', 'decision-maker'],
      { env: { ...env, STAFF_PASSWORD: STAFF.password }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(undefined) : reject(new Error(`create-staff failed (${code}): ${output}`)),
    );
  });
}

async function signIn(origin) {
  const b = new Browser(origin);
  await b.submit('/staff/sign-in', { email: STAFF.email, password: STAFF.password }, '/staff/cases');
  const queue = await b.get('/staff/cases');
  if (queue.status !== 200) throw new Error(`The queue returned ${queue.status} after signing in`);
  return b;
}

/** Valid request bodies for the eligibility API: the conformance scenarios (docs/conformance). */
function eligibilityBodies() {
  const file = path.join(ROOT, 'docs', 'conformance', 'eligibility.json');
  const { scenarios } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return scenarios.slice(0, 20).map((scenario) => JSON.stringify(scenario.request));
}

/** References of `count` seeded cases spread evenly over the first `seeded`. */
async function sampleReferences(db, seeded, count) {
  const ids = Array.from({ length: Math.min(count, seeded) }, (_, i) =>
    seededCaseId(1 + Math.floor(((i + 0.5) * seeded) / Math.min(count, seeded))),
  );
  const rows = await db('cases').whereIn('id', ids).select('reference');
  if (rows.length !== ids.length) throw new Error(`Found ${rows.length} of ${ids.length} seeded cases`);
  return rows.map((row) => row.reference);
}

/** Revision of every application still being filled in (the citizen sessions'). */
async function applicationRevisions(db) {
  const rows = await db('applications').whereNull('submitted_at').select('id', 'revision', 'state');
  return new Map(rows.map((row) => [row.id, Number(row.revision)]));
}

/**
 * Every 303 counted for question-post must be a saved transition: each POST of /apply/name from check your
 * answers bumps its application's revision by one. Requests still in flight when a run stops are saved but
 * not counted, so up to one per connection per run may be extra.
 */
async function checkTransitions(db, before, result, settings) {
  const after = await db('applications').whereNull('submitted_at').select('id', 'revision', 'state');
  const transitions = after.reduce((sum, row) => sum + Number(row.revision) - (before.get(row.id) ?? 0), 0);
  const redirects = (result.statusCodes['303'] ?? 0) + (result.warmup?.statusCodes['303'] ?? 0);
  const inFlight = transitions - redirects;
  const allAtCheckAnswers = after.every((row) => row.state === 'checkAnswers');
  return {
    redirects,
    transitions,
    ok: inFlight >= 0 && inFlight <= 2 * settings.connections && allAtCheckAnswers,
    allAtCheckAnswers,
  };
}

function round(value, places) {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function definedOnly(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

module.exports = { runBenchmark, abortRun, SCENARIOS, MODES, FORWARDED_HEADERS };

'use strict';
/**
 * One benchmark run: the kit (production mode, its own database) and the bare baseline, each in its own
 * process, loaded in turn by autocannon from a third process over loopback. See docs/performance.md.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { setTimeout: sleep } = require('node:timers/promises');
const { URLSearchParams } = require('node:url');
const { prepareDatabase } = require('./database');
const { Browser, FORWARDED_HEADERS, request } = require('./http');
const { watchCpu } = require('./cpu');
const { answerAll, loadJourney, send } = require('./journey');
const { LoadGenerator } = require('./load');
const { loadTemplate, seedCases, settleWrites } = require('./seed');
const { kitMallocEnv, kitStartNodeArgs, startServer } = require('./servers');
const { createStaff, sampleReferences, signIn } = require('./staff');
const { assessTargets } = require('./targets');

const ROOT = path.resolve(__dirname, '..', '..');

/** The scenario names, in the order they run and are reported. */
/**
 * The steady load the staff pages are also measured at, in requests per second: a busy council team (say 40
 * officers each opening the queue or a case every 2 seconds). A saturating closed-loop load measures the queue
 * that builds up in front of the server, not what an officer waits for; this open-loop rate, below capacity,
 * measures the latter, and is what the staff latency targets are read against.
 */
const STAFF_RATE = 20;

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
  full: {
    durationSec: 10,
    warmupSec: 3,
    connections: 10,
    casesSmall: 100_000,
    casesLarge: 1_000_000,
    staffRate: STAFF_RATE,
  },
  quick: {
    durationSec: 2,
    warmupSec: 0.5,
    connections: 10,
    casesSmall: 1_000,
    casesLarge: 5_000,
    staffRate: STAFF_RATE,
  },
};

const SESSION_SECRET = 'benchmark-session-secret-that-is-long-enough-0123456789';
const NAMES = ['Margaret Jones', 'Margaret Ann Jones'];
/** Requests sent one at a time to the idle server after each run: the latency of a single user. */
const PROBES = 5;

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
 * @property {number} [staffRate] the steady rate (req/s) staff pages are also measured at
 * @property {string[]} [kitNodeArgs] Node options for the kit's process, for experiments (default: those of
 *   `npm start`, see kitStartNodeArgs)
 * @property {string} [kitDist] the compiled kit (default: dist/)
 * @property {string} [kitLabel] what was measured, for the report (default: `git describe` of the kit's folder)
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
      staffRate: options.staffRate,
    }),
  };
  const log = options.log ?? ((line) => console.error(line));
  const kitDist = path.resolve(ROOT, options.kitDist ?? 'dist');
  const kitCli = path.join(kitDist, 'app', 'cli.js');
  if (!fs.existsSync(kitCli)) throw new Error(`${kitCli} is missing: run \`npm run build\` first`);
  const journey = loadJourney(kitDist);
  /** A resident at "check your answers", every page before it answered. */
  const citizenAtCheckAnswers = async (origin) => {
    const browser = new Browser(origin);
    await answerAll(browser, journey);
    const page = await browser.get('/apply/check-your-answers');
    if (page.status !== 200) throw new Error(`Check your answers returned ${page.status}`);
    return browser;
  };

  const runStarted = performance.now();
  const loadAverage = os.loadavg()[0];
  if (loadAverage > 1) {
    log(
      `Warning: the machine is already busy (load average ${loadAverage.toFixed(2)}): figures will be low and noisy`,
    );
  }
  const database = await prepareDatabase({
    postgres: Boolean(options.postgres),
    postgresUrl: options.postgresUrl,
  });
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
    ...kitMallocEnv(ROOT),
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
    const kitNodeArgs = options.kitNodeArgs ?? kitStartNodeArgs(ROOT);
    const kit = await startServer({
      name: 'kit',
      script: kitCli,
      args: ['start'],
      nodeArgs: kitNodeArgs,
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

    /** The benchmark's own processes, and on PostgreSQL the backends serving the run's database. */
    const ownProcesses = async () => {
      const groups = { harness: [process.pid], load: [load.pid], kit: [kit.pid], baseline: [baseline.pid] };
      if (database.kind !== 'postgres') return groups;
      const { rows } = await db.raw('select pid from pg_stat_activity where datname = current_database()');
      return { ...groups, database: rows.map((row) => Number(row.pid)) };
    };
    /**
     * A warm-up, then the measured run, then one request at a time on the idle server. Before each step the
     * server finishes what the last one left in flight, so no run inherits a backlog.
     */
    const measure = async (label, spec) => {
      const server = spec.origin === kit.origin ? kit : baseline;
      const idle = () => waitUntilIdle(server, server === kit ? db : undefined);
      let warmup = null;
      if (settings.warmupSec > 0) {
        warmup = await load.run({ ...spec, durationSec: settings.warmupSec });
        await idle();
      }
      const cpu = await watchCpu(ownProcesses);
      const result = await load.run({ ...spec, durationSec: settings.durationSec });
      const cpuUse = await cpu.stop();
      // The server's own CPU per request (on PostgreSQL, with the database's): steadier than req/s when
      // the machine is shared, since other work slows the clock, not the work a request needs.
      const serverCpuMs = cpuUse
        ? cpuUse.cpuMs[server === kit ? 'kit' : 'baseline'] +
          (server === kit ? (cpuUse.cpuMs.database ?? 0) : 0)
        : null;
      result.cpuMsPerRequest =
        serverCpuMs === null || result.requests === 0 ? null : serverCpuMs / result.requests;
      // The server's peak memory so far: which scenario raised the run's peak.
      const peakRssMb = server.memory().peakRssMb;
      await idle();
      const single = await singleRequests(spec, PROBES);
      log(
        `  ${label.padEnd(28)} ${result.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms} ms  ` +
          `p99 ${result.p99Ms} ms  alone ${single.medianMs.toFixed(1)} ms  ` +
          `${result.cpuMsPerRequest === null ? '' : `CPU ${result.cpuMsPerRequest.toFixed(2)} ms/req  `}` +
          `errors ${result.errors + single.errors}  peak RSS ${peakRssMb.toFixed(0)} MB` +
          `${cpuUse ? `  other processes ${cpuUse.otherCores.toFixed(2)} cores` : ''}` +
          `${result.errorSamples.length ? ` (${result.errorSamples.join(', ')})` : ''}`,
      );
      return { ...result, warmup, single, cpu: cpuUse, peakRssMb };
    };
    /** The same requests at a steady rate below capacity (see STAFF_RATE): what one officer waits for. */
    const atSteadyRate = async (label, spec) => {
      await waitUntilIdle(kit, db);
      const result = await load.run({ ...spec, overallRate: settings.staffRate });
      result.targetReqPerSec = settings.staffRate;
      log(
        `  ${label.padEnd(28)} at ${settings.staffRate} req/s: p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  ` +
          `max ${result.maxMs} ms  errors ${result.errors}`,
      );
      return result;
    };
    const base = { origin: '', connections: settings.connections, durationSec: settings.durationSec };
    const onKit = { ...base, origin: kit.origin };
    const onBaseline = { ...base, origin: baseline.origin };

    // One real application, sent through the kit's own journey: the case every seeded case copies.
    const templateReference = await send(await citizenAtCheckAnswers(kit.origin), journey);
    // One citizen session per connection, each at "check your answers"; the same for the baseline.
    const citizens = [];
    for (let i = 0; i < settings.connections; i++) citizens.push(await citizenAtCheckAnswers(kit.origin));
    const baselineCitizens = [];
    for (let i = 0; i < settings.connections; i++)
      baselineCitizens.push(await baselineCitizen(baseline.origin));

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
    const questionPostCheck = await checkTransitions(
      db,
      revisionsBefore,
      measured['question-post'].kit,
      settings,
    );
    log(
      `  question-post check: ${questionPostCheck.transitions} transitions saved for ${questionPostCheck.redirects} ` +
        `redirects counted: ${questionPostCheck.ok ? 'ok' : 'MISMATCH'}`,
    );

    measured['check-answers-get'] = {
      baseline: await measure('baseline GET /check-answers', {
        ...onBaseline,
        clients: baselineCitizens.map((b) => [
          { method: 'GET', path: '/check-answers', headers: b.headers() },
        ]),
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
    // Each connection cycles through the conformance requests, starting at a different one.
    const eligibilityPosts = (postPath) =>
      Array.from({ length: settings.connections }, (_, i) =>
        bodies.map((_body, j) => ({
          method: 'POST',
          path: postPath,
          headers: { 'content-type': 'application/json' },
          body: bodies[(i + j) % bodies.length],
        })),
      );
    measured['eligibility-api'] = {
      baseline: await measure('baseline POST /api/eligibility', {
        ...onBaseline,
        clients: eligibilityPosts('/api/eligibility'),
        expect: { statuses: [200] },
      }),
      kit: await measure('kit POST /api/v1/eligibility', {
        ...onKit,
        clients: eligibilityPosts('/api/v1/eligibility'),
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
      const settleSeconds = await settleWrites(db);
      const count = Number((await db('cases').count({ n: '*' }))[0].n);
      seeding.push({
        cases: total - 1 - existing,
        seconds: round(seconds, 1),
        settleSeconds: round(settleSeconds, 1),
        totalCases: count,
      });
      log(
        `Seeded ${(total - 1 - existing).toLocaleString('en-GB')} cases in ${seconds.toFixed(1)} s (${count.toLocaleString('en-GB')} in all), written to disk in ${settleSeconds.toFixed(1)} s`,
      );
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
    measured['queue-100k'] = {
      kit: await measure('kit GET /staff/cases', queueSpec),
      steady: await atSteadyRate('kit GET /staff/cases', queueSpec),
      seededCases: smallCount,
    };
    const references = await sampleReferences(db, settings.casesSmall - 1, settings.connections * 20);
    const caseSpec = {
      ...onKit,
      timeoutSec: 60,
      clients: officers.map((b, i) =>
        references
          .filter((_, j) => j % officers.length === i)
          .map((reference) => ({ method: 'GET', path: `/staff/cases/${reference}`, headers: b.headers() })),
      ),
      expect: { statuses: [200] },
    };
    measured['case-page-100k'] = {
      kit: await measure('kit GET /staff/cases/<ref>', caseSpec),
      steady: await atSteadyRate('kit GET /staff/cases/<ref>', caseSpec),
      seededCases: smallCount,
    };

    const largeCount = await seedTo(settings.casesLarge);
    log(`Staff pages, ${largeCount.toLocaleString('en-GB')} cases:`);
    measured['queue-1m'] = {
      kit: await measure('kit GET /staff/cases', queueSpec),
      steady: await atSteadyRate('kit GET /staff/cases', queueSpec),
      seededCases: largeCount,
    };

    const kitMemory = kit.memory();
    const baselineMemory = baseline.memory();
    const scenarios = SCENARIOS.map((name) => scenarioEntry(name, measured[name]));
    const results = {
      generatedAt: new Date().toISOString(),
      mode,
      database: database.kind,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: round(os.totalmem() / 1024 ** 3, 1),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverageAtStart: round(loadAverage, 2),
      },
      settings: {
        durationSec: settings.durationSec,
        warmupSec: settings.warmupSec,
        connections: settings.connections,
        casesSmall: settings.casesSmall,
        casesLarge: settings.casesLarge,
        staffRate: settings.staffRate,
      },
      scenarios,
      rssMb: round(kitMemory.peakRssMb, 1),
      coldStartMs: Math.round(kit.coldStartMs),
      kit: {
        source: describeSource(kitDist, options.kitLabel),
        nodeArgs: kitNodeArgs,
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
    return { ...results, targets: assessTargets(results) };
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
    singleRequestMs: round(r.single.medianMs, 1),
    cpuMsPerRequest: r.cpuMsPerRequest === null ? null : round(r.cpuMsPerRequest, 2),
    // VmHWM at the end of the measured run: the peak resident memory up to and including this scenario.
    peakRssMbSoFar: round(r.peakRssMb, 1),
    requests: r.requests,
    errors: r.errors + r.single.errors,
    statusCodes: r.statusCodes,
    ...(r.connectionErrors || r.timeouts
      ? { connectionErrors: r.connectionErrors, timeouts: r.timeouts }
      : {}),
    ...(r.errorSamples.length ? { errorSamples: r.errorSamples } : {}),
    // Cores used during the measured run by the benchmark's processes and by everything else on the machine.
    cpu: r.cpu,
  });
  return {
    name,
    ...summary(kit),
    ratioToBaseline: baseline ? round(kit.reqPerSec / baseline.reqPerSec, 3) : null,
    // The same comparison by CPU: the baseline's server CPU per request over the kit's.
    cpuRatioToBaseline:
      baseline && kit.cpuMsPerRequest && baseline.cpuMsPerRequest
        ? round(baseline.cpuMsPerRequest / kit.cpuMsPerRequest, 3)
        : null,
    ...(measured.seededCases !== undefined ? { seededCases: measured.seededCases } : {}),
    ...(measured.steady
      ? {
          steadyRate: {
            targetReqPerSec: measured.steady.targetReqPerSec,
            reqPerSec: round(measured.steady.reqPerSec, 1),
            p50Ms: measured.steady.p50Ms,
            p99Ms: measured.steady.p99Ms,
            maxMs: measured.steady.maxMs,
            requests: measured.steady.requests,
            errors: measured.steady.errors,
          },
        }
      : {}),
    warmupErrors: kit.warmup?.errors ?? 0,
    baseline: baseline ? summary(baseline) : null,
  };
}

/** A baseline session with a name given (so "check your answers" has all its rows). */
async function baselineCitizen(origin) {
  const b = new Browser(origin);
  await b.submit('/question', { fullName: NAMES[0] }, '/check-answers');
  return b;
}

/** Valid request bodies for the eligibility API: the conformance scenarios (docs/conformance). */
function eligibilityBodies() {
  const file = path.join(ROOT, 'docs', 'conformance', 'eligibility.json');
  const { scenarios } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return scenarios.slice(0, 20).map((scenario) => JSON.stringify(scenario.request));
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
  const redirects =
    (result.statusCodes['303'] ?? 0) + (result.warmup?.statusCodes['303'] ?? 0) + result.single.expected;
  const inFlight = transitions - redirects;
  const allAtCheckAnswers = after.every((row) => row.state === 'checkAnswers');
  return {
    redirects,
    transitions,
    ok: inFlight >= 0 && inFlight <= 2 * settings.connections && allAtCheckAnswers,
    allAtCheckAnswers,
  };
}

/**
 * Waits until the server has nothing left in flight from a load run. The kit on SQLite has one database
 * connection whose pool serves requests in order, so its /ready (which queries the database; /health no
 * longer does) answers only after the backlog; on PostgreSQL the run's database must also show no active
 * queries.
 */
async function waitUntilIdle(server, db) {
  await request(server.origin, { path: '/ready', headers: FORWARDED_HEADERS, timeoutMs: 600_000 });
  if (!db || db.client.config.client !== 'pg') return;
  for (let waited = 0; waited < 600_000; waited += 50) {
    const { rows } = await db.raw(
      `select count(*)::int as active from pg_stat_activity
       where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`,
    );
    if (rows[0].active === 0) return;
    await sleep(50);
  }
}

/** The first request of the spec, sent `count` times one after another; the median time of each. */
async function singleRequests(spec, count) {
  const [first] = spec.clients[0];
  const times = [];
  let errors = 0;
  let expected = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await request(spec.origin, { ...first, timeoutMs: 600_000 });
    times.push(performance.now() - started);
    const ok =
      spec.expect.statuses.includes(res.status) &&
      (spec.expect.location === undefined || res.headers.location === spec.expect.location);
    if (ok) expected++;
    else errors++;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], errors, expected };
}

/** Which kit was measured: the label given, or the git commit of the folder it was built in. */
function describeSource(kitDist, label) {
  if (label) return label;
  try {
    const describe = execFileSync('git', ['describe', '--always', '--dirty'], {
      cwd: path.dirname(kitDist),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return `git ${describe.trim()}`;
  } catch {
    return null;
  }
}

function round(value, places) {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function definedOnly(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

module.exports = { runBenchmark, abortRun, SCENARIOS, MODES, FORWARDED_HEADERS };

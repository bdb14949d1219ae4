#!/usr/bin/env node
'use strict';
/**
 * Profiles one citizen scenario of the benchmark: starts the compiled kit (production mode, a fresh SQLite
 * file) with `node --cpu-prof`, takes one resident per connection to check your answers, loads one page,
 * then prints the kit's CPU ms per request and the functions that took the most CPU (self and inclusive).
 * A tool for finding what to fix (docs/performance.md), not a measurement to publish.
 *
 * With --callgrind the kit runs under valgrind's callgrind instead, instrumented only while --requests
 * requests are sent one at a time after a warm-up: machine instructions per request, which do not move
 * with the machine's load (other engineers' work slows the clock, not the count), to compare two builds.
 *
 * With --baseline the bare baseline (bench/baseline/server.js) is profiled the same way instead of the kit, on
 * its equivalent requests, so the kit's instructions per request can be read against the baseline's.
 * The staff scenarios (queue, case-page) sign officers in and seed --cases cases first (see staffClients).
 *
 *   node bench/profile.js [--scenario question-get|question-post|check-answers-get|eligibility-api|health|queue|case-page]
 *                         [--cases N] [--duration S] [--connections N] [--no-profile] [--top N]
 *                         [--kit-node-args "…"] [--kit-dist DIR] [--baseline]
 *                         [--rate R] (a steady open-loop rate instead of a closed loop)
 *                         [--callgrind [--requests N] [--warmup-requests N]]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { URLSearchParams } = require('node:url');
const { prepareDatabase } = require('./lib/database');
const { execFileSync } = require('node:child_process');
const { Browser, request } = require('./lib/http');
const { answerAll, loadJourney } = require('./lib/journey');
const { LoadGenerator } = require('./lib/load');
const { kitMallocEnv, kitStartNodeArgs, startServer } = require('./lib/servers');
const { createStaff, sampleReferences, seedFromJourney, signIn } = require('./lib/staff');

const ROOT = path.resolve(__dirname, '..');

/** The eligibility API's request bodies, as `npm run bench` sends them (the first conformance scenarios). */
function eligibilityBodies() {
  const file = path.join(ROOT, 'docs', 'conformance', 'eligibility.json');
  const { scenarios } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return scenarios.slice(0, 20).map((scenario) => JSON.stringify(scenario.request));
}

const eligibilityPosts = (postPath) =>
  eligibilityBodies().map((body) => ({
    method: 'POST',
    path: postPath,
    headers: { 'content-type': 'application/json' },
    body,
  }));

const SCENARIOS = {
  'question-get': (b) => [{ method: 'GET', path: '/apply/name', headers: b.headers() }],
  'question-post': (b) =>
    ['Margaret Jones', 'Margaret Ann Jones'].map((fullName) => ({
      method: 'POST',
      path: '/apply/name',
      headers: b.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ _csrf: b.token, fullName }).toString(),
    })),
  'check-answers-get': (b) => [{ method: 'GET', path: '/apply/check-your-answers', headers: b.headers() }],
  'eligibility-api': () => eligibilityPosts('/api/v1/eligibility'),
  health: () => [{ method: 'GET', path: '/health' }],
};

/** The baseline's equivalents (bench/lib/benchmark.js sends the same). */
const BASELINE_SCENARIOS = {
  'question-get': (b) => [{ method: 'GET', path: '/question', headers: b.headers() }],
  'question-post': (b) =>
    ['Margaret Jones', 'Margaret Ann Jones'].map((fullName) => ({
      method: 'POST',
      path: '/question',
      headers: b.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ _csrf: b.token, fullName }).toString(),
    })),
  'check-answers-get': (b) => [{ method: 'GET', path: '/check-answers', headers: b.headers() }],
  'eligibility-api': () => eligibilityPosts('/api/eligibility'),
  health: () => [{ method: 'GET', path: '/health' }],
};

/** Staff scenarios: what each signed-in officer's connection asks for (references: seeded cases). */
const STAFF_SCENARIOS = {
  queue: (b) => [{ method: 'GET', path: '/staff/cases', headers: b.headers() }],
  'case-page': (b, references) =>
    references.map((reference) => ({
      method: 'GET',
      path: `/staff/cases/${reference}`,
      headers: b.headers(),
    })),
};

/**
 * Requests of a staff scenario, one list per connection (one officer's session each): seeds `cases` cases
 * (one sent through the journey, the rest copies), makes the officer's account and signs in.
 */
async function staffClients(scenario, { kit, kitDist, env, database, journey, connections, cases }) {
  const db = database.connect();
  try {
    await seedFromJourney(db, kit.origin, journey, cases);
    await createStaff(path.join(kitDist, 'app', 'cli.js'), env);
    const references = await sampleReferences(db, cases - 1, connections * 20);
    const clients = [];
    for (let i = 0; i < connections; i++) {
      const officer = await signIn(kit.origin);
      const own = references.filter((_, j) => j % connections === i);
      clients.push(STAFF_SCENARIOS[scenario](officer, own));
    }
    return clients;
  } finally {
    await db.destroy();
  }
}

/** user + system CPU ms of a process so far, from /proc (Linux). */
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Self and inclusive time per function of a .cpuprofile, the largest first. */
function summarise(profile, top) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const name = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? path.relative(ROOT, url.replace(/^file:\/\//, '')) : '';
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  const selfByName = new Map();
  const inclusiveByName = new Map();
  // Inclusive: each function counted once per stack, however often it recurses.
  const walk = (node, onStack) => {
    const key = name(node);
    const own = self.get(node.id) ?? 0;
    selfByName.set(key, (selfByName.get(key) ?? 0) + own);
    let total = own;
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    for (const child of node.children ?? []) total += walk(byId.get(child), onStack);
    if (fresh) {
      onStack.delete(key);
      inclusiveByName.set(key, (inclusiveByName.get(key) ?? 0) + total);
    }
    return total;
  };
  const all = walk(profile.nodes[0], new Set());
  const table = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `${((100 * us) / all).toFixed(1).padStart(5)} %  ${key}`)
      .join('\n');
  return `Self time:\n${table(selfByName)}\n\nInclusive time:\n${table(inclusiveByName)}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'question-get' },
      duration: { type: 'string', default: '8' },
      connections: { type: 'string', default: '10' },
      top: { type: 'string', default: '30' },
      'no-profile': { type: 'boolean', default: false },
      'kit-node-args': { type: 'string' },
      'kit-dist': { type: 'string', default: 'dist' },
      callgrind: { type: 'boolean', default: false },
      requests: { type: 'string', default: '200' },
      'warmup-requests': { type: 'string', default: '1000' },
      cases: { type: 'string', default: '100000' },
      rate: { type: 'string' },
      baseline: { type: 'boolean', default: false },
    },
  });
  const onBaseline = values.baseline;
  const staff = Boolean(STAFF_SCENARIOS[values.scenario]);
  if (onBaseline && staff) throw new Error('--baseline has no staff pages: profile the kit alone');
  const requestsOf = (onBaseline ? BASELINE_SCENARIOS : SCENARIOS)[values.scenario];
  if (!requestsOf && !staff) {
    const names = [...Object.keys(SCENARIOS), ...Object.keys(STAFF_SCENARIOS)];
    throw new Error(`--scenario is one of ${names.join(', ')}`);
  }
  const kitDist = path.resolve(ROOT, values['kit-dist']);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-profile-'));
  const callgrind = values.callgrind;
  const database = await prepareDatabase({ postgres: false });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: database.url,
    SESSION_SECRET: 'profile-session-secret-that-is-long-enough-0123456789',
    COUNCIL_NAME: 'Profile Council',
    UPLOAD_DIR: path.join(profileDir, 'uploads'),
    ...(onBaseline ? {} : kitMallocEnv(ROOT)),
  };
  const kit = await startServer({
    name: onBaseline ? 'baseline' : 'kit',
    script: onBaseline
      ? path.join(ROOT, 'bench', 'baseline', 'server.js')
      : path.join(kitDist, 'app', 'cli.js'),
    args: onBaseline ? [] : ['start'],
    wrapper: callgrind
      ? [
          'valgrind',
          '--tool=callgrind',
          '--instr-atstart=no',
          `--callgrind-out-file=${path.join(profileDir, 'callgrind.out')}`,
        ]
      : [],
    timeoutMs: callgrind ? 600_000 : 60_000,
    nodeArgs: [
      ...(values['no-profile'] || callgrind ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir]),
      // The baseline runs as `npm run bench` starts it: no Node options, no malloc settings.
      ...(values['kit-node-args'] === undefined
        ? onBaseline
          ? []
          : kitStartNodeArgs(ROOT)
        : values['kit-node-args'].split(' ').filter(Boolean)),
    ],
    cwd: ROOT,
    env,
    readyPath: onBaseline ? '/question' : '/apply',
  });
  const load = new LoadGenerator();
  try {
    const journey = loadJourney(kitDist);
    const connections = callgrind ? 1 : Number(values.connections);
    const citizens = [];
    for (let i = 0; i < (staff ? 0 : connections); i++) {
      const browser = new Browser(kit.origin);
      if (onBaseline) {
        await browser.submit('/question', { fullName: 'Margaret Jones' }, '/check-answers');
      } else {
        await answerAll(browser, journey);
        await browser.get('/apply/check-your-answers');
      }
      citizens.push(browser);
    }
    const clients = staff
      ? await staffClients(values.scenario, {
          kit,
          kitDist,
          env,
          database,
          journey,
          connections,
          cases: Number(values.cases),
        })
      : citizens.map(requestsOf);
    if (callgrind) {
      const requests = clients[0];
      const send = async (count) => {
        for (let i = 0; i < count; i++) {
          const res = await request(kit.origin, { ...requests[i % requests.length], timeoutMs: 600_000 });
          if (res.status !== 200 && res.status !== 303) throw new Error(`${res.status}: ${res.text}`);
        }
      };
      await send(Number(values['warmup-requests']));
      execFileSync('callgrind_control', ['--instr=on', String(kit.pid)], { stdio: 'ignore' });
      await send(Number(values.requests));
      execFileSync('callgrind_control', ['--dump', String(kit.pid)], { stdio: 'ignore' });
      const dumps = fs.readdirSync(profileDir).filter((f) => f.startsWith('callgrind.out'));
      const instructions = dumps
        .map((f) => /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(path.join(profileDir, f), 'utf8')))
        .reduce((sum, match) => sum + (match ? Number(match[1]) : 0), 0);
      console.log(
        `${values.scenario} (${onBaseline ? 'baseline' : values['kit-dist']}): ${(instructions / Number(values.requests) / 1e6).toFixed(2)} ` +
          `million instructions per request (${values.requests} requests after ${values['warmup-requests']}; ` +
          `callgrind output in ${profileDir})`,
      );
      return;
    }
    const spec = {
      origin: kit.origin,
      connections: Number(values.connections),
      clients,
      expect: { statuses: [200, 303] },
    };
    await load.run({ ...spec, durationSec: 2 });
    const before = cpuMs(kit.pid);
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    const result = await load.run({ ...spec, durationSec: Number(values.duration), overallRate: rate });
    const used = cpuMs(kit.pid) - before;
    console.log(
      `${values.scenario}: ${result.requests} requests, ${result.reqPerSec.toFixed(0)} req/s, ` +
        `kit CPU ${(used / result.requests).toFixed(3)} ms/req, errors ${result.errors}, ` +
        `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms${rate ? ` at ${rate} req/s` : ''}, ` +
        `peak RSS ${kit.memory().peakRssMb.toFixed(0)} MB, load average ${os.loadavg()[0].toFixed(2)}` +
        `${values['no-profile'] ? '' : ' (with the profiler on)'}`,
    );
  } finally {
    load.close();
    await kit.stop();
    await database.drop();
  }
  if (values['no-profile'] || callgrind) return;
  const [file] = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`No profile written in ${profileDir}`);
  const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8'));
  console.log(`\nProfile: ${path.join(profileDir, file)}\n`);
  console.log(summarise(profile, Number(values.top)));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

'use strict';
/**
 * `npm run test:crash` (issue #10): the built kit as its own process, concurrent residents sending
 * applications and officers deciding them, killed with SIGKILL part-way — twice — and restarted on the same
 * database each time. Then it checks that:
 *   - every request that was answered with a success is in the database (each acknowledged answer is in
 *     its application, each acknowledged application was sent and has its case, each acknowledged
 *     approval has its decision and its badge);
 *   - nothing is half-written (each record's state is the one its last audit row moved it to, no case
 *     without its sent application, no badge without its approved case, never two badges for one case);
 *   - the service carries on (after the last restart a resident sends an application and an officer
 *     approves it).
 * The figures go into docs/reliability.md. Options: --postgres (a fresh database on BENCH_POSTGRES_URL or
 * postgres://postgres@127.0.0.1:5432/test), --rounds N (default 2), --seconds S (longest time before a
 * kill, default 6). Exit code 1 when anything was lost or half-written.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { setTimeout: sleep } = require('node:timers/promises');
const { prepareDatabase, DEFAULT_POSTGRES_URL } = require('../../bench/lib/database');
const { Browser } = require('../../bench/lib/http');
const { loadJourney, formBody, evidenceFile } = require('../../bench/lib/journey');
const { startServer } = require('../../bench/lib/servers');

const root = path.join(__dirname, '..', '..');
const kitDist = path.join(root, 'dist');
const kitCli = path.join(kitDist, 'app', 'cli.js');
const OFFICER = {
  email: 'crash.officer@test.gov.uk',
  name: 'Crash Officer',
  password: 'crash-test-password-0123',
};

const { values: options } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '6' },
  },
});
const ROUNDS = Number(options.rounds);
const MAX_MS = Number(options.seconds) * 1000;
const CITIZENS = 6;
const OFFICERS = 2;
/** Applications sent before the first kill. */
const PREPARED = 12;

/** What the service said yes to: each entry must be found in the database afterwards. */
const acknowledged = { answers: [], sent: [], assessed: new Set(), approved: new Set() };
const counts = { requests: 0, acknowledged: 0, refused: 0, cutOff: 0 };

function sessionId(browser) {
  const cookie = browser.cookies.get('bb.sid');
  if (!cookie) return undefined;
  const signed = decodeURIComponent(cookie); // s:<sid>.<signature>
  return signed.slice(2, signed.lastIndexOf('.'));
}

/** One request through a browser, counted; a connection cut by the kill is "cut off", never a success. */
async function attempt(fn) {
  counts.requests += 1;
  try {
    const res = await fn();
    if (res.status >= 200 && res.status < 400) counts.acknowledged += 1;
    else counts.refused += 1;
    return res;
  } catch {
    counts.cutOff += 1;
    return undefined;
  }
}

/** A resident: start, answer every page (recording each acknowledged answer), send; again, until stopped. */
async function resident(origin, journey, stopped) {
  const { persona, pages } = journey;
  const urlOf = (state) => `/apply/${pages[state].path}`;
  while (!stopped()) {
    const browser = new Browser(origin);
    if (!(await attempt(() => browser.get('/apply')))) return;
    const started = await attempt(() => browser.post('/apply/start'));
    if (started?.status !== 303) return;
    const sid = sessionId(browser);
    for (const step of persona.steps) {
      if (stopped()) return;
      const url = urlOf(step.state);
      if (!(await attempt(() => browser.get(url)))) return;
      if (step.files) {
        for (const name of step.files) {
          if (!(await attempt(() => browser.get(url)))) return;
          const uploaded = await attempt(() => browser.postFile(url, evidenceFile(name)));
          if (uploaded?.status !== 303) return;
        }
        const done = await attempt(() => browser.post(url, { action: 'continue' }));
        if (done?.status !== 303) return;
        acknowledged.answers.push({ sid, state: step.state, items: step.files.length });
      } else if (step.items) {
        for (const item of step.items) {
          if (!(await attempt(() => browser.post(url, { addAnother: 'yes' })))) return;
          if (!(await attempt(() => browser.get(`${url}/add`)))) return;
          const body = formBody(pages[step.state].itemFields ?? [], item);
          const added = await attempt(() => browser.post(`${url}/add`, body));
          if (added?.status !== 303) return;
        }
        const done = await attempt(() => browser.post(url, { addAnother: 'no' }));
        if (done?.status !== 303) return;
        acknowledged.answers.push({ sid, state: step.state, items: step.items.length });
      } else {
        const res = await attempt(() =>
          browser.post(url, formBody(pages[step.state].fields, step.answers ?? {})),
        );
        if (res?.status !== 303) return;
        acknowledged.answers.push({ sid, state: step.state, answers: step.answers ?? {} });
      }
    }
    if (!(await attempt(() => browser.get(urlOf('checkAnswers'))))) return;
    if ((await attempt(() => browser.post(urlOf('checkAnswers'))))?.status !== 303) return;
    if (!(await attempt(() => browser.get(urlOf('declaration'))))) return;
    const sent = await attempt(() => browser.post(urlOf('declaration'), { confirm: 'yes' }));
    if (sent?.status !== 303) return;
    acknowledged.sent.push({ sid });
  }
}

/** The values a staff form page shows (the approve form's prefilled dates) and its revision. */
function formValues(html) {
  const values = {};
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(match[0])?.[1];
    const value = /value="([^"]*)"/.exec(match[0])?.[1];
    if (name && value !== undefined && name !== '_csrf') values[name] = value;
  }
  return values;
}

/** An officer: takes the oldest cases not yet decided, starts each assessment, checks the evidence and approves it. */
async function officer(origin, db, stopped, claimed) {
  const browser = new Browser(origin);
  if (!(await attempt(() => browser.get('/staff/sign-in')))) return;
  const signedIn = await attempt(() =>
    browser.post('/staff/sign-in', { email: OFFICER.email, password: OFFICER.password }),
  );
  if (signedIn?.status !== 303) return;
  while (!stopped()) {
    const next = await db('cases')
      .whereIn('state', ['submitted', 'assessing.checkingEvidence', 'deciding'])
      .whereNotIn('reference', [...claimed])
      .orderBy('submitted_at')
      .first('reference', 'state')
      .catch(() => undefined);
    if (!next) {
      await sleep(50);
      continue;
    }
    claimed.add(next.reference);
    const caseUrl = `/staff/cases/${next.reference}`;
    if (next.state === 'submitted') {
      if (!(await attempt(() => browser.get(`${caseUrl}/start-assessment`)))) return;
      const res = await attempt(() => browser.post(`${caseUrl}/start-assessment`, {}));
      if (!res) return;
      if (res.status === 303) acknowledged.assessed.add(next.reference);
    }
    if (next.state !== 'deciding') {
      // An automatic route (the PIP persona): every evidence item accepted, then it is ready to decide.
      if (!(await attempt(() => browser.get(`${caseUrl}/check-evidence`)))) return;
      const evidence = { identity: 'accepted', address: 'accepted', photo: 'accepted', benefit: 'accepted' };
      if (!(await attempt(() => browser.post(`${caseUrl}/check-evidence`, evidence)))) return;
    }
    const form = await attempt(() => browser.get(`${caseUrl}/approve`));
    if (!form) return;
    const res = await attempt(() => browser.post(`${caseUrl}/approve`, formValues(form.text)));
    if (!res) return;
    if (res.status === 303) acknowledged.approved.add(next.reference);
  }
}

/** The kit as its own process, on the run's database. */
const startKit = (env) =>
  startServer({ name: 'kit', script: kitCli, args: ['start'], env, readyPath: '/apply', cwd: root });

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kitCli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`kit ${args[0]}: ${output}`)),
    );
  });
}

/** Every acknowledged success, and every record's consistency; returns the problems found. */
async function verify(db) {
  const problems = [];
  const sessions = new Map(
    (await db('sessions').select('sid', 'sess')).map((row) => [row.sid, JSON.parse(row.sess)]),
  );
  const applicationOf = async (sid) => {
    const id = sessions.get(sid)?.applicationId;
    return id ? db('applications').where({ id }).first() : undefined;
  };
  for (const answer of acknowledged.answers) {
    const row = await applicationOf(answer.sid);
    if (!row) {
      problems.push(`an acknowledged answer to ${answer.state} has no application`);
      continue;
    }
    const context = JSON.parse(row.snapshot).context;
    if (answer.items !== undefined) {
      if ((context.lists[answer.state] ?? []).length !== answer.items)
        problems.push(`${row.reference}: ${answer.state} lost items`);
    } else {
      const stored = context.answers[answer.state] ?? {};
      for (const [key, value] of Object.entries(answer.answers)) {
        if (stored[key] !== value)
          problems.push(
            `${row.reference}: ${answer.state}.${key} is "${stored[key]}", acknowledged "${value}"`,
          );
      }
    }
  }
  for (const { sid } of acknowledged.sent) {
    const row = await applicationOf(sid);
    const caseRow = row && (await db('cases').where({ application_id: row.id }).first('id'));
    if (!row || row.state !== 'submitted' || !caseRow)
      problems.push(`an acknowledged application ${row?.reference ?? ''} was not sent`);
  }
  for (const reference of acknowledged.assessed) {
    const row = await db('cases').where({ reference }).first('state');
    if (!row || row.state === 'submitted')
      problems.push(`${reference}: acknowledged assessment not recorded`);
  }
  for (const reference of acknowledged.approved) {
    const row = await db('cases').where({ reference }).first('id', 'state');
    const badges = row ? await db('badges').where({ case_id: row.id }) : [];
    if (!row || row.state !== 'badgeOrdered' || badges.length !== 1)
      problems.push(`${reference}: acknowledged approval lost`);
  }

  // Nothing half-written, in any record, acknowledged or not.
  for (const table of ['applications', 'cases', 'badges']) {
    const rows = await db(table).select('id', 'state', 'revision');
    for (const row of rows) {
      const audit = await db('audit_events').where({ entity_id: row.id }).orderBy('id');
      const last = audit[audit.length - 1];
      if (!last || last.to_state !== row.state)
        problems.push(`${table} ${row.id}: state ${row.state}, audit says ${last?.to_state}`);
      if (audit.length < row.revision)
        problems.push(`${table} ${row.id}: revision ${row.revision} with ${audit.length} audit rows`);
    }
  }
  const orphanCases = await db('cases')
    .leftJoin('applications', 'applications.id', 'cases.application_id')
    .whereNull('applications.id')
    .orWhereNot('applications.state', 'submitted')
    .count({ n: '*' })
    .first();
  if (Number(orphanCases.n) > 0) problems.push(`${orphanCases.n} cases without a sent application`);
  const unsent = await db('applications')
    .where({ state: 'submitted' })
    .whereNotExists(db('cases').whereRaw('cases.application_id = applications.id'))
    .count({ n: '*' })
    .first();
  if (Number(unsent.n) > 0) problems.push(`${unsent.n} sent applications without a case`);
  const badgeCases = await db('badges')
    .join('cases', 'cases.id', 'badges.case_id')
    .select('cases.state', 'cases.id');
  if (badgeCases.some((row) => row.state !== 'badgeOrdered'))
    problems.push('a badge whose case is not approved');
  if (new Set(badgeCases.map((row) => row.id)).size !== badgeCases.length)
    problems.push('two badges for one case');
  const approvedWithoutBadge = await db('cases')
    .where({ state: 'badgeOrdered' })
    .whereNotExists(db('badges').whereRaw('badges.case_id = cases.id'))
    .count({ n: '*' })
    .first();
  if (Number(approvedWithoutBadge.n) > 0)
    problems.push(`${approvedWithoutBadge.n} approved cases without a badge`);
  return problems;
}

function writeFigures(kind, markdown) {
  const file = path.join(root, 'docs', 'reliability.md');
  const doc = fs.readFileSync(file, 'utf8');
  const open = `<!-- figures:crash-${kind} -->`;
  const close = `<!-- /figures:crash-${kind} -->`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start === -1 || end === -1) throw new Error(`docs/reliability.md has no ${open} section`);
  fs.writeFileSync(file, `${doc.slice(0, start + open.length)}\n\n${markdown.trim()}\n\n${doc.slice(end)}`);
}

async function main() {
  const database = await prepareDatabase({
    postgres: options.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
  });
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'blue-badge-crash-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    DATABASE_URL: database.url,
    SESSION_SECRET: 'crash-test-session-secret-0123456789abcdef',
    SEED_DEMO: 'false',
    UPLOAD_DIR: uploads,
    LOG_LEVEL: 'silent',
  };
  const db = database.connect();
  const journey = loadJourney(kitDist);
  const kills = [];
  let server;
  try {
    await runCli(['migrate'], env);
    await runCli(
      ['create-staff', '--email', OFFICER.email, '--name', OFFICER.name, '--role', 'decision-maker'],
      {
        ...env,
        STAFF_PASSWORD: OFFICER.password,
      },
    );
    // First some sent applications, so officers have cases to decide while the kills happen.
    server = await startKit(env);
    const enough = () => acknowledged.sent.length >= PREPARED;
    await Promise.all(Array.from({ length: CITIZENS }, () => resident(server.origin, journey, enough)));
    await server.stop();

    for (let round = 1; round <= ROUNDS; round += 1) {
      server = await startKit(env);
      let stop = false;
      const stopped = () => stop;
      const claimed = new Set();
      const workers = [
        ...Array.from({ length: CITIZENS }, () => resident(server.origin, journey, stopped)),
        ...Array.from({ length: OFFICERS }, () => officer(server.origin, db, stopped, claimed)),
      ];
      // Kill it part-way, at a time nobody chose: somewhere between 2 s and MAX_MS.
      const after = 2000 + Math.floor(Math.random() * Math.max(1, MAX_MS - 2000));
      await sleep(after);
      process.kill(server.pid, 'SIGKILL');
      kills.push(after);
      stop = true;
      await Promise.all(workers);
      await server.stop(); // already dead: resolves once the exit is seen
    }

    // Back up once more: the service must carry on, and everything must be there and consistent.
    server = await startKit(env);
    const sentBefore = acknowledged.sent.length;
    await resident(server.origin, journey, () => acknowledged.sent.length > sentBefore);
    const carriedOn = acknowledged.sent.length > sentBefore;
    // The officer takes the case just sent (every other one is marked as taken).
    const last = await db('cases').orderBy('submitted_at', 'desc').first('reference');
    const others = await db('cases').whereNot({ reference: last.reference }).select('reference');
    const decided = () => acknowledged.approved.has(last.reference);
    await officer(server.origin, db, decided, new Set(others.map((row) => row.reference)));
    const problems = await verify(db);
    if (!carriedOn) problems.push('after the restarts a resident could not send an application');
    if (!decided()) problems.push('after the restarts an officer could not approve a case');

    const totals = {
      cases: Number((await db('cases').count({ n: '*' }).first()).n),
      badges: Number((await db('badges').count({ n: '*' }).first()).n),
    };
    const acks =
      acknowledged.answers.length +
      acknowledged.sent.length +
      acknowledged.assessed.size +
      acknowledged.approved.size;
    const summary = [
      `${database.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'}: ${ROUNDS} kills with SIGKILL (after ${kills.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' and ')}), ${CITIZENS} residents and ${OFFICERS} officers at once.`,
      `${counts.requests} requests: ${counts.acknowledged} answered with a success, ${counts.refused} refused, ${counts.cutOff} cut off by the kills.`,
      `${acks} acknowledged changes checked (${acknowledged.answers.length} answers, ${acknowledged.sent.length} applications sent, ${acknowledged.assessed.size} assessments started, ${acknowledged.approved.size} approvals); ${totals.cases} cases and ${totals.badges} badges at the end.`,
      `Lost: ${problems.filter((p) => /acknowledged|lost/.test(p)).length}. Half-written: ${problems.filter((p) => !/acknowledged|lost|after the restarts/.test(p)).length}. The service carried on after the restarts: ${carriedOn && decided() ? 'yes' : 'no'}.`,
    ];
    console.log(summary.join('\n'));
    if (problems.length > 0) {
      console.error(`Problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
      process.exitCode = 1;
    } else {
      writeFigures(database.kind, summary.map((line) => `- ${line}`).join('\n'));
    }
  } finally {
    if (server) await server.stop().catch(() => undefined);
    await db.destroy();
    await database.drop();
    fs.rmSync(uploads, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

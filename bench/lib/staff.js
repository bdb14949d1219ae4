'use strict';
/**
 * Staff pages for the benchmark and the profiler: the officer's account (made with the kit's own CLI),
 * signed-in sessions, many seeded cases and a sample of their references.
 */
const { spawn } = require('node:child_process');
const { Browser } = require('./http');
const { answerAll, send } = require('./journey');
const { loadTemplate, seedCases, seededCaseId, settleWrites } = require('./seed');

const STAFF = {
  email: 'bench.officer@bench.gov.uk',
  name: 'Bench Officer',
  password: 'bench-officer-password-0123',
};

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

/** A signed-in officer's browser, its queue already seen once. */
async function signIn(origin) {
  const b = new Browser(origin);
  await b.submit('/staff/sign-in', { email: STAFF.email, password: STAFF.password }, '/staff/cases');
  const queue = await b.get('/staff/cases');
  if (queue.status !== 200) throw new Error(`The queue returned ${queue.status} after signing in`);
  return b;
}

/**
 * One application sent through the kit's own journey, then `total - 1` copies of its case: `total` cases.
 * @param {import('knex').Knex} db
 * @param {string} origin the running kit
 * @param {ReturnType<typeof import('./journey').loadJourney>} journey
 */
async function seedFromJourney(db, origin, journey, total) {
  const citizen = new Browser(origin);
  await answerAll(citizen, journey);
  const reference = await send(citizen, journey);
  const template = await loadTemplate(db, reference);
  await seedCases(db, template, { from: 1, to: total - 1 });
  await settleWrites(db);
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

module.exports = { STAFF, createStaff, signIn, seedFromJourney, sampleReferences };

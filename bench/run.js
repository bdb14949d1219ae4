#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (after `npm run build`): benchmarks the compiled kit against a bare baseline in the same
 * run, writes bench/results/latest.json and prints a Markdown table. See docs/performance.md.
 *
 *   node bench/run.js [--quick] [--postgres] [--duration S] [--warmup S] [--connections N]
 *                     [--cases-small N] [--cases-large N] [--staff-rate R] [--kit-dist DIR]
 *                     [--kit-label TEXT] [--kit-node-args="--flag …"] [--out FILE]
 *
 * --postgres creates a fresh database on BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)
 * and drops it afterwards.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { runBenchmark, abortRun } = require('./lib/benchmark');
const { DEFAULT_POSTGRES_URL } = require('./lib/database');
const { markdownReport } = require('./lib/report');

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      postgres: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'cases-small': { type: 'string' },
      'cases-large': { type: 'string' },
      'staff-rate': { type: 'string' },
      'kit-node-args': { type: 'string' },
      'kit-dist': { type: 'string' },
      'kit-label': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const numberOf = (name) => {
    const value = values[name];
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number`);
    return parsed;
  };
  const out = path.resolve(values.out ?? path.join(__dirname, 'results', 'latest.json'));
  process.once('SIGINT', () => {
    console.error('Interrupted: stopping the servers and removing the database…');
    abortRun().finally(() => process.exit(130));
  });

  const results = await runBenchmark({
    quick: values.quick,
    postgres: values.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL,
    durationSec: numberOf('duration'),
    warmupSec: numberOf('warmup'),
    connections: numberOf('connections'),
    casesSmall: numberOf('cases-small'),
    casesLarge: numberOf('cases-large'),
    staffRate: numberOf('staff-rate'),
    kitNodeArgs: values['kit-node-args']?.split(/\s+/).filter(Boolean),
    kitDist: values['kit-dist'],
    kitLabel: values['kit-label'],
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const table = markdownReport(results);
  fs.writeFileSync(out.replace(/\.json$/, '') + '.md', `${table}\n`);
  console.log(table);
  console.error(`\nWrote ${path.relative(process.cwd(), out)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

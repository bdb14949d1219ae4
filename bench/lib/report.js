'use strict';
/** The results as a Markdown table and notes, as printed by `npm run bench` and kept in docs/performance.md. */

const LABELS = {
  'question-get': 'GET a question page',
  'question-post': 'POST a valid answer (303)',
  'check-answers-get': 'GET check your answers',
  'eligibility-api': 'POST /api/v1/eligibility',
  'queue-100k': 'GET the staff queue',
  'case-page-100k': 'GET a case page',
  'queue-1m': 'GET the staff queue',
};

const number = (value) => (value === null || value === undefined ? '–' : value.toLocaleString('en-GB'));
const fixed = (value, places) =>
  value === null || value === undefined
    ? '–'
    : Number(value).toLocaleString('en-GB', { maximumFractionDigits: places, minimumFractionDigits: places });

/** @param {ReturnType<typeof import('./benchmark').runBenchmark> extends Promise<infer R> ? R : never} results */
function markdownReport(results) {
  const lines = [
    "Issue #11's targets (the staff queue's p99 at the steady rate below, not under saturation):",
    '',
    '| Target | Wanted | Measured | Under | Met? |',
    '| --- | --- | ---: | --- | --- |',
    ...results.targets.map(
      (t) =>
        `| ${t.name} | ${t.target} | ${t.measured === null ? '–' : `${fixed(t.measured, t.unit ? 0 : 2)}${t.unit ? ` ${t.unit}` : ''}`} | ` +
        `${t.under} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| Scenario | Cases | Kit req/s | Kit p50 ms | Kit p99 ms | Kit alone ms | Kit CPU ms/req | Baseline req/s | Baseline p50 / p99 ms | Baseline CPU ms/req | Kit ÷ baseline | Kit ÷ baseline, CPU | Errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of results.scenarios) {
    const b = s.baseline;
    lines.push(
      [
        `\`${s.name}\` ${LABELS[s.name] ?? ''}`.trim(),
        s.seededCases === undefined ? '' : number(s.seededCases),
        fixed(s.reqPerSec, 0),
        number(s.p50Ms),
        number(s.p99Ms),
        fixed(s.singleRequestMs, 1),
        fixed(s.cpuMsPerRequest, 2),
        b ? fixed(b.reqPerSec, 0) : '–',
        b ? `${number(b.p50Ms)} / ${number(b.p99Ms)}` : '–',
        b ? fixed(b.cpuMsPerRequest, 2) : '–',
        s.ratioToBaseline === null ? '–' : fixed(s.ratioToBaseline, 2),
        s.cpuRatioToBaseline === null || s.cpuRatioToBaseline === undefined
          ? '–'
          : fixed(s.cpuRatioToBaseline, 2),
        number(s.errors + (b?.errors ?? 0)),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    );
  }
  const steady = results.scenarios.filter((s) => s.steadyRate);
  if (steady.length) {
    lines.push(
      '',
      `Staff pages at a steady ${number(results.settings.staffRate)} requests per second (below capacity: the wait one officer sees):`,
      '',
      '| Scenario | Cases | req/s | p50 ms | p99 ms | max ms | Errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...steady.map(
        (s) =>
          `| \`${s.name}\` ${LABELS[s.name] ?? ''} | ${number(s.seededCases)} | ${fixed(s.steadyRate.reqPerSec, 1)} | ` +
          `${number(s.steadyRate.p50Ms)} | ${number(s.steadyRate.p99Ms)} | ${number(s.steadyRate.maxMs)} | ${number(s.steadyRate.errors)} |`,
      ),
    );
  }
  const seeding = results.seeding
    .map(
      (step) =>
        `${number(step.cases)} cases in ${fixed(step.seconds, 1)} s (to ${number(step.totalCases)}), on disk ${fixed(step.settleSeconds ?? 0, 1)} s later`,
    )
    .join('; ');
  const others = results.scenarios
    .flatMap((s) => [s.cpu, s.baseline?.cpu])
    .filter(Boolean)
    .map((cpu) => cpu.otherCores);
  const busiest = others.length ? Math.max(...others) : null;
  lines.push(
    '',
    `- Kit peak resident memory (VmHWM over the whole run): **${fixed(results.rssMb, 1)} MB** ` +
      `(${fixed(results.kit.rssAfterStartMb, 1)} MB after start; baseline peak ${fixed(results.baseline.rssMb, 1)} MB).`,
    `- Cold start, process start to the first 200 from \`/apply\`: **${number(results.coldStartMs)} ms** ` +
      `(listening after ${number(results.kit.listeningMs)} ms, migrations on an empty database included; ` +
      `baseline ${number(results.baseline.coldStartMs)} ms).`,
    `- Seeding: ${seeding}.`,
    `- question-post check: ${number(results.checks.questionPost.transitions)} transitions saved for ` +
      `${number(results.checks.questionPost.redirects)} redirects counted (${results.checks.questionPost.ok ? 'consistent' : 'MISMATCH'}).`,
    `- ${results.mode} run on ${results.database}, ${results.settings.connections} connections, ` +
      `${results.settings.warmupSec} s warm-up + ${results.settings.durationSec} s per scenario; ` +
      `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}; ` +
      `whole run ${fixed(results.totalSeconds, 0)} s; ${results.generatedAt}.`,
  );
  if (busiest !== null) {
    lines.push(
      `- Other processes on the machine used at most ${fixed(busiest, 2)} cores during a measured run` +
        (busiest > 0.25 ? ' — **the machine was not idle: these figures are low and noisy**.' : '.'),
    );
  }
  return lines.join('\n');
}

module.exports = { markdownReport };

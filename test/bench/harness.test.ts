import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The benchmark harness (bench/run.js) end to end in a tiny quick run: the kit built from the current
 * source, the baseline, the load generator, seeding and the report. It checks the shape of
 * bench results, never their speed: speed is what `npm run bench` measures (docs/performance.md).
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const WORK = path.join(ROOT, 'test-artefacts', 'bench');
const KIT = path.join(WORK, 'kit');
const OUT = path.join(WORK, 'latest.json');

const SCENARIOS = [
  'question-get',
  'question-post',
  'check-answers-get',
  'eligibility-api',
  'queue-100k',
  'case-page-100k',
  'queue-1m',
];
const WITH_BASELINE = ['question-get', 'question-post', 'check-answers-get', 'eligibility-api'];

describe('the benchmark harness, in a quick run', () => {
  let stdout = '';

  beforeAll(async () => {
    fs.mkdirSync(WORK, { recursive: true });
    fs.rmSync(OUT, { force: true });
    // The kit as `npm run build` makes it, from the source under test (incremental: fast when unchanged).
    // Type errors are `npm run typecheck`'s to report, as in the rest of the suite: tsc still writes the
    // JavaScript then (exit code 2), and only a build that wrote nothing fails here.
    await run(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        KIT,
        '--incremental',
        '--tsBuildInfoFile',
        path.join(WORK, 'kit.tsbuildinfo'),
      ],
      { cwd: ROOT },
    ).catch((error: { code?: number; stdout?: string }) => {
      if (error.code !== 2) throw error;
    });
    ({ stdout } = await run(
      process.execPath,
      [
        'bench/run.js',
        '--quick',
        '--duration=1',
        '--warmup=0',
        '--connections=2',
        '--cases-small=200',
        '--cases-large=500',
        `--kit-dist=${KIT}`,
        `--out=${OUT}`,
      ],
      { cwd: ROOT, maxBuffer: 10 * 1024 * 1024 },
    ));
  }, 120_000);

  it('writes bench results in the documented shape', () => {
    const results = JSON.parse(fs.readFileSync(OUT, 'utf8'));
    expect(results.mode).toBe('quick');
    expect(results.database).toBe('sqlite');
    expect(results.scenarios.map((s: { name: string }) => s.name)).toEqual(SCENARIOS);
    for (const scenario of results.scenarios) {
      expect(scenario).toEqual(
        expect.objectContaining({
          reqPerSec: expect.any(Number),
          p50Ms: expect.any(Number),
          p99Ms: expect.any(Number),
        }),
      );
      expect(scenario.requests).toBeGreaterThan(0);
      if (WITH_BASELINE.includes(scenario.name)) {
        expect(scenario.ratioToBaseline).toEqual(expect.any(Number));
        expect(scenario.baseline.reqPerSec).toEqual(expect.any(Number));
      } else {
        expect(scenario.ratioToBaseline).toBeNull();
      }
    }
    expect(results.rssMb).toEqual(expect.any(Number));
    expect(results.rssMb).toBeGreaterThan(0);
    expect(results.coldStartMs).toEqual(expect.any(Number));
    expect(results.coldStartMs).toBeGreaterThan(0);
  });

  it('loads only valid requests: every response is the expected one, and every answer was saved', () => {
    const results = JSON.parse(fs.readFileSync(OUT, 'utf8'));
    expect(results.scenarios.map((s: { name: string; errors: number }) => [s.name, s.errors])).toEqual(
      SCENARIOS.map((name) => [name, 0]),
    );
    expect(results.checks.questionPost.ok).toBe(true);
    // The staff pages are measured again at a steady rate, with every response a valid page too.
    const steady = results.scenarios.filter((s: { steadyRate?: unknown }) => s.steadyRate);
    expect(steady.map((s: { name: string }) => s.name)).toEqual(['queue-100k', 'case-page-100k', 'queue-1m']);
    for (const s of steady) {
      expect(s.steadyRate.targetReqPerSec).toBe(results.settings.staffRate);
      expect(s.steadyRate.requests).toBeGreaterThan(0);
      expect(s.steadyRate.errors).toBe(0);
    }
    expect(results.seeding.map((step: { totalCases: number }) => step.totalCases)).toEqual([200, 500]);
  });

  it("reads issue #11's targets off the run: the queue's p99 at the steady rate, not under saturation", () => {
    const results = JSON.parse(fs.readFileSync(OUT, 'utf8'));
    const scenario = (name: string) => results.scenarios.find((s: { name: string }) => s.name === name);
    const targets = Object.fromEntries(
      results.targets.map((t: { name: string; measured: number; met: boolean }) => [t.name, t]),
    );
    expect(Object.keys(targets)).toEqual([
      'question-get ÷ baseline (req/s)',
      'question-post ÷ baseline (req/s)',
      'eligibility-api ÷ baseline (req/s)',
      'queue-100k p99',
      'queue-1m p99',
      'peak resident memory',
      'cold start',
    ]);
    expect(targets['question-get ÷ baseline (req/s)'].measured).toBe(
      scenario('question-get').ratioToBaseline,
    );
    expect(targets['queue-100k p99'].measured).toBe(scenario('queue-100k').steadyRate.p99Ms);
    expect(targets['queue-1m p99'].measured).toBe(scenario('queue-1m').steadyRate.p99Ms);
    expect(targets['queue-1m p99'].met).toBe(scenario('queue-1m').steadyRate.p99Ms < 150);
    expect(targets['peak resident memory'].measured).toBe(results.rssMb);
    expect(targets['cold start'].met).toBe(results.coldStartMs < 1500);
  });

  it('prints the Markdown table', () => {
    expect(stdout).toContain('| Scenario |');
    expect(stdout).toContain('| queue-100k p99 | < 50 ms at 100,000 cases |');
    for (const name of SCENARIOS) expect(stdout).toContain(`\`${name}\``);
  });
});

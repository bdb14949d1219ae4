'use strict';
/**
 * Issue #11's targets, read off a run's results: what was measured for each, under which load, and whether
 * it is met. The staff queue's p99 is read at the steady rate (an open-loop load below capacity, what an
 * officer waits for), not under the closed-loop saturation that measures throughput.
 */

/**
 * @typedef {object} TargetResult
 * @property {string} name what the target is about
 * @property {string} target the target, as the issue states it
 * @property {number | null} measured
 * @property {string} unit
 * @property {string} under the load it was measured under
 * @property {boolean | null} met null when the run did not measure it
 */

/** @returns {TargetResult[]} */
function assessTargets(results) {
  const scenario = (name) => results.scenarios.find((s) => s.name === name);
  const saturation = `${results.settings.connections} connections in a closed loop`;
  const ratio = (name, least) => {
    const measured = scenario(name)?.ratioToBaseline ?? null;
    return {
      name: `${name} ÷ baseline (req/s)`,
      target: `≥ ${least.toFixed(2)}`,
      measured,
      unit: '',
      under: saturation,
      met: measured === null ? null : measured >= least,
    };
  };
  const queueP99 = (name, cases, most) => {
    const steady = scenario(name)?.steadyRate;
    const measured = steady?.p99Ms ?? null;
    return {
      name: `${name} p99`,
      target: `< ${most} ms at ${cases.toLocaleString('en-GB')} cases`,
      measured,
      unit: 'ms',
      under: `a steady ${results.settings.staffRate} req/s (open loop), ${(scenario(name)?.seededCases ?? 0).toLocaleString('en-GB')} cases`,
      met: measured === null ? null : measured < most,
    };
  };
  return [
    ratio('question-get', 0.7),
    ratio('question-post', 0.35),
    ratio('eligibility-api', 0.7),
    queueP99('queue-100k', 100_000, 50),
    queueP99('queue-1m', 1_000_000, 150),
    {
      name: 'peak resident memory',
      target: '< 200 MB',
      measured: results.rssMb,
      unit: 'MB',
      under: 'the whole run (VmHWM), staff sign-ins included',
      met: results.rssMb < 200,
    },
    {
      name: 'cold start',
      target: '< 1,500 ms',
      measured: results.coldStartMs,
      unit: 'ms',
      under: 'process start to the first 200, migrations on an empty database included',
      met: results.coldStartMs < 1500,
    },
  ];
}

module.exports = { assessTargets };

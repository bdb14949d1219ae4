'use strict';
/**
 * How busy the machine was with work other than the benchmark's own processes, from /proc (Linux): a
 * measured run shares two cores with nothing else only if this stays near zero. Elsewhere it reports null.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');

/** Busy and total jiffies of all CPUs (the first line of /proc/stat). */
function machineTicks() {
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const idle = fields[3] + fields[4];
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** User and system jiffies a process has used (fields 14 and 15 of /proc/<pid>/stat). */
function processTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Jiffies per second for /proc (USER_HZ): 100 on Linux unless `getconf` says otherwise. */
let clockTicks;
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * Starts watching; `stop()` says how much CPU each group of the benchmark's processes used (milliseconds,
 * and cores on average) and how many cores everything else on the machine used. `groups` names the
 * benchmark's processes (e.g. `{ kit: [pid], database: [backend pids] }`); it is asked at the start and at
 * the end, and a process seen only at the end is counted from zero (it started during the run).
 * @param {() => Promise<Record<string, number[]>>} groups
 */
async function watchCpu(groups) {
  if (!fs.existsSync('/proc/stat')) return { stop: async () => null };
  const cores = os.cpus().length;
  const machineBefore = machineTicks();
  const before = new Map(
    Object.values(await groups())
      .flat()
      .map((pid) => [pid, processTicks(pid)]),
  );
  return {
    async stop() {
      const now = await groups();
      const machine = machineTicks();
      const total = machine.total - machineBefore.total;
      if (total <= 0) return null;
      const share = (ticks) => Math.round((Math.max(0, ticks) / total) * cores * 100) / 100;
      const cpuMs = {};
      let own = 0;
      for (const [name, pids] of Object.entries(now)) {
        const ticks = pids.reduce((sum, pid) => sum + processTicks(pid) - (before.get(pid) ?? 0), 0);
        cpuMs[name] = Math.round((ticks * 1000) / ticksPerSecond());
        own += ticks;
      }
      return {
        cpuMs,
        benchmarkCores: share(own),
        otherCores: share(machine.busy - machineBefore.busy - own),
      };
    },
  };
}

module.exports = { watchCpu };

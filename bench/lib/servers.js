'use strict';
/**
 * Starts a server as its own process (the kit or the baseline), times its cold start and reads its memory.
 * Each server prints a line with its URL (it listens on port 0); the cold start is the time from spawning
 * the process to the first 200 response on `readyPath`.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { setTimeout, clearTimeout } = require('node:timers');
const { setTimeout: sleep } = require('node:timers/promises');
const { request, FORWARDED_HEADERS } = require('./http');

/**
 * @typedef {object} RunningServer
 * @property {string} name
 * @property {number} pid
 * @property {string} origin e.g. http://127.0.0.1:40123
 * @property {number} listeningMs spawn to the URL line (migrations done, socket open)
 * @property {number} coldStartMs spawn to the first 200 response on readyPath
 * @property {() => { rssMb: number, peakRssMb: number }} memory current and peak resident memory (VmRSS, VmHWM)
 * @property {() => string} output what the process has written so far (stdout and stderr)
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 10 s
 */

/**
 * `wrapper` runs Node under another program (e.g. valgrind) that then execs it, so the pid stays Node's.
 * @param {{ name: string, script: string, args?: string[], nodeArgs?: string[], wrapper?: string[], env: Record<string, string>, readyPath: string, cwd: string, timeoutMs?: number }} options
 * @returns {Promise<RunningServer>}
 */
async function startServer(options) {
  const started = performance.now();
  const [command, ...wrapperArgs] = [...(options.wrapper ?? []), process.execPath];
  const child = spawn(
    command,
    [...wrapperArgs, ...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])],
    {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    output = trimLog(output + chunk);
  });
  child.stdout.setEncoding('utf8');
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} did not print its URL in time:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const onData = (chunk) => {
      output = trimLog(output + chunk);
      const match = /https?:\/\/[^\s:/]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} before listening:\n${output}`));
    });
  });
  const listeningMs = performance.now() - started;
  const origin = `http://127.0.0.1:${port}`;
  let coldStartMs;
  for (;;) {
    const res = await request(origin, { path: options.readyPath, headers: FORWARDED_HEADERS }).catch(
      () => null,
    );
    if (res && res.status === 200) {
      coldStartMs = performance.now() - started;
      break;
    }
    if (exited) throw new Error(`${options.name} exited during start:\n${output}`);
    if (performance.now() - started > (options.timeoutMs ?? 60_000)) {
      throw new Error(`${options.name} gave no 200 on ${options.readyPath}: last status ${res?.status}`);
    }
    await sleep(2);
  }

  return {
    name: options.name,
    pid: child.pid ?? -1,
    origin,
    listeningMs,
    coldStartMs,
    memory: () => readMemory(child.pid ?? -1),
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Keeps the last 20 kB of a process's output for error messages. */
function trimLog(text) {
  return text.length > 20_000 ? text.slice(-20_000) : text;
}

/** Resident memory of a process from /proc (Linux): VmRSS now, VmHWM the peak since it started. */
function readMemory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

/**
 * The Node options the kit is started with in production (`npm start`, and the Dockerfile's CMD, which a test
 * keeps the same), so the benchmark measures the process councils run.
 */
function kitStartNodeArgs(root) {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const match = /^node((?:\s+--\S+)*)\s+dist\/app\/cli\.js start$/.exec(scripts.start);
  if (!match) throw new Error(`Cannot read the kit's Node options from "npm start": ${scripts.start}`);
  return match[1].split(/\s+/).filter(Boolean);
}

/** The environment the Dockerfile sets for glibc's allocator (MALLOC_*), so the benchmark runs the kit with it. */
function kitMallocEnv(root) {
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  return Object.fromEntries(
    [...dockerfile.matchAll(/^ENV (MALLOC_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
  );
}

module.exports = { startServer, readMemory, kitStartNodeArgs, kitMallocEnv };

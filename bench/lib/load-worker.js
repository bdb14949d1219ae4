'use strict';
/**
 * The load generator: a child process (forked by bench/lib/load.js) that runs autocannon, so the load is
 * generated outside the process of the harness and of either server. It receives a load spec over IPC and
 * answers with a summary.
 *
 * Each connection can be given its own requests (its own session cookie and CSRF token): connection i
 * loops over `clients[i % clients.length]`. A response counts as an error unless its status is one of
 * `expect.statuses` and, when `expect.location` is given, it redirects there.
 *
 * A load at a steady rate (`overallRate`) is not autocannon's: see runSteady.
 */
const { Buffer } = require('node:buffer');
const http = require('node:http');
const { setTimeout } = require('node:timers');
const { URL } = require('node:url');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');

/**
 * @typedef {{ method: string, path: string, headers?: Record<string, string>, body?: string }} LoadRequest
 * @typedef {object} LoadSpec
 * @property {string} origin
 * @property {number} connections
 * @property {number} durationSec
 * @property {number} [timeoutSec]
 * @property {number} [overallRate] requests per second from all connections together: an open-loop load
 *   at a steady rate, so latency is the page's own and not the queue a saturating load builds up (runSteady)
 * @property {LoadRequest[][]} clients
 * @property {{ statuses: number[], location?: string }} expect
 */

/**
 * Counts the responses that are not what the scenario expects, and keeps the first few problems (unexpected
 * responses and connection errors) as samples: one judge for both the closed-loop and the steady run.
 * @param {LoadSpec['expect']} expect
 */
function responseJudge(expect) {
  const judge = {
    unexpected: 0,
    /** @type {string[]} */
    samples: [],
    /** @param {string} text */
    sample(text) {
      if (judge.samples.length < 5) judge.samples.push(text);
    },
    /** @param {number} status @param {string | undefined} location */
    response(status, location) {
      const ok =
        expect.statuses.includes(status) && (expect.location === undefined || location === expect.location);
      if (ok) return;
      judge.unexpected++;
      judge.sample(`${status}${location ? ` → ${location}` : ''}`);
    },
    /** @param {any} error */
    error(error) {
      judge.sample(String(error?.code ?? error?.message ?? error));
    },
  };
  return judge;
}

/** @param {LoadSpec} spec */
function runLoad(spec) {
  const judge = responseJudge(spec.expect);
  const check = (status, _body, _context, headers) =>
    judge.response(status, headers?.location ?? headers?.Location);
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.durationSec,
        timeout: spec.timeoutSec ?? 30,
        requests: spec.clients[0],
        setupClient(client) {
          const requests = spec.clients[next++ % spec.clients.length];
          client.setRequests(requests.map((request) => ({ ...request, onResponse: check })));
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const completed = result.requests.total;
        resolve({
          requests: completed,
          durationSec: result.duration,
          reqPerSec: completed / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          maxMs: result.latency.max,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
          ),
          // Responses of the wrong status or redirect, connection errors and timeouts (autocannon's
          // `errors` already counts its timeouts).
          errors: judge.unexpected + result.errors,
          unexpected: judge.unexpected,
          connectionErrors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          errorSamples: judge.samples,
        });
      },
    );
    instance.on('reqError', (error) => judge.error(error));
  });
}

/**
 * An open-loop load at a steady rate: request i is due at i / overallRate seconds, evenly spaced, whatever
 * happened to the ones before, and goes out on any free keep-alive connection (at most `connections`). Its
 * latency is counted from when it was due, so a request that waited for a free connection (the server
 * falling behind) counts that wait too. Each request cycles through the clients (sessions) in turn.
 *
 * autocannon's `overallRate` is not used: it gives each connection rate ÷ connections requests per second
 * and lets each send them back to back as soon as its one-second timer fires, the timers of all connections
 * together, so 20 req/s over 10 connections arrived as a burst of 20 at the start of each second, and its
 * coordinated-omission correction takes 1 ÷ rate as the interval in milliseconds (0.5 → 1 ms), adding a
 * made-up sample for every millisecond of each response. Its p99 was the last of a burst, not a page.
 *
 * @param {LoadSpec} spec
 */
function runSteady(spec) {
  const rate = /** @type {number} */ (spec.overallRate);
  const total = Math.max(1, Math.round(rate * spec.durationSec));
  const interval = 1000 / rate;
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const origin = new URL(spec.origin);
  /** @type {number[]} */
  const latencies = [];
  /** @type {Record<string, number>} */
  const statusCodes = {};
  const judge = responseJudge(spec.expect);
  let connectionErrors = 0;
  let timeouts = 0;
  let finished = 0;
  const perClient = spec.clients.map(() => 0);
  return new Promise((resolve) => {
    const started = performance.now();
    const done = () => {
      agent.destroy();
      const durationSec = (performance.now() - started) / 1000;
      const sorted = latencies.slice().sort((a, b) => a - b);
      const at = (q) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0;
      resolve({
        requests: latencies.length,
        durationSec,
        reqPerSec: latencies.length / durationSec,
        p50Ms: Math.round(at(0.5)),
        p99Ms: Math.round(at(0.99)),
        maxMs: Math.round(sorted.at(-1) ?? 0),
        statusCodes,
        errors: judge.unexpected + connectionErrors + timeouts,
        unexpected: judge.unexpected,
        connectionErrors,
        timeouts,
        errorSamples: judge.samples,
      });
    };
    const send = (index) => {
      const due = started + index * interval;
      const client = index % spec.clients.length;
      const requests = spec.clients[client];
      const request = requests[perClient[client]++ % requests.length];
      const req = http.request(
        {
          host: origin.hostname,
          port: origin.port,
          method: request.method,
          path: request.path,
          headers: {
            ...(request.body !== undefined ? { 'content-length': Buffer.byteLength(request.body) } : {}),
            ...request.headers,
          },
          agent,
          timeout: (spec.timeoutSec ?? 30) * 1000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            judge.response(status, res.headers.location);
            if (++finished === total) done();
          });
        },
      );
      req.on('timeout', () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error) => {
        if (error.message !== 'timeout') connectionErrors++;
        judge.error(error);
        if (++finished === total) done();
      });
      if (request.body !== undefined) req.write(request.body);
      req.end();
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && started + next * interval <= now) send(next++);
      if (next < total) setTimeout(tick, Math.max(0, started + next * interval - performance.now()));
    };
    tick();
  });
}

process.on('message', (message) => {
  (message.spec.overallRate ? runSteady(message.spec) : runLoad(message.spec)).then(
    (result) => process.send?.({ id: message.id, result }),
    (error) => process.send?.({ id: message.id, error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));

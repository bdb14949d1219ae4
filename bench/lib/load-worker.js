'use strict';
/**
 * The load generator: a child process (forked by bench/lib/load.js) that runs autocannon, so the load is
 * generated outside the process of the harness and of either server. It receives a load spec over IPC and
 * answers with a summary.
 *
 * Each connection can be given its own requests (its own session cookie and CSRF token): connection i
 * loops over `clients[i % clients.length]`. A response counts as an error unless its status is one of
 * `expect.statuses` and, when `expect.location` is given, it redirects there.
 */
const autocannon = require('autocannon');

/**
 * @typedef {{ method: string, path: string, headers?: Record<string, string>, body?: string }} LoadRequest
 * @typedef {object} LoadSpec
 * @property {string} origin
 * @property {number} connections
 * @property {number} durationSec
 * @property {number} [timeoutSec]
 * @property {number} [overallRate] requests per second from all connections together: an open-loop load
 *   at a steady rate, so latency is the page's own and not the queue a saturating load builds up
 * @property {LoadRequest[][]} clients
 * @property {{ statuses: number[], location?: string }} expect
 */

/** @param {LoadSpec} spec */
function runLoad(spec) {
  let unexpected = 0;
  /** @type {string[]} */
  const samples = [];
  const check = (status, _body, _context, headers) => {
    const location = headers?.location ?? headers?.Location;
    const ok =
      spec.expect.statuses.includes(status) &&
      (spec.expect.location === undefined || location === spec.expect.location);
    if (!ok) {
      unexpected++;
      if (samples.length < 5) samples.push(`${status}${location ? ` → ${location}` : ''}`);
    }
  };
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.durationSec,
        timeout: spec.timeoutSec ?? 30,
        ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
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
          errors: unexpected + result.errors,
          unexpected,
          connectionErrors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          errorSamples: samples,
        });
      },
    );
    instance.on('reqError', (error) => {
      if (samples.length < 5) samples.push(String(error?.code ?? error?.message ?? error));
    });
  });
}

process.on('message', (message) => {
  runLoad(message.spec).then(
    (result) => process.send?.({ id: message.id, result }),
    (error) => process.send?.({ id: message.id, error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));

'use strict';
/**
 * The harness's side of the load generator: forks bench/lib/load-worker.js once and sends it one load
 * spec at a time (a warm-up, then the measured run).
 */
const { fork } = require('node:child_process');
const path = require('node:path');

class LoadGenerator {
  constructor() {
    this.child = fork(path.join(__dirname, 'load-worker.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.pid = this.child.pid ?? -1;
    this.nextId = 1;
    /** @type {Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>} */
    this.pending = new Map();
    this.child.on('message', (message) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    this.child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`load worker exited (${code})`));
      this.pending.clear();
    });
  }

  /**
   * @param {import('./load-worker').LoadSpec} spec
   * @returns {Promise<LoadResult>}
   */
  run(spec) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
  }

  close() {
    if (this.child.connected) this.child.disconnect();
  }
}

/**
 * @typedef {object} LoadResult
 * @property {number} requests
 * @property {number} durationSec
 * @property {number} reqPerSec
 * @property {number} p50Ms
 * @property {number} p99Ms
 * @property {number} maxMs
 * @property {Record<string, number>} statusCodes
 * @property {number} errors
 * @property {number} unexpected
 * @property {number} connectionErrors
 * @property {number} timeouts
 * @property {string[]} errorSamples
 */

module.exports = { LoadGenerator };

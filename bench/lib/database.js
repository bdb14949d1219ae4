'use strict';
/**
 * The run's own database: a SQLite file in a new temporary folder, or a new PostgreSQL database created
 * for the run. Both are removed afterwards.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { URL } = require('node:url');
const knex = require('knex');

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * @param {{ postgres: boolean, postgresUrl?: string }} options
 * @returns {Promise<{ kind: 'sqlite' | 'postgres', url: string, connect: () => import('knex').Knex, drop: () => Promise<void> }>}
 */
async function prepareDatabase(options) {
  if (!options.postgres) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'blue-badge-bench-'));
    const filename = path.join(folder, 'bench.sqlite');
    return {
      kind: 'sqlite',
      url: `sqlite://${filename}`,
      connect: () =>
        knex({
          client: 'better-sqlite3',
          connection: { filename },
          useNullAsDefault: true,
          pool: {
            min: 1,
            max: 1,
            afterCreate(conn, done) {
              conn.pragma('journal_mode = WAL');
              conn.pragma('busy_timeout = 10000');
              // This connection only seeds and checks: no fsync per batch, and room for index pages.
              conn.pragma('synchronous = OFF');
              conn.pragma('cache_size = -262144');
              done(null, conn);
            },
          },
        }),
      drop: async () => fs.rmSync(folder, { recursive: true, force: true }),
    };
  }

  const base = options.postgresUrl ?? DEFAULT_POSTGRES_URL;
  const name = `blue_badge_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = () => knex({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
  const creator = admin();
  try {
    await creator.raw(`create database ${name}`);
  } finally {
    await creator.destroy();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: url.toString(),
    connect: () => knex({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 2 } }),
    drop: async () => {
      const dropper = admin();
      try {
        await dropper.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

module.exports = { prepareDatabase, DEFAULT_POSTGRES_URL };

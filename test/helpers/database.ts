import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { connectDatabase } from '../../app/db/connect';
import { migrateToLatest } from '../../app/db/migrate';
import { ensureCouncil } from '../../app/services/councils';

/**
 * A database of its own for one test: a fresh in-memory SQLite database by default, or, when
 * TEST_DATABASE_URL is a PostgreSQL URL, a new PostgreSQL database created for the test and dropped after.
 * The same tests so prove both drivers.
 */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base || !/^postgres(ql)?:\/\//.test(base))
    return { url: 'sqlite::memory:', drop: async () => undefined };
  const name = `kit_test_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = knex({ client: 'pg', connection: base, pool: { min: 0, max: 1 } });
      try {
        await cleanup.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}

export function usingPostgres(): boolean {
  return /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '');
}

/** Rows in a table as a number (PostgreSQL returns counts as strings, SQLite as numbers). */
export async function countRows(
  db: import('knex').Knex,
  table: string,
  where: Record<string, unknown> = {},
): Promise<number> {
  const [row] = await db(table).where(where).count<{ n: number | string }[]>({ n: '*' });
  return Number(row.n);
}

/**
 * A fresh database with every migration run (and, with `council`, that council), for tests below the app;
 * `close` destroys the connection and drops the database.
 */
export async function migratedDatabase(council?: {
  id: string;
  name: string;
  nation: 'england' | 'scotland' | 'wales';
}): Promise<{ db: import('knex').Knex; close(): Promise<void> }> {
  const database = await freshDatabase();
  const db = connectDatabase(database.url);
  await migrateToLatest(db);
  if (council) await ensureCouncil(db, council);
  return {
    db,
    close: async () => {
      await db.destroy();
      await database.drop();
    },
  };
}

/** A database that outlives one app (a file on SQLite, a database of its own on PostgreSQL): restarts. */
export async function lastingDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (usingPostgres()) return freshDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-jobs-'));
  return {
    url: `sqlite://${path.join(dir, 'kit.sqlite')}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

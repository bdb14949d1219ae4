import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { rememberStatements } from './statement-cache';
// knex's own better-sqlite3 dialect, so the kit can choose which build of the driver it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BetterSqlite3Client = require('knex/lib/dialects/better-sqlite3') as new (
  config: Knex.Config,
) => object;

/**
 * better-sqlite3 12 is the last build that runs on Node 20; from Node 24.19 its Statement finaliser
 * aborts the process during garbage collection (the driver's old ObjectWrap base class). Version 13 is
 * built on Node-API and fixes that, but needs Node 22 or later. Both are installed (13 under the alias
 * `better-sqlite3-napi`, which ships prebuilt binaries) and the right one is loaded here.
 */
export function sqliteDriverName(
  nodeVersion = process.versions.node,
): 'better-sqlite3' | 'better-sqlite3-napi' {
  return Number(nodeVersion.split('.')[0]) >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SqliteQueryCompiler = require('knex/lib/dialects/sqlite3/query/sqlite-querycompiler') as new (
  ...args: unknown[]
) => {
  single: { limit?: unknown };
  _getValueOrParameterFromAttribute(attribute: string, rawValue?: unknown): string;
};

/**
 * Writes a query's LIMIT into its SQL as the integer it is (knex's `limit` keeps only integers), where
 * knex binds it as a parameter. SQLite's planner reads a bound LIMIT's value, so a statement with one is
 * prepared again, parsed and planned, on every run: `first()` is a LIMIT 1, and the kit's reads by key
 * cost four times as much for it. OFFSET stays bound: it does not make SQLite re-prepare.
 */
class KitSqliteQueryCompiler extends SqliteQueryCompiler {
  override _getValueOrParameterFromAttribute(attribute: string, rawValue?: unknown): string {
    const { limit } = this.single;
    if (attribute === 'limit' && Number.isSafeInteger(limit)) return String(limit);
    return super._getValueOrParameterFromAttribute(attribute, rawValue);
  }
}

class KitSqliteClient extends (BetterSqlite3Client as new (config: Knex.Config) => {
  _driver(): unknown;
  acquireRawConnection(): Promise<{ prepare(sql: string): unknown }>;
  queryCompiler(builder: unknown, formatter: unknown): unknown;
}) {
  override queryCompiler(builder: unknown, formatter: unknown) {
    return new KitSqliteQueryCompiler(this, builder, formatter);
  }

  override _driver() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the driver is chosen at run time
    return require(sqliteDriverName());
  }

  override async acquireRawConnection() {
    return rememberStatements(await super.acquireRawConnection());
  }
}

/**
 * The one place that picks a database driver. The embedded default is SQLite through better-sqlite3
 * (the build that suits this Node, see sqliteDriverName):
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
    client: KitSqliteClient as unknown as typeof knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite has a single writer, and an in-memory database exists per connection.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        // With WAL, NORMAL is SQLite's recommended pairing: commits no longer wait for the disk (rolling
        // sessions make one on nearly every request), the database stays consistent after a crash, and
        // only a power cut or OS crash can lose the last commits. FULL cost half the answer POST's speed.
        conn.pragma('synchronous = NORMAL');
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
  return db.client.dialect === 'postgresql';
}

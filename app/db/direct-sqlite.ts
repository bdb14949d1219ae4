import type { Knex } from 'knex';
import type { NativeQuery } from './parameterised-query';

interface Statement {
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): { changes: number };
}

interface Connection {
  prepare(sql: string): Statement;
}

/** Runs compiled queries (`ParameterisedQuery.toNative`) on the connection held; every call is synchronous. */
export interface DirectRunner {
  /** The rows a select returns. */
  rows<T>(query: NativeQuery): T[];
  /** How many rows an insert, update or delete changed. */
  changes(query: NativeQuery): number;
}

/** The part of tarn's pool (knex's) read to find the connection free without queueing for it. */
interface Pool {
  free: Array<{ resource: Connection }>;
  numPendingAcquires(): number;
}

/**
 * The kit's hottest statements on SQLite, run on better-sqlite3's connection without knex's query runner.
 * Measured on the reference machine: a select by key takes 36 µs through knex and 10 µs on the connection,
 * and a knex transaction costs about 100 µs before its first statement (it builds a whole knex instance,
 * with a closure per query method, for each transaction). The queries are still built and compiled by
 * knex, once each (app/db/parameterised-query.ts), so the SQL is the same; only who runs it changes.
 *
 * Safe because SQLite's pool has one connection and the driver is synchronous: the connection is taken
 * from the pool (waiting, like any knex query, for a transaction in progress to finish), the statements
 * run with no await between them, and it is given back. Nothing else can run on it meanwhile.
 *
 * On PostgreSQL (any driver but better-sqlite3) `directSqlite` returns undefined and callers use knex
 * as before: there a round trip to the server costs far more than knex does.
 */
export class DirectSqlite {
  constructor(private readonly db: Knex) {}

  /** Rows of one select, on the connection. */
  async rows<T>(query: NativeQuery): Promise<T[]> {
    return this.holding((run) => run.rows<T>(query));
  }

  /** Rows changed by one insert, update or delete. */
  async changes(query: NativeQuery): Promise<number> {
    return this.holding((run) => run.changes(query));
  }

  /**
   * `work`'s statements in one transaction: committed when it returns, rolled back when it throws.
   * BEGIN IMMEDIATE takes the write lock first, so another process sharing the file cannot make the
   * transaction fail halfway (busy_timeout waits for it instead).
   */
  async atomically<T>(work: (run: DirectRunner) => T): Promise<T> {
    return this.holding((run, connection) => {
      connection.prepare('BEGIN IMMEDIATE').run([]);
      try {
        const result = work(run);
        connection.prepare('COMMIT').run([]);
        return result;
      } catch (error) {
        connection.prepare('ROLLBACK').run([]);
        throw error;
      }
    });
  }

  /**
   * Runs `work` on the connection. When nobody holds it or waits for it, it is used where it lies in the
   * pool: `work` is synchronous, so nothing can take it meanwhile, and queueing for it through tarn cost a
   * promise and two objects per statement. Otherwise the pool's queue is joined like any knex query.
   */
  private async holding<T>(work: (run: DirectRunner, connection: Connection) => T): Promise<T> {
    const client = this.db.client as {
      pool: Pool | undefined;
      acquireConnection(): Promise<Connection>;
      releaseConnection(connection: Connection): unknown;
    };
    const idle = client.pool && client.pool.numPendingAcquires() === 0 ? client.pool.free[0] : undefined;
    if (idle) return work(runnerOn(idle.resource), idle.resource);
    const connection = await client.acquireConnection();
    try {
      return work(runnerOn(connection), connection);
    } finally {
      client.releaseConnection(connection);
    }
  }
}

function runnerOn(connection: Connection): DirectRunner {
  const statement = ({ sql, bindings }: NativeQuery) => ({
    statement: connection.prepare(sql),
    bindings: bindings.map(sqliteValue),
  });
  return {
    rows<T>(query: NativeQuery) {
      const { statement: prepared, bindings } = statement(query);
      return prepared.all(bindings) as T[];
    },
    changes(query: NativeQuery) {
      const { statement: prepared, bindings } = statement(query);
      return prepared.run(bindings).changes;
    },
  };
}

/** As knex's better-sqlite3 dialect binds values: dates as milliseconds, booleans as 0 or 1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
}

/** The direct runner for a database on better-sqlite3; undefined for any other driver (PostgreSQL). */
export function directSqlite(db: Knex): DirectSqlite | undefined {
  return (db.client as { driverName?: string }).driverName === 'better-sqlite3'
    ? new DirectSqlite(db)
    : undefined;
}

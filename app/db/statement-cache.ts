/**
 * Remembers better-sqlite3's prepared statements by their SQL. knex prepares every query afresh, and
 * SQLite's parsing and planning was 3 % of a question page's CPU; the kit sends the same few dozen
 * statements over and over. SQLite re-prepares a cached statement itself when the schema changes
 * (sqlite3_prepare_v2), so a statement is never stale.
 */

/** More than the kit's distinct statements (a `whereIn` of each length is its own), so a page rarely misses. */
export const STATEMENTS_REMEMBERED = 500;

interface PreparingConnection {
  prepare(sql: string): unknown;
}

export function rememberStatements<T extends PreparingConnection>(connection: T): T {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      // The oldest goes first: a Map iterates in insertion order.
      if (statements.size >= STATEMENTS_REMEMBERED) statements.delete(statements.keys().next().value!);
    } else {
      statements.delete(sql); // moved to the newest end
    }
    statements.set(sql, statement);
    return statement;
  };
  return connection;
}

import type { Knex } from 'knex';

/** Marks a parameter's place while the query is compiled; no real value starts with it. */
const PARAMETER_MARK = '\u0000kit-parameter:';

/** Where each bound value of the compiled SQL comes from: a named parameter, or a constant knex bound. */
type Slot = { parameter: string } | { constant: unknown };

/** SQL with its bindings in the order the placeholders need them, as the driver takes them. */
export interface NativeQuery {
  sql: string;
  bindings: readonly unknown[];
}

/**
 * A query the kit sends on nearly every request, built by knex once and compiled once per shape.
 * knex builds and compiles every query afresh (on the reference machine a quarter of the cost of each
 * SQLite read), although the kit's hottest statements differ only in their values. Here the query is
 * written once, as knex code taking its values by name; it is compiled with a mark in place of each
 * value, and each use only puts the values into the bindings. The SQL is still knex's, so it is the
 * same on every dialect, and `toKnex` builds the very same query for knex to run (PostgreSQL, or inside
 * a knex transaction).
 */
export class ParameterisedQuery<Values extends Record<string, unknown>> {
  private compiled: { sql: string; slots: Slot[] } | undefined;

  constructor(
    private readonly build: (
      value: <K extends keyof Values & string>(name: K) => Values[K],
    ) => Knex.QueryBuilder,
  ) {}

  /** The query with these values, built by knex as usual. */
  toKnex(values: Values): Knex.QueryBuilder {
    return this.build((name) => values[name]);
  }

  /** The compiled SQL and these values as its bindings. */
  toNative(values: Values): NativeQuery {
    const { sql, slots } = (this.compiled ??= this.compile());
    const bindings = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      bindings[i] = 'parameter' in slot ? values[slot.parameter] : slot.constant;
    }
    return { sql, bindings };
  }

  private compile(): { sql: string; slots: Slot[] } {
    const { sql, bindings } = this.build((name) => `${PARAMETER_MARK}${name}` as never)
      .toSQL()
      .toNative();
    // A mark knex wrote into the SQL itself (not as a binding) would be sent as text: refuse the query.
    if (sql.includes(PARAMETER_MARK)) throw new Error(`A parameter was written into the SQL: ${sql}`);
    const slots = bindings.map((binding): Slot =>
      typeof binding === 'string' && binding.startsWith(PARAMETER_MARK)
        ? { parameter: binding.slice(PARAMETER_MARK.length) }
        : { constant: binding },
    );
    return { sql, slots };
  }
}

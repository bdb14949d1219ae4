import knex, { type Knex } from 'knex';
import { ParameterisedQuery } from '../../../app/db/parameterised-query';
import { migratedDatabase } from '../../helpers/database';

/** Query builders of both dialects, never connected: only their SQL is compared. */
const dialects: Array<[string, Knex]> = [
  [
    'SQLite',
    knex({ client: 'better-sqlite3', useNullAsDefault: true, connection: { filename: ':memory:' } }),
  ],
  ['PostgreSQL', knex({ client: 'pg' })],
];

afterAll(() => Promise.all(dialects.map(([, db]) => db.destroy())));

describe('a query compiled once, with its values put in on each use', () => {
  describe.each(dialects)('on %s', (_name, db) => {
    it('gives the SQL and bindings knex gives for the same values', () => {
      const update = new ParameterisedQuery<{
        id: string;
        revision: number;
        state: string;
        snapshot: string;
      }>((v) =>
        db('applications')
          .where({ id: v('id'), revision: v('revision') })
          .update({ state: v('state'), snapshot: v('snapshot'), revision: 4 }),
      );
      for (const values of [
        { id: 'a', revision: 3, state: 'draft', snapshot: '{}' },
        { id: 'b', revision: 7, state: 'submitted', snapshot: '{"x":1}' },
      ]) {
        expect(update.toNative(values)).toEqual(update.toKnex(values).toSQL().toNative());
      }
    });

    it('keeps the constants knex binds itself (first() binds its limit)', () => {
      const select = new ParameterisedQuery<{ sid: string }>((v) =>
        db('sessions')
          .where({ sid: v('sid') })
          .first('sess'),
      );
      expect(select.toNative({ sid: 'abc' }).bindings).toEqual(['abc', 1]);
    });

    it('refuses a value knex would write into the SQL rather than bind', () => {
      const sorted = new ParameterisedQuery<{ column: string }>((v) => db('sessions').orderBy(v('column')));
      expect(() => sorted.toNative({ column: 'sid' })).toThrow('A parameter was written into the SQL');
    });
  });

  it('reads and writes a real database with the values of each use', async () => {
    const { db, close } = await migratedDatabase();
    try {
      const insert = new ParameterisedQuery<{ sid: string; sess: string; expires_at: number }>((v) =>
        db('sessions').insert({ sid: v('sid'), sess: v('sess'), expires_at: v('expires_at') }),
      );
      const read = new ParameterisedQuery<{ sid: string }>((v) =>
        db('sessions')
          .where({ sid: v('sid') })
          .first('sess'),
      );
      for (const sid of ['one', 'two']) {
        const { sql, bindings } = insert.toNative({ sid, sess: `{"${sid}":true}`, expires_at: 1 });
        await db.raw(sql.replace(/\$\d+/g, '?'), bindings as Knex.RawBinding[]);
      }
      expect(await read.toKnex({ sid: 'two' })).toEqual({ sess: '{"two":true}' });
      expect(await read.toKnex({ sid: 'none' })).toBeUndefined();
    } finally {
      await close();
    }
  });
});

import type { Knex } from 'knex';
import { directSqlite, type DirectSqlite } from '../../../app/db/direct-sqlite';
import { countRows, migratedDatabase, usingPostgres } from '../../helpers/database';

const session = (sid: string) => ({ sid, sess: '{}', expires_at: Date.now() + 60_000 });
/** The SQL and bindings knex compiles, as the kit's queries hand them over (ParameterisedQuery.toNative). */
const native = (query: Knex.QueryBuilder) => query.toSQL().toNative();

describe('statements run straight on the SQLite connection', () => {
  let db: Knex;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await migratedDatabase());
  });
  afterEach(() => close());

  it('is only used on SQLite: PostgreSQL goes through knex', () => {
    expect(directSqlite(db) === undefined).toBe(usingPostgres());
  });

  (usingPostgres() ? describe.skip : describe)('on SQLite', () => {
    let direct: DirectSqlite;
    beforeEach(() => {
      direct = directSqlite(db)!;
    });

    it('reads and writes with the SQL knex compiles, and the same results', async () => {
      expect(await direct.changes(native(db('sessions').insert([session('a'), session('b')])))).toBe(2);
      const read = db('sessions').where({ sid: 'b' }).first('sid', 'sess');
      expect(await direct.rows(native(read.clone()))).toEqual([await read]);
      expect(
        await direct.changes(native(db('sessions').where({ sid: 'a' }).update({ sess: '{"x":1}' }))),
      ).toBe(1);
      expect(await direct.changes(native(db('sessions').where({ sid: 'nobody' }).delete()))).toBe(0);
      expect((await db('sessions').where({ sid: 'a' }).first()).sess).toBe('{"x":1}');
    });

    it('commits all of a unit of work, or none of it when it throws', async () => {
      await direct.atomically((run) => {
        run.changes(native(db('sessions').insert(session('kept-1'))));
        run.changes(native(db('sessions').insert(session('kept-2'))));
      });
      await expect(
        direct.atomically((run) => {
          run.changes(native(db('sessions').insert(session('undone'))));
          run.changes(native(db('sessions').insert(session('kept-1')))); // the same key: fails
        }),
        // Compared by message: the driver's error may come from another test file's realm, not this Error.
      ).rejects.toHaveProperty('message', expect.stringMatching(/UNIQUE/));
      expect((await db('sessions').orderBy('sid').pluck('sid')).sort()).toEqual(['kept-1', 'kept-2']);
    });

    it('uses the connection where it lies when nothing holds it, and queues for it when something does', async () => {
      const acquire = jest.spyOn(db.client as { acquireConnection(): Promise<unknown> }, 'acquireConnection');
      await direct.changes(native(db('sessions').insert(session('idle'))));
      expect(await direct.rows(native(db('sessions').select('sid')))).toEqual([{ sid: 'idle' }]);
      expect(acquire).not.toHaveBeenCalled();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = db.transaction(() => held);
      await new Promise((resolve) => setImmediate(resolve)); // the transaction has the connection now
      const before = acquire.mock.calls.length;
      const read = direct.rows(native(db('sessions').select('sid')));
      expect(acquire).toHaveBeenCalledTimes(before + 1);
      release();
      await transaction;
      expect(await read).toEqual([{ sid: 'idle' }]);
    });

    it('waits for a knex transaction in progress instead of running inside it', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = db.transaction(async (trx) => {
        await trx('sessions').insert(session('in-transaction'));
        await held;
        throw new Error('rolled back');
      });
      // Issued while the transaction is open and holds the connection: it must neither join the
      // transaction (and be rolled back with it) nor see its uncommitted row.
      const write = direct.changes(native(db('sessions').insert(session('on-its-own'))));
      const read = direct.rows<{ sid: string }>(native(db('sessions').select('sid')));
      release();
      await expect(transaction).rejects.toThrow('rolled back');
      expect(await write).toBe(1);
      expect((await read).map((row) => row.sid)).toEqual(['on-its-own']);
      expect(await countRows(db, 'sessions')).toBe(1);
    });
  });
});

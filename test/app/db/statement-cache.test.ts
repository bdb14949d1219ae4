import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { connectDatabase } from '../../../app/db/connect';
import { rememberStatements, STATEMENTS_REMEMBERED } from '../../../app/db/statement-cache';

/** SQLite's prepared statements are remembered by their SQL (knex prepares every query afresh). */
describe('remembered SQLite statements', () => {
  it('prepares each SQL once, and forgets the least recently used beyond the bound', () => {
    const prepared: string[] = [];
    const connection = rememberStatements({
      prepare: (sql: string) => {
        prepared.push(sql);
        return { sql };
      },
    });
    const first = connection.prepare('select 1');
    expect(connection.prepare('select 1')).toBe(first);
    expect(prepared).toEqual(['select 1']);

    for (let i = 0; i < STATEMENTS_REMEMBERED; i++) connection.prepare(`select ${i + 2}`);
    // `select 1` was the least recently used, so it is prepared again; `select 3` is still remembered.
    expect(connection.prepare('select 1')).not.toBe(first);
    connection.prepare('select 3');
    expect(prepared.filter((sql) => sql === 'select 3')).toHaveLength(1);
    expect(prepared).toHaveLength(STATEMENTS_REMEMBERED + 2);
  });

  describe('through knex on a SQLite file', () => {
    let folder: string;
    let db: Knex;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'statements-'));
      db = connectDatabase(`sqlite://${path.join(folder, 'kit.db')}`);
    });
    afterEach(async () => {
      await db.destroy();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('writes a LIMIT into the SQL as its integer, so SQLite need not prepare the statement again on each run', async () => {
      await db.schema.createTable('things', (t) => {
        t.increments('id');
        t.string('name');
      });
      await db('things').insert(['a', 'b', 'c', 'd'].map((name) => ({ name })));
      const first = db('things').where({ name: 'b' }).first('id');
      expect(first.toSQL().toNative()).toEqual({
        sql: 'select `id` from `things` where `name` = ? limit 1',
        bindings: ['b'],
      });
      expect(await first).toEqual({ id: 2 });
      // OFFSET stays a parameter (it does not make SQLite prepare again); a LIMIT is only ever an integer.
      const page = db('things').orderBy('id').limit(2).offset(1).pluck('name');
      expect(page.toSQL().toNative()).toMatchObject({
        sql: expect.stringMatching(/limit 2 offset \?$/),
        bindings: [1],
      });
      expect(await page).toEqual(['b', 'c']);
      expect(await db('things').orderBy('id').offset(3).pluck('name')).toEqual(['d']);
      expect(
        db('things')
          .limit('2; drop table things' as unknown as number)
          .toSQL().sql,
      ).toMatch(/limit 2$/);
    });

    it('gives the same answers as fresh statements, also after the table changes', async () => {
      await db.schema.createTable('things', (t) => {
        t.increments('id');
        t.string('name');
      });
      await db('things').insert([{ name: 'a' }, { name: 'b' }]);
      expect(await db('things').where({ name: 'b' }).select('*')).toEqual([{ id: 2, name: 'b' }]);
      expect(await db('things').where({ name: 'a' }).select('*')).toEqual([{ id: 1, name: 'a' }]);

      // The same SQL after a migration-like change sees the new column (SQLite re-prepares it).
      await db.schema.alterTable('things', (t) => t.string('colour').defaultTo('blue'));
      expect(await db('things').where({ name: 'b' }).select('*')).toEqual([
        { id: 2, name: 'b', colour: 'blue' },
      ]);
      await db.transaction(async (trx) => {
        await trx('things').where({ id: 1 }).update({ colour: 'red' });
      });
      expect(await db('things').orderBy('id').select('colour')).toEqual([
        { colour: 'red' },
        { colour: 'blue' },
      ]);
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { isPostgres } from '../../../app/db/connect';
import { migratedDatabase } from '../../helpers/database';

const DOC = readFileSync(path.join(__dirname, '../../../docs/data.md'), 'utf8');

async function tablesOf(db: Knex): Promise<string[]> {
  const rows = isPostgres(db)
    ? ((await db('information_schema.tables')
        .where({ table_schema: 'public' })
        .select('table_name as name')) as Array<{ name: string }>)
    : ((await db('sqlite_master').where({ type: 'table' }).select('name')) as Array<{ name: string }>);
  return rows.map((row) => row.name).filter((name) => !/^(knex_|sqlite_)/.test(name));
}

describe('docs/data.md, the data dictionary', () => {
  let db: Knex;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await migratedDatabase());
  });
  afterAll(() => close());

  it('names every table and every column of a migrated database', async () => {
    const tables = await tablesOf(db);
    expect(tables).toContain('cases');
    const missing: string[] = [];
    for (const table of tables) {
      if (!DOC.includes(`\`${table}\``)) missing.push(table);
      for (const column of Object.keys(await db(table).columnInfo())) {
        if (!DOC.includes(`\`${column}\``)) missing.push(`${table}.${column}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

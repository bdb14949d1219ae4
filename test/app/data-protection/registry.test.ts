import type { Knex } from 'knex';
import type { KitApp } from '../../../app/app';
import { isPostgres } from '../../../app/db/connect';
import { NOT_PERSONAL_DATA, PERSONAL_DATA } from '../../../app/data-protection/registry';
import { buildTestApp } from '../../helpers/test-app';

/**
 * The personal data registry (app/data-protection/registry.ts) against the database's real schema: every
 * table that links to an application, case or badge, or has a column of personal data, must be in the
 * registry (so retention, export and erasure reach it) or listed as not personal with its reason.
 */

/** Columns that tie a row to a person's records. */
const LINK_COLUMN =
  /^(application_id|case_id|badge_id|badge_number|instance_id|entity_id|reference|\w+_reference)$/;
/** Columns that hold personal data themselves. */
const PERSONAL_COLUMN =
  /(^|_)(name|email|recipient|postcode|address|phone|date_of_birth|ni_number|personalisation|sess|snapshot|payload|detail)$/;

const LINK_FOR: Record<string, string> = {
  application_id: 'application',
  case_id: 'case',
  badge_id: 'badge',
  reference: 'reference',
};

/** Every table and its columns, read from the database itself. */
async function tablesAndColumns(db: Knex): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (isPostgres(db)) {
    const result = await db.raw(
      'select table_name, column_name from information_schema.columns where table_schema = current_schema()',
    );
    for (const row of result.rows as Array<{ table_name: string; column_name: string }>)
      found.set(row.table_name, [...(found.get(row.table_name) ?? []), row.column_name]);
    return found;
  }
  const tables = (await db.raw(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
  )) as Array<{ name: string }>;
  for (const { name } of tables) {
    const columns = (await db.raw(`pragma table_info(${JSON.stringify(name)})`)) as Array<{ name: string }>;
    found.set(
      name,
      columns.map((column) => column.name),
    );
  }
  return found;
}

/** A sentence for each table that should be in the registry and is not: exactly what to add, and where. */
async function unregisteredTables(db: Knex): Promise<string[]> {
  const registered = new Set(PERSONAL_DATA.map((entry) => entry.table));
  const problems: string[] = [];
  for (const [table, columns] of await tablesAndColumns(db)) {
    if (registered.has(table) || table in NOT_PERSONAL_DATA) continue;
    const links = columns.filter((column) => LINK_COLUMN.test(column));
    const personal = columns.filter((column) => PERSONAL_COLUMN.test(column));
    if (links.length === 0 && personal.length === 0) continue;
    const link = links.find((column) => LINK_FOR[column]) ?? links[0];
    const by = (link && LINK_FOR[link]) ?? '<application | case | badge | reference | instance | contains>';
    problems.push(
      `Table "${table}" ${links.length > 0 ? `links to a person's records (${links.join(', ')})` : `holds personal data (${personal.join(', ')})`} ` +
        'but is not in the personal data registry, so retention, the subject access export and erasure miss it. ' +
        `Add to PERSONAL_DATA in app/data-protection/registry.ts, before the badges, cases and applications entries: ` +
        `{ table: '${table}', link: { by: '${by}', column: '${link ?? '<the column that links it>'}' }, description: '<what its rows are>' }` +
        ` (with files: [...] for columns holding evidence storage keys, json: [...] for JSON text). ` +
        `If it holds no applicant's personal data, add '${table}' to NOT_PERSONAL_DATA there with the reason.`,
    );
  }
  return problems;
}

describe('the personal data registry', () => {
  let app: KitApp;
  beforeAll(async () => {
    app = await buildTestApp({ runJobs: false });
  });
  afterAll(() => app.kit.close());

  it('covers every table that links to a person or holds personal data', async () => {
    expect(await unregisteredTables(app.kit.db)).toEqual([]);
  });

  it('names tables and columns that exist, each once', async () => {
    const schema = await tablesAndColumns(app.kit.db);
    for (const entry of PERSONAL_DATA) {
      expect([entry.table, schema.get(entry.table)?.includes(entry.link.column)]).toEqual([
        entry.table,
        true,
      ]);
      for (const column of [
        ...(entry.files ?? []),
        ...(entry.json ?? []),
        ...(entry.blobs ?? []).map((blob) => blob.column),
      ])
        expect([entry.table, column, schema.get(entry.table)?.includes(column)]).toEqual([
          entry.table,
          column,
          true,
        ]);
      expect(entry.table in NOT_PERSONAL_DATA).toBe(false);
    }
    expect(new Set(PERSONAL_DATA.map((entry) => entry.table)).size).toBe(PERSONAL_DATA.length);
    // Deleted last, children first: badges refer to cases, cases to applications.
    expect(PERSONAL_DATA.slice(-3).map((entry) => entry.table)).toEqual(['badges', 'cases', 'applications']);
  });

  it('fails for a new table linked to a case (as letters and payments tables do when they land), saying exactly what to add', async () => {
    await app.kit.db.schema.createTable('reviews_example', (t) => {
      t.string('id', 36).primary();
      t.string('case_id', 36).notNullable();
      t.text('body');
    });
    await app.kit.db.schema.createTable('payments_example', (t) => {
      t.string('id', 36).primary();
      t.string('application_id', 36).notNullable();
      t.string('payer_email', 254);
    });
    try {
      const problems = await unregisteredTables(app.kit.db);
      expect(problems).toHaveLength(2);
      expect(problems.find((p) => p.startsWith('Table "reviews_example"'))).toContain(
        "{ table: 'reviews_example', link: { by: 'case', column: 'case_id' }, description: '<what its rows are>' }",
      );
      expect(problems.find((p) => p.startsWith('Table "payments_example"'))).toContain(
        "{ table: 'payments_example', link: { by: 'application', column: 'application_id' }",
      );
    } finally {
      await app.kit.db.schema.dropTable('reviews_example');
      await app.kit.db.schema.dropTable('payments_example');
    }
  });
});

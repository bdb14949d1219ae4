import type { Knex } from 'knex';
import type { KitApp } from '../../../app/app';
import { DUPLICATES_SHOWN } from '../../../app/services/case-notes';
import { PERSONAS } from '../../../workflows/application/personas';
import { usingPostgres } from '../../helpers/database';
import { sendApplication } from '../../helpers/journey';
import { addStaff, Browser, buildTestApp } from '../../helpers/test-app';

/**
 * The case page must read only what it shows, whatever the size of the council: every query it makes
 * on cases and audit_events is an index lookup (docs/performance.md: it once read every case and every
 * audit row, half a second at 100,000 cases), and its list of possible duplicates is bounded.
 */

interface Query {
  sql: string;
  bindings: readonly Knex.RawBinding[];
}

/** The queries the app sends while `run` runs, as knex reports them. */
async function queriesDuring(db: Knex, run: () => Promise<unknown>): Promise<Query[]> {
  const seen: Query[] = [];
  const listener = (query: { sql: string; bindings?: readonly Knex.RawBinding[] }) =>
    seen.push({ sql: query.sql, bindings: query.bindings ?? [] });
  db.on('query', listener);
  try {
    await run();
  } finally {
    db.removeListener('query', listener);
  }
  return seen;
}

/** How the database would read the tables a query names: one line per step. */
async function planOf(db: Knex, query: Query): Promise<string[]> {
  if (usingPostgres()) {
    // A table this small is cheapest to scan, so ask PostgreSQL what it would do without that choice.
    // knex reports PostgreSQL's numbered placeholders ($1, $2… in order); raw() takes `?`.
    const sql = query.sql.replace(/\$\d+/g, '?');
    return db.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const rows = (await trx.raw(`explain ${sql}`, query.bindings)).rows as Array<{
        'QUERY PLAN': string;
      }>;
      return rows.map((row) => row['QUERY PLAN']);
    });
  }
  const rows = (await db.raw(`explain query plan ${query.sql}`, query.bindings)) as Array<{ detail: string }>;
  return rows.map((row) => row.detail);
}

/** A step that reads a whole table, or every case of the council (an index used on council_id alone). */
const FULL_READ = usingPostgres()
  ? /Seq Scan on (cases|audit_events)\b|Index Cond: \(\(?(c\.)?council_id\)? = [^)]*\)$/
  : /^SCAN (cases|audit_events|c|a)\b|^SEARCH (cases|c) USING (COVERING )?INDEX \w+ \(council_id=\?\)/;

describe('the case page’s queries', () => {
  let app: KitApp;
  let officer: Browser;
  beforeAll(async () => {
    app = await buildTestApp();
    await addStaff(app, 'assessor', 'a@test.gov.uk');
    officer = new Browser(app);
    await officer.signIn('', 'a@test.gov.uk');
  });
  afterAll(() => app.kit.close());

  it('reads cases and audit rows through indexes only', async () => {
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    const db = app.kit.db;
    let status = 0;
    const queries = await queriesDuring(db, async () => {
      status = (await officer.get(`/staff/cases/${reference}`)).status;
    });
    expect(status).toBe(200);
    const reads = queries.filter(
      (query) => /^\s*select/i.test(query.sql) && /\b(cases|audit_events)\b/.test(query.sql),
    );
    // The case, its duplicates, its timeline and its assignment at least.
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.some((query) => /audit_events/.test(query.sql))).toBe(true);
    for (const query of reads) {
      const plan = await planOf(db, query);
      expect([query.sql, plan.filter((line) => FULL_READ.test(line))]).toEqual([query.sql, []]);
    }
  });

  it('lists at most DUPLICATES_SHOWN possible duplicates, the most recent first', async () => {
    const reference = await sendApplication(new Browser(app), PERSONAS[0]);
    const db = app.kit.db;
    const original = (await db('cases').where({ reference }).first()) as Record<string, unknown>;
    // Copies of the same person's case, each submitted a minute earlier than the one before.
    const copies = Array.from({ length: DUPLICATES_SHOWN + 5 }, (_, index) => ({
      ...original,
      id: `dddddddd-0000-4000-8000-${String(index).padStart(12, '0')}`,
      reference: `BB-DUPE-${String(index).padStart(4, '0')}`,
      submitted_at: new Date(Date.parse(String(original.submitted_at)) - (index + 1) * 60_000).toISOString(),
    }));
    await db.batchInsert('cases', copies, 20);
    const page = await officer.get(`/staff/cases/${reference}`);
    expect(page.status).toBe(200);
    const listed = [...page.text.matchAll(/<li><a class="govuk-link" href="\/staff\/cases\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    // Every other case of this person (the copies, and the first test's), newest first, cut at the limit.
    const expected = (await db('cases')
      .where({ ni_number: original.ni_number })
      .whereNot({ id: original.id })
      .orderBy('submitted_at', 'desc')
      .pluck('reference')) as string[];
    expect(expected.length).toBeGreaterThan(DUPLICATES_SHOWN);
    expect(listed).toEqual(expected.slice(0, DUPLICATES_SHOWN));
  });
});

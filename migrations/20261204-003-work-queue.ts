import type { Knex } from 'knex';

/**
 * The staff work queue (issue #7, app/services/queue.ts): who a case is assigned to, the applicant's
 * National Insurance number as a column (it was only inside the snapshot), and an index for the queue's
 * order and for each of its filters and searches, so a page of 100,000+ cases is read from an index
 * range, never sorted or scanned.
 *
 * The queue reads one segment at a time (fast track, then the rest: `fast_track = ?`), in
 * (submitted_at, id) order, continuing from a keyset cursor `(submitted_at, id) > (?, ?)`. So every
 * order index is `(council_id, <filter column>, fast_track, submitted_at, id)`: equality on the leading
 * columns, then exactly the order and the cursor.
 */
const ORDER = ['fast_track', 'submitted_at', 'id'];

const INDEXES: Array<[name: string, columns: string[]]> = [
  // The default queue, "fast track only", and any filter the other indexes do not serve. It carries the
  // applicant's name too, so that a name search (a substring, which no B-tree can look up) walks this
  // index alone and reads a table row only for a name that matches.
  ['cases_queue_order_index', ['council_id', ...ORDER, 'applicant_name']],
  // A status filter, and "overdue" (not decided: a few states, each a range on submitted_at).
  // Replaces (council_id, state, submitted_at), which gives neither the order nor the cursor.
  ['cases_queue_state_index', ['council_id', 'state', ...ORDER]],
  ['cases_queue_route_index', ['council_id', 'eligibility_code', ...ORDER]],
  // "Assigned to me" (= ?) and "unassigned" (IS NULL: B-tree indexes hold nulls on both databases).
  ['cases_queue_assigned_index', ['council_id', 'assigned_to', ...ORDER]],
  // Searches for one person. These too end in the queue order: SQLite keeps no statistics unless ANALYZE
  // is run, and would otherwise prefer walking the order index (no sort) to a two-column search index.
  ['cases_ni_number_index', ['council_id', 'ni_number', ...ORDER]],
  ['cases_date_of_birth_index', ['council_id', 'applicant_date_of_birth', ...ORDER]],
];

/**
 * Postcodes are searched with spaces and case ignored, through an index on that same expression (both
 * databases use an expression index only for a query that repeats the expression exactly:
 * app/services/queue.ts POSTCODE_KEY).
 */
const POSTCODE_INDEX = 'cases_postcode_search_index';
const POSTCODE_KEY = "replace(upper(postcode), ' ', '')";
const NAME_TRIGRAM_INDEX = 'cases_name_trigram_index';

/**
 * Not in knex's own transaction: on SQLite, dropping `assigned_to` (down) rebuilds the table, which
 * works only with foreign keys switched off, and SQLite ignores that switch inside a transaction.
 * `up` opens its own transaction instead, so it still applies completely or not at all.
 */
export const config = { transaction: false };

export async function up(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    if (trx.client.dialect === 'postgresql') {
      await trx.schema.alterTable('cases', (t) => {
        t.string('assigned_to', 36).nullable().references('staff_users.id');
      });
    } else {
      // SQLite adds a nullable foreign key column in place; knex would rebuild the table, which fails
      // inside a transaction once badges refer to cases.
      await trx.raw('alter table cases add column assigned_to varchar(36) null references staff_users (id)');
    }
    await trx.schema.alterTable('cases', (t) => {
      // Upper case, no spaces (as the journey stores it); null when the applicant did not give one.
      t.string('ni_number', 13).nullable();
    });
    await backfillNiNumbers(trx);

    await trx.schema.alterTable('cases', (t) => {
      t.dropIndex(['council_id', 'state', 'submitted_at']);
      for (const [name, columns] of INDEXES) t.index(columns, name);
    });
    await trx.raw(
      `create index ${POSTCODE_INDEX} on cases (council_id, ${POSTCODE_KEY}, ${ORDER.join(', ')})`,
    );

    // A name is searched as a case-insensitive substring (`lower(applicant_name) like '%…%'`), which no
    // B-tree can serve. On PostgreSQL a trigram index can, when the pg_trgm extension is available (it is
    // "trusted" from PostgreSQL 13, so the database owner may create it). On SQLite, and on PostgreSQL
    // without pg_trgm, a name search walks the queue order index and stops at a page of matches.
    if (trx.client.dialect === 'postgresql') {
      const available = await trx.raw(`select 1 from pg_available_extensions where name = 'pg_trgm'`);
      if (available.rows.length > 0) {
        await trx.raw('savepoint work_queue_trigram');
        try {
          await trx.raw('create extension if not exists pg_trgm');
          await trx.raw(
            `create index ${NAME_TRIGRAM_INDEX} on cases using gin (lower(applicant_name) gin_trgm_ops)`,
          );
          await trx.raw('release savepoint work_queue_trigram');
        } catch {
          // No privilege to create the extension: name searches still work, as on SQLite.
          await trx.raw('rollback to savepoint work_queue_trigram');
        }
      }
    }
  });
}

export async function down(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw(`drop index if exists ${NAME_TRIGRAM_INDEX}`);
    await trx.raw(`drop index if exists ${POSTCODE_INDEX}`);
    await trx.schema.alterTable('cases', (t) => {
      for (const [name, columns] of INDEXES) t.dropIndex(columns, name);
      t.index(['council_id', 'state', 'submitted_at']);
    });
  });
  // Outside a transaction, so that on SQLite knex can switch foreign keys off while it rebuilds the table.
  await db.schema.alterTable('cases', (t) => {
    t.dropForeign(['assigned_to']);
    t.dropColumn('assigned_to');
    t.dropColumn('ni_number');
  });
}

/** Cases opened before this migration: their NI number, from the snapshot (`context.answers.niNumber`). */
async function backfillNiNumbers(db: Knex.Transaction): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db('cases')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'snapshot')) as Array<{ id: string; snapshot: string }>;
    if (rows.length === 0) return;
    for (const row of rows) {
      const niNumber = niNumberInSnapshot(row.snapshot);
      if (niNumber) await db('cases').where({ id: row.id }).update({ ni_number: niNumber });
    }
    after = rows[rows.length - 1].id;
  }
}

function niNumberInSnapshot(snapshot: string): string | null {
  try {
    const value = (JSON.parse(snapshot) as { context?: { answers?: { niNumber?: { niNumber?: unknown } } } })
      .context?.answers?.niNumber?.niNumber;
    return typeof value === 'string' && value.trim() !== '' ? value.replace(/\s+/g, '').toUpperCase() : null;
  } catch {
    return null;
  }
}

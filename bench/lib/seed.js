'use strict';
/**
 * Seeds many cases fast by copying one real case. The template is made through the running kit's own
 * journey (so its application row, case row, snapshots and audit trail are exactly what the kit writes);
 * each copy gets its own ids, a unique reference, a different applicant (both also inside its snapshots)
 * and an earlier submission time, in batches of INSERT … SELECT over a generated series of numbers, one
 * transaction per batch.
 * Every seeded case is a valid, loadable case: the case page and the queue read them like any other.
 */
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

/** The kit's reference alphabet (app/services/references.ts): no 0/O, 1/I/L, 5/S, 2/Z, 8/B. */
const ALPHABET = '3467ACDEFGHJKMNPQRTUVWXY';
/** 24^7: the seven reference characters after the first; the multiplier below is coprime to it. */
const SPACE = 24 ** 7;
/** n × MULTIPLIER mod 24^7 is a bijection (neither 2 nor 3 divides it): references unique, yet random-looking. */
const MULTIPLIER = 2_654_435_761;

/** Ids are UUID-shaped (8-4-4-4-12 hex digits) and say what they are: b… for applications, c… for cases. */
const APPLICATION_ID_PREFIX = 'b0000000-be4c-4000-8000-';
const CASE_ID_PREFIX = 'c0000000-be4c-4000-8000-';

function seededCaseId(n) {
  return CASE_ID_PREFIX + String(n).padStart(12, '0');
}

/**
 * The template case's rows, and a first reference character no existing reference has, so no seeded
 * reference can equal one made by the kit before seeding.
 * @param {import('knex').Knex} db
 * @param {string} reference the template case's reference
 */
async function loadTemplate(db, reference) {
  const caseRow = await db('cases').where({ reference }).first();
  if (!caseRow) throw new Error(`No case ${reference} to copy`);
  const application = await db('applications').where({ id: caseRow.application_id }).first('id');
  const taken = new Set((await db('applications').select('reference')).map((row) => row.reference[3]));
  const firstChar = [...ALPHABET].find((char) => !taken.has(char));
  if (!firstChar) throw new Error('Too many applications to choose an unused reference prefix');
  return {
    reference,
    caseId: caseRow.id,
    applicationId: application.id,
    submittedAt: caseRow.submitted_at,
    firstChar,
    // Who applied, as the case's columns and its snapshots hold it: each copy is someone else.
    person: {
      name: caseRow.applicant_name ?? null,
      dateOfBirth: caseRow.applicant_date_of_birth ?? null,
      postcode: caseRow.postcode ?? null,
      niNumber: caseRow.ni_number ?? null,
    },
  };
}

/**
 * SQL for one dialect. `numbers` is a WITH clause naming `s`: one row per seeded case from the two `?`
 * (first and last number), with its ids, reference and time shift worked out once per case (materialised,
 * so the audit rows, sixteen or so per case, do not each compute them again).
 */
function dialect(postgres, firstChar, person) {
  const digit = (k) =>
    postgres
      ? `substr('${ALPHABET}', ((((n * ${MULTIPLIER}::bigint) % ${SPACE}) / ${24 ** k}) % 24)::int + 1, 1)`
      : `substr('${ALPHABET}', ((n * ${MULTIPLIER}) % ${SPACE}) / ${24 ** k} % 24 + 1, 1)`;
  const reference = `'BB-${firstChar}' || ${digit(6)} || ${digit(5)} || ${digit(4)} || '-' || ${digit(3)} || ${digit(2)} || ${digit(1)} || ${digit(0)}`;
  const padded = postgres ? `lpad(n::text, 12, '0')` : `printf('%012d', n)`;
  const letter = (k, letters) =>
    postgres
      ? `substr('${letters}', ((n / ${26 ** k}) % 26)::int + 1, 1)`
      : `substr('${letters}', n / ${26 ** k} % 26 + 1, 1)`;
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const lower = upper.toLowerCase();
  // A different person for every copy, so no two seeded cases look like the same applicant (the case page
  // looks for other open cases with the same name and date of birth, date of birth and postcode, or NI
  // number): a unique name, a date of birth up to 20 years before the template's, a postcode whose pair
  // with the date of birth never repeats below 2.4 million cases, and a unique NI number.
  const name = `'Resident ' || ${letter(4, upper)} || ${letter(3, lower)} || ${letter(2, lower)} || ${letter(1, lower)} || ${letter(0, lower)}`;
  const dateOfBirth = !person.dateOfBirth
    ? 'null'
    : postgres
      ? `to_char(date ${literal(person.dateOfBirth)} - (n % 7300)::int, 'YYYY-MM-DD')`
      : `date(${literal(person.dateOfBirth)}, '-' || (n % 7300) || ' days')`;
  const postcode = postgres
    ? `'SW1A ' || (n % 10)::text || substr('${upper}', ((n / 10) % 26)::int + 1, 1) || substr('${upper}', ((n / 260) % 26)::int + 1, 1)`
    : `'SW1A ' || (n % 10) || substr('${upper}', n / 10 % 26 + 1, 1) || substr('${upper}', n / 260 % 26 + 1, 1)`;
  const niNumber = postgres
    ? `'BC' || lpad((n % 1000000)::text, 6, '0') || 'C'`
    : `'BC' || printf('%06d', n % 1000000) || 'C'`;
  const columns = `n, '${APPLICATION_ID_PREFIX}' || ${padded} as application_id,
                   '${CASE_ID_PREFIX}' || ${padded} as case_id, ${reference} as reference,
                   ${name} as name, ${dateOfBirth} as date_of_birth, ${postcode} as postcode,
                   ${niNumber} as ni_number`;
  return {
    numbers: postgres
      ? `with s as materialized (
           select ${columns}, n * interval '1 second' as shift from generate_series(?::bigint, ?::bigint) as n)`
      : `with recursive seq(n) as (select cast(? as integer) union all select n + 1 from seq where n < ?),
           s as materialized (select ${columns}, '-' || n || ' seconds' as shift from seq)`,
    /** The template's snapshot with this copy's reference and person in place of the template's. */
    snapshot: (column, reference) =>
      [
        [reference, 's.reference'],
        [person.name, 's.name'],
        [person.dateOfBirth, 's.date_of_birth'],
        [person.postcode, 's.postcode'],
        [person.niNumber, 's.ni_number'],
      ]
        .filter(([value]) => value)
        .reduce((sql, [value, replacement]) => `replace(${sql}, ${literal(value)}, ${replacement})`, column),
    earlier: (column) =>
      postgres
        ? `to_char((${column}::timestamptz - s.shift) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, s.shift)`,
  };
}

/** A string as an SQL literal (the template's own values, from the kit's database). */
function literal(value) {
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** Every column of a table, so the copies follow the schema as the kit's migrations leave it. */
async function columnsOf(db, table) {
  return Object.keys(await db(table).columnInfo());
}

/**
 * INSERT … SELECT copying the template row `alias` once per seeded case: every column as it is, except
 * those in `overrides` (SQL expressions over `s` and the template row). An `id` not overridden is left to
 * the database (audit_events' own sequence).
 */
function copyStatement(numbers, table, alias, columns, overrides, from, rest) {
  const quoted = (column) => `"${column}"`;
  const list = columns.filter((column) => column in overrides || column !== 'id');
  const values = list.map((column) => overrides[column] ?? `${alias}.${quoted(column)}`);
  return `${numbers}
          insert into ${table} (${list.map(quoted).join(', ')})
          select ${values.join(', ')}
          from s cross join ${from}
          ${rest}`;
}

/**
 * Copies the template case as cases number `from` to `to` (inclusive).
 * @param {import('knex').Knex} db
 * @param {Awaited<ReturnType<typeof loadTemplate>>} template
 * @param {{ from: number, to: number, batchSize?: number, onBatch?: (done: number) => void }} range
 */
async function seedCases(db, template, range) {
  const postgres = db.client.config.client === 'pg';
  const sql = dialect(postgres, template.firstChar, template.person);
  const batchSize = range.batchSize ?? 100_000;
  const columns = {
    applications: await columnsOf(db, 'applications'),
    cases: await columnsOf(db, 'cases'),
    audit_events: await columnsOf(db, 'audit_events'),
  };
  const times = (alias) => ({
    created_at: sql.earlier(`${alias}.created_at`),
    updated_at: sql.earlier(`${alias}.updated_at`),
    submitted_at: sql.earlier(`${alias}.submitted_at`),
  });
  // Each statement's `?`, in order: the first and last number, then the template's ids.
  const applications = copyStatement(
    sql.numbers,
    'applications',
    'a',
    columns.applications,
    {
      id: 's.application_id',
      reference: 's.reference',
      snapshot: sql.snapshot('a.snapshot', template.reference),
      ...times('a'),
    },
    'applications a',
    'where a.id = ?',
  );
  const cases = copyStatement(
    sql.numbers,
    'cases',
    'c',
    columns.cases,
    {
      id: 's.case_id',
      reference: 's.reference',
      application_id: 's.application_id',
      snapshot: sql.snapshot('c.snapshot', template.reference),
      ...times('c'),
      applicant_name: 's.name',
      ...(template.person.dateOfBirth ? { applicant_date_of_birth: 's.date_of_birth' } : {}),
      ...(template.person.postcode ? { postcode: 's.postcode' } : {}),
      ...(template.person.niNumber ? { ni_number: 's.ni_number' } : {}),
    },
    'cases c',
    'where c.id = ?',
  );
  // The audit trail of the application and the case, in order; the citizen's actor id is the application's.
  const audit = copyStatement(
    sql.numbers,
    'audit_events',
    'e',
    columns.audit_events,
    {
      entity_id: `case when e.entity_type = 'case' then s.case_id else s.application_id end`,
      actor_id: `case when e.actor_id = ? then s.application_id else e.actor_id end`,
      at: sql.earlier('e.at'),
    },
    `(select * from audit_events
      where (entity_type = 'application' and entity_id = ?)
         or (entity_type = 'case' and entity_id = ?)
      order by id) e`,
    // SQLite keeps the tables of a CROSS JOIN in the order written, so rows already come case by case and,
    // within a case, in the template's order; PostgreSQL is told.
    postgres ? 'order by s.n, e.id' : '',
  );
  for (let start = range.from; start <= range.to; start += batchSize) {
    const end = Math.min(range.to, start + batchSize - 1);
    await db.transaction(async (trx) => {
      await trx.raw(applications, [start, end, template.applicationId]);
      await trx.raw(cases, [start, end, template.caseId]);
      await trx.raw(audit, [start, end, template.applicationId, template.applicationId, template.caseId]);
    });
    range.onBatch?.(end - range.from + 1);
  }
  if (postgres) await db.raw('analyze applications, cases, audit_events');
}

/**
 * Puts a bulk load's writes on disk before anything is measured. The seeding connection writes without
 * waiting for the disk (synchronous = OFF), so a load of 100,000 cases left about 2.2 GB of dirty pages
 * (the WAL and the database file) for the kernel to write back 30 seconds later (vm.dirty_expire_centisecs):
 * that landed in the staff queue's steady-rate run and stalled the kit's own small writes for about half a
 * second (p99 422–436 ms instead of 6–8; found by sampling /proc/meminfo's Dirty during a run). Here the
 * WAL is checkpointed and truncated (its pages go with it) and the database file synced; on PostgreSQL a
 * CHECKPOINT does the same. Returns the seconds it took.
 * @param {import('knex').Knex} db
 */
async function settleWrites(db) {
  const started = performance.now();
  if (db.client.config.client === 'better-sqlite3') {
    await db.raw('pragma wal_checkpoint(TRUNCATE)');
    const fd = fs.openSync(db.client.config.connection.filename, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } else {
    await db.raw('checkpoint');
  }
  return (performance.now() - started) / 1000;
}

module.exports = { loadTemplate, seedCases, seededCaseId, settleWrites, ALPHABET };

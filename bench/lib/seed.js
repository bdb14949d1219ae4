'use strict';
/**
 * Seeds many cases fast by copying one real case. The template is made through the running kit's own
 * journey (so its application row, case row, snapshots and audit trail are exactly what the kit writes);
 * each copy gets its own ids, a unique reference (also inside its snapshots) and an earlier submission
 * time, in batches of INSERT … SELECT over a generated series of numbers, one transaction per batch.
 * Every seeded case is a valid, loadable case: the case page and the queue read them like any other.
 */

/** The kit's reference alphabet (app/services/references.ts): no 0/O, 1/I/L, 5/S, 2/Z, 8/B. */
const ALPHABET = '3467ACDEFGHJKMNPQRTUVWXY';
/** 24^7: the seven reference characters after the first; the multiplier below is coprime to it. */
const SPACE = 24 ** 7;
/** n × MULTIPLIER mod 24^7 is a bijection (3 is not a factor of it, nor is 2), so references are unique but look random. */
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
  const caseRow = await db('cases').where({ reference }).first('id', 'application_id', 'submitted_at');
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
  };
}

/** SQL for one dialect: the numbers from :from to :to, a seeded id, reference and timestamp from `n`. */
function dialect(postgres) {
  const digit = (k) =>
    postgres
      ? `substr('${ALPHABET}', (((s.n * ${MULTIPLIER}::bigint) % ${SPACE}) / ${24 ** k})::int % 24 + 1, 1)`
      : `substr('${ALPHABET}', ((s.n * ${MULTIPLIER}) % ${SPACE}) / ${24 ** k} % 24 + 1, 1)`;
  const reference = (firstChar) =>
    `'BB-${firstChar}' || ${digit(6)} || ${digit(5)} || ${digit(4)} || '-' || ${digit(3)} || ${digit(2)} || ${digit(1)} || ${digit(0)}`;
  const padded = postgres ? `lpad(s.n::text, 12, '0')` : `printf('%012d', s.n)`;
  const earlier = (column) =>
    postgres
      ? `to_char((${column}::timestamptz - s.n * interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '-' || s.n || ' seconds')`;
  return {
    numbers: postgres
      ? `(select generate_series(?::bigint, ?::bigint) as n) s`
      : `(with recursive seq(n) as (select ? union all select n + 1 from seq where n < ?) select n from seq) s`,
    reference,
    applicationId: `'${APPLICATION_ID_PREFIX}' || ${padded}`,
    caseId: `'${CASE_ID_PREFIX}' || ${padded}`,
    earlier,
  };
}

/**
 * Copies the template case as cases number `from` to `to` (inclusive).
 * @param {import('knex').Knex} db
 * @param {Awaited<ReturnType<typeof loadTemplate>>} template
 * @param {{ from: number, to: number, batchSize?: number, onBatch?: (done: number) => void }} range
 */
async function seedCases(db, template, range) {
  const postgres = db.client.config.client === 'pg';
  const sql = dialect(postgres);
  const reference = sql.reference(template.firstChar);
  const batchSize = range.batchSize ?? 100_000;
  for (let start = range.from; start <= range.to; start += batchSize) {
    const end = Math.min(range.to, start + batchSize - 1);
    await db.transaction(async (trx) => {
      await trx.raw(
        `insert into applications
           (id, reference, council_id, workflow_id, workflow_version, state, snapshot, revision,
            created_at, updated_at, submitted_at)
         select ${sql.applicationId}, ${reference}, a.council_id, a.workflow_id, a.workflow_version, a.state,
                replace(a.snapshot, ?, ${reference}), a.revision,
                ${sql.earlier('a.created_at')}, ${sql.earlier('a.updated_at')}, ${sql.earlier('a.submitted_at')}
         from ${sql.numbers} cross join applications a
         where a.id = ?`,
        [template.reference, start, end, template.applicationId],
      );
      await trx.raw(
        `insert into cases
           (id, reference, application_id, council_id, workflow_id, workflow_version, state, snapshot, revision,
            created_at, updated_at, applicant_name, applicant_date_of_birth, postcode, eligibility_outcome,
            eligibility_code, fast_track, submitted_at)
         select ${sql.caseId}, ${reference}, ${sql.applicationId}, c.council_id, c.workflow_id, c.workflow_version,
                c.state, replace(c.snapshot, ?, ${reference}), c.revision,
                ${sql.earlier('c.created_at')}, ${sql.earlier('c.updated_at')}, c.applicant_name,
                c.applicant_date_of_birth, c.postcode, c.eligibility_outcome, c.eligibility_code, c.fast_track,
                ${sql.earlier('c.submitted_at')}
         from ${sql.numbers} cross join cases c
         where c.id = ?`,
        [template.reference, start, end, template.caseId],
      );
      // The audit trail of the application and the case, in order; the citizen's actor id is the application's.
      await trx.raw(
        `insert into audit_events
           (entity_type, entity_id, workflow_id, workflow_version, event, from_state, to_state, actor_type,
            actor_id, actor_name, detail, at)
         select e.entity_type,
                case when e.entity_type = 'case' then ${sql.caseId} else ${sql.applicationId} end,
                e.workflow_id, e.workflow_version, e.event, e.from_state, e.to_state, e.actor_type,
                case when e.actor_id = ? then ${sql.applicationId} else e.actor_id end,
                e.actor_name, e.detail, ${sql.earlier('e.at')}
         from ${sql.numbers}
         cross join (select * from audit_events
                     where (entity_type = 'application' and entity_id = ?)
                        or (entity_type = 'case' and entity_id = ?)) e
         order by s.n, e.id`,
        [template.applicationId, start, end, template.applicationId, template.caseId],
      );
    });
    range.onBatch?.(end - range.from + 1);
  }
  if (postgres) await db.raw('analyze applications, cases, audit_events');
}

module.exports = { loadTemplate, seedCases, seededCaseId, ALPHABET };

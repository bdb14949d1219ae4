import type { Knex } from 'knex';

/**
 * Where an applicant's personal data lives: every table that holds it, and how its rows link to the
 * person's records. Retention (app/data-protection/retention.ts), the subject access export
 * (app/data-protection/export.ts) and erasure (app/data-protection/erasure.ts) all read this one list,
 * so a table added here is kept, exported and erased alike. test/app/data-protection/registry.test.ts
 * reads the database's own schema and fails for a table that links to a person but is not listed here
 * (or in NOT_PERSONAL_DATA with its reason).
 */

/** The records of one person (or of one expired case): everything is found from these. */
export interface Subject {
  applicationIds: string[];
  caseIds: string[];
  badgeIds: string[];
  /** Application and case references (a case has its application's reference). */
  references: string[];
}

/**
 * How a table's rows belong to a subject:
 * - `application`, `case`, `badge`: the column holds that record's id;
 * - `reference`: the column holds the application reference;
 * - `instance`: the column holds the id of any of the subject's workflow instances (evidence, audit);
 * - `contains`: the column's text (JSON) mentions one of the ids (sessions, scheduled job payloads).
 */
export type LinkKind = 'application' | 'case' | 'badge' | 'reference' | 'instance' | 'contains';

export interface PersonalDataTable {
  table: string;
  link: { by: LinkKind; column: string };
  /** What its rows are, for the export's index and docs/data-protection.md. */
  description: string;
  /** Columns holding evidence storage keys: the files go with the rows. */
  files?: readonly string[];
  /** Columns holding JSON text, given as JSON in the export. */
  json?: readonly string[];
  /** Binary columns (a letter's PDF), given as files of their own in the export, with this extension. */
  blobs?: ReadonlyArray<{ column: string; extension: string }>;
  /** Not given in the export (working data with nothing of the person's own, e.g. a browser session). */
  exported?: false;
  /** Exported, but kept when the rest is deleted (retention, erasure), for this reason. */
  keptBecause?: string;
}

/**
 * Every table with an applicant's personal data, in the order rows are deleted: the records that refer to
 * applications, cases and badges first, those three last (badges refer to cases, cases to applications).
 */
export const PERSONAL_DATA: readonly PersonalDataTable[] = [
  {
    table: 'evidence',
    link: { by: 'instance', column: 'instance_id' },
    description: 'Evidence files uploaded with an application: the file, its name, type and size',
    files: ['storage_key', 'thumbnail_key'],
  },
  {
    // Before notifications: a letter refers to the email that told the applicant about it.
    table: 'letters',
    link: { by: 'case', column: 'case_id' },
    description: 'Letters sent to the applicant: the text and the PDF as sent',
    blobs: [{ column: 'pdf', extension: 'pdf' }],
  },
  {
    table: 'saved_applications',
    link: { by: 'application', column: 'application_id' },
    description: 'Saves of an application to come back to: hashes of the email, link and code, and the page',
  },
  {
    table: 'payments',
    link: { by: 'application', column: 'application_id' },
    description: 'Fee payments: amount, status and the payment provider’s reference',
    keptBecause:
      'a financial record for the council’s accounts; it holds no name or contact details, and once the application is deleted nothing links it to the person',
  },
  {
    // Deleted with the case (it refers to it); only a hash of each reply token, nothing the person wrote.
    table: 'information_request_links',
    link: { by: 'case', column: 'case_id' },
    description:
      'Links sent to reply to a request for more information: a hash of the token, when sent and used',
    exported: false,
  },
  {
    table: 'audit_events',
    link: { by: 'instance', column: 'entity_id' },
    description: 'What happened to the application, case and badge, when and by whom; staff notes',
    json: ['detail'],
  },
  {
    table: 'case_views',
    link: { by: 'case', column: 'case_id' },
    description: 'Which member of staff opened the case, and when',
  },
  {
    table: 'notifications',
    link: { by: 'reference', column: 'reference' },
    description: 'Emails sent (or to be sent) about the application',
    json: ['personalisation'],
  },
  {
    table: 'sessions',
    link: { by: 'contains', column: 'sess' },
    description: 'Browser sessions still holding the application',
    exported: false,
  },
  {
    table: 'scheduled_jobs',
    link: { by: 'contains', column: 'payload' },
    description: 'Timers armed for the case (reminders, expiries)',
    exported: false,
  },
  {
    table: 'badges',
    link: { by: 'badge', column: 'id' },
    description: 'Badges issued: number, dates and status',
    json: ['snapshot'],
  },
  {
    table: 'cases',
    link: { by: 'case', column: 'id' },
    description: "The council's case: the answers sent, the assessment and the decision",
    json: ['snapshot'],
  },
  {
    table: 'applications',
    link: { by: 'application', column: 'id' },
    description: 'The application as filled in, every answer',
    json: ['snapshot'],
  },
];

/** Tables with no applicant's personal data, and why: the registry test accepts these. */
export const NOT_PERSONAL_DATA: Readonly<Record<string, string>> = {
  councils: 'the council itself',
  staff_users: "staff accounts: the council's employees, not applicants (managed at /staff/accounts)",
  badge_number_sequence: 'the next badge number to allocate',
  rate_limits: 'counts of failed staff sign-ins by network address, kept minutes',
  retention_figures: 'anonymised counts kept after records are deleted',
  erasure_log: 'what was erased, when, by whom and why: references only, no personal data',
  process_comments:
    "comments on the process maps: the names and emails of staff and members of the public taking part in the design, not applicants, linked to no application, case or badge. Members of the public's data there has its own export, erasure (by email address) and retention: app/data-protection/commenters.ts",
  knex_migrations: 'which migrations have run',
  knex_migrations_lock: 'the migrations lock',
};

/** The rows of `entry` that belong to `subject` (a query to select from, or to delete). */
export function rowsOf(db: Knex | Knex.Transaction, entry: PersonalDataTable, subject: Subject) {
  const { by, column } = entry.link;
  const query = db(entry.table);
  const ids = [...subject.applicationIds, ...subject.caseIds, ...subject.badgeIds];
  switch (by) {
    case 'application':
      return query.whereIn(column, subject.applicationIds);
    case 'case':
      return query.whereIn(column, subject.caseIds);
    case 'badge':
      return query.whereIn(column, subject.badgeIds);
    case 'reference':
      return query.whereIn(column, subject.references);
    case 'instance':
      return query.whereIn(column, ids);
    case 'contains':
      // Ids are UUIDs the kit made; each is matched as a quoted JSON string.
      return ids.length === 0
        ? query.whereRaw('1 = 0')
        : query.where((any) => {
            for (const id of ids) any.orWhere(column, 'like', `%"${id}"%`);
          });
  }
}

export function isEmpty(subject: Subject): boolean {
  return subject.applicationIds.length + subject.caseIds.length + subject.badgeIds.length === 0;
}

/**
 * A subject from some of its cases: those cases, the applications they came from and their badges.
 * `extraApplicationIds` adds applications with no case (drafts).
 */
export async function subjectOfCases(
  db: Knex | Knex.Transaction,
  caseIds: string[],
  extraApplicationIds: string[] = [],
): Promise<Subject> {
  const cases =
    caseIds.length === 0
      ? []
      : ((await db('cases').whereIn('id', caseIds).select('id', 'application_id', 'reference')) as Array<{
          id: string;
          application_id: string;
          reference: string;
        }>);
  const applicationIds = [...new Set([...cases.map((row) => row.application_id), ...extraApplicationIds])];
  const applications =
    applicationIds.length === 0
      ? []
      : ((await db('applications').whereIn('id', applicationIds).select('reference')) as Array<{
          reference: string;
        }>);
  const badges =
    cases.length === 0
      ? []
      : ((await db('badges')
          .whereIn(
            'case_id',
            cases.map((row) => row.id),
          )
          .select('id')) as Array<{ id: string }>);
  return {
    applicationIds,
    caseIds: cases.map((row) => row.id),
    badgeIds: badges.map((row) => row.id),
    references: [...new Set([...cases.map((row) => row.reference), ...applications.map((r) => r.reference)])],
  };
}

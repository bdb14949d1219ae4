import type { Knex } from 'knex';
import { BADGE_NUMBER_PATTERN } from '../../workflows/badge/badge-number';
import { caseMachine } from '../../workflows/case/machine';
import { RULES } from '../../workflows/rules/definitions';

/**
 * The staff work queue: a council's cases, fast track (terminal illness) first, then by due date
 * (submitted_at + the council's target, so in submitted_at order), filtered and searched, a page at a time.
 *
 * Pages are keyset pages, never OFFSET: the queue is read as two segments, `fast_track = true` then
 * `fast_track = false`, each in (submitted_at, id) order from a cursor `(submitted_at, id) > (?, ?)`.
 * With the indexes of migrations/20261204-003-work-queue.ts every segment is one index range read that
 * stops after a page, whatever page it is, on SQLite and PostgreSQL alike.
 */
export const QUEUE_PAGE_SIZE = 25;

/** A case state the case statechart can rest in, and whether the case is decided there. */
export interface RestingState {
  state: string;
  final: boolean;
}

interface StateNodeLike {
  type: string;
  path: string[];
  tags?: string[];
  always?: unknown[];
  states: Record<string, StateNodeLike>;
}

/**
 * Every state a stored case can be in, from the case statechart itself: its leaf states, without those
 * it leaves at once (`decided.approved` moves straight on to `badgeOrdered`). "Decided" is a final state, or
 * one tagged `decided` (a refusal, which a review may still reopen).
 */
export function caseRestingStates(): RestingState[] {
  const found: RestingState[] = [];
  const visit = (node: StateNodeLike) => {
    const children = Object.values(node.states);
    if (children.length > 0) return children.forEach(visit);
    if (node.always && node.always.length > 0) return;
    found.push({
      state: node.path.join('.'),
      final: node.type === 'final' || (node.tags ?? []).includes('decided'),
    });
  };
  visit(caseMachine.root as unknown as StateNodeLike);
  return found;
}

const RESTING_STATES = caseRestingStates();
/** Not decided yet: the states that count against the council's target. */
export const OPEN_STATES = RESTING_STATES.filter((s) => !s.final).map((s) => s.state);
export const DECIDED_STATES = RESTING_STATES.filter((s) => s.final).map((s) => s.state);

/** What staff call each state (the same words as views/partials/case-state.njk). */
export const CASE_STATE_LABELS: Record<string, string> = {
  submitted: 'New',
  assessing: 'Being assessed',
  'assessing.checkingEvidence': 'Checking evidence',
  'assessing.desktopAssessment': 'Desktop assessment',
  'assessing.referral.awaitingAppointment': 'Referred: awaiting appointment',
  'assessing.referral.appointmentBooked': 'Referred: appointment booked',
  'assessing.referral.attended': 'Referred: awaiting report',
  awaitingInformation: 'Waiting for the applicant',
  deciding: 'Ready for decision',
  'decided.refused': 'Refused',
  underReview: 'Under review',
  withdrawn: 'Withdrawn',
  badgeOrdered: 'Approved – badge ordered',
};

/** The status filter: each resting state, then "not decided" and "decided". */
export const STATE_FILTERS: ReadonlyArray<{ value: string; label: string; states: string[] }> = [
  ...RESTING_STATES.map(({ state }) => ({
    value: state,
    label: CASE_STATE_LABELS[state] ?? state,
    states: [state],
  })),
  { value: 'open', label: 'Not decided yet', states: OPEN_STATES },
  { value: 'decided', label: 'Decided', states: DECIDED_STATES },
];

/** The eligibility route filter: every route the rules know. */
export const ROUTE_FILTERS: ReadonlyArray<{ value: string; label: string }> = RULES.map((rule) => ({
  value: rule.code,
  label: `${rule.name} (${rule.code})`,
}));

/** The search box, read as one or more exact identifiers or a name. Any of the given criteria matches. */
export interface SearchCriteria {
  reference?: string;
  badgeNumber?: string;
  niNumber?: string;
  /** Upper case, no spaces: compared with POSTCODE_KEY. */
  postcode?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  /** Lower case; matched as a substring of the applicant's name. */
  name?: string;
}

export const SEARCH_MAX_LENGTH = 100;

const REFERENCE = /^BB-?([A-Z0-9]{4})-?([A-Z0-9]{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YEAR_MONTH_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NI_NUMBER = /^[A-Z]{2}\d{6}[A-D]$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/;

/**
 * What a search term means: a reference, a date of birth (DD/MM/YYYY or YYYY-MM-DD), a National
 * Insurance number, a postcode or a badge number when it has that shape (spaces and case ignored), and
 * otherwise part of a name. A six-letter word could be a badge number or a name, so it is searched as both.
 */
export function parseSearch(input: string): { criteria?: SearchCriteria; error?: string } {
  const term = input.trim().replace(/\s+/g, ' ');
  if (term === '') return {};
  if (term.length > SEARCH_MAX_LENGTH) {
    return { error: `Search must be ${SEARCH_MAX_LENGTH} characters or fewer` };
  }
  const compact = term.replace(/ /g, '').toUpperCase();

  const reference = REFERENCE.exec(compact);
  if (reference) return { criteria: { reference: `BB-${reference[1]}-${reference[2]}` } };

  const dmy = DAY_MONTH_YEAR.exec(term);
  const ymd = YEAR_MONTH_DAY.exec(term);
  if (dmy || ymd) {
    const [year, month, day] = dmy ? [dmy[3], dmy[2], dmy[1]] : [ymd![1], ymd![2], ymd![3]];
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
      return { error: 'Enter a real date of birth, for example 27/03/1957' };
    }
    return { criteria: { dateOfBirth: iso } };
  }

  if (NI_NUMBER.test(compact)) return { criteria: { niNumber: compact } };
  if (POSTCODE.test(compact)) return { criteria: { postcode: compact } };
  if (BADGE_NUMBER_PATTERN.test(compact)) {
    return /\d/.test(compact)
      ? { criteria: { badgeNumber: compact } }
      : { criteria: { badgeNumber: compact, name: term.toLowerCase() } };
  }
  return { criteria: { name: term.toLowerCase() } };
}

export interface QueueFilters {
  councilId: string;
  /** Any of these states. */
  states?: string[];
  eligibilityCode?: string;
  fastTrackOnly?: boolean;
  /** A staff user's id; null for unassigned cases; undefined for anyone's. */
  assignedTo?: string | null;
  /** Overdue: not decided and submitted before this ISO timestamp. */
  submittedBefore?: string;
  search?: SearchCriteria;
}

/** A position in the queue order: the last row of a page (next page) or the first (previous page). */
export interface QueueCursor {
  fastTrack: boolean;
  submittedAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const ID = /^[A-Za-z0-9_-]{1,36}$/;

/** An opaque, URL-safe cursor for a "Next page" or "Previous page" link. */
export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.fastTrack ? 1 : 0, cursor.submittedAt, cursor.id])).toString(
    'base64url',
  );
}

/** The cursor in a page link, or undefined if it is not one this service made. */
export function decodeCursor(value: string): QueueCursor | undefined {
  if (value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [fastTrack, submittedAt, id] = parsed as unknown[];
  if (fastTrack !== 0 && fastTrack !== 1) return undefined;
  if (typeof submittedAt !== 'string' || !TIMESTAMP.test(submittedAt)) return undefined;
  if (typeof id !== 'string' || !ID.test(id)) return undefined;
  return { fastTrack: fastTrack === 1, submittedAt, id };
}

export interface QueueItem {
  id: string;
  reference: string;
  applicantName: string;
  state: string;
  eligibilityCode: string | null;
  fastTrack: boolean;
  submittedAt: string;
  assignedTo: string | null;
  assigneeName: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  /** Cursors for the links; undefined when there is no such page. */
  next?: QueueCursor;
  previous?: QueueCursor;
}

/**
 * The postcode, upper case and without spaces: the expression of the `cases_postcode_search_index`
 * index, written out identically so that both databases use it.
 */
export const POSTCODE_KEY = "replace(upper(cases.postcode), ' ', '')";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The council's cases matching the filters, in no particular order yet. Bindings only. */
function filteredCases(db: Knex, filters: QueueFilters): Knex.QueryBuilder {
  const query = db('cases').where('cases.council_id', filters.councilId);
  if (filters.states) query.whereIn('cases.state', filters.states);
  if (filters.eligibilityCode) query.where('cases.eligibility_code', filters.eligibilityCode);
  if (filters.assignedTo === null) query.whereNull('cases.assigned_to');
  else if (filters.assignedTo !== undefined) query.where('cases.assigned_to', filters.assignedTo);
  if (filters.submittedBefore) {
    query.where('cases.submitted_at', '<', filters.submittedBefore).whereIn('cases.state', OPEN_STATES);
  }
  const search = filters.search;
  if (search) {
    query.where((any) => {
      if (search.reference) any.orWhere('cases.reference', search.reference);
      if (search.badgeNumber) {
        any.orWhereIn('cases.id', db('badges').where('badge_number', search.badgeNumber).select('case_id'));
      }
      if (search.niNumber) any.orWhere('cases.ni_number', search.niNumber);
      if (search.postcode) any.orWhereRaw(`${POSTCODE_KEY} = ?`, [search.postcode]);
      if (search.dateOfBirth) any.orWhere('cases.applicant_date_of_birth', search.dateOfBirth);
      if (search.name) {
        any.orWhereRaw(`lower(cases.applicant_name) like ? escape '\\'`, [`%${escapeLike(search.name)}%`]);
      }
    });
  }
  return query;
}

/**
 * One segment of the queue (`fast_track = ?`) in (submitted_at, id) order, forwards or backwards from
 * a cursor. Exported for the index test (EXPLAIN QUERY PLAN): this is the only query a page makes.
 */
export function queueSegmentQuery(
  db: Knex,
  filters: QueueFilters,
  segment: { fastTrack: boolean; from?: { submittedAt: string; id: string }; backwards?: boolean },
  limit: number,
): Knex.QueryBuilder {
  const direction = segment.backwards ? 'desc' : 'asc';
  const query = filteredCases(db, filters).where('cases.fast_track', segment.fastTrack);
  if (segment.from) {
    query.whereRaw(`(cases.submitted_at, cases.id) ${segment.backwards ? '<' : '>'} (?, ?)`, [
      segment.from.submittedAt,
      segment.from.id,
    ]);
  }
  return query
    .leftJoin('staff_users as assignee', 'assignee.id', 'cases.assigned_to')
    .orderBy([
      { column: 'cases.submitted_at', order: direction },
      { column: 'cases.id', order: direction },
    ])
    .limit(limit)
    .select(
      'cases.id',
      'cases.reference',
      'cases.applicant_name',
      'cases.state',
      'cases.eligibility_code',
      'cases.fast_track',
      'cases.submitted_at',
      'cases.assigned_to',
      'assignee.name as assignee_name',
    );
}

function toItem(row: Record<string, unknown>): QueueItem {
  return {
    id: String(row.id),
    reference: String(row.reference),
    applicantName: String(row.applicant_name),
    state: String(row.state),
    eligibilityCode: (row.eligibility_code as string | null) ?? null,
    fastTrack: Boolean(row.fast_track),
    submittedAt: String(row.submitted_at),
    assignedTo: (row.assigned_to as string | null) ?? null,
    assigneeName: (row.assignee_name as string | null) ?? null,
  };
}

const cursorOf = (item: QueueItem): QueueCursor => ({
  fastTrack: item.fastTrack,
  submittedAt: item.submittedAt,
  id: item.id,
});

/**
 * A page of the queue: the first, the one after `after`, or the one before `before`. Reads at most
 * `pageSize + 1` rows (the extra one says whether there is another page), from at most two segments.
 */
export async function findQueuePage(
  db: Knex,
  filters: QueueFilters,
  position: { after?: QueueCursor; before?: QueueCursor } = {},
  pageSize = QUEUE_PAGE_SIZE,
): Promise<QueuePage> {
  // Fast track first: the order of the segments.
  const segments = filters.fastTrackOnly ? [true] : [true, false];
  const cursor = position.before ?? position.after;
  const backwards = position.before !== undefined;
  const start = cursor ? segments.indexOf(cursor.fastTrack) : 0;
  if (start < 0) return { items: [] };

  const visit = backwards ? segments.slice(0, start + 1).reverse() : segments.slice(start);
  const rows: QueueItem[] = [];
  for (const fastTrack of visit) {
    const wanted = pageSize + 1 - rows.length;
    if (wanted <= 0) break;
    const from = cursor && fastTrack === cursor.fastTrack ? cursor : undefined;
    const found = (await queueSegmentQuery(db, filters, { fastTrack, from, backwards }, wanted)) as Array<
      Record<string, unknown>
    >;
    rows.push(...found.map(toItem));
  }

  const more = rows.length > pageSize;
  const items = rows.slice(0, pageSize);
  if (backwards) {
    // Back at the start of the queue: show the first page, full, rather than a short one.
    if (!more) return findQueuePage(db, filters, {}, pageSize);
    items.reverse();
    return { items, previous: cursorOf(items[0]), next: cursorOf(items[items.length - 1]) };
  }
  return {
    items,
    previous: cursor && items.length > 0 ? cursorOf(items[0]) : undefined,
    next: more ? cursorOf(items[items.length - 1]) : undefined,
  };
}

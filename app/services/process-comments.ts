import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { describeMachine } from '../../workflows/engine/definition';
import { isWorkflowKind, versionsOf, WORKFLOWS, type WorkflowKind } from '../../workflows/registry';

/**
 * Comments on the process maps: ideas for the next version of the shared process, on a workflow, one of
 * its states, or one of its transitions (a state and an event). Threads are one level deep: a reply points
 * at the comment that opened the thread. Team managers moderate them and export them to pool with other
 * councils (docs/process/CHANGELOG.md records what was taken into a version).
 */

export const COMMENT_STATUSES = ['open', 'resolved', 'taken'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** visible: shown to everyone who may read comments; held: a public comment waiting for a team manager. */
export type Visibility = 'visible' | 'held' | 'hidden';

export interface CommentTarget {
  state: string | null;
  event: string | null;
}

export interface CommentRow {
  id: string;
  council_id: string;
  workflow_id: string;
  state: string | null;
  event: string | null;
  parent_id: string | null;
  body: string;
  author_type: 'staff' | 'public';
  author_id: string | null;
  author_name: string;
  author_email: string | null;
  status: CommentStatus;
  taken_into_version: number | null;
  visibility: Visibility;
  moderation_reason: string | null;
  moderated_by: string | null;
  moderated_at: string | null;
  /** A thread's opener: when it was marked resolved or taken into a version (null while open). */
  settled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Thread {
  comment: CommentRow;
  replies: CommentRow[];
}

/**
 * The target named by `?state=…&event=…`, checked against the workflow's versions (a state or transition
 * of any version it runs may be commented on); undefined when it names nothing there.
 */
export function resolveTarget(kind: WorkflowKind, query: Record<string, unknown>): CommentTarget | undefined {
  const state = typeof query.state === 'string' && query.state !== '' ? query.state : null;
  const event = typeof query.event === 'string' && query.event !== '' ? query.event : null;
  if (state === null) return event === null ? { state, event } : undefined;
  const known = versionsOf(WORKFLOWS[kind]).some(({ version, machine }) => {
    const found = describeMachine(machine, version).states.find((candidate) => candidate.path === state);
    return found && (event === null || found.transitions.some((transition) => transition.event === event));
  });
  return known ? { state, event } : undefined;
}

/** Words for a target, for headings and the export. */
export function targetLabel(target: CommentTarget): string {
  if (target.state === null) return 'the whole workflow';
  return target.event === null ? `state ${target.state}` : `${target.event} from ${target.state}`;
}

/** The link to a target's comments: process maps link here per state and transition. */
export function commentsUrl(base: string, kind: string, target: CommentTarget): string {
  const query = new URLSearchParams();
  if (target.state) query.set('state', target.state);
  if (target.event) query.set('event', target.event);
  const search = query.toString();
  return `${base}/process/${kind}/comments${search ? `?${search}` : ''}`;
}

export async function listThreads(
  db: Knex,
  councilId: string,
  workflowId: string,
  options: { target?: CommentTarget; moderator: boolean },
): Promise<Thread[]> {
  let query = db<CommentRow>('process_comments').where({ council_id: councilId, workflow_id: workflowId });
  if (!options.moderator) query = query.where({ visibility: 'visible' });
  const rows = (await query.orderBy([
    { column: 'created_at', order: 'asc' },
    { column: 'id', order: 'asc' },
  ])) as CommentRow[];
  const openers = rows.filter((row) => row.parent_id === null && onTarget(row, options.target));
  return openers.map((comment) => ({
    comment,
    replies: rows.filter((row) => row.parent_id === comment.id),
  }));
}

function onTarget(row: CommentRow, target: CommentTarget | undefined): boolean {
  if (!target || target.state === null) return true;
  return row.state === target.state && (target.event === null || row.event === target.event);
}

export async function findComment(
  db: Knex,
  councilId: string,
  workflowId: string,
  id: string,
): Promise<CommentRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return (await db<CommentRow>('process_comments')
    .where({ id, council_id: councilId, workflow_id: workflowId })
    .first()) as CommentRow | undefined;
}

export type Author =
  { type: 'staff'; id: string; name: string } | { type: 'public'; name: string; email: string };

export async function addComment(
  db: Knex,
  input: {
    councilId: string;
    workflowId: string;
    target: CommentTarget;
    parentId?: string;
    body: string;
    author: Author;
    now: string;
  },
): Promise<CommentRow> {
  const { author } = input;
  const row: CommentRow = {
    id: randomUUID(),
    council_id: input.councilId,
    workflow_id: input.workflowId,
    state: input.target.state,
    event: input.target.event,
    parent_id: input.parentId ?? null,
    body: input.body,
    author_type: author.type,
    author_id: author.type === 'staff' ? author.id : null,
    author_name: author.name,
    author_email: author.type === 'public' ? author.email : null,
    status: 'open',
    taken_into_version: null,
    // Members of the public are shown only once a team manager has read them.
    visibility: author.type === 'public' ? 'held' : 'visible',
    moderation_reason: null,
    moderated_by: null,
    moderated_at: null,
    settled_at: null,
    created_at: input.now,
    updated_at: input.now,
  };
  await db('process_comments').insert(row);
  return row;
}

/** Who moderates: the team manager as the audit records them. */
export interface Moderator {
  id: string;
  name: string;
}

/** audit_events.entity_type of moderation rows: entity_id is the comment's id. */
export const COMMENT_AUDIT_ENTITY = 'process_comment';

/** The audit events moderation writes (audit_events.event). */
export const MODERATION_EVENTS = {
  status: 'COMMENT_STATUS',
  show: 'COMMENT_SHOWN',
  hide: 'COMMENT_HIDDEN',
} as const;

/**
 * One moderation action's audit row, in the action's own transaction: who (the team manager), what (the
 * event, from and to), when, and which comment (entity_id). The workflow version is the one in force when
 * it happened, so an idea "taken into version N" reads against the version it was judged on.
 */
async function auditModeration(
  trx: Knex.Transaction,
  comment: CommentRow,
  event: string,
  from: string,
  to: string,
  by: Moderator,
  detail: Record<string, unknown>,
  now: string,
): Promise<void> {
  await trx('audit_events').insert({
    entity_type: COMMENT_AUDIT_ENTITY,
    entity_id: comment.id,
    workflow_id: comment.workflow_id,
    workflow_version: isWorkflowKind(comment.workflow_id) ? WORKFLOWS[comment.workflow_id].version : 0,
    event,
    from_state: from,
    to_state: to,
    actor_type: 'staff',
    actor_id: by.id,
    actor_name: by.name,
    detail: JSON.stringify(detail),
    at: now,
  });
}

/** Marks a thread open, resolved or taken into a version, with its audit row, in one transaction. */
export async function setStatus(
  db: Knex,
  comment: CommentRow,
  status: CommentStatus,
  version: number | null,
  by: Moderator,
  now: string,
): Promise<void> {
  const takenInto = status === 'taken' ? version : null;
  await db.transaction(async (trx) => {
    await trx('process_comments')
      .where({ id: comment.id })
      // The retention of public commenters' email addresses counts from here (data-protection/commenters.ts).
      .update({
        status,
        taken_into_version: takenInto,
        settled_at: status === 'open' ? null : now,
        updated_at: now,
      });
    await auditModeration(
      trx,
      comment,
      MODERATION_EVENTS.status,
      comment.status,
      status,
      by,
      { takenIntoVersion: takenInto },
      now,
    );
  });
}

/** Shows or hides a comment or a reply (hiding needs a reason), with its audit row, in one transaction. */
export async function moderate(
  db: Knex,
  comment: CommentRow,
  action: 'show' | 'hide',
  reason: string,
  by: Moderator,
  now: string,
): Promise<void> {
  const visibility: Visibility = action === 'show' ? 'visible' : 'hidden';
  await db.transaction(async (trx) => {
    await trx('process_comments')
      .where({ id: comment.id })
      .update({
        visibility,
        moderation_reason: reason === '' ? null : reason,
        moderated_by: by.name,
        moderated_at: now,
        updated_at: now,
      });
    await auditModeration(
      trx,
      comment,
      MODERATION_EVENTS[action],
      comment.visibility,
      visibility,
      by,
      reason === '' ? {} : { reason },
      now,
    );
  });
}

/** A moderation action as the thread page lists it for team managers. */
export interface ModerationEntry {
  commentId: string;
  event: string;
  from: string | null;
  to: string;
  by: string | null;
  at: string;
  detail: Record<string, unknown>;
}

/** The moderation history of some comments (a thread's opener and replies), oldest first. */
export async function moderationHistory(db: Knex, commentIds: string[]): Promise<ModerationEntry[]> {
  if (commentIds.length === 0) return [];
  const rows = (await db('audit_events')
    .where({ entity_type: COMMENT_AUDIT_ENTITY })
    .whereIn('entity_id', commentIds)
    .orderBy('id', 'asc')) as Array<Record<string, string | null>>;
  return rows.map((row) => ({
    commentId: String(row.entity_id),
    event: String(row.event),
    from: row.from_state,
    to: String(row.to_state),
    by: row.actor_name,
    at: String(row.at),
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {},
  }));
}

/** What an export holds: visible comments only, no email addresses, and no names of members of the public. */
export interface ExportedComment {
  id: string;
  workflow: string;
  state: string | null;
  event: string | null;
  replyTo: string | null;
  body: string;
  author: string;
  authorType: 'staff' | 'public';
  status: CommentStatus;
  takenIntoVersion: number | null;
  createdAt: string;
}

export async function exportComments(
  db: Knex,
  councilId: string,
  workflowId: string,
): Promise<ExportedComment[]> {
  const rows = (await db<CommentRow>('process_comments')
    .where({ council_id: councilId, workflow_id: workflowId, visibility: 'visible' })
    .orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])) as CommentRow[];
  return rows.map((row) => ({
    id: row.id,
    workflow: row.workflow_id,
    state: row.state,
    event: row.event,
    replyTo: row.parent_id,
    body: row.body,
    author: row.author_type === 'staff' ? row.author_name : 'Member of the public',
    authorType: row.author_type,
    status: row.status,
    takenIntoVersion: row.taken_into_version,
    createdAt: row.created_at,
  }));
}

const CSV_COLUMNS: Array<[keyof ExportedComment, string]> = [
  ['id', 'id'],
  ['workflow', 'workflow'],
  ['state', 'state'],
  ['event', 'event'],
  ['replyTo', 'reply_to'],
  ['body', 'body'],
  ['author', 'author'],
  ['authorType', 'author_type'],
  ['status', 'status'],
  ['takenIntoVersion', 'taken_into_version'],
  ['createdAt', 'created_at'],
];

/** RFC 4180 CSV; a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with '. */
export function toCsv(comments: ExportedComment[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    CSV_COLUMNS.map(([, header]) => header).join(','),
    ...comments.map((comment) => CSV_COLUMNS.map(([key]) => cell(comment[key])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

import type { Knex } from 'knex';
import { COMMENT_AUDIT_ENTITY, type CommentRow } from '../services/process-comments';
import { logErasure, type ErasureGround } from './erasure';

/**
 * The personal data of members of the public who comment on the process maps (council.json
 * `processComments.public`): the name and email address on their comments and replies in `process_comments`.
 * They are not applicants, so the applicant registry (./registry.ts) never reaches them; they are found by
 * their email address instead. Staff export what is held (UK GDPR Article 15) and erase it on request
 * (Article 17), and the retention job forgets each email address a period after its thread is settled.
 * Erasing or forgetting keeps the comment's text, the ideas being the council's record of the design; the
 * name shown with it becomes "Member of the public".
 */

/** The name a comment keeps once its commenter's personal data is erased. */
export const ERASED_NAME = 'Member of the public';

/** What the staff page says is held, and the export's `about`. */
export const COMMENTER_DATA_DESCRIPTION =
  'Comments and replies on the process maps sent by a member of the public: their name and email address, what they wrote, when, and how the council moderated it';

/** An email address as it is compared: trimmed, any case (addresses are matched case-insensitively). */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Every comment and reply the council holds from this email address, oldest first. */
export async function commentsByEmail(
  db: Knex | Knex.Transaction,
  councilId: string,
  email: string,
): Promise<CommentRow[]> {
  const wanted = normaliseEmail(email);
  if (wanted === '') return [];
  return (await db<CommentRow>('process_comments')
    .where({ council_id: councilId, author_type: 'public' })
    .whereRaw('lower(author_email) = ?', [wanted])
    .orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])) as CommentRow[];
}

/**
 * A subject access export of a commenter's data, as JSON: every comment and reply with its moderation. The
 * export is audited on each comment (event SUBJECT_ACCESS_EXPORT), as an applicant's is on their case.
 */
export async function exportCommenter(
  db: Knex,
  councilId: string,
  email: string,
  about: { councilName: string; generatedAt: string; exportedBy: { id: string; name: string } },
) {
  const comments = await commentsByEmail(db, councilId, email);
  await db.transaction(async (trx) => {
    for (const comment of comments)
      await trx('audit_events').insert({
        entity_type: COMMENT_AUDIT_ENTITY,
        entity_id: comment.id,
        workflow_id: comment.workflow_id,
        workflow_version: 0,
        event: 'SUBJECT_ACCESS_EXPORT',
        from_state: comment.visibility,
        to_state: comment.visibility,
        actor_type: 'staff',
        actor_id: about.exportedBy.id,
        actor_name: about.exportedBy.name,
        detail: null,
        at: about.generatedAt,
      });
  });
  return {
    about: `Personal data held about one member of the public by the council’s Blue Badge service (UK GDPR Article 15): ${COMMENTER_DATA_DESCRIPTION}`,
    council: about.councilName,
    generatedAt: about.generatedAt,
    exportedBy: about.exportedBy.name,
    email: normaliseEmail(email),
    comments: comments.map((row) => ({
      id: row.id,
      workflow: row.workflow_id,
      state: row.state,
      event: row.event,
      replyTo: row.parent_id,
      comment: row.body,
      name: row.author_name,
      email: row.author_email,
      sentAt: row.created_at,
      status: row.status,
      takenIntoVersion: row.taken_into_version,
      visibility: row.visibility,
      moderationReason: row.moderation_reason,
      moderatedAt: row.moderated_at,
    })),
  };
}

export type CommenterErasure =
  { ok: true; id: string; comments: number } | { ok: false; reason: 'not-found' };

/**
 * Erases a commenter's name and email address from all their comments on request, in one transaction, and
 * logs it in the erasure log without personal data (the comments' ids and a count). The text stays.
 */
export async function eraseCommenter(
  db: Knex,
  request: {
    councilId: string;
    email: string;
    ground: ErasureGround;
    details: string;
    staff: { id: string; name: string };
    now: Date;
  },
): Promise<CommenterErasure> {
  return db.transaction(async (trx): Promise<CommenterErasure> => {
    const comments = await commentsByEmail(trx, request.councilId, request.email);
    if (comments.length === 0) return { ok: false, reason: 'not-found' };
    const ids = comments.map((row) => row.id);
    await trx('process_comments')
      .whereIn('id', ids)
      .update({ author_email: null, author_name: ERASED_NAME, updated_at: request.now.toISOString() });
    const id = await logErasure(
      trx,
      request,
      { applications: [], badges: [], comments: ids },
      { process_comments: ids.length },
    );
    return { ok: true, id, comments: ids.length };
  });
}

/**
 * Retention: forgets the email address of a member of the public `days` after their comment's thread was
 * settled (resolved or taken into a version), or after their comment was hidden, keeping the text and the
 * name shown with it. Held comments and open threads keep it: the council may still need to reply.
 * Returns how many comments it changed.
 */
export async function forgetCommenterEmails(trx: Knex.Transaction, days: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
  const due = (await trx('process_comments as c')
    .leftJoin('process_comments as o', 'o.id', 'c.parent_id')
    .whereNotNull('c.author_email')
    .where((when) => {
      when
        .where((settled) =>
          settled.whereNull('c.parent_id').whereNotNull('c.settled_at').where('c.settled_at', '<', cutoff),
        )
        .orWhere((settled) => settled.whereNotNull('o.settled_at').where('o.settled_at', '<', cutoff))
        .orWhere((hidden) =>
          hidden
            .where('c.visibility', 'hidden')
            .whereNotNull('c.moderated_at')
            .where('c.moderated_at', '<', cutoff),
        );
    })
    .select('c.id')) as Array<{ id: string }>;
  if (due.length === 0) return 0;
  return trx('process_comments')
    .whereIn(
      'id',
      due.map((row) => row.id),
    )
    .update({ author_email: null });
}

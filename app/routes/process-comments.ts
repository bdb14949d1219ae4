import express from 'express';
import type { Knex } from 'knex';
import {
  formatDate,
  validateFields,
  type Field,
  type FieldError,
  type Language,
} from '../../workflows/forms/fields';
import { localiseFields, type Translator } from '../../workflows/i18n/localise';
import { hasPermission, type Permission } from '../../workflows/permissions';
import { isWorkflowKind, WORKFLOWS, type WorkflowKind } from '../../workflows/registry';
import { todayInUk } from '../../workflows/rules/dates';
import type { Translations } from '../i18n';
import { requireStaff } from '../middleware/auth';
import { useLanguage } from '../middleware/language';
import {
  addComment,
  commentsUrl,
  exportComments,
  findComment,
  listThreads,
  moderate,
  moderationHistory,
  resolveTarget,
  setStatus,
  targetLabel,
  toCsv,
  COMMENT_STATUSES,
  type CommentRow,
  type CommentStatus,
  type CommentTarget,
} from '../services/process-comments';
import type { StaffUser } from '../services/staff';
import { publicCommentLimit, rateLimited, recordFailure } from '../services/rate-limits';
import { errorSummaryItems } from '../views/errors';

export const COMMENTS_NAMESPACE = 'processComments';

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** The comment form; members of the public also give a name and an email address (never shown). */
const BODY: Field = { kind: 'textarea', name: 'comment', maxLength: 2000 };
const PUBLIC_FIELDS: Field[] = [
  BODY,
  { kind: 'text', name: 'name', maxLength: 100, autocomplete: 'name' },
  { kind: 'text', name: 'email', maxLength: 254, autocomplete: 'email', spellcheck: false, pattern: EMAIL },
];

/** A reply from a member of the public: its words are in the locales under `replyForm` (English and Welsh). */
const PUBLIC_REPLY_FIELDS: Field[] = [
  { kind: 'textarea', name: 'reply', maxLength: 2000 },
  ...PUBLIC_FIELDS.slice(1),
];

/** Staff-only forms: English words in the definitions (the back office is English only). */
const REPLY_FIELDS: Field[] = [
  {
    kind: 'textarea',
    name: 'reply',
    maxLength: 2000,
    label: 'Reply',
    errors: { required: 'Enter your reply', tooLong: 'Reply must be 2,000 characters or fewer' },
  },
];
const STATUS_FIELDS: Field[] = [
  {
    kind: 'radios',
    name: 'status',
    label: 'Status',
    options: [
      { value: 'open', text: 'Open' },
      { value: 'resolved', text: 'Resolved' },
      { value: 'taken', text: 'Taken into a version of the process' },
    ],
    errors: { required: 'Select a status' },
  },
  {
    kind: 'text',
    name: 'version',
    label: 'Version',
    hint: 'The version of the workflow the idea was taken into, for example 2',
    width: '4',
    maxLength: 4,
    pattern: /^[1-9][0-9]{0,3}$/,
    when: { field: 'status', value: 'taken' },
    errors: {
      required: 'Enter the version the idea was taken into',
      pattern: 'Version must be a whole number, like 2',
      tooLong: 'Version must be a whole number, like 2',
    },
  },
];
const MODERATION_FIELDS: Field[] = [
  {
    kind: 'radios',
    name: 'action',
    label: 'Who can see this comment',
    options: [
      { value: 'show', text: 'Show it to everyone who can read comments' },
      { value: 'hide', text: 'Hide it' },
    ],
    errors: { required: 'Select whether to show or hide the comment' },
  },
  {
    kind: 'textarea',
    name: 'reason',
    label: 'Reason',
    hint: 'Needed to hide a comment: for example, it holds personal details',
    maxLength: 500,
    when: { field: 'action', value: 'hide' },
    errors: {
      required: 'Enter why you are hiding the comment',
      tooLong: 'Reason must be 500 characters or fewer',
    },
  },
];

interface Options {
  db: Knex;
  councilId: string;
  mountPath: string;
  translations: Translations;
  /** council.json processComments.public */
  publicComments: boolean;
  now: () => string;
}

/**
 * Comments on the process maps (/process/:workflow/comments): list and threads, a new comment, replies,
 * status, moderation and export. Staff who are signed in comment (`process:comment`) and team managers
 * moderate (`process:moderate`); with `processComments.public`, members of the public read the comments
 * shown and comment too, held until a team manager shows them. Link a state or a transition's comments with
 * `?state=<state path>&event=<EVENT>` (services/process-comments.ts `commentsUrl`).
 */
export function processCommentRoutes(options: Options): express.Router {
  const { db, councilId, mountPath } = options;
  const router = express.Router();
  const signedIn = requireStaff(db, mountPath);

  /** Signed-in staff are recognised (and their session checked) wherever they comment; others are public. */
  router.use((req, res, next) => {
    if (!req.session.staffUserId) return next();
    return signedIn(req, res, () => {
      // Staff pages are English only, as in the back office.
      useLanguage(req, res, options.translations, 'en');
      res.locals.englishOnly = true;
      next();
    });
  });

  const staffOf = (res: express.Response) => res.locals.staff as StaffUser | undefined;
  const may = (res: express.Response, permission: Permission) => {
    const staff = staffOf(res);
    return staff !== undefined && hasPermission(staff.role, permission);
  };
  /** Refuses staff without the permission (403), and everyone else with the sign-in page. */
  const refuse = (res: express.Response) =>
    staffOf(res) ? res.status(403).render('errors/403.njk') : res.redirect(303, `${mountPath}/staff/sign-in`);
  /** Reading and commenting: staff with process:comment, or anyone when public comments are on. */
  const mayRead = (res: express.Response) =>
    staffOf(res) ? may(res, 'process:comment') : options.publicComments;

  const workflowOf = (req: express.Request): WorkflowKind | undefined => {
    const { workflow } = req.params as Record<string, string>;
    return isWorkflowKind(workflow) ? workflow : undefined;
  };
  const baseUrl = (kind: WorkflowKind) => `${mountPath}/process/${kind}/comments`;
  const layoutOf = (res: express.Response) => (staffOf(res) ? 'layouts/staff.njk' : 'layouts/base.njk');
  const dateOf = (res: express.Response, at: string) =>
    formatDate(at.slice(0, 10), res.locals.lang as Language);
  const view = (res: express.Response, row: CommentRow) => ({
    ...row,
    date: dateOf(res, row.created_at),
    targetLabel: targetLabel(row),
    url: `${baseUrl(row.workflow_id as WorkflowKind)}/${row.parent_id ?? row.id}`,
  });
  const publicFields = (res: express.Response) =>
    localiseFields(PUBLIC_FIELDS, `${COMMENTS_NAMESPACE}:form`, res.locals.translator as Translator);
  const staffFields = (res: express.Response) => publicFields(res).slice(0, 1);
  /** Staff reply with the back office's English form; members of the public give a name and email too. */
  const replyFields = (res: express.Response) =>
    staffOf(res)
      ? REPLY_FIELDS
      : localiseFields(
          PUBLIC_REPLY_FIELDS,
          `${COMMENTS_NAMESPACE}:replyForm`,
          res.locals.translator as Translator,
        );

  /**
   * Members of the public: a few comments and replies an hour from one address, so the moderation queue
   * stays readable. Returns the seconds to wait when over the limit; counts this one otherwise.
   */
  const publicThrottle = async (req: express.Request): Promise<number | undefined> => {
    const who = req.ip ?? 'unknown';
    const at = new Date(options.now()).getTime();
    const throttled = await rateLimited(db, publicCommentLimit, who, at);
    if (throttled.limited) return Math.ceil(throttled.retryAfterMs / 1000);
    await recordFailure(db, publicCommentLimit, who, at);
    return undefined;
  };

  router.get('/:workflow/comments', async (req, res) => {
    const kind = workflowOf(req);
    if (!kind) return res.status(404).render('errors/404.njk');
    if (!mayRead(res)) return refuse(res);
    const target = resolveTarget(kind, req.query);
    if (!target) return res.status(404).render('errors/404.njk');
    const moderator = may(res, 'process:moderate');
    const threads = await listThreads(db, councilId, WORKFLOWS[kind].id, { target, moderator });
    res.render('process-comments/list.njk', {
      layout: layoutOf(res),
      kind,
      target,
      targetText: targetLabel(target),
      threads: threads.map((thread) => ({
        comment: view(res, thread.comment),
        replies: thread.replies.length,
      })),
      newUrl: commentsUrl(mountPath, kind, target).replace('/comments', '/comments/new'),
      allUrl: target.state ? baseUrl(kind) : undefined,
      exportUrl: moderator ? `${baseUrl(kind)}/export` : undefined,
      held: req.query.held === '1',
    });
  });

  const renderNew = (
    res: express.Response,
    kind: WorkflowKind,
    target: CommentTarget,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    res.status(status).render('process-comments/new.njk', {
      layout: layoutOf(res),
      kind,
      target,
      targetText: targetLabel(target),
      fields: staffOf(res) ? staffFields(res) : publicFields(res),
      values,
      errors,
      errorList: errorSummaryItems(errors),
      backLink: commentsUrl(mountPath, kind, target),
    });

  router.get('/:workflow/comments/new', (req, res) => {
    const kind = workflowOf(req);
    if (!kind) return res.status(404).render('errors/404.njk');
    if (!mayRead(res)) return refuse(res);
    const target = resolveTarget(kind, req.query);
    if (!target) return res.status(404).render('errors/404.njk');
    renderNew(res, kind, target, 200, {}, []);
  });

  router.post('/:workflow/comments/new', async (req, res) => {
    const kind = workflowOf(req);
    if (!kind) return res.status(404).render('errors/404.njk');
    if (!mayRead(res)) return refuse(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const target = resolveTarget(kind, body);
    const tr = res.locals.translator as Translator;
    if (!target) {
      const text = tr.t(`${COMMENTS_NAMESPACE}:form.unknownTarget`);
      return renderNew(res, kind, { state: null, event: null }, 400, {}, [
        { field: 'comment', href: '#comment', text },
      ]);
    }
    const staff = staffOf(res);
    const fields = staff ? staffFields(res) : publicFields(res);
    const { values, errors, raw } = validateFields(fields, body, todayInUk(new Date(options.now())));
    if (errors.length > 0) return renderNew(res, kind, target, 400, raw, errors);
    const wait = staff ? undefined : await publicThrottle(req);
    if (wait !== undefined) {
      res.set('Retry-After', String(wait));
      const text = tr.t(`${COMMENTS_NAMESPACE}:form.tooMany`);
      return renderNew(res, kind, target, 429, raw, [{ field: 'comment', href: '#comment', text }]);
    }
    const row = await addComment(db, {
      councilId,
      workflowId: WORKFLOWS[kind].id,
      target,
      body: values.comment,
      author: staff
        ? { type: 'staff', id: staff.id, name: staff.name }
        : { type: 'public', name: values.name, email: values.email },
      now: options.now(),
    });
    if (staff) return res.redirect(303, `${baseUrl(kind)}/${row.id}`);
    const back = commentsUrl(mountPath, kind, target);
    res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}held=1`);
  });

  router.get('/:workflow/comments/export', async (req, res) => {
    const kind = workflowOf(req);
    if (!kind) return res.status(404).render('errors/404.njk');
    if (!may(res, 'process:moderate')) return refuse(res);
    const comments = await exportComments(db, councilId, WORKFLOWS[kind].id);
    const name = `process-comments-${kind}`;
    if (req.query.format === 'json') {
      res.set('Content-Disposition', `attachment; filename="${name}.json"`);
      return res.json({ workflow: kind, currentVersion: WORKFLOWS[kind].version, comments });
    }
    if (req.query.format !== undefined && req.query.format !== 'csv') {
      return res.status(404).render('errors/404.njk');
    }
    res.set('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.type('text/csv; charset=utf-8').send(toCsv(comments));
  });

  /** The thread a comment opens (or belongs to), if this person may see it. */
  async function threadFor(req: express.Request, res: express.Response) {
    const kind = workflowOf(req);
    if (!kind) return undefined;
    const { id } = req.params as Record<string, string>;
    const found = await findComment(db, councilId, WORKFLOWS[kind].id, id);
    const moderator = may(res, 'process:moderate');
    if (!found || found.parent_id !== null || (!moderator && found.visibility !== 'visible'))
      return undefined;
    const replies = (await listThreads(db, councilId, WORKFLOWS[kind].id, { moderator })).find(
      (thread) => thread.comment.id === found.id,
    )!.replies;
    // Team managers see who moderated what in this thread (the audit, services/process-comments.ts).
    const history = moderator
      ? await moderationHistory(db, [found.id, ...replies.map((reply) => reply.id)])
      : [];
    return { kind, comment: found, replies, moderator, history };
  }

  type Forms = Partial<
    Record<'reply' | 'status' | 'moderation', { values: Record<string, string>; errors: FieldError[] }>
  > & { held?: boolean };
  const renderThread = (
    res: express.Response,
    thread: NonNullable<Awaited<ReturnType<typeof threadFor>>>,
    status: number,
    forms: Forms,
  ) => {
    const errors = [
      ...(forms.reply?.errors ?? []),
      ...(forms.status?.errors ?? []),
      ...(forms.moderation?.errors ?? []),
    ];
    const url = `${baseUrl(thread.kind)}/${thread.comment.id}`;
    res.status(status).render('process-comments/thread.njk', {
      layout: layoutOf(res),
      kind: thread.kind,
      comment: view(res, thread.comment),
      replies: thread.replies.map((reply) => view(res, reply)),
      url,
      backLink: commentsUrl(mountPath, thread.kind, thread.comment),
      canReply: mayRead(res),
      publicReply: !staffOf(res),
      held: forms.held === true,
      moderator: thread.moderator,
      replyFields: replyFields(res),
      statusFields: STATUS_FIELDS,
      moderationFields: MODERATION_FIELDS,
      reply: forms.reply ?? { values: {}, errors: [] },
      statusForm: forms.status ?? {
        values: {
          status: thread.comment.status,
          version: thread.comment.taken_into_version ? String(thread.comment.taken_into_version) : '',
        },
        errors: [],
      },
      moderation: forms.moderation ?? { values: {}, errors: [] },
      history: thread.history.map((entry) => ({
        ...entry,
        date: dateOf(res, entry.at),
        time: entry.at.slice(11, 16),
        isReply: entry.commentId !== thread.comment.id,
      })),
      errorList: errorSummaryItems(errors),
    });
  };

  router.get('/:workflow/comments/:id', async (req, res) => {
    if (!workflowOf(req)) return res.status(404).render('errors/404.njk');
    if (!mayRead(res)) return refuse(res);
    const thread = await threadFor(req, res);
    if (!thread) return res.status(404).render('errors/404.njk');
    renderThread(res, thread, 200, { held: req.query.held === '1' });
  });

  /** A staff form on a thread: checks the permission and the thread, validates, then `act`s and goes back. */
  const threadForm =
    (
      permission: Permission,
      form: keyof Forms,
      fields: Field[],
      act: (
        thread: NonNullable<Awaited<ReturnType<typeof threadFor>>>,
        values: Record<string, string>,
        staff: StaffUser,
      ) => Promise<void>,
    ): express.RequestHandler =>
    async (req, res) => {
      if (!workflowOf(req)) return res.status(404).render('errors/404.njk');
      if (!may(res, permission)) return refuse(res);
      const thread = await threadFor(req, res);
      if (!thread) return res.status(404).render('errors/404.njk');
      const { values, errors, raw } = validateFields(
        fields,
        req.body ?? {},
        todayInUk(new Date(options.now())),
      );
      if (errors.length > 0) return renderThread(res, thread, 400, { [form]: { values: raw, errors } });
      await act(thread, values, staffOf(res)!);
      res.redirect(303, `${baseUrl(thread.kind)}/${thread.comment.id}`);
    };

  /**
   * A reply: staff with process:comment, or a member of the public when public comments are on (with a name
   * and an email address, held until a team manager shows it, and rate limited as public comments are).
   */
  router.post('/:workflow/comments/:id/reply', async (req, res) => {
    if (!workflowOf(req)) return res.status(404).render('errors/404.njk');
    if (!mayRead(res)) return refuse(res);
    const thread = await threadFor(req, res);
    if (!thread) return res.status(404).render('errors/404.njk');
    const staff = staffOf(res);
    const { values, errors, raw } = validateFields(
      replyFields(res),
      req.body ?? {},
      todayInUk(new Date(options.now())),
    );
    if (errors.length > 0) return renderThread(res, thread, 400, { reply: { values: raw, errors } });
    const wait = staff ? undefined : await publicThrottle(req);
    if (wait !== undefined) {
      res.set('Retry-After', String(wait));
      const text = (res.locals.translator as Translator).t(`${COMMENTS_NAMESPACE}:form.tooMany`);
      return renderThread(res, thread, 429, {
        reply: { values: raw, errors: [{ field: 'reply', href: '#reply', text }] },
      });
    }
    await addComment(db, {
      councilId,
      workflowId: thread.comment.workflow_id,
      target: thread.comment,
      parentId: thread.comment.id,
      body: values.reply,
      author: staff
        ? { type: 'staff', id: staff.id, name: staff.name }
        : { type: 'public', name: values.name, email: values.email },
      now: options.now(),
    });
    const url = `${baseUrl(thread.kind)}/${thread.comment.id}`;
    res.redirect(303, staff ? url : `${url}?held=1`);
  });

  router.post(
    '/:workflow/comments/:id/status',
    threadForm('process:moderate', 'status', STATUS_FIELDS, async (thread, values, staff) => {
      const status = values.status as CommentStatus;
      if (!COMMENT_STATUSES.includes(status)) throw new Error(`status ${status}`);
      await setStatus(
        db,
        thread.comment,
        status,
        status === 'taken' ? Number(values.version) : null,
        staff,
        options.now(),
      );
    }),
  );

  const moderation = (values: Record<string, string>) => {
    const action = values.action === 'hide' ? 'hide' : 'show';
    return { action, reason: action === 'hide' ? values.reason : '' } as const;
  };

  router.post(
    '/:workflow/comments/:id/moderate',
    threadForm('process:moderate', 'moderation', MODERATION_FIELDS, async (thread, values, staff) => {
      const { action, reason } = moderation(values);
      await moderate(db, thread.comment, action, reason, staff, options.now());
    }),
  );

  /** A reply in a thread, for a team manager to show or hide it (a public reply is held until shown). */
  async function replyFor(req: express.Request, res: express.Response) {
    const thread = await threadFor(req, res);
    const { replyId } = req.params as Record<string, string>;
    const reply = thread?.replies.find((candidate) => candidate.id === replyId);
    return thread && reply ? { thread, reply } : undefined;
  }

  const renderModerateReply = (
    res: express.Response,
    found: NonNullable<Awaited<ReturnType<typeof replyFor>>>,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const threadUrl = `${baseUrl(found.thread.kind)}/${found.thread.comment.id}`;
    res.status(status).render('process-comments/moderate-reply.njk', {
      layout: layoutOf(res),
      kind: found.thread.kind,
      reply: view(res, found.reply),
      url: `${threadUrl}/replies/${found.reply.id}/moderate`,
      backLink: threadUrl,
      fields: MODERATION_FIELDS,
      values,
      errors,
      errorList: errorSummaryItems(errors),
    });
  };

  router.get('/:workflow/comments/:id/replies/:replyId/moderate', async (req, res) => {
    if (!workflowOf(req)) return res.status(404).render('errors/404.njk');
    if (!may(res, 'process:moderate')) return refuse(res);
    const found = await replyFor(req, res);
    if (!found) return res.status(404).render('errors/404.njk');
    renderModerateReply(res, found, 200, {}, []);
  });

  router.post('/:workflow/comments/:id/replies/:replyId/moderate', async (req, res) => {
    if (!workflowOf(req)) return res.status(404).render('errors/404.njk');
    if (!may(res, 'process:moderate')) return refuse(res);
    const found = await replyFor(req, res);
    if (!found) return res.status(404).render('errors/404.njk');
    const { values, errors, raw } = validateFields(
      MODERATION_FIELDS,
      req.body ?? {},
      todayInUk(new Date(options.now())),
    );
    if (errors.length > 0) return renderModerateReply(res, found, 400, raw, errors);
    const { action, reason } = moderation(values);
    await moderate(db, found.reply, action, reason, staffOf(res)!, options.now());
    res.redirect(303, `${baseUrl(found.thread.kind)}/${found.thread.comment.id}`);
  });

  return router;
}

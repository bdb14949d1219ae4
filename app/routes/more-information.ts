import express from 'express';
import type { Knex } from 'knex';
import type { CaseContext } from '../../workflows/case/machine';
import { openRequest } from '../../workflows/case/machine';
import { formatDate, validateFields, type Field, type Language } from '../../workflows/forms/fields';
import { localiseFields, type Translator } from '../../workflows/i18n/localise';
import { MAX_FILES_PER_SECTION, type UploadSection } from '../../workflows/journey/pages';
import { todayInUk } from '../../workflows/rules/dates';
import type { WorkflowStore } from '../engine/workflow-store';
import { findReplyLink, REPLY_PATH } from '../services/information-requests';
import { checkFile, fileDetails, type EvidenceStore, type UploadProblem } from '../uploads/evidence';
import { errorSummaryItems } from '../views/errors';

/** Files sent with a reply: evidence of the request they answer (its id is the instance). */
export const REPLY_EVIDENCE_KIND = 'information-request';
const REPLY_SECTION: UploadSection = { evidenceType: 'SUPPORT_DOCS', accept: 'documents', required: false };
const REPLY_FIELDS: Field[] = [{ kind: 'textarea', name: 'reply', maxLength: 2000 }];
const WORDS = 'progress:moreInformation';
/** The confirmation a sent reply redirects to (post/redirect/get): no token in it, nothing to re-send. */
export const REPLY_SENT_PATH = `${REPLY_PATH}/sent`;

declare module 'express-session' {
  interface SessionData {
    /** The case a reply was just sent for, shown on the confirmation: its reference only. */
    informationReplySent?: { reference: string };
  }
}

/**
 * Replying to a request for more information (/more-information/<token>): the link in the email is the
 * only key, good for one request while the case waits for it. The applicant reads what is needed,
 * uploads files (checked as any evidence) and sends a reply, which moves the case back to its officer.
 */
export function moreInformationRoutes(options: {
  db: Knex;
  store: WorkflowStore;
  evidence: EvidenceStore;
  councilName: string;
  mountPath: string;
}): express.Router {
  const { db, store, evidence } = options;
  const router = express.Router();

  /** The open request a token answers, or undefined (unknown, used, or the case has moved on). */
  async function openFor(token: string) {
    const link = await findReplyLink(db, token);
    if (!link) return undefined;
    const found = await store.load('case', link.caseId);
    if (!found || !found.snapshot.matches('awaitingInformation')) return undefined;
    const context = found.snapshot.context as CaseContext;
    const request = openRequest(context);
    return request?.id === link.requestId ? { found, context, request } : undefined;
  }

  const invalid = (res: express.Response) =>
    res.status(404).render('more-information/invalid.njk', { councilName: options.councilName });

  async function render(
    res: express.Response,
    token: string,
    open: NonNullable<Awaited<ReturnType<typeof openFor>>>,
    state: { values: Record<string, string>; errors: ReturnType<typeof validateFields>['errors'] },
    status = state.errors.length > 0 ? 400 : 200,
  ) {
    const tr = res.locals.translator as Translator;
    const language = res.locals.lang as Language;
    const files = await evidence.list(REPLY_EVIDENCE_KIND, open.request.id);
    res.status(status).render('more-information/reply.njk', {
      token,
      reference: open.context.reference,
      request: open.request,
      dueDate: formatDate(open.request.dueDate, language),
      files: files.map((file) => ({
        name: file.original_name,
        details: fileDetails(file.content_type, file.size_bytes, language),
      })),
      fields: localiseFields(REPLY_FIELDS, WORDS, tr),
      values: state.values,
      errors: state.errors,
      errorList: errorSummaryItems(state.errors),
    });
  }

  // Before '/:token'. Only the reference, from this browser's own session: the link is used up, so the
  // confirmation neither needs nor shows it, and refreshing it sends nothing again.
  router.get('/sent', (req, res) => {
    const sent = req.session.informationReplySent;
    if (!sent) return res.status(404).render('errors/404.njk');
    res.render('more-information/sent.njk', { reference: sent.reference });
  });

  router.get('/:token', async (req, res) => {
    const open = await openFor(req.params.token);
    if (!open) return invalid(res);
    await render(res, req.params.token, open, { values: {}, errors: [] });
  });

  // A file, checked by its content like any evidence (app/uploads/), kept with the request it answers.
  router.post('/:token/upload', async (req, res) => {
    const open = await openFor(req.params.token);
    if (!open) return invalid(res);
    const tr = res.locals.translator as Translator;
    const refuse = (problem: UploadProblem) =>
      render(res, req.params.token, open, {
        values: {},
        errors: [
          {
            field: 'file',
            href: '#file',
            text: tr.t(`common:upload.errors.${problem === 'wrongType' ? 'wrongTypeDocuments' : problem}`),
          },
        ],
      });
    const file =
      req.upload && (req.upload.filename !== '' || req.upload.content.length > 0 || req.upload.tooBig)
        ? req.upload
        : undefined;
    if (!file) return refuse('required');
    const files = await evidence.list(REPLY_EVIDENCE_KIND, open.request.id);
    if (files.length >= MAX_FILES_PER_SECTION) return refuse('tooMany');
    const checked = await checkFile(file, REPLY_SECTION);
    if (!checked.ok) return refuse(checked.problem);
    await evidence.save({
      kind: REPLY_EVIDENCE_KIND,
      instanceId: open.request.id,
      section: REPLY_SECTION.evidenceType,
      uploadedName: file.filename,
      content: file.content,
      checked: checked.file,
      now: store.now(),
    });
    res.redirect(303, `${options.mountPath}${REPLY_PATH}/${req.params.token}`);
  });

  router.post('/:token', async (req, res) => {
    const open = await openFor(req.params.token);
    if (!open) return invalid(res);
    const today = todayInUk(new Date(store.now()));
    const result = validateFields(
      localiseFields(REPLY_FIELDS, WORDS, res.locals.translator as Translator),
      (req.body ?? {}) as Record<string, unknown>,
      today,
    );
    if (result.errors.length > 0)
      return render(res, req.params.token, open, { values: result.raw, errors: result.errors });
    const sent = await store.send(
      'case',
      open.found.row.id,
      { type: 'INFORMATION_RECEIVED', reply: result.values.reply, today },
      { type: 'citizen', language: res.locals.lang as Language },
      { expectedRevision: open.found.row.revision },
    );
    // Anything else (the due date passed a moment ago, a second tab) leaves nothing half-done.
    if (!sent.ok) return invalid(res);
    req.session.informationReplySent = { reference: open.context.reference };
    res.redirect(303, `${options.mountPath}${REPLY_SENT_PATH}`);
  });

  return router;
}

import express from 'express';
import type { Knex } from 'knex';
import { validateFields, type Field, type FieldError } from '../../workflows/forms/fields';
import { localiseFields, type Translator } from '../../workflows/i18n/localise';
import type { WorkflowKind } from '../../workflows/registry';
import { regenerateSession } from '../middleware/session';
import {
  rateLimited,
  recordFailure,
  savedReturnAddressLimit,
  savedReturnEmailLimit,
} from '../services/rate-limits';
import {
  normaliseCode,
  type SavedApplicationRow,
  type SavedApplications,
} from '../services/saved-applications';
import { renderFormPage } from '../views/form-page';
import { EMAIL_FIELDS, SAVE_RETURN_NAMESPACE, tooManyError } from './save-for-later';

/** Where each resident journey lives and which session key binds a person to its instance. */
const JOURNEYS: Partial<
  Record<WorkflowKind, { path: string; sessionKey: 'applicationId' | 'replacementId' }>
> = {
  application: { path: 'apply', sessionKey: 'applicationId' },
  replacement: { path: 'replace', sessionKey: 'replacementId' },
};

const RETURN_FIELDS: Field[] = [
  ...EMAIL_FIELDS,
  {
    kind: 'text',
    name: 'code',
    width: '10',
    maxLength: 20,
    spellcheck: false,
    autocomplete: 'off',
    normalise: normaliseCode,
    pattern: /^[A-Z0-9]{8}$/,
  },
];

/**
 * "Return to a saved application" (/return): with the emailed link (`/return/link?token=…`, a page whose
 * button uses it, so an email scanner fetching the link does not use it up) or with the email address and
 * the code. Either puts the applicant, in a new session, back on the page they saved from. Wrong, used and
 * expired codes all get the one answer, so the form never tells whether an address has anything saved;
 * failures are limited per network address and per email address (rate-limits.ts).
 */
export function returnRoutes(options: {
  db: Knex;
  saved: SavedApplications;
  mountPath: string;
  now: () => string;
}): express.Router {
  const { db, saved, mountPath } = options;
  const router = express.Router();
  const fieldsFor = (res: express.Response) =>
    localiseFields(RETURN_FIELDS, `${SAVE_RETURN_NAMESPACE}:return`, res.locals.translator as Translator);
  const renderForm = (
    res: express.Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) => renderFormPage(res, 'save-return/return.njk', { status, fields: fieldsFor(res), values, errors });
  const addressOf = (req: express.Request) => req.ip ?? 'unknown';

  /** The applicant's new session, bound to the saved draft, in the language they saved in; then their page. */
  async function restore(req: express.Request, res: express.Response, row: SavedApplicationRow) {
    const journey = JOURNEYS[row.workflow_kind]!;
    await regenerateSession(req);
    req.session[journey.sessionKey] = row.application_id;
    req.session.lang = row.language;
    res.redirect(303, `${mountPath}/${journey.path}/${row.page_path}`);
  }

  /** Whether the save can be used now, using it up if so. */
  async function usable(row: SavedApplicationRow | undefined) {
    if (!row || !JOURNEYS[row.workflow_kind]) return 'invalid' as const;
    const status = await saved.status(row, options.now());
    if (status !== 'ready') return status;
    return (await saved.use(row, options.now())) ? ('ready' as const) : ('used' as const);
  }

  router.get('/', (_req, res) => renderForm(res, 200, {}, []));

  router.post('/', async (req, res) => {
    const nowMs = new Date(options.now()).getTime();
    const { values, errors, raw } = validateFields(fieldsFor(res), req.body ?? {}, '');
    const emailKey = values.email ? saved.emailKey(values.email) : undefined;
    for (const [limit, who] of [
      [savedReturnAddressLimit, addressOf(req)],
      [savedReturnEmailLimit, emailKey],
    ] as const) {
      if (!who) continue;
      const throttled = await rateLimited(db, limit, who, nowMs);
      if (throttled.limited) {
        const error = tooManyError(res, 'return.tooMany', throttled.retryAfterMs, 'code');
        return renderForm(res, 429, { email: raw.email ?? '' }, [error]);
      }
    }
    if (errors.length > 0) return renderForm(res, 400, raw, errors);

    const row = await saved.findByCode(values.email, values.code);
    if ((await usable(row)) === 'ready') return restore(req, res, row!);
    await recordFailure(db, savedReturnAddressLimit, addressOf(req), nowMs);
    await recordFailure(db, savedReturnEmailLimit, emailKey!, nowMs);
    // The same words, whichever was wrong: the email address, the code, or its having been used or expired.
    const text = (res.locals.translator as Translator).t(`${SAVE_RETURN_NAMESPACE}:return.noMatch`, {
      days: saved.draftDays,
    });
    return renderForm(res, 400, { email: raw.email ?? '' }, [{ field: 'code', href: '#code', text }]);
  });

  /** The link: a page with a button, or, for a link that cannot be used, why, said plainly. */
  async function link(req: express.Request, res: express.Response, use: boolean) {
    const nowMs = new Date(options.now()).getTime();
    const throttled = await rateLimited(db, savedReturnAddressLimit, addressOf(req), nowMs);
    if (throttled.limited) {
      res.set('Retry-After', String(Math.ceil(throttled.retryAfterMs / 1000)));
      return res.status(429).render('save-return/link-refused.njk', { reason: 'tooMany' });
    }
    const source = use ? (req.body as Record<string, unknown> | undefined)?.token : req.query.token;
    const token = typeof source === 'string' && /^[A-Za-z0-9_-]{43}$/.test(source) ? source : undefined;
    const row = token ? await saved.findByToken(token) : undefined;
    const status = use ? await usable(row) : !row ? 'invalid' : await saved.status(row, options.now());
    if (status === 'ready' && use) return restore(req, res, row!);
    if (status === 'ready') return res.render('save-return/link.njk', { token });
    await recordFailure(db, savedReturnAddressLimit, addressOf(req), nowMs);
    res.status(status === 'invalid' ? 404 : 410).render('save-return/link-refused.njk', {
      reason: status,
      days: saved.draftDays,
    });
  }
  router.get('/link', (req, res) => link(req, res, false));
  router.post('/link', (req, res) => link(req, res, true));

  return router;
}
